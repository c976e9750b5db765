// The connector against real peers on loopback (Node TLS servers, openssl s_server, a listener whose accept queue
// is full): the SNI rule, ALPN, verification codes, mTLS, the two timeouts, cancelling, timings and addresses.
import { type ChildProcess, spawn } from 'node:child_process'
import { X509Certificate, createPrivateKey } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WirebenchError, type ErrorCode } from '../../shared/errors'
import { createCertificate, createClientCertificate } from '../x509'
import type { IssuedCertificateResult } from '../x509/types'
import { connect, type ConnectOptions } from './connect'
import { type TestTlsServer, eventually, fullBacklogListener, silentServer, tlsEchoServer } from '../testing/tls-servers'

let root: IssuedCertificateResult
let leaf: IssuedCertificateResult
let alice: IssuedCertificateResult
let strangerRoot: IssuedCertificateResult
let v4: TestTlsServer
let v6: TestTlsServer
const closers: (() => Promise<void> | void)[] = []

beforeAll(async () => {
  root = await createCertificate({ subject: { commonName: 'Connector Test Root' }, preset: 'rootCA' })
  strangerRoot = await createCertificate({ subject: { commonName: 'Somebody Else Root' }, preset: 'rootCA' })
  const issuer = { certPem: root.certPem, keyPem: root.keyPem as string }
  leaf = await createCertificate({ subject: { commonName: 'localhost' }, names: ['localhost', '127.0.0.1', '::1'], preset: 'server', issuer })
  alice = await createClientCertificate({ commonName: 'alice', issuer })
  v4 = await tlsEchoServer({ cert: leaf.certPem, key: leaf.keyPem as string, ALPNProtocols: ['h2', 'http/1.1'] })
  v6 = await tlsEchoServer({ cert: leaf.certPem, key: leaf.keyPem as string }, '::1')
  closers.push(() => v4.close(), () => v6.close())
})

afterAll(async () => {
  for (const close of closers) await close()
})

/** Connects and closes politely (so the server sees the end of the handshake), returning what was reported. */
async function once(o: ConnectOptions) {
  const conn = await connect(o)
  conn.socket.on('error', () => undefined)
  conn.socket.end()
  return conn
}

async function failure(o: ConnectOptions): Promise<WirebenchError> {
  const outcome = await connect(o).then(
    (conn) => {
      conn.socket.destroy()
      return new Error('connected, but a failure was expected')
    },
    (e: unknown) => e
  )
  if (!(outcome instanceof WirebenchError)) throw outcome
  return outcome
}


