// What every step builder shares: a draft step timed on performance.now() (the one clock the connector's tap, the
// DNS engine and the capture all use), turned into WalkSteps on the walkthrough's clock with ids and durations.
import type { Span } from '../../shared/dissect/span'
import type { WalkField, WalkLane, WalkStep } from '../../shared/walkthrough/model'

/** A step before the clock is applied: `at` is performance.now(); `durationMs` when the step knows its own length. */
export type StepDraft = Omit<WalkStep, 'id' | 'startMs' | 'durationMs' | 'direction'> & {
  at: number
  durationMs?: number
  direction?: string
  /** Wire order among steps at the same instant (a TLS record's index): one read can carry a whole flight. */
  seq?: number
  /** The client port of the TCP connection a tcp-connect or segment step belongs to (lines the two clocks up). */
  connection?: number
}

/** Most bytes one step carries as hex (a big response body is cut; the step says so). */
export const STEP_BYTES = 256 * 1024
/** Most steps in one walkthrough (a large download is thousands of segments and records). */
export const MAX_STEPS = 4000

export function hex(bytes: Uint8Array, max = STEP_BYTES): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, max)).toString('hex')
}

export function directionOf(from: WalkLane, to: WalkLane): string {
  return from === to ? 'local' : `${from}→${to}`
}

/** The CLI's flat form: every span depth-first, with its explanation (or its value) in words. */
export function flattenFields(spans: readonly Span[], out: WalkField[] = [], depth = 0): WalkField[] {
  if (depth > 64) return out
  for (const s of spans) {
    out.push({ name: s.name, offset: s.offset, length: s.length, value: s.value ?? '', explain: s.explain ?? '' })
    if (s.children) flattenFields(s.children, out, depth + 1)
  }
  return out
}

/**
 * Packet steps carry the kernel's capture times, socket steps the times JS saw; JS learns of connect() a little after
 * the kernel sent the SYN, so the SYN could sort before the connect step that caused it. A tcp-connect step therefore
 * starts no later than its connection's first segment, and still ends when connect() returned.
 */
function alignConnects(drafts: StepDraft[]): StepDraft[] {
  const first = new Map<number, number>()
  for (const d of drafts) if (d.connection !== undefined && d.kind !== 'tcp-connect') first.set(d.connection, Math.min(first.get(d.connection) ?? Infinity, d.at))
  if (!first.size) return drafts
  return drafts.map((d) => {
    const syn = d.kind === 'tcp-connect' && d.connection !== undefined ? first.get(d.connection) : undefined
    if (syn === undefined || syn >= d.at) return d
    // seq -1: at the same instant as the SYN, the connect step that caused it comes first.
    return { ...d, at: syn, seq: -1, ...(d.durationMs === undefined ? {} : { durationMs: d.durationMs + (d.at - syn) }) }
  })
}

const round = (ms: number): number => Math.round(ms * 100) / 100

/**
 * Sorts the drafts by time, numbers them and puts them on the walkthrough's clock (ms since `zero`). A step without
 * its own duration lasts until the next step that is not at the same instant (what happened next), the last one 0.
 */
export function finalizeSteps(drafts: StepDraft[], zero: number): WalkStep[] {
  const sorted = alignConnects(drafts)
    .map((d, i) => ({ d, i }))
    .sort((a, b) => a.d.at - b.d.at || (a.d.seq ?? Infinity) - (b.d.seq ?? Infinity) || a.i - b.i)
    .map((x) => x.d)
    .slice(0, MAX_STEPS)
  return sorted.map((d, i) => {
    const { at, durationMs, direction, seq: _seq, connection: _connection, ...rest } = d
    let next = at
    for (let j = i + 1; j < sorted.length; j++) {
      if (sorted[j]!.at > at) {
        next = sorted[j]!.at
        break
      }
    }
    return {
      ...rest,
      id: `s${i + 1}`,
      startMs: round(Math.max(0, at - zero)),
      durationMs: round(Math.max(0, durationMs ?? next - at)),
      direction: direction ?? directionOf(d.from, d.to)
    }
  })
}
