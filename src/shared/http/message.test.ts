// The HTTP/1.1 reader against RFC 9112's examples, the request-smuggling shapes a strict parser rejects, streaming
// use by a socket reader, and hostile input (random bytes, endless headers, a 10 MB body read without a copy).
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { WirebenchError } from '../errors'
import { dissect } from '../dissect/table'
import { spanEnd, type Span } from '../dissect/span'
import { http1Body, http1Needs, parseHttp1, type Http1Message } from './message'

const enc = (s: string): Uint8Array => new TextEncoder().encode(s)
const codes = (m: Http1Message): string[] => m.findings.map((f) => f.code)
const text = (b: Uint8Array): string => new TextDecoder().decode(b)

// RFC 9112 §2.1 (the example exchange, with the body the response announces).
const RFC_REQUEST = 'GET /hello.txt HTTP/1.1\r\nUser-Agent: curl/7.64.1\r\nHost: www.example.com\r\nAccept-Language: en, mi\r\n\r\n'
const RFC_BODY = 'Hello World! My content includes a trailing CRLF.\r\n'
const RFC_RESPONSE =
  'HTTP/1.1 200 OK\r\nDate: Mon, 27 Jul 2009 12:28:53 GMT\r\nServer: Apache\r\nLast-Modified: Wed, 22 Jul 2009 19:15:56 GMT\r\n' +
  'ETag: "34aa387-d-1568eb00"\r\nAccept-Ranges: bytes\r\nContent-Length: 51\r\nVary: Accept-Encoding\r\nContent-Type: text/plain\r\n\r\n' +
  RFC_BODY

describe('RFC 9112 examples', () => {
  it('reads the example request: method, target, version and fields in order', () => {
    const m = parseHttp1(enc(RFC_REQUEST))
    expect(m).toMatchObject({ kind: 'request', method: 'GET', target: '/hello.txt', version: 'HTTP/1.1', framing: 'none', complete: true, bodyLength: 0 })
    expect(m.headers).toEqual([['User-Agent', 'curl/7.64.1'], ['Host', 'www.example.com'], ['Accept-Language', 'en, mi']])
    expect(m.messageLength).toBe(RFC_REQUEST.length)
    expect(m.findings).toEqual([])
    expect(m.persistent).toBe(true)
  })

  it('reads the example response with its 51-byte body and spans that point at the right bytes', () => {
    const bytes = enc(RFC_RESPONSE)
    const m = parseHttp1(bytes)
    expect(RFC_BODY.length).toBe(51)
    expect(m).toMatchObject({ kind: 'response', version: 'HTTP/1.1', status: 200, reason: 'OK', framing: 'content-length', contentLength: 51, complete: true, bodyLength: 51 })
    expect(text(http1Body(bytes, m))).toBe(RFC_BODY)
    expect(m.findings).toEqual([])
    const status = m.spans[0]!
    expect(status.name).toBe('Status line')
    expect(status.children!.map((c) => text(bytes.subarray(c.offset, spanEnd(c))))).toEqual(['HTTP/1.1', '200', 'OK'])
    const fields = m.spans[1]!.children!
    const etag = fields.find((s) => s.name === 'ETag')!
    expect(text(bytes.subarray(etag.offset, spanEnd(etag)))).toBe('ETag: "34aa387-d-1568eb00"\r\n')
    expect(etag.explain).toContain('RFC 9110 §8.8.3')
    expect(fields[fields.length - 1]!.name).toBe('End of section')
    expect(m.spans[2]).toMatchObject({ name: 'Body', offset: bytes.length - 51, length: 51 })
  })

  it('reads a chunked response with an extension and a trailer', () => {
    const raw = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: Expires\r\n\r\n4;name=value\r\nWiki\r\n5\r\npedia\r\n0\r\nExpires: Wed, 21 Oct 2015 07:28:00 GMT\r\n\r\n'
    const bytes = enc(raw)
    const m = parseHttp1(bytes)
    expect(m).toMatchObject({ framing: 'chunked', complete: true, bodyLength: 9, chunkCount: 3, messageLength: raw.length })
    expect(text(http1Body(bytes, m))).toBe('Wikipedia')
    expect(m.trailers).toEqual([['Expires', 'Wed, 21 Oct 2015 07:28:00 GMT']])
    expect(m.chunks![0]!.extensions).toEqual([{ name: 'name', value: 'value' }])
    expect(codes(m)).toEqual(['CHUNK_EXTENSION'])
    const body = m.spans[2]!
    expect(body.children!.map((c) => c.name)).toEqual(['Chunk', 'Chunk', 'Last chunk', 'Trailer section'])
    expect(body.children![0]!.children![0]).toMatchObject({ name: 'Chunk size', value: '0x4 = 4; name' })
  })
})

