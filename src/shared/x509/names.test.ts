// Host name matching (RFC 6125 as browsers apply it) and name-constraint matching (RFC 5280).
import { describe, expect, it } from 'vitest'
import { formatIP, formatIPRange, parseIP, parseIPRange } from './ip'
import { dnsConstraintCovers, dnsNameProblem, dnsPatternWithin, dnsWithin, emailWithin, ipWithin, isBadWildcard, mailboxProblem, matchHostname, uriWithin } from './names'

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

describe('RFC 9525 host matching', () => {
  it.each([
    ['192.0.2.1', '*.0.2.1', false], // a wildcard never matches an IP address
    ['192.0.2.1', '192.0.2.1', false], // nor does a DNS name that spells one: IPs match only iPAddress SANs
    ['*.example.com', '*.example.com', false], // a reference identifier is never a pattern
    ['a..example.com', '*..example.com', false],
    ['www.example.com', '*.*.com', false],
    ['WWW.XN--BCHER-KVA.example', '*.xn--bcher-kva.EXAMPLE', true], // A-labels compared case-insensitively
    ['www.bücher.example', '*.xn--bcher-kva.example', true]
  ])('%s against %s → %s', (host, pattern, expected) => {
    expect(matchHostname(host, pattern)).toBe(expected)
  })
})

describe('dNSName syntax (RFC 5280 §4.2.1.6, preferred name syntax)', () => {
  it('accepts host names and a whole left-most wildcard label only where allowed', () => {
    expect(dnsNameProblem('www.example.com')).toBeUndefined()
    expect(dnsNameProblem('localhost')).toBeUndefined()
    expect(dnsNameProblem('*.example.com', true)).toBeUndefined()
    expect(dnsNameProblem('*.example.com')).toMatch(/wildcard/)
  })
  it.each([
    ['', /empty/],
    ['.example.com', /starts with a period/],
    ['example.com.', /ends with a period/],
    ['a..example.com', /empty label/],
    ['foo_bar.example.com', /underscore/],
    ['-foo.example.com', /hyphen/],
    ['ex ample.com', /characters/],
    ['f*.example.com', /wildcard/],
    [`${'a'.repeat(64)}.com`, /63/]
  ])('refuses %j', (name, why) => {
    expect(dnsNameProblem(name, true)).toMatch(why)
  })
  it('mailboxes need exactly one @ and a DNS domain', () => {
    expect(mailboxProblem('alice@example.com')).toBeUndefined()
    expect(mailboxProblem('"a@b"@example.com')).toBeUndefined()
    expect(mailboxProblem('example.com')).toMatch(/no "@"/)
    expect(mailboxProblem('a@b@example.com')).toMatch(/more than one/)
    expect(mailboxProblem('@example.com')).toMatch(/empty/)
    expect(mailboxProblem('alice@exa_mple.com')).toMatch(/underscore/)
  })
})

describe('dNSName constraints as RFC 5280 §4.2.1.10 words them', () => {
  it('covers the name and names with labels added on the left; "" covers all', () => {
    expect(dnsConstraintCovers('example.com', 'example.com')).toBe(true)
    expect(dnsConstraintCovers('a.B.example.COM', 'example.com')).toBe(true)
    expect(dnsConstraintCovers('badexample.com', 'example.com')).toBe(false)
    expect(dnsConstraintCovers('anything.test', '')).toBe(true)
  })
  it('treats a wildcard as every name it can match', () => {
    // permitted: every match must be inside
    expect(dnsPatternWithin('*.example.com', 'example.com', true)).toBe(true)
    expect(dnsPatternWithin('*.example.com', 'bar.example.com', true)).toBe(false)
    // excluded: one match inside is enough
    expect(dnsPatternWithin('*.example.com', 'bar.example.com', false)).toBe(true)
    expect(dnsPatternWithin('*.example.com', 'a.bar.example.com', false)).toBe(false)
    expect(dnsPatternWithin('*.example.com', 'other.com', false)).toBe(false)
    expect(dnsPatternWithin('*.example.com', 'com', false)).toBe(true)
  })
})
