// The ways an address is shown: RFC 5952 text, the exploded form, integer, hex, bytes, binary and its reverse-DNS
// name. IPv4-mapped addresses (::ffff:0:0/96) are written with a dotted tail, as RFC 5952 section 5 recommends
// and CPython 3.13 does.

import { type IPAddress, addressToBytes, ipv4Mapped } from './address'

export function formatIPv4(value: number): string {
  return `${value >>> 24}.${(value >>> 16) & 0xff}.${(value >>> 8) & 0xff}.${value & 0xff}`
}

/**
 * RFC 5952 section 4 from the 32-digit hex of an address: lowercase, leading zeros dropped, the longest run of two
 * or more zero groups replaced by '::' (the first such run on a tie), a single zero group left as '0'. Works on
 * the hex text directly because formatting is the hot path of listing a large split.
 */
function compressHex(hex: string): string {
  let bestStart = -1
  let bestLength = 1
  let runStart = -1
  for (let i = 0; i < 8; i++) {
    const k = i * 4
    if (hex.charCodeAt(k) === 48 && hex.charCodeAt(k + 1) === 48 && hex.charCodeAt(k + 2) === 48 && hex.charCodeAt(k + 3) === 48) {
      if (runStart < 0) runStart = i
      if (i - runStart + 1 > bestLength) {
        bestStart = runStart
        bestLength = i - runStart + 1
      }
    } else runStart = -1
  }
  let out = ''
  let colon = false
  for (let i = 0; i < 8; i++) {
    if (i === bestStart) {
      out += '::'
      colon = false
      i += bestLength - 1
      continue
    }
    let k = i * 4
    const end = k + 4
    while (k < end - 1 && hex.charCodeAt(k) === 48) k++
    out += (colon ? ':' : '') + hex.slice(k, end)
    colon = true
  }
  return out
}

/** RFC 5952 text of eight 16-bit groups (see compressHex). */
export function compressHextets(groups: readonly number[]): string {
  let hex = ''
  for (const g of groups) hex += g.toString(16).padStart(4, '0')
  return compressHex(hex)
}

function withZone(text: string, address: IPAddress): string {
  return address.version === 6 && address.zone !== null ? `${text}%${address.zone}` : text
}

/** The canonical text: dotted quad, or RFC 5952 compressed IPv6 (with its zone, if any). */
export function formatAddress(address: IPAddress): string {
  if (address.version === 4) return formatIPv4(address.value)
  const hex = address.value.toString(16).padStart(32, '0')
  const mapped = ipv4Mapped(address)
  const text = mapped ? `::ffff:${formatIPv4(mapped.value)}` : compressHex(hex)
  return withZone(text, address)
}

/** Every group written out: IPv4 as is; IPv6 as eight four-digit groups (a mapped address keeps its dotted tail). */
export function explodeAddress(address: IPAddress): string {
  if (address.version === 4) return formatIPv4(address.value)
  const mapped = ipv4Mapped(address)
  if (mapped) return withZone(`0000:0000:0000:0000:0000:ffff:${formatIPv4(mapped.value)}`, address)
  const hex = address.value.toString(16).padStart(32, '0')
  let text = hex.slice(0, 4)
  for (let i = 4; i < 32; i += 4) text += ':' + hex.slice(i, i + 4)
  return withZone(text, address)
}

/** The address as a decimal integer (a string: IPv6 values exceed Number). */
export function addressToDecimal(address: IPAddress): string {
  return address.value.toString(10)
}

/** Zero-padded lowercase hex with a 0x prefix: 0xc0a80001. */
export function addressToHex(address: IPAddress): string {
  return '0x' + address.value.toString(16).padStart(address.version === 4 ? 8 : 32, '0')
}

/** Binary by octet for IPv4 (11000000.10101000.00000000.00000001), by hextet for IPv6 (sixteen bits per group, ':'). */
export function addressToBinary(address: IPAddress): string {
  const bits = address.value.toString(2).padStart(address.version === 4 ? 32 : 128, '0')
  const width = address.version === 4 ? 8 : 16
  const parts: string[] = []
  for (let i = 0; i < bits.length; i += width) parts.push(bits.slice(i, i + width))
  return parts.join(address.version === 4 ? '.' : ':')
}

/** The bytes as numbers, network order (JSON-friendly). */
export function addressToByteList(address: IPAddress): number[] {
  return Array.from(addressToBytes(address))
}

/**
 * The reverse-DNS name, as CPython's reverse_pointer: 4.3.2.1.in-addr.arpa, or 32 nibbles under ip6.arpa (also for
 * IPv4-mapped addresses, whose dotted text is only a presentation). A zone is not part of a DNS name and is left out.
 */
export function reversePointer(address: IPAddress): string {
  if (address.version === 4) {
    const v = address.value
    return `${v & 0xff}.${(v >>> 8) & 0xff}.${(v >>> 16) & 0xff}.${v >>> 24}.in-addr.arpa`
  }
  const hex = address.value.toString(16).padStart(32, '0')
  let name = ''
  for (let i = 31; i >= 0; i--) name += hex[i] + '.'
  return name + 'ip6.arpa'
}

export interface AddressForms {
  version: 4 | 6
  compressed: string
  exploded: string
  integer: string
  hex: string
  bytes: number[]
  binary: string
  reversePointer: string
  zone: string | null
  ipv4Mapped: string | null
}

/** Every text form of an address at once, for the UI's address card. */
export function addressForms(address: IPAddress): AddressForms {
  const mapped = ipv4Mapped(address)
  return {
    version: address.version,
    compressed: formatAddress(address),
    exploded: explodeAddress(address),
    integer: addressToDecimal(address),
    hex: addressToHex(address),
    bytes: addressToByteList(address),
    binary: addressToBinary(address),
    reversePointer: reversePointer(address),
    zone: address.version === 6 ? address.zone : null,
    ipv4Mapped: mapped ? formatIPv4(mapped.value) : null
  }
}
