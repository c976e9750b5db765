// OCSP stapling in a chain fetch, against `openssl s_server -status_file` on 127.0.0.1 (port 0): the staple is an
// OCSP response made by the real `openssl ocsp` from its index database, signed by the leaf's issuing CA. What a
// user sees: "stapled", what the staple says, the leaf's revocation decided by it, and REVOKED making the chain
// invalid; a server that staples nothing falls back to the CA's responder when online.
import { opensslServer } from '../testing/tls-servers'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { fetch as certFetch } from '../cli/commands/certificates'
import { certificateMethods } from '../../shared/contract/certificates'
import { type OcspResponder, startOcspResponder } from '../testing/ocsp'
import { TempDir, intermediateCA, openssl, rootCA, serverCert } from '../testing/x509'
import { type FetchServerChainOptions, fetchServerChain } from './fetch-chain'
import { CertificateService } from './service'
import type { IssuedCertificateResult } from './types'

const HOST = 'staple.example.test'
const tmp = new TempDir()
const cleanups: (() => void | Promise<void>)[] = []
const revokedAt = new Date(Math.floor((Date.now() - 3_600_000) / 1000) * 1000)
let root: IssuedCertificateResult
let inter: IssuedCertificateResult
let good: IssuedCertificateResult
let revoked: IssuedCertificateResult
let responder: OcspResponder
let withAia: IssuedCertificateResult

/** OpenSSL's CA database line (index.txt): status, expiry, revocation time[,reason], serial, file, subject. */
function indexLine(serialHex: string, when?: Date, reason?: string): string {
  const t = (d: Date) => d.toISOString().replace(/^\d\d(\d\d)-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d).*$/, '$1$2$3$4$5$6Z')
  return [when ? 'R' : 'V', '491231235959Z', when ? `${t(when)}${reason ? `,${reason}` : ''}` : '', serialHex, 'unknown', `/CN=serial ${serialHex}`].join('\t')
}

/** The OCSP response `openssl ocsp` makes for `cert`, signed by its issuer `inter`, valid for `ndays` (a file path). */
function staple(cert: IssuedCertificateResult, name: string, validity: string[] = ['-ndays', '1']): string {
  const index = tmp.file(`${indexLine('1001')}\n${indexLine('1002', revokedAt, 'keyCompromise')}\n`, `index-${name}.txt`)
  const out = `${tmp.path}/${name}.der`
  const args = ['ocsp', '-index', index, '-CA', tmp.file(inter.certPem), '-rsigner', tmp.file(inter.certPem), '-rkey', tmp.file(inter.keyPem as string)]
  const r = openssl([...args, '-issuer', tmp.file(inter.certPem), '-cert', tmp.file(cert.certPem), '-no_nonce', ...validity, '-respout', out])
  if (r.status !== 0) throw new Error(`openssl ocsp: ${r.stderr}`)
  return out
}

/** `openssl s_server` on 127.0.0.1:0 sending `cert` + the intermediate, stapling `statusFile` when given. */
function sServer(cert: IssuedCertificateResult, statusFile?: string, extra: string[] = []): Promise<number> {
  const args = ['s_server', '-accept', '127.0.0.1:0', '-cert', tmp.file(cert.certPem), '-key', tmp.file(cert.keyPem as string), '-cert_chain', tmp.file(inter.certPem), '-naccept', '10', ...extra]
  if (statusFile) args.push('-status_file', statusFile)
  return opensslServer(args).then((srv) => {
    cleanups.push(srv.stop)
    return srv.port
  })
}

const fetch = (port: number, extra: Partial<FetchServerChainOptions> = {}) =>
  fetchServerChain({ host: '127.0.0.1', port, sni: HOST, roots: [root.certPem], useMozillaRoots: false, timeoutMs: 5_000, revocation: 'soft', revocationTimeoutMs: 3_000, ...extra })

beforeAll(async () => {
  root = await rootCA('Staple Root')
  inter = await intermediateCA('Staple Intermediate', root)
  good = await serverCert(HOST, inter, { serialHex: '1001' })
  revoked = await serverCert(HOST, inter, { serialHex: '1002' })
  responder = await startOcspResponder({ caCertPem: inter.certPem, caKeyPem: inter.keyPem as string, index: [{ serialHex: '1003', status: 'R', revokedAt, reason: 'superseded' }], ndays: 1 })
  cleanups.push(() => responder.stop())
  withAia = await serverCert(HOST, inter, { serialHex: '1003', ocspUrls: [responder.url] })
})

afterAll(async () => {
  for (const c of cleanups) await c()
  tmp.remove()
})

