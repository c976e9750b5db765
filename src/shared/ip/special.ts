// What an address is: the IANA special-purpose block it falls in (from the registries shipped in resources/iana),
// and the flags private / global / loopback / link-local / multicast / reserved / unspecified defined exactly as
// CPython 3.13's ipaddress defines them. The two can disagree, on purpose: CPython's lists are its own reading of
// the registries (it treats 2002::/16, whose "globally reachable" is N/A, as private; it does not list 5f00::/16 or
// 2001:1::3/128), and the UI shows both: the flags, and the registry row with its own columns.

import { type IPAddress, addressWords, ipv4Mapped } from './address'
import { IPV4_SPECIAL_REGISTRY, IPV6_SPECIAL_REGISTRY, type SpecialRegistryRow } from './iana-data'
import { formatNetwork, parseNetwork } from './network'
import { type CompiledPrefix, compilePrefix, wordsInAny, wordsInPrefix } from './prefix-match'
import { unwrap } from './result'

// ---------------------------------------------------------------------------------------------------------------
// Flags: CPython 3.13 Lib/ipaddress.py, _IPv4Constants and _IPv6Constants (3fff::/20 added in 3.13.1, gh-124217).

const CPYTHON_IPV4 = {
  privateNetworks: [
    '0.0.0.0/8', '10.0.0.0/8', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.0.0.0/24', '192.0.0.170/31',
    '192.0.2.0/24', '192.168.0.0/16', '198.18.0.0/15', '198.51.100.0/24', '203.0.113.0/24', '240.0.0.0/4',
    '255.255.255.255/32'
  ],
  privateExceptions: ['192.0.0.9/32', '192.0.0.10/32'],
  /** Shared address space (RFC 6598): neither private nor global. */
  publicNetwork: '100.64.0.0/10',
  loopback: '127.0.0.0/8',
  linkLocal: '169.254.0.0/16',
  multicast: '224.0.0.0/4',
  reserved: '240.0.0.0/4'
}

const CPYTHON_IPV6 = {
  privateNetworks: [
    '::1/128', '::/128', '::ffff:0:0/96', '64:ff9b:1::/48', '100::/64', '2001::/23', '2001:db8::/32', '2002::/16',
    '3fff::/20', 'fc00::/7', 'fe80::/10'
  ],
  privateExceptions: ['2001:1::1/128', '2001:1::2/128', '2001:3::/32', '2001:4:112::/48', '2001:20::/28', '2001:30::/28'],
  linkLocal: 'fe80::/10',
  multicast: 'ff00::/8',
  reserved: [
    '::/8', '100::/8', '200::/7', '400::/6', '800::/5', '1000::/4', '4000::/3', '6000::/3', '8000::/3', 'a000::/3',
    'c000::/3', 'e000::/4', 'f000::/5', 'f800::/6', 'fe00::/9'
  ]
}

/** The source of the flag definitions, for the UI's "defined as" note. */
export const FLAG_DEFINITIONS = { ipv4: CPYTHON_IPV4, ipv6: CPYTHON_IPV6, source: 'CPython 3.13 Lib/ipaddress.py' } as const

interface CompiledFlags {
  v4Private: CompiledPrefix[]
  v4Exceptions: CompiledPrefix[]
  v4Public: CompiledPrefix
  v4Loopback: CompiledPrefix
  v4LinkLocal: CompiledPrefix
  v4Multicast: CompiledPrefix
  v4Reserved: CompiledPrefix
  v6Private: CompiledPrefix[]
  v6Exceptions: CompiledPrefix[]
  v6LinkLocal: CompiledPrefix
  v6Multicast: CompiledPrefix
  v6Reserved: CompiledPrefix[]
}

let compiledFlags: CompiledFlags | null = null

function flagTables(): CompiledFlags {
  compiledFlags ??= {
    v4Private: CPYTHON_IPV4.privateNetworks.map(compilePrefix),
    v4Exceptions: CPYTHON_IPV4.privateExceptions.map(compilePrefix),
    v4Public: compilePrefix(CPYTHON_IPV4.publicNetwork),
    v4Loopback: compilePrefix(CPYTHON_IPV4.loopback),
    v4LinkLocal: compilePrefix(CPYTHON_IPV4.linkLocal),
    v4Multicast: compilePrefix(CPYTHON_IPV4.multicast),
    v4Reserved: compilePrefix(CPYTHON_IPV4.reserved),
    v6Private: CPYTHON_IPV6.privateNetworks.map(compilePrefix),
    v6Exceptions: CPYTHON_IPV6.privateExceptions.map(compilePrefix),
    v6LinkLocal: compilePrefix(CPYTHON_IPV6.linkLocal),
    v6Multicast: compilePrefix(CPYTHON_IPV6.multicast),
    v6Reserved: CPYTHON_IPV6.reserved.map(compilePrefix)
  }
  return compiledFlags
}

