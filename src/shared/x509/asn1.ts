// A small, defensive DER/BER reader. Every node remembers where it sits in the original buffer (offset, header
// length, content length) so the UI can highlight byte ranges, and children are decoded only when asked for, so
// a 20,000-certificate PKCS#7 does not become millions of objects at once. Malformed input always ends in a
// WirebenchError('INVALID_DER') that says what was wrong and at which byte; nothing recurses without a bound.

import { concatBytes } from '../bytes'
import { WirebenchError } from '../errors'

export const Tag = {
  boolean: 1,
  integer: 2,
  bitString: 3,
  octetString: 4,
  null: 5,
  oid: 6,
  utf8String: 12,
  sequence: 16,
  set: 17,
  numericString: 18,
  printableString: 19,
  t61String: 20,
  ia5String: 22,
  utcTime: 23,
  generalizedTime: 24,
  visibleString: 26,
  universalString: 28,
  bmpString: 30
} as const

/** Deeper nesting than this is refused: real certificates stay under 20 levels. */
export const MAX_DEPTH = 64

/** Throws the decoder's error: malformed or unexpected ASN.1. */
export function bad(message: string): never {
  throw new WirebenchError('INVALID_DER', message)
}

export class Asn1 {
  private decodedChildren: Asn1[] | undefined

  constructor(
    /** The whole buffer this node was read from; offsets are into it. */
    readonly buf: Uint8Array,
    readonly offset: number,
    readonly headerLength: number,
    /** Content length in bytes (for indefinite-length BER: without the end-of-contents octets). */
    readonly length: number,
    readonly cls: number,
    readonly constructed: boolean,
    readonly tag: number,
    readonly indefinite: boolean,
    readonly depth: number,
    children?: Asn1[]
  ) {
    this.decodedChildren = children
  }

  get contentStart(): number {
    return this.offset + this.headerLength
  }

  get contentEnd(): number {
    return this.contentStart + this.length
  }

  /** First byte after this node (after the end-of-contents octets for indefinite lengths). */
  get end(): number {
    return this.contentEnd + (this.indefinite ? 2 : 0)
  }

  get content(): Uint8Array {
    return this.buf.subarray(this.contentStart, this.contentEnd)
  }

  /** The node's full encoding, header included. */
  get raw(): Uint8Array {
    return this.buf.subarray(this.offset, this.end)
  }

  is(cls: number, tag: number): boolean {
    return this.cls === cls && this.tag === tag
  }

  isUniversal(tag: number): boolean {
    return this.cls === 0 && this.tag === tag
  }

  isContext(tag: number): boolean {
    return this.cls === 2 && this.tag === tag
  }

  /** Children of a constructed node, decoded on first use. Primitive nodes have none. */
  get children(): Asn1[] {
    if (this.decodedChildren) return this.decodedChildren
    const out: Asn1[] = []
    if (this.constructed) {
      let pos = this.contentStart
      const end = this.contentEnd
      while (pos < end) {
        const child = readNode(this.buf, pos, end, this.depth + 1)
        out.push(child)
        pos = child.end
      }
    }
    this.decodedChildren = out
    return out
  }

  child(index: number): Asn1 | undefined {
    return this.children[index]
  }
}

/** What an element's identifier and length octets say, before its content is checked against the data. */
export interface Asn1Header {
  cls: number
  constructed: boolean
  tag: number
  headerLength: number
  /** Declared content length (0 when indefinite). */
  length: number
  indefinite: boolean
}

/** Reads the tag and length octets at `pos`; throws when they themselves are malformed or cut off by `limit`. */
export function readHeader(buf: Uint8Array, pos: number, limit: number): Asn1Header {
  const start = pos
  if (pos >= limit) bad(`Expected an ASN.1 element at byte ${pos}, but the data ends there.`)
  const first = buf[pos++] as number
  const cls = first >> 6
  const constructed = (first & 0x20) !== 0
  let tag = first & 0x1f
  if (tag === 0x1f) {
    tag = 0
    for (let i = 0; ; i++) {
      if (pos >= limit) bad(`Truncated tag at byte ${start}.`)
      if (i >= 4) bad(`Tag number too large at byte ${start}.`)
      const b = buf[pos++] as number
      tag = tag * 128 + (b & 0x7f)
      if ((b & 0x80) === 0) break
    }
  }
  if (pos >= limit) bad(`Truncated length at byte ${pos} (the data ends inside an element header).`)
  const lenByte = buf[pos++] as number
  let length: number
  let indefinite = false
  if (lenByte < 0x80) {
    length = lenByte
  } else if (lenByte === 0x80) {
    if (!constructed) bad(`Indefinite length on a primitive element at byte ${start}.`)
    indefinite = true
    length = 0
  } else {
    const n = lenByte & 0x7f
    if (n > 4) bad(`Length field of ${n} bytes at byte ${start} is larger than any supported input.`)
    if (pos + n > limit) bad(`Truncated length at byte ${start}.`)
    length = 0
    for (let i = 0; i < n; i++) length = length * 256 + (buf[pos++] as number)
  }
  return { cls, constructed, tag, headerLength: pos - start, length, indefinite }
}

