// Status codes and header explanations must be right (RFC 9110 §15): the seeds swap 301/302 and call 501 a timeout.
import { describe, expect, it } from 'vitest'
import { HEADER_WORDS, headerWords } from './header-words'
import { STATUS_CODES, statusClass, statusInfo } from './status'

describe('status codes', () => {
  it('names the codes RFC 9110 defines correctly', () => {
    expect(statusInfo(301)).toMatchObject({ reason: 'Moved Permanently', rfc: 'RFC 9110 §15.4.2', class: 'redirection' })
    expect(statusInfo(302)).toMatchObject({ reason: 'Found', rfc: 'RFC 9110 §15.4.3' })
    expect(statusInfo(501)).toMatchObject({ reason: 'Not Implemented', rfc: 'RFC 9110 §15.6.2' })
    expect(statusInfo(501)!.words).toMatch(/^The server does not support the functionality/)
    expect(statusInfo(413)!.reason).toBe('Content Too Large')
    expect(statusInfo(422)!.reason).toBe('Unprocessable Content')
    expect(statusInfo(418)).toMatchObject({ reason: '(Unused)', rfc: 'RFC 9110 §15.5.19' })
  })

  it('has every RFC 9110 §15 code and the common others, each in its class with words and a source', () => {
    const rfc9110 = [100, 101, 200, 201, 202, 203, 204, 205, 206, 300, 301, 302, 303, 304, 305, 306, 307, 308, 400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 418, 421, 422, 426, 500, 501, 502, 503, 504, 505]
    for (const code of rfc9110) expect(STATUS_CODES.get(code)?.rfc, String(code)).toMatch(/^RFC 9110 §15\.\d\.\d+$/)
    for (const code of [103, 207, 208, 226, 425, 428, 429, 431, 451, 506, 507, 508, 511]) expect(STATUS_CODES.has(code), String(code)).toBe(true)
    for (const s of STATUS_CODES.values()) {
      expect(s.class).toBe(statusClass(s.code))
      expect(s.words.length).toBeGreaterThan(10)
      expect(s.rfc).toMatch(/^RFC \d+ §/)
    }
  })

  it('explains an unregistered code by its class and rejects codes outside 100–599', () => {
    expect(statusInfo(299)).toMatchObject({ class: 'successful', reason: 'Unregistered' })
    expect(statusInfo(403)!.words).toMatch(/may repeat the request with new or different credentials/)
    expect(statusInfo(99)).toBeUndefined()
    expect(statusInfo(600)).toBeUndefined()
  })
})

describe('header words', () => {
  it('explains about sixty common headers, case-insensitively, each with a source', () => {
    expect(HEADER_WORDS.length).toBeGreaterThanOrEqual(60)
    expect(new Set(HEADER_WORDS.map((h) => h.name.toLowerCase())).size).toBe(HEADER_WORDS.length)
    for (const name of ['Host', 'Content-Type', 'Content-Length', 'Transfer-Encoding', 'Connection', 'Keep-Alive', 'Cache-Control', 'ETag', 'Last-Modified', 'Location', 'Set-Cookie', 'Cookie', 'Authorization', 'WWW-Authenticate', 'Strict-Transport-Security', 'Content-Security-Policy', 'Alt-Svc', 'Server-Timing', 'Vary', 'Accept', 'Accept-Encoding', 'Content-Encoding', 'Retry-After', 'Access-Control-Allow-Origin']) {
      expect(headerWords(name.toUpperCase()), name).toBeDefined()
    }
    expect(headerWords('host')).toMatchObject({ rfc: 'RFC 9110 §7.2', direction: 'request' })
    expect(headerWords('transfer-encoding')!.rfc).toBe('RFC 9112 §6.1')
    expect(headerWords('Authorization')!.words).toMatch(/not encryption/)
    expect(headerWords('X-Unknown')).toBeUndefined()
    expect(headerWords('Access-Control-Request-Method')!.rfc).toBe('Fetch Standard §3.2.2')
    expect(headerWords('Cache-Control')!.words).toMatch(/immutable \(RFC 8246\)/)
  })
})
