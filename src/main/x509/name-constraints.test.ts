// Name constraints (RFC 5280 §4.2.1.10, §6.1.3 (b)(c)) with certificates made here: a CA carrying the constraints
// issues a leaf with the names under test, and the verdict — and the words naming the name and the subtree — are
// what a user would see in the chain picture.
import { beforeAll, describe, expect, it } from 'vitest'
import { concat, explicit, implicitConstructed, implicitPrimitive, oid, seq, utf8 } from '../../shared/x509/der'
import { OID } from '../../shared/x509/oids'
import { TempDir, intermediateCA, openssl, rootCA } from '../testing/x509'
import { encodeGeneralName } from './build-name'
import type { ParsedCertificate } from './certificate'
import { createCertificate } from './issue'
import { type NameConstraintOptions, type NameConstraints, nameConstraintIssues, readNameConstraints } from './name-constraints'
import { readCertificates } from './open'
import { verifyChain } from './verify'
import type { GeneralName, IssuedCertificateResult } from './types'

const hex = (d: Uint8Array): string => Buffer.from(d).toString('hex')
const parse = (r: IssuedCertificateResult): ParsedCertificate => readCertificates(r.certPem)[0] as ParsedCertificate
const dn = (value: string): GeneralName => ({ type: 'directoryName', value })
const otherName = implicitConstructed(0, concat([oid('1.3.6.1.4.1.311.20.2.3'), explicit(0, utf8('alice@corp.example'))]))

/** A raw nameConstraints extension from GeneralSubtree lists (undefined: the list is absent). */
function ncExtension(permitted?: Uint8Array[], excluded?: Uint8Array[], critical = true): { oid: string; critical: boolean; valueHex: string } {
  const parts: Uint8Array[] = []
  if (permitted) parts.push(implicitConstructed(0, concat(permitted)))
  if (excluded) parts.push(implicitConstructed(1, concat(excluded)))
  return { oid: OID.nameConstraints, critical, valueHex: hex(seq(...parts)) }
}
const subtree = (base: Uint8Array, ...rest: Uint8Array[]): Uint8Array => seq(base, ...rest)
const dnsBase = (name: string): Uint8Array => implicitPrimitive(2, new TextEncoder().encode(name))
const sanExtension = (entries: Uint8Array[]): { oid: string; critical: boolean; valueHex: string } => ({ oid: OID.subjectAltName, critical: false, valueHex: hex(seq(...entries)) })

let n = 0
async function leaf(ca: IssuedCertificateResult, o: { names?: string[]; subject?: string; san?: Uint8Array[] } = {}): Promise<ParsedCertificate> {
  const r = await createCertificate({
    subject: o.subject ?? `O=Leaf ${n++}`,
    preset: 'server',
    issuer: { certPem: ca.certPem, keyPem: ca.keyPem as string },
    ...(o.names ? { names: o.names } : {}),
    ...(o.san ? { extraExtensions: [sanExtension(o.san)] } : {})
  })
  return parse(r)
}

function check(ca: IssuedCertificateResult, sub: ParsedCertificate, o: Partial<NameConstraintOptions> = {}): { code: string; message: string }[] {
  const nc = readNameConstraints(parse(ca)) as NameConstraints
  return nameConstraintIssues(sub, nc, { isLeaf: true, critical: nc.critical, budget: { remaining: 250_000 }, ...o })
}
const codesOf = (issues: { code: string }[]): string[] => issues.map((i) => i.code)