export interface AddressFlags {
  private: boolean
  global: boolean
  loopback: boolean
  linkLocal: boolean
  multicast: boolean
  reserved: boolean
  unspecified: boolean
}

function ipv4Flags(value: number): AddressFlags {
  const t = flagTables()
  const words = [value]
  const isPrivate = wordsInAny(words, t.v4Private) && !wordsInAny(words, t.v4Exceptions)
  return {
    private: isPrivate,
    global: !isPrivate && !wordsInPrefix(words, t.v4Public),
    loopback: wordsInPrefix(words, t.v4Loopback),
    linkLocal: wordsInPrefix(words, t.v4LinkLocal),
    multicast: wordsInPrefix(words, t.v4Multicast),
    reserved: wordsInPrefix(words, t.v4Reserved),
    unspecified: value === 0
  }
}

/**
 * The CPython 3.13 flags of an address. IPv4-mapped IPv6 addresses (::ffff:0:0/96) take every flag from the IPv4
 * address inside them, as CPython does.
 */
export function addressFlags(address: IPAddress): AddressFlags {
  if (address.version === 4) return ipv4Flags(address.value)
  const mapped = ipv4Mapped(address)
  if (mapped) return ipv4Flags(mapped.value)
  const t = flagTables()
  const words = addressWords(address)
  const isPrivate = wordsInAny(words, t.v6Private) && !wordsInAny(words, t.v6Exceptions)
  return {
    private: isPrivate,
    global: !isPrivate,
    loopback: address.value === 1n,
    linkLocal: wordsInPrefix(words, t.v6LinkLocal),
    multicast: wordsInPrefix(words, t.v6Multicast),
    reserved: wordsInAny(words, t.v6Reserved),
    unspecified: address.value === 0n
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The IANA special-purpose registries

export interface SpecialPurposeBlock {
  /** The block in canonical CIDR text. */
  network: string
  name: string
  rfc: string
  allocationDate: string
  terminationDate: string | null
  source: boolean | null
  destination: boolean | null
  forwardable: boolean | null
  globallyReachable: boolean | null
  reservedByProtocol: boolean | null
}

interface CompiledBlock {
  prefix: CompiledPrefix
  block: SpecialPurposeBlock
}

let compiledBlocks: { 4: CompiledBlock[]; 6: CompiledBlock[] } | null = null

function compileRows(rows: readonly SpecialRegistryRow[]): CompiledBlock[] {
  return rows
    .map((row) => {
      const { block: cidr, ...columns } = row
      return { prefix: compilePrefix(cidr), block: { network: formatNetwork(unwrap(parseNetwork(cidr), 'INTERNAL')), ...columns } }
    })
    .sort((a, b) => a.prefix.prefixLength - b.prefix.prefixLength)
}

function blockTables(): { 4: CompiledBlock[]; 6: CompiledBlock[] } {
  compiledBlocks ??= { 4: compileRows(IPV4_SPECIAL_REGISTRY), 6: compileRows(IPV6_SPECIAL_REGISTRY) }
  return compiledBlocks
}

/** Every registry block containing the address, least specific first (192.0.0.0/24 before 192.0.0.9/32). */
export function specialPurposeBlocks(address: IPAddress): SpecialPurposeBlock[] {
  const words = addressWords(address)
  return blockTables()[address.version]
    .filter((b) => wordsInPrefix(words, b.prefix))
    .map((b) => ({ ...b.block }))
}

/** The most specific registry block containing the address, or null if it is in none. */
export function specialPurposeBlock(address: IPAddress): SpecialPurposeBlock | null {
  const blocks = specialPurposeBlocks(address)
  return blocks.length > 0 ? blocks[blocks.length - 1]! : null
}

/** The whole registry of one version, in the registry's order, for listing. */
export function specialPurposeRegistry(version: 4 | 6): SpecialPurposeBlock[] {
  const rows = version === 4 ? IPV4_SPECIAL_REGISTRY : IPV6_SPECIAL_REGISTRY
  return rows.map(({ block, ...columns }) => ({ network: formatNetwork(unwrap(parseNetwork(block), 'INTERNAL')), ...columns }))
}
