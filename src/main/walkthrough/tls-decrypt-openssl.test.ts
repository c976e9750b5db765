// decryptTls on real connections: THE connector (tap + key log) against `openssl s_server -www` on loopback, for each
// TLS 1.3 cipher suite, a HelloRetryRequest, a KeyUpdate both ways, and TLS 1.2 AEAD suites from CLIENT_RANDOM.
// Every record must open, both Finished and the server's signature must verify, and the HTTP the client read must
// equal the decrypted application data.
import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TempDir, openssl } from '../testing/x509'
import { connect, type Connection, type TlsClientSettings } from '../tls'
import { decryptTls, type DecryptedTls } from './tls-decrypt'
import { timedRecordsFromTap } from './tls-timed-records'

const tmp = new TempDir()
const children: ChildProcess[] = []
const certs: Record<string, { cert: string; key: string }> = {}

beforeAll(() => {
  const kinds: Record<string, string[]> = {
    p256: ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'],
    p384: ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-384'],
    client: ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'],
    rsa: ['-newkey', 'rsa:2048'],
    ed25519: ['-newkey', 'ed25519']
  }
  for (const [name, args] of Object.entries(kinds)) {
    const cert = `${tmp.path}/${name}.crt`
    const key = `${tmp.path}/${name}.key`
    const r = openssl(['req', '-x509', ...args, '-nodes', '-keyout', key, '-out', cert, '-subj', '/CN=localhost', '-days', '1'])
    if (r.status !== 0) throw new Error(r.stderr)
    certs[name] = { cert, key }
  }
})

afterAll(() => {
  for (const c of children) c.kill()
  tmp.remove()
})

/** `openssl s_server` on 127.0.0.1:0 for one connection; resolves with its port once it listens. */
function sServer(cert: string, extra: string[], naccept = 1): Promise<{ port: number; child: ChildProcess; output: () => string }> {
  const name = cert as keyof typeof certs
  const c = certs[name] as { cert: string; key: string }
  // stdin stays open: s_server ends when it reads end-of-file there.
  const child = spawn('openssl', ['s_server', '-accept', '127.0.0.1:0', '-cert', c.cert, '-key', c.key, '-naccept', String(naccept), ...extra], { stdio: ['pipe', 'pipe', 'pipe'] })
  children.push(child)
  let out = ''
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`s_server did not start: ${out}`)), 10_000)
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /ACCEPT 127\.0\.0\.1:(\d+)/.exec(out)
      if (m) {
        clearTimeout(timer)
        resolve({ port: Number(m[1]), child, output: () => out })
      }
    })
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()))
    child.once('exit', (code) => reject(new Error(`s_server exited (${code}): ${out}`)))
  })
}

/** Reads what the client's socket delivers until the server closes, bounded in time. */
function readAll(conn: Connection, ms = 5000): Promise<Buffer> {
  const got: Buffer[] = []
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer)
      resolve(Buffer.concat(got))
    }
    const timer = setTimeout(done, ms)
    conn.socket.on('data', (d: Buffer) => got.push(d))
    conn.socket.once('end', done)
    conn.socket.once('close', done)
    conn.socket.on('error', done)
  })
}

async function walk(cert: string, serverArgs: string[], tls: TlsClientSettings = {}, port?: number): Promise<{ d: DecryptedTls; read: Buffer; conn: Connection }> {
  port ??= (await sServer(cert, ['-www', ...serverArgs])).port
  const conn = await connect({ host: '127.0.0.1', port, tls: { verify: false, servername: 'localhost', ...tls }, tap: true, keylog: true })
  const reading = readAll(conn)
  conn.socket.write('GET / HTTP/1.0\r\n\r\n')
  const read = await reading
  conn.socket.destroy()
  const { records } = timedRecordsFromTap(conn.tap?.chunks ?? [])
  return { d: decryptTls({ records, keylog: conn.keylog ?? [] }), read, conn }
}

const appData = (d: DecryptedTls, from: 'client' | 'server'): string =>
  Buffer.concat(d.records.filter((r) => r.from === from && r.innerType === 23 && r.plaintext).map((r) => r.plaintext as Uint8Array)).toString('latin1')

function expectFullyVerified(d: DecryptedTls, read: Buffer): void {
  expect(d.note).toBeUndefined()
  expect(d.decrypted).toBe(true)
  expect(d.records.filter((r) => r.error)).toEqual([])
  expect(d.calculations.serverFinished?.verified).toBe(true)
  expect(d.calculations.clientFinished?.verified).toBe(true)
  expect(d.calculations.certificateVerify?.verified).toBe(true)
  expect(appData(d, 'client')).toBe('GET / HTTP/1.0\r\n\r\n')
  expect(read.length).toBeGreaterThan(100)
  expect(appData(d, 'server')).toBe(read.toString('latin1'))
}

