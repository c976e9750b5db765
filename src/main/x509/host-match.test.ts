// Host matching as a user sees it (RFC 9525 §6): which leaf certificates are "for" the host or IP they typed, and
// that the Common Name never decides unless legacy matching is asked for and the certificate has no SANs at all.
import { beforeAll, describe, expect, it } from 'vitest'
import { encodePem } from '../../shared/x509/pem'
import { openssl, rootCA, serverCert, TempDir } from '../testing/x509'
import type { ParsedCertificate } from './certificate'
import { hostIssues } from './host-match'
import { createCertificate } from './issue'
import { readCertificates } from './open'
import type { IssuedCertificateResult } from './types'

const parse = (r: IssuedCertificateResult): ParsedCertificate => readCertificates(r.certPem)[0] as ParsedCertificate
const codes = (leaf: ParsedCertificate, target: { host?: string; ip?: string }, legacy = false): string[] =>
  hostIssues(leaf, target, { legacyCommonName: legacy }).map((i) => `${i.severity}:${i.code}`)

let ca: IssuedCertificateResult
let wildcard: ParsedCertificate
let ipLeaf: ParsedCertificate
let noSan: ParsedCertificate
let ipOnlyWithCn: ParsedCertificate
let idn: ParsedCertificate

beforeAll(async () => {
  ca = await rootCA('Host Match Root')
  wildcard = parse(await serverCert('*.example.com', ca, { names: ['*.example.com', 'example.com'] }))
  ipLeaf = parse(await serverCert('ips', ca, { names: ['192.0.2.10', '2001:db8::1'] }))
  noSan = parse(await createCertificate({ subject: { commonName: 'legacy.example.com' }, preset: 'server', issuer: { certPem: ca.certPem, keyPem: ca.keyPem as string } }))
  ipOnlyWithCn = parse(await serverCert('device.example.com', ca, { names: ['192.0.2.20'] }))
  idn = parse(await serverCert('xn--bcher-kva.example', ca, { names: ['*.xn--bcher-kva.example'] }))
})

describe('host names match only DNS SANs', () => {
  it('accepts the names and single-label wildcard matches', () => {
    expect(codes(wildcard, { host: 'www.example.com' })).toEqual([])
    expect(codes(wildcard, { host: 'EXAMPLE.com.' })).toEqual([])
  })

  it('a wildcard matches exactly one whole label', () => {
    expect(codes(wildcard, { host: 'a.b.example.com' })).toEqual(['error:HOSTNAME_MISMATCH'])
    expect(codes(wildcard, { host: 'example.org' })).toEqual(['error:HOSTNAME_MISMATCH'])
  })

  it('internationalized names compare as A-labels, case-insensitively', () => {
    expect(codes(idn, { host: 'www.bücher.example' })).toEqual([])
    expect(codes(idn, { host: 'WWW.XN--BCHER-KVA.EXAMPLE' })).toEqual([])
  })

  it('never falls back to the CN by default, and says why in the message', () => {
    const issues = hostIssues(noSan, { host: 'legacy.example.com' })
    expect(issues.map((i) => i.code)).toEqual(['HOSTNAME_MISMATCH'])
    expect(issues[0]?.message).toMatch(/Common Name "legacy\.example\.com" would match/)
    expect(issues[0]?.source).toMatch(/RFC 9525/)
  })

  it('legacy mode uses the CN only when there is no SAN extension at all, with a warning', () => {
    expect(codes(noSan, { host: 'legacy.example.com' }, true)).toEqual(['warning:CN_FALLBACK'])
    expect(codes(noSan, { host: 'other.example.com' }, true)).toEqual(['error:HOSTNAME_MISMATCH'])
    // an IP SAN is a SAN: the CN is not consulted even in legacy mode
    expect(codes(ipOnlyWithCn, { host: 'device.example.com' }, true)).toEqual(['error:HOSTNAME_MISMATCH'])
  })
})

describe('IP addresses match only iPAddress SANs', () => {
  it('compares octets, so any IPv6 spelling matches', () => {
    expect(codes(ipLeaf, { ip: '192.0.2.10' })).toEqual([])
    expect(codes(ipLeaf, { host: '[2001:0db8:0:0::1]' })).toEqual([])
    expect(codes(ipLeaf, { ip: '2001:DB8:0000::0001' })).toEqual([])
  })

  it('refuses other addresses, IPv4-mapped forms, and never matches DNS names or wildcards', () => {
    expect(codes(ipLeaf, { ip: '192.0.2.11' })).toEqual(['error:IP_MISMATCH'])
    expect(codes(ipLeaf, { ip: '::ffff:192.0.2.10' })).toEqual(['error:IP_MISMATCH'])
    expect(codes(wildcard, { host: '192.0.2.10' })).toEqual(['error:IP_MISMATCH'])
    expect(codes(ipLeaf, { ip: 'not-an-ip' })).toEqual(['error:IP_MISMATCH'])
    const m = hostIssues(ipLeaf, { ip: '192.0.2.11' })[0]?.message
    expect(m).toMatch(/192\.0\.2\.10, 2001:db8::1/)
  })

  it('checks a host and an IP together', () => {
    expect(codes(ipLeaf, { host: 'www.example.com', ip: '192.0.2.10' })).toEqual(['error:HOSTNAME_MISMATCH'])
  })
})

describe('agreement with openssl x509 -checkhost', () => {
  it('agrees on SAN and wildcard matches; deliberately stricter on the CN (OpenSSL falls back to it)', () => {
    const tmp = new TempDir()
    try {
      const certFile = tmp.file(readPem(wildcard))
      for (const [host, ok] of [['www.example.com', true], ['a.b.example.com', false]] as const) {
        const r = openssl(['x509', '-in', certFile, '-noout', '-checkhost', host])
        expect(r.stdout.includes('does match'), r.stdout).toBe(ok)
        expect(codes(wildcard, { host }).length === 0).toBe(ok)
      }
      // OpenSSL matches the CN of a certificate without DNS SANs; RFC 9525 §1.2 and Wirebench do not
      const legacyFile = tmp.file(readPem(noSan))
      const r = openssl(['x509', '-in', legacyFile, '-noout', '-checkhost', 'legacy.example.com'])
      expect(r.stdout).toMatch(/does match/)
      expect(codes(noSan, { host: 'legacy.example.com' })).toEqual(['error:HOSTNAME_MISMATCH'])
    } finally {
      tmp.remove()
    }
  })
})

function readPem(c: ParsedCertificate): string {
  return encodePem(c.der, 'CERTIFICATE')
}
