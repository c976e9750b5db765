// The cookie jar and auth inside the http.raw job, against Debian's nginx (Set-Cookie, auth_basic) and a loopback
// server that records the bytes that arrive: what the jar adds is really sent, and what the server sets is kept.
import net from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { basicAuthorization } from '../../shared/http/auth'
import { describeLifetime, emptyJar, type CookieJar } from '../../shared/http/cookies'
import { startNginx, type NginxServer } from '../testing/nginx'
import { addJarCookies, readRequestHead, requestUrl } from './jar'
import { runRaw } from './raw-job'

const b64 = (text: string): string => Buffer.from(text, 'latin1').toString('base64')
const bytes = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'latin1'))
const text = (b: Uint8Array): string => Buffer.from(b).toString('latin1')

describe('the URL a raw request is for', () => {
  const url = (req: string, tls = false, host = '127.0.0.1', port = 80): string | null => requestUrl(readRequestHead(bytes(req))!, { host, port, tls })
  it('takes the scheme from TLS, the authority from Host and the path as typed', () => {
    expect(url('GET /a/b?x=1 HTTP/1.1\r\nHost: Example.test:8080\r\n\r\n')).toBe('http://example.test:8080/a/b?x=1')
    expect(url('GET /p HTTP/1.1\nHost: site.test\n\n', true)).toBe('https://site.test/p')
  })
  it('falls back to the target without Host, and reads the absolute form', () => {
    expect(url('GET / HTTP/1.0\r\n\r\n', true, '::1', 8443)).toBe('https://[::1]:8443/')
    expect(url('GET http://proxy.test/x HTTP/1.1\r\nHost: other\r\n\r\n')).toBe('http://proxy.test/x')
  })
  it('has none when the head is not finished', () => {
    expect(readRequestHead(bytes('GET / HTTP/1.1\r\nHost: a\r\n'))).toBeNull()
  })
})

describe('adding the jar\'s Cookie to the typed bytes', () => {
  const jarWith = (...lines: string[]): { jar: CookieJar } => ({ jar: lines.reduce((j, l) => ({ ...j, cookies: [...j.cookies, { name: l.split('=')[0]!, value: l.split('=')[1]!, domain: 'a.test', hostOnly: true, path: '/', persistent: false, expiry: null, creation: j.nextSeq, lastAccess: 0, secure: false, httpOnly: false, sameSite: 'Default' as const, partitioned: false, seq: j.nextSeq }], nextSeq: j.nextSeq + 1 }), emptyJar()) })
  const target = { host: 'a.test', port: 80, tls: false }
  it('inserts one line just before the blank line, with the request\'s own line ending, body untouched', () => {
    const r = addJarCookies(bytes('POST /f HTTP/1.1\nHost: a.test\nContent-Length: 4\n\nbody'), target, jarWith('a=1', 'b=2'), true)
    expect(text(r.request)).toBe('POST /f HTTP/1.1\nHost: a.test\nContent-Length: 4\nCookie: a=1; b=2\n\nbody')
    expect(r.sent).toBe('a=1; b=2')
  })
  it('appends to a typed Cookie field instead of adding a second one (RFC 6265 §5.4)', () => {
    const r = addJarCookies(bytes('GET / HTTP/1.1\r\nCookie: mine=x\r\nHost: a.test\r\n\r\n'), target, jarWith('a=1'), true)
    expect(text(r.request)).toBe('GET / HTTP/1.1\r\nCookie: mine=x; a=1\r\nHost: a.test\r\n\r\n')
    expect(r.findings.map((f) => f.code)).toEqual(['COOKIE_MERGED'])
  })
  it('leaves the bytes alone when sending is off, nothing matches, or the head is unfinished', () => {
    const req = bytes('GET / HTTP/1.1\r\nHost: b.test\r\n\r\n')
    expect(addJarCookies(req, target, jarWith('a=1'), false).request).toBe(req)
    expect(addJarCookies(req, target, jarWith('a=1'), true).request).toBe(req)
    expect(addJarCookies(bytes('GET / HTTP/1.1\r\n'), target, jarWith('a=1'), true).findings[0]?.code).toBe('COOKIE_NO_URL')
  })
})