describe('SNI: one rule for every client', () => {
  it('sends the host name, none for 127.0.0.1 or ::1, an explicit name instead, and none when told ""', async () => {
    const ca = root.certPem
    const cases: [ConnectOptions, string | false][] = [
      [{ host: 'localhost', port: v4.port, family: 4, tls: { caPem: ca } }, 'localhost'],
      [{ host: '127.0.0.1', port: v4.port, tls: { caPem: ca } }, false],
      [{ host: '::1', port: v6.port, tls: { caPem: ca } }, false],
      [{ host: '[::1]', port: v6.port, tls: { caPem: ca } }, false],
      [{ host: '127.0.0.1', port: v4.port, tls: { caPem: ca, servername: 'localhost' } }, 'localhost'],
      // RFC 6066: the name without its trailing dot
      [{ host: '127.0.0.1', port: v4.port, tls: { caPem: ca, servername: 'localhost.' } }, 'localhost'],
      [{ host: 'localhost', port: v4.port, family: 4, tls: { caPem: ca, servername: '' } }, false]
    ]
    for (const [options, expected] of cases) {
      const server = options.port === v6.port ? v6 : v4
      const before = server.clients.length
      const conn = await once(options)
      await eventually(() => server.clients.length > before, 'the server to see the client')
      expect(server.clients.at(-1)!.servername, options.host).toBe(expected)
      expect(conn.tls!.servername).toBe(expected || null)
      // Without SNI the certificate is still checked, against the address.
      expect(conn.tls!.verified).toBe(true)
    }
  })

  it('refuses an IP address as an explicit server name, before any packet', async () => {
    const e = await failure({ host: '127.0.0.1', port: v4.port, tls: { servername: '127.0.0.1' } })
    expect(e.code).toBe('INVALID_INPUT')
    expect(e.message).toContain('RFC 6066')
  })

  it('openssl s_server sees the server_name extension for a name and not for an address', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wb-connect-'))
    writeFileSync(join(dir, 'cert.pem'), leaf.certPem)
    writeFileSync(join(dir, 'key.pem'), leaf.keyPem as string)
    const args = ['s_server', '-accept', '127.0.0.1:0', '-cert', join(dir, 'cert.pem'), '-key', join(dir, 'key.pem'), '-tlsextdebug', '-alpn', 'http/1.1', '-naccept', '2']
    const child: ChildProcess = spawn('openssl', args, { stdio: ['pipe', 'pipe', 'pipe'] })
    let out = ''
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()))
    try {
      await eventually(() => /ACCEPT 127\.0\.0\.1:\d+/.test(out), 's_server to listen')
      const port = Number(/ACCEPT 127\.0\.0\.1:(\d+)/.exec(out)![1])
      const named = await once({ host: 'localhost', port, family: 4, tls: { caPem: root.certPem, alpn: ['h2', 'http/1.1'] } })
      expect(named.tls!.alpn).toBe('http/1.1')
      await eventually(() => out.includes('server name'), 's_server to log the first hello')
      const mark = out.length
      await once({ host: '127.0.0.1', port, tls: { caPem: root.certPem, alpn: ['http/1.1'] } })
      await eventually(() => /TLS client extension "application layer protocol negotiation"/.test(out.slice(mark)), 's_server to log the second hello')
      expect(out.slice(mark)).not.toContain('server name')
    } finally {
      child.kill()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('ALPN and verification', () => {
  it('negotiates ALPN, and reports none when none was offered', async () => {
    const before = v4.clients.length
    const h11 = await once({ host: 'localhost', port: v4.port, family: 4, tls: { caPem: root.certPem, alpn: ['http/1.1'] } })
    expect(h11.tls!.alpn).toBe('http/1.1')
    await eventually(() => v4.clients.length > before, 'the server to see the client')
    expect(v4.clients.at(-1)!.alpn).toBe('http/1.1')
    expect((await once({ host: 'localhost', port: v4.port, family: 4, tls: { caPem: root.certPem } })).tls!.alpn).toBeNull()
  })

  it('hands back the peer chain as DER and honours min/max version and ciphers', async () => {
    const conn = await once({
      host: '127.0.0.1',
      port: v4.port,
      tls: { caPem: root.certPem, maxVersion: 'TLSv1.2', ciphers: 'ECDHE-ECDSA-AES128-GCM-SHA256' }
    })
    expect(conn.tls).toMatchObject({ protocol: 'TLSv1.2', cipherStandardName: 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', verified: true, verifyError: null })
    expect(new X509Certificate(conn.tls!.peerChain[0]!).fingerprint256).toBe(new X509Certificate(leaf.certPem).fingerprint256)
  })

  it('refuses with a code a user can act on: self-signed, unknown CA, wrong name, expired', async () => {
    const selfSigned = await createCertificate({ subject: { commonName: 'localhost' }, names: ['localhost'], preset: 'server' })
    const expired = await createCertificate({
      subject: { commonName: 'localhost' },
      names: ['localhost'],
      preset: 'server',
      notBefore: '2020-01-01T00:00:00Z',
      notAfter: '2020-02-01T00:00:00Z',
      issuer: { certPem: root.certPem, keyPem: root.keyPem as string }
    })
    const lone = await tlsEchoServer({ cert: selfSigned.certPem, key: selfSigned.keyPem as string })
    const old = await tlsEchoServer({ cert: expired.certPem, key: expired.keyPem as string })
    closers.push(() => lone.close(), () => old.close())
    const codes: [ConnectOptions, ErrorCode][] = [
      [{ host: 'localhost', port: lone.port, family: 4, tls: {} }, 'CERT_SELF_SIGNED'],
      [{ host: 'localhost', port: v4.port, family: 4, tls: { caPem: strangerRoot.certPem } }, 'CERT_UNTRUSTED'],
      [{ host: '127.0.0.1', port: v4.port, tls: { caPem: root.certPem, servername: 'example.test' } }, 'HOSTNAME_MISMATCH'],
      [{ host: 'localhost', port: old.port, family: 4, tls: { caPem: root.certPem } }, 'CERT_EXPIRED']
    ]
    for (const [options, code] of codes) {
      const e = await failure(options)
      expect(e.code, `${options.host}:${options.port}`).toBe(code)
      expect(e.message.length).toBeGreaterThan(20)
    }
    // Off is explicit, and the result says what it would have failed on.
    const off = await once({ host: 'localhost', port: lone.port, family: 4, tls: { verify: false } })
    expect(off.tls).toMatchObject({ verified: false, verifyError: 'DEPTH_ZERO_SELF_SIGNED_CERT' })
    const wrongName = await once({ host: '127.0.0.1', port: v4.port, tls: { caPem: root.certPem, servername: 'example.test', verify: false } })
    expect(wrongName.tls!.verifyError).toBe('ERR_TLS_CERT_ALTNAME_INVALID')
  })
})

describe('mTLS', () => {
  let mtls: TestTlsServer
  beforeAll(async () => {
    mtls = await tlsEchoServer({ cert: leaf.certPem, key: leaf.keyPem as string, requestCert: true, rejectUnauthorized: true, ca: root.certPem })
    closers.push(() => mtls.close())
  })

  it('presents the client certificate (also with an encrypted key); the server sees who we are', async () => {
    const encrypted = createPrivateKey(alice.keyPem as string).export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'open sesame' }) as string
    for (const key of [{ keyPem: alice.keyPem as string }, { keyPem: encrypted, passphrase: 'open sesame' }]) {
      const conn = await connect({ host: 'localhost', port: mtls.port, family: 4, tls: { caPem: root.certPem, certPem: alice.certPem, ...key } })
      conn.socket.on('error', () => undefined)
      conn.socket.write('hello')
      const echoed = await new Promise<string>((resolve) => conn.socket.once('data', (d: Buffer) => resolve(d.toString())))
      conn.socket.destroy()
      expect(echoed).toBe('hello')
      expect(mtls.clients.at(-1)).toMatchObject({ authorized: true, peerSubject: 'CN=alice' })
    }
  })

  it('without a certificate, a TLS 1.2 server refuses the handshake and we say why', async () => {
    const e = await failure({ host: 'localhost', port: mtls.port, family: 4, tls: { caPem: root.certPem, maxVersion: 'TLSv1.2' } })
    expect(e.code).toBe('CLIENT_CERT_REQUIRED')
  })

  it('explains a wrong passphrase before connecting', async () => {
    const encrypted = createPrivateKey(alice.keyPem as string).export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'right' }) as string
    const e = await failure({ host: 'localhost', port: mtls.port, tls: { certPem: alice.certPem, keyPem: encrypted, passphrase: 'wrong' } })
    expect(e).toMatchObject({ code: 'INVALID_KEY', message: expect.stringContaining('passphrase') })
  })
})

