// Address library: cidr, checked against the RFCs and CPython's ipaddress where they define the answer.
import { describe, expect, test } from 'vitest'
import { type CidrCalculation, calculate, ipv4Class, parseCidrInput } from './cidr'
import { formatAddress } from './format'
import { formatNetwork, networkContains, networksOverlap, parseInterface, parseNetwork, parseRange } from './network'
import { parseAddressOrThrow, parseNetworkOrThrow } from './index'

/** The calculation as text, the way the UI shows it. */
function shown(input: string) {
  const r = calculate(input)
  if (!r.ok) throw new Error(`${input}: ${r.error}`)
  const c: CidrCalculation = r.value
  const t = (a: Parameters<typeof formatAddress>[0] | null) => (a === null ? null : formatAddress(a))
  return {
    address: t(c.address),
    network: formatNetwork(c.network),
    netmask: t(c.netmask),
    hostmask: t(c.hostmask),
    broadcast: t(c.broadcast),
    firstHost: t(c.firstHost),
    lastHost: t(c.lastHost),
    numAddresses: c.numAddresses.toString(),
    usableHosts: c.usableHosts.toString(),
    ipv4Class: c.ipv4Class
  }
}

describe('CIDR math', () => {
  test('10.0.0.0/8', () => {
    expect(shown('10.0.0.0/8')).toEqual({
      address: '10.0.0.0', network: '10.0.0.0/8', netmask: '255.0.0.0', hostmask: '0.255.255.255', broadcast: '10.255.255.255',
      firstHost: '10.0.0.1', lastHost: '10.255.255.254', numAddresses: '16777216', usableHosts: '16777214', ipv4Class: 'A'
    })
  })

  test('/30: two usable hosts between network and broadcast', () => {
    expect(shown('192.0.2.4/30')).toMatchObject({ firstHost: '192.0.2.5', lastHost: '192.0.2.6', broadcast: '192.0.2.7', usableHosts: '2' })
  })

  test('/31 (RFC 3021): both addresses usable', () => {
    expect(shown('192.0.2.7/31')).toEqual({
      address: '192.0.2.7', network: '192.0.2.6/31', netmask: '255.255.255.254', hostmask: '0.0.0.1', broadcast: null,
      firstHost: '192.0.2.6', lastHost: '192.0.2.7', numAddresses: '2', usableHosts: '2', ipv4Class: 'C'
    })
  })

  test('/32: the single address', () => {
    expect(shown('203.0.113.9/32')).toMatchObject({
      network: '203.0.113.9/32', netmask: '255.255.255.255', hostmask: '0.0.0.0', broadcast: null,
      firstHost: '203.0.113.9', lastHost: '203.0.113.9', numAddresses: '1', usableHosts: '1'
    })
    expect(shown('203.0.113.9')).toEqual(shown('203.0.113.9/32'))
  })

  test('a broadcast only where one exists: not on /31 or /32, not in multicast space, with the reason in words', () => {
    const note = (text: string) => {
      const r = calculate(text)
      return r.ok ? r.value.broadcastNote : r.error
    }
    expect(note('192.0.2.7/31')).toMatch(/point-to-point link \(RFC 3021\)/)
    expect(note('203.0.113.9/32')).toMatch(/one host, with no network or broadcast address/)
    expect(note('224.0.0.0/24')).toMatch(/multicast group addresses \(RFC 5771\) have no broadcast/)
    expect(note('2001:db8::/64')).toMatch(/IPv6 has no broadcast/)
    expect(note('192.0.2.0/24')).toBeNull()
    // A /3 spans unicast and multicast: it is an ordinary block with a broadcast.
    expect(shown('192.0.0.0/3').broadcast).toBe('223.255.255.255')
    expect(shown('224.0.0.0/24')).toMatchObject({ broadcast: null, firstHost: '224.0.0.0', lastHost: '224.0.0.255', usableHosts: '256' })
  })

  test('0.0.0.0/0', () => {
    expect(shown('0.0.0.0/0')).toMatchObject({ netmask: '0.0.0.0', hostmask: '255.255.255.255', numAddresses: '4294967296', usableHosts: '4294967294' })
  })

  test('::/0: no broadcast; every address but the Subnet-Router anycast is a host', () => {
    expect(shown('::/0')).toEqual({
      address: '::', network: '::/0', netmask: '::', hostmask: 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', broadcast: null,
      firstHost: '::1', lastHost: 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
      numAddresses: '340282366920938463463374607431768211456', usableHosts: '340282366920938463463374607431768211455', ipv4Class: null
    })
  })

  test('2001:db8::/64 excludes only the Subnet-Router anycast address (CPython hosts())', () => {
    expect(shown('2001:db8::/64')).toMatchObject({
      netmask: 'ffff:ffff:ffff:ffff::', hostmask: '::ffff:ffff:ffff:ffff', firstHost: '2001:db8::1',
      lastHost: '2001:db8::ffff:ffff:ffff:ffff', numAddresses: '18446744073709551616', usableHosts: '18446744073709551615'
    })
  })

  test('2001:db8::/127 and /128: every address', () => {
    expect(shown('2001:db8::/127')).toMatchObject({
      netmask: 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe', hostmask: '::1', firstHost: '2001:db8::', lastHost: '2001:db8::1',
      numAddresses: '2', usableHosts: '2', broadcast: null
    })
    expect(shown('2001:db8::7/128')).toMatchObject({ network: '2001:db8::7/128', firstHost: '2001:db8::7', lastHost: '2001:db8::7', numAddresses: '1', usableHosts: '1' })
    expect(shown('2001:db8::7')).toEqual(shown('2001:db8::7/128'))
  })

  test('historic IPv4 classes at their boundaries', () => {
    const cls = (a: string) => ipv4Class(Number(parseAddressOrThrow(a).value))
    expect(['0.0.0.0', '127.255.255.255', '128.0.0.0', '191.255.255.255', '192.0.0.0', '223.255.255.255', '224.0.0.0', '239.255.255.255', '240.0.0.0', '255.255.255.255'].map(cls))
      .toEqual(['A', 'A', 'B', 'B', 'C', 'C', 'D', 'D', 'E', 'E'])
  })
})