describe('framing (RFC 9112 §6.3)', () => {
  it('a response to HEAD, a 204 and a 304 end after their headers whatever Content-Length says', () => {
    const head = parseHttp1(enc('HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n'), { requestMethod: 'HEAD' })
    expect(head).toMatchObject({ framing: 'none', complete: true, bodyLength: 0 })
    expect(parseHttp1(enc('HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n'))).toMatchObject({ framing: 'none', complete: true })
    expect(codes(parseHttp1(enc('HTTP/1.1 204 No Content\r\nContent-Length: 3\r\n\r\n')))).toContain('LENGTH_NOT_ALLOWED')
  })

  it('a response without a length runs until close; a request without one has no body', () => {
    const bytes = enc('HTTP/1.0 200 OK\r\n\r\nsome body')
    expect(parseHttp1(bytes)).toMatchObject({ framing: 'close', complete: false, bodyLength: 9 })
    expect(http1Needs(bytes)).toEqual({ state: 'until-close' })
    expect(parseHttp1(bytes, { closed: true })).toMatchObject({ complete: true, messageLength: bytes.length })
    expect(parseHttp1(enc('POST / HTTP/1.1\r\nHost: a\r\n\r\n'))).toMatchObject({ framing: 'none', complete: true })
  })

  it('a 2xx answer to CONNECT is a tunnel: what follows is not body', () => {
    const m = parseHttp1(enc('HTTP/1.1 200 Connection established\r\n\r\n\x16\x03\x01'), { requestMethod: 'CONNECT' })
    expect(m).toMatchObject({ framing: 'tunnel', complete: true, messageLength: 39 })
  })

  it('says whether the connection carries another message (RFC 9112 §9.3)', () => {
    expect(parseHttp1(enc('HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')).persistent).toBe(false)
    expect(parseHttp1(enc('HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n')).persistent).toBe(false)
    expect(parseHttp1(enc('HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n')).persistent).toBe(true)
    expect(parseHttp1(enc('HTTP/1.1 200 OK\r\n\r\nbody'), { closed: true }).persistent).toBe(false)
  })

  it('an interim 100 or 101 ends after its header section; what follows is the next response or the new protocol', () => {
    const m = parseHttp1(enc('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n\x81\x05hello'))
    expect(m).toMatchObject({ framing: 'none', complete: true, messageLength: 77 })
    expect(m.findings).toEqual([])
    expect(http1Needs(enc('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n'))).toEqual({ state: 'complete', length: 25 })
  })

  it('pipelined requests: the first message ends where the second begins', () => {
    const one = 'POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc'
    const m = parseHttp1(enc(one + 'GET /b HTTP/1.1\r\nHost: x\r\n\r\n'))
    expect(m.messageLength).toBe(one.length)
    expect(codes(m)).toContain('EXTRA_BYTES')
  })
})