describe('decryptTls against openssl s_server (TLS 1.3)', () => {
  it.each([
    ['TLS_AES_128_GCM_SHA256', 0x1301, 'p256', 'ecdsa_secp256r1_sha256'],
    ['TLS_AES_256_GCM_SHA384', 0x1302, 'rsa', 'rsa_pss_rsae_sha256'],
    ['TLS_CHACHA20_POLY1305_SHA256', 0x1303, 'ed25519', 'ed25519']
  ])('%s: every record, both Finished, CertificateVerify and the HTTP response', async (suite, code, cert, scheme) => {
    const { d, read } = await walk(cert, ['-tls1_3', '-ciphersuites', suite])
    expect(d).toMatchObject({ version: 'TLSv1.3', cipherSuite: code })
    expect(d.helloRetry).toBeUndefined()
    expectFullyVerified(d, read)
    expect(d.calculations.certificateVerify?.lines[0]?.value).toBe(scheme)
    const types = d.handshake.filter((m) => m.from === 'server').map((m) => m.bytes[0])
    expect(types.slice(0, 5)).toEqual([2, 8, 11, 15, 20]) // ServerHello, EncryptedExtensions, Certificate, CertificateVerify, Finished
    expect(types).toContain(4) // NewSessionTicket, after the handshake
    expect(d.records.some((r) => r.contentType === 20 && r.epoch === 'cleartext')).toBe(true) // middlebox-compatibility CCS, skipped
  })

  it.each([
    ['TLS_AES_128_CCM_SHA256', 0x1304],
    ['TLS_AES_128_CCM_8_SHA256', 0x1305]
  ])('%s (offered on request): every record and both Finished', async (suite, code) => {
    const { d, read } = await walk('p256', ['-tls1_3', '-ciphersuites', suite], { ciphers: suite })
    expect(d.cipherSuite).toBe(code)
    expectFullyVerified(d, read)
  })

  it('a HelloRetryRequest (server wants P-256, Node offers an X25519 key share first): the transcript starts with message_hash', async () => {
    const { d, read } = await walk('p384', ['-tls1_3', '-groups', 'P-256'])
    expect(d.helloRetry).toBe(true)
    expect(d.handshake.filter((m) => m.bytes[0] === 1)).toHaveLength(2)
    expectFullyVerified(d, read)
    expect(d.calculations.serverFinished?.lines.find((l) => l.label === 'messages hashed')?.value).toMatch(/^message_hash\(ClientHello1\), ServerHello, ClientHello, ServerHello, /)
    expect(d.calculations.certificateVerify?.lines[0]?.value).toBe('ecdsa_secp384r1_sha384')
  })

  it('a client certificate (mTLS): the client CertificateVerify verified, and the client Finished covers it', async () => {
    const c = certs['client'] as { cert: string; key: string }
    const pem = (p: string): string => readFileSync(p, 'utf8')
    const { d, read } = await walk('p256', ['-tls1_3', '-Verify', '1', '-CAfile', c.cert], { certPem: pem(c.cert), keyPem: pem(c.key) })
    expectFullyVerified(d, read)
    expect(d.handshake.filter((m) => m.from === 'client' && m.encrypted).map((m) => m.bytes[0]).slice(0, 3)).toEqual([11, 15, 20])
    expect(d.calculations.clientCertificateVerify?.verified).toBe(true)
    expect(d.calculations.clientFinished?.lines.find((l) => l.label === 'messages hashed')?.value).toMatch(/CertificateRequest, Certificate, CertificateVerify, Finished, Certificate, CertificateVerify$/)
  })

  it('a resumed session (PSK): no Certificate, both Finished still verified', async () => {
    const server = await sServer('p256', ['-www', '-tls1_3'], 2)
    const first = await walk('p256', [], {}, server.port)
    expect(first.d.decrypted).toBe(true)
    const session = await first.conn.tlsSession?.(1000)
    expect(session).toBeTruthy()
    const { d, read, conn } = await walk('p256', [], { session: session as Buffer }, server.port)
    expect(conn.tls?.resumed).toBe(true)
    expect(d.handshake.some((m) => m.bytes[0] === 11)).toBe(false)
    expect(d.decrypted).toBe(true)
    expect(d.calculations.serverFinished?.verified).toBe(true)
    expect(d.calculations.clientFinished?.verified).toBe(true)
    expect(appData(d, 'server')).toBe(read.toString('latin1'))
  })

  it('KeyUpdate both ways: the next generation of application keys opens what follows', async () => {
    const server = await sServer('p256', ['-tls1_3'])
    const conn = await connect({ host: '127.0.0.1', port: server.port, tls: { verify: false }, tap: true, keylog: true })
    const got: Buffer[] = []
    conn.socket.on('data', (b: Buffer) => got.push(b))
    const until = async (ok: () => boolean): Promise<void> => {
      for (let i = 0; i < 100 && !ok(); i++) await new Promise((r) => setTimeout(r, 20))
    }
    const incoming = (): number => conn.tap?.chunks.filter((c) => c.dir === 'in').length ?? 0
    const before = incoming()
    // A line "K" alone: send a KeyUpdate and request one back (RFC 8446 §4.6.3). It must reach s_server as its own read.
    server.child.stdin?.write('K\n')
    await until(() => incoming() > before)
    server.child.stdin?.write('after the update\n')
    await until(() => Buffer.concat(got).toString().includes('after the update'))
    conn.socket.write('client after update\n')
    await until(() => server.output().includes('client after update'))
    conn.socket.destroy()
    const d = decryptTls({ records: timedRecordsFromTap(conn.tap?.chunks ?? []).records, keylog: conn.keylog ?? [] })
    expect(d.decrypted).toBe(true)
    expect(d.handshake.filter((m) => m.bytes[0] === 24).map((m) => m.from).sort()).toEqual(['client', 'server'])
    expect(d.calculations.keys.map((c) => c.title)).toEqual(expect.arrayContaining(['Server key update: application traffic secret 0 → 1', 'Client key update: application traffic secret 0 → 1']))
    const last = d.records.filter((r) => r.innerType === 23)
    expect(last.find((r) => r.from === 'server')?.generation).toBe(1)
    expect(last.find((r) => r.from === 'client')?.generation).toBe(1)
    expect(appData(d, 'server')).toBe('after the update\n')
  })
})