/** Reads one node starting at `pos`; its encoding must end by `limit`. */
export function readNode(buf: Uint8Array, pos: number, limit: number, depth = 0): Asn1 {
  if (depth > MAX_DEPTH) bad(`ASN.1 nesting deeper than ${MAX_DEPTH} levels at byte ${pos}.`)
  const start = pos
  const { cls, constructed, tag, headerLength, length, indefinite } = readHeader(buf, pos, limit)
  pos += headerLength
  if (indefinite) {
    // BER: the content runs until an end-of-contents pair (00 00) at this level.
    let p = pos
    const kids: Asn1[] = []
    for (;;) {
      if (p + 2 > limit) bad(`Indefinite-length element at byte ${start} has no end-of-contents marker (truncated?).`)
      if (buf[p] === 0 && buf[p + 1] === 0) break
      const kid = readNode(buf, p, limit, depth + 1)
      kids.push(kid)
      p = kid.end
    }
    return new Asn1(buf, start, headerLength, p - pos, cls, constructed, tag, true, depth, kids)
  }
  if (pos + length > limit) {
    bad(`Element at byte ${start} declares ${length} content bytes but only ${Math.max(0, limit - pos)} remain (truncated?).`)
  }
  return new Asn1(buf, start, headerLength, length, cls, constructed, tag, false, depth)
}

/** Decodes exactly one element that must fill `buf[start, end)`; trailing bytes are an error. */
export function decode(buf: Uint8Array, start = 0, end = buf.length): Asn1 {
  const node = readNode(buf, start, end)
  if (node.end !== end) bad(`${end - node.end} unexpected bytes after the ASN.1 element (at byte ${node.end}).`)
  return node
}

// ---- expectations -------------------------------------------------------------------------------------------

const UNIVERSAL_NAMES: Record<number, string> = {
  1: 'BOOLEAN',
  2: 'INTEGER',
  3: 'BIT STRING',
  4: 'OCTET STRING',
  5: 'NULL',
  6: 'OBJECT IDENTIFIER',
  10: 'ENUMERATED',
  12: 'UTF8String',
  16: 'SEQUENCE',
  17: 'SET',
  18: 'NumericString',
  19: 'PrintableString',
  20: 'T61String',
  22: 'IA5String',
  23: 'UTCTime',
  24: 'GeneralizedTime',
  26: 'VisibleString',
  28: 'UniversalString',
  30: 'BMPString'
}

export function tagName(node: Pick<Asn1, 'cls' | 'tag'>): string {
  if (node.cls === 0) return UNIVERSAL_NAMES[node.tag] ?? `UNIVERSAL ${node.tag}`
  if (node.cls === 2) return `[${node.tag}]`
  return `${node.cls === 1 ? 'APPLICATION' : 'PRIVATE'} ${node.tag}`
}

/** Returns the node if it is the expected universal type, otherwise throws a message naming `what`. */
export function expect(node: Asn1 | undefined, tag: number, what: string): Asn1 {
  if (!node) bad(`${what} is missing.`)
  if (node.cls !== 0 || node.tag !== tag) {
    bad(`${what} should be ${UNIVERSAL_NAMES[tag] ?? tag} but is ${tagName(node)} (at byte ${node.offset}).`)
  }
  if ((tag === Tag.sequence || tag === Tag.set) && !node.constructed) bad(`${what} is not constructed (at byte ${node.offset}).`)
  return node
}

export function sequence(node: Asn1 | undefined, what: string): Asn1[] {
  return expect(node, Tag.sequence, what).children
}

// ---- primitive values ---------------------------------------------------------------------------------------

const oidCache = new Map<string, string>()

