// Small bounds-checked readers and a span builder shared by the packet dissectors (link, IP, TCP/UDP): captured
// packets are hostile input, so every read is checked against the captured length before it is made.
import type { Span } from '../dissect/span'
import type { Finding } from '../findings'

export const u8 = (b: Uint8Array, o: number): number => b[o] ?? 0
export const u16 = (b: Uint8Array, o: number): number => (u8(b, o) << 8) | u8(b, o + 1)
export const u32 = (b: Uint8Array, o: number): number => u16(b, o) * 65536 + u16(b, o + 2)
export const u16le = (b: Uint8Array, o: number): number => u8(b, o) | (u8(b, o + 1) << 8)
export const u32le = (b: Uint8Array, o: number): number => u16le(b, o) + u16le(b, o + 2) * 65536

export const hex = (v: number, digits = 4): string => `0x${v.toString(16).padStart(digits, '0')}`

export function field(offset: number, length: number, name: string, value: string, explain?: string, children?: Span[]): Span {
  const s: Span = { offset, length, name, value }
  if (explain !== undefined) s.explain = explain
  if (children?.length) s.children = children
  return s
}

export function truncated(what: string, offset: number, need: number, have: number, source: string): Finding {
  return {
    severity: 'error',
    code: 'TRUNCATED',
    message: `The ${what} is cut short: it needs ${need} bytes from byte ${offset}, only ${Math.max(0, have)} were captured.`,
    source,
    span: { offset, length: Math.max(0, have) }
  }
}

/** The Internet checksum's one's-complement sum (RFC 1071 §1) over bytes [start, end), added to `sum`. */
export function onesSum(b: Uint8Array, start: number, end: number, sum = 0): number {
  let s = sum
  let i = start
  for (; i + 1 < end; i += 2) s += (u8(b, i) << 8) | u8(b, i + 1)
  if (i < end) s += u8(b, i) << 8
  while (s > 0xffff) s = (s & 0xffff) + Math.floor(s / 0x10000)
  return s
}

/** The checksum value that makes a sum come out right (RFC 1071 §1): the one's complement of the folded sum. */
export const finishChecksum = (sum: number): number => ~sum & 0xffff

export function countSpans(spans: readonly Span[]): number {
  let n = 0
  for (const s of spans) n += 1 + (s.children ? countSpans(s.children) : 0)
  return n
}