describe('decryptTls against openssl s_server (TLS 1.2, key log CLIENT_RANDOM)', () => {
  it.each([
    ['ECDHE-RSA-AES128-GCM-SHA256', 0xc02f],
    ['ECDHE-RSA-AES256-GCM-SHA384', 0xc030],
    ['ECDHE-RSA-CHACHA20-POLY1305', 0xcca8]
  ])('%s: records, both Finished, the ServerKeyExchange signature and the HTTP response', async (cipher, code) => {
    const { d, read, conn } = await walk('rsa', ['-tls1_2', '-cipher', cipher], { maxVersion: 'TLSv1.2' })
    expect(conn.keylog?.some((l) => l.startsWith('CLIENT_RANDOM '))).toBe(true)
    expect(d).toMatchObject({ version: 'TLSv1.2', cipherSuite: code })
    expectFullyVerified(d, read)
    expect(d.calculations.certificateVerify?.title).toMatch(/ServerKeyExchange/)
    expect(d.calculations.keys[0]?.title).toBe('TLS 1.2 keys from the master secret')
  })

  it('an abbreviated handshake (session resumed): the server\'s Finished comes first, both verified', async () => {
    const server = await sServer('rsa', ['-www', '-tls1_2', '-cipher', 'ECDHE-RSA-AES128-GCM-SHA256'], 2)
    const first = await walk('rsa', [], { maxVersion: 'TLSv1.2' }, server.port)
    const session = await first.conn.tlsSession?.(1000)
    const { d, read, conn } = await walk('rsa', [], { maxVersion: 'TLSv1.2', session: session as Buffer }, server.port)
    expect(conn.tls?.resumed).toBe(true)
    expect(d.handshake.map((m) => [m.from, m.bytes[0]])).toEqual([
      ['client', 1],
      ['server', 2],
      ['server', 20],
      ['client', 20]
    ])
    expect(d.decrypted).toBe(true)
    expect(d.calculations.serverFinished?.verified).toBe(true)
    expect(d.calculations.clientFinished?.verified).toBe(true)
    expect(appData(d, 'server')).toBe(read.toString('latin1'))
  })

  it('a key log from another connection: decrypted false with a note, no exception', async () => {
    const first = await walk('rsa', ['-tls1_2', '-cipher', 'ECDHE-RSA-AES128-GCM-SHA256'], { maxVersion: 'TLSv1.2' })
    const second = await walk('rsa', ['-tls1_2', '-cipher', 'ECDHE-RSA-AES128-GCM-SHA256'], { maxVersion: 'TLSv1.2' })
    const random = second.d.clientRandom as string
    const forged = (first.conn.keylog ?? []).map((l) => l.replace(/^CLIENT_RANDOM \S+/, `CLIENT_RANDOM ${random}`))
    const d = decryptTls({ records: timedRecordsFromTap(second.conn.tap?.chunks ?? []).records, keylog: forged })
    expect(d.decrypted).toBe(false)
    expect(d.note).toMatch(/decrypt none of the records/)
  })
})