export function readOid(node: Asn1 | undefined, what = 'Object identifier'): string {
  const n = expect(node, Tag.oid, what)
  const bytes = n.content
  if (bytes.length === 0) bad(`${what} is empty (at byte ${n.offset}).`)
  if (bytes.length > 128) bad(`${what} is implausibly long (at byte ${n.offset}).`)
  let key = ''
  for (let i = 0; i < bytes.length; i++) key += String.fromCharCode(bytes[i] as number)
  const cached = oidCache.get(key)
  if (cached !== undefined) return cached
  const arcs: string[] = []
  let value = 0n
  let inArc = false
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number
    if (!inArc && b === 0x80) bad(`${what} has a non-minimal arc encoding (at byte ${n.offset}).`)
    value = (value << 7n) | BigInt(b & 0x7f)
    inArc = true
    if ((b & 0x80) === 0) {
      if (arcs.length === 0) {
        const first = value < 40n ? 0n : value < 80n ? 1n : 2n
        arcs.push(first.toString(), (value - first * 40n).toString())
      } else {
        arcs.push(value.toString())
      }
      value = 0n
      inArc = false
    }
  }
  if (inArc) bad(`${what} ends in the middle of an arc (at byte ${n.offset}).`)
  const oid = arcs.join('.')
  if (oidCache.size < 10_000) oidCache.set(key, oid)
  return oid
}

export interface IntegerValue {
  /** Magnitude in uppercase hex without a sign byte ("00" for zero), as OpenSSL prints serials. */
  hex: string
  negative: boolean
  /** Content octets as encoded (two's complement). */
  octets: number
}

export function readInteger(node: Asn1 | undefined, what = 'INTEGER'): IntegerValue {
  const n = expect(node, Tag.integer, what)
  const bytes = n.content
  if (bytes.length === 0) bad(`${what} has no content (at byte ${n.offset}).`)
  const negative = ((bytes[0] as number) & 0x80) !== 0
  let mag = bytes
  if (negative) {
    // two's complement → magnitude
    const copy = new Uint8Array(bytes.length)
    let carry = 1
    for (let i = bytes.length - 1; i >= 0; i--) {
      const v = ((~(bytes[i] as number)) & 0xff) + carry
      copy[i] = v & 0xff
      carry = v >> 8
    }
    mag = copy
  }
  let i = 0
  while (i < mag.length - 1 && mag[i] === 0) i++
  return { hex: toHexUpper(mag.subarray(i)), negative, octets: bytes.length }
}

/** A small non-negative INTEGER (path lengths, versions); larger values are an error. */
export function readSmallInt(node: Asn1 | undefined, what = 'INTEGER', max = 2 ** 31): number {
  const n = expect(node, Tag.integer, what)
  const bytes = n.content
  if (bytes.length === 0 || bytes.length > 8 || ((bytes[0] as number) & 0x80) !== 0) {
    bad(`${what} is not a small non-negative number (at byte ${n.offset}).`)
  }
  let v = 0
  for (const b of bytes) v = v * 256 + b
  if (v > max) bad(`${what} is too large (${v}) at byte ${n.offset}.`)
  return v
}

export function readBoolean(node: Asn1 | undefined, what = 'BOOLEAN'): boolean {
  const n = expect(node, Tag.boolean, what)
  if (n.length !== 1) bad(`${what} must be one byte (at byte ${n.offset}).`)
  return n.content[0] !== 0
}

export interface BitStringValue {
  unusedBits: number
  bytes: Uint8Array
}

export function readBitString(node: Asn1 | undefined, what = 'BIT STRING'): BitStringValue {
  const n = expect(node, Tag.bitString, what)
  if (n.constructed) bad(`${what} uses the constructed BER form, which DER forbids (at byte ${n.offset}).`)
  const c = n.content
  if (c.length === 0) bad(`${what} has no content (at byte ${n.offset}).`)
  const unusedBits = c[0] as number
  if (unusedBits > 7 || (c.length === 1 && unusedBits !== 0)) bad(`${what} has an invalid unused-bits count (at byte ${n.offset}).`)
  return { unusedBits, bytes: c.subarray(1) }
}

/** Bit i (0 = most significant bit of the first byte) of a named-bit list such as KeyUsage. */
export function bitSet(bits: BitStringValue, i: number): boolean {
  const byte = bits.bytes[i >> 3]
  if (byte === undefined) return false
  if ((i >> 3) === bits.bytes.length - 1 && 7 - (i & 7) < bits.unusedBits) return false
  return (byte & (0x80 >> (i & 7))) !== 0
}

