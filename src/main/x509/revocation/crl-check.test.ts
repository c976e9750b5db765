// CRL checking against RFC 5280 §5 and §6.3 with CRLs the tests make (our builder and `openssl ca -gencrl`), and the
// verdicts compared with `openssl verify -crl_check` on the same files.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodePem } from '../../../shared/x509/pem'
import { DAY, TempDir, intermediateCA, openssl, rootCA, serverCert } from '../../testing/x509'
import { REASON, buildCrl, entryDer, idpValue, parsePem } from '../../testing/crl'
import type { ParsedCertificate } from '../certificate'
import type { IssuedCertificateResult } from '../types'
import { parseCrl } from '../crl'
import { combine, crlEvidence, crlUrls } from './crl-check'

const now = Date.now()
let root: IssuedCertificateResult
let inter: IssuedCertificateResult
let impostor: IssuedCertificateResult
let other: IssuedCertificateResult
let leafR: IssuedCertificateResult
let leaf: ParsedCertificate
let interCert: ParsedCertificate
const dir = new TempDir()

beforeAll(async () => {
  root = await rootCA('CRL Test Root')
  inter = await intermediateCA('CRL Test Issuing CA', root)
  // same subject name as the issuing CA, another key: a CRL it signs claims the right issuer but cannot verify
  impostor = await intermediateCA('CRL Test Issuing CA', root)
  other = await rootCA('Some Other CA')
  leafR = await serverCert('crl.example', inter, { serialHex: '1234ABCD', crlUrls: ['http://127.0.0.1/ca.crl', 'ldap://x/y', 'http://127.0.0.1/ca.crl'] })
  leaf = parsePem(leafR.certPem)
  interCert = parsePem(inter.certPem)
})
afterAll(() => dir.remove())

const fresh = { thisUpdate: now - DAY, nextUpdate: now + 6 * DAY }
const check = (...crls: Uint8Array[]) => crlEvidence(leaf, interCert, crls.map((der) => ({ der, source: 'crl-file' as const, url: 'test.crl' })), now)

/** openssl verify -crl_check on the leaf with this CRL: its first line of output. */
function opensslVerdict(crl: Uint8Array): string {
  const r = openssl(['verify', '-crl_check', '-CAfile', dir.file(root.certPem), '-untrusted', dir.file(inter.certPem), '-CRLfile', dir.file(encodePem(crl, 'X509 CRL')), dir.file(leafR.certPem)])
  return r.stdout + r.stderr
}

describe('crlUrls', () => {
  it('lists the http(s) distribution points once each', () => {
    expect(crlUrls(leaf)).toEqual(['http://127.0.0.1/ca.crl'])
  })
})

