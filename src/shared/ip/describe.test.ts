// Address library: describe, checked against the RFCs and CPython's ipaddress where they define the answer.
import { describe, expect, test } from 'vitest'
import { WirebenchError } from '../errors'
import { describeAddress, tryDescribeAddress } from './index'

const KEYS = [
  'version', 'address', 'network', 'prefixLength', 'netmask', 'hostmask', 'broadcast', 'broadcastNote', 'firstHost', 'lastHost', 'numAddresses',
  'usableHosts', 'compressed', 'exploded', 'reversePointer', 'integer', 'flags', 'registry', 'rir', 'multicast'
]

describe('describeAddress: the JSON of `wirebench ip ADDRESS[/PREFIX] --json`', () => {
  test('has exactly the agreed fields, and survives JSON', () => {
    const d = describeAddress('192.0.2.1')
    expect(Object.keys(d)).toEqual(KEYS)
    expect(Object.keys(d.flags)).toEqual(['private', 'global', 'loopback', 'linkLocal', 'multicast', 'reserved', 'unspecified'])
    expect(JSON.parse(JSON.stringify(d))).toEqual(d)
  })

  test('an IPv4 address on a network', () => {
    expect(describeAddress('192.168.1.77/24')).toEqual({
      version: 4,
      address: '192.168.1.77',
      network: '192.168.1.0/24',
      prefixLength: 24,
      netmask: '255.255.255.0',
      hostmask: '0.0.0.255',
      broadcast: '192.168.1.255',
      broadcastNote: null,
      firstHost: '192.168.1.1',
      lastHost: '192.168.1.254',
      numAddresses: '256',
      usableHosts: '254',
      compressed: '192.168.1.77',
      exploded: '192.168.1.77',
      reversePointer: '77.1.168.192.in-addr.arpa',
      integer: '3232235853',
      flags: { private: true, global: false, loopback: false, linkLocal: false, multicast: false, reserved: false, unspecified: false },
      registry: {
        network: '192.168.0.0/16', name: 'Private-Use', rfc: '[RFC1918]', allocationDate: '1996-02', terminationDate: null,
        source: true, destination: true, forwardable: true, globallyReachable: false, reservedByProtocol: false
      },
      // RFC 1918 space lies in ARIN's 192/8, but no RIR administers it.
      rir: {
        prefix: '192.168.0.0/16', registry: 'IANA', designation: 'IANA reserved, RFC 1918 (Private-Use); no RIR administers it', status: 'RESERVED',
        date: '1996-02', whois: null
      },
      multicast: null
    })
  })

  test('an IPv6 address alone is a /128, with no broadcast', () => {
    expect(describeAddress('2001:4860:4860::8888')).toEqual({
      version: 6,
      address: '2001:4860:4860::8888',
      network: '2001:4860:4860::8888/128',
      prefixLength: 128,
      netmask: 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
      hostmask: '::',
      broadcast: null,
      broadcastNote: 'none: IPv6 has no broadcast (RFC 4291); multicast does that job',
      firstHost: '2001:4860:4860::8888',
      lastHost: '2001:4860:4860::8888',
      numAddresses: '1',
      usableHosts: '1',
      compressed: '2001:4860:4860::8888',
      exploded: '2001:4860:4860:0000:0000:0000:0000:8888',
      reversePointer: '8.8.8.8.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.6.8.4.0.6.8.4.1.0.0.2.ip6.arpa',
      integer: '42541956123769884636017138956568135816',
      flags: { private: false, global: true, loopback: false, linkLocal: false, multicast: false, reserved: false, unspecified: false },
      registry: null,
      rir: { prefix: '2001:4800::/23', registry: 'ARIN', designation: 'ARIN', status: 'ALLOCATED', date: '2004-08-24', whois: 'whois.arin.net' },
      multicast: null
    })
  })

  test('an IPv6 network, a zone, a mapped address', () => {
    expect(describeAddress('2001:db8::/127')).toMatchObject({ firstHost: '2001:db8::', lastHost: '2001:db8::1', usableHosts: '2', broadcast: null })
    expect(describeAddress('fe80::1%eth0/64')).toMatchObject({
      address: 'fe80::1%eth0', network: 'fe80::/64', firstHost: 'fe80::1', lastHost: 'fe80::ffff:ffff:ffff:ffff',
      usableHosts: '18446744073709551615', flags: { linkLocal: true, private: true }, rir: null
    })
    expect(describeAddress('::ffff:127.0.0.1')).toMatchObject({
      compressed: '::ffff:127.0.0.1', exploded: '0000:0000:0000:0000:0000:ffff:127.0.0.1',
      flags: { loopback: true, private: true }, registry: { network: '::ffff:0.0.0.0/96', name: 'IPv4-mapped Address' }, rir: { registry: 'IANA' }
    })
  })

  test('a netmask instead of a prefix', () => {
    expect(describeAddress('10.1.2.3/255.255.0.0')).toMatchObject({ network: '10.1.0.0/16', prefixLength: 16 })
  })

  test('bad input throws a WirebenchError with the parser message', () => {
    expect(() => describeAddress('1.300.0.1')).toThrowError(new WirebenchError('INVALID_ADDRESS', "octet 2 of '1.300.0.1' is over 255"))
    expect(() => describeAddress('10.0.0.1-10.0.0.9')).toThrowError("'10.0.0.1-10.0.0.9' is a range; describe one address or network")
    expect(tryDescribeAddress('1.2.3.x')).toEqual({ ok: false, error: "octet 4 of '1.2.3.x' contains 'x', which is not a decimal digit" })
  })

  test('a host name is named as one, with the way to its addresses, not as an octet error', () => {
    for (const name of ['example.com', 'nope', 'my-host.lan', 'example.com.']) {
      const r = tryDescribeAddress(name)
      expect(r.ok || r.error, name).toMatch(/is a host name, not an IP address: look up its addresses in DNS/)
    }
    expect(tryDescribeAddress('example.com/24')).toMatchObject({ ok: false, error: expect.stringContaining('host name') })
    // Typos in an address stay address errors.
    for (const typo of ['10.0.0.1a', '10.0.0.256', '192.168.1', '10.0.0.x']) {
      const r = tryDescribeAddress(typo)
      expect(r.ok ? 'accepted' : r.error, typo).toMatch(/octet/)
    }
  })

  test('a multicast group: its RFC 5771 block, and no broadcast', () => {
    expect(describeAddress('224.0.0.1')).toMatchObject({
      broadcast: null,
      broadcastNote: 'none: multicast group addresses (RFC 5771) have no broadcast',
      multicast: { network: '224.0.0.0/24', name: expect.stringContaining('Local Network Control Block'), rfc: 'RFC 5771' }
    })
    expect(describeAddress('239.1.2.3/8')).toMatchObject({
      broadcast: null, broadcastNote: expect.stringContaining('multicast'), firstHost: '239.0.0.0', lastHost: '239.255.255.255',
      multicast: { network: '239.0.0.0/8', rfc: 'RFC 2365' }
    })
    expect(describeAddress('232.1.1.1').multicast).toMatchObject({ name: 'Source-Specific Multicast Block', rfc: 'RFC 4607' })
    expect(describeAddress('ff02::1').multicast).toMatchObject({ network: 'ff00::/8', scope: 'link-local' })
    expect(describeAddress('ff0e::1').multicast).toMatchObject({ scope: 'global' })
    expect(describeAddress('223.255.255.255').multicast).toBeNull()
    expect(describeAddress('240.0.0.1').multicast).toBeNull()
  })
})
