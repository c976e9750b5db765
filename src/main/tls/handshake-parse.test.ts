// The shared handshake parser (src/shared/tls/handshake.ts) on real handshakes captured on loopback: Node's TLS
// client and `openssl s_client` against `openssl s_server`, through a recording TCP relay. TLS 1.3, a
// HelloRetryRequest forced by the server's groups, a TLS 1.2 ECDHE handshake with its key exchange messages, and
// Chromium's ClientHello (GREASE, a post-quantum key share, GREASE ECH) caught by a listener that answers nothing.
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import tls from 'node:tls'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { dissect } from '../../shared/dissect/table'
import { cipherSuiteName } from '../../shared/tls/cipher-suites'
import { type ParsedHandshake, parseHandshakeMessage, splitHandshake, textbookNotes } from '../../shared/tls/handshake'
import { readRecords } from '../../shared/tls/records'
import { groupName } from '../../shared/tls/tls-names'
import { opensslServer, recordingRelay } from '../testing/tls-servers'
import { TempDir, openssl } from '../testing/x509'

let dir: TempDir
let certDer: Buffer
const files = { cert: '', key: '' }

beforeAll(() => {
  dir = new TempDir()
  files.key = `${dir.path}/key.pem`
  files.cert = `${dir.path}/cert.pem`
  const made = openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', files.key, '-out', files.cert, '-subj', '/CN=localhost', '-days', '2'])
  expect(made.status).toBe(0)
  certDer = openssl(['x509', '-in', files.cert, '-outform', 'DER']).raw
})
afterAll(() => dir?.remove())

/** `openssl s_server` on a free loopback port; resolves with the port once it says ACCEPT. */
function sServer(extra: string[]): Promise<{ port: number; stop(): void }> {
  return opensslServer(['s_server', '-accept', '127.0.0.1:0', '-cert', files.cert, '-key', files.key, '-naccept', '1', ...extra])
}

/** Runs one client through a recording relay to a fresh s_server; returns each direction's bytes. */
async function capture(serverArgs: string[], client: (port: number) => Promise<void>): Promise<{ toServer: Uint8Array; toClient: Uint8Array }> {
  const server = await sServer(serverArgs)
  const relay = await recordingRelay(server.port)
  try {
    await client(relay.port)
    await new Promise((r) => setTimeout(r, 50))
    return { toServer: new Uint8Array(Buffer.concat(relay.toServer)), toClient: new Uint8Array(Buffer.concat(relay.toClient)) }
  } finally {
    await relay.close()
    server.stop()
  }
}

const nodeClient = (options: tls.ConnectionOptions) => (port: number) =>
  new Promise<void>((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', port, servername: 'localhost', rejectUnauthorized: false, ...options }, () => {
      socket.end()
      resolve()
    })
    socket.on('error', reject)
    socket.setTimeout(5000, () => reject(new Error('handshake timed out')))
  })

const sClient = (extra: string[]) => (port: number) =>
  new Promise<void>((resolve, reject) => {
    const proc = spawn('openssl', ['s_client', '-connect', `127.0.0.1:${port}`, '-servername', 'localhost', ...extra], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()))
    const timer = setTimeout(() => {
      proc.kill()
      reject(new Error('s_client timed out'))
    }, 5000)
    proc.on('exit', () => {
      clearTimeout(timer)
      if (/Cipher is/.test(out)) resolve()
      else reject(new Error(`s_client failed: ${out.slice(0, 400)}`))
    })
  })

/** The cleartext handshake messages of one direction: handshake records, up to a TLS 1.2 ChangeCipherSpec. */
function cleartext(stream: Uint8Array, stopAtChangeCipherSpec: boolean): Uint8Array[] {
  const bodies: Uint8Array[] = []
  for (const r of readRecords(stream)) {
    if (r.type === 20 && stopAtChangeCipherSpec) break
    if (r.type === 22) bodies.push(r.body)
  }
  return splitHandshake(new Uint8Array(Buffer.concat(bodies))).messages
}

const parseAll = (messages: Uint8Array[], from: 'client' | 'server', tls13: boolean, cipherSuite?: number): ParsedHandshake[] =>
  messages.map((m) => parseHandshakeMessage(m, { tls13, from, ...(cipherSuite !== undefined ? { cipherSuite } : {}) }))