describe('crlEvidence', () => {
  it('says good when a current, correctly signed CRL of the issuer does not list the certificate', () => {
    const crl = buildCrl(inter, { ...fresh, crlNumber: 3, entries: [{ serialHex: '0BAD', date: now - 2 * DAY, reason: REASON.keyCompromise }] })
    const ev = check(crl)
    expect(ev).toHaveLength(1)
    expect(ev[0]).toMatchObject({ status: 'good', code: 'CRL_GOOD', crlNumber: '3', source: 'crl-file', url: 'test.crl' })
    expect(combine(ev)).toEqual({ status: 'good', decidedBy: 'crl-file' })
    expect(opensslVerdict(crl)).toContain(': OK')
  })

  it('says revoked, with the reason, the date and the invalidity date', () => {
    const date = now - 3 * DAY
    const crl = buildCrl(inter, { ...fresh, crlNumber: 4, entries: [{ serialHex: '1234ABCD', date, reason: REASON.keyCompromise, invalidityDate: now - 5 * DAY }] })
    const ev = check(crl)
    expect(ev[0]).toMatchObject({ status: 'revoked', reason: 'keyCompromise', revokedAt: new Date(Math.floor(date / 1000) * 1000).toISOString() })
    expect(ev[0]?.invalidityDate).toBeDefined()
    expect(ev[0]?.message).toMatch(/keyCompromise/)
    expect(combine(ev)).toMatchObject({ status: 'revoked', reason: 'keyCompromise', decidedBy: 'crl-file' })
    expect(opensslVerdict(crl)).toMatch(/certificate revoked/)
  })

  it('reads a CRL made by `openssl ca -revoke -crl_reason keyCompromise -gencrl`', () => {
    const d = new TempDir()
    try {
      d.file('', 'index.txt')
      d.file('1000\n', 'crlnumber')
      const cfg = d.file(
        `[ca]\ndefault_ca=d\n[d]\ndatabase=${d.path}/index.txt\ncrlnumber=${d.path}/crlnumber\ndefault_md=sha256\ndefault_crl_days=5\ncrl_extensions=e\n[e]\nauthorityKeyIdentifier=keyid:always\n`,
        'ca.cnf'
      )
      const ca = ['-config', cfg, '-cert', d.file(inter.certPem), '-keyfile', d.file(inter.keyPem as string)]
      expect(openssl(['ca', ...ca, '-revoke', d.file(leafR.certPem), '-crl_reason', 'keyCompromise']).status).toBe(0)
      const r = openssl(['ca', ...ca, '-gencrl', '-out', `${d.path}/crl.pem`])
      expect(r.status, r.stderr).toBe(0)
      const der = openssl(['crl', '-in', `${d.path}/crl.pem`, '-outform', 'DER']).raw
      // checked at the time of the check: openssl's thisUpdate is "now" when it ran, after this file loaded
      const ev = crlEvidence(leaf, interCert, [{ der: new Uint8Array(der), source: 'crl-file', url: 'test.crl' }], Date.now() + 1000)
      expect(ev[0]).toMatchObject({ status: 'revoked', reason: 'keyCompromise', crlNumber: String(0x1000) })
    } finally {
      d.remove()
    }
  })

  it('says a certificate on hold is revoked, and that the hold is temporary', () => {
    const crl = buildCrl(inter, { ...fresh, crlNumber: 5, entries: [{ serialHex: '1234ABCD', date: now - DAY, reason: REASON.certificateHold }] })
    const ev = check(crl)
    expect(ev[0]).toMatchObject({ status: 'revoked', reason: 'certificateHold' })
    expect(ev[0]?.message).toMatch(/temporary/)
  })

  it('refuses a CRL with the right issuer name but another key (signature invalid)', () => {
    const crl = buildCrl(inter, { ...fresh, crlNumber: 6, noAki: true, signWith: impostor })
    const ev = check(crl)
    expect(ev[0]).toMatchObject({ status: 'error', code: 'CRL_SIGNATURE_INVALID' })
    expect(combine(ev).status).toBe('unknown')
  })

  it('ignores a CRL from another issuer, and says so when it is the only one', () => {
    const foreign = buildCrl(other, { ...fresh, crlNumber: 1, entries: [{ serialHex: '1234ABCD', date: now - DAY }] })
    const alone = check(foreign)
    expect(alone).toHaveLength(1)
    expect(alone[0]).toMatchObject({ status: 'error', code: 'CRL_ISSUER_MISMATCH' })
    const mixed = check(foreign, buildCrl(inter, { ...fresh, crlNumber: 7 }))
    expect(mixed.map((e) => e.code)).toEqual(['CRL_GOOD'])
    // same issuer name, another key named by the CRL's authorityKeyIdentifier (§5.2.1): another issuer too
    const sameName = check(buildCrl(impostor, { ...fresh, crlNumber: 2 }))
    expect(sameName[0]).toMatchObject({ code: 'CRL_ISSUER_MISMATCH' })
    expect(sameName[0]?.message).toMatch(/another key/)
  })

  it('refuses an expired CRL (nextUpdate passed) even when it lists the certificate', () => {
    const crl = buildCrl(inter, { thisUpdate: now - 10 * DAY, nextUpdate: now - DAY, crlNumber: 8, entries: [{ serialHex: '1234ABCD', date: now - 9 * DAY }] })
    const ev = check(crl)
    expect(ev[0]).toMatchObject({ status: 'error', code: 'CRL_STALE' })
    expect(ev[0]?.message).toMatch(/lists this certificate/)
    expect(combine(ev).status).toBe('unknown')
    expect(opensslVerdict(crl)).toMatch(/CRL has expired/)
  })

  it('refuses a CRL with an unknown critical extension, or an unknown critical entry extension (§5.2, §5.3)', () => {
    const critical = { oid: '1.3.6.1.4.1.55555.1', critical: true, value: new Uint8Array([5, 0]) }
    expect(check(buildCrl(inter, { ...fresh, crlNumber: 9, extensions: [critical] }))[0]).toMatchObject({ status: 'error', code: 'CRL_UNSUPPORTED' })
    const entry = { serialHex: '77', date: now - DAY, extensions: [critical] }
    expect(check(buildCrl(inter, { ...fresh, crlNumber: 9, entries: [entry] }))[0]).toMatchObject({ status: 'error', code: 'CRL_UNSUPPORTED' })
  })

  it('applies a delta CRL on top of its complete CRL, and lifts a hold with removeFromCRL (§5.2.4)', () => {
    const complete = buildCrl(inter, { ...fresh, crlNumber: 10 })
    const delta = buildCrl(inter, { ...fresh, crlNumber: 11, deltaBase: 10, entries: [{ serialHex: '1234ABCD', date: now - 3600_000, reason: REASON.superseded }] })
    const ev = check(complete, delta)
    expect(ev.map((e) => [e.code, e.status])).toEqual([['CRL_REVOKED', 'revoked'], ['CRL_DELTA_APPLIED', 'revoked']])
    expect(ev[1]?.message).toMatch(/applied on top of complete CRL number 10/)
    expect(combine(ev)).toMatchObject({ status: 'revoked', reason: 'superseded' })

    const held = buildCrl(inter, { ...fresh, crlNumber: 20, entries: [{ serialHex: '1234ABCD', date: now - DAY, reason: REASON.certificateHold }] })
    const lift = buildCrl(inter, { ...fresh, crlNumber: 21, deltaBase: 20, entries: [{ serialHex: '1234ABCD', date: now - 3600_000, reason: REASON.removeFromCRL }] })
    const lifted = check(held, lift)
    expect(lifted.map((e) => e.status)).toEqual(['good', 'good'])
    expect(combine(lifted).status).toBe('good')
  })

  it('does not use a delta CRL alone, or on a complete CRL older than its base', () => {
    const delta = buildCrl(inter, { ...fresh, crlNumber: 31, deltaBase: 30 })
    expect(check(delta)[0]).toMatchObject({ status: 'error', code: 'CRL_DELTA_WITHOUT_BASE' })
    const old = buildCrl(inter, { ...fresh, crlNumber: 29 })
    expect(check(old, delta).map((e) => e.code)).toEqual(['CRL_GOOD', 'CRL_DELTA_WITHOUT_BASE'])
  })

  it('honours the issuingDistributionPoint scope and refuses indirect CRLs (§5.2.5, §6.3.3 (b)(2))', () => {
    const idp = (v: Parameters<typeof idpValue>[0]) => buildCrl(inter, { ...fresh, crlNumber: 40, extensions: [{ oid: '2.5.29.28', critical: true, value: idpValue(v) }] })
    expect(check(idp({ onlyCA: true }))[0]).toMatchObject({ status: 'error', code: 'CRL_SCOPE_MISMATCH' })
    expect(check(idp({ onlyUser: true, uri: 'http://127.0.0.1/ca.crl' }))[0]).toMatchObject({ status: 'good' })
    expect(check(idp({ uri: 'http://127.0.0.1/other.crl' }))[0]).toMatchObject({ status: 'error', code: 'CRL_SCOPE_MISMATCH' })
    expect(check(idp({ indirect: true }))[0]).toMatchObject({ status: 'error', code: 'CRL_INDIRECT_UNSUPPORTED' })
  })

  it('finds a certificate among 100,000 entries quickly, and refuses what is not a CRL', () => {
    const parts: Uint8Array[] = []
    for (let i = 0; i < 100_000; i++) parts.push(entryDer({ serialHex: (0x10000000 + i * 7).toString(16), date: now - DAY, reason: REASON.superseded }))
    parts.push(entryDer({ serialHex: '1234ABCD', date: now - DAY, reason: REASON.cACompromise }))
    const total = parts.reduce((n, p) => n + p.length, 0)
    const raw = new Uint8Array(total)
    let o = 0
    for (const p of parts) {
      raw.set(p, o)
      o += p.length
    }
    const crl = buildCrl(inter, { ...fresh, crlNumber: 50, rawEntries: raw })
    const t = performance.now()
    const ev = check(crl)
    expect(performance.now() - t).toBeLessThan(5_000)
    expect(ev[0]).toMatchObject({ status: 'revoked', reason: 'cACompromise' })
    expect(ev[0]?.message).toMatch(/100,001 entries/)
    expect(check(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00]))[0]).toMatchObject({ status: 'error', code: 'CRL_MALFORMED' })
    expect(check(new Uint8Array(20 * 1024 * 1024 + 1))[0]).toMatchObject({ status: 'error', code: 'CRL_TOO_LARGE' })
  })
})

