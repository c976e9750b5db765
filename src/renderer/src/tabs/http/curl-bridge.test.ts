// Copy as curl then Import curl must give back the same target and the same request bytes, and a forced address
// must survive as --resolve (the vhost case) or --connect-to (a Host that is not the target).
import { describe, expect, it } from 'vitest'
import { curlToRequest, requestToCurl, type BridgeTarget } from './curl-bridge'

const T: BridgeTarget = { host: 'alpha.test', port: '8080', tls: false, address: '127.0.0.1', insecure: false, protocol: 'http1.1' }

describe('curl bridge', () => {
  it('round-trips a request with a forced address, custom headers and a body', () => {
    const raw = 'POST /form?x=1 HTTP/1.1\r\nHost: alpha.test:8080\r\nX-Test: it\'s "quoted"\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello'
    const { command } = requestToCurl(T, raw)
    expect(command).toContain("--resolve alpha.test:8080:127.0.0.1")
    expect(command).toContain('-H user-agent:')
    const back = curlToRequest(command)
    expect(back.raw).toBe(raw)
    expect(back.target).toEqual(T)
  })

  it('round-trips TLS with verification off, HTTP/2 and a Host that is not the target', () => {
    const t: BridgeTarget = { host: '127.0.0.1', port: '8443', tls: true, address: '', insecure: true, protocol: 'http2' }
    const raw = 'GET / HTTP/1.1\r\nHost: beta.test\r\nAccept: */*\r\nUser-Agent: me\r\n\r\n'
    const { command } = requestToCurl(t, raw)
    expect(command).toMatch(/--connect-to beta\.test:443:127\.0\.0\.1:8443/)
    const back = curlToRequest(command)
    expect(back.raw).toBe(raw)
    expect(back.target).toMatchObject({ host: 'beta.test', address: '127.0.0.1', port: '8443', tls: true, insecure: true, protocol: 'http2' })
  })

  it('imports what curl would send: Host, User-Agent and Accept added, -u built into Basic, findings kept', () => {
    const r = curlToRequest("curl -u 'me:pw' -L http://example.test/a")
    expect(r.raw).toBe('GET /a HTTP/1.1\r\nHost: example.test\r\nUser-Agent: curl\r\nAccept: */*\r\nAuthorization: Basic bWU6cHc=\r\n\r\n')
    expect(r.findings.map((f) => f.code)).toEqual(expect.arrayContaining(['BASIC_OVER_HTTP', 'CURL_NO_FOLLOW']))
    expect(curlToRequest('curl ftp://x/').findings.map((f) => f.code)).toContain('CURL_NOT_HTTP')
  })

  it('says when the request has bytes curl cannot reproduce', () => {
    expect(requestToCurl(T, 'GET / HTTP/1.1\nHost: a\n\n').notes.join(' ')).toMatch(/CRLF/)
  })
})
