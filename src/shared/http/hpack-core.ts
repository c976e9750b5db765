// HPACK's building blocks (RFC 7541 §2–§5): the types, integer and string representations, and the dynamic table
// with its size accounting and eviction, shared by the decoder (hpack.ts) and the encoder (hpack-encoder.ts).
import { ByteWriter } from '../bytes'
import type { Span } from '../dissect/span'
import { WirebenchError } from '../errors'
import { huffmanDecode, huffmanEncode } from './hpack-huffman'
import { HPACK_STATIC_COUNT } from './hpack-static'

export interface HeaderField {
  name: string
  value: string
}

export type HpackRepresentation = 'indexed' | 'literal-incremental' | 'literal-without-indexing' | 'literal-never-indexed' | 'size-update'

/** One dynamic table entry. Tables list the newest first, at index 62 (RFC 7541 §2.3.3); entries are never mutated. */
export interface HpackTableEntry {
  name: string
  value: string
  nameOctets: number
  /** name octets + value octets + 32 (RFC 7541 §4.1). */
  size: number
}

export interface HpackFieldExplained {
  representation: HpackRepresentation
  /** The representation's bytes, absolute (block offset + `base`). */
  offset: number
  length: number
  /** Index used for the whole field (indexed) or for its name (literal with indexed name). */
  index?: number
  indexSource?: 'static' | 'dynamic'
  name?: string
  value?: string
  nameHuffman?: boolean
  valueHuffman?: boolean
  /** Size update: the new maximum table size. */
  newMaxSize?: number
  /** Entries this field pushed out of the dynamic table (RFC 7541 §4.4). */
  evicted: HpackTableEntry[]
  tableAfter: readonly HpackTableEntry[]
  tableSizeAfter: number
  tableMaxSizeAfter: number
  span: Span
}

export interface HpackDecodeResult {
  headers: HeaderField[]
  fields: HpackFieldExplained[]
  spans: Span[]
  /** Sum of name + value + 32 per field, as SETTINGS_MAX_HEADER_LIST_SIZE counts it (RFC 9113 §6.5.2). */
  headerListSize: number
}

export const HPACK_LIMITS = {
  /** SETTINGS_HEADER_TABLE_SIZE's initial value (RFC 9113 §6.5.2). */
  defaultTableSize: 4096,
  /** We never accept a table larger than this, whatever the settings say. */
  maxTableSize: 1 << 20,
  maxHeaderListSize: 256 * 1024,
  maxFields: 2000,
  maxStringLength: 64 * 1024
} as const

export const utf8 = new TextDecoder('utf-8', { fatal: false })
export const enc = new TextEncoder()
export const compression = (message: string): WirebenchError => new WirebenchError('HPACK_COMPRESSION_ERROR', message)

/** Encodes an integer with an N-bit prefix (RFC 7541 §5.1); `flags` are the bits above the prefix. */
export function encodeInteger(value: number, prefixBits: number, flags = 0): Uint8Array {
  if (!Number.isSafeInteger(value) || value < 0) throw new WirebenchError('INVALID_INPUT', `HPACK integers are non-negative whole numbers; got ${value}.`)
  const max = (1 << prefixBits) - 1
  if (value < max) return Uint8Array.of(flags | value)
  const out = [flags | max]
  let rest = value - max
  while (rest >= 128) {
    out.push((rest % 128) + 128)
    rest = Math.floor(rest / 128)
  }
  out.push(rest)
  return Uint8Array.from(out)
}