describe('crlEvidence, more of §5 and §6.3.3', () => {
  it('refuses a CRL signed by an issuer whose keyUsage lacks cRLSign (§6.3.3 (f))', async () => {
    const noCrlSign = await intermediateCA('CRL Test No cRLSign', root, { keyUsage: ['digitalSignature', 'keyCertSign'] })
    const l = parsePem((await serverCert('n.example', noCrlSign)).certPem)
    const ev = crlEvidence(l, parsePem(noCrlSign.certPem), [{ der: buildCrl(noCrlSign, { ...fresh, crlNumber: 1 }), source: 'crl-dp' }], now)
    expect(ev[0]).toMatchObject({ status: 'error', code: 'CRL_ISSUER_NOT_CRL_SIGNER' })
  })

  it('reads a PEM CRL file, and refuses a CRL that is not valid yet', () => {
    const pem = new TextEncoder().encode(encodePem(buildCrl(inter, { ...fresh, crlNumber: 60 }), 'X509 CRL'))
    expect(check(pem)[0]).toMatchObject({ status: 'good' })
    expect(check(buildCrl(inter, { thisUpdate: now + DAY, nextUpdate: now + 2 * DAY, crlNumber: 61 }))[0]).toMatchObject({ code: 'CRL_NOT_YET_VALID' })
    expect(check(buildCrl(inter, { thisUpdate: now - DAY, nextUpdate: null, crlNumber: 62 }))[0]).toMatchObject({ code: 'CRL_NO_NEXT_UPDATE' })
  })

  it('does not call a certificate good from a CRL that covers only some reasons (§6.3.3 (d), (l))', () => {
    const part = buildCrl(inter, { ...fresh, crlNumber: 70, extensions: [{ oid: '2.5.29.28', critical: true, value: idpValue({ someReasons: [0x06, 0x40] }) }] })
    const ev = check(part)
    expect(ev[0]).toMatchObject({ status: 'unknown', code: 'CRL_PARTIAL_REASONS' })
    expect(ev[0]?.message).toMatch(/cACompromise/)
    expect(combine(ev).status).toBe('unknown')
  })

  it('lets a newer complete CRL replace an older one that had the certificate on hold', () => {
    const older = buildCrl(inter, { ...fresh, crlNumber: 80, entries: [{ serialHex: '1234ABCD', date: now - 2 * DAY, reason: REASON.certificateHold }] })
    const newer = buildCrl(inter, { ...fresh, crlNumber: 81 })
    const ev = check(older, newer)
    expect(ev.map((e) => e.code)).toEqual(['CRL_SUPERSEDED', 'CRL_GOOD'])
    expect(combine(ev).status).toBe('good')
    // a keyCompromise revocation is permanent: a newer CRL leaving it out does not undo it (§3.3)
    const revoked = buildCrl(inter, { ...fresh, crlNumber: 82, entries: [{ serialHex: '1234ABCD', date: now - 2 * DAY, reason: REASON.keyCompromise }] })
    expect(combine(check(revoked, buildCrl(inter, { ...fresh, crlNumber: 83 }))).status).toBe('revoked')
  })
})