describe('reading the extension (RFC 5280 §4.2.1.10)', () => {
  it('reads permitted and excluded subtrees of each form', async () => {
    const ca = await rootCA('NC read', { nameConstraints: { permitted: ['example.com', '10.0.0.0/8', dn('C=US, O=Acme')], excluded: ['bad.example.com'] } })
    const nc = readNameConstraints(parse(ca)) as NameConstraints
    expect(nc.permitted.map((s) => s.name.type)).toEqual(['dns', 'ip', 'directoryName'])
    expect(nc.excluded.map((s) => s.name.value)).toEqual(['bad.example.com'])
    expect(nc.critical).toBe(true)
    expect(readNameConstraints(parse(await rootCA('no NC')))).toBeUndefined()
  })

  it.each([
    ['neither list', ncExtension(), /empty sequence/],
    ['an empty permitted list', ncExtension([]), /empty list/],
    ['an empty excluded list', ncExtension([subtree(dnsBase('example.com'))], []), /empty list/],
    ['a minimum of 1', ncExtension([subtree(dnsBase('example.com'), implicitPrimitive(0, new Uint8Array([1])))]), /minimum 1/],
    ['a maximum', ncExtension([subtree(dnsBase('example.com'), implicitPrimitive(1, new Uint8Array([3])))]), /maximum/],
    ['a dNSName with a leading period', ncExtension([subtree(dnsBase('.example.com'))]), /"\.example\.com" starts with a period/],
    ['a dNSName with an empty label', ncExtension([subtree(dnsBase('a..example.com'))]), /empty label/],
    ['an iPAddress of 5 octets', ncExtension([subtree(implicitPrimitive(7, new Uint8Array(5)))]), /5 octets/],
    ['a mask that is not a prefix', ncExtension([subtree(implicitPrimitive(7, new Uint8Array([10, 0, 0, 0, 255, 0, 255, 0])))]), /not a CIDR prefix/],
    ['a subtree that is not a SEQUENCE', { oid: OID.nameConstraints, critical: true, valueHex: '3005a003020105' }, /malformed/],
    ['a value that is not a SEQUENCE', { oid: OID.nameConstraints, critical: true, valueHex: '0500' }, /malformed/],
    ['an unknown field', { oid: OID.nameConstraints, critical: true, valueHex: '3002a200' }, /other than permittedSubtrees/]
  ])('refuses %s with INVALID_EXTENSION', async (_what, ext, words) => {
    const ca = await rootCA('NC bad', { extraExtensions: [ext] })
    expect(() => readNameConstraints(parse(ca))).toThrow(words)
    try {
      readNameConstraints(parse(ca))
    } catch (err) {
      expect((err as { code?: string }).code).toBe('INVALID_EXTENSION')
    }
  })

  it('accepts the zero-length dNSName the BRs use to exclude every DNS name', async () => {
    const ca = await rootCA('NC zero', { extraExtensions: [ncExtension(undefined, [subtree(dnsBase(''))])] })
    const issues = check(ca, await leaf(ca, { names: ['www.example.com'] }))
    expect(codesOf(issues)).toEqual(['NAME_CONSTRAINT_VIOLATION'])
    expect(issues[0]?.message).toMatch(/"www\.example\.com".*excluded DNS name subtree "" \(every DNS name\)/)
  })
})

describe('DNS names, wildcards included', () => {
  let ca: IssuedCertificateResult
  beforeAll(async () => {
    ca = await rootCA('NC dns', { nameConstraints: { permitted: ['example.com'], excluded: ['bar.example.com'] } })
  })

  it('permits names under the permitted subtree and names both name and subtree when refusing', async () => {
    expect(check(ca, await leaf(ca, { names: ['www.example.com', 'example.com'] }))).toEqual([])
    const issues = check(ca, await leaf(ca, { names: ['www.example.com', 'evil.com', 'badexample.com'] }))
    expect(codesOf(issues)).toEqual(['NAME_CONSTRAINT_VIOLATION', 'NAME_CONSTRAINT_VIOLATION'])
    expect(issues[0]?.message).toMatch(/DNS name "evil\.com" in the subjectAltName is outside the permitted DNS name subtrees "example\.com"/)
  })

  it('refuses a name in an excluded subtree', async () => {
    const issues = check(ca, await leaf(ca, { names: ['x.bar.example.com'] }))
    expect(issues[0]?.message).toMatch(/"x\.bar\.example\.com".*excluded DNS name subtree "bar\.example\.com"/)
  })

  it('checks *.example.com as every name it can match: bar.example.com is excluded', async () => {
    const issues = check(ca, await leaf(ca, { names: ['*.example.com'] }))
    expect(codesOf(issues)).toEqual(['NAME_CONSTRAINT_VIOLATION'])
    expect(issues[0]?.message).toMatch(/"\*\.example\.com" in the subjectAltName can match names in the excluded DNS name subtree "bar\.example\.com"/)
  })

  it('a wildcard is permitted only by a subtree holding all its matches', async () => {
    const narrow = await rootCA('NC narrow', { nameConstraints: { permitted: ['bar.example.com'] } })
    expect(codesOf(check(narrow, await leaf(narrow, { names: ['*.bar.example.com'] })))).toEqual([])
    const issues = check(narrow, await leaf(narrow, { names: ['*.example.com'] }))
    expect(issues[0]?.message).toMatch(/"\*\.example\.com".*outside the permitted.*"bar\.example\.com".*every name it can match/)
  })

  it('never reads the CN as a host name unless the caller is in legacy mode', async () => {
    const noSan = await leaf(ca, { subject: 'CN=evil.com' })
    expect(check(ca, noSan)).toEqual([])
    expect(check(ca, noSan, { legacyCommonName: true })[0]?.message).toMatch(/"evil\.com" in the Common Name/)
  })
})

