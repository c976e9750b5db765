// Networks (an address block: network address plus prefix length) and interfaces (an address on a network, as
// CPython's ip_interface), with their text parsers. Network math is done on bigint for both versions; it is only
// per network, never per address, so IPv4 pays nothing that matters for it.

import {
  type IPAddress,
  type IPVersion,
  addressFromBigInt,
  addressToBigInt,
  allOnesOf,
  bitsOf,
  parseAddress,
  parseIPv4
} from './address'
import { formatAddress } from './format'
import { type Parsed, ok, fail, quote } from './result'

export interface IPNetwork {
  readonly version: IPVersion
  /** The network address: host bits zero, no zone. */
  readonly address: IPAddress
  readonly prefixLength: number
}

/** An address together with the network it sits on (host bits may be set), like CPython's ip_interface. */
export interface IPInterface {
  readonly address: IPAddress
  readonly network: IPNetwork
}

/** The netmask of a prefix length as an integer: /24 → 0xffffff00. */
export function prefixMask(version: IPVersion, prefixLength: number): bigint {
  const bits = bitsOf(version)
  const all = allOnesOf(version)
  return (all >> BigInt(bits - prefixLength)) << BigInt(bits - prefixLength)
}

/** The network of the given prefix length that contains `address` (host bits cleared, zone dropped). */
export function makeNetwork(address: IPAddress, prefixLength: number): IPNetwork {
  const bits = bitsOf(address.version)
  if (!Number.isInteger(prefixLength) || prefixLength < 0 || prefixLength > bits) {
    throw new RangeError(`prefix length ${prefixLength} is not between 0 and ${bits}`)
  }
  const value = addressToBigInt(address) & prefixMask(address.version, prefixLength)
  return { version: address.version, address: addressFromBigInt(address.version, value), prefixLength }
}

export function networkFirst(network: IPNetwork): bigint {
  return addressToBigInt(network.address)
}

export function networkLast(network: IPNetwork): bigint {
  return addressToBigInt(network.address) | (allOnesOf(network.version) >> BigInt(network.prefixLength))
}

/** The number of addresses in the network, 2^(bits - prefix). */
export function networkSize(network: IPNetwork): bigint {
  return 1n << BigInt(bitsOf(network.version) - network.prefixLength)
}

export function formatNetwork(network: IPNetwork): string {
  return `${formatAddress(network.address)}/${network.prefixLength}`
}

export function sameNetwork(a: IPNetwork, b: IPNetwork): boolean {
  return a.version === b.version && a.prefixLength === b.prefixLength && networkFirst(a) === networkFirst(b)
}

/** Orders networks IPv4 first, then by network address, then shorter prefix first (as CPython sorts them). */
export function compareNetworks(a: IPNetwork, b: IPNetwork): number {
  if (a.version !== b.version) return a.version - b.version
  const x = networkFirst(a)
  const y = networkFirst(b)
  if (x !== y) return x < y ? -1 : 1
  return a.prefixLength - b.prefixLength
}

/** Whether `outer` contains the address or the whole of the network `inner` (false across versions). */
export function networkContains(outer: IPNetwork, inner: IPNetwork | IPAddress): boolean {
  if (outer.version !== inner.version) return false
  if ('prefixLength' in inner) {
    return inner.prefixLength >= outer.prefixLength && networkFirst(makeNetwork(inner.address, outer.prefixLength)) === networkFirst(outer)
  }
  const v = addressToBigInt(inner)
  return v >= networkFirst(outer) && v <= networkLast(outer)
}

/** Whether two networks share at least one address (false across versions). */
export function networksOverlap(a: IPNetwork, b: IPNetwork): boolean {
  if (a.version !== b.version) return false
  return networkFirst(a) <= networkLast(b) && networkFirst(b) <= networkLast(a)
}

// ---------------------------------------------------------------------------------------------------------------
// Parsing

/** A prefix length: decimal digits only, no sign, no leading zero, 0 … 32 or 0 … 128. */
export function parsePrefixLength(text: string, version: IPVersion, whole: string = text): Parsed<number> {
  const bits = bitsOf(version)
  if (text.length === 0) return fail(`the prefix length after '/' in ${quote(whole)} is empty`)
  if (!/^[0-9]+$/.test(text)) return fail(`the prefix length ${quote(text)} in ${quote(whole)} is not a decimal number`)
  if (text.length > 1 && text[0] === '0') {
    return fail(`the prefix length ${quote(text)} in ${quote(whole)} has a leading zero`)
  }
  const n = text.length > 3 ? Infinity : Number(text)
  if (n > bits) return fail(`the prefix length /${text} in ${quote(whole)} is over ${bits}, the most an IPv${version} network can have`)
  return ok(n)
}

function contiguousPrefix(value: number, onesFirst: boolean): number {
  // Netmask: ones then zeros. Hostmask: zeros then ones. Returns the prefix length or -1.
  const v = onesFirst ? value >>> 0 : ~value >>> 0
  const inverted = ~v >>> 0
  if ((inverted & (inverted + 1)) !== 0) return -1
  let ones = 0
  for (let x = v; x & 0x80000000; x = (x << 1) >>> 0) ones++
  return ones
}

/** A dotted IPv4 mask: a netmask (255.255.255.0) or, like CPython, a hostmask (0.0.0.255). */
export function parseIPv4Mask(text: string, whole: string = text): Parsed<number> {
  const parsed = parseIPv4(text)
  if (!parsed.ok) return fail(`the netmask ${quote(text)} in ${quote(whole)} is not valid: ${parsed.error}`)
  const asNetmask = contiguousPrefix(parsed.value.value, true)
  if (asNetmask >= 0) return ok(asNetmask)
  const asHostmask = contiguousPrefix(parsed.value.value, false)
  if (asHostmask >= 0) return ok(asHostmask)
  return fail(`the netmask ${quote(text)} in ${quote(whole)} is not valid: its one bits are not contiguous`)
}

