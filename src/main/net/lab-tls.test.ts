// A generated lab served over TLS and mTLS on loopback, end to end through our servers and our connector: the chain
// verifies against the lab root alone, and every failed handshake says why on both sides (issue 9, items 1 and 5).
import net from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateInput, serverStartInput, type HandshakeFailure, type ServerInfo, type ServerStartInput } from '../../shared/contract'
import { WirebenchError } from '../../shared/errors'
import { connect, type ConnectOptions } from '../tls'
import { CertificateService, createClientCertificate, createPki } from '../x509'
import { Servers } from './servers'
import { exchange, recordingEvents } from '../testing/net'
import { eventually } from '../testing/tls-servers'

const { events, seen } = recordingEvents()
const servers = new Servers(events)
const start = (input: ServerStartInput) => servers.start(serverStartInput.parse(input))
let lab: Awaited<ReturnType<typeof createPki>>
let alice: Awaited<ReturnType<typeof createClientCertificate>>
const closers: (() => unknown)[] = []

beforeAll(async () => {
  lab = await createPki({ leaf: { subject: { commonName: 'localhost' }, names: ['localhost', '127.0.0.1'], preset: 'server' } })
  alice = await createClientCertificate({ commonName: 'alice', issuer: { certPem: lab.intermediate.certPem, keyPem: lab.intermediate.keyPem as string } })
})
afterAll(async () => {
  for (const close of closers) await close()
  await servers.stopAll()
})

async function failure(o: ConnectOptions): Promise<WirebenchError> {
  const conn = await connect(o).catch((e: unknown) => e)
  if (conn instanceof WirebenchError) return conn
  throw new Error(`expected the connection to ${o.host}:${o.port} to fail`)
}

/** What the server's list says about the newest failed handshake, once its reason is in. */
async function lastFailure(server: ServerInfo, reason: RegExp): Promise<HandshakeFailure> {
  const current = () => servers.list().find((s) => s.id === server.id)?.failedHandshakes?.[0]
  await eventually(() => reason.test(current()?.reason ?? ''), `a failed handshake matching ${reason}`)
  return current()!
}

