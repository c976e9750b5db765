// The verifier against PKIs generated here, each verdict compared with `openssl verify` on the same files.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCertificate } from './issue'
import { DAY, TempDir, asIssuer, intermediateCA, openssl, rootCA, serverCert } from '../testing/x509'
import type { IssuedCertificateResult, Purpose, VerifyResult } from './types'
import { verifyChain } from './verify'

let tmp: TempDir
let root: IssuedCertificateResult
let inter: IssuedCertificateResult

beforeAll(async () => {
  tmp = new TempDir()
  root = await rootCA('Test Root')
  inter = await intermediateCA('Test Intermediate', root)
})

afterAll(() => tmp.remove())

interface Case {
  leaf: IssuedCertificateResult
  intermediates?: IssuedCertificateResult[]
  roots?: IssuedCertificateResult[]
  host?: string
  ip?: string
  purpose?: Purpose
  at?: number
}

interface Both {
  ours: VerifyResult
  ssl: { ok: boolean; errors: number[]; output: string }
}

/** Runs our verifier and `openssl verify` on the same certificates and options. */
function both(c: Case): Both {
  const roots = c.roots ?? [root]
  const intermediates = c.intermediates ?? [inter]
  const purpose = c.purpose ?? 'server'
  const opts: Parameters<typeof verifyChain>[0] = {
    leaf: c.leaf.certPem,
    intermediates: intermediates.map((i) => i.certPem),
    roots: roots.map((r) => r.certPem),
    useMozillaRoots: false,
    purpose
  }
  if (c.host !== undefined) opts.host = c.host
  if (c.ip !== undefined) opts.ip = c.ip
  if (c.at !== undefined) opts.at = c.at
  const ours = verifyChain(opts)
  const args = ['verify', '-no-CApath', '-no-CAstore', '-CAfile', tmp.file(roots.map((r) => r.certPem).join(''))]
  if (intermediates.length) args.push('-untrusted', tmp.file(intermediates.map((i) => i.certPem).join('')))
  args.push('-purpose', purpose === 'server' ? 'sslserver' : 'sslclient')
  if (c.host !== undefined) args.push('-verify_hostname', c.host)
  if (c.ip !== undefined) args.push('-verify_ip', c.ip)
  if (c.at !== undefined) args.push('-attime', String(Math.floor(c.at / 1000)))
  args.push(tmp.file(c.leaf.certPem))
  const r = openssl(args)
  const output = r.stdout + r.stderr
  const errors = [...output.matchAll(/error (\d+) at \d+ depth/g)].map((m) => Number(m[1]))
  return { ours, ssl: { ok: r.status === 0 && /: OK/.test(r.stdout), errors, output } }
}

const codes = (r: VerifyResult): string[] => r.errors.map((e) => e.code)

/** OpenSSL's X509_V_ERR numbers for our codes (any one of them is agreement). */
const OPENSSL_ERRORS: Record<string, number[]> = {
  CERT_EXPIRED: [10],
  CERT_NOT_YET_VALID: [9],
  HOSTNAME_MISMATCH: [62],
  IP_MISMATCH: [64],
  UNKNOWN_ISSUER: [2, 20],
  PATHLEN_EXCEEDED: [25],
  NAME_CONSTRAINT_VIOLATION: [47, 48],
  WRONG_EKU: [26],
  NOT_A_CA: [24, 79],
  MISSING_KEY_CERT_SIGN: [20, 24, 32],
  SELF_SIGNED_UNTRUSTED: [18],
  UNKNOWN_CRITICAL_EXTENSION: [34],
  BAD_SIGNATURE: [7]
}