describe('against nginx', () => {
  let ng: NginxServer
  beforeAll(async () => {
    ng = await startNginx({ bigFileMiB: 0.01 })
  }, 20_000)
  afterAll(() => ng?.stop())
  const plain = (req: string, session: { jar: CookieJar }, cookies = { send: true, store: true }) =>
    runRaw({ target: { host: '127.0.0.1', port: ng.httpPort, tls: false }, requestBase64: b64(req), cookies }, { session })
  const secure = (req: string, session: { jar: CookieJar }) =>
    runRaw({ target: { host: '127.0.0.1', port: ng.httpsPort, tls: true, caPem: ng.caPem, alpn: ['http/1.1'] }, requestBase64: b64(req), cookies: { send: true, store: true } }, { session })

  it('stores /cookie\'s session cookie over http, refuses the Secure one and says why, then sends it', async () => {
    const session = { jar: emptyJar() }
    const first = await plain('GET /cookie HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n', session)
    expect(first.cookies?.sent).toBeNull()
    expect(first.cookies?.stored.map((c) => [c.name, c.value, c.persistent, c.httpOnly, c.sameSite])).toEqual([['session', 's3cr3t', false, true, 'Lax']])
    expect(first.cookies?.rejected).toEqual([{ line: 'theme=dark; Max-Age=3600; Path=/; Secure', reason: expect.stringMatching(/Secure cookie may only be set over https/) }])
    expect(session.jar.cookies).toHaveLength(1)

    const second = await plain('GET /new HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n', session)
    expect(second.cookies?.sent).toBe('session=s3cr3t')
    expect(second.request.raw).toBe('GET /new HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nCookie: session=s3cr3t\r\n\r\n')
    expect(second.request.bytesSent).toBe(second.request.raw.length)
    expect(second.response.status).toBe(200)

    // Without "send", the same jar adds nothing.
    const third = await plain('GET /new HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n', session, { send: false, store: true })
    expect(third.request.raw).not.toContain('Cookie')
  }, 15_000)

  it('over https keeps both: Max-Age makes a persistent cookie, no lifetime a session cookie', async () => {
    const session = { jar: emptyJar() }
    const before = Date.now()
    const r = await secure('GET /cookie HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n', session)
    expect(r.cookies?.rejected).toEqual([])
    const theme = session.jar.cookies.find((c) => c.name === 'theme')!
    const sess = session.jar.cookies.find((c) => c.name === 'session')!
    expect(theme.persistent).toBe(true)
    expect(theme.expiry! - before).toBeGreaterThanOrEqual(3_599_000)
    expect(theme.expiry! - Date.now()).toBeLessThanOrEqual(3_600_000)
    expect(describeLifetime(theme, Date.now())).toMatch(/^Persistent cookie/)
    expect(describeLifetime(sess, Date.now())).toMatch(/^Session cookie/)
    // The Secure cookie goes back over https only.
    const again = await secure('GET /new HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n', session)
    expect(again.cookies?.sent).toBe('session=s3cr3t; theme=dark')
    const clear = await plain('GET /new HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n', session)
    expect(clear.cookies?.sent).toBe('session=s3cr3t')
  }, 15_000)

  it('Basic auth: a 401 whose challenge is read, then 200 with the plain-HTTP warning', async () => {
    const session = { jar: emptyJar() }
    const denied = await plain('GET /private/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n', session)
    expect(denied.response.status).toBe(401)
    const challenge = denied.findings.find((f) => f.code === 'AUTH_CHALLENGE')
    expect(challenge?.severity).toBe('info')
    expect(challenge?.message).toContain('Basic (realm="Wirebench test realm")')
    const auth = basicAuthorization(ng.user.name, ng.user.password)
    const ok = await plain(`GET /private/ HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${auth}\r\nConnection: close\r\n\r\n`, session)
    expect(ok.response.status).toBe(200)
    expect(ok.response.body).toBe('secret of default\n')
    expect(ok.findings.find((f) => f.code === 'BASIC_OVER_HTTP')?.message).toContain('base64 is an encoding, not encryption')
    const wrong = await plain(`GET /private/ HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${basicAuthorization(ng.user.name, 'nope')}\r\nConnection: close\r\n\r\n`, session)
    expect(wrong.response.status).toBe(401)
    const tls = await secure(`GET /private/ HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${auth}\r\nConnection: close\r\n\r\n`, session)
    expect(tls.response.status).toBe(200)
    expect(tls.findings.map((f) => f.code)).not.toContain('BASIC_OVER_HTTP')
  }, 15_000)
})

describe('what arrives at the server', () => {
  it('is the typed request with the jar\'s Cookie line, byte for byte', async () => {
    const received: Buffer[] = []
    const server = net.createServer((sock) => {
      let got = Buffer.alloc(0)
      sock.on('data', (d: Buffer) => {
        got = Buffer.concat([got, d])
        if (got.includes('\r\n\r\n')) {
          received.push(got)
          sock.end('HTTP/1.1 200 OK\r\nSet-Cookie: id=7; Max-Age=60\r\nContent-Length: 0\r\nConnection: close\r\n\r\n')
        }
      })
      sock.on('error', () => {})
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    try {
      const port = (server.address() as net.AddressInfo).port
      const session = { jar: emptyJar() }
      const send = (req: string) => runRaw({ target: { host: '127.0.0.1', port }, requestBase64: b64(req), cookies: { send: true, store: true } }, { session })
      await send('GET /a HTTP/1.1\r\nHost:  odd.test \t\r\n\r\n')
      const r = await send('GET /b HTTP/1.1\r\nHost:  odd.test \t\r\n\r\n')
      expect(received[1]!.toString('latin1')).toBe('GET /b HTTP/1.1\r\nHost:  odd.test \t\r\nCookie: id=7\r\n\r\n')
      expect(r.request.raw).toBe(received[1]!.toString('latin1'))
    } finally {
      server.close()
    }
  })
})