describe('a lab served over TLS', () => {
  it('serving the chain (leaf + intermediate), a client trusting only the lab root verifies', async () => {
    const server = await start({ tls: { certPem: lab.chainPem, keyPem: lab.leaf.keyPem as string } })
    const conn = await connect({ host: 'localhost', port: server.port, family: 4, tls: { caPem: lab.root.certPem } })
    conn.socket.on('error', () => undefined)
    expect(conn.tls).toMatchObject({ verified: true, verifyError: null })
    // the verified path: leaf, the intermediate the server sent, and the lab root it reached
    expect(conn.tls!.peerChain).toHaveLength(3)
    conn.socket.destroy()
  })

  it('serving only the leaf, the client names the missing intermediate and shows the chain as sent', async () => {
    const server = await start({ tls: { certPem: lab.leaf.certPem, keyPem: lab.leaf.keyPem as string } })
    const e = await failure({ host: 'localhost', port: server.port, family: 4, tls: { caPem: lab.root.certPem } })
    expect(e.code).toBe('CERT_UNTRUSTED')
    expect(e.message).toContain('sent only its leaf; its issuer (O=Wirebench Test, CN=Wirebench Test Intermediate CA) was not sent')
    expect(e.message).toContain('should send the intermediate')
    expect(e.detail).toMatch(/The server sent 1 certificate:\n1\. subject CN=localhost · issuer O=Wirebench Test, CN=Wirebench Test Intermediate CA · valid \d{4}-\d\d-\d\d to/)
  })

  it('a port that answers in plain text is named as such, not as a wrong version number', async () => {
    const http = net.createServer((s) => s.once('data', () => s.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n')))
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()))
    closers.push(() => new Promise((r) => http.close(r)))
    const e = await failure({ host: '127.0.0.1', port: (http.address() as net.AddressInfo).port, tls: { verify: false } })
    expect(e.code).toBe('TLS_HANDSHAKE_FAILED')
    expect(e.message).toContain('answered in plain text (plain HTTP), not TLS: it sent "HTTP/1.1 400 Bad Request"')
    expect(e.message).toContain('Try without TLS')
  })

  it('a client speaking plain text to a TLS server is listed with its reason on the server', async () => {
    const server = await start({ tls: { selfSigned: true } })
    await exchange(server.port, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n', () => false, '127.0.0.1', 1000)
    const failed = await lastFailure(server, /plain text/)
    expect(failed.reason).toContain('client spoke plain text')
    expect(failed.remoteAddress).toBe('127.0.0.1')
    expect(failed.remotePort).toBeGreaterThan(0)
    expect(Date.now() - failed.at).toBeLessThan(10_000)
    expect(seen.some((e) => e.name === 'server.handshakeFailed')).toBe(true)
  })
})

describe('a lab served over mTLS (TLS 1.3: the server judges the client certificate after the handshake)', () => {
  let server: ServerInfo
  beforeAll(async () => {
    server = await start({ tls: { certPem: lab.chainPem, keyPem: lab.leaf.keyPem as string, requireClientCert: true, clientCaPem: lab.root.certPem } })
  })
  const client = (cert?: string): ConnectOptions => ({
    host: 'localhost',
    port: server.port,
    family: 4,
    tls: { caPem: lab.root.certPem, ...(cert ? { certPem: cert, keyPem: alice.keyPem as string } : {}) }
  })

  it('the client certificate sent with its intermediate is accepted, and the server sees who we are', async () => {
    const conn = await connect(client(alice.certPem + lab.intermediate.certPem))
    conn.socket.on('error', () => undefined)
    expect(conn.tls).toMatchObject({ protocol: 'TLSv1.3', verified: true })
    conn.socket.write('hi\n')
    const echoed = await new Promise<string>((resolve) => conn.socket.once('data', (d: Buffer) => resolve(d.toString())))
    expect(echoed).toBe('hi\n')
    expect(servers.clients(server.id)[0]!.tls).toMatchObject({ authorized: true, peerSubject: 'CN=alice' })
    conn.socket.destroy()
  })

  it('sent without its intermediate, both sides say why: the server lists the reason, the client fails', async () => {
    const e = await failure(client(alice.certPem))
    expect(e.code).toBe('CLIENT_CERT_REQUIRED')
    expect(e.message).toMatch(/closed the connection right after the TLS handshake: it most likely rejected our client certificate/)
    const failed = await lastFailure(server, /not signed/)
    expect(failed.reason).toBe('client certificate not signed by the trusted CA (unable to verify the first certificate) — did the client send its intermediate?')
    expect(failed.code).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE')
  })

  it('in TLS 1.2 too, a server that drops the client certificate after its Finished is a failure, not a connection', async () => {
    const options = client(alice.certPem)
    const e = await failure({ ...options, tls: { ...options.tls, maxVersion: 'TLSv1.2' } })
    expect(e.code).toBe('CLIENT_CERT_REQUIRED')
    expect(e.message).toMatch(/closed the connection (right after the TLS handshake|at the end of the TLS handshake, after our certificate): it most likely rejected our client certificate/)
    expect((await lastFailure(server, /not signed/)).reason).toContain('did the client send its intermediate?')
  })

  it('with no certificate at all, the server says the client sent none and the client is told it needs one', async () => {
    const e = await failure(client())
    expect(e.code).toBe('CLIENT_CERT_REQUIRED')
    expect(e.message).toContain('requires a client certificate')
    expect(e.detail).toMatch(/certificate required/)
    expect((await lastFailure(server, /no certificate/)).reason).toBe('client sent no certificate')
  })
})

describe('the vault fills the chain', () => {
  it('a generated lab leaf comes with its intermediate, as Generate\'s chain.pem', async () => {
    const service = new CertificateService()
    closers.push(() => service.dispose())
    const made = await service.generate(generateInput.parse({ kind: 'pki', subject: 'CN=localhost', names: ['localhost'] }))
    const leaf = made.artifacts.find((a) => a.role === 'leaf')!
    const held = service.keys().find((k) => k.keyId === leaf.keyId)!
    expect(held.chainPem).toBe(made.chainPem)
    expect(service.keys().find((k) => k.keyId === made.artifacts[0]!.keyId)!.chainPem).toBeUndefined()
  })
})
