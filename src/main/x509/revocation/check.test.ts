// Revocation end to end through the verify operation the worker runs (path, then checkRevocation): every certificate
// is made here, its AIA OCSP and CRL distribution point URLs point at servers this file starts on 127.0.0.1 — the real
// `openssl ocsp` responder and a plain node:http server of CRLs — and each CRL verdict is compared with
// `openssl verify -crl_check` on the same files (RFC 5280 §6.3, RFC 6960).
import * as http from 'node:http'
import type { AddressInfo } from 'node:net'
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodePem } from '../../../shared/x509/pem'
import { REASON, buildCrl, idpValue } from '../../testing/crl'
import { type OcspResponder, neverAnswering, startOcspResponder } from '../../testing/ocsp'
import { DAY, TempDir, intermediateCA, openssl, rootCA, serverCert } from '../../testing/x509'
import { createCertificate } from '../issue'
import { DEFAULT_KDF_ITERATIONS } from '../kdf-budget'
import type { IssuedCertificateResult, RevocationMode, VerifyResult } from '../types'
import { WORKER_OPERATIONS } from '../worker'

const now = Date.now()
const fresh = { thisUpdate: now - DAY, nextUpdate: now + 7 * DAY }
// whole seconds: OCSP and CRL times are GeneralizedTime/UTCTime without fractions
const revokedAt = new Date(Math.floor((now - 2 * 3_600_000) / 1000) * 1000)
const tmp = new TempDir()
const stops: (() => Promise<void>)[] = []

/** A 16-octet positive serial (RFC 5280 §4.1.2.2), distinct per certificate so one OCSP index can hold them all. */
const serial = (): string => (1 + (randomBytes(1)[0] as number) % 7).toString(16) + randomBytes(16).toString('hex').slice(1).toUpperCase()

/** CRLs served by path from 127.0.0.1, as a CA's distribution point would serve them. */
const served = new Map<string, Uint8Array>()
let crlBase = ''