describe('real handshakes on loopback', () => {
  test('Node client → openssl s_server, TLS 1.3: every suite named, SNI and ALPN read, ServerHello understood', async () => {
    const { toServer, toClient } = await capture(['-alpn', 'h2'], nodeClient({ ALPNProtocols: ['h2', 'http/1.1'] }))
    const [ch] = parseAll(cleartext(toServer, false), 'client', true)
    expect(ch!.findings).toEqual([])
    const hello = ch!.clientHello!
    expect(hello.serverName).toBe('localhost')
    expect(hello.alpn).toEqual(['h2', 'http/1.1'])
    expect(hello.supportedVersions).toContain(0x0304)
    expect(hello.keyShares.map((k) => groupName(k.group))).toEqual(['x25519'])
    expect(hello.cipherSuites.length).toBeGreaterThan(10)
    expect(hello.cipherSuites.map(cipherSuiteName).filter((n) => n.startsWith('unknown'))).toEqual([])
    expect(hello.grease).toBe(false)
    const [sh] = parseAll(cleartext(toClient, false), 'server', true)
    expect(sh!.findings).toEqual([])
    expect(sh!.kind).toBe('tls-server-hello')
    expect(sh!.serverHello).toMatchObject({ helloRetryRequest: false, version: 0x0304, keyShareGroup: 0x001d })
    expect(cipherSuiteName(sh!.serverHello!.cipherSuite)).toMatch(/^TLS_(AES|CHACHA20)_/)
    const notes = textbookNotes(hello, sh!.serverHello!, false, false)
    expect(notes.join('\n')).toMatch(/ALPN \(h2, http\/1\.1\)/)
    expect(notes.join('\n')).toMatch(/TLS 1\.2 and earlier/)
  })

  test('openssl s_client offering an x25519 share only → s_server -groups P-256 answers with a HelloRetryRequest', async () => {
    const { toServer, toClient } = await capture(['-groups', 'P-256'], sClient(['-groups', 'X25519:P-256']))
    const server = parseAll(cleartext(toClient, false), 'server', true)
    const client = parseAll(cleartext(toServer, false), 'client', true)
    expect(server.map((p) => p.typeName)).toEqual(['HelloRetryRequest', 'ServerHello'])
    expect(server[0]!.kind).toBe('tls-hello-retry-request')
    expect(server[0]!.serverHello).toMatchObject({ helloRetryRequest: true, keyShareGroup: 0x0017, version: 0x0304 })
    expect(server[0]!.summary).toMatch(/^HelloRetryRequest: TLS_\w+, retry with a secp256r1 key share$/)
    expect(server[0]!.spans[0]!.children!.find((s) => s.name === 'Random')!.explain).toMatch(/HelloRetryRequest/)
    expect(client.map((p) => p.clientHello!.keyShares.map((k) => groupName(k.group)))).toEqual([['x25519'], ['secp256r1']])
    expect(server[1]!.serverHello!.keyShareGroup).toBe(0x0017)
    // The records dissector reads the hellos on both sides of the compatibility ChangeCipherSpec (RFC 8446 §D.4).
    const names = (bytes: Uint8Array): string[] => dissect('tls-records', bytes).spans.flatMap((r) => (r.children ?? []).map((c) => c.name).filter((n) => n.startsWith('Handshake: ')))
    expect(names(toClient)).toEqual(['Handshake: HelloRetryRequest', 'Handshake: ServerHello'])
    expect(names(toServer)).toEqual(['Handshake: ClientHello', 'Handshake: ClientHello'])
    const notes = textbookNotes(client[0]!.clientHello!, server[0]!.serverHello!, true, false).join('\n')
    expect(notes).toMatch(/HelloRetryRequest asking for a secp256r1 key share \(RFC 8446 §4\.1\.4\)/)
  })

  test('Node client, TLS 1.2 ECDHE-ECDSA: Certificate, ServerKeyExchange, ServerHelloDone and ClientKeyExchange', async () => {
    const { toServer, toClient } = await capture([], nodeClient({ maxVersion: 'TLSv1.2', ciphers: 'ECDHE-ECDSA-AES128-GCM-SHA256' }))
    const server = parseAll(cleartext(toClient, true), 'server', false, 0xc02b)
    // The session ticket (RFC 5077 §3.3) comes in the clear, just before the server's ChangeCipherSpec.
    expect(server.map((p) => p.typeName)).toEqual(['ServerHello', 'Certificate', 'ServerKeyExchange', 'ServerHelloDone', 'NewSessionTicket'])
    expect(server[4]!.newSessionTicket!.lifetime).toBeGreaterThan(0)
    expect(server[0]!.serverHello).toMatchObject({ version: 0x0303, cipherSuite: 0xc02b })
    expect(Buffer.from(server[1]!.certificates![0]!).equals(certDer)).toBe(true)
    expect(server[1]!.certificateNames).toEqual(['CN=localhost'])
    expect(server[2]!.serverKeyExchange).toMatchObject({ kind: 'ecdhe', group: 0x001d, publicKeyLength: 32, scheme: 0x0403 })
    expect(server[3]!.kind).toBe('tls-server-hello-done')
    const client = parseAll(cleartext(toServer, true), 'client', false, 0xc02b)
    expect(client.map((p) => p.typeName)).toEqual(['ClientHello', 'ClientKeyExchange'])
    expect(client[1]!.clientKeyExchange).toEqual({ kind: 'ecdhe', length: 32 })
    for (const p of [...server, ...client]) expect(p.findings).toEqual([])
    // Without the suite the key exchange is still recognised from its shape.
    expect(parseHandshakeMessage(cleartext(toClient, true)[2]!, { tls13: false, from: 'server' }).serverKeyExchange?.kind).toBe('ecdhe')
    const notes = textbookNotes(client[0]!.clientHello!, server[0]!.serverHello!, false, false).join('\n')
    expect(notes).toMatch(/negotiated TLS 1\.2/)
  })
})

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => existsSync(p))