describe('directory names, e-mail addresses, IP addresses and URIs', () => {
  it('matches the subject and directoryName SANs against permitted and excluded directoryName subtrees', async () => {
    const ca = await rootCA('NC dn', { nameConstraints: { permitted: [dn('C=US, O=Acme')], excluded: [dn('C=US, O=Acme, OU=Lab')] } })
    expect(check(ca, await leaf(ca, { subject: 'C=US, O=ACME, CN=www' }))).toEqual([]) // §7.1: case-insensitive
    const outside = check(ca, await leaf(ca, { subject: 'C=US, O=Other, CN=www' }))
    expect(outside[0]?.message).toMatch(/directory name "C=US, O=Other, CN=www" in the subject is outside the permitted directory name subtrees "C=US, O=Acme"/)
    expect(codesOf(check(ca, await leaf(ca, { subject: 'C=US, O=Acme, OU=Lab, CN=x' })))).toEqual(['NAME_CONSTRAINT_VIOLATION'])
    const san = check(ca, await leaf(ca, { subject: 'C=US, O=Acme, CN=ok', san: [encodeGeneralName(dn('C=US, O=Elsewhere'))] }))
    expect(san[0]?.message).toMatch(/"C=US, O=Elsewhere" in the subjectAltName is outside/)
    // an empty subject is not constrained (its names are in the SAN)
    expect(check(ca, await leaf(ca, { subject: '', names: ['www.example.com'] }))).toEqual([])
  })

  it('applies rfc822Name constraints to SAN e-mail and the subject emailAddress', async () => {
    const ca = await rootCA('NC mail', { nameConstraints: { permitted: ['@example.com', '@.mail.example.com'] } })
    expect(check(ca, await leaf(ca, { names: ['alice@example.com', 'bob@eu.mail.example.com'] }))).toEqual([])
    expect(codesOf(check(ca, await leaf(ca, { names: ['bob@mail.example.com'] })))).toEqual(['NAME_CONSTRAINT_VIOLATION'])
    const subj = check(ca, await leaf(ca, { subject: 'CN=x, emailAddress=eve@evil.com' }))
    expect(subj[0]?.message).toMatch(/e-mail address "eve@evil\.com" in the subject is outside the permitted e-mail address subtrees "example\.com", "\.mail\.example\.com"/)
  })

  it('compares IP addresses by address and mask, never mixing IPv4 and IPv6', async () => {
    const ca = await rootCA('NC ip', { nameConstraints: { permitted: ['10.0.0.0/8', '2001:db8::/32'], excluded: ['10.9.0.0/16'] } })
    expect(check(ca, await leaf(ca, { names: ['10.1.2.3', '2001:db8::5'] }))).toEqual([])
    expect(check(ca, await leaf(ca, { names: ['10.9.1.1'] }))[0]?.message).toMatch(/"10\.9\.1\.1".*excluded IP address subtree 10\.9\.0\.0\/16/)
    expect(check(ca, await leaf(ca, { names: ['::ffff:10.1.2.3'] }))[0]?.message).toMatch(/outside the permitted IP address subtrees 10\.0\.0\.0\/8, 2001:db8::\/32/)
  })

  it('applies URI constraints to the host part', async () => {
    const ca = await rootCA('NC uri', { nameConstraints: { permitted: [{ type: 'uri', value: '.example.com' }] } })
    expect(check(ca, await leaf(ca, { names: ['https://api.example.com:8443/x'] }))).toEqual([])
    expect(check(ca, await leaf(ca, { names: ['https://example.com/'] }))[0]?.message).toMatch(/URI "https:\/\/example\.com\/".*"\.example\.com"/)
    expect(codesOf(check(ca, await leaf(ca, { names: ['https://192.0.2.1/'] })))).toEqual(['NAME_CONSTRAINT_VIOLATION'])
    const urn = check(ca, await leaf(ca, { san: [implicitPrimitive(6, new TextEncoder().encode('urn:isbn:123'))] }))
    expect(codesOf(urn)).toEqual(['MALFORMED_SAN'])
    expect(urn[0]?.message).toMatch(/"urn:isbn:123".*no host/)
  })
})

