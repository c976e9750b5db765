// A step's detail (its bytes as hex, their spans, the record as on the wire: nearly all of a walkthrough's size) crosses
// from the analysis worker as one JSON text per step, and main parses a step's text only when something reads it: the
// page's summary never does (held.ts), walk.step parses the one step shown, `walk --json` and the exports read them
// all. Decoding every step's spans when the reply arrived cost main's event loop ~0.4 ms for a 16-step walk, after the
// last response byte (a string crosses threads as one copy); the content is the same, only decoded later.
import type { Span } from '../../shared/dissect/span'
import type { WalkStep } from '../../shared/walkthrough/model'

interface Detail {
  bytesHex: string
  spans: Span[]
  wireHex?: string
}

/** Steps without their detail (placeholders keep each field's place), and each step's detail as JSON text. */
export interface PackedSteps {
  steps: WalkStep[]
  details: string[]
  /** Each step's byte count (its bytesHex's length / 2) and whether it has no detail at all, for summaries that must not decode. */
  byteLengths: number[]
  empties: boolean[]
}

const detailOf = (s: Detail): Detail => ({ bytesHex: s.bytesHex, spans: s.spans, ...(s.wireHex === undefined ? {} : { wireHex: s.wireHex }) })

/** Details packed ahead (the handshake messages in clear a live walk's prime parsed, steps-tls.ts primeTls), by their
 * spans array, with what they hold. */
const prepacked = new WeakMap<Span[], { bytesHex: string; wireHex: string | undefined; json: string }>()

/** Packs a step's (or a draft's) detail ahead of time; packSteps uses the text when the step holds the same detail. */
export function prepackDetail(s: Detail): void {
  if (!prepacked.has(s.spans)) prepacked.set(s.spans, { bytesHex: s.bytesHex, wireHex: s.wireHex, json: JSON.stringify(detailOf(s)) })
}

/** In the worker: splits every step's detail off as JSON text (spans are plain data: strings and finite numbers). */
export function packSteps(steps: WalkStep[]): PackedSteps {
  const details: string[] = []
  const byteLengths: number[] = []
  const empties: boolean[] = []
  const light = steps.map((s) => {
    const ahead = prepacked.get(s.spans)
    details.push(ahead && ahead.bytesHex === s.bytesHex && ahead.wireHex === s.wireHex ? ahead.json : JSON.stringify(detailOf(s)))
    byteLengths.push(s.bytesHex.length >> 1)
    empties.push(!s.bytesHex && !s.wireHex && s.spans.length === 0)
    return { ...s, bytesHex: '', spans: [], ...(s.wireHex === undefined ? {} : { wireHex: '' }) }
  })
  return { steps: light, details, byteLengths, empties }
}

const ENCODED = Symbol('walk step detail still encoded')

/** A step whose detail may still be encoded: what a summary needs is kept beside it. */
type LazyStep = WalkStep & { [ENCODED]?: { byteLength: number; empty: boolean } }

/** On main: the steps with their detail decoded on first read (each step on its own), then kept as plain fields. */
export function unpackSteps(p: PackedSteps): WalkStep[] {
  return p.steps.map((light, i) => {
    const step: LazyStep = { ...light }
    const fields = ['bytesHex', 'spans', ...('wireHex' in light ? ['wireHex' as const] : [])] as const
    let decoded = false
    const decode = (): void => {
      if (decoded) return
      decoded = true
      const d = JSON.parse(p.details[i]!) as Detail
      for (const field of fields) Object.defineProperty(step, field, { value: d[field], writable: true, enumerable: true, configurable: true })
    }
    for (const field of fields) {
      // redefined in place, so each field keeps its position (JSON prints the same as before)
      Object.defineProperty(step, field, {
        enumerable: true,
        configurable: true,
        get() {
          decode()
          return step[field]
        },
        set(value: unknown) {
          decode()
          Object.defineProperty(step, field, { value, writable: true, enumerable: true, configurable: true })
        }
      })
    }
    const byteLength = p.byteLengths[i]!
    Object.defineProperty(step, ENCODED, { value: { byteLength, empty: p.empties[i] === true }, enumerable: false })
    return step
  })
}

/**
 * The step as the page first gets it (held.ts summaryStep) when its detail is still encoded, without decoding it;
 * null when it was decoded (or is a plain step): then the step's own fields say it.
 */
export function encodedSummary(s: WalkStep): WalkStep | null {
  const meta = (s as LazyStep)[ENCODED]
  if (!meta || !Object.getOwnPropertyDescriptor(s, 'bytesHex')?.get) return null
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(s)) {
    if (key === 'wireHex') continue
    out[key] = key === 'bytesHex' ? '' : key === 'spans' ? [] : (s as unknown as Record<string, unknown>)[key]
  }
  const light = out as unknown as WalkStep
  return meta.empty ? light : { ...light, byteLength: meta.byteLength, hasDetail: true }
}