describe('what a strict parser rejects', () => {
  const request = (head: string, body = ''): Http1Message => parseHttp1(enc(`POST / HTTP/1.1\r\nHost: example.com\r\n${head}\r\n${body}`))

  it('CL.TE: both Content-Length and Transfer-Encoding — chunked wins and the clash is an error', () => {
    const m = request('Content-Length: 6\r\nTransfer-Encoding: chunked\r\n', '0\r\n\r\nG')
    expect(m.framing).toBe('chunked')
    expect(m.messageLength).toBe(m.bodyOffset + 5)
    expect(m.findings.find((f) => f.code === 'CL_AND_TE')).toMatchObject({ severity: 'error', source: 'RFC 9112 §6.1' })
    expect(codes(m)).toContain('EXTRA_BYTES')
  })

  it('conflicting and duplicate Content-Length', () => {
    expect(request('Content-Length: 5\r\nContent-Length: 6\r\n', 'hello!').findings.find((f) => f.code === 'CONFLICTING_CONTENT_LENGTH')?.severity).toBe('error')
    const dup = request('Content-Length: 5, 5\r\n', 'hello')
    expect(dup).toMatchObject({ contentLength: 5, complete: true })
    expect(codes(dup)).toContain('DUPLICATE_CONTENT_LENGTH')
    const bad = request('Content-Length: +5\r\n', 'hello')
    expect(bad.broken).toBe(true)
    expect(codes(bad)).toContain('INVALID_CONTENT_LENGTH')
    expect(() => http1Needs(enc('POST / HTTP/1.1\r\nContent-Length: 0x10\r\n\r\n'))).toThrow(WirebenchError)
  })

  it('obfuscated Transfer-Encoding values and HTTP/1.0 with Transfer-Encoding', () => {
    expect(codes(request('Transfer-Encoding: xchunked\r\n'))).toEqual(expect.arrayContaining(['UNKNOWN_TRANSFER_CODING', 'TE_NOT_CHUNKED']))
    expect(codes(request('Transfer-Encoding: chunked, chunked\r\n', '0\r\n\r\n'))).toContain('CHUNKED_NOT_LAST')
    expect(request('Transfer-Encoding: Chunked\r\n', '0\r\n\r\n')).toMatchObject({ framing: 'chunked', complete: true })
    expect(codes(parseHttp1(enc('POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n')))).toContain('TE_IN_HTTP10')
  })

  it('whitespace before the colon, obs-fold, bare LF, bare CR, NUL, no colon', () => {
    const ws = request('Transfer-Encoding : chunked\r\n', '0\r\n\r\n')
    expect(ws.headers).toContainEqual(['Transfer-Encoding', 'chunked'])
    expect(ws.findings.find((f) => f.code === 'WHITESPACE_BEFORE_COLON')).toMatchObject({ severity: 'error', source: 'RFC 9112 §5.1' })
    const fold = request('X-Long: one\r\n  two\r\n')
    expect(fold.headers).toContainEqual(['X-Long', 'one two'])
    expect(codes(fold)).toContain('OBS_FOLD')
    const lf = parseHttp1(enc('GET / HTTP/1.1\nHost: a\n\n'))
    expect(lf).toMatchObject({ complete: true, headers: [['Host', 'a']] })
    expect(new Set(codes(lf))).toEqual(new Set(['BARE_LF']))
    expect(codes(request('X-A: a\rb\r\n'))).toContain('BARE_CR')
    expect(codes(request('X-A: a\0b\r\n'))).toContain('NUL_IN_VALUE')
    expect(codes(request('just words\r\n'))).toContain('NO_COLON')
    expect(codes(parseHttp1(enc('GET / HTTP/1.1\r\n Host: a\r\nHost: b\r\n\r\n')))).toContain('WHITESPACE_BEFORE_FIRST_FIELD')
  })

  it('obs-fold: a server must reject or replace it in a request, a user agent must replace it in a response', () => {
    const req = request('X-Long: one\r\n  two\r\n').findings.find((f) => f.code === 'OBS_FOLD')!
    expect(req.severity).toBe('error')
    expect(req.message).toMatch(/server receiving it in a request must either reject the message \(400\) or replace/)
    const res = parseHttp1(enc('HTTP/1.1 200 OK\r\nX-Long: one\r\n  two\r\nContent-Length: 0\r\n\r\n')).findings.find((f) => f.code === 'OBS_FOLD')!
    expect(res.severity).toBe('warning')
    expect(res.message).toMatch(/user agent receiving it in a response must replace each obs-fold/)
  })

  it('a text request line naming HTTP/2.0 is not HTTP/2; other versions are not HTTP/1 syntax', () => {
    const h2 = parseHttp1(enc('GET / HTTP/2.0\r\nHost: a\r\n\r\n')).findings.find((f) => f.code === 'NOT_HTTP1_SYNTAX')
    expect(h2).toMatchObject({ severity: 'warning', source: 'RFC 9113 §8.3' })
    expect(h2!.message).toMatch(/HEADERS frames/)
    expect(parseHttp1(enc('GET / HTTP/1.2\r\nHost: a\r\n\r\n')).findings.find((f) => f.code === 'UNSUPPORTED_VERSION')).toMatchObject({ source: 'RFC 9112 §2.3' })
    expect(codes(parseHttp1(enc('GET / HTTP/1.0\r\n\r\n')))).toEqual([])
  })

  it('dates that are not IMF-fixdate, and a Connection value that is not a list of tokens', () => {
    const res = (h: string): Http1Message => parseHttp1(enc(`HTTP/1.1 200 OK\r\n${h}Content-Length: 0\r\n\r\n`))
    expect(codes(res('Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n'))).toEqual([])
    const asc = res('Date: Sun Nov  6 08:49:37 1994\r\n').findings.find((f) => f.code === 'DATE_OBSOLETE_FORM')!
    expect(asc.message).toMatch(/obsolete asctime form.*sender must generate IMF-fixdate/)
    expect(res('Last-Modified: Sunday, 06-Nov-94 08:49:37 GMT\r\n').findings.find((f) => f.code === 'DATE_OBSOLETE_FORM')!.message).toMatch(/rfc850/)
    expect(res('Date: Wed Jul 4 15:32:03 2022\r\n').findings.find((f) => f.code === 'DATE_OBSOLETE_FORM')!.message).toMatch(/almost the obsolete asctime form/)
    expect(res('Date: 2022-07-04T15:32:03Z\r\n').findings.find((f) => f.code === 'DATE_INVALID')).toMatchObject({ severity: 'warning', source: 'RFC 9110 §5.6.7' })
    expect(res('Expires: 0\r\n').findings.find((f) => f.code === 'DATE_INVALID')!.message).toMatch(/already expired/)
    const conn = request('Connection: Keep-Alive:\r\n').findings.find((f) => f.code === 'CONNECTION_NOT_TOKENS')
    expect(conn).toMatchObject({ severity: 'warning', source: 'RFC 9110 §7.6.1' })
    expect(codes(request('Connection: keep-alive, Upgrade\r\n'))).not.toContain('CONNECTION_NOT_TOKENS')
  })

  it('bad request and status lines, non-token methods, a missing or repeated Host', () => {
    expect(codes(parseHttp1(enc('G(T / HTTP/1.1\r\nHost: a\r\n\r\n')))).toContain('NON_TOKEN_METHOD')
    expect(codes(parseHttp1(enc('GET /a b HTTP/1.1\r\nHost: a\r\n\r\n')))).toContain('BAD_REQUEST_LINE')
    expect(codes(parseHttp1(enc('GET / http/1.1\r\nHost: a\r\n\r\n')))).toContain('BAD_VERSION')
    expect(codes(parseHttp1(enc('GET / HTTP/1.1\r\n\r\n')))).toContain('MISSING_HOST')
    expect(codes(parseHttp1(enc('GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n')))).toContain('DUPLICATE_HOST')
    expect(parseHttp1(enc('HTTP/1.1 2OO OK\r\n\r\n'))).toMatchObject({ status: 0 })
    expect(codes(parseHttp1(enc('HTTP/1.1 2OO OK\r\n\r\n')))).toContain('BAD_STATUS_LINE')
    expect(parseHttp1(enc('HTTP/1.1 404\r\nContent-Length: 0\r\n\r\n'))).toMatchObject({ status: 404, reason: '', complete: true })
  })

  it('invalid chunk sizes make the body unframeable', () => {
    for (const size of ['0x5', 'zz', '-1', 'fffffffffffffffffff', '5 x']) {
      const m = request('Transfer-Encoding: chunked\r\n', `${size}\r\nhello\r\n0\r\n\r\n`)
      expect(m.broken, size).toBe(true)
      expect(() => http1Needs(enc(`POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n${size}\r\nhello\r\n0\r\n\r\n`))).toThrow(/chunk/i)
    }
    expect(codes(request('Transfer-Encoding: chunked\r\n', '3\r\nhello\r\n0\r\n\r\n'))).toContain('CHUNK_NOT_TERMINATED')
  })
})