/** The mask part of an interface: a prefix length, or (IPv4 only) a dotted netmask or hostmask. */
function parseMask(text: string, version: IPVersion, whole: string): Parsed<number> {
  if (version === 4 && text.indexOf('.') >= 0) return parseIPv4Mask(text, whole)
  if (version === 6 && text.indexOf(':') >= 0) {
    return fail(`${quote(whole)} gives an IPv6 netmask; write IPv6 networks with a prefix length, as in 2001:db8::/32`)
  }
  return parsePrefixLength(text, version, whole)
}

/**
 * An address with an optional mask: '192.0.2.7', '192.0.2.7/24', '192.0.2.7/255.255.255.0',
 * '192.0.2.7 255.255.255.0', 'fe80::1%eth0/64'. Host bits may be set; the network is computed (CPython's
 * ip_interface). Surrounding whitespace is ignored.
 */
export function parseInterface(input: string): Parsed<IPInterface> {
  const text = input.trim()
  if (text.length === 0) return fail('the address is empty')
  let addressText = text
  let maskText: string | null = null
  const slash = text.indexOf('/')
  if (slash >= 0) {
    if (text.indexOf('/', slash + 1) >= 0) return fail(`${quote(text)} has more than one '/'`)
    addressText = text.slice(0, slash).trimEnd()
    maskText = text.slice(slash + 1).trimStart()
  } else {
    const space = text.search(/\s/)
    if (space >= 0) {
      addressText = text.slice(0, space)
      maskText = text.slice(space).trim()
      if (/\s/.test(maskText)) return fail(`${quote(text)} has more than two parts; expected an address and a netmask`)
    }
  }
  const address = parseAddress(addressText)
  if (!address.ok) return looksLikeHostName(addressText) ? fail(hostNameMessage(addressText)) : address
  const bits = bitsOf(address.value.version)
  let prefixLength: number = bits
  if (maskText !== null) {
    const mask = parseMask(maskText, address.value.version, text)
    if (!mask.ok) return mask
    prefixLength = mask.value
  }
  return ok({ address: address.value, network: makeNetwork(address.value, prefixLength) })
}

/**
 * Whether text that failed to parse as an address reads as a DNS host name ('example.com', 'localhost'), so the
 * error can say so instead of complaining about octets. A dotted name needs a last label that starts with a letter
 * (top-level domains are never numeric, RFC 3696 §2) and a label that is not all digits before it, which keeps
 * typos such as '10.0.0.1a' or '10.0.0.x' address errors.
 */
export function looksLikeHostName(text: string): boolean {
  const name = text.endsWith('.') ? text.slice(0, -1) : text
  if (name.length === 0 || name.length > 253 || !/[a-z]/i.test(name)) return false
  const labels = name.split('.')
  if (!labels.every((l) => /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/i.test(l))) return false
  if (labels.length === 1) return true
  // '10.0.0.x' is an address with a typo in its last octet, not a name.
  if (labels.slice(0, -1).every((l) => /^[0-9]+$/.test(l))) return false
  return /^[a-z]/i.test(labels[labels.length - 1]!)
}

/** The words for a host name typed where an address belongs. */
export function hostNameMessage(text: string): string {
  return `${quote(text)} is a host name, not an IP address: look up its addresses in DNS first (the DNS tab is not built yet; meanwhile \`dig ${text.length > 64 ? 'NAME' : text}\` or \`getent hosts\` on this machine), then paste one here`
}

/**
 * A network in CIDR text. With `strict` (the default, like CPython's ip_network) host bits must be zero; without
 * it they are cleared. An address alone is a /32 or /128.
 */
export function parseNetwork(input: string, options: { strict?: boolean } = {}): Parsed<IPNetwork> {
  const iface = parseInterface(input)
  if (!iface.ok) return iface
  const { address, network } = iface.value
  if ((options.strict ?? true) && addressToBigInt(address) !== networkFirst(network)) {
    return fail(`${quote(input.trim())} has host bits set; the network is ${formatNetwork(network)}`)
  }
  return ok(network)
}

/** An inclusive address range 'first-last' (spaces around '-' allowed); both ends of one version, first ≤ last. */
export function parseRange(input: string): Parsed<{ first: IPAddress; last: IPAddress }> {
  const text = input.trim()
  const dash = rangeDash(text)
  if (dash < 0) return fail(`${quote(text)} is not a range; write it as first-last, as in 192.0.2.10-192.0.2.20`)
  const first = parseAddress(text.slice(0, dash).trim())
  if (!first.ok) return fail(`the first address of the range: ${first.error}`)
  const last = parseAddress(text.slice(dash + 1).trim())
  if (!last.ok) return fail(`the last address of the range: ${last.error}`)
  if (first.value.version !== last.value.version) {
    return fail(`the range ${quote(text)} mixes IPv${first.value.version} and IPv${last.value.version}`)
  }
  if (addressToBigInt(first.value) > addressToBigInt(last.value)) {
    return fail(`the range ${quote(text)} ends before it starts`)
  }
  return ok({ first: first.value, last: last.value })
}

/** The index of the '-' that separates a range, or -1. (So a zone inside a range cannot itself contain '-'.) */
export function rangeDash(text: string): number {
  return text.indexOf('-')
}
