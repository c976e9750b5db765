// Address library: special, checked against the RFCs and CPython's ipaddress where they define the answer.
import { describe, expect, test } from 'vitest'
import { type IPAddress, addressFromBigInt, allOnesOf } from './address'
import { formatAddress } from './format'
import { IPV4_SPECIAL_REGISTRY, IPV6_SPECIAL_REGISTRY } from './iana-data'
import { parseAddressOrThrow, parseNetworkOrThrow } from './index'
import { formatNetwork, networkFirst, networkLast } from './network'
import { type AddressFlags, addressFlags, specialPurposeBlock, specialPurposeBlocks, specialPurposeRegistry } from './special'

const a = parseAddressOrThrow
const blocksOf = (address: IPAddress) => specialPurposeBlocks(address).map((b) => b.network)
const canonical = (cidr: string) => formatNetwork(parseNetworkOrThrow(cidr))

describe('special-purpose registry lookup: every block, at and beyond both edges', () => {
  const rows = [...IPV4_SPECIAL_REGISTRY, ...IPV6_SPECIAL_REGISTRY]
  test.each(rows.map((r) => [r.block]))('%s', (cidr) => {
    const network = parseNetworkOrThrow(cidr)
    const name = canonical(cidr)
    const first = addressFromBigInt(network.version, networkFirst(network))
    const last = addressFromBigInt(network.version, networkLast(network))
    // Inside at both ends (a nested block may be the most specific there, but this one must be listed).
    expect(blocksOf(first), formatAddress(first)).toContain(name)
    expect(blocksOf(last), formatAddress(last)).toContain(name)
    // Just outside at both ends (where there is an outside).
    if (networkFirst(network) > 0n) {
      const below = addressFromBigInt(network.version, networkFirst(network) - 1n)
      expect(blocksOf(below), formatAddress(below)).not.toContain(name)
    }
    if (networkLast(network) < allOnesOf(network.version)) {
      const above = addressFromBigInt(network.version, networkLast(network) + 1n)
      expect(blocksOf(above), formatAddress(above)).not.toContain(name)
    }
    // Where no other block nests inside this one, it is the most specific answer at both ends.
    const nested = rows.filter((o) => o.block !== cidr && blocksOf(addressFromBigInt(network.version, networkFirst(parseNetworkOrThrow(o.block)))).includes(name))
    if (nested.length === 0) {
      expect(specialPurposeBlock(first)?.network).toBe(name)
      expect(specialPurposeBlock(last)?.network).toBe(name)
    }
  })

  test('nested blocks: the most specific wins, and all are listed from the outside in', () => {
    expect(blocksOf(a('192.0.0.9'))).toEqual(['192.0.0.0/24', '192.0.0.9/32'])
    expect(specialPurposeBlock(a('192.0.0.9'))).toMatchObject({ name: 'Port Control Protocol Anycast', globallyReachable: true })
    expect(blocksOf(a('192.0.0.3'))).toEqual(['192.0.0.0/24', '192.0.0.0/29'])
    expect(specialPurposeBlock(a('192.0.0.100'))?.network).toBe('192.0.0.0/24')
    expect(blocksOf(a('0.0.0.0'))).toEqual(['0.0.0.0/8', '0.0.0.0/32'])
    expect(blocksOf(a('192.88.99.2'))).toEqual(['192.88.99.0/24', '192.88.99.2/32'])
    expect(blocksOf(a('2001::1'))).toEqual(['2001::/23', '2001::/32'])
    expect(blocksOf(a('2001:1::3'))).toEqual(['2001::/23', '2001:1::3/128'])
    expect(blocksOf(a('2001:1ff:ffff::'))).toEqual(['2001::/23'])
    expect(blocksOf(a('2001:200::'))).toEqual([])
  })

  test('the registry columns come with the block; a terminated allocation has no flags', () => {
    expect(specialPurposeBlock(a('100.64.0.1'))).toEqual({
      network: '100.64.0.0/10', name: 'Shared Address Space', rfc: '[RFC6598]', allocationDate: '2012-04', terminationDate: null,
      source: true, destination: true, forwardable: true, globallyReachable: false, reservedByProtocol: false
    })
    expect(specialPurposeBlock(a('192.88.99.1'))).toMatchObject({ terminationDate: '2015-03', source: null, globallyReachable: null })
    expect(specialPurposeBlock(a('2001:10::1'))).toMatchObject({ name: 'Deprecated (previously ORCHID)', globallyReachable: null })
    expect(specialPurposeBlock(a('5f00::1'))).toMatchObject({ name: 'Segment Routing (SRv6) SIDs', rfc: '[RFC9602]' })
    expect(specialPurposeBlock(a('3fff:fff::1'))).toMatchObject({ name: 'Documentation', rfc: '[RFC9637]' })
    expect(specialPurposeBlock(a('3fff:1000::'))).toBeNull()
    expect(specialPurposeBlock(a('8.8.8.8'))).toBeNull()
  })

  test('the whole registry can be listed, canonical', () => {
    expect(specialPurposeRegistry(4)).toHaveLength(26)
    expect(specialPurposeRegistry(6).map((b) => b.network)).toContain('::ffff:0.0.0.0/96')
  })
})

const F = (on: (keyof AddressFlags)[]): AddressFlags => ({
  private: on.includes('private'),
  global: on.includes('global'),
  loopback: on.includes('loopback'),
  linkLocal: on.includes('linkLocal'),
  multicast: on.includes('multicast'),
  reserved: on.includes('reserved'),
  unspecified: on.includes('unspecified')
})