describe('parseCrl (the description the certificate tab shows)', () => {
  it('names each entry\'s reason and a delta CRL\'s base', () => {
    const info = parseCrl(buildCrl(inter, { ...fresh, crlNumber: 91, deltaBase: 90, entries: [{ serialHex: '01', date: now, reason: REASON.certificateHold }, { serialHex: '02', date: now }] }))
    expect(info).toMatchObject({ crlNumber: '91', baseCrlNumber: '90', revokedCount: 2 })
    expect(info.revoked.map((r) => r.reason)).toEqual(['certificateHold', undefined])
  })
})

describe('combine', () => {
  it('lets revoked win, then good, else unknown', () => {
    const ev = (status: 'good' | 'revoked' | 'error', source: 'ocsp' | 'crl-dp') => ({ source, status, code: 'X', message: 'm' })
    expect(combine([ev('good', 'ocsp'), { ...ev('revoked', 'crl-dp'), reason: 'keyCompromise' }])).toEqual({ status: 'revoked', decidedBy: 'crl-dp', reason: 'keyCompromise' })
    expect(combine([ev('error', 'crl-dp'), ev('good', 'ocsp')])).toEqual({ status: 'good', decidedBy: 'ocsp' })
    expect(combine([ev('error', 'crl-dp')])).toEqual({ status: 'unknown' })
  })
})