describe('what the calculator accepts', () => {
  test('a netmask after a space or a slash, or a hostmask (as CPython)', () => {
    const expected = shown('10.1.2.3/16')
    expect(shown('10.1.2.3 255.255.0.0')).toEqual(expected)
    expect(shown('10.1.2.3/255.255.0.0')).toEqual(expected)
    expect(shown('10.1.2.3/0.0.255.255')).toEqual(expected)
    expect(shown('  10.1.2.3 / 16  ')).toEqual(expected)
    expect(shown('10.1.2.3 16')).toEqual(expected)
    expect(shown('10.0.0.0/0.0.0.0').network).toBe('0.0.0.0/0')
    expect(shown('10.0.0.0/255.255.255.255').network).toBe('10.0.0.0/32')
  })

  test('host bits set: the address is kept and its network computed (ip_interface)', () => {
    expect(shown('192.168.1.77/24')).toMatchObject({ address: '192.168.1.77', network: '192.168.1.0/24', firstHost: '192.168.1.1' })
    expect(shown('2001:db8::1:2/112')).toMatchObject({ address: '2001:db8::1:2', network: '2001:db8::1:0/112' })
    expect(shown('fe80::1%eth0/64')).toMatchObject({ address: 'fe80::1%eth0', network: 'fe80::/64' })
    expect(shown('fe80::1%eth-0/64')).toMatchObject({ address: 'fe80::1%eth-0', network: 'fe80::/64' })
  })

  test('a range is summarized into CIDR blocks', () => {
    const r = parseCidrInput('192.0.2.0-192.0.2.130')
    expect(r.ok && r.value.kind).toBe('range')
    if (!r.ok || r.value.kind !== 'range') return
    expect(r.value.networks.map(formatNetwork)).toEqual(['192.0.2.0/25', '192.0.2.128/31', '192.0.2.130/32'])
    expect(r.value.numAddresses).toBe(131n)
    const spaced = parseCidrInput(' 2001:db8::  -  2001:db8::ff ')
    expect(spaced.ok && spaced.value.kind === 'range' && spaced.value.networks.map(formatNetwork)).toEqual(['2001:db8::/120'])
  })

  test.each([
    ['', 'nothing to calculate'],
    ['10.0.0.0/33', "the prefix length /33 in '10.0.0.0/33' is over 32"],
    ['2001:db8::/129', 'is over 128'],
    ['10.0.0.0/08', "the prefix length '08' in '10.0.0.0/08' has a leading zero"],
    ['10.0.0.0/', "the prefix length after '/' in '10.0.0.0/' is empty"],
    ['10.0.0.0/+8', 'is not a decimal number'],
    ['10.0.0.0/8/8', "has more than one '/'"],
    ['10.0.0.0/255.0.255.0', "the netmask '255.0.255.0' in '10.0.0.0/255.0.255.0' is not valid: its one bits are not contiguous"],
    ['10.0.0.0 255.255.256.0', "octet 3 of '255.255.256.0' is over 255"],
    ['2001:db8::/ffff:ffff::', 'write IPv6 networks with a prefix length'],
    ['10.0.0.0 255.0.0.0 x', 'has more than two parts'],
    ['010.0.0.0/8', "octet 1 of '010.0.0.0' has a leading zero"],
    ['10.0.0.9-10.0.0.1', 'ends before it starts'],
    ['10.0.0.1-::1', 'mixes IPv4 and IPv6'],
    ['10.0.0.1-10.0.0', 'the last address of the range']
  ])('rejects %j', (input, message) => {
    const r = parseCidrInput(input)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error).toContain(message)
  })
})