function expectAgreement(b: Both, code?: string): void {
  if (code === undefined) {
    expect(b.ours.errors, JSON.stringify(b.ours.errors)).toEqual([])
    expect(b.ours.valid).toBe(true)
    expect(b.ssl.ok, b.ssl.output).toBe(true)
    return
  }
  expect(b.ours.valid).toBe(false)
  expect(codes(b.ours)).toContain(code)
  expect(b.ssl.ok, b.ssl.output).toBe(false)
  const expected = OPENSSL_ERRORS[code] ?? []
  expect(b.ssl.errors.some((e) => expected.includes(e)), `openssl said: ${b.ssl.output}`).toBe(true)
}

describe('verifyChain agrees with openssl verify', () => {
  it('accepts a valid chain and matches the host name', async () => {
    const leaf = await serverCert('shop.example.test', inter)
    const b = both({ leaf, host: 'shop.example.test' })
    expectAgreement(b)
    expect(b.ours.chain.map((l) => l.source)).toEqual(['leaf', 'provided', 'user'])
    expect(b.ours.chain[2]?.trustAnchor).toBe(true)
    expect(b.ours.chain.every((l) => l.status === 'ok')).toBe(true)
  })

  it('flags an expired leaf', async () => {
    const leaf = await serverCert('old.example.test', inter, { notBefore: new Date(Date.now() - 40 * DAY), days: 10 })
    const b = both({ leaf })
    expectAgreement(b, 'CERT_EXPIRED')
    expect(b.ours.chain[0]?.errors[0]?.code).toBe('CERT_EXPIRED')
  })

  it('flags an expired intermediate at depth 1', async () => {
    const oldInter = await intermediateCA('Expired Intermediate', root, { notBefore: new Date(Date.now() - 40 * DAY), days: 10 })
    const leaf = await serverCert('a.example.test', oldInter)
    const b = both({ leaf, intermediates: [oldInter] })
    expectAgreement(b, 'CERT_EXPIRED')
    expect(b.ours.errors.find((e) => e.code === 'CERT_EXPIRED')?.depth).toBe(1)
  })

  it('flags a leaf that is not yet valid', async () => {
    const leaf = await serverCert('future.example.test', inter, { notBefore: new Date(Date.now() + 5 * DAY), days: 30 })
    expectAgreement(both({ leaf }), 'CERT_NOT_YET_VALID')
  })

  it('uses the chosen time (-attime) for validity', async () => {
    const leaf = await serverCert('t.example.test', inter, { days: 30 })
    expectAgreement(both({ leaf, at: Date.now() + 60 * DAY }), 'CERT_EXPIRED')
    expectAgreement(both({ leaf, at: Date.now() + 10 * DAY }))
  })

  it('rejects a wrong host name, accepts a wildcard for one label only', async () => {
    const leaf = await serverCert('www.example.test', inter, { names: ['www.example.test', '*.api.example.test'] })
    expectAgreement(both({ leaf, host: 'mail.example.test' }), 'HOSTNAME_MISMATCH')
    expectAgreement(both({ leaf, host: 'v1.api.example.test' }))
    expectAgreement(both({ leaf, host: 'a.b.api.example.test' }), 'HOSTNAME_MISMATCH')
  })

  it('matches IP addresses only against IP SANs', async () => {
    const leaf = await serverCert('127.0.0.1', inter, { names: ['localhost', '127.0.0.1', '::1'] })
    expectAgreement(both({ leaf, ip: '127.0.0.1' }))
    expectAgreement(both({ leaf, ip: '::1' }))
    expectAgreement(both({ leaf, ip: '10.1.1.1' }), 'IP_MISMATCH')
    // a DNS SAN that looks like an IP never satisfies an IP check
    const dnsOnly = await serverCert('dns.example.test', inter, { names: ['dns.example.test'] })
    expectAgreement(both({ leaf: dnsOnly, ip: '127.0.0.1' }), 'IP_MISMATCH')
  })

  it('reports a missing intermediate as an unknown issuer with the AIA URL', async () => {
    const aiaInter = await intermediateCA('AIA Intermediate', root)
    const leaf = await serverCert('aia.example.test', aiaInter, { caIssuersUrls: ['http://127.0.0.1:1/inter.cer'] })
    const b = both({ leaf, intermediates: [] })
    expectAgreement(b, 'UNKNOWN_ISSUER')
    expect(b.ours.missingIssuerUrls).toEqual(['http://127.0.0.1:1/inter.cer'])
    expect(b.ours.errors[0]?.message).toContain('http://127.0.0.1:1/inter.cer')
  })

  it('enforces pathLenConstraint', async () => {
    const strict = await intermediateCA('PathLen0', root, { pathLength: 0 })
    const sub = await intermediateCA('Below PathLen0', strict)
    const leaf = await serverCert('deep.example.test', sub)
    const b = both({ leaf, intermediates: [strict, sub] })
    expectAgreement(b, 'PATHLEN_EXCEEDED')
    expect(b.ours.errors.find((e) => e.code === 'PATHLEN_EXCEEDED')?.depth).toBe(2)
  })

  it('enforces permitted and excluded name constraints (DNS, IP)', async () => {
    const nc = await intermediateCA('Constrained', root, {
      nameConstraints: { permitted: ['example.test', '10.0.0.0/8'], excluded: ['secret.example.test'] }
    })
    const ok = await serverCert('www.example.test', nc, { names: ['www.example.test', '10.1.2.3'] })
    expectAgreement(both({ leaf: ok, intermediates: [nc] }))
    const outside = await serverCert('evil.test', nc)
    expectAgreement(both({ leaf: outside, intermediates: [nc] }), 'NAME_CONSTRAINT_VIOLATION')
    const excluded = await serverCert('db.secret.example.test', nc)
    expectAgreement(both({ leaf: excluded, intermediates: [nc] }), 'NAME_CONSTRAINT_VIOLATION')
    const badIp = await serverCert('ip.example.test', nc, { names: ['ip.example.test', '192.168.1.1'] })
    expectAgreement(both({ leaf: badIp, intermediates: [nc] }), 'NAME_CONSTRAINT_VIOLATION')
  })

  it('enforces e-mail name constraints', async () => {
    const nc = await intermediateCA('Mail Constrained', root, { nameConstraints: { permitted: ['@example.test'] } })
    const inside = await createCertificate({ subject: { commonName: 'alice' }, names: ['alice@example.test'], preset: 'client', issuer: asIssuer(nc) })
    expectAgreement(both({ leaf: inside, intermediates: [nc], purpose: 'client' }))
    const outside = await createCertificate({ subject: { commonName: 'mallory' }, names: ['mallory@evil.test'], preset: 'client', issuer: asIssuer(nc) })
    expectAgreement(both({ leaf: outside, intermediates: [nc], purpose: 'client' }), 'NAME_CONSTRAINT_VIOLATION')
  })

  it('checks the EKU for the purpose (absent EKU means any to RFC 5280; a TLS server certificate needs one)', async () => {
    const client = await createCertificate({ subject: { commonName: 'client' }, preset: 'client', issuer: asIssuer(inter) })
    expectAgreement(both({ leaf: client, purpose: 'server' }), 'WRONG_EKU')
    expectAgreement(both({ leaf: client, purpose: 'client' }))
    const noEku = await serverCert('noeku.example.test', inter, { extKeyUsage: [] })
    // Deliberately stricter than OpenSSL: BR §7.1.2.7.10 says a TLS server certificate MUST carry an EKU with serverAuth
    const strict = both({ leaf: noEku, purpose: 'server' })
    expect(strict.ssl.ok, strict.ssl.output).toBe(true)
    expect(strict.ours.valid).toBe(false)
    expect(codes(strict.ours)).toEqual(['MISSING_EKU'])
    expectAgreement(both({ leaf: noEku, purpose: 'client' }))
  })

  it('checks the EKU of intermediates too', async () => {
    const clientOnlyCA = await intermediateCA('Client-only CA', root, { extKeyUsage: ['clientAuth'] })
    const leaf = await serverCert('srv.example.test', clientOnlyCA)
    const b = both({ leaf, intermediates: [clientOnlyCA] })
    expectAgreement(b, 'WRONG_EKU')
    expect(b.ours.errors.find((e) => e.code === 'WRONG_EKU')?.depth).toBe(1)
  })

  it('rejects a CA without keyCertSign', async () => {
    const noSign = await intermediateCA('No keyCertSign', root, { keyUsage: ['digitalSignature', 'cRLSign'] })
    const leaf = await serverCert('ks.example.test', noSign)
    const b = both({ leaf, intermediates: [noSign] })
    expectAgreement(b, 'MISSING_KEY_CERT_SIGN')
    expect(b.ours.chain[1]?.errors.map((e) => e.code)).toContain('MISSING_KEY_CERT_SIGN')
  })

  it('rejects an issuer that is not a CA', async () => {
    const notCA = await createCertificate({ subject: { commonName: 'Not a CA' }, preset: 'server', names: ['x.example.test'], issuer: asIssuer(root), keyUsage: ['digitalSignature', 'keyCertSign'] })
    const leaf = await serverCert('y.example.test', notCA)
    expectAgreement(both({ leaf, intermediates: [notCA] }), 'NOT_A_CA')
  })

  it('rejects an untrusted self-signed certificate and accepts it once trusted', async () => {
    const self = await createCertificate({ subject: { commonName: 'self.example.test' }, names: ['self.example.test'], preset: 'server' })
    expectAgreement(both({ leaf: self, intermediates: [] }), 'SELF_SIGNED_UNTRUSTED')
    const trusted = both({ leaf: self, intermediates: [], roots: [self], host: 'self.example.test' })
    expectAgreement(trusted)
    expect(trusted.ours.chain).toHaveLength(1)
  })

  it('rejects an unknown critical extension', async () => {
    const leaf = await serverCert('crit.example.test', inter, { extraExtensions: [{ oid: '1.3.6.1.4.1.55555.1', critical: true, valueHex: '0500' }] })
    expectAgreement(both({ leaf }), 'UNKNOWN_CRITICAL_EXTENSION')
  })

  it('detects a bad signature (same names, different key)', async () => {
    const impostor = await intermediateCA('Test Intermediate', root) // same subject, another key
    const leaf = await serverCert('sig.example.test', impostor)
    const b = both({ leaf, intermediates: [inter] })
    expect(b.ours.valid).toBe(false)
    expect(codes(b.ours)).toContain('BAD_SIGNATURE')
    expect(b.ssl.ok).toBe(false)
  })

  it('finds the good path through a cross-signed root when the other path is expired', async () => {
    // Let's Encrypt's 2021 shape: ISRG X1 is self-signed (trusted) and also cross-signed by an old root whose
    // cross-certificate has expired; the server sends the cross-certificate.
    const oldRoot = await rootCA('Old Root')
    const newRoot = await rootCA('New Root')
    const cross = await createCertificate({
      subject: { organization: 'Wirebench Tests', commonName: 'New Root' },
      key: { privateKeyPem: newRoot.keyPem as string },
      preset: 'intermediateCA',
      pathLength: 2,
      issuer: asIssuer(oldRoot),
      notBefore: new Date(Date.now() - 400 * DAY),
      days: 365
    })
    const r3 = await intermediateCA('R3', newRoot)
    const leaf = await serverCert('le.example.test', r3)
    const b = both({ leaf, intermediates: [r3, cross], roots: [oldRoot, newRoot], host: 'le.example.test' })
    expectAgreement(b)
    expect(b.ours.chain.map((l) => l.subject)).toEqual(['CN=le.example.test', 'O=Wirebench Tests, CN=R3', 'O=Wirebench Tests, CN=New Root'])
    expect(b.ours.chain[2]?.fingerprint256).toBe(newRoot.certificate.fingerprintSha256)
    // trusting only the old root leaves the expired cross-certificate as the only way
    const onlyOld = both({ leaf, intermediates: [r3, cross], roots: [oldRoot] })
    expectAgreement(onlyOld, 'CERT_EXPIRED')
    expect(onlyOld.ours.chain).toHaveLength(4)
  })

  it('backtracks out of a dead end to another candidate issuer', async () => {
    // two intermediates with the same name and key: one signed by an unknown root (and newer, so tried first),
    // one signed by the trusted root
    const unknownRoot = await rootCA('Unknown Root')
    const key = { privateKeyPem: inter.keyPem as string }
    const deadEnd = await createCertificate({
      subject: { organization: 'Wirebench Tests', commonName: 'Test Intermediate' },
      key,
      preset: 'intermediateCA',
      issuer: asIssuer(unknownRoot),
      days: 4000
    })
    const leaf = await serverCert('bt.example.test', inter)
    const ours = verifyChain({ leaf: leaf.certPem, intermediates: [deadEnd.certPem, inter.certPem], roots: [root.certPem], useMozillaRoots: false })
    expect(ours.valid).toBe(true)
    expect(ours.pathsTried).toBe(2)
    expect(ours.chain[1]?.fingerprint256).toBe(inter.certificate.fingerprintSha256)
    // OpenSSL takes the first matching intermediate and does not backtrack, so it only agrees when the good one
    // comes first; with that order both must accept
    expectAgreement(both({ leaf, intermediates: [inter, deadEnd] }))
  })

  it('prefers a renewed intermediate over its expired predecessor', async () => {
    const key = { privateKeyPem: inter.keyPem as string }
    const expired = await createCertificate({
      subject: { organization: 'Wirebench Tests', commonName: 'Test Intermediate' },
      key,
      preset: 'intermediateCA',
      issuer: asIssuer(root),
      notBefore: new Date(Date.now() - 100 * DAY),
      days: 30
    })
    const leaf = await serverCert('renew.example.test', inter)
    const b = both({ leaf, intermediates: [expired, inter] })
    expectAgreement(b)
    expect(b.ours.chain[1]?.fingerprint256).toBe(inter.certificate.fingerprintSha256)
  })

  it('stops on loops and reports the unknown issuer', async () => {
    // A signs B and B signs A (same names both ways): no anchor anywhere
    const a = await rootCA('Loop A')
    const b = await createCertificate({ subject: { organization: 'Wirebench Tests', commonName: 'Loop B' }, preset: 'intermediateCA', pathLength: 5, issuer: asIssuer(a) })
    const aByB = await createCertificate({ subject: { organization: 'Wirebench Tests', commonName: 'Loop A' }, key: { privateKeyPem: a.keyPem as string }, preset: 'intermediateCA', pathLength: 5, issuer: asIssuer(b) })
    const leaf = await serverCert('loop.example.test', b)
    const r = verifyChain({ leaf: leaf.certPem, intermediates: [b.certPem, aByB.certPem], roots: [], useMozillaRoots: false })
    expect(r.valid).toBe(false)
    expect(r.chain.length).toBeLessThanOrEqual(4)
    expect(codes(r).some((c) => c === 'SELF_SIGNED_UNTRUSTED' || c === 'UNKNOWN_ISSUER')).toBe(true)
  })
})

describe('verifyChain with the bundled Mozilla roots', () => {
  it('does not trust a private root, and trusts a Mozilla root as its own anchor', async () => {
    const { rootCertificates } = await import('node:tls')
    const leaf = await serverCert('moz.example.test', inter)
    const r = verifyChain({ leaf: leaf.certPem, intermediates: [inter.certPem] })
    expect(r.valid).toBe(false)
    expect(codes(r)).toContain('UNKNOWN_ISSUER')
    const mozRoot = rootCertificates.find((p) => p.includes('BEGIN')) as string
    const anchor = verifyChain({ leaf: mozRoot, purpose: 'server' })
    expect(anchor.chain[0]?.trustAnchor).toBe(true)
    expect(anchor.chain[0]?.source).toBe('leaf')
  })
})