/** The first ClientHello headless Chromium sends to https://walk.test/ (mapped to a local listener that never answers). */
async function chromiumClientHello(): Promise<Uint8Array> {
  if (!CHROMIUM) throw new Error('this test needs Chromium (CI installs Debian\'s chromium package)')
  const profile = mkdtempSync(join(tmpdir(), 'wirebench-chromium-'))
  let child: ChildProcess | undefined
  const server = net.createServer()
  try {
    return await new Promise<Uint8Array>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('Chromium sent no ClientHello within 15 s')), 15_000)
      server.on('connection', (socket) => {
        const chunks: Buffer[] = []
        socket.on('error', () => undefined)
        socket.on('data', (d: Buffer) => {
          chunks.push(d)
          const messages = cleartext(new Uint8Array(Buffer.concat(chunks)), false)
          if (messages.length) {
            clearTimeout(timer)
            socket.destroy()
            resolve(messages[0]!)
          }
        })
      })
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as net.AddressInfo
        const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', `--user-data-dir=${profile}`, `--host-resolver-rules=MAP walk.test 127.0.0.1:${port}`, '--dump-dom', 'https://walk.test/']
        // Its own process group, so the renderer and GPU helpers it forks are stopped with it.
        child = spawn(CHROMIUM, args, { stdio: 'ignore', detached: true })
        child.on('error', reject)
      })
    })
  } finally {
    if (child?.pid && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r))
      try {
        process.kill(-child.pid, 'SIGKILL')
      } catch {}
      await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))])
    }
    server.close()
    try {
      rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 })
    } catch {}
  }
}

describe('a browser ClientHello', () => {
  test('Chromium: GREASE marked everywhere it appears, X25519MLKEM768 named, ALPN and SNI read', async () => {
    const msg = await chromiumClientHello()
    const p = parseHandshakeMessage(msg, { tls13: true, from: 'client' })
    expect(p.findings.filter((f) => f.severity === 'error')).toEqual([])
    const ch = p.clientHello!
    expect(ch.serverName).toBe('walk.test')
    expect(ch.alpn).toContain('h2')
    expect(ch.grease).toBe(true)
    expect(ch.extensions.filter((e) => e.grease).length).toBeGreaterThanOrEqual(2)
    expect(ch.cipherSuites.filter((s) => cipherSuiteName(s).startsWith('GREASE')).length).toBe(1)
    expect(ch.cipherSuites.map(cipherSuiteName).filter((n) => n.startsWith('unknown'))).toEqual([])
    // Browsers try new extensions before IANA lists them: each is still shown, as bytes, with its code.
    for (const e of ch.extensions) expect(p.spans[0]!.children!.find((s) => s.name === 'Extensions')!.children!.some((s) => s.name === `Extension: ${e.name}`)).toBe(true)
    expect(ch.extensions.map((e) => e.name)).toEqual(expect.arrayContaining(['server_name', 'supported_groups', 'key_share', 'supported_versions', 'encrypted_client_hello']))
    expect(ch.keyShares.map((k) => groupName(k.group))).toContain('X25519MLKEM768')
    expect(ch.keyShares.find((k) => groupName(k.group) === 'X25519MLKEM768')!.length).toBe(1216)
    const notes = textbookNotes(ch, null, false, false).join('\n')
    expect(notes).toMatch(/GREASE values/)
    expect(notes).toMatch(/post-quantum key share: X25519MLKEM768/)
  }, 20_000)
})
