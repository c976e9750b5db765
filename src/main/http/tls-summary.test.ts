// The TLS summary a response carries (version, ALPN, the chain as sent for "Open in Certificates", the verdict) and
// session resumption on repeat: against nginx and a Node TLS server that counts resumptions itself, in TLS 1.2 and 1.3.
import { execFileSync } from 'node:child_process'
import { X509Certificate } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import type net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import tls from 'node:tls'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { delayRelay } from '../testing/delay-relay'
import { startNginx, type NginxServer } from '../testing/nginx'
import { openTarget, sendRaw, tlsSummary } from './raw'
import { runRaw } from './raw-job'
import { repeatRaw } from './timings'

/** Each way, through the relay, for the test that tells a full handshake from a resumed one by round trips. */
const DELAY_MS = 15
const enc = (s: string): Uint8Array => new TextEncoder().encode(s)
const GET = (host: string): Uint8Array => enc(`GET / HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`)
const leafSan = (b64: string): string | undefined => new X509Certificate(Buffer.from(b64, 'base64')).subjectAltName

let nginx: NginxServer
beforeAll(async () => {
  nginx = await startNginx()
}, 20_000)
afterAll(async () => {
  await nginx?.stop()
})

describe('TLS summary', () => {
  it('carries the chain as sent (leaf first), the verdict, SNI and ALPN', async () => {
    const r = await sendRaw({ host: 'alpha.test', address: '127.0.0.1', port: nginx.httpsPort, tls: { verify: true, caPem: nginx.caPem, alpn: ['http/1.1'] } }, GET('alpha.test'))
    expect(r.response.status).toBe(200)
    const t = r.tls!
    expect(t.version).toMatch(/^TLSv1\.[23]$/)
    expect(t.alpn).toBe('http/1.1')
    expect(t.servername).toBe('alpha.test')
    expect(t.verified).toBe(true)
    expect(t.verifyError).toBeUndefined()
    expect(t.resumed).toBe(false)
    // nginx sends only its leaf; Node adds our CA from the trust store, which is shown apart as the anchor.
    expect(t.chainBase64?.length).toBe(1)
    expect(leafSan(t.chainBase64![0]!)).toBe('DNS:alpha.test')
    expect(new X509Certificate(Buffer.from(t.trustAnchorBase64!, 'base64')).subject).toBe('CN=Wirebench nginx test CA')
  })

  it('with verification off, still shows the chain and says what verification would have failed on', async () => {
    const r = await sendRaw({ host: 'beta.test', address: '127.0.0.1', port: nginx.httpsPort, tls: { verify: false } }, GET('beta.test'))
    expect(r.response.status).toBe(200)
    expect(r.tls!.verified).toBe(false)
    expect(r.tls!.verifyError).toMatch(/issuer/i)
    expect(leafSan(r.tls!.chainBase64![0]!)).toBe('DNS:beta.test')
  })

  it('names a certificate for another name as the reason, in words', async () => {
    // No SNI: nginx answers with its default certificate (for 127.0.0.1), which is not for gamma.test.
    const r = await sendRaw({ host: 'gamma.test', address: '127.0.0.1', port: nginx.httpsPort, tls: { verify: false, caPem: nginx.caPem, servername: '' } }, GET('gamma.test'))
    expect(r.tls!.verified).toBe(false)
    expect(r.tls!.verifyError).toMatch(/not for this name|altnames/i)
  })

  it('is null in clear text', async () => {
    const r = await sendRaw({ host: '127.0.0.1', port: nginx.httpPort }, GET('alpha.test'))
    expect(r.tls).toBeNull()
  })
})