/** Decodes an N-bit prefix integer at `pos`; values over 2^32 or more than 5 continuation bytes are refused. */
export function decodeInteger(bytes: Uint8Array, pos: number, prefixBits: number, end = bytes.length): { value: number; next: number } {
  if (pos >= end) throw compression(`The header block ends inside an integer at byte ${pos} (RFC 7541 §5.1).`)
  const max = (1 << prefixBits) - 1
  let value = bytes[pos]! & max
  let p = pos + 1
  if (value < max) return { value, next: p }
  let m = 1
  for (;;) {
    if (p >= end) throw compression(`The header block ends inside an integer at byte ${p} (RFC 7541 §5.1).`)
    const b = bytes[p++]!
    value += (b & 127) * m
    m *= 128
    if ((b & 128) === 0) break
    if (p - pos > 6) throw compression(`The integer at byte ${pos} has too many continuation bytes (RFC 7541 §5.1, §7.4).`)
  }
  if (value > 0xffffffff) throw compression(`The integer at byte ${pos} is larger than any HPACK field allows (RFC 7541 §5.1).`)
  return { value, next: p }
}

/** Encodes a string literal (RFC 7541 §5.2), Huffman-coded or raw. */
export function encodeString(bytes: Uint8Array, huffman: boolean): Uint8Array {
  const data = huffman ? huffmanEncode(bytes) : bytes
  return new ByteWriter().bytes(encodeInteger(data.length, 7, huffman ? 0x80 : 0)).bytes(data).finish()
}

export interface StringRead {
  bytes: Uint8Array
  huffman: boolean
  next: number
  span: Span
}

export function readString(block: Uint8Array, pos: number, base: number, what: string, maxLength: number): StringRead {
  if (pos >= block.length) throw compression(`The header block ends before the ${what} string at byte ${base + pos} (RFC 7541 §5.2).`)
  const huffman = (block[pos]! & 0x80) !== 0
  const { value: len, next } = decodeInteger(block, pos, 7)
  if (len > block.length - next) throw compression(`The ${what} string says ${len} bytes but only ${block.length - next} remain (RFC 7541 §5.2).`)
  if (len > maxLength) throw compression(`The ${what} string is ${len} bytes, over the ${maxLength}-byte limit.`)
  const raw = block.subarray(next, next + len)
  const bytes = huffman ? huffmanDecode(raw, maxLength) : raw
  const text = utf8.decode(bytes)
  const span: Span = {
    offset: base + pos,
    length: next + len - pos,
    headerLength: next - pos,
    name: what === 'name' ? 'Name' : 'Value',
    value: JSON.stringify(text),
    explain: `${huffman ? `Huffman-coded (${len} bytes on the wire for ${bytes.length} octets)` : `${len} raw octets`}, length prefix with H bit ${huffman ? 1 : 0} (RFC 7541 §5.2).`
  }
  return { bytes, huffman, next: next + len, span }
}

/** The dynamic table with its size accounting (RFC 7541 §2.3.2, §4). Newest entry first. */
export class DynamicTable {
  entries: HpackTableEntry[] = []
  size = 0
  constructor(public maxSize: number) {}

  get(index: number): HpackTableEntry | undefined {
    return this.entries[index - HPACK_STATIC_COUNT - 1]
  }

  /** Adds an entry, evicting the oldest first; an entry larger than the table empties it (RFC 7541 §4.4). */
  add(entry: HpackTableEntry): HpackTableEntry[] {
    const evicted = this.evictTo(this.maxSize - entry.size)
    if (entry.size <= this.maxSize) {
      this.entries = [entry, ...this.entries]
      this.size += entry.size
    }
    return evicted
  }

  resize(max: number): HpackTableEntry[] {
    this.maxSize = max
    return this.evictTo(max)
  }

  private evictTo(limit: number): HpackTableEntry[] {
    const evicted: HpackTableEntry[] = []
    while (this.size > Math.max(0, limit) && this.entries.length) {
      const e = this.entries[this.entries.length - 1]!
      this.entries = this.entries.slice(0, -1)
      this.size -= e.size
      evicted.push(e)
    }
    return evicted
  }
}

export const entryOf = (name: Uint8Array | string, value: Uint8Array | string): HpackTableEntry => {
  const n = typeof name === 'string' ? enc.encode(name) : name
  const v = typeof value === 'string' ? enc.encode(value) : value
  return { name: utf8.decode(n), value: utf8.decode(v), nameOctets: n.length, size: n.length + v.length + 32 }
}