export function readOctetString(node: Asn1 | undefined, what = 'OCTET STRING'): Uint8Array {
  const n = expect(node, Tag.octetString, what)
  if (!n.constructed) return n.content
  // BER constructed OCTET STRING (PKCS#7/#12 from some tools): concatenate the chunks.
  return concatBytes(n.children.map((c) => readOctetString(c, what)))
}

const utf8 = new TextDecoder('utf-8')
const STRING_TAGS = new Set<number>([12, 18, 19, 20, 22, 26, 28, 30, 21, 25, 27])

export function isStringNode(node: Asn1): boolean {
  return node.cls === 0 && STRING_TAGS.has(node.tag)
}

/** Any of the ASN.1 character string types as a JavaScript string. */
export function readString(node: Asn1 | undefined, what = 'string'): string {
  if (!node) bad(`${what} is missing.`)
  if (node.cls !== 0 || !STRING_TAGS.has(node.tag) || node.constructed) {
    bad(`${what} should be a character string but is ${tagName(node)} (at byte ${node.offset}).`)
  }
  const c = node.content
  switch (node.tag) {
    case Tag.utf8String:
      return utf8.decode(c)
    case Tag.bmpString: {
      let s = ''
      for (let i = 0; i + 1 < c.length; i += 2) s += String.fromCharCode(((c[i] as number) << 8) | (c[i + 1] as number))
      return s
    }
    case Tag.universalString: {
      let s = ''
      for (let i = 0; i + 3 < c.length; i += 4) {
        const cp = (((c[i] as number) << 24) | ((c[i + 1] as number) << 16) | ((c[i + 2] as number) << 8) | (c[i + 3] as number)) >>> 0
        s += cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd'
      }
      return s
    }
    default: {
      // PrintableString, IA5String, VisibleString, NumericString: ASCII; T61String: treated as Latin-1 as most tools do.
      let s = ''
      for (let i = 0; i < c.length; i++) s += String.fromCharCode(c[i] as number)
      return s
    }
  }
}

/** UTCTime or GeneralizedTime as milliseconds since the epoch. */
export function readTime(node: Asn1 | undefined, what = 'Time'): number {
  if (!node) bad(`${what} is missing.`)
  if (node.cls !== 0 || (node.tag !== Tag.utcTime && node.tag !== Tag.generalizedTime) || node.constructed) {
    bad(`${what} should be UTCTime or GeneralizedTime but is ${tagName(node)} (at byte ${node.offset}).`)
  }
  let s = ''
  for (const b of node.content) s += String.fromCharCode(b)
  const m =
    node.tag === Tag.utcTime
      ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(Z|[+-]\d{4})$/.exec(s)
      : /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})?(\d{2})?(?:[.,](\d+))?(Z|[+-]\d{4})?$/.exec(s)
  if (!m) bad(`${what} "${s.slice(0, 40)}" is not a valid ${tagName(node)} (at byte ${node.offset}).`)
  let year = Number(m[1])
  if (node.tag === Tag.utcTime) year += year < 50 ? 2000 : 1900
  const [month, day, hour] = [Number(m[2]), Number(m[3]), Number(m[4])]
  const minute = Number(m[5] ?? 0)
  const second = Number(m[6] ?? 0)
  const fraction = node.tag === Tag.generalizedTime && m[7] ? Number(`0.${m[7]}`) * 1000 : 0
  const zone = (node.tag === Tag.utcTime ? m[7] : m[8]) ?? 'Z'
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
    bad(`${what} "${s}" has a field out of range (at byte ${node.offset}).`)
  }
  let ms = Date.UTC(year, month - 1, day, hour, minute, second) + Math.round(fraction)
  if (zone !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1
    ms -= sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5))) * 60_000
  }
  return ms
}

// ---- small byte helpers shared by the x509 code ------------------------------------------------------------

const HEX_PAIRS: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).toUpperCase().padStart(2, '0'))

export function toHexUpper(bytes: Uint8Array, sep = ''): string {
  const parts = new Array<string>(bytes.length)
  for (let i = 0; i < bytes.length; i++) parts[i] = HEX_PAIRS[bytes[i] as number] as string
  return parts.join(sep)
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/** Reads an IMPLICIT-tagged node as the universal type it replaces (e.g. [2] IMPLICIT INTEGER). */
export function retag(node: Asn1, tag: number): Asn1 {
  return new Asn1(node.buf, node.offset, node.headerLength, node.length, 0, node.constructed, tag, node.indefinite, node.depth)
}
