// The shared model of annotated bytes: a dissector cuts one byte array into a tree of labelled spans (offsets
// absolute in that array), so DNS, HTTP, TLS and ASN.1 are all shown by the same hex view and tree.
import type { Finding } from '../findings'

export interface Span {
  offset: number
  /** Whole length, framing included. */
  length: number
  /** What the bytes are: "SEQUENCE", "Record header", "Handshake: Certificate". */
  name: string
  /** Their value in words: an OID with its name, a version, a length. */
  value?: string
  /** A longer explanation for a tooltip or a side panel. */
  explain?: string
  /** Leading bytes that are framing (tag and length, a record header), shown darker than the content. */
  headerLength?: number
  children?: Span[]
}

export interface Dissection {
  spans: Span[]
  findings: Finding[]
  /** Number of spans made; when a limit cut the tree short a finding says so too. */
  spanCount: number
}

export interface DissectOptions {
  /** Stop adding spans after this many (hostile input). */
  maxSpans?: number
  /** Do not nest deeper than this. */
  maxDepth?: number
}

export const DISSECT_LIMITS = { maxSpans: 10_000, maxDepth: 64 } as const

/** Reads bytes leniently: what could be read becomes spans, what could not becomes a finding; it never throws. */
export type Dissector = (bytes: Uint8Array, options?: DissectOptions) => Dissection

export const spanEnd = (s: Span): number => s.offset + s.length

/** The span at a path of child indexes (the first index picks among the top-level spans). */
export function spanAtPath(spans: readonly Span[], path: readonly number[]): Span | undefined {
  let list: readonly Span[] | undefined = spans
  let found: Span | undefined
  for (const i of path) {
    found = list?.[i]
    if (!found) return undefined
    list = found.children
  }
  return found
}

/** The path of the innermost span that holds byte `offset`, or undefined when no span does. */
export function innermostAt(spans: readonly Span[], offset: number): number[] | undefined {
  const path: number[] = []
  let list: readonly Span[] | undefined = spans
  while (list?.length) {
    const i = list.findIndex((s) => offset >= s.offset && offset < spanEnd(s))
    if (i < 0) break
    path.push(i)
    list = list[i]!.children
  }
  return path.length ? path : undefined
}

/** Counts spans so a dissector can stop at the limit instead of building an unbounded tree. */
export class SpanBudget {
  count = 0
  exhausted = false
  readonly maxSpans: number
  readonly maxDepth: number

  constructor(options: DissectOptions = {}) {
    this.maxSpans = options.maxSpans ?? DISSECT_LIMITS.maxSpans
    this.maxDepth = options.maxDepth ?? DISSECT_LIMITS.maxDepth
  }

  /** True when one more span may be added (and counts it). */
  take(): boolean {
    if (this.count >= this.maxSpans) {
      this.exhausted = true
      return false
    }
    this.count++
    return true
  }

  /** The finding to add when the limit cut the tree short. */
  finding(): Finding[] {
    return this.exhausted
      ? [{ severity: 'warning', code: 'SPAN_LIMIT', message: `Only the first ${this.maxSpans.toLocaleString('en-US')} fields are shown; the rest were left out.` }]
      : []
  }
}
