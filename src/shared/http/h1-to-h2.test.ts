// The typed HTTP/1 request as HTTP/2 sends it (RFC 9113 §8.3.1): pseudo-headers, lower-case names, connection-specific
// fields dropped, TE only "trailers", the body without HTTP/1 framing — each change said in a finding.
import { describe, expect, it } from 'vitest'
import { h1ToH2 } from './h1-to-h2'

const enc = (s: string): Uint8Array => new TextEncoder().encode(s)
const dec = (b: Uint8Array): string => new TextDecoder().decode(b)
const opts = { scheme: 'https' as const, fallbackAuthority: 'example.test:443' }

describe('h1ToH2', () => {
  it('makes :method, :scheme, :authority from Host and :path, in that order, then lower-case regular fields', () => {
    const r = h1ToH2(enc('GET /a?b=1 HTTP/1.1\r\nHost: alpha.test\r\nUser-Agent: wb\r\nAccept: */*\r\n\r\n'), opts)
    expect(r.headers).toEqual([
      { name: ':method', value: 'GET' },
      { name: ':scheme', value: 'https' },
      { name: ':authority', value: 'alpha.test' },
      { name: ':path', value: '/a?b=1' },
      { name: 'user-agent', value: 'wb' },
      { name: 'accept', value: '*/*' }
    ])
    expect(r.body.length).toBe(0)
    expect(r.findings.map((f) => f.code)).toEqual(expect.arrayContaining(['H2_HOST_TO_AUTHORITY', 'H2_LOWERCASE']))
  })

  it('drops Connection, Keep-Alive, Proxy-Connection, Transfer-Encoding, Upgrade and fields Connection names, one finding each', () => {
    const text = 'POST /up HTTP/1.1\r\nHost: h\r\nConnection: keep-alive, X-Hop\r\nKeep-Alive: timeout=5\r\nProxy-Connection: x\r\nUpgrade: h2c\r\nX-Hop: 1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n'
    const r = h1ToH2(enc(text), opts)
    const names = r.headers.map((h) => h.name)
    for (const gone of ['connection', 'keep-alive', 'proxy-connection', 'upgrade', 'x-hop', 'transfer-encoding']) expect(names).not.toContain(gone)
    expect(r.findings.filter((f) => f.code === 'H2_DROPPED_FIELD')).toHaveLength(6)
    expect(dec(r.body)).toBe('hello world')
    expect(r.findings.some((f) => f.code === 'H2_DECHUNKED')).toBe(true)
  })

  it('keeps TE only as "trailers"', () => {
    const keep = h1ToH2(enc('GET / HTTP/1.1\r\nHost: h\r\nTE: gzip, trailers\r\n\r\n'), opts)
    expect(keep.headers).toContainEqual({ name: 'te', value: 'trailers' })
    const drop = h1ToH2(enc('GET / HTTP/1.1\r\nHost: h\r\nTE: gzip\r\n\r\n'), opts)
    expect(drop.headers.map((h) => h.name)).not.toContain('te')
    expect(drop.findings.find((f) => f.code === 'H2_TE')?.message).toMatch(/no TE field/)
  })

  it('takes the body from Content-Length, and the rest (with a content-length added) when there is none', () => {
    const cl = h1ToH2(enc('POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabcdef'), opts)
    expect(dec(cl.body)).toBe('abc')
    expect(cl.headers).toContainEqual({ name: 'content-length', value: '3' })
    expect(cl.findings.some((f) => f.code === 'H2_EXTRA_BYTES')).toBe(true)
    const rest = h1ToH2(enc('PUT / HTTP/1.1\r\nHost: h\r\n\r\nrest of it'), opts)
    expect(dec(rest.body)).toBe('rest of it')
    expect(rest.headers).toContainEqual({ name: 'content-length', value: '10' })
  })

  it('uses the target as :authority without Host, and the absolute form’s scheme and authority', () => {
    const none = h1ToH2(enc('GET / HTTP/1.1\r\n\r\n'), opts)
    expect(none.headers).toContainEqual({ name: ':authority', value: 'example.test:443' })
    expect(none.findings.some((f) => f.code === 'H2_NO_HOST' && f.severity === 'warning')).toBe(true)
    const abs = h1ToH2(enc('GET http://beta.test:8080/x HTTP/1.1\r\nHost: beta.test:8080\r\n\r\n'), opts)
    expect(abs.headers.slice(0, 4)).toEqual([
      { name: ':method', value: 'GET' },
      { name: ':scheme', value: 'http' },
      { name: ':authority', value: 'beta.test:8080' },
      { name: ':path', value: '/x' }
    ])
  })

  it('reads bare LF line endings leniently and sends CONNECT with :authority only', () => {
    const lf = h1ToH2(enc('DELETE /item/7 HTTP/1.1\nHost: h\n\n'), opts)
    expect(lf.method).toBe('DELETE')
    expect(lf.headers).toContainEqual({ name: ':path', value: '/item/7' })
    const c = h1ToH2(enc('CONNECT db.test:5432 HTTP/1.1\r\nHost: db.test:5432\r\n\r\n'), opts)
    expect(c.headers.filter((h) => h.name.startsWith(':'))).toEqual([
      { name: ':method', value: 'CONNECT' },
      { name: ':authority', value: 'db.test:5432' }
    ])
  })
})