describe('flags, as CPython 3.13 defines them', () => {
  test.each<[string, (keyof AddressFlags)[]]>([
    // IPv4 private networks and their edges
    ['0.0.0.0', ['private', 'unspecified']],
    ['0.255.255.255', ['private']],
    ['1.0.0.0', ['global']],
    ['9.255.255.255', ['global']],
    ['10.0.0.0', ['private']],
    ['10.255.255.255', ['private']],
    ['11.0.0.0', ['global']],
    ['100.63.255.255', ['global']],
    ['100.64.0.0', []], // shared address space: neither private nor global
    ['100.127.255.255', []],
    ['100.128.0.0', ['global']],
    ['127.0.0.1', ['private', 'loopback']],
    ['126.255.255.255', ['global']],
    ['128.0.0.0', ['global']],
    ['169.254.0.0', ['private', 'linkLocal']],
    ['169.254.255.255', ['private', 'linkLocal']],
    ['169.253.255.255', ['global']],
    ['169.255.0.0', ['global']],
    ['172.15.255.255', ['global']],
    ['172.16.0.0', ['private']],
    ['172.31.255.255', ['private']],
    ['172.32.0.0', ['global']],
    ['192.0.0.0', ['private']],
    ['192.0.0.8', ['private']],
    ['192.0.0.9', ['global']], // exception
    ['192.0.0.10', ['global']], // exception
    ['192.0.0.11', ['private']],
    ['192.0.0.170', ['private']],
    ['192.0.0.171', ['private']],
    ['192.0.0.255', ['private']],
    ['192.0.1.0', ['global']],
    ['192.0.2.1', ['private']],
    ['192.31.196.1', ['global']],
    ['192.88.99.1', ['global']],
    ['192.167.255.255', ['global']],
    ['192.168.0.0', ['private']],
    ['192.168.255.255', ['private']],
    ['192.169.0.0', ['global']],
    ['198.17.255.255', ['global']],
    ['198.18.0.0', ['private']],
    ['198.19.255.255', ['private']],
    ['198.20.0.0', ['global']],
    ['198.51.100.7', ['private']],
    ['203.0.113.255', ['private']],
    ['203.0.114.0', ['global']],
    ['224.0.0.1', ['global', 'multicast']],
    ['239.255.255.255', ['global', 'multicast']],
    ['239.255.255.254', ['global', 'multicast']],
    ['240.0.0.0', ['private', 'reserved']],
    ['255.255.255.254', ['private', 'reserved']],
    ['255.255.255.255', ['private', 'reserved']],
    ['8.8.8.8', ['global']],
    // IPv6
    ['::', ['private', 'unspecified', 'reserved']],
    ['::1', ['private', 'loopback', 'reserved']],
    ['::2', ['global', 'reserved']],
    ['64:ff9b::808:808', ['global', 'reserved']],
    ['64:ff9b:1::1', ['private', 'reserved']],
    ['100::1', ['private', 'reserved']],
    ['100:0:0:1::1', ['global', 'reserved']], // Dummy IPv6 Prefix (RFC 9780) is newer than CPython's list
    ['2001::1', ['private']],
    ['2001:1::1', ['global']], // exception
    ['2001:1::2', ['global']], // exception
    ['2001:1::3', ['private']], // not among CPython's exceptions, though the registry says globally reachable
    ['2001:2::1', ['private']],
    ['2001:3::1', ['global']],
    ['2001:4:112::1', ['global']],
    ['2001:10::1', ['private']],
    ['2001:20::1', ['global']],
    ['2001:2f:ffff::', ['global']],
    ['2001:30::1', ['global']],
    ['2001:1ff:ffff:ffff:ffff:ffff:ffff:ffff', ['private']],
    ['2001:200::', ['global']],
    ['2001:db8::1', ['private']],
    ['2001:db9::', ['global']],
    ['2002::1', ['private']],
    ['2003::1', ['global']],
    ['2606:4700::1111', ['global']],
    ['3fff::1', ['private']],
    ['3fff:fff:ffff:ffff:ffff:ffff:ffff:ffff', ['private']],
    ['3fff:1000::', ['global']],
    ['4000::1', ['global', 'reserved']],
    ['5f00::1', ['global', 'reserved']], // SRv6 SIDs: not in CPython's private list
    ['fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', ['global', 'reserved']],
    ['fc00::1', ['private']],
    ['fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', ['private']],
    ['fe00::', ['global', 'reserved']],
    ['fe7f:ffff:ffff:ffff:ffff:ffff:ffff:ffff', ['global', 'reserved']],
    ['fe80::1', ['private', 'linkLocal']],
    ['fe80::1%eth0', ['private', 'linkLocal']],
    ['febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff', ['private', 'linkLocal']],
    ['fec0::1', ['global']],
    ['ff02::1', ['global', 'multicast']],
    ['ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', ['global', 'multicast']],
    // IPv4-mapped addresses take every flag from the IPv4 address inside
    ['::ffff:0.0.0.0', ['private', 'unspecified']],
    ['::ffff:127.0.0.1', ['private', 'loopback']],
    ['::ffff:10.1.1.1', ['private']],
    ['::ffff:100.64.0.1', []],
    ['::ffff:169.254.1.1', ['private', 'linkLocal']],
    ['::ffff:224.0.0.1', ['global', 'multicast']],
    ['::ffff:240.0.0.1', ['private', 'reserved']],
    ['::ffff:8.8.8.8', ['global']],
    ['::ffff:192.0.0.9', ['global']],
    ['::fffe:8.8.8.8', ['global', 'reserved']]
  ])('%s', (text, on) => {
    expect(addressFlags(a(text))).toEqual(F(on))
  })
})
