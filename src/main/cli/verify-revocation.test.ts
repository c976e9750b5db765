// `wirebench cert verify` with revocation, run as a user runs it (the built CLI: `npx electron-vite build` first),
// against servers this file starts on 127.0.0.1: the real `openssl ocsp` responder at the leaf's AIA and a node:http
// server at the CRL distribution points. The exit status, the JSON chain's revocation and the words of REVOKED /
// REVOCATION_UNKNOWN are what is checked; the CRL verdicts are compared with `openssl verify -crl_check`.
import * as http from 'node:http'
import type { AddressInfo } from 'node:net'
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodePem } from '../../shared/x509/pem'
import type { VerifyResult } from '../../shared/x509/types'
import { CLI_BUILT, runCli } from '../testing/cli'
import { REASON, buildCrl } from '../testing/crl'
import { type OcspResponder, startOcspResponder } from '../testing/ocsp'
import { DAY, TempDir, intermediateCA, openssl, rootCA, serverCert } from '../testing/x509'
import { createCertificate } from '../x509/issue'
import type { IssuedCertificateResult } from '../x509/types'

const now = Date.now()
const fresh = { thisUpdate: now - DAY, nextUpdate: now + 7 * DAY }
const revokedAt = new Date(Math.floor((now - 3 * 3_600_000) / 1000) * 1000)
const serial = (): string => (1 + (randomBytes(1)[0] as number) % 7).toString(16) + randomBytes(16).toString('hex').slice(1).toUpperCase()

