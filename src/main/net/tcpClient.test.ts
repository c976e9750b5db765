// The Connections client against real peers on loopback (our servers and openssl s_server): addresses, timings, TLS facts, errors in words.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectInput, serverStartInput, type ConnectInput, type ServerStartInput } from '../../shared/contract'
import { toWireError } from '../../shared/errors'
import { createCertificate, type CreateCertificateOptions } from '../x509'
import { Servers } from './servers'
import { TcpClients } from './tcpClient'
import { freePort, recordingEvents, waitForPort } from '../testing/net'

const { events, seen } = recordingEvents()
const servers = new Servers(events)
const clients = new TcpClients(events)
const start = (input: ServerStartInput) => servers.start(serverStartInput.parse(input))
const connect = (input: ConnectInput) => clients.connect(connectInput.parse(input))
const fail = (input: ConnectInput) => connect(input).then(
  () => {
    throw new Error('expected the connection to fail')
  },
  (e: unknown) => toWireError(e)
)

type IssuedCertificate = { certPem: string; keyPem: string }

/** A certificate and its key from our own issuer, for the TLS servers and clients under test. */
async function issueCertificate(options: CreateCertificateOptions): Promise<IssuedCertificate> {
  const r = await createCertificate(options)
  return { certPem: r.certPem, keyPem: r.keyPem as string }
}

let ca: IssuedCertificate
let serverCert: IssuedCertificate
let clientCert: IssuedCertificate
let otherCa: IssuedCertificate
let otherClient: IssuedCertificate

beforeAll(async () => {
  ca = await issueCertificate({ subject: { commonName: 'Wirebench Test CA' }, preset: 'rootCA' })
  serverCert = await issueCertificate({ subject: { commonName: 'localhost' }, names: ['localhost', '127.0.0.1'], issuer: ca, preset: 'server' })
  clientCert = await issueCertificate({ subject: { commonName: 'alice' }, issuer: ca, preset: 'client' })
  otherCa = await issueCertificate({ subject: { commonName: 'Somebody Else CA' }, preset: 'rootCA' })
  otherClient = await issueCertificate({ subject: { commonName: 'mallory' }, issuer: otherCa, preset: 'client' })
})

afterAll(async () => {
  clients.closeAll()
  await servers.stopAll()
})

function received(streamId: string): Promise<string> {
  return new Promise((resolve) => {
    setTimeout(() => {
      const text = seen
        .filter((e) => e.name === 'stream.data' && (e.payload as { streamId: string }).streamId === streamId)
        .flatMap((e) => (e.payload as { entries: { dir: string; data: string }[] }).entries)
        .filter((e) => e.dir === 'in')
        .map((e) => Buffer.from(e.data, 'base64').toString())
        .join('')
      resolve(text)
    }, 100)
  })
}

describe('TCP client', () => {
  it('reports the remote address and the ephemeral local port the OS chose', async () => {
    const server = await start({ behaviour: 'echo' })
    const info = await connect({ host: '127.0.0.1', port: server.port })
    expect(info).toMatchObject({ protocol: 'tcp', remoteAddress: '127.0.0.1', remotePort: server.port, localAddress: '127.0.0.1', family: 'IPv4', tls: null })
    expect(info.localPort).toBeGreaterThan(1023)
    expect(servers.clients(server.id)[0]!.remotePort).toBe(info.localPort)
    expect(clients.send(info.id, { format: 'hex', data: '68 69', lineEnding: 'none' })).toEqual({ bytes: 2 })
    expect(await received(info.id)).toBe('hi')
    clients.close(info.id)
  })

  it('connects over IPv6, and times the name lookup when given a name', async () => {
    const v6 = await start({ behaviour: 'echo', host: '::1' })
    expect(await connect({ host: '::1', port: v6.port })).toMatchObject({ remoteAddress: '::1', localAddress: '::1', family: 'IPv6' })
    const v4 = await start({ behaviour: 'echo' })
    const info = await connect({ host: 'localhost', port: v4.port, family: 4 })
    expect(info).toMatchObject({ remoteAddress: '127.0.0.1', host: 'localhost' })
    expect(info.timings.lookupMs).not.toBeNull()
  })

  it('half-closes: sends FIN and still reads what the server sends after it', async () => {
    const server = await start({ behaviour: 'upper' })
    const info = await connect({ host: '127.0.0.1', port: server.port })
    clients.send(info.id, { format: 'text', data: 'last words', lineEnding: 'lf' })
    clients.end(info.id)
    expect(await received(info.id)).toBe('LAST WORDS\n')
    expect(() => clients.send(info.id, { format: 'text', data: 'more', lineEnding: 'none' })).toThrow(/can no longer send|No open connection/)
  })

  it('explains a refused connection', async () => {
    const probe = net.createServer()
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()))
    const port = (probe.address() as net.AddressInfo).port
    await new Promise((r) => probe.close(r))
    expect(await fail({ host: '127.0.0.1', port })).toMatchObject({ code: 'ECONNREFUSED', message: expect.stringContaining('nothing is listening') })
  })

  it('explains a name that does not resolve', async () => {
    expect(await fail({ host: 'no-such-host.invalid', port: 80 })).toMatchObject({ code: 'ENOTFOUND' })
  })
})

