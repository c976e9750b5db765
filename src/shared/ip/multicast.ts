// Multicast is not in IANA's special-purpose registries (it has registries of its own), so without this table a
// group address such as 224.0.0.1 reads as "ordinary address space" with a broadcast. Blocks from RFC 5771 (IPv4)
// and RFC 4291 §2.7 / RFC 7346 (IPv6 scopes).

import { type IPAddress, addressWords } from './address'
import { type CompiledPrefix, compilePrefix, wordsInPrefix } from './prefix-match'

export interface MulticastBlock {
  /** The most specific block the group address falls in, canonical CIDR. */
  network: string
  name: string
  rfc: string
  /** IPv6 only: the scope from the address's fourth nibble, in words (link-local, site-local, global…). */
  scope: string | null
}

// Most specific last, so the search from the end finds the narrowest block first.
const IPV4_MULTICAST: readonly [string, string, string][] = [
  ['224.0.0.0/4', 'IPv4 multicast', 'RFC 5771'],
  ['224.0.0.0/8', 'Reserved (RFC 5771 §4)', 'RFC 5771'],
  ['225.0.0.0/8', 'Reserved', 'RFC 5771'],
  ['226.0.0.0/7', 'Reserved', 'RFC 5771'],
  ['228.0.0.0/6', 'Reserved', 'RFC 5771'],
  ['235.0.0.0/8', 'Reserved', 'RFC 5771'],
  ['236.0.0.0/7', 'Reserved', 'RFC 5771'],
  ['224.0.0.0/24', 'Local Network Control Block (never forwarded off the link)', 'RFC 5771'],
  ['224.0.1.0/24', 'Internetwork Control Block', 'RFC 5771'],
  ['224.0.2.0/23', 'AD-HOC Block I', 'RFC 5771'],
  ['224.0.4.0/22', 'AD-HOC Block I', 'RFC 5771'],
  ['224.0.8.0/21', 'AD-HOC Block I', 'RFC 5771'],
  ['224.0.16.0/20', 'AD-HOC Block I', 'RFC 5771'],
  ['224.0.32.0/19', 'AD-HOC Block I', 'RFC 5771'],
  ['224.0.64.0/18', 'AD-HOC Block I', 'RFC 5771'],
  ['224.0.128.0/17', 'AD-HOC Block I', 'RFC 5771'],
  ['224.2.0.0/16', 'SDP/SAP Block', 'RFC 5771'],
  ['224.3.0.0/16', 'AD-HOC Block II', 'RFC 5771'],
  ['224.4.0.0/16', 'AD-HOC Block II', 'RFC 5771'],
  ['232.0.0.0/8', 'Source-Specific Multicast Block', 'RFC 4607'],
  ['233.0.0.0/8', 'GLOP Block', 'RFC 3180'],
  ['233.252.0.0/14', 'AD-HOC Block III', 'RFC 5771'],
  ['234.0.0.0/8', 'Unicast-Prefix-based IPv4 Multicast', 'RFC 6034'],
  ['239.0.0.0/8', 'Administratively Scoped Block (an organisation’s own, like RFC 1918 for groups)', 'RFC 2365']
]

const IPV6_SCOPES: Record<number, string> = {
  1: 'interface-local',
  2: 'link-local',
  3: 'realm-local',
  4: 'admin-local',
  5: 'site-local',
  8: 'organization-local',
  14: 'global'
}

let compiled: { prefix: CompiledPrefix; network: string; name: string; rfc: string }[] | null = null
let ipv6Multicast: CompiledPrefix | null = null

function ipv4Table() {
  compiled ??= IPV4_MULTICAST.map(([network, name, rfc]) => ({ prefix: compilePrefix(network), network, name, rfc }))
  return compiled
}

/** The multicast block a group address belongs to, or null for a unicast address. */
export function multicastBlock(address: IPAddress): MulticastBlock | null {
  const words = addressWords(address)
  if (address.version === 4) {
    const table = ipv4Table()
    if (!wordsInPrefix(words, table[0]!.prefix)) return null
    let best = table[0]!
    for (const row of table) if (wordsInPrefix(words, row.prefix) && row.prefix.prefixLength >= best.prefix.prefixLength) best = row
    return { network: best.network, name: best.name, rfc: best.rfc, scope: null }
  }
  if (!wordsInPrefix(words, (ipv6Multicast ??= compilePrefix('ff00::/8')))) return null
  const scopeNibble = (words[0]! >>> 16) & 0xf
  const scope = IPV6_SCOPES[scopeNibble] ?? `unassigned or reserved scope ${scopeNibble.toString(16)}`
  return { network: 'ff00::/8', name: 'IPv6 multicast', rfc: 'RFC 4291 §2.7', scope }
}