async function startCrlServer(): Promise<void> {
  const server = http.createServer((req, res) => {
    if (req.url === '/endless.crl') {
      // a hostile distribution point: a body that never ends (chunked, no Content-Length)
      res.writeHead(200, { 'content-type': 'application/pkix-crl' })
      const chunk = Buffer.alloc(256 * 1024, 0x30)
      const pump = (): void => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', pump)
      }
      pump()
      return
    }
    const body = served.get(req.url ?? '')
    if (!body) {
      res.writeHead(404).end()
      return
    }
    res.writeHead(200, { 'content-type': 'application/pkix-crl', 'content-length': body.length }).end(body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  crlBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  stops.push(() => new Promise((resolve) => server.close(() => resolve())))
}

let root: IssuedCertificateResult
let inter: IssuedCertificateResult
let revokedInter: IssuedCertificateResult
let impostorRoot: IssuedCertificateResult
let ocsp: OcspResponder
let rogue: OcspResponder
let delegated: OcspResponder
let silentUrl = ''
const leaf: Record<string, IssuedCertificateResult> = {}
const serials: Record<string, string> = {}

async function issue(name: string, issuer: IssuedCertificateResult, urls: { ocspUrls?: string[]; crlUrls?: string[] }): Promise<void> {
  serials[name] = serial()
  leaf[name] = await serverCert(`${name.toLowerCase()}.example.test`, issuer, { serialHex: serials[name], ...urls })
}

beforeAll(async () => {
  await startCrlServer()
  root = await rootCA('Revocation Test Root')
  impostorRoot = await rootCA('Not Our Root')
  const interSerial = serial()
  const revokedInterSerial = serial()
  inter = await intermediateCA('Revocation Test Issuing CA', root, { serialHex: interSerial, crlUrls: [`${crlBase}/root.crl`] })
  revokedInter = await intermediateCA('Revoked Issuing CA', root, { serialHex: revokedInterSerial, crlUrls: [`${crlBase}/root.crl`] })
  // the root's CRL: the second intermediate is revoked (RFC 5280 §6.3 applies to every certificate but the anchor)
  served.set('/root.crl', buildCrl(root, { ...fresh, crlNumber: 7, entries: [{ serialHex: revokedInterSerial, date: revokedAt.getTime(), reason: REASON.cACompromise }] }))

  // a responder certificate from a CA that is not the leaf's issuer: RFC 6960 §4.2.2.2 does not authorise it
  const rogueSigner = await createCertificate({ subject: { commonName: 'Rogue OCSP Responder' }, preset: 'none', keyUsage: ['digitalSignature'], extKeyUsage: ['1.3.6.1.5.5.7.3.9'], issuer: { certPem: impostorRoot.certPem, keyPem: impostorRoot.keyPem as string } })
  const names = ['ocspGood', 'ocspRevoked', 'ocspUnknown', 'ocspRogue']
  for (const n of names) serials[n] = serial()
  const index = [
    { serialHex: serials.ocspGood as string, status: 'V' as const },
    { serialHex: serials.ocspRevoked as string, status: 'R' as const, revokedAt, reason: 'keyCompromise' },
    { serialHex: serials.ocspRogue as string, status: 'V' as const }
  ]
  ocsp = await startOcspResponder({ caCertPem: inter.certPem, caKeyPem: inter.keyPem as string, index, ndays: 1 })
  rogue = await startOcspResponder({ caCertPem: inter.certPem, signerCertPem: rogueSigner.certPem, signerKeyPem: rogueSigner.keyPem as string, index, ndays: 1 })
  // a responder certificate the issuing CA made for the job (id-kp-OCSPSigning, id-pkix-ocsp-nocheck): RFC 6960 §4.2.2.2
  const delegatedSigner = await createCertificate({ subject: { commonName: 'Delegated OCSP Responder' }, preset: 'none', keyUsage: ['digitalSignature'], extKeyUsage: ['1.3.6.1.5.5.7.3.9'], extraExtensions: [{ oid: '1.3.6.1.5.5.7.48.1.5', critical: false, valueHex: '0500' }], issuer: { certPem: inter.certPem, keyPem: inter.keyPem as string } })
  delegated = await startOcspResponder({ caCertPem: inter.certPem, signerCertPem: delegatedSigner.certPem, signerKeyPem: delegatedSigner.keyPem as string, index, ndays: 1 })
  stops.push(() => delegated.stop())
  const silent = await neverAnswering()
  silentUrl = silent.url
  stops.push(() => ocsp.stop(), () => rogue.stop(), () => silent.stop())
  for (const n of names) leaf[n] = await serverCert(`${n.toLowerCase()}.example.test`, inter, { serialHex: serials[n], ocspUrls: [n === 'ocspRogue' ? rogue.url : ocsp.url] })
  await issue('ocspSilent', inter, { ocspUrls: [silentUrl] })
  await issue('crlEndless', inter, { crlUrls: [`${crlBase}/endless.crl`] })
  // the same serial as ocspGood, asking the delegated responder
  leaf.ocspDelegated = await serverCert('ocspdelegated.example.test', inter, { serialHex: serials.ocspGood, ocspUrls: [delegated.url] })

  await issue('crlGood', inter, { crlUrls: [`${crlBase}/inter.crl`] })
  await issue('crlRevoked', inter, { crlUrls: [`${crlBase}/inter.crl`] })
  await issue('crlStale', inter, { crlUrls: [`${crlBase}/inter-stale.crl`] })
  await issue('underRevoked', revokedInter, { crlUrls: [`${crlBase}/revoked-inter.crl`] })
  const interCrl = { crlNumber: 12, entries: [{ serialHex: serials.crlRevoked as string, date: revokedAt.getTime(), reason: REASON.superseded }] }
  served.set('/inter.crl', buildCrl(inter, { ...fresh, ...interCrl }))
  served.set('/inter-stale.crl', buildCrl(inter, { thisUpdate: now - 10 * DAY, nextUpdate: now - 3 * DAY, crlNumber: 3 }))
  served.set('/revoked-inter.crl', buildCrl(revokedInter, { ...fresh, crlNumber: 1 }))
})

afterAll(async () => {
  await Promise.all(stops.map((s) => s()))
  tmp.remove()
})

interface Run {
  mode?: RevocationMode
  online?: boolean
  crls?: Uint8Array[]
  timeoutMs?: number
  at?: number
  intermediate?: IssuedCertificateResult
}

/** The worker's verify operation, in this process: the path, then revocation when the path reaches the root. */
function verify(l: IssuedCertificateResult, r: Run = {}): Promise<VerifyResult> {
  return WORKER_OPERATIONS.verify(
    {
      leaf: l.certPem,
      intermediates: [(r.intermediate ?? inter).certPem],
      roots: [root.certPem],
      useMozillaRoots: false,
      ...(r.at !== undefined ? { at: r.at } : {}),
      revocation: {
        mode: r.mode ?? 'soft',
        online: r.online ?? true,
        timeoutMs: r.timeoutMs ?? 5_000,
        crls: (r.crls ?? []).map((der) => Buffer.from(der).toString('latin1'))
      }
    },
    DEFAULT_KDF_ITERATIONS
  )
}

const codes = (issues: { code: string }[]): string[] => issues.map((i) => i.code)

/** `openssl verify -crl_check[_all]` on the same files: its output. */
function opensslVerify(l: IssuedCertificateResult, crls: Uint8Array[], o: { all?: boolean; intermediate?: IssuedCertificateResult } = {}): string {
  const args = ['verify', o.all ? '-crl_check_all' : '-crl_check', '-CAfile', tmp.file(root.certPem), '-untrusted', tmp.file((o.intermediate ?? inter).certPem)]
  for (const c of crls) args.push('-CRLfile', tmp.file(encodePem(c, 'X509 CRL')))
  const r = openssl([...args, tmp.file(l.certPem)])
  return r.stdout + r.stderr
}

const crl = (path: string): Uint8Array => served.get(path) as Uint8Array

describe('OCSP from the AIA responder (openssl ocsp on loopback)', () => {
  it('good: valid, the leaf says good decided by OCSP, the intermediate good by the root CRL', async () => {
    const r = await verify(leaf.ocspGood as IssuedCertificateResult)
    expect(r.errors, JSON.stringify(r.errors)).toEqual([])
    expect(r.valid).toBe(true)
    expect(r.chain[0]?.revocation).toMatchObject({ status: 'good', decidedBy: 'ocsp' })
    expect(r.chain[0]?.revocation?.evidence[0]).toMatchObject({ source: 'ocsp', url: ocsp.url, code: 'OCSP_GOOD', signer: expect.stringContaining('CN=Revocation Test Issuing CA') })
    expect(r.chain[1]?.revocation).toMatchObject({ status: 'good', decidedBy: 'crl-dp' })
    expect(r.chain[2]?.revocation?.status).toBe('not-checked')
    // a request this small goes by GET (RFC 6960 App. A.1: GET when the encoded URL stays within 255 bytes)
    expect(ocsp.methods).toContain('GET')
  })

  it('a delegated responder the CA certified (id-kp-OCSPSigning): good, signed by the responder', async () => {
    const r = await verify(leaf.ocspDelegated as IssuedCertificateResult, { mode: 'hard' })
    expect(r.errors, JSON.stringify(r.errors)).toEqual([])
    expect(r.chain[0]?.revocation).toMatchObject({ status: 'good', decidedBy: 'ocsp' })
    expect(r.chain[0]?.revocation?.evidence[0]?.message).toContain('the delegated responder "CN=Delegated OCSP Responder"')
  })

  it('revoked (keyCompromise): not valid, REVOKED with the reason and the date', async () => {
    const r = await verify(leaf.ocspRevoked as IssuedCertificateResult)
    expect(r.valid).toBe(false)
    expect(r.chain[0]?.revocation).toMatchObject({ status: 'revoked', decidedBy: 'ocsp', reason: 'keyCompromise', revokedAt: revokedAt.toISOString() })
    const e = r.errors.find((x) => x.code === 'REVOKED')
    expect(e?.depth).toBe(0)
    expect(e?.message).toContain('keyCompromise')
    expect(e?.message).toContain(revokedAt.toISOString())
    expect(e?.source).toBe('RFC 6960 §2.2')
  })

  it('unknown serial: a REVOCATION_UNKNOWN warning when soft-failing, an error when hard-failing', async () => {
    const soft = await verify(leaf.ocspUnknown as IssuedCertificateResult)
    expect(soft.valid).toBe(true)
    expect(soft.chain[0]?.revocation?.status).toBe('unknown')
    expect(soft.chain[0]?.revocation?.evidence.map((e) => e.code)).toEqual(['OCSP_UNKNOWN'])
    expect(codes(soft.warnings)).toContain('REVOCATION_UNKNOWN')
    expect(codes(soft.errors)).not.toContain('REVOCATION_UNKNOWN')
    const hard = await verify(leaf.ocspUnknown as IssuedCertificateResult, { mode: 'hard' })
    expect(hard.valid).toBe(false)
    expect(hard.errors.find((e) => e.code === 'REVOCATION_UNKNOWN')?.message).toMatch(/hard-fail: refused.*does not know this certificate/)
  })

  it('an expired response (nextUpdate before the verification time) is not evidence: unknown', async () => {
    // the responder answers with nextUpdate one day after thisUpdate; verify two days from now
    const r = await verify(leaf.ocspGood as IssuedCertificateResult, { at: now + 2 * DAY })
    expect(r.chain[0]?.revocation?.status).toBe('unknown')
    const ev = r.chain[0]?.revocation?.evidence[0]
    expect(ev).toMatchObject({ status: 'error', code: 'OCSP_STALE' })
    expect(ev?.message).toMatch(/expired: its nextUpdate .* is before/)
    expect(codes(r.warnings)).toContain('REVOCATION_UNKNOWN')
  })

  it('a responder the CA never authorised: unknown, evidence OCSP_UNAUTHORIZED_RESPONDER', async () => {
    const r = await verify(leaf.ocspRogue as IssuedCertificateResult, { mode: 'hard' })
    expect(r.chain[0]?.revocation?.status).toBe('unknown')
    expect(r.chain[0]?.revocation?.evidence[0]).toMatchObject({ status: 'error', code: 'OCSP_UNAUTHORIZED_RESPONDER' })
    expect(r.chain[0]?.revocation?.evidence[0]?.message).toContain('Rogue OCSP Responder')
    expect(r.valid).toBe(false)
  })

  it('a responder that never answers: unknown within the time budget, the whole verify under 3 s', async () => {
    const t0 = performance.now()
    const r = await verify(leaf.ocspSilent as IssuedCertificateResult, { timeoutMs: 800 })
    const elapsed = performance.now() - t0
    expect(elapsed).toBeLessThan(3_000)
    expect(r.valid).toBe(true)
    expect(r.chain[0]?.revocation?.status).toBe('unknown')
    expect(r.chain[0]?.revocation?.evidence[0]).toMatchObject({ source: 'ocsp', url: silentUrl, status: 'error', code: 'ETIMEDOUT' })
    expect(codes(r.warnings)).toContain('REVOCATION_UNKNOWN')
    // the intermediate's CRL came back meanwhile
    expect(r.chain[1]?.revocation?.status).toBe('good')
  })
})

describe('CRLs from the distribution point (node:http on loopback)', () => {
  it('revoked with its reason: REVOKED, decided by the CRL DP; openssl verify -crl_check agrees', async () => {
    const r = await verify(leaf.crlRevoked as IssuedCertificateResult)
    expect(r.valid).toBe(false)
    expect(r.chain[0]?.revocation).toMatchObject({ status: 'revoked', decidedBy: 'crl-dp', reason: 'superseded', revokedAt: revokedAt.toISOString() })
    expect(r.errors.find((e) => e.code === 'REVOKED')?.message).toMatch(/superseded.*the CA's CRL/)
    expect(opensslVerify(leaf.crlRevoked as IssuedCertificateResult, [crl('/inter.crl')])).toContain('certificate revoked')
  })

  it('not listed: good; openssl agrees', async () => {
    const r = await verify(leaf.crlGood as IssuedCertificateResult, { mode: 'hard' })
    expect(r.errors, JSON.stringify(r.errors)).toEqual([])
    expect(r.valid).toBe(true)
    expect(r.chain[0]?.revocation).toMatchObject({ status: 'good', decidedBy: 'crl-dp' })
    expect(r.chain[0]?.revocation?.evidence[0]).toMatchObject({ url: `${crlBase}/inter.crl`, code: 'CRL_GOOD', crlNumber: '12' })
    expect(opensslVerify(leaf.crlGood as IssuedCertificateResult, [crl('/inter.crl')])).toContain(': OK')
  })

  it('stale (nextUpdate passed): unknown, a warning when soft and an error when hard; openssl refuses it too', async () => {
    const soft = await verify(leaf.crlStale as IssuedCertificateResult)
    expect(soft.valid).toBe(true)
    expect(soft.chain[0]?.revocation?.evidence[0]).toMatchObject({ source: 'crl-dp', status: 'error', code: 'CRL_STALE' })
    expect(codes(soft.warnings)).toContain('REVOCATION_UNKNOWN')
    const hard = await verify(leaf.crlStale as IssuedCertificateResult, { mode: 'hard' })
    expect(hard.valid).toBe(false)
    // OpenSSL has no soft-fail: an expired CRL is an error (X509_V_ERR_CRL_HAS_EXPIRED), as our hard mode
    expect(opensslVerify(leaf.crlStale as IssuedCertificateResult, [crl('/inter-stale.crl')])).toContain('CRL has expired')
  })
})

describe('a hostile distribution point', () => {
  it('a CRL body that never ends is cut at the size cap: unknown, TOO_LARGE, and the verify still ends', async () => {
    const t0 = performance.now()
    const r = await verify(leaf.crlEndless as IssuedCertificateResult)
    expect(performance.now() - t0).toBeLessThan(5_000)
    expect(r.valid).toBe(true)
    expect(r.chain[0]?.revocation?.status).toBe('unknown')
    expect(r.chain[0]?.revocation?.evidence[0]).toMatchObject({ source: 'crl-dp', status: 'error', code: 'TOO_LARGE' })
  })
})

describe('CRL files, offline (no server asked)', () => {
  it('revoked → REVOKED, decided by the file; nothing fetched', async () => {
    const before = ocsp.methods.length
    const r = await verify(leaf.ocspRevoked as IssuedCertificateResult, { online: false, crls: [buildCrl(inter, { ...fresh, crlNumber: 20, entries: [{ serialHex: serials.ocspRevoked as string, date: revokedAt.getTime(), reason: REASON.keyCompromise }] })] })
    expect(r.valid).toBe(false)
    expect(r.chain[0]?.revocation).toMatchObject({ status: 'revoked', decidedBy: 'crl-file', reason: 'keyCompromise' })
    expect(r.errors.find((e) => e.code === 'REVOKED')?.message).toContain('the CRL given')
    expect(ocsp.methods.length).toBe(before)
    // offline, the intermediate has no CRL given: unknown, shown on the link, not a warning in soft mode
    expect(r.chain[1]?.revocation?.evidence[0]?.code).toBe('NO_REVOCATION_INFO')
  })

  it('a CRL signed by another key is refused even when soft-failing (REVOCATION_UNKNOWN error); openssl too', async () => {
    const impostor = await intermediateCA('Revocation Test Issuing CA', root)
    // same issuer name, the AKI of the real CA, another key's signature
    const forged = buildCrl(inter, { ...fresh, crlNumber: 21, signWith: impostor })
    const r = await verify(leaf.crlGood as IssuedCertificateResult, { online: false, crls: [forged] })
    expect(r.valid).toBe(false)
    expect(r.chain[0]?.revocation?.evidence[0]).toMatchObject({ source: 'crl-file', code: 'CRL_SIGNATURE_INVALID' })
    expect(r.errors.find((e) => e.code === 'REVOCATION_UNKNOWN')?.message).toContain('could not be used: refused')
    expect(opensslVerify(leaf.crlGood as IssuedCertificateResult, [forged])).toContain('CRL signature failure')
  })

  it('a sound CRL that does not cover the leaf (an ARL, onlyContainsCACerts) leaves it unknown: a warning when soft, not a refusal', async () => {
    const arl = buildCrl(inter, { ...fresh, crlNumber: 22, extensions: [{ oid: '2.5.29.28', critical: true, value: idpValue({ onlyCA: true }) }] })
    const soft = await verify(leaf.crlGood as IssuedCertificateResult, { online: false, crls: [arl] })
    expect(soft.chain[0]?.revocation?.evidence[0]).toMatchObject({ source: 'crl-file', code: 'CRL_SCOPE_MISMATCH' })
    expect(soft.valid).toBe(true)
    expect(soft.warnings.find((w) => w.code === 'REVOCATION_UNKNOWN')?.message).toContain('soft-fail: accepted')
    const hard = await verify(leaf.crlGood as IssuedCertificateResult, { online: false, crls: [arl], mode: 'hard' })
    expect(hard.valid).toBe(false)
    // OpenSSL has no soft-fail: with no CRL covering the leaf it refuses (error 44, X509_V_ERR_DIFFERENT_CRL_SCOPE)
    expect(opensslVerify(leaf.crlGood as IssuedCertificateResult, [arl])).toMatch(/error 44 at 0 depth/)
  })

  it('--revocation off: nothing checked, a revoked certificate passes', async () => {
    const r = await verify(leaf.crlRevoked as IssuedCertificateResult, { mode: 'off', crls: [crl('/inter.crl')] })
    expect(r.valid).toBe(true)
    expect(r.revocationMode).toBe('off')
    expect(r.chain.every((l) => l.revocation === undefined || l.revocation.status === 'not-checked')).toBe(true)
  })
})

describe("the intermediate's own revocation", () => {
  it("the root's CRL revokes the intermediate: REVOKED at depth 1 (fetched, and as files with openssl -crl_check_all)", async () => {
    const r = await verify(leaf.underRevoked as IssuedCertificateResult, { intermediate: revokedInter })
    expect(r.valid).toBe(false)
    expect(r.chain[0]?.revocation?.status).toBe('good')
    expect(r.chain[1]?.revocation).toMatchObject({ status: 'revoked', decidedBy: 'crl-dp', reason: 'cACompromise' })
    const e = r.errors.find((x) => x.code === 'REVOKED')
    expect(e?.depth).toBe(1)
    expect(e?.message).toContain('Revoked Issuing CA')
    const files = [crl('/root.crl'), crl('/revoked-inter.crl')]
    const offline = await verify(leaf.underRevoked as IssuedCertificateResult, { intermediate: revokedInter, online: false, crls: files })
    expect(offline.chain[1]?.revocation).toMatchObject({ status: 'revoked', decidedBy: 'crl-file' })
    expect(offline.chain[0]?.revocation?.status).toBe('good')
    expect(opensslVerify(leaf.underRevoked as IssuedCertificateResult, files, { all: true, intermediate: revokedInter })).toContain('certificate revoked')
    // the intermediate that is not listed on the same root CRL: good, and openssl says OK
    const okFiles = [crl('/root.crl'), crl('/inter.crl')]
    const ok = await verify(leaf.crlGood as IssuedCertificateResult, { online: false, crls: okFiles, mode: 'hard' })
    expect(ok.errors, JSON.stringify(ok.errors)).toEqual([])
    expect(opensslVerify(leaf.crlGood as IssuedCertificateResult, okFiles, { all: true })).toContain(': OK')
  })
})
