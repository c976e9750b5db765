// Host name matching (RFC 6125 as browsers apply it) and name-constraint matching (RFC 5280).
import { describe, expect, it } from 'vitest'
import { formatIP, formatIPRange, parseIP, parseIPRange } from './ip'
import { dnsWithin, emailWithin, ipWithin, isBadWildcard, matchHostname, uriWithin } from './names'

describe('matchHostname', () => {
  it.each([
    ['example.com', 'example.com', true],
    ['EXAMPLE.com.', 'example.COM', true],
    ['www.example.com', '*.example.com', true],
    ['example.com', '*.example.com', false], // the wildcard needs a label
    ['a.b.example.com', '*.example.com', false], // and matches exactly one
    ['foo.example.com', 'f*.example.com', false], // no partial wildcards
    ['foo.example.com', '*o.example.com', false],
    ['www.example.com', 'www.*.com', false], // only the leftmost label
    ['example.com', '*.com', false], // not directly under a TLD
    ['bücher.example', 'xn--bcher-kva.example', true] // IDN compared as A-labels
  ])('%s against %s → %s', (host, pattern, expected) => {
    expect(matchHostname(host, pattern)).toBe(expected)
  })

  it('knows which wildcards clients refuse', () => {
    expect(isBadWildcard('*.example.com')).toBe(false)
    expect(isBadWildcard('f*.example.com')).toBe(true)
    expect(isBadWildcard('*.com')).toBe(true)
  })
})

describe('name constraints', () => {
  it('DNS: the name and anything below it; a leading dot means only below', () => {
    expect(dnsWithin('example.com', 'example.com')).toBe(true)
    expect(dnsWithin('a.b.example.com', 'example.com')).toBe(true)
    expect(dnsWithin('badexample.com', 'example.com')).toBe(false)
    expect(dnsWithin('example.com', '.example.com')).toBe(false)
    expect(dnsWithin('www.example.com', '.example.com')).toBe(true)
    expect(dnsWithin('anything.test', '')).toBe(true)
  })

  it('e-mail: a mailbox, a host, or a domain', () => {
    expect(emailWithin('alice@example.com', 'alice@example.com')).toBe(true)
    expect(emailWithin('bob@example.com', 'alice@example.com')).toBe(false)
    expect(emailWithin('bob@example.com', 'example.com')).toBe(true)
    expect(emailWithin('bob@mail.example.com', 'example.com')).toBe(false)
    expect(emailWithin('bob@mail.example.com', '.example.com')).toBe(true)
  })

  it('URI: the host part', () => {
    expect(uriWithin('https://api.example.com:8443/x', '.example.com')).toBe(true)
    expect(uriWithin('https://api.example.com/x', 'example.com')).toBe(false)
    expect(uriWithin('https://example.com/', 'example.com')).toBe(true)
  })

  it('IP: address and mask of the same family', () => {
    const range = parseIPRange('10.0.0.0/8') as Uint8Array
    expect(ipWithin(parseIP('10.200.1.1') as Uint8Array, range)).toBe(true)
    expect(ipWithin(parseIP('11.0.0.1') as Uint8Array, range)).toBe(false)
    expect(ipWithin(parseIP('::ffff:10.0.0.1') as Uint8Array, range)).toBe(false)
    expect(ipWithin(parseIP('2001:db8::7') as Uint8Array, parseIPRange('2001:db8::/32') as Uint8Array)).toBe(true)
  })
})

describe('IP addresses', () => {
  it('parses strictly', () => {
    expect(parseIP('127.0.0.1')).toEqual(new Uint8Array([127, 0, 0, 1]))
    for (const bad of ['127.1', '256.0.0.1', '01.2.3.4', '1.2.3.4.5', 'fe80::1%eth0', '1:2:3:4:5:6:7:8:9', ':::', 'example.com']) {
      expect(parseIP(bad), bad).toBeUndefined()
    }
    expect(formatIP(parseIP('2001:0db8:0000:0000:0000:0000:0000:0001') as Uint8Array)).toBe('2001:db8::1')
    expect(formatIP(parseIP('::') as Uint8Array)).toBe('::')
    expect(formatIP(parseIP('1:0:0:1:0:0:0:1') as Uint8Array)).toBe('1:0:0:1::1')
    expect(formatIP(parseIP('::ffff:192.0.2.1') as Uint8Array)).toBe('::ffff:192.0.2.1')
    expect(formatIPRange(parseIPRange('192.168.0.0/16') as Uint8Array)).toBe('192.168.0.0/16')
  })
})
