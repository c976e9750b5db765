// fetchServerChain against real servers on 127.0.0.1 (port 0): `openssl s_server` sending chains in odd shapes
// (wrong order, duplicates, a root, nothing but the leaf) and Node TLS servers for TLS 1.2 and 1.3 suites.
// fetchIssuer against a local HTTP server serving the missing intermediate.
import { opensslServer } from '../testing/tls-servers'
import * as http from 'node:http'
import * as net from 'node:net'
import * as tls from 'node:tls'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WirebenchError } from '../../shared/errors'
import { findPemBlocks } from '../../shared/x509/pem'
import { fetchServerChain } from './fetch-chain'
import { fetchIssuer } from './fetch-issuer'
import { TempDir, intermediateCA, rootCA, serverCert } from '../testing/x509'
import type { IssuedCertificateResult } from './types'
import { verifyChain } from './verify'

let tmp: TempDir
let root: IssuedCertificateResult
let inter: IssuedCertificateResult
let leaf: IssuedCertificateResult
let aiaLeaf: IssuedCertificateResult
let issuerServer: http.Server
let issuerUrl: string
const cleanups: (() => void)[] = []

const HOST = 'chain.example.test'

beforeAll(async () => {
  tmp = new TempDir()
  root = await rootCA('Fetch Root')
  inter = await intermediateCA('Fetch Intermediate', root)
  leaf = await serverCert(HOST, inter)
  // the intermediate is served over HTTP on loopback, and the AIA leaf points at it
  const interDer = findPemBlocks(inter.certPem)[0]?.der as Uint8Array
  issuerServer = http.createServer((req, res) => {
    if (req.url === '/inter.cer') {
      res.writeHead(200, { 'content-type': 'application/pkix-cert' })
      res.end(Buffer.from(interDer))
    } else if (req.url === '/moved') {
      res.writeHead(301, { location: '/inter.cer' })
      res.end()
    } else if (req.url === '/huge') {
      res.writeHead(200)
      res.end(Buffer.alloc(2 * 1024 * 1024))
    } else if (req.url === '/slow') {
      setTimeout(() => res.end(), 5_000).unref()
    } else {
      res.writeHead(404)
      res.end()
    }
  })
  await new Promise<void>((resolve) => issuerServer.listen(0, '127.0.0.1', resolve))
  issuerUrl = `http://127.0.0.1:${(issuerServer.address() as net.AddressInfo).port}`
  aiaLeaf = await serverCert(HOST, inter, { caIssuersUrls: [`${issuerUrl}/inter.cer`] })
})

afterAll(async () => {
  for (const c of cleanups) c()
  issuerServer.closeAllConnections()
  await new Promise((resolve) => issuerServer.close(resolve))
  tmp.remove()
})

/** Starts `openssl s_server` on 127.0.0.1:0 sending `chain` after the leaf; resolves with its port. */
function sServer(cert: IssuedCertificateResult, chain: IssuedCertificateResult[], extra: string[] = []): Promise<number> {
  const args = ['s_server', '-accept', '127.0.0.1:0', '-cert', tmp.file(cert.certPem), '-key', tmp.file(cert.keyPem as string), '-naccept', '20', ...extra]
  if (chain.length) args.push('-cert_chain', tmp.file(chain.map((c) => c.certPem).join('')))
  return opensslServer(args).then((srv) => {
    cleanups.push(srv.stop)
    return srv.port
  })
}

/** A Node TLS server on 127.0.0.1:0 with the given certificate chain (PEM, in order) and options. */
async function nodeServer(chainPem: string, key: string, options: tls.TlsOptions = {}): Promise<number> {
  const server = tls.createServer({ cert: chainPem, key, ...options }, (s) => s.end())
  server.on('tlsClientError', () => undefined)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  cleanups.push(() => server.close())
  return (server.address() as net.AddressInfo).port
}

const fps = (certs: IssuedCertificateResult[]): string[] => certs.map((c) => c.certificate.fingerprintSha256)

