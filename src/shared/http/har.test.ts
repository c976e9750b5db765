// HAR 1.2 entries from results built by hand: the cases a live nginx test does not reach (a reused connection, an
// HTTP/2 exchange, a binary body, a cut-short body). The live exchanges are in src/main/http/har-nginx.test.ts.
import { describe, expect, it } from 'vitest'
import type { HttpRawResult } from '../contract/http'
import { harEntry, requestUrlOf, toHar } from './har'

const b64 = (t: string): string => btoa(t)

function result(over: Partial<HttpRawResult> = {}, response: Partial<HttpRawResult['response']> = {}): HttpRawResult {
  const head = 'HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: 4\r\n\r\n'
  return {
    request: { raw: 'GET /i.png HTTP/1.1\r\nHost: img.test\r\n\r\n', bytesSent: 39 },
    response: { httpVersion: 'HTTP/1.1', status: 200, reason: 'OK', statusWords: 'OK', headers: [['Content-Type', 'image/png'], ['Content-Length', '4']], bodyLength: 4, bodyBase64: b64('\x89PNG'), bodyShownBytes: 4, decoded: [], complete: true, rawBase64: b64(head + '\x89PNG'), rawTotalBytes: head.length + 4, ...response },
    timings: { dnsMs: null, connectMs: null, tlsMs: null, sentMs: 0.1, firstByteMs: 1.5, downloadMs: 0.2, totalMs: 1.8 },
    remote: { address: '::1', port: 8443 },
    local: { address: '::1', port: 50000 },
    tls: null,
    findings: [],
    ...over
  }
}

describe('HAR entries', () => {
  it('follows the request-target and Host for the URL, like a browser would show it', () => {
    expect(requestUrlOf('/a?b=1', 'site.test', { host: '127.0.0.1', port: 8443, tls: true })).toBe('https://site.test/a?b=1')
    expect(requestUrlOf('/', undefined, { host: '::1', port: 8080 })).toBe('http://[::1]:8080/')
    expect(requestUrlOf('*', undefined, { host: 'a.test', port: 443, tls: true })).toBe('https://a.test/')
    expect(requestUrlOf('http://p.test/x', 'other', { host: 'a.test', port: 80 })).toBe('http://p.test/x')
  })

  it('a reused connection: no dns or connect (-1), time is the sum of what happened; binary body as base64', () => {
    const e = harEntry({ target: { host: '::1', port: 8080 }, result: result(), startedAt: 0 })
    expect(e.timings).toEqual({ blocked: -1, dns: -1, connect: -1, ssl: -1, send: 0.1, wait: 1.5, receive: 0.2 })
    expect(e.time).toBe(1.8)
    expect(e.response.content).toEqual({ size: 4, mimeType: 'image/png', text: b64('\x89PNG'), encoding: 'base64' })
    expect(e.request.headersSize).toBe(39)
    expect(e.response.headersSize + e.response.bodySize).toBe(result().response.rawTotalBytes)
    expect(e.startedDateTime).toBe('1970-01-01T00:00:00.000Z')
  })

  it('an unfinished request head or a body cut short says so instead of guessing', () => {
    const e = harEntry({ target: { host: 'a.test', port: 80 }, result: result({ request: { raw: 'GET / HTTP/1.1\r\nHost: a', bytesSent: 24 } }, { bodyLength: 10_000_000, bodyShownBytes: 4 }), startedAt: 0 })
    expect(e.request.headersSize).toBe(-1)
    expect(e.response.content.comment).toMatch(/first 4 of 10000000 bytes/)
  })

  it('HTTP/2: header sizes unknown (-1, HPACK), body sizes from the DATA frames', () => {
    const frame = (dir: 'sent' | 'received', type: string, length: number) => ({ dir, atMs: 0, type, typeCode: 0, flags: [], streamId: 1, length, rawBase64: '', summary: '' })
    const r = result({ http2: { frames: [frame('sent', 'HEADERS', 30), frame('received', 'HEADERS', 20), frame('received', 'DATA', 4), frame('received', 'DATA', 0)], dynamicTable: { sent: [], received: [], sentSize: 0, receivedSize: 0 }, settings: {}, streamId: 1 } }, { httpVersion: 'HTTP/2', reason: '', status: 302, statusWords: 'Found' })
    const e = toHar([{ input: { target: { host: 'img.test', port: 443, tls: true } }, result: r, startedAt: 5 }]).log.entries[0]!
    expect([e.request.httpVersion, e.request.headersSize, e.request.bodySize]).toEqual(['HTTP/2', -1, 0])
    expect([e.response.headersSize, e.response.bodySize]).toEqual([-1, 4])
    // HTTP/2 has no reason phrase: HAR's statusText carries RFC 9110's words.
    expect(e.response.statusText).toBe('Found')
    expect(e.request.url).toBe('https://img.test/i.png')
  })
})
