// Proves the nginx test server does what the HTTP engine's tests will rely on, using only Node's own clients:
// virtual hosts by Host and by SNI, the default server for a bare IP, HTTP/2 by ALPN, gzip, chunked, 301/302,
// Basic auth, Set-Cookie and a big static file.
import { createHash } from 'node:crypto'
import http from 'node:http'
import http2 from 'node:http2'
import https from 'node:https'
import type { TLSSocket } from 'node:tls'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type NginxServer, startNginx } from '../testing/nginx'
import { decodeBody } from './decode-body'

let nginx: NginxServer

beforeAll(async () => {
  nginx = await startNginx({ bigFileMiB: 3 })
}, 20_000)
afterAll(async () => nginx?.stop())

interface Got {
  status: number
  reason: string
  headers: http.IncomingHttpHeaders
  body: Buffer
  tls?: { alpn: string | false | null; subject: string; servername: string | false }
}

function get(path: string, headers: Record<string, string>, tls?: { servername?: string }): Promise<Got> {
  return new Promise((resolve, reject) => {
    const common = { host: '127.0.0.1', path, headers, agent: false as const }
    // ALPNProtocols goes through to tls.connect, but @types/node leaves it out of https.RequestOptions: hence the spread.
    const req = tls
      ? https.request({ ...common, port: nginx.httpsPort, ca: nginx.caPem, ...(tls.servername ? { servername: tls.servername } : {}), ...{ ALPNProtocols: ['http/1.1'] } })
      : http.request({ ...common, port: nginx.httpPort })
    req.on('response', (res) => {
      const parts: Buffer[] = []
      res.on('data', (c: Buffer) => parts.push(c))
      res.on('end', () => {
        const s = res.socket as TLSSocket
        resolve({
          status: res.statusCode!,
          reason: res.statusMessage!,
          headers: res.headers,
          body: Buffer.concat(parts),
          ...(tls ? { tls: { alpn: s.alpnProtocol, subject: s.getPeerCertificate().subject.CN as string, servername: (s as unknown as { servername: string | false }).servername } } : {})
        })
      })
      res.on('error', reject)
    })
    req.on('error', reject)
    req.setTimeout(5000, () => req.destroy(new Error('timed out')))
    req.end()
  })
}

describe('virtual hosts on one address', () => {
  it('plain HTTP/1.1 picks the site by Host; a bare IP gets the default server', async () => {
    const [a, b] = nginx.hosts
    expect((await get('/', { host: a! })).body.toString()).toBe(nginx.pages[a!])
    expect((await get('/', { host: b! })).body.toString()).toBe(nginx.pages[b!])
    const ip = await get('/', { host: '127.0.0.1' })
    expect(ip.body.toString()).toBe(nginx.pages.default)
    expect(ip.body.toString()).not.toBe(nginx.pages[a!])
  })

  it('TLS picks the certificate by SNI, and an IP without SNI gets the default certificate and site', async () => {
    for (const h of nginx.hosts) {
      const r = await get('/', { host: h }, { servername: h })
      expect(r.tls?.subject).toBe(h)
      expect(r.tls?.alpn).toBe('http/1.1')
      expect(r.body.toString()).toBe(nginx.pages[h])
    }
    const ip = await get('/', { host: '127.0.0.1' }, {})
    expect(ip.tls?.servername).toBeFalsy()
    expect(ip.tls?.subject).toBe('127.0.0.1')
    expect(ip.body.toString()).toBe(nginx.pages.default)
  })

  it('HTTP/2 is chosen by ALPN and :authority selects the site', async () => {
    const h = nginx.hosts[1]!
    const session = http2.connect(`https://127.0.0.1:${nginx.httpsPort}`, { ca: nginx.caPem, servername: h })
    try {
      const got = await new Promise<{ status: number; body: string; alpn: string | undefined }>((resolve, reject) => {
        const s = session.request({ ':path': '/', ':authority': h })
        let status = 0
        let body = ''
        s.on('response', (hs) => (status = Number(hs[':status'])))
        s.on('data', (c: Buffer) => (body += c.toString()))
        s.on('end', () => resolve({ status, body, alpn: session.alpnProtocol }))
        s.on('error', reject)
        s.end()
      })
      expect(got).toEqual({ status: 200, body: nginx.pages[h], alpn: 'h2' })
    } finally {
      session.close()
    }
  })
})

describe('features', () => {
  const host = { host: 'alpha.test' }

  it('gzip when asked, and the gzip decodes to the file', async () => {
    const plain = await get('/text.txt', host)
    expect(plain.headers['content-encoding']).toBeUndefined()
    const gz = await get('/text.txt', { ...host, 'accept-encoding': 'gzip' })
    expect(gz.headers['content-encoding']).toBe('gzip')
    expect(gz.body.length).toBeLessThan(plain.body.length / 10)
    const decoded = await decodeBody(gz.body, gz.headers['content-encoding'])
    expect(Buffer.from(decoded.body).equals(plain.body)).toBe(true)
  })

  it('a body without a length arrives chunked (RFC 9112 §7.1)', async () => {
    const r = await get(nginx.chunked.path, host)
    expect(r.headers['transfer-encoding']).toBe('chunked')
    expect(r.headers['content-length']).toBeUndefined()
    expect(r.body.toString()).toBe(nginx.chunked.text)
  })

  it('301 Moved Permanently and 302 Found (RFC 9110 §15.4.2, §15.4.3)', async () => {
    const moved = await get('/old', host)
    expect([moved.status, moved.reason]).toEqual([301, 'Moved Permanently'])
    expect(moved.headers.location).toMatch(/\/new$/)
    const found = await get('/temp', host)
    // nginx still sends HTTP/1.0's reason phrase "Moved Temporarily" (RFC 1945 §9.3); RFC 9110 calls 302 "Found", and
    // the phrase carries no meaning (RFC 9112 §4), so the engine must name statuses from its own table, not the reason.
    expect(found.status).toBe(302)
    expect(found.reason).toMatch(/^(Found|Moved Temporarily)$/)
    expect(found.headers.location).toMatch(/\/new$/)
  })

  it('Basic auth: 401 with a challenge, 401 for a wrong password, 200 for the right one', async () => {
    const none = await get('/private/', host)
    expect(none.status).toBe(401)
    expect(none.headers['www-authenticate']).toBe('Basic realm="Wirebench test realm"')
    const basic = (p: string) => `Basic ${Buffer.from(`${nginx.user.name}:${p}`).toString('base64')}`
    expect((await get('/private/', { ...host, authorization: basic('wrong') })).status).toBe(401)
    const ok = await get('/private/', { ...host, authorization: basic(nginx.user.password) })
    expect([ok.status, ok.body.toString()]).toEqual([200, 'secret of alpha.test\n'])
  })

  it('Set-Cookie: a session cookie and one with Max-Age', async () => {
    const r = await get('/cookie', host)
    expect(r.headers['set-cookie']).toEqual(['session=s3cr3t; Path=/; HttpOnly; SameSite=Lax', 'theme=dark; Max-Age=3600; Path=/; Secure'])
  })

  it('a big static file arrives whole over HTTP/1.1 and over TLS', async () => {
    for (const tls of [undefined, { servername: 'alpha.test' }]) {
      const r = await get(nginx.big.path, host, tls)
      expect(Number(r.headers['content-length'])).toBe(nginx.big.bytes)
      expect(createHash('sha256').update(r.body).digest('hex')).toBe(nginx.big.sha256)
    }
  })
})
