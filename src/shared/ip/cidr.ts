// The CIDR calculator: what the Subnets tab shows for what the user typed. Usable hosts follow CPython's hosts():
// IPv4 drops the network and broadcast addresses except on /31 (RFC 3021: both usable) and /32 (the one address);
// IPv6 has no broadcast and drops only the Subnet-Router anycast address (the network address), except on /127 and
// /128 where every address is usable. A broadcast address exists only where one does on the wire: not on /31 or
// /32, not in multicast space (a group range has no broadcast), not in IPv6.

import { type IPAddress, type IPVersion, addressFromBigInt, addressToBigInt, allOnesOf, bitsOf } from './address'
import {
  type IPInterface,
  type IPNetwork,
  hostNameMessage,
  looksLikeHostName,
  networkFirst,
  networkLast,
  networkSize,
  parseInterface,
  parseRange,
  prefixMask
} from './network'
import { multicastBlock } from './multicast'
import { type Parsed, ok, fail, quote, unwrap } from './result'
import { summarizeValues } from './summarize'

export type Ipv4Class = 'A' | 'B' | 'C' | 'D' | 'E'

/** The historic (pre-CIDR) class of an IPv4 address, from its leading bits. */
export function ipv4Class(value: number): Ipv4Class {
  const top = value >>> 24
  if (top < 128) return 'A'
  if (top < 192) return 'B'
  if (top < 224) return 'C'
  if (top < 240) return 'D'
  return 'E'
}

export interface HostRange {
  firstHost: IPAddress
  lastHost: IPAddress
  usableHosts: bigint
}

/** The usable host range of a network (see the note at the top of this file). */
export function hostRange(network: IPNetwork): HostRange {
  const { version, prefixLength } = network
  const first = networkFirst(network)
  const last = networkLast(network)
  const bits = bitsOf(version)
  const size = networkSize(network)
  const at = (v: bigint) => addressFromBigInt(version, v)
  if (prefixLength >= bits - 1) return { firstHost: at(first), lastHost: at(last), usableHosts: size }
  // Every address of a multicast range is a group; none is set aside as a network or broadcast address.
  if (version === 4 && prefixLength >= 4 && multicastBlock(network.address)) return { firstHost: at(first), lastHost: at(last), usableHosts: size }
  if (version === 4) return { firstHost: at(first + 1n), lastHost: at(last - 1n), usableHosts: size - 2n }
  return { firstHost: at(first + 1n), lastHost: at(last), usableHosts: size - 1n }
}

export interface CidrCalculation {
  version: IPVersion
  /** The address as typed (host bits kept). */
  address: IPAddress
  network: IPNetwork
  prefixLength: number
  netmask: IPAddress
  /** The wildcard mask (inverse of the netmask). */
  hostmask: IPAddress
  /** The directed broadcast address; null where there is none (see broadcastNote). */
  broadcast: IPAddress | null
  /** Why there is no broadcast address, in words; null when there is one. */
  broadcastNote: string | null
  firstHost: IPAddress
  lastHost: IPAddress
  numAddresses: bigint
  usableHosts: bigint
  /** IPv4 only. */
  ipv4Class: Ipv4Class | null
}

/** Why a network has no broadcast address, or null when it has one. */
export function noBroadcastReason(network: IPNetwork): string | null {
  if (network.version === 6) return 'none: IPv6 has no broadcast (RFC 4291); multicast does that job'
  // Multicast first: 224.0.0.1 typed alone is a /32, but what the user needs to hear is that it is a group.
  if (network.prefixLength >= 4 && multicastBlock(network.address)) {
    return 'none: multicast group addresses (RFC 5771) have no broadcast'
  }
  if (network.prefixLength === 32) return 'none: a /32 is one host, with no network or broadcast address'
  if (network.prefixLength === 31) return 'none: a /31 is a point-to-point link (RFC 3021), both addresses are hosts'
  return null
}

export function calculateCidr(iface: IPInterface): CidrCalculation {
  const { address, network } = iface
  const version = network.version
  const mask = prefixMask(version, network.prefixLength)
  const hosts = hostRange(network)
  const broadcastNote = noBroadcastReason(network)
  return {
    version,
    address,
    network,
    prefixLength: network.prefixLength,
    netmask: addressFromBigInt(version, mask),
    hostmask: addressFromBigInt(version, allOnesOf(version) ^ mask),
    broadcast: broadcastNote === null ? addressFromBigInt(4, networkLast(network)) : null,
    broadcastNote,
    firstHost: hosts.firstHost,
    lastHost: hosts.lastHost,
    numAddresses: networkSize(network),
    usableHosts: hosts.usableHosts,
    ipv4Class: address.version === 4 ? ipv4Class(address.value) : null
  }
}

export type CidrInput =
  | { readonly kind: 'interface'; readonly interface: IPInterface; readonly calculation: CidrCalculation }
  | {
      readonly kind: 'range'
      readonly first: IPAddress
      readonly last: IPAddress
      readonly numAddresses: bigint
      /** The fewest CIDR blocks that cover the range exactly. */
      readonly networks: IPNetwork[]
    }

/**
 * Everything the calculator accepts: 'a.b.c.d/nn', 'a.b.c.d nn.nn.nn.nn', 'a.b.c.d/nn.nn.nn.nn', an address with
 * host bits set (kept, its network computed), a bare address (/32 or /128), IPv6 with a prefix length, and a range
 * 'first-last' (summarized into CIDR blocks).
 */
export function parseCidrInput(input: string): Parsed<CidrInput> {
  const text = input.trim()
  if (text.length === 0) return fail('nothing to calculate: type an address, a network or a range')
  // Before the range check: 'my-host.example' has a '-' but is a name, not a range.
  const head = text.split(/[\s/]/)[0]!
  if (looksLikeHostName(head)) return fail(hostNameMessage(head))
  if (text.indexOf('-') >= 0) {
    const range = parseRange(text)
    if (!range.ok) {
      // A '-' may belong to an IPv6 zone (fe80::1%eth-0/64) rather than separate a range.
      const iface = text.indexOf('%') >= 0 ? parseInterface(text) : null
      return iface?.ok ? ok({ kind: 'interface', interface: iface.value, calculation: calculateCidr(iface.value) }) : range
    }
    const { first, last } = range.value
    const a = addressToBigInt(first)
    const b = addressToBigInt(last)
    return ok({
      kind: 'range',
      first,
      last,
      numAddresses: b - a + 1n,
      networks: summarizeValues(first.version, a, b)
    })
  }
  const iface = parseInterface(text)
  if (!iface.ok) return iface
  return ok({ kind: 'interface', interface: iface.value, calculation: calculateCidr(iface.value) })
}

export function parseCidrInputOrThrow(input: string): CidrInput {
  return unwrap(parseCidrInput(input))
}

/** The calculation for an address or network text (not a range). */
export function calculate(input: string): Parsed<CidrCalculation> {
  const parsed = parseCidrInput(input)
  if (!parsed.ok) return parsed
  if (parsed.value.kind === 'range') return fail(`${quote(input.trim())} is a range; give an address or a network`)
  return ok(parsed.value.calculation)
}
