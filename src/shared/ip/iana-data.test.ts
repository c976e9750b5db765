// Address library: iana-data, checked against the RFCs and CPython's ipaddress where they define the answer.
import { describe, expect, test } from 'vitest'
import {
  IANA_SOURCES,
  IPV4_ADDRESS_SPACE,
  IPV4_SPECIAL_REGISTRY,
  IPV6_SPECIAL_REGISTRY,
  IPV6_UNICAST_ASSIGNMENTS
} from './iana-data'
import { parseNetwork } from './network'

// Loaded through Vite (?raw text, plain ESM) rather than node:fs, so this file stays as pure as the code it tests.
const load = <T = { default: string }>(specifier: string): Promise<T> => import(/* @vite-ignore */ specifier)

describe('generated iana-data.ts', () => {
  test('is what scripts/iana/generate-data.mjs builds from the CSVs in resources/iana', async () => {
    const generator = await load<{ DATA_FILES: string[]; buildDataModule: (files: Record<string, string>) => string }>(
      '../../../scripts/iana/iana-csv.mjs'
    )
    const files: Record<string, string> = {}
    for (const name of generator.DATA_FILES) files[name] = (await load(`../../../resources/iana/${name}?raw`)).default
    const committed = (await load('./iana-data.ts?raw')).default
    expect(generator.buildDataModule(files)).toBe(committed)
  })
})

describe('IANA IPv4 Special-Purpose Address Registry', () => {
  test('has the registry rows, the two-block NAT64 row split in two', () => {
    expect(IPV4_SPECIAL_REGISTRY.map((r) => r.block)).toEqual([
      '0.0.0.0/8', '0.0.0.0/32', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12',
      '192.0.0.0/24', '192.0.0.0/29', '192.0.0.8/32', '192.0.0.9/32', '192.0.0.10/32', '192.0.0.170/32',
      '192.0.0.171/32', '192.0.2.0/24', '192.31.196.0/24', '192.52.193.0/24', '192.88.99.0/24', '192.88.99.2/32',
      '192.168.0.0/16', '192.175.48.0/24', '198.18.0.0/15', '198.51.100.0/24', '203.0.113.0/24', '240.0.0.0/4',
      '255.255.255.255/32'
    ])
  })

  test('keeps the columns, footnote marks removed, N/A and empty as null', () => {
    const row = (block: string) => IPV4_SPECIAL_REGISTRY.find((r) => r.block === block)
    expect(row('255.255.255.255/32')).toEqual({
      block: '255.255.255.255/32', name: 'Limited Broadcast', rfc: '[RFC8190] [RFC919], Section 7', allocationDate: '1984-10',
      terminationDate: null, source: false, destination: true, forwardable: false, globallyReachable: false, reservedByProtocol: true
    })
    expect(row('127.0.0.0/8')).toMatchObject({ source: false, destination: false, forwardable: false, globallyReachable: false, reservedByProtocol: true })
    expect(row('0.0.0.0/8')?.name).toBe('"This network"')
    expect(row('192.88.99.0/24')).toMatchObject({ terminationDate: '2015-03', source: null, globallyReachable: null })
    expect(row('192.0.0.9/32')).toMatchObject({ globallyReachable: true })
  })
})

describe('IANA IPv6 Special-Purpose Address Registry', () => {
  test('includes the recent allocations', () => {
    const blocks = IPV6_SPECIAL_REGISTRY.map((r) => r.block)
    expect(blocks).toHaveLength(25)
    for (const b of ['2001::/23', '2001:db8::/32', '5f00::/16', '3fff::/20', '100:0:0:1::/64', '2001:1::3/128', '64:ff9b:1::/48']) {
      expect(blocks).toContain(b)
    }
    expect(IPV6_SPECIAL_REGISTRY.find((r) => r.block === '5f00::/16')).toMatchObject({ name: 'Segment Routing (SRv6) SIDs', rfc: '[RFC9602]', globallyReachable: false })
    expect(IPV6_SPECIAL_REGISTRY.find((r) => r.block === '3fff::/20')).toMatchObject({ name: 'Documentation', rfc: '[RFC9637]' })
    expect(IPV6_SPECIAL_REGISTRY.find((r) => r.block === '2001::/32')).toMatchObject({ name: 'TEREDO', globallyReachable: null })
    expect(IPV6_SPECIAL_REGISTRY.find((r) => r.block === '2002::/16')).toMatchObject({ name: '6to4', globallyReachable: null })
  })

  test('every block in both registries is a valid network with no host bits set', () => {
    for (const r of [...IPV4_SPECIAL_REGISTRY, ...IPV6_SPECIAL_REGISTRY]) expect(parseNetwork(r.block).ok, r.block).toBe(true)
  })
})

describe('address space registries', () => {
  test('IPv4 has one row per /8 in order', () => {
    expect(IPV4_ADDRESS_SPACE).toHaveLength(256)
    IPV4_ADDRESS_SPACE.forEach((row, i) => expect(row.prefix).toBe(`${i}.0.0.0/8`))
    expect(IPV4_ADDRESS_SPACE[17]).toEqual({ prefix: '17.0.0.0/8', designation: 'Apple Computer Inc.', date: '1992-07', whois: 'whois.arin.net', status: 'LEGACY' })
    expect(IPV4_ADDRESS_SPACE[224]).toMatchObject({ designation: 'Multicast', whois: null, status: 'RESERVED' })
  })

  test('IPv6 unicast assignments are valid networks inside 2000::/3, except the returned 6bone blocks', () => {
    expect(IPV6_UNICAST_ASSIGNMENTS.length).toBeGreaterThan(35)
    for (const r of IPV6_UNICAST_ASSIGNMENTS) expect(parseNetwork(r.prefix).ok, r.prefix).toBe(true)
    expect(IPV6_UNICAST_ASSIGNMENTS.find((r) => r.prefix === '2600:0000::/12')).toMatchObject({ designation: 'ARIN', whois: 'whois.arin.net' })
  })

  test('every copy records where it came from', () => {
    expect(IANA_SOURCES).toHaveLength(4)
    for (const s of IANA_SOURCES) expect(s.url).toMatch(/^https:\/\/www\.iana\.org\/assignments\//)
  })
})