describe('fetchServerChain', () => {
  it('reads a well-sent chain over TLS 1.3 (Node server) and trusts it with the right root', async () => {
    const port = await nodeServer(leaf.certPem + inter.certPem, leaf.keyPem as string)
    const r = await fetchServerChain({ host: '127.0.0.1', port, sni: HOST, roots: [root.certPem], useMozillaRoots: false, timeoutMs: 5_000 })
    expect(r.protocol).toBe('TLSv1.3')
    expect(r.exact).toBe(true)
    expect(r.sent.map((c) => c.fingerprintSha256)).toEqual(fps([leaf, inter]))
    expect(r.findings).toEqual([])
    expect(r.verdict.valid).toBe(true)
    expect(r.verdict.chain.map((l) => l.source)).toEqual(['server', 'server', 'user'])
  })

  for (const [version, ciphers] of [
    ['TLSv1.3', 'TLS_CHACHA20_POLY1305_SHA256'],
    ['TLSv1.3', 'TLS_AES_128_GCM_SHA256'],
    ['TLSv1.2', 'ECDHE-ECDSA-AES128-GCM-SHA256']
  ] as const) {
    it(`captures the exact chain with ${version} ${ciphers}`, async () => {
      // leaf, intermediate, intermediate again: Node's view would hide the duplicate
      const port = await nodeServer(leaf.certPem + inter.certPem + inter.certPem, leaf.keyPem as string, { minVersion: version, maxVersion: version, ciphers })
      const r = await fetchServerChain({ host: '127.0.0.1', port, sni: HOST, roots: [root.certPem], useMozillaRoots: false, timeoutMs: 5_000 })
      expect(r.protocol).toBe(version)
      expect(r.cipher).toBe(ciphers.startsWith('TLS_') ? ciphers : 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256')
      expect(r.exact).toBe(true)
      expect(r.sent.map((c) => c.fingerprintSha256)).toEqual(fps([leaf, inter, inter]))
      expect(r.findings.map((f) => f.code)).toEqual(['DUPLICATE_CERTIFICATE'])
      expect(r.verdict.valid).toBe(true)
    })
  }

  it('reads the chain after a HelloRetryRequest (server insists on P-384)', async () => {
    const port = await sServer(leaf, [inter], ['-groups', 'P-384'])
    const r = await fetchServerChain({ host: '127.0.0.1', port, sni: HOST, roots: [root.certPem], useMozillaRoots: false, timeoutMs: 5_000 })
    expect(r.protocol).toBe('TLSv1.3')
    expect(r.exact).toBe(true)
    expect(r.sent.map((c) => c.fingerprintSha256)).toEqual(fps([leaf, inter]))
  })

  for (const version of ['TLSv1.2', 'TLSv1.3'] as const) {
    it(`reassembles a Certificate message spread over several records (${version})`, async () => {
      const many = Array.from({ length: 40 }, () => inter)
      const port = await nodeServer(leaf.certPem + many.map((c) => c.certPem).join(''), leaf.keyPem as string, { minVersion: version, maxVersion: version })
      const r = await fetchServerChain({ host: '127.0.0.1', port, sni: HOST, roots: [root.certPem], useMozillaRoots: false, timeoutMs: 5_000 })
      expect(r.exact).toBe(true)
      expect(r.sent).toHaveLength(41)
      expect(r.findings.filter((f) => f.code === 'DUPLICATE_CERTIFICATE')).toHaveLength(39)
    })
  }

  it('flags wrong order, a duplicate and a sent root (openssl s_server)', async () => {
    const port = await sServer(leaf, [root, inter, root])
    const r = await fetchServerChain({ host: '127.0.0.1', port, sni: HOST, roots: [root.certPem], useMozillaRoots: false, timeoutMs: 5_000 })
    expect(r.exact).toBe(true)
    expect(r.sent.map((c) => c.fingerprintSha256)).toEqual(fps([leaf, root, inter, root]))
    const codes = r.findings.map((f) => f.code).sort()
    expect(codes).toEqual(['DUPLICATE_CERTIFICATE', 'ROOT_SENT', 'ROOT_SENT', 'WRONG_ORDER'])
    expect(r.findings.find((f) => f.code === 'WRONG_ORDER')?.positions).toEqual([1, 2])
    expect(r.verdict.valid).toBe(true)
  })

  it('flags a missing intermediate, gives the AIA URL, and fetchIssuer completes the chain', async () => {
    const port = await sServer(aiaLeaf, [], ['-tls1_2'])
    const r = await fetchServerChain({ host: '127.0.0.1', port, sni: HOST, roots: [root.certPem], useMozillaRoots: false, timeoutMs: 5_000 })
    expect(r.protocol).toBe('TLSv1.2')
    expect(r.sent).toHaveLength(1)
    expect(r.verdict.valid).toBe(false)
    expect(r.findings.map((f) => f.code)).toEqual(['MISSING_INTERMEDIATE'])
    expect(r.missingIssuerUrls).toEqual([`${issuerUrl}/inter.cer`])
    const fetched = await fetchIssuer(r.missingIssuerUrls[0] as string, { timeoutMs: 5_000 })
    expect(fetched.certificates[0]?.fingerprintSha256).toBe(inter.certificate.fingerprintSha256)
    const completed = verifyChain({ leaf: r.sent[0]?.pem as string, intermediates: fetched.certificates.map((c) => c.pem), roots: [root.certPem], useMozillaRoots: false, host: HOST })
    expect(completed.valid).toBe(true)
  })

  it('calls a complete chain under an untrusted root a private root, not a missing intermediate, and names the root at hand', async () => {
    const port = await nodeServer(leaf.certPem + inter.certPem, leaf.keyPem as string)
    const untrusted = await fetchServerChain({ host: '127.0.0.1', port, sni: HOST, useMozillaRoots: false, timeoutMs: 5_000 })
    expect(untrusted.verdict.valid).toBe(false)
    expect(untrusted.findings.map((f) => [f.code, f.severity])).toEqual([['PRIVATE_ROOT', 'error']])
    expect(untrusted.findings[0]?.message).toContain('Issued by a private root "O=Wirebench Tests, CN=Fetch Root"')
    expect(untrusted.findings[0]?.root).toEqual({ subject: 'O=Wirebench Tests, CN=Fetch Root' })
    // the root among the certificates the user has open: named with its PEM, still not trusted
    const known = await fetchServerChain({ host: '127.0.0.1', port, sni: HOST, known: [leaf.certPem, root.certPem], useMozillaRoots: false, timeoutMs: 5_000 })
    expect(known.verdict.valid).toBe(false)
    expect(known.findings[0]?.root?.fingerprint256).toBe(root.certificate.fingerprintSha256)
    expect(known.findings[0]?.root?.pem).toContain('BEGIN CERTIFICATE')
    // trusted: verified, nothing to say
    const trusted = await fetchServerChain({ host: '127.0.0.1', port, sni: HOST, roots: [known.findings[0]?.root?.pem as string], useMozillaRoots: false, timeoutMs: 5_000 })
    expect(trusted.verdict.valid).toBe(true)
    expect(trusted.findings).toEqual([])
    // a leaf alone under an unknown issuer without AIA stays a missing intermediate
    const alone = await fetchServerChain({ host: '127.0.0.1', port: await nodeServer(leaf.certPem, leaf.keyPem as string), sni: HOST, roots: [root.certPem], useMozillaRoots: false, timeoutMs: 5_000 })
    expect(alone.findings.map((f) => f.code)).toEqual(['MISSING_INTERMEDIATE'])
  })

  it('offers a sent, untrusted self-signed root as the private root to trust', async () => {
    const port = await nodeServer(leaf.certPem + inter.certPem + root.certPem, leaf.keyPem as string)
    const r = await fetchServerChain({ host: '127.0.0.1', port, sni: HOST, useMozillaRoots: false, timeoutMs: 5_000 })
    expect(r.findings.map((f) => f.code).sort()).toEqual(['PRIVATE_ROOT', 'ROOT_SENT'])
    const privateRoot = r.findings.find((f) => f.code === 'PRIVATE_ROOT')
    expect(privateRoot?.root?.fingerprint256).toBe(root.certificate.fingerprintSha256)
    expect(privateRoot?.positions).toEqual([2])
  })

  it('checks the host name against the SNI name', async () => {
    const port = await nodeServer(leaf.certPem + inter.certPem, leaf.keyPem as string)
    const r = await fetchServerChain({ host: '127.0.0.1', port, sni: 'other.example.test', roots: [root.certPem], useMozillaRoots: false, timeoutMs: 5_000 })
    expect(r.verdict.valid).toBe(false)
    expect(r.verdict.errors.map((e) => e.code)).toEqual(['HOSTNAME_MISMATCH'])
  })

  it('reports refused connections and silent servers as WirebenchErrors', async () => {
    const closed = net.createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as net.AddressInfo).port
    await new Promise((resolve) => closed.close(resolve))
    const refused = await fetchServerChain({ host: '127.0.0.1', port, timeoutMs: 2_000 }).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(WirebenchError)
    expect((refused as WirebenchError).code).toBe('ECONNREFUSED')
    // accepts TCP, never speaks TLS
    const silent = net.createServer(() => undefined)
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    cleanups.push(() => silent.close())
    const t0 = performance.now()
    const timeout = await fetchServerChain({ host: '127.0.0.1', port: (silent.address() as net.AddressInfo).port, timeoutMs: 300 }).catch((e: unknown) => e)
    expect((timeout as WirebenchError).code).toBe('HANDSHAKE_TIMEOUT')
    expect(performance.now() - t0).toBeLessThan(2_000)
    // accepts TCP and hangs up at once
    const rude = net.createServer((sock) => sock.end())
    await new Promise<void>((resolve) => rude.listen(0, '127.0.0.1', resolve))
    cleanups.push(() => rude.close())
    const hungUp = await fetchServerChain({ host: '127.0.0.1', port: (rude.address() as net.AddressInfo).port, timeoutMs: 2_000 }).catch((e: unknown) => e)
    expect(hungUp).toBeInstanceOf(WirebenchError)
    expect(['TLS_HANDSHAKE_FAILED', 'ECONNRESET']).toContain((hungUp as WirebenchError).code)
  })
})