describe('timeouts, cancelling, timings', () => {
  it('a connect that never completes ends with CONNECT_TIMEOUT in about the time given', async () => {
    const full = await fullBacklogListener()
    closers.push(() => full.close())
    const t0 = performance.now()
    const e = await failure({ host: '127.0.0.1', port: full.port, connectTimeoutMs: 300, tls: {} })
    expect(e.code).toBe('CONNECT_TIMEOUT')
    expect(e.message).toMatch(/no TCP connection/i)
    expect(e.detail).toContain('300 ms')
    expect(performance.now() - t0).toBeLessThan(2000)
  })

  it('a server that accepts and never answers ends with HANDSHAKE_TIMEOUT, not a connect timeout', async () => {
    const silent = await silentServer()
    closers.push(() => silent.close())
    const t0 = performance.now()
    const e = await failure({ host: '127.0.0.1', port: silent.port, connectTimeoutMs: 5_000, handshakeTimeoutMs: 300, tls: {} })
    expect(e.code).toBe('HANDSHAKE_TIMEOUT')
    expect(e.message).toMatch(/TLS handshake/)
    expect(performance.now() - t0).toBeLessThan(2000)
    // the same server is fine for plain TCP: it did accept
    const tcp = await once({ host: '127.0.0.1', port: silent.port })
    expect(tcp.tls).toBeNull()
  })

  it('an abort mid-handshake stops at once and closes the socket; an aborted signal never connects', async () => {
    const silent = await silentServer()
    closers.push(() => silent.close())
    const controller = new AbortController()
    const pending = failure({ host: '127.0.0.1', port: silent.port, handshakeTimeoutMs: 10_000, tls: {}, signal: controller.signal })
    await eventually(() => silent.accepted.length === 1, 'the server to accept')
    const t0 = performance.now()
    controller.abort()
    const e = await pending
    expect(e.code).toBe('CANCELLED')
    expect(e.detail).toContain('TLS handshake')
    expect(performance.now() - t0).toBeLessThan(1000)
    await eventually(() => silent.accepted[0]!.closed || silent.accepted[0]!.readableEnded, 'the server to see the close')
    expect((await failure({ host: '127.0.0.1', port: silent.port, signal: AbortSignal.abort() })).code).toBe('CANCELLED')
    expect(silent.accepted).toHaveLength(1)
  })

  it('times each phase and reports the addresses used', async () => {
    const named = await once({ host: 'localhost', port: v4.port, family: 4, tls: { caPem: root.certPem } })
    expect(named.timings.lookupMs).not.toBeNull()
    expect(named.timings.handshakeMs).toBeGreaterThan(0)
    expect(named.remote).toEqual({ address: '127.0.0.1', port: v4.port, family: 'IPv4' })
    expect(named.local.port).toBeGreaterThan(1023)
    const literal = await once({ host: '::1', port: v6.port })
    expect(literal.timings).toMatchObject({ lookupMs: null, handshakeMs: null })
    expect(literal.timings.connectMs).toBeGreaterThanOrEqual(0)
    expect(literal.local).toMatchObject({ address: '::1', family: 'IPv6' })
  })
})