describe('OCSP stapling in a chain fetch', () => {
  it('a good staple: stapled, the leaf good as decided by the staple, in TLS 1.3 and TLS 1.2', async () => {
    const port = await sServer(good, staple(good, 'good'))
    for (const maxVersion of ['TLSv1.3', 'TLSv1.2'] as const) {
      const r = await fetch(port, { maxVersion })
      expect(r.protocol).toBe(maxVersion)
      expect(r.exact).toBe(true)
      expect(r.stapled).toBe(true)
      expect(r.staple).toMatchObject({ source: 'ocsp-staple', status: 'good', code: 'OCSP_GOOD' })
      expect(r.staple?.signer).toContain('Staple Intermediate')
      expect(r.verdict.valid).toBe(true)
      expect(r.verdict.revocationMode).toBe('soft')
      expect(r.verdict.chain[0]?.revocation).toMatchObject({ status: 'good', decidedBy: 'ocsp-staple' })
      // the root is a trust anchor: nothing to check there
      expect(r.verdict.chain[2]?.revocation?.status).toBe('not-checked')
    }
  })

  it('a staple saying revoked: REVOKED with its reason and date, and the chain is not valid', async () => {
    const port = await sServer(revoked, staple(revoked, 'revoked'))
    const r = await fetch(port, { revocationOnline: false })
    expect(r.stapled).toBe(true)
    expect(r.staple).toMatchObject({ status: 'revoked', reason: 'keyCompromise', revokedAt: revokedAt.toISOString() })
    expect(r.verdict.valid).toBe(false)
    expect(r.verdict.chain[0]?.revocation).toMatchObject({ status: 'revoked', decidedBy: 'ocsp-staple', reason: 'keyCompromise' })
    const err = r.verdict.errors.find((e) => e.code === 'REVOKED')
    expect(err?.message).toMatch(/stapled/)
    expect(err?.source).toBe('RFC 6960 §2.2')
    // revocation off: the staple is still judged and shown, but the user asked for no verdict on it
    const off = await fetch(port, { revocation: 'off' })
    expect(off.staple?.status).toBe('revoked')
    expect(off.verdict.valid).toBe(true)
    expect(off.verdict.chain[0]?.revocation).toBeUndefined()
  })

  it('no staple: stapled false; soft-fail accepts the unknown status, hard-fail refuses it', async () => {
    const port = await sServer(good)
    const r = await fetch(port, { revocationOnline: false })
    expect(r.stapled).toBe(false)
    expect(r.staple).toBeUndefined()
    expect(r.verdict.chain[0]?.revocation?.status).toBe('unknown')
    expect(r.verdict.valid).toBe(true)
    const hard = await fetch(port, { revocation: 'hard', revocationOnline: false })
    expect(hard.verdict.valid).toBe(false)
    expect(hard.verdict.errors.map((e) => e.code)).toContain('REVOCATION_UNKNOWN')
  })

  it("a staple about another certificate, or an expired one, is not evidence (RFC 6960 §4.1.1, §4.2.2.1)", async () => {
    const wrong = await fetch(await sServer(good, staple(revoked, 'other')), { revocationOnline: false })
    expect(wrong.stapled).toBe(true)
    expect(wrong.staple).toMatchObject({ status: 'error', code: 'OCSP_NO_MATCHING_RESPONSE' })
    expect(wrong.verdict.chain[0]?.revocation?.status).toBe('unknown')
    expect(wrong.verdict.errors.map((e) => e.code)).not.toContain('REVOKED')
    const expired = await fetch(await sServer(good, staple(good, 'short', ['-nmin', '1'])), { revocationOnline: false, at: Date.now() + 10 * 60_000 })
    expect(expired.staple).toMatchObject({ status: 'error', code: 'OCSP_STALE' })
    expect(expired.verdict.warnings.map((w) => w.code)).toContain('REVOCATION_UNKNOWN')
  })

  it("without a staple, online: the CA's OCSP responder decides; offline it is not asked", async () => {
    const port = await sServer(withAia)
    const r = await fetch(port)
    expect(r.stapled).toBe(false)
    expect(r.verdict.chain[0]?.revocation).toMatchObject({ status: 'revoked', decidedBy: 'ocsp', reason: 'superseded' })
    expect(r.verdict.valid).toBe(false)
    const before = responder.methods.length
    const offline = await fetch(port, { revocationOnline: false })
    expect(offline.verdict.chain[0]?.revocation?.status).toBe('unknown')
    expect(responder.methods.length).toBe(before)
  })

  it('through the app (contract defaults, the parse worker): the staple crosses to the worker and decides', async () => {
    const service = new CertificateService()
    try {
      const port = await sServer(revoked, staple(revoked, 'app'))
      // the contract fills in revocation 'soft', online, 5 s, as for x509.verify
      const input = certificateMethods['x509.fetchChain'].input.parse({ host: '127.0.0.1', port, sni: HOST, timeoutMs: 5_000, rootsPem: [root.certPem], useMozillaRoots: false })
      const r = await service.fetchChain(input)
      expect(r.verdict.revocationMode).toBe('soft')
      expect(r.stapled).toBe(true)
      expect(r.verdict.chain[0]?.revocation).toMatchObject({ status: 'revoked', decidedBy: 'ocsp-staple' })
      expect(r.verdict.valid).toBe(false)
    } finally {
      service.dispose()
    }
  })

  it('cert fetch: --revocation and --offline, the staple and each link\'s revocation printed, exit 1 when revoked', async () => {
    const port = await sServer(revoked, staple(revoked, 'cli'))
    const printed: string[] = []
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (printed.push(String(chunk)), true))
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    let status: number
    try {
      status = await certFetch([`127.0.0.1:${port}`, '--sni', HOST, '--roots', tmp.file(root.certPem), '--no-mozilla', '--offline', '--revocation', 'hard'])
    } finally {
      vi.restoreAllMocks()
    }
    expect(spy).toHaveBeenCalled()
    expect(status).toBe(1)
    const text = printed.join('')
    expect(text).toMatch(/OCSP staple: revoked/)
    expect(text).toMatch(/revocation: REVOKED \(keyCompromise\) since .* \(from the stapled OCSP response\)/)
    await expect(certFetch([`127.0.0.1:${port}`, '--revocation', 'maybe'])).rejects.toMatchObject({ code: 'INVALID_INPUT' })
  })
})