describe('streaming', () => {
  it('says how many bytes are missing, byte by byte, until the message is complete', () => {
    const raw = enc('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\nHTTP/1.1 200 OK\r\n')
    const end = raw.length - 17
    for (let n = 0; n < end; n++) {
      const need = http1Needs(raw.subarray(0, n))
      expect(need.state, `at ${n}`).toBe('incomplete')
      if (need.state === 'incomplete') expect(n + need.atLeast).toBeLessThanOrEqual(end)
    }
    expect(http1Needs(raw.subarray(0, end))).toEqual({ state: 'complete', length: end })
    expect(http1Needs(raw)).toEqual({ state: 'complete', length: end })
    expect(http1Needs(enc('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc'))).toEqual({ state: 'incomplete', atLeast: 97 })
  })

  it('endless headers stop at the cap with HTTP_HEADER_TOO_LARGE', () => {
    const endless = enc('HTTP/1.1 200 OK\r\n' + 'X-A: b\r\n'.repeat(10_000))
    expect(() => http1Needs(endless)).toThrow(expect.objectContaining({ code: 'HTTP_HEADER_TOO_LARGE' }))
    const longLine = enc('HTTP/1.1 200 OK\r\nX-A: ' + 'a'.repeat(70_000))
    expect(() => http1Needs(longLine)).toThrow(expect.objectContaining({ code: 'HTTP_HEADER_TOO_LARGE' }))
    expect(() => http1Needs(enc('GET / HTTP/1.1\r\n' + 'a:\r\n'.repeat(1001) + '\r\n'))).toThrow(expect.objectContaining({ code: 'HTTP_HEADER_TOO_LARGE' }))
    expect(() => http1Needs(enc('\r\n'.repeat(40_000)))).toThrow(expect.objectContaining({ code: 'HTTP_HEADER_TOO_LARGE' }))
  })

  it('a 10 MB body is read in place: the body is a view of the input, not a copy', () => {
    const head = enc('HTTP/1.1 200 OK\r\nContent-Length: 10485760\r\n\r\n')
    const bytes = new Uint8Array(head.length + 10 * 1024 * 1024)
    bytes.set(head)
    const t = performance.now()
    const m = parseHttp1(bytes)
    const body = http1Body(bytes, m)
    expect(performance.now() - t).toBeLessThan(200)
    expect(m).toMatchObject({ complete: true, bodyLength: 10 * 1024 * 1024 })
    expect(body.buffer).toBe(bytes.buffer)
    expect(body.byteOffset).toBe(head.length)
    const chunked = enc('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n')
    const one = new Uint8Array(chunked.length + 10 * 1024 * 1024 + 20)
    one.set(chunked)
    const tail = enc('a00000\r\n')
    one.set(tail, chunked.length)
    one.set(enc('\r\n0\r\n\r\n'), chunked.length + tail.length + 0xa00000)
    const cm = parseHttp1(one.subarray(0, chunked.length + tail.length + 0xa00000 + 7))
    expect(cm).toMatchObject({ complete: true, bodyLength: 0xa00000 })
    expect(http1Body(one, cm).buffer).toBe(one.buffer)
    expect(() => http1Body(one, cm, 1000)).toThrow(expect.objectContaining({ code: 'HTTP_BODY_TOO_LARGE' }))
  })
})