describe.runIf(CLI_BUILT)('wirebench cert verify: revocation', () => {
  const tmp = new TempDir()
  const stops: (() => Promise<void>)[] = []
  const served = new Map<string, Uint8Array>()
  const files: Record<string, string> = {}
  let ocsp: OcspResponder
  let crlBase = ''

  /** A CRL as a file (PEM, as `openssl ca -gencrl` writes one), known as files['NAME.crl']. */
  const crlFile = (name: string, der: Uint8Array): string => (files[`${name}.crl`] = tmp.file(encodePem(der, 'X509 CRL'), `${name}.crl`))

  beforeAll(async () => {
    const server = http.createServer((req, res) => {
      const body = served.get(req.url ?? '')
      if (body) res.writeHead(200, { 'content-type': 'application/pkix-crl', 'content-length': body.length }).end(body)
      else res.writeHead(404).end()
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    crlBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    stops.push(() => new Promise((resolve) => server.close(() => resolve())))

    const root = await rootCA('CLI Revocation Root')
    const interSerial = serial()
    const inter = await intermediateCA('CLI Revocation Issuing CA', root, { serialHex: interSerial, crlUrls: [`${crlBase}/root.crl`] })
    const s = { good: serial(), revoked: serial(), unknown: serial(), crlRevoked: serial(), rogue: serial() }
    const index = [
      { serialHex: s.good, status: 'V' as const },
      { serialHex: s.revoked, status: 'R' as const, revokedAt, reason: 'keyCompromise' },
      { serialHex: s.rogue, status: 'V' as const }
    ]
    ocsp = await startOcspResponder({ caCertPem: inter.certPem, caKeyPem: inter.keyPem as string, index, ndays: 1 })
    const other = await rootCA('Another Root')
    const rogueSigner = await createCertificate({ subject: { commonName: 'Rogue OCSP Responder' }, preset: 'none', keyUsage: ['digitalSignature'], extKeyUsage: ['1.3.6.1.5.5.7.3.9'], issuer: { certPem: other.certPem, keyPem: other.keyPem as string } })
    const rogue = await startOcspResponder({ caCertPem: inter.certPem, signerCertPem: rogueSigner.certPem, signerKeyPem: rogueSigner.keyPem as string, index, ndays: 1 })
    stops.push(() => ocsp.stop(), () => rogue.stop())

    const leaf = async (name: string, serialHex: string, urls: { ocspUrls?: string[]; crlUrls?: string[] }): Promise<IssuedCertificateResult> => {
      const c = await serverCert(`${name}.example.test`, inter, { serialHex, ...urls })
      files[name] = tmp.file(c.certPem, `${name}.pem`)
      return c
    }
    await leaf('good', s.good, { ocspUrls: [ocsp.url] })
    await leaf('revoked', s.revoked, { ocspUrls: [ocsp.url] })
    await leaf('unknown', s.unknown, { ocspUrls: [ocsp.url] })
    await leaf('rogue', s.rogue, { ocspUrls: [rogue.url] })
    await leaf('crl-revoked', s.crlRevoked, { crlUrls: [`${crlBase}/inter.crl`] })
    files.root = tmp.file(root.certPem, 'root.pem')
    files.inter = tmp.file(inter.certPem, 'inter.pem')

    const interCrl = buildCrl(inter, { ...fresh, crlNumber: 5, entries: [{ serialHex: s.crlRevoked, date: revokedAt.getTime(), reason: REASON.keyCompromise }] })
    served.set('/inter.crl', interCrl)
    served.set('/root.crl', buildCrl(root, { ...fresh, crlNumber: 2 }))
    crlFile('inter', interCrl)
    crlFile('root', served.get('/root.crl') as Uint8Array)
    crlFile('root-revokes-inter', buildCrl(root, { ...fresh, crlNumber: 3, entries: [{ serialHex: interSerial, date: revokedAt.getTime(), reason: REASON.cACompromise }] }))
    // the issuing CA's name and AKI, another key's signature (RFC 5280 §6.3.3 (f)-(g): it must not be used)
    const impostor = await intermediateCA('CLI Revocation Issuing CA', root)
    crlFile('forged', buildCrl(inter, { ...fresh, crlNumber: 6, entries: [{ serialHex: s.good, date: revokedAt.getTime() }], signWith: impostor }))
  })

  afterAll(async () => {
    await Promise.all(stops.map((s) => s()))
    tmp.remove()
  })

  const verify = async (name: string, ...extra: string[]): Promise<{ status: number | null; result: VerifyResult; stderr: string }> => {
    const r = await runCli(['cert', 'verify', files[name] as string, '--intermediates', files.inter as string, '--roots', files.root as string, '--no-mozilla', '--json', ...extra])
    let result: VerifyResult
    try {
      result = JSON.parse(r.stdout) as VerifyResult
    } catch {
      throw new Error(`not JSON (exit ${r.status}): ${r.stdout}\n${r.stderr}`)
    }
    return { status: r.status, result, stderr: r.stderr }
  }
  const crl = (name: string): string => files[`${name}.crl`] as string
  const codes = (issues: { code: string }[]): string[] => issues.map((i) => i.code)
  /** openssl verify -crl_check[_all] on the same files: true when it says OK. */
  const opensslOk = (name: string, crls: string[], all = false): string => {
    const args = ['verify', all ? '-crl_check_all' : '-crl_check', '-CAfile', files.root as string, '-untrusted', files.inter as string]
    for (const c of crls) args.push('-CRLfile', crl(c))
    const r = openssl([...args, files[name] as string])
    return r.stdout + r.stderr
  }

  it('OCSP good → exit 0, chain[0].revocation good decided by ocsp; revoked (keyCompromise) → exit 1, REVOKED with reason and date', async () => {
    const [good, revoked, text] = await Promise.all([verify('good'), verify('revoked'), runCli(['cert', 'verify', files.revoked as string, '--intermediates', files.inter as string, '--roots', files.root as string, '--no-mozilla'])])
    expect(good.status, good.stderr).toBe(0)
    expect(good.result.valid).toBe(true)
    expect(good.result.chain[0]?.revocation).toMatchObject({ status: 'good', decidedBy: 'ocsp' })
    expect(good.result.chain[1]?.revocation).toMatchObject({ status: 'good', decidedBy: 'crl-dp' })
    expect(revoked.status).toBe(1)
    expect(revoked.result.chain[0]?.revocation).toMatchObject({ status: 'revoked', decidedBy: 'ocsp', reason: 'keyCompromise', revokedAt: revokedAt.toISOString() })
    const e = revoked.result.errors.find((x) => x.code === 'REVOKED')
    expect(e?.message).toContain('keyCompromise')
    expect(e?.message).toContain(revokedAt.toISOString())
    // the words a user reads without --json
    expect(text.status).toBe(1)
    expect(text.stdout).toMatch(/^NOT VALID/)
    expect(text.stdout).toMatch(/REVOKED: .*revoked since .*keyCompromise/)
  })

  it('OCSP unknown serial: a warning and exit 0 by default, exit 1 with --revocation hard', async () => {
    const [soft, hard] = await Promise.all([verify('unknown'), verify('unknown', '--revocation', 'hard')])
    expect(soft.status).toBe(0)
    expect(codes(soft.result.warnings)).toContain('REVOCATION_UNKNOWN')
    expect(soft.result.chain[0]?.revocation?.evidence.map((x) => x.code)).toEqual(['OCSP_UNKNOWN'])
    expect(hard.status).toBe(1)
    expect(codes(hard.result.errors)).toContain('REVOCATION_UNKNOWN')
  })

  it('an expired OCSP response (--at after its nextUpdate) and an unauthorised responder: unknown, with the reason', async () => {
    const at = new Date(now + 2 * DAY).toISOString()
    const [expired, rogue] = await Promise.all([verify('good', '--at', at), verify('rogue', '--revocation', 'hard')])
    expect(expired.status).toBe(0)
    expect(expired.result.chain[0]?.revocation?.status).toBe('unknown')
    expect(expired.result.chain[0]?.revocation?.evidence[0]?.code).toBe('OCSP_STALE')
    expect(rogue.status).toBe(1)
    expect(rogue.result.chain[0]?.revocation?.evidence[0]?.code).toBe('OCSP_UNAUTHORIZED_RESPONDER')
    expect(rogue.result.errors.find((x) => x.code === 'REVOCATION_UNKNOWN')?.message).toContain('RFC 6960 §4.2.2.2')
  })

  it('the CRL at the distribution point revokes the leaf → exit 1 REVOKED; openssl -crl_check says revoked too', async () => {
    const r = await verify('crl-revoked')
    expect(r.status).toBe(1)
    expect(r.result.chain[0]?.revocation).toMatchObject({ status: 'revoked', decidedBy: 'crl-dp', reason: 'keyCompromise' })
    expect(codes(r.result.errors)).toEqual(['REVOKED'])
    expect(opensslOk('crl-revoked', ['inter'])).toContain('certificate revoked')
  })

  it('--crl FILE --offline: revoked → REVOKED; a CRL signed by another key → error even when soft; --revocation off → not checked', async () => {
    const [revoked, forged, off] = await Promise.all([
      verify('crl-revoked', '--offline', '--crl', crl('inter')),
      verify('good', '--offline', '--crl', crl('forged')),
      verify('crl-revoked', '--offline', '--crl', crl('inter'), '--revocation', 'off')
    ])
    expect(revoked.status).toBe(1)
    expect(revoked.result.chain[0]?.revocation).toMatchObject({ status: 'revoked', decidedBy: 'crl-file', reason: 'keyCompromise' })
    expect(forged.status).toBe(1)
    expect(forged.result.chain[0]?.revocation?.evidence[0]?.code).toBe('CRL_SIGNATURE_INVALID')
    expect(forged.result.errors.find((x) => x.code === 'REVOCATION_UNKNOWN')?.message).toMatch(/could not be used: refused/)
    expect(opensslOk('good', ['forged'])).toContain('CRL signature failure')
    expect(off.status).toBe(0)
    expect(off.result.revocationMode).toBe('off')
    expect(off.result.chain[0]?.revocation?.status ?? 'not-checked').toBe('not-checked')
  })

  it("the root's CRL revoking the intermediate → exit 1, REVOKED at depth 1; openssl -crl_check_all agrees", async () => {
    const before = ocsp.methods.length
    const [r, good] = await Promise.all([
      verify('good', '--offline', '--crl', crl('inter'), '--crl', crl('root-revokes-inter')),
      verify('good', '--offline', '--crl', crl('inter'), '--crl', crl('root'), '--revocation', 'hard')
    ])
    // the same leaf with the root's CRL that does not list the intermediate: both links good from the files, hard-fail
    expect(good.status, JSON.stringify(good.result.errors)).toBe(0)
    expect(good.result.chain.slice(0, 2).map((l) => l.revocation?.decidedBy)).toEqual(['crl-file', 'crl-file'])
    expect(opensslOk('good', ['inter', 'root'], true)).toContain(': OK')
    // --offline: the leaf's OCSP responder was never asked
    expect(ocsp.methods.length).toBe(before)
    expect(r.status).toBe(1)
    expect(r.result.chain[1]?.revocation).toMatchObject({ status: 'revoked', decidedBy: 'crl-file', reason: 'cACompromise' })
    expect(r.result.errors.find((x) => x.code === 'REVOKED')).toMatchObject({ depth: 1 })
    expect(opensslOk('good', ['inter', 'root-revokes-inter'], true)).toContain('certificate revoked')
  })
})