describe('networks', () => {
  test('strict parsing refuses host bits, as ip_network does', () => {
    expect(parseNetwork('10.0.0.1/8')).toEqual({ ok: false, error: "'10.0.0.1/8' has host bits set; the network is 10.0.0.0/8" })
    expect(parseNetwork('10.0.0.1/8', { strict: false })).toEqual({ ok: true, value: parseNetworkOrThrow('10.0.0.0/8') })
    expect(parseInterface('10.0.0.1/8').ok).toBe(true)
  })

  test('parseRange', () => {
    expect(parseRange('10.0.0.1').ok).toBe(false)
    expect(parseRange('10.0.0.5-10.0.0.5')).toMatchObject({ ok: true })
  })

  test('contains and overlaps', () => {
    const n = parseNetworkOrThrow
    expect(networkContains(n('10.0.0.0/8'), n('10.1.0.0/16'))).toBe(true)
    expect(networkContains(n('10.1.0.0/16'), n('10.0.0.0/8'))).toBe(false)
    expect(networkContains(n('10.0.0.0/8'), n('10.0.0.0/8'))).toBe(true)
    expect(networkContains(n('10.0.0.0/8'), n('11.0.0.0/16'))).toBe(false)
    expect(networkContains(n('10.0.0.0/8'), parseAddressOrThrow('10.255.255.255'))).toBe(true)
    expect(networkContains(n('10.0.0.0/8'), parseAddressOrThrow('11.0.0.0'))).toBe(false)
    expect(networkContains(n('::/0'), parseAddressOrThrow('10.0.0.1'))).toBe(false)
    expect(networksOverlap(n('10.0.0.0/8'), n('10.200.0.0/16'))).toBe(true)
    expect(networksOverlap(n('10.0.0.0/16'), n('10.1.0.0/16'))).toBe(false)
    expect(networksOverlap(n('2001:db8::/32'), n('2001:db8:ffff::/48'))).toBe(true)
    expect(networksOverlap(n('2001:db8::/32'), n('2001:db9::/32'))).toBe(false)
    expect(networksOverlap(n('0.0.0.0/0'), n('::/0'))).toBe(false)
  })
})
