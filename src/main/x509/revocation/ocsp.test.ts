// OCSP (RFC 6960) against the real `openssl ocsp` responder on loopback: good, revoked with its reason and time,
// unknown, an expired answer, wrong and delegated responders, nonces, GET and POST, and a responder that never
// answers. Every certificate is made here by our builders.
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type OcspResponder, type OcspResponderOptions, neverAnswering, startOcspResponder } from '../../testing/ocsp'
import { TempDir, openssl, rootCA, serverCert } from '../../testing/x509'
import { type ParsedCertificate, parseCertificate } from '../certificate'
import { createCertificate } from '../issue'
import { fetchUrl } from '../http-fetch'
import type { IssuedCertificateResult } from '../types'
import { parseOcspResponse } from './ocsp-response'
import { buildOcspRequest, checkOcsp, ocspEvidence, ocspGetUrl, ocspUrls, queryOcsp } from './ocsp'

const pemToDer = (pem: string): Uint8Array => new Uint8Array(Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64'))
const parse = (c: IssuedCertificateResult): ParsedCertificate => parseCertificate(pemToDer(c.certPem))

let root: IssuedCertificateResult
let rootP: ParsedCertificate
let good: ParsedCertificate
let revoked: ParsedCertificate
let stranger: ParsedCertificate
let responderCert: IssuedCertificateResult
let noEkuCert: IssuedCertificateResult
let otherCa: IssuedCertificateResult
const revokedAt = new Date(Math.floor((Date.now() - 3_600_000) / 1000) * 1000)
const stops: (() => Promise<void>)[] = []
const tmp = new TempDir()

async function responder(extra: Partial<OcspResponderOptions> = {}): Promise<OcspResponder> {
  const r = await startOcspResponder({
    caCertPem: root.certPem,
    caKeyPem: root.keyPem as string,
    index: [
      { serialHex: '1001', status: 'V' },
      { serialHex: '1002', status: 'R', revokedAt, reason: 'keyCompromise' },
      { serialHex: '1004', status: 'V' }
    ],
    ndays: 1,
    ...extra
  })
  stops.push(() => r.stop())
  return r
}

/** The raw DER answer to a POSTed request, for the tests that judge bytes. */
async function rawResponse(url: string, cert: ParsedCertificate, nonce?: Uint8Array): Promise<Uint8Array> {
  const req = buildOcspRequest(cert, rootP, nonce ? { nonce } : {})
  const res = await fetchUrl(url, { method: 'POST', body: req.der, contentType: 'application/ocsp-request', timeoutMs: 5_000, maxBytes: 65_536 })
  return res.body
}

beforeAll(async () => {
  root = await rootCA('OCSP Test Root')
  rootP = parse(root)
  good = parse(await serverCert('good.example.test', root, { serialHex: '1001' }))
  revoked = parse(await serverCert('revoked.example.test', root, { serialHex: '1002' }))
  stranger = parse(await serverCert('stranger.example.test', root, { serialHex: '1003' }))
  responderCert = await createCertificate({ subject: { commonName: 'OCSP Responder' }, preset: 'none', keyUsage: ['digitalSignature'], extKeyUsage: ['1.3.6.1.5.5.7.3.9'], issuer: { certPem: root.certPem, keyPem: root.keyPem as string } })
  noEkuCert = await serverCert('not-a-responder.example.test', root)
  otherCa = await rootCA('Some Other CA')
})

afterAll(async () => {
  await Promise.all(stops.map((s) => s()))
  tmp.remove()
})

describe('OCSP request', () => {
  it('builds the same DER request as `openssl ocsp` (SHA-1 CertID, RFC 6960 §4.1.1) and adds a nonce when asked', () => {
    const ours = buildOcspRequest(good, rootP)
    const r = openssl(['ocsp', '-issuer', tmp.file(root.certPem), '-cert', tmp.file(Buffer.from(good.der), 'good.der'), '-no_nonce', '-reqout', tmp.file('', 'req.der')])
    expect(r.status, r.stderr).toBe(0)
    const theirs = openssl(['ocsp', '-reqin', `${tmp.path}/req.der`, '-req_text'])
    expect(theirs.stdout).toContain('Serial Number: 1001')
    expect(Buffer.from(ours.der).equals(readFileSync(`${tmp.path}/req.der`))).toBe(true)
    const withNonce = buildOcspRequest(good, rootP, { nonce: new Uint8Array(32).fill(7) })
    const text = openssl(['ocsp', '-reqin', tmp.file(withNonce.der, 'nonce.der'), '-req_text']).stdout
    expect(text).toMatch(/OCSP Nonce:\s+0420(07){32}/)
    expect(() => buildOcspRequest(good, rootP, { nonce: new Uint8Array(33) })).toThrow(/1 to 32 octets/)
  })

  it('URL-encodes the base64 for GET and reads at most four http(s) responders from the AIA', async () => {
    const url = ocspGetUrl('http://ocsp.example.test/', new Uint8Array([0xfb, 0xff, 0xfe, 0x00]))
    expect(url).toBe('http://ocsp.example.test/%2B%2F%2F%2BAA%3D%3D')
    const many = parse(
      await serverCert('aia.example.test', root, { ocspUrls: ['ldap://x.test/', 'http://a.test', 'https://b.test', 'http://c.test', 'http://d.test', 'http://e.test'] })
    )
    expect(ocspUrls(many)).toEqual(['http://a.test', 'https://b.test', 'http://c.test', 'http://d.test'])
  })
})

describe('OCSP against openssl ocsp', () => {
  it('good: GET with a nonce, signed by the CA itself', async () => {
    const r = await responder()
    const e = await queryOcsp(r.url, good, rootP, { timeoutMs: 5_000 })
    expect(e).toMatchObject({ source: 'ocsp', url: r.url, status: 'good', code: 'OCSP_GOOD' })
    expect(e.signer).toContain('OCSP Test Root')
    expect(e.message).not.toMatch(/did not echo/)
    expect(Date.parse(e.nextUpdate as string) - Date.parse(e.thisUpdate as string)).toBe(86_400_000)
    expect(r.methods).toEqual(['GET'])
  })

  it('revoked: with reason keyCompromise and the revocation time, over POST', async () => {
    const r = await responder()
    const e = await queryOcsp(r.url, revoked, rootP, { timeoutMs: 5_000, method: 'POST' })
    expect(e).toMatchObject({ status: 'revoked', code: 'OCSP_REVOKED', reason: 'keyCompromise', revokedAt: revokedAt.toISOString() })
    expect(e.message).toContain('keyCompromise')
    // a GET URL over 255 bytes goes as POST on its own (RFC 6960 App. A.1)
    const long = await queryOcsp(`${r.url}/${'x'.repeat(200)}`, good, rootP, { timeoutMs: 5_000 })
    expect(long.status).toBe('good')
    expect(r.methods).toEqual(['POST', 'POST'])
  })

  it('unknown: a serial the responder has no record of', async () => {
    const r = await responder()
    const e = await queryOcsp(r.url, stranger, rootP, { timeoutMs: 5_000 })
    expect(e).toMatchObject({ status: 'unknown', code: 'OCSP_UNKNOWN' })
  })

  it('expired: nextUpdate before the checked time is stale; no nextUpdate is accepted for four days only', async () => {
    const r = await responder({ ndays: undefined, nmin: 1 })
    const raw = await rawResponse(r.url, good)
    expect(ocspEvidence(raw, { cert: good, issuer: rootP, at: Date.now(), source: 'ocsp' }).status).toBe('good')
    const later = ocspEvidence(raw, { cert: good, issuer: rootP, at: Date.now() + 2 * 60_000, source: 'ocsp' })
    expect(later).toMatchObject({ status: 'error', code: 'OCSP_STALE' })
    expect(later.message).toMatch(/nextUpdate/)
    // a response made "in the future" (more than 5 minutes of skew) is not trusted either
    expect(ocspEvidence(raw, { cert: good, issuer: rootP, at: Date.now() - 10 * 60_000, source: 'ocsp' }).code).toBe('OCSP_STALE')
    const undated = await responder({ ndays: undefined })
    const u = await rawResponse(undated.url, good)
    const now = ocspEvidence(u, { cert: good, issuer: rootP, at: Date.now(), source: 'ocsp' })
    expect(now).toMatchObject({ status: 'good' })
    expect(now.nextUpdate).toBeUndefined()
    expect(now.message).toMatch(/no nextUpdate/)
    expect(ocspEvidence(u, { cert: good, issuer: rootP, at: Date.now() + 5 * 86_400_000, source: 'ocsp' }).code).toBe('OCSP_STALE')
  })

  it('wrong responder: a certificate without id-kp-OCSPSigning, or from another CA, is refused (RFC 6960 §4.2.2.2)', async () => {
    const noEku = await responder({ signerCertPem: noEkuCert.certPem, signerKeyPem: noEkuCert.keyPem as string })
    const a = await queryOcsp(noEku.url, revoked, rootP, { timeoutMs: 5_000 })
    expect(a).toMatchObject({ status: 'error', code: 'OCSP_UNAUTHORIZED_RESPONDER' })
    expect(a.message).toMatch(/id-kp-OCSPSigning/)
    const foreign = await responder({ signerCertPem: otherCa.certPem, signerKeyPem: otherCa.keyPem as string })
    const b = await queryOcsp(foreign.url, revoked, rootP, { timeoutMs: 5_000 })
    expect(b).toMatchObject({ status: 'error', code: 'OCSP_UNAUTHORIZED_RESPONDER' })
    expect(b.message).toMatch(/not issued by/)
  })

  it('delegated responder: issued by the CA with id-kp-OCSPSigning, named byName or byKey, is accepted', async () => {
    for (const respKeyId of [false, true]) {
      const r = await responder({ signerCertPem: responderCert.certPem, signerKeyPem: responderCert.keyPem as string, respKeyId })
      const e = await queryOcsp(r.url, revoked, rootP, { timeoutMs: 5_000 })
      expect(e).toMatchObject({ status: 'revoked', reason: 'keyCompromise' })
      expect(e.signer).toContain('OCSP Responder')
      expect(e.message).toMatch(/delegated responder/)
    }
    // ...but only while its certificate is valid (RFC 6960 §3.2: "currently authorized")
    const expired = await createCertificate({
      subject: { commonName: 'Expired OCSP Responder' },
      preset: 'none',
      extKeyUsage: ['1.3.6.1.5.5.7.3.9'],
      notBefore: new Date(Date.now() - 10 * 86_400_000),
      notAfter: new Date(Date.now() - 86_400_000),
      issuer: { certPem: root.certPem, keyPem: root.keyPem as string }
    })
    const old = await responder({ signerCertPem: expired.certPem, signerKeyPem: expired.keyPem as string })
    const e = await queryOcsp(old.url, good, rootP, { timeoutMs: 5_000 })
    expect(e).toMatchObject({ status: 'error', code: 'OCSP_UNAUTHORIZED_RESPONDER' })
    expect(e.message).toMatch(/not valid at/)
  })

  it('matches a response whose CertID uses SHA-256 (the responder answers in the hash it was asked with)', async () => {
    const r = await responder()
    const req = buildOcspRequest(revoked, rootP, { hash: 'sha256' })
    const res = await fetchUrl(r.url, { method: 'POST', body: req.der, contentType: 'application/ocsp-request', timeoutMs: 5_000, maxBytes: 65_536 })
    expect(parseOcspResponse(res.body).basic?.responses[0]?.hashOid).toBe('2.16.840.1.101.3.4.2.1')
    expect(ocspEvidence(res.body, { cert: revoked, issuer: rootP, at: Date.now(), source: 'ocsp' })).toMatchObject({ status: 'revoked', reason: 'keyCompromise' })
  })

  it('a changed signature, an answer about another certificate, or an error status is not evidence', async () => {
    const r = await responder()
    const raw = await rawResponse(r.url, good)
    // flip the signature's last byte (the parser's views share the response's buffer, so offsets carry over)
    const sig = parseOcspResponse(raw).basic?.signature as Uint8Array
    const at = sig.byteOffset - raw.byteOffset + sig.length - 1
    const bad = new Uint8Array(raw)
    bad[at] = (bad[at] as number) ^ 1
    expect(ocspEvidence(bad, { cert: good, issuer: rootP, at: Date.now(), source: 'ocsp' }).code).toBe('OCSP_SIGNATURE_INVALID')
    expect(ocspEvidence(raw, { cert: revoked, issuer: rootP, at: Date.now(), source: 'ocsp' }).code).toBe('OCSP_NO_MATCHING_RESPONSE')
    const tryLater = ocspEvidence(new Uint8Array([0x30, 0x03, 0x0a, 0x01, 0x03]), { cert: good, issuer: rootP, at: Date.now(), source: 'ocsp-staple' })
    expect(tryLater).toMatchObject({ source: 'ocsp-staple', status: 'error', code: 'OCSP_TRY_LATER' })
    expect(tryLater.message).toContain('tryLater')
    expect(ocspEvidence(raw.subarray(0, 40), { cert: good, issuer: rootP, at: Date.now(), source: 'ocsp' }).code).toBe('OCSP_MALFORMED')
  })

  it('nonce: a replayed answer carrying another nonce is refused; a responder that echoes none is noted', async () => {
    const replay = await responder({ replay: true })
    expect((await queryOcsp(replay.url, good, rootP, { timeoutMs: 5_000 })).status).toBe('good')
    const second = await queryOcsp(replay.url, good, rootP, { timeoutMs: 5_000 })
    expect(second).toMatchObject({ status: 'error', code: 'OCSP_NONCE_MISMATCH' })
    const silent = await responder({ noNonce: true })
    const e = await queryOcsp(silent.url, good, rootP, { timeoutMs: 5_000 })
    expect(e.status).toBe('good')
    expect(e.message).toMatch(/did not echo our nonce/)
  })

  it('a responder that never answers is ETIMEDOUT evidence within the timeout; the next AIA responder decides', async () => {
    const dead = await neverAnswering()
    stops.push(() => dead.stop())
    const t0 = performance.now()
    const e = await queryOcsp(dead.url, good, rootP, { timeoutMs: 300 })
    expect(performance.now() - t0).toBeLessThan(3_000)
    expect(e).toMatchObject({ status: 'error', code: 'ETIMEDOUT' })
    const live = await responder()
    const leaf = parse(await serverCert('aia.example.test', root, { serialHex: '1004', ocspUrls: [dead.url, live.url] }))
    const all = await checkOcsp(leaf, rootP, { timeoutMs: 1_000 })
    expect(all.map((x) => [x.url, x.code])).toEqual([
      [dead.url, 'ETIMEDOUT'],
      [live.url, 'OCSP_GOOD']
    ])
  })
})
