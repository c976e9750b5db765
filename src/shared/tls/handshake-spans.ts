// The small toolkit the handshake parsers share: a span maker that counts against a budget, findings with the
// RFC they come from, and the caps that keep a hostile message from building an unbounded tree.
import { ByteReader, toHex } from '../bytes'
import type { Span } from '../dissect/span'
import { SpanBudget } from '../dissect/span'
import type { Finding } from '../findings'

/** Caps on lists inside one handshake message (real peers stay far below them). */
export const HANDSHAKE_LIMITS = { listItems: 2048, extensions: 256, certificates: 64, messages: 4096 } as const

export class SpanMaker {
  readonly findings: Finding[] = []
  readonly budget: SpanBudget

  constructor(
    readonly bytes: Uint8Array,
    budget?: SpanBudget
  ) {
    this.budget = budget ?? new SpanBudget()
  }

  /** A span, or a plain one without children once the budget is spent (the tree stops growing, the bytes stay). */
  span(offset: number, length: number, name: string, value?: string, explain?: string, children?: Span[]): Span {
    const s: Span = { offset, length, name }
    if (value !== undefined) s.value = value
    if (explain) s.explain = explain
    // Every span counts; once the budget is spent a span keeps its bytes but loses its children.
    if (this.budget.take() && children?.length) s.children = children
    return s
  }

  /** True while more spans may be made; list loops stop when it is false. */
  get room(): boolean {
    return !this.budget.exhausted && this.budget.count < this.budget.maxSpans
  }

  find(severity: Finding['severity'], code: string, message: string, source?: string, at?: { offset: number; length: number }): void {
    if (this.findings.length >= 200) return
    const f: Finding = { severity, code, message }
    if (source) f.source = source
    if (at) f.span = { offset: at.offset, length: at.length }
    this.findings.push(f)
  }

  hex(offset: number, length: number, max = 32): string {
    const shown = this.bytes.subarray(offset, offset + Math.min(length, max))
    return toHex(shown, '') + (length > max ? `… (${length} bytes)` : '')
  }
}

/** Runs a parser over a reader; a cut-off field becomes a TRUNCATED finding with what was read kept. */
export function guarded(maker: SpanMaker, what: string, source: string, at: { offset: number; length: number }, run: () => void): void {
  try {
    run()
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err)
    maker.find('error', 'TRUNCATED', `${what} is cut off or malformed: ${message}`, source, at)
  }
}

/** A length-prefixed vector: the length field's span and a reader over exactly its contents (clamped to what exists). */
export function vector(r: ByteReader, prefix: 1 | 2 | 3, maker: SpanMaker, name: string, source: string): { lengthSpan: Span; body: ByteReader; start: number; length: number } {
  const at = r.pos
  const declared = prefix === 1 ? r.u8(name) : prefix === 2 ? r.u16(name) : r.u24(name)
  const lengthSpan = maker.span(at, prefix, `${name} length`, String(declared))
  const available = Math.min(declared, r.remaining)
  if (available < declared) {
    maker.find('error', 'TRUNCATED', `${name} declares ${declared} bytes but only ${available} follow.`, source, { offset: at, length: prefix + available })
  }
  const body = r.sub(available, name)
  return { lengthSpan, body, start: at + prefix, length: available }
}

export const u16Hex = (v: number): string => `0x${v.toString(16).padStart(4, '0')}`
