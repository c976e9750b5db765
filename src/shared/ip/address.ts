// IP addresses as values, and their strict text parsers. The rules are those of Go's net/netip and CPython's
// ipaddress: IPv4 is exactly four decimal octets with no leading zeros (no '127.1', no octal '010'); IPv6 is RFC 4291
// text with at most one '::', groups of one to four hex digits, an optional dotted IPv4 tail and an optional zone.
// The scanners walk character codes instead of splitting and matching, because the Subnets tab parses on every key.

import { type Parsed, ok, fail, quote } from './result'

export type IPVersion = 4 | 6

export interface IPv4Address {
  readonly version: 4
  /** The address as an unsigned 32-bit integer. */
  readonly value: number
}

export interface IPv6Address {
  readonly version: 6
  /** The address as an unsigned 128-bit integer. */
  readonly value: bigint
  /** The zone (scope) after '%', as in fe80::1%eth0, or null. */
  readonly zone: string | null
}

export type IPAddress = IPv4Address | IPv6Address

export const IPV4_BITS = 32
export const IPV6_BITS = 128
export const IPV4_ALL_ONES = 0xffffffff
export const IPV6_ALL_ONES = (1n << 128n) - 1n

export function bitsOf(version: IPVersion): 32 | 128 {
  return version === 4 ? IPV4_BITS : IPV6_BITS
}

export function allOnesOf(version: IPVersion): bigint {
  return version === 4 ? 0xffffffffn : IPV6_ALL_ONES
}

/** An IPv4 address from its integer value (0 … 2^32-1). */
export function ipv4(value: number): IPv4Address {
  if (!Number.isInteger(value) || value < 0 || value > IPV4_ALL_ONES) {
    throw new RangeError(`${value} is not an IPv4 address value (0 … 4294967295)`)
  }
  return { version: 4, value }
}

/** An IPv6 address from its integer value (0 … 2^128-1). */
export function ipv6(value: bigint, zone: string | null = null): IPv6Address {
  if (value < 0n || value > IPV6_ALL_ONES) throw new RangeError(`${value} is not an IPv6 address value (0 … 2^128-1)`)
  return { version: 6, value, zone }
}

/** Any address as a bigint, so that network math can be written once for both versions. */
export function addressToBigInt(address: IPAddress): bigint {
  return address.version === 4 ? BigInt(address.value) : address.value
}

/** The address of the given version whose integer value is `value` (which the caller keeps in range). */
export function addressFromBigInt(version: IPVersion, value: bigint): IPAddress {
  return version === 4 ? { version: 4, value: Number(value) } : { version: 6, value, zone: null }
}

export function sameAddress(a: IPAddress, b: IPAddress): boolean {
  if (a.version === 4) return b.version === 4 && a.value === b.value
  return b.version === 6 && a.value === b.value && a.zone === b.zone
}

/** Orders addresses IPv4 first, then by value (zones are ignored). */
export function compareAddresses(a: IPAddress, b: IPAddress): number {
  if (a.version !== b.version) return a.version - b.version
  const x = addressToBigInt(a)
  const y = addressToBigInt(b)
  return x < y ? -1 : x > y ? 1 : 0
}

/** The address in network byte order: 4 or 16 bytes. */
export function addressToBytes(address: IPAddress): Uint8Array {
  if (address.version === 4) {
    const v = address.value
    return Uint8Array.of(v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff)
  }
  const out = new Uint8Array(16)
  const hex = address.value.toString(16).padStart(32, '0')
  for (let i = 0; i < 16; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16)
  return out
}

