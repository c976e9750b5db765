// Bytes as the user types them (text with a chosen line ending, or hex), as the UI shows them, and the one
// reader/writer cursor every binary codec uses.

import { WirebenchError } from './errors'

export type LineEnding = 'none' | 'lf' | 'crlf'
export type PayloadFormat = 'text' | 'hex'

const LINE_ENDINGS: Record<LineEnding, string> = { none: '', lf: '\n', crlf: '\r\n' }

/** Parses hex such as "48 65 6c", "0x48,0x65" or "48656c"; odd digit counts and stray characters are errors. */
export function parseHex(text: string): Uint8Array {
  const cleaned = text.replace(/0x/gi, '').replace(/[\s,:]/g, '')
  const bad = cleaned.search(/[^0-9a-fA-F]/)
  if (bad >= 0) {
    throw new WirebenchError('INVALID_HEX', `Hex may only contain 0-9 and a-f; found "${cleaned[bad]}" at digit ${bad + 1}.`)
  }
  if (cleaned.length % 2 !== 0) {
    throw new WirebenchError(
      'INVALID_HEX',
      `Hex needs two digits per byte; this has an odd number of digits (${cleaned.length}).`
    )
  }
  const out = new Uint8Array(cleaned.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = parseInt(cleaned.slice(i * 2, i * 2 + 2), 16)
  return out
}

/** Joins byte arrays into one. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let total = 0
  for (const p of parts) total += p.length
  const out = new Uint8Array(total)
  let o = 0
  for (const p of parts) {
    out.set(p, o)
    o += p.length
  }
  return out
}

export function toHex(bytes: Uint8Array, separator = ' '): string {
  let s = ''
  for (let i = 0; i < bytes.length; i++) {
    if (i > 0) s += separator
    s += (bytes[i] as number).toString(16).padStart(2, '0')
  }
  return s
}

/** The bytes a payload stands for: UTF-8 text plus the line ending, or hex. */
export function encodePayload(format: PayloadFormat, data: string, lineEnding: LineEnding = 'none'): Uint8Array {
  if (format === 'hex') return parseHex(data)
  return new TextEncoder().encode(data + LINE_ENDINGS[lineEnding])
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

export function toBase64(bytes: Uint8Array): string {
  let out = ''
  let i = 0
  for (; i + 2 < bytes.length; i += 3) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number)
    out += B64[n >> 18]! + B64[(n >> 12) & 63]! + B64[(n >> 6) & 63]! + B64[n & 63]!
  }
  const rest = bytes.length - i
  if (rest === 1) {
    const n = (bytes[i] as number) << 16
    out += B64[n >> 18]! + B64[(n >> 12) & 63]! + '=='
  } else if (rest === 2) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8)
    out += B64[n >> 18]! + B64[(n >> 12) & 63]! + B64[(n >> 6) & 63]! + '='
  }
  return out
}

const B64_INDEX = new Int16Array(128).fill(-1)
for (let i = 0; i < B64.length; i++) B64_INDEX[B64.charCodeAt(i)] = i

export function fromBase64(text: string): Uint8Array {
  const clean = text.replace(/[\s=]/g, '')
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4))
  let buffer = 0
  let bits = 0
  let o = 0
  for (let i = 0; i < clean.length; i++) {
    const c = clean.charCodeAt(i)
    const v = c < 128 ? (B64_INDEX[c] as number) : -1
    if (v < 0) throw new WirebenchError('INVALID_INPUT', `Base64 contains an invalid character at position ${i + 1}.`)
    buffer = (buffer << 6) | v
    bits += 6
    if (bits >= 8) {
      bits -= 8
      out[o++] = (buffer >> bits) & 0xff
    }
  }
  return out.subarray(0, o)
}

/** Text for display: printable ASCII/UTF-8 as is; control bytes shown as escapes so nothing is hidden. */
export function toDisplayText(bytes: Uint8Array): string {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes)
  return text.replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g, (c) => {
    const code = c.charCodeAt(0)
    return code === 0 ? '\\0' : `\\x${code.toString(16).padStart(2, '0')}`
  })
}

/**
 * The one cursor every codec reads through: big-endian integers and slices, each checked against the end, so a
 * short input becomes a WirebenchError naming the byte where it ran out instead of a silent undefined.
 */
export class ByteReader {
  pos: number

  constructor(
    readonly bytes: Uint8Array,
    start = 0,
    /** Reads stop here (exclusive); offsets stay absolute in `bytes`. */
    readonly end = bytes.length
  ) {
    this.pos = start
  }

  get remaining(): number {
    return Math.max(0, this.end - this.pos)
  }

  need(n: number, what = 'field'): void {
    if (this.pos + n > this.end) {
      throw new WirebenchError('INVALID_INPUT', `Truncated ${what} at byte ${this.pos}: needs ${n} bytes, ${this.remaining} remain.`)
    }
  }

  u8(what?: string): number {
    this.need(1, what)
    return this.bytes[this.pos++] as number
  }

  u16(what?: string): number {
    this.need(2, what)
    const v = ((this.bytes[this.pos] as number) << 8) | (this.bytes[this.pos + 1] as number)
    this.pos += 2
    return v
  }

  u24(what?: string): number {
    this.need(3, what)
    const b = this.bytes
    const v = ((b[this.pos] as number) << 16) | ((b[this.pos + 1] as number) << 8) | (b[this.pos + 2] as number)
    this.pos += 3
    return v
  }

  u32(what?: string): number {
    this.need(4, what)
    return this.u16() * 65536 + this.u16()
  }

  /** A view (not a copy) of the next n bytes. */
  take(n: number, what?: string): Uint8Array {
    this.need(n, what)
    const out = this.bytes.subarray(this.pos, this.pos + n)
    this.pos += n
    return out
  }

  /** A reader over the next n bytes (same array, absolute offsets), advancing this one past them. */
  sub(n: number, what?: string): ByteReader {
    this.need(n, what)
    const r = new ByteReader(this.bytes, this.pos, this.pos + n)
    this.pos += n
    return r
  }
}

/** Builds big-endian binary messages piece by piece. */
export class ByteWriter {
  private parts: Uint8Array[] = []

  u8(v: number): this {
    this.parts.push(Uint8Array.of(v & 0xff))
    return this
  }

  u16(v: number): this {
    this.parts.push(Uint8Array.of((v >> 8) & 0xff, v & 0xff))
    return this
  }

  u24(v: number): this {
    this.parts.push(Uint8Array.of((v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff))
    return this
  }

  u32(v: number): this {
    this.parts.push(Uint8Array.of((v >>> 24) & 0xff, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff))
    return this
  }

  bytes(b: Uint8Array): this {
    this.parts.push(b)
    return this
  }

  finish(): Uint8Array {
    return concatBytes(this.parts)
  }
}
