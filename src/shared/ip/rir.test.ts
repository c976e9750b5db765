// Address library: rir, checked against the RFCs and CPython's ipaddress where they define the answer.
import { describe, expect, test } from 'vitest'
import { parseAddressOrThrow } from './index'
import { addressAdministrator } from './rir'

const who = (text: string) => addressAdministrator(parseAddressOrThrow(text))

describe('who administers an address (IANA address space registries)', () => {
  test.each([
    ['1.1.1.1', '1.0.0.0/8', 'APNIC', 'APNIC', 'ALLOCATED'],
    ['2.2.2.2', '2.0.0.0/8', 'RIPE NCC', 'RIPE NCC', 'ALLOCATED'],
    ['8.8.8.8', '8.0.0.0/8', 'ARIN', 'Administered by ARIN', 'LEGACY'],
    ['17.253.144.10', '17.0.0.0/8', 'ARIN', 'Apple Computer Inc.', 'LEGACY'],
    ['41.0.0.1', '41.0.0.0/8', 'AFRINIC', 'AFRINIC', 'ALLOCATED'],
    ['53.1.1.1', '53.0.0.0/8', 'RIPE NCC', 'Daimler AG', 'LEGACY'],
    ['191.1.1.1', '191.0.0.0/8', 'LACNIC', 'Administered by LACNIC', 'LEGACY'],
    ['200.1.1.1', '200.0.0.0/8', 'LACNIC', 'LACNIC', 'ALLOCATED'],
    ['0.1.2.3', '0.0.0.0/8', 'IANA', 'IANA - Local Identification', 'RESERVED'],
    ['10.1.2.3', '10.0.0.0/8', 'IANA', 'IANA - Private Use', 'RESERVED'],
    ['127.0.0.1', '127.0.0.0/8', 'IANA', 'IANA - Loopback', 'RESERVED'],
    ['224.0.0.1', '224.0.0.0/8', 'IANA', 'Multicast', 'RESERVED'],
    ['255.255.255.255', '255.0.0.0/8', 'IANA', 'Future use', 'RESERVED'],
    ['2001:4860:4860::8888', '2001:4800::/23', 'ARIN', 'ARIN', 'ALLOCATED'],
    ['2a00:1450:4001::1', '2a00::/12', 'RIPE NCC', 'RIPE NCC', 'ALLOCATED'],
    ['2c0f:f248::1', '2c00::/12', 'AFRINIC', 'AFRINIC', 'ALLOCATED'],
    ['2800:3f0::1', '2800::/12', 'LACNIC', 'LACNIC', 'ALLOCATED'],
    ['2400:cb00::1', '2400::/12', 'APNIC', 'APNIC', 'ALLOCATED'],
    ['2001::1', '2001::/23', 'IANA', 'IANA', 'ALLOCATED'],
    ['2002:c000:201::1', '2002::/16', 'IANA', '6to4', 'ALLOCATED'],
    ['3ffe::1', '3ffe::/16', 'IANA', 'IANA', 'RESERVED'],
    ['5f00::1', '5f00::/16', 'IANA', 'Segment Routing (SRv6) SIDs', 'ALLOCATED'],
    ['5f01::1', '5f00::/8', 'IANA', 'IANA', 'RESERVED']
  ])('%s → %s, %s (%s)', (address, prefix, registry, designation, status) => {
    expect(who(address)).toMatchObject({ prefix, registry, designation, status })
  })

  test('the documentation prefix sits inside an APNIC block, but IANA reserved it: no RIR administers it', () => {
    expect(who('2001:db8::1')).toMatchObject({ prefix: '2001:db8::/32', registry: 'IANA', whois: null, designation: expect.stringContaining('Documentation') })
  })

  test.each([
    ['10.1.2.3', '10.0.0.0/8', 'IANA - Private Use'],
    ['172.16.5.77', '172.16.0.0/12', 'IANA reserved, RFC 1918 (Private-Use)'],
    ['192.168.1.1', '192.168.0.0/16', 'IANA reserved, RFC 1918 (Private-Use)'],
    ['100.64.1.1', '100.64.0.0/10', 'IANA reserved, RFC 6598 (Shared Address Space)'],
    ['169.254.1.1', '169.254.0.0/16', 'IANA reserved, RFC 3927 (Link Local)'],
    ['192.0.2.1', '192.0.2.0/24', 'IANA reserved, RFC 5737 (Documentation (TEST-NET-1))'],
    ['198.18.0.1', '198.18.0.0/15', 'IANA reserved, RFC 2544 (Benchmarking)'],
    ['203.0.113.1', '203.0.113.0/24', 'IANA reserved, RFC 5737 (Documentation (TEST-NET-3))'],
    ['192.31.196.1', '192.31.196.0/24', 'IANA special-purpose, RFC 7535 (AS112-v4)'],
    ['::ffff:192.168.1.1', '192.168.0.0/16', 'IANA reserved, RFC 1918 (Private-Use)']
  ])('special-purpose space inside an RIR /8 is IANA\'s, not the RIR\'s: %s', (address, prefix, designation) => {
    const admin = who(address)
    expect(admin).toMatchObject({ prefix, registry: 'IANA' })
    expect(admin!.designation.startsWith(designation), admin!.designation).toBe(true)
  })

  test('outside the global unicast assignments there is no administrator', () => {
    for (const a of ['::1', 'fc00::1', 'fe80::1', 'ff02::1', '4000::1']) expect(who(a), a).toBeNull()
  })

  test('an IPv4-mapped address answers for the IPv4 address inside', () => {
    expect(who('::ffff:8.8.8.8')).toEqual(who('8.8.8.8'))
  })

  test('a full answer', () => {
    expect(who('8.8.8.8')).toEqual({
      prefix: '8.0.0.0/8', registry: 'ARIN', designation: 'Administered by ARIN', status: 'LEGACY', date: '1992-12', whois: 'whois.arin.net'
    })
  })
})