describe('forms Wirebench does not process, and malformed SANs', () => {
  it('refuses a name of an unprocessed form under a critical constraint on that form, and only then', async () => {
    const critical = await rootCA('NC other', { extraExtensions: [ncExtension([subtree(otherName)])] })
    const issues = check(critical, await leaf(critical, { san: [otherName] }))
    expect(codesOf(issues)).toEqual(['NAME_CONSTRAINTS_UNSUPPORTED'])
    expect(issues[0]?.message).toMatch(/otherName.*1\.3\.6\.1\.4\.1\.311\.20\.2\.3/)
    expect(check(critical, await leaf(critical, { names: ['www.example.com'] }))).toEqual([])
    const lax = await rootCA('NC other lax', { extraExtensions: [ncExtension([subtree(otherName)], undefined, false)] })
    expect(check(lax, await leaf(lax, { san: [otherName] }))).toEqual([])
  })

  it.each([
    ['an underscore', dnsBase('foo_bar.example.com'), /underscore/],
    ['an empty label', dnsBase('a..example.com'), /empty label/],
    ['a leading dot', dnsBase('.example.com'), /starts with a period/],
    ['a trailing dot', dnsBase('www.example.com.'), /ends with a period/],
    ['an e-mail without @', implicitPrimitive(1, new TextEncoder().encode('nobody.example.com')), /no "@"/],
    ['an IP of 5 octets', implicitPrimitive(7, new Uint8Array([10, 0, 0, 1, 1])), /5 octets/]
  ])('reports a SAN with %s as MALFORMED_SAN', async (_what, entry, words) => {
    const ca = await rootCA('NC malformed', { nameConstraints: { permitted: ['example.com', '@example.com', '10.0.0.0/8'] } })
    const issues = check(ca, await leaf(ca, { san: [entry] }))
    expect(codesOf(issues)).toEqual(['MALFORMED_SAN'])
    expect(issues[0]?.message).toMatch(words)
  })

  it('reports a SAN extension that cannot be decoded at all', async () => {
    const ca = await rootCA('NC garbage', { nameConstraints: { permitted: ['example.com'] } })
    const r = await createCertificate({
      subject: 'O=x',
      preset: 'server',
      issuer: { certPem: ca.certPem, keyPem: ca.keyPem as string },
      extraExtensions: [{ oid: OID.subjectAltName, critical: false, valueHex: '3005820365' }]
    })
    expect(codesOf(check(ca, parse(r)))).toEqual(['MALFORMED_SAN'])
  })
})

describe('work budget', () => {
  it('refuses 2,048 names against 2,048 constraints in well under a second', async () => {
    const constraints = Array.from({ length: 2048 }, (_, i) => `c${i}.example.com`)
    const names = Array.from({ length: 2048 }, (_, i) => `n${i}.example.org`)
    const ca = await rootCA('NC big', { nameConstraints: { permitted: constraints } })
    const sub = await leaf(ca, { san: names.map((v) => encodeGeneralName({ type: 'dns', value: v })) })
    const budget = { remaining: 250_000 }
    const t0 = performance.now()
    const nc = readNameConstraints(parse(ca)) as NameConstraints
    const issues = nameConstraintIssues(sub, nc, { isLeaf: true, critical: true, budget })
    const ms = performance.now() - t0
    expect(issues.at(-1)?.code).toBe('NAME_CONSTRAINTS_TOO_COMPLEX')
    expect(budget.remaining).toBe(0)
    expect(ms).toBeLessThan(3_000)
  })

  it('shares one budget across the certificates of a path', async () => {
    const ca = await rootCA('NC shared', { nameConstraints: { permitted: ['example.com', 'example.net'] } })
    const sub = await leaf(ca, { names: ['a.example.com', 'b.example.com'] })
    const budget = { remaining: 5 }
    expect(check(ca, sub, { budget })).toEqual([])
    expect(budget.remaining).toBe(1)
    expect(codesOf(check(ca, sub, { budget }))).toEqual(['NAME_CONSTRAINTS_TOO_COMPLEX'])
  })
})

describe('in a chain, next to openssl verify', () => {
  it('agrees on an excluded name; refuses a wildcard that OpenSSL lets through (deliberately stricter)', async () => {
    const root = await rootCA('NC chain root')
    const ica = await intermediateCA('NC chain CA', root, { nameConstraints: { permitted: ['example.com'], excluded: ['bar.example.com'] } })
    const tmp = new TempDir()
    try {
      const rootFile = tmp.file(root.certPem)
      const icaFile = tmp.file(ica.certPem)
      const verdicts = async (names: string[]): Promise<{ ours: string[]; opensslOk: boolean }> => {
        const l = await createCertificate({ subject: 'O=Leaf', names, preset: 'server', issuer: { certPem: ica.certPem, keyPem: ica.keyPem as string } })
        const r = verifyChain({ leaf: l.certPem, intermediates: [ica.certPem], roots: [root.certPem], useMozillaRoots: false })
        const o = openssl(['verify', '-CAfile', rootFile, '-untrusted', icaFile, tmp.file(l.certPem)])
        return { ours: r.errors.map((e) => e.code), opensslOk: o.status === 0 }
      }
      expect(await verdicts(['www.example.com'])).toEqual({ ours: [], opensslOk: true })
      expect(await verdicts(['x.bar.example.com'])).toEqual({ ours: ['NAME_CONSTRAINT_VIOLATION'], opensslOk: false })
      expect(await verdicts(['www.example.org'])).toEqual({ ours: ['NAME_CONSTRAINT_VIOLATION'], opensslOk: false })
      // OpenSSL compares "*.example.com" as a literal string, so the excluded bar.example.com it can match slips by
      expect(await verdicts(['*.example.com'])).toEqual({ ours: ['NAME_CONSTRAINT_VIOLATION'], opensslOk: true })
    } finally {
      tmp.remove()
    }
  })
})