/** An address from 4 (IPv4) or 16 (IPv6) bytes in network order. */
export function addressFromBytes(bytes: Uint8Array): Parsed<IPAddress> {
  if (bytes.length === 4) {
    return ok({ version: 4, value: (((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0) })
  }
  if (bytes.length === 16) {
    let value = 0n
    for (const b of bytes) value = (value << 8n) | BigInt(b)
    return ok({ version: 6, value, zone: null })
  }
  return fail(`an address is 4 bytes (IPv4) or 16 bytes (IPv6), not ${bytes.length}`)
}

/** The address as 32-bit words, most significant first: one for IPv4, four for IPv6 (used for prefix matching). */
export function addressWords(address: IPAddress): number[] {
  if (address.version === 4) return [address.value]
  const v = address.value
  return [
    Number(v >> 96n),
    Number((v >> 64n) & 0xffffffffn),
    Number((v >> 32n) & 0xffffffffn),
    Number(v & 0xffffffffn)
  ]
}

/** The IPv4 address inside an IPv4-mapped IPv6 address (::ffff:0:0/96, RFC 4291 2.5.5.2), or null. */
export function ipv4Mapped(address: IPAddress): IPv4Address | null {
  if (address.version !== 6 || address.value >> 32n !== 0xffffn) return null
  return { version: 4, value: Number(address.value & 0xffffffffn) }
}

// ---------------------------------------------------------------------------------------------------------------
// Parsing

/** Parses IPv4 or IPv6 text; which one is decided by the presence of ':'. */
export function parseAddress(text: string): Parsed<IPAddress> {
  if (text.length === 0) return fail('the address is empty')
  return text.indexOf(':') >= 0 ? parseIPv6(text) : parseIPv4(text)
}

export function parseIPv4(text: string): Parsed<IPv4Address> {
  const v = scanIPv4(text, 0, text.length)
  if (typeof v === 'string') return fail(v)
  return ok({ version: 4, value: v })
}

export function parseIPv6(text: string): Parsed<IPv6Address> {
  if (text.length === 0) return fail('the address is empty')
  let end = text.length
  let zone: string | null = null
  const percent = text.indexOf('%')
  if (percent >= 0) {
    zone = text.slice(percent + 1)
    if (zone.length === 0) return fail(`the zone after '%' in ${quote(text)} is empty`)
    if (zone.indexOf('%') >= 0) return fail(`${quote(text)} has more than one '%'; only one zone is allowed`)
    if (/[\s/]/.test(zone)) return fail(`the zone ${quote(zone)} in ${quote(text)} contains a space or '/'`)
    end = percent
    if (end === 0) return fail(`${quote(text)} has a zone but no address before '%'`)
  }
  const v = scanIPv6(text, end)
  if (typeof v === 'string') return fail(v)
  return ok({ version: 6, value: v, zone })
}

function describeChar(code: number): string {
  if (code === 32) return 'a space'
  if (code < 32 || code === 127) return `the control character U+${code.toString(16).padStart(4, '0')}`
  return `'${String.fromCharCode(code)}'`
}

/**
 * Scans dotted-quad text in s[start, end). Returns the value, or an error message. `whole` is the text the user
 * typed; when the IPv4 part is the tail of an IPv6 address, messages name both.
 */
function scanIPv4(s: string, start: number, end: number, whole?: string): number | string {
  const where = () =>
    whole === undefined ? quote(s.slice(start, end)) : `${quote(s.slice(start, end))} (the IPv4 part of ${quote(whole)})`
  if (start === end) return 'the address is empty'
  let value = 0
  let octet = 0
  let digits = 0
  let firstDigit = 0
  let index = 1
  for (let i = start; i <= end; i++) {
    const c = i < end ? s.charCodeAt(i) : 46 /* a virtual '.' closes the last octet */
    if (c >= 48 && c <= 57) {
      if (digits === 0) firstDigit = c
      digits++
      if (digits <= 3) octet = octet * 10 + (c - 48)
      continue
    }
    if (c !== 46) {
      if (c === 47) return `${where()} contains '/', but an address has no prefix length here`
      if (c === 58 && whole !== undefined) {
        return `the dotted IPv4 part of ${quote(whole)} is not at the end; it may only fill the last 32 bits`
      }
      return `octet ${index} of ${where()} contains ${describeChar(c)}, which is not a decimal digit`
    }
    if (index === 4 && i !== end) return octetCountError(where(), s, start, end)
    if (digits === 0) return `octet ${index} of ${where()} is empty`
    if (firstDigit === 48 && digits > 1) {
      return `octet ${index} of ${where()} has a leading zero ('${s.slice(i - digits, i)}'); leading zeros are not allowed because some systems read them as octal`
    }
    if (digits > 3 || octet > 255) return `octet ${index} of ${where()} is over 255`
    value = value * 256 + octet
    if (i === end) break
    index++
    octet = 0
    digits = 0
  }
  if (index !== 4) return octetCountError(where(), s, start, end)
  return value
}

function octetCountError(where: string, s: string, start: number, end: number): string {
  let n = 1
  for (let i = start; i < end; i++) if (s.charCodeAt(i) === 46) n++
  return `${where} has ${n} octet${n === 1 ? '' : 's'}; an IPv4 address needs exactly 4 (shorthand such as '127.1' is not accepted)`
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48
  if (c >= 97 && c <= 102) return c - 87
  if (c >= 65 && c <= 70) return c - 55
  return -1
}

const groups = new Array<number>(8).fill(0)

/** Scans IPv6 text in s[0, end) (the zone already cut off). Returns the value or an error message. */
function scanIPv6(s: string, end: number): bigint | string {
  const text = s.slice(0, end)
  const where = () => quote(s)
  let count = 0
  let ellipsis = -1
  let i = 0
  if (end >= 2 && s.charCodeAt(0) === 58 && s.charCodeAt(1) === 58) {
    ellipsis = 0
    i = 2
  } else if (s.charCodeAt(0) === 58) {
    return `${where()} starts with a single ':'; only '::' may begin an address`
  }
  while (i < end) {
    if (count === 8) return `${where()} has more than 8 groups`
    let j = i
    let value = 0
    let hexDigits = 0
    while (j < end) {
      const d = hexValue(s.charCodeAt(j))
      if (d < 0) break
      value = value * 16 + d
      hexDigits++
      j++
    }
    const next = j < end ? s.charCodeAt(j) : -1
    if (next === 46) {
      // A dotted IPv4 tail: it must fill the last 32 bits.
      const v4 = scanIPv4(s, i, end, text)
      if (typeof v4 === 'string') return v4
      if (count > 6) return `${where()} has too many groups before its IPv4 part`
      if (ellipsis < 0 && count !== 6) {
        return `${where()} has ${count} group${count === 1 ? '' : 's'} before its IPv4 part; without '::' it needs exactly 6`
      }
      groups[count++] = v4 >>> 16
      groups[count++] = v4 & 0xffff
      i = end
      break
    }
    if (hexDigits === 0) {
      if (next === 58) return `${where()} has an empty group at position ${count + 1}; ':::' or a misplaced '::'`
      return `group ${count + 1} of ${where()} contains ${describeChar(next)}, which is not a hex digit`
    }
    if (hexDigits > 4) return `group ${count + 1} of ${where()} ('${s.slice(i, j)}') has more than 4 hex digits`
    groups[count++] = value
    i = j
    if (i === end) break
    if (next !== 58) {
      if (next === 47) return `${where()} contains '/', but an address has no prefix length here`
      return `group ${count} of ${where()} contains ${describeChar(next)}, which is not a hex digit`
    }
    i++
    if (i === end) return `${where()} ends with a single ':'; only '::' may end an address`
    if (s.charCodeAt(i) === 58) {
      if (ellipsis >= 0) return `${where()} has more than one '::'`
      ellipsis = count
      i++
    }
  }
  if (ellipsis < 0) {
    if (count !== 8) {
      return `${where()} has ${count} group${count === 1 ? '' : 's'}; an IPv6 address needs 8, or '::' to stand for the missing zeros`
    }
  } else {
    if (count > 7) return `${where()} has 8 groups and a '::', which must stand for at least one zero group`
    const tail = count - ellipsis
    for (let k = 0; k < tail; k++) groups[7 - k] = groups[count - 1 - k]!
    for (let k = ellipsis; k < 8 - tail; k++) groups[k] = 0
  }
  const w0 = groups[0]! * 65536 + groups[1]!
  const w1 = groups[2]! * 65536 + groups[3]!
  const w2 = groups[4]! * 65536 + groups[5]!
  const w3 = groups[6]! * 65536 + groups[7]!
  return (BigInt(w0) << 96n) | (BigInt(w1) << 64n) | (BigInt(w2) << 32n) | BigInt(w3)
}