describe('TLS session resumption on repeat', () => {
  const target = () => ({ host: 'alpha.test', address: '127.0.0.1', port: nginx.httpsPort, tls: { verify: true, caPem: nginx.caPem, alpn: ['http/1.1'] } })

  it('against nginx: every later connection resumes the first session, and a resumed one shows no chain', async () => {
    const rep = await repeatRaw(target(), GET('alpha.test'), 5, 'sequential', { resumeTls: true })
    expect(rep.connections).toBe(5)
    expect(rep.resumed).toBe(4)
    expect(rep.resumedRuns).toEqual([false, true, true, true, true])
    expect(rep.statuses.every((s) => s === 200)).toBe(true)

    // The same by hand: a fresh connection gets a session; one offering it is resumed and carries no Certificate.
    const first = await openTarget(target())
    const session = await first.conn.tlsSession!(500)
    first.conn.socket.destroy()
    expect(session).not.toBeNull()
    const again = await openTarget({ ...target(), tls: { ...target().tls, session: session! } })
    const summary = tlsSummary(again.conn)!
    again.conn.socket.destroy()
    expect(summary.resumed).toBe(true)
    expect(summary.chainBase64).toBeUndefined()
    expect(summary.verified).toBe(true)
  })

  it('without the toggle, no connection resumes and none is counted', async () => {
    const rep = await repeatRaw(target(), GET('alpha.test'), 3, 'sequential')
    expect(rep.resumed).toBeUndefined()
    // Offered nothing, so each handshake is a full one: check one by hand.
    const c = await openTarget(target())
    expect(c.conn.tls!.resumed).toBe(false)
    c.conn.socket.destroy()
  })

  it('the job reports the count and each run', async () => {
    const input = (resumeTls: boolean) => ({
      target: { host: 'alpha.test', port: nginx.httpsPort, tls: true, caPem: nginx.caPem, alpn: ['http/1.1'] },
      address: '127.0.0.1',
      requestBase64: Buffer.from(GET('alpha.test')).toString('base64'),
      repeat: 9,
      resumeTls
    })
    const resumed = await runRaw(input(true))
    const full = await runRaw(input(false))
    expect(resumed.repeat!.resumed).toBe(8)
    expect(resumed.repeat!.runs).toHaveLength(9)
    expect(full.repeat!.resumed).toBeUndefined()
    expect(full.repeat!.runs).toHaveLength(9)
  })
})

describe('resumption against a Node TLS server that counts its own resumptions', () => {
  let dir = ''
  let key = ''
  let cert = ''
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'wb-tls-resume-'))
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem'), '-days', '1', '-subj', '/CN=node.test', '-addext', 'subjectAltName=DNS:node.test'], { stdio: 'ignore' })
    key = readFileSync(join(dir, 'k.pem'), 'utf8')
    cert = readFileSync(join(dir, 'c.pem'), 'utf8')
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  for (const version of ['TLSv1.2', 'TLSv1.3'] as const) {
    it(`${version}: the count we report equals the server's`, async () => {
      const seen: boolean[] = []
      const server = tls.createServer({ key, cert, maxVersion: version, minVersion: version }, (s) => {
        seen.push(s.isSessionReused())
        s.on('error', () => {})
        s.once('data', () => s.end('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok'))
      })
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
      try {
        const port = (server.address() as net.AddressInfo).port
        const rep = await repeatRaw({ host: 'node.test', address: '127.0.0.1', port, tls: { verify: true, caPem: cert } }, GET('node.test'), 4, 'sequential', { resumeTls: true })
        expect(rep.statuses).toEqual([200, 200, 200, 200])
        expect(seen).toEqual([false, true, true, true])
        expect(rep.resumed).toBe(3)
        expect(rep.resumedRuns).toEqual(seen)
      } finally {
        await new Promise((r) => server.close(r))
      }
    })
  }

  it('TLS 1.2 a round trip away: the resumed handshake takes one round trip, the full one two, and p50 shows it', async () => {
    const server = tls.createServer({ key, cert, maxVersion: 'TLSv1.2' }, (s) => {
      s.on('error', () => {})
      s.once('data', () => s.end('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok'))
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const rtt = 2 * DELAY_MS
    const relay = await delayRelay((server.address() as net.AddressInfo).port, DELAY_MS)
    try {
      const target = { host: 'node.test', address: '127.0.0.1', port: relay.port, tls: { verify: true, caPem: cert } }
      const resumed = await repeatRaw(target, GET('node.test'), 5, 'sequential', { resumeTls: true })
      const full = await repeatRaw(target, GET('node.test'), 5, 'sequential')
      expect(resumed.resumed).toBe(4)
      // RFC 5246 §7.3: an abbreviated handshake is 1 round trip, a full one 2 (RFC 5077 §3.1 with a ticket).
      expect(full.p50.tlsMs!).toBeGreaterThan(2 * rtt - 5)
      expect(resumed.p50.tlsMs!).toBeLessThan(full.p50.tlsMs! - rtt / 2)
      expect(resumed.p50.tlsMs!).toBeGreaterThan(rtt - 5)
    } finally {
      await relay.close()
      await new Promise((r) => server.close(r))
    }
  })
})