describe('TLS client and server', () => {
  it('a throwaway self-signed server is refused while verification is on, with the reason', async () => {
    const server = await start({ behaviour: 'echo', tls: { selfSigned: true } })
    expect(server.tls).toMatchObject({ selfSigned: true, subject: 'CN=localhost' })
    expect(await fail({ host: 'localhost', port: server.port, tls: {} })).toMatchObject({ code: 'CERT_SELF_SIGNED' })
  })

  it('verification off is allowed, explicit and warned, and says what it would have failed on', async () => {
    const server = await start({ behaviour: 'echo', tls: { selfSigned: true } })
    const info = await connect({ host: 'localhost', port: server.port, tls: { verify: false } })
    expect(info.tls).toMatchObject({ verified: false, verifyError: 'DEPTH_ZERO_SELF_SIGNED_CERT' })
    expect(info.warning).toContain('Certificate verification is OFF')
  })

  it('trusts a server signed by an extra CA and shows version, cipher, ALPN and the peer certificate', async () => {
    const server = await start({ behaviour: 'echo', tls: { certPem: serverCert.certPem, keyPem: serverCert.keyPem } })
    const info = await connect({ host: 'localhost', port: server.port, tls: { caPem: ca.certPem, alpn: ['h2', 'http/1.1'] } })
    expect(info.tls).toMatchObject({ protocol: 'TLSv1.3', verified: true, servername: 'localhost', alpn: null })
    expect(info.tls!.cipherStandardName).toMatch(/^TLS_/)
    expect(info.tls!.peerCertificate).toMatchObject({ subject: 'CN=localhost', issuer: 'CN=Wirebench Test CA' })
    expect(info.warning).toBeNull()
    clients.send(info.id, { format: 'text', data: 'secret', lineEnding: 'none' })
    expect(await received(info.id)).toBe('secret')
  })

  it('checks the host name against the SAN, also for IP addresses', async () => {
    const server = await start({ behaviour: 'echo', tls: { certPem: serverCert.certPem, keyPem: serverCert.keyPem } })
    expect((await connect({ host: '127.0.0.1', port: server.port, tls: { caPem: ca.certPem } })).tls!.verified).toBe(true)
    expect(await fail({ host: '127.0.0.1', port: server.port, tls: { caPem: ca.certPem, servername: 'example.com' } })).toMatchObject({ code: 'HOSTNAME_MISMATCH' })
  })

  it('mTLS: accepted with the right client certificate, showing its subject; refused without or with a stranger', async () => {
    const server = await start({
      behaviour: 'upper',
      tls: { certPem: serverCert.certPem, keyPem: serverCert.keyPem, requireClientCert: true, clientCaPem: ca.certPem }
    })
    const ok = await connect({ host: 'localhost', port: server.port, tls: { caPem: ca.certPem, certPem: clientCert.certPem, keyPem: clientCert.keyPem } })
    clients.send(ok.id, { format: 'text', data: 'mutual', lineEnding: 'lf' })
    expect(await received(ok.id)).toBe('MUTUAL\n')
    expect(servers.clients(server.id)[0]!.tls).toMatchObject({ peerSubject: 'CN=alice', authorized: true })

    // TLS 1.3 clients learn of the rejection after the handshake: the server's alert closes the stream.
    const closedWithout = await connectAndAwaitClose({ host: 'localhost', port: server.port, tls: { caPem: ca.certPem } })
    expect(closedWithout).toMatch(/CLIENT_CERT_REQUIRED|ECONNRESET|closed/)
    const closedStranger = await connectAndAwaitClose({
      host: 'localhost',
      port: server.port,
      tls: { caPem: ca.certPem, certPem: otherClient.certPem, keyPem: otherClient.keyPem }
    })
    expect(closedStranger).toMatch(/CLIENT_CERT_REQUIRED|TLS_HANDSHAKE_FAILED|ECONNRESET|closed/)
    const stats = servers.list().find((s) => s.id === server.id)!.stats
    expect(stats.tlsFailures).toBe(2)
    expect(servers.clients(server.id).filter((c) => c.tls?.authorized)).toHaveLength(1)
  })

  it('talks to a real OpenSSL s_server and reports what it negotiated', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wb-openssl-'))
    writeFileSync(join(dir, 'cert.pem'), serverCert.certPem)
    writeFileSync(join(dir, 'key.pem'), serverCert.keyPem)
    const port = await freePort()
    const openssl: ChildProcess = spawn('openssl', ['s_server', '-accept', `127.0.0.1:${port}`, '-cert', join(dir, 'cert.pem'), '-key', join(dir, 'key.pem'), '-tls1_2', '-alpn', 'http/1.1', '-rev'], { stdio: ['pipe', 'pipe', 'pipe'] })
    try {
      await waitForPort(port)
      const info = await connect({ host: 'localhost', port, tls: { caPem: ca.certPem, alpn: ['h2', 'http/1.1'] } })
      expect(info.tls).toMatchObject({ protocol: 'TLSv1.2', alpn: 'http/1.1', verified: true })
      expect(info.tls!.cipher).toMatch(/ECDHE-ECDSA/)
      // -rev answers each line reversed.
      clients.send(info.id, { format: 'text', data: 'wirebench', lineEnding: 'lf' })
      expect(await received(info.id)).toContain('hcneberiw')
      clients.close(info.id)
    } finally {
      openssl.kill()
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('a server that accepts but never answers the ClientHello is a handshake timeout, not a connect timeout', async () => {
    // reads (so it sees our FIN and lets go) but never writes
    const silent = net.createServer((s) => s.resume())
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()))
    try {
      const port = (silent.address() as net.AddressInfo).port
      expect(await fail({ host: '127.0.0.1', port, timeoutMs: 300, tls: {} })).toMatchObject({ code: 'HANDSHAKE_TIMEOUT', message: expect.stringContaining('TLS handshake') })
    } finally {
      silent.close()
    }
  })

  it('says clearly when the client certificate field is not a certificate or the key does not match', async () => {
    const server = await start({ behaviour: 'echo' })
    await expect(connect({ host: 'localhost', port: server.port, tls: { certPem: 'hello', keyPem: clientCert.keyPem } })).rejects.toThrow('holds no PEM certificate')
    await expect(connect({ host: 'localhost', port: server.port, tls: { certPem: clientCert.certPem, keyPem: otherClient.keyPem } })).rejects.toThrow('does not match the certificate')
    await expect(start({ behaviour: 'echo', tls: { certPem: serverCert.certPem.replace(/[A-Za-z]{10}\n/, '!!!!!!!!!!\n'), keyPem: serverCert.keyPem } })).rejects.toThrow(/could not be decoded/)
  })
})

async function connectAndAwaitClose(input: ConnectInput): Promise<string> {
  let info
  try {
    info = await connect(input)
  } catch (e) {
    return toWireError(e).code
  }
  clients.send(info.id, { format: 'text', data: 'x', lineEnding: 'lf' })
  for (let i = 0; i < 50; i++) {
    const closed = seen.find((e) => e.name === 'stream.closed' && (e.payload as { streamId: string }).streamId === info.id)
    if (closed) {
      const p = closed.payload as { reason: string; error: { code: string } | null }
      return p.error?.code ?? p.reason
    }
    await new Promise((r) => setTimeout(r, 50))
  }
  return 'still open'
}