function within(spans: readonly Span[], from: number, to: number): boolean {
  return spans.every((s) => s.offset >= from && s.length >= 0 && spanEnd(s) <= to && within(s.children ?? [], s.offset, spanEnd(s)))
}

describe('hostile input', () => {
  const pieces = ['HTTP/1.1 200 OK', 'GET / HTTP/1.1', '\r\n', '\n', '\r', ' ', ':', 'Content-Length: 3', 'Content-Length: x', 'Transfer-Encoding: chunked', 'Host: a', '0', '5', 'ff', ';a=b', 'hello', '\t', '\0', 'é']
  const messages = fc.array(fc.constantFrom(...pieces), { maxLength: 40 }).map((parts) => enc(parts.join('')))
  const inputs = fc.oneof(fc.uint8Array({ maxLength: 300 }), messages)

  it('never throws, never hangs, and keeps spans inside the bytes', () => {
    fc.assert(
      fc.property(inputs, fc.constantFrom('auto', 'request', 'response') as fc.Arbitrary<'auto' | 'request' | 'response'>, (bytes, kind) => {
        const m = parseHttp1(bytes, { kind })
        expect(within(m.spans, 0, bytes.length)).toBe(true)
        if (m.complete) expect(m.messageLength).toBeLessThanOrEqual(bytes.length)
        try {
          http1Needs(bytes, { kind })
        } catch (e) {
          expect(e).toBeInstanceOf(WirebenchError)
        }
        const d = dissect('http1', bytes)
        expect(codes({ findings: d.findings } as Http1Message)).not.toContain('DISSECTOR_FAILED')
      }),
      { numRuns: 1500 }
    )
  })
})
