// The service's calls that parse the page's PEM (key matching, signing a CSR, a client certificate, a server's chain
// with the page's roots) run through the worker pool: they still give the right answers, and they are cancellable.
import * as net from 'node:net'
import * as tls from 'node:tls'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { GenerateResult } from '../../shared/contract'
import { CertificateService } from './service'

const service = new CertificateService()
let pki: GenerateResult
let server: tls.Server
let port = 0

beforeAll(async () => {
  pki = await service.generate({ kind: 'pki', subject: 'CN=localhost', names: ['localhost', '127.0.0.1'], days: 30, keyAlgorithm: 'p256' })
  const [, inter, leaf] = pki.artifacts
  server = tls.createServer({ cert: pki.chainPem, key: service.keyPem(leaf!.keyId!) }, (s) => s.end())
  server.on('tlsClientError', () => undefined)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as net.AddressInfo).port
  expect(inter?.role).toBe('intermediate')
})

afterAll(async () => {
  service.dispose()
  await new Promise((resolve) => server.close(resolve))
})

describe('certificate service through the worker pool', () => {
  it('matches a vault key with its certificate and not with another', async () => {
    const [root, , leaf] = pki.artifacts
    expect(await service.keyMatches({ keyId: leaf!.keyId!, certificateOrCsrPem: leaf!.certPem! })).toMatchObject({ matches: true, otherKind: 'certificate' })
    expect(await service.keyMatches({ keyId: leaf!.keyId!, certificateOrCsrPem: root!.certPem! })).toMatchObject({ matches: false })
    await expect(service.keyMatches({ keyId: leaf!.keyId!, certificateOrCsrPem: 'not a certificate' })).rejects.toMatchObject({ code: expect.any(String) })
  })

  it('signs a CSR and makes a client certificate with the intermediate in the vault', async () => {
    const inter = pki.artifacts[1]!
    const csr = await service.generate({ kind: 'csr', subject: 'CN=api.test', names: ['api.test'], keyAlgorithm: 'p256' })
    const signed = await service.generate({ kind: 'signCsr', csrPem: csr.artifacts[0]!.csrPem!, issuerCertPem: inter.certPem!, issuerKeyId: inter.keyId!, days: 10, preset: 'server' })
    expect(signed.artifacts[0]?.certificate?.issuer.text).toBe(inter.certificate?.subject.text)
    expect(signed.artifacts[0]?.certificate?.subjectAltNames.map((n) => n.value)).toEqual(['api.test'])
    const client = await service.generate({ kind: 'clientCert', commonName: 'alice', issuerCertPem: inter.certPem!, issuerKeyId: inter.keyId!, days: 10, keyAlgorithm: 'p256' })
    expect(client.artifacts[0]?.keyId).toMatch(/^k/)
    expect(client.artifacts[0]?.certificate?.subject.commonName).toBe('alice')
  })

  it('is cancelled by the caller: a cancelled call ends with CANCELLED, not a result', async () => {
    const [, inter, leaf] = pki.artifacts
    const signal = AbortSignal.abort()
    await expect(service.keyMatches({ keyId: leaf!.keyId!, certificateOrCsrPem: leaf!.certPem! }, { signal })).rejects.toMatchObject({ code: 'CANCELLED' })
    const job = { kind: 'clientCert' as const, commonName: 'bob', issuerCertPem: inter!.certPem!, issuerKeyId: inter!.keyId!, days: 10, keyAlgorithm: 'p256' as const }
    await expect(service.generate(job, { signal })).rejects.toMatchObject({ code: 'CANCELLED' })
  })

  it('fetches a lab chain: a private root until its root is trusted, then valid', async () => {
    const [root] = pki.artifacts
    const base = { host: '127.0.0.1', port, timeoutMs: 5_000, useMozillaRoots: false, useSystemRoots: false, revocation: 'soft' as const, revocationOnline: false, revocationTimeoutMs: 5_000 }
    const before = await service.fetchChain({ ...base, rootsPem: [], knownPem: [root!.certPem!] })
    expect(before.verdict.valid).toBe(false)
    expect(before.findings.map((f) => f.code)).toEqual(['PRIVATE_ROOT'])
    expect(before.findings[0]?.root?.pem).toBe(root!.certPem)
    const after = await service.fetchChain({ ...base, rootsPem: [before.findings[0]!.root!.pem!], knownPem: [] })
    expect(after.verdict.valid).toBe(true)
    expect(after.verdict.chain.map((l) => l.source)).toEqual(['server', 'server', 'user'])
  })
})