describe('fetchIssuer', () => {
  it('follows a redirect', async () => {
    const r = await fetchIssuer(`${issuerUrl}/moved`, { timeoutMs: 5_000 })
    expect(r.finalUrl).toBe(`${issuerUrl}/inter.cer`)
    expect(r.certificates).toHaveLength(1)
  })

  it('refuses oversized bodies, HTTP errors, slow servers and other schemes', async () => {
    const codeOf = (p: Promise<unknown>): Promise<string> => p.then(() => 'none', (e: unknown) => (e instanceof WirebenchError ? e.code : `not a WirebenchError: ${String(e)}`))
    expect(await codeOf(fetchIssuer(`${issuerUrl}/huge`, { timeoutMs: 5_000 }))).toBe('TOO_LARGE')
    expect(await codeOf(fetchIssuer(`${issuerUrl}/nothing`, { timeoutMs: 5_000 }))).toBe('HTTP_ERROR')
    expect(await codeOf(fetchIssuer(`${issuerUrl}/slow`, { timeoutMs: 200 }))).toBe('ETIMEDOUT')
    expect(await codeOf(fetchIssuer('ldap://127.0.0.1/cn=x'))).toBe('INVALID_INPUT')
  })

  it('fetches https URLs through the shared connector: an untrusted server is refused, a silent one times out in the handshake', async () => {
    const codeOf = (p: Promise<unknown>): Promise<string> => p.then(() => 'none', (e: unknown) => (e instanceof WirebenchError ? e.code : `not a WirebenchError: ${String(e)}`))
    const port = await nodeServer(leaf.certPem + inter.certPem, leaf.keyPem as string)
    expect(await codeOf(fetchIssuer(`https://127.0.0.1:${port}/inter.cer`, { timeoutMs: 5_000 }))).toBe('CERT_UNTRUSTED')
    const silent = net.createServer(() => undefined)
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    cleanups.push(() => silent.close())
    expect(await codeOf(fetchIssuer(`https://127.0.0.1:${(silent.address() as net.AddressInfo).port}/x.cer`, { timeoutMs: 300 }))).toBe('HANDSHAKE_TIMEOUT')
  })
})
