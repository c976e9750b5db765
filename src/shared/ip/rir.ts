// Who administers an address, offline: the IANA IPv4 Address Space Registry (one row per /8) and the IPv6 Global
// Unicast Address Assignments. This is the top of the delegation tree only: a block the registry gives to ARIN may
// since have been transferred inside or between RIRs, which only the RIRs' own data (or RDAP) can tell.
// Special-purpose blocks (RFC 1918, documentation, benchmarking…) sit inside /8s the registry gives to an RIR, but no
// RIR administers them: IANA reserved them by RFC, so they answer "IANA" before the /8 or the IPv6 assignment does.

import { type IPAddress, addressWords, ipv4Mapped } from './address'
import { type AddressSpaceRow, IPV4_ADDRESS_SPACE, IPV6_UNICAST_ASSIGNMENTS } from './iana-data'
import { formatNetwork, parseNetwork } from './network'
import { type CompiledPrefix, compilePrefix, wordsInPrefix } from './prefix-match'
import { unwrap } from './result'
import { specialPurposeBlock } from './special'

export type RegistryName = 'AFRINIC' | 'APNIC' | 'ARIN' | 'LACNIC' | 'RIPE NCC' | 'IANA'

export interface AddressAdministrator {
  /** The registry block the address falls in, canonical CIDR. */
  prefix: string
  /** The RIR whose WHOIS serves the block, or IANA for reserved and IETF blocks. */
  registry: RegistryName
  /** As the registry words it: 'ARIN', 'Administered by ARIN', a legacy holder ('Apple Computer Inc.'), 'Multicast'… */
  designation: string
  /** ALLOCATED, LEGACY or RESERVED. */
  status: string
  date: string
  whois: string | null
}

const WHOIS_REGISTRY: Record<string, RegistryName> = {
  'whois.afrinic.net': 'AFRINIC',
  'whois.apnic.net': 'APNIC',
  'whois.arin.net': 'ARIN',
  'whois.lacnic.net': 'LACNIC',
  'whois.ripe.net': 'RIPE NCC'
}

function toAdministrator(row: AddressSpaceRow): AddressAdministrator {
  return {
    prefix: formatNetwork(unwrap(parseNetwork(row.prefix), 'INTERNAL')),
    registry: (row.whois && WHOIS_REGISTRY[row.whois]) || 'IANA',
    designation: row.designation,
    status: row.status,
    date: row.date,
    whois: row.whois
  }
}

let ipv6Table: { prefix: CompiledPrefix; admin: AddressAdministrator }[] | null = null

function ipv6Assignments(): { prefix: CompiledPrefix; admin: AddressAdministrator }[] {
  ipv6Table ??= IPV6_UNICAST_ASSIGNMENTS.map((row) => ({ prefix: compilePrefix(row.prefix), admin: toAdministrator(row) })).sort(
    (a, b) => b.prefix.prefixLength - a.prefix.prefixLength
  )
  return ipv6Table
}

/**
 * The registry entry covering the address: for IPv4 its /8; for IPv6 the most specific global unicast assignment
 * (null outside them, e.g. fc00::/7 or fe80::/10). An IPv4-mapped address answers for the IPv4 address inside.
 */
export function addressAdministrator(address: IPAddress): AddressAdministrator | null {
  const v4 = address.version === 4 ? address : ipv4Mapped(address)
  const top = v4 ? toAdministrator(IPV4_ADDRESS_SPACE[v4.value >>> 24]!) : ipv6Administrator(address)
  if (top === null || top.registry === 'IANA') return top
  return specialAdministrator(v4 ?? address) ?? top
}

function ipv6Administrator(address: IPAddress): AddressAdministrator | null {
  const words = addressWords(address)
  const hit = ipv6Assignments().find((a) => wordsInPrefix(words, a.prefix))
  return hit ? { ...hit.admin } : null
}

/** IANA as the administrator of a special-purpose block that lies inside an RIR's space, or null outside them. */
function specialAdministrator(address: IPAddress): AddressAdministrator | null {
  const block = specialPurposeBlock(address)
  if (!block) return null
  const rfc = block.rfc.replace(/\[RFC(\d+)\]/g, 'RFC $1').replace(/\[|\]/g, '')
  const what = block.globallyReachable === true ? 'IANA special-purpose' : 'IANA reserved'
  return {
    prefix: block.network,
    registry: 'IANA',
    designation: `${what}, ${rfc} (${block.name}); no RIR administers it`,
    status: 'RESERVED',
    date: block.allocationDate,
    whois: null
  }
}
