// HAR 1.2 export of real exchanges with Debian's nginx (gzip, Set-Cookie, HTTPS, a POST): every field the HAR 1.2 spec
// requires is there with the right type, and the sizes and timings are the ones really measured.
import type { Entry, Har } from 'har-format'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { HttpRawInput } from '../../shared/contract/http'
import { toHar, type HarSource } from '../../shared/http/har'
import { startNginx, type NginxServer } from '../testing/nginx'
import { runRaw } from './raw-job'

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/

/** The HAR 1.2 spec's required fields and types (what HAR viewers' validators check), as a list of problems. */
function harProblems(har: Har): string[] {
  const p: string[] = []
  const need = (ok: boolean, what: string): void => void (ok || p.push(what))
  const str = (v: unknown): boolean => typeof v === 'string'
  const num = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v)
  const pairs = (v: unknown, where: string): void => {
    need(Array.isArray(v), `${where} is an array`)
    for (const x of (v as { name: unknown; value: unknown }[]) ?? []) need(str(x.name) && str(x.value), `${where}[] has name and value strings`)
  }
  need(har.log.version === '1.2', 'log.version is 1.2')
  need(str(har.log.creator.name) && str(har.log.creator.version), 'log.creator has name and version')
  need(Array.isArray(har.log.entries), 'log.entries is an array')
  har.log.entries.forEach((e: Entry, i) => {
    const at = `entries[${i}]`
    need(ISO.test(e.startedDateTime), `${at}.startedDateTime is ISO 8601`)
    need(num(e.time) && e.time >= 0, `${at}.time is a non-negative number`)
    need(typeof e.cache === 'object' && e.cache !== null, `${at}.cache is an object`)
    const q = e.request
    need(str(q.method) && q.method.length > 0 && str(q.httpVersion), `${at}.request method and httpVersion`)
    need(str(q.url) && URL.canParse(q.url), `${at}.request.url is absolute`)
    pairs(q.cookies, `${at}.request.cookies`)
    pairs(q.headers, `${at}.request.headers`)
    pairs(q.queryString, `${at}.request.queryString`)
    need(num(q.headersSize) && num(q.bodySize), `${at}.request sizes are numbers`)
    if (q.postData) need(str(q.postData.mimeType) && (str(q.postData.text) || Array.isArray(q.postData.params)), `${at}.request.postData has mimeType and text or params`)
    const r = e.response
    need(num(r.status) && str(r.statusText) && str(r.httpVersion), `${at}.response status, statusText, httpVersion`)
    pairs(r.cookies, `${at}.response.cookies`)
    pairs(r.headers, `${at}.response.headers`)
    need(num(r.content.size) && str(r.content.mimeType), `${at}.response.content size and mimeType`)
    need(r.content.encoding === undefined || r.content.encoding === 'base64', `${at}.response.content.encoding`)
    need(str(r.redirectURL) && num(r.headersSize) && num(r.bodySize), `${at}.response redirectURL and sizes`)
    const t = e.timings
    for (const k of ['send', 'wait', 'receive'] as const) need(num(t[k]) && t[k]! >= 0, `${at}.timings.${k} is required and >= 0`)
    for (const k of ['blocked', 'dns', 'connect', 'ssl'] as const) need(t[k] === undefined || (num(t[k]) && t[k]! >= -1), `${at}.timings.${k} is -1 or more`)
    if (t.ssl !== undefined && t.ssl >= 0) need(t.connect! >= t.ssl, `${at}.timings.connect includes ssl`)
  })
  need(JSON.stringify(JSON.parse(JSON.stringify(har))) === JSON.stringify(har), 'the log survives JSON')
  return p
}

describe('HAR 1.2 export of nginx exchanges', () => {
  let ng: NginxServer
  let har: Har
  const sources: HarSource[] = []
  const send = async (request: string, tls = false): Promise<void> => {
    const input: HttpRawInput = { target: { host: '127.0.0.1', port: tls ? ng.httpsPort : ng.httpPort, tls, ...(tls ? { caPem: ng.caPem, alpn: ['http/1.1'] } : {}) }, requestBase64: Buffer.from(request, 'latin1').toString('base64') }
    const startedAt = Date.now()
    sources.push({ target: { host: '127.0.0.1', port: input.target.port, tls }, result: await runRaw(input), startedAt })
  }
  beforeAll(async () => {
    ng = await startNginx({ bigFileMiB: 0.01 })
    await send('GET /text.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n')
    await send('GET /cookie?x=1&y=two HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: a=1; b=2\r\nConnection: close\r\n\r\n')
    await send('GET /old HTTP/1.1\r\nHost: alpha.test\r\nConnection: close\r\n\r\n', true)
    await send('POST /new HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 7\r\nConnection: close\r\n\r\na=1&b=2')
    har = toHar(sources, { version: '9.9.9' })
  }, 20_000)
  afterAll(() => ng?.stop())

  it('has every field HAR 1.2 requires, with the right types', () => {
    expect(harProblems(har)).toEqual([])
    expect(har.log.creator).toEqual({ name: 'Wirebench', version: '9.9.9' })
    expect(har.log.entries).toHaveLength(4)
  })

  it('gives the exact head size, the gzip body decoded, and the bytes on the wire', () => {
    const [e, s] = [har.log.entries[0]!, sources[0]!]
    expect(e.request.url).toBe('http://127.0.0.1/text.txt')
    expect(e.request.headersSize).toBe(s.result.request.raw.length)
    expect(e.request.bodySize).toBe(0)
    expect(e.response.status).toBe(200)
    expect(e.response.content.mimeType).toBe('text/plain')
    expect(e.response.content.size).toBe('default '.repeat(20_000).length)
    expect(e.response.content.text).toBe('default '.repeat(20_000))
    const rawHead = Buffer.from(s.result.response.rawBase64, 'base64').toString('latin1')
    expect(e.response.headersSize).toBe(rawHead.indexOf('\r\n\r\n') + 4)
    // bodySize is the payload as received (chunk framing removed, gzip kept): size - compression, as HAR 1.2 reads.
    expect(e.response.headersSize + e.response.bodySize).toBeLessThanOrEqual(s.result.response.rawTotalBytes)
    expect(e.response.content.size - e.response.content.compression!).toBe(e.response.bodySize)
    expect(e.response.bodySize).toBeLessThan(e.response.content.size / 10)
    expect(e.response.content.compression).toBeGreaterThan(100_000)
    expect(e.timings.dns).toBe(-1)
    expect(e.timings.ssl).toBe(-1)
    expect(e.timings.connect).toBeGreaterThanOrEqual(0)
    expect(Math.abs(e.time - s.result.timings.totalMs)).toBeLessThan(2)
    expect(e.serverIPAddress).toBe('127.0.0.1')
    expect(e.connection).toBe(String(s.result.local.port))
    expect(e.startedDateTime).toBe(new Date(s.startedAt).toISOString())
  })

  it('lists the query, the Cookie sent and the Set-Cookie received', () => {
    const e = har.log.entries[1]!
    expect(e.request.queryString).toEqual([{ name: 'x', value: '1' }, { name: 'y', value: 'two' }])
    expect(e.request.cookies).toEqual([{ name: 'a', value: '1' }, { name: 'b', value: '2' }])
    expect(e.response.cookies.map((c) => [c.name, c.value, c.path, c.httpOnly, c.secure])).toEqual([['session', 's3cr3t', '/', true, false], ['theme', 'dark', '/', false, true]])
    const theme = e.response.cookies[1]!
    expect(Date.parse(theme.expires!) - sources[1]!.startedAt).toBe(3_600_000)
    expect(e.response.cookies[0]!.expires).toBeUndefined()
  })

  it('over HTTPS: ssl timed inside connect, the redirect resolved against the URL', () => {
    const e = har.log.entries[2]!
    expect(e.request.url).toBe('https://alpha.test/old')
    expect(e.response.status).toBe(301)
    // nginx writes an absolute Location with its own port (port_in_redirect).
    expect(e.response.redirectURL).toBe(`https://alpha.test:${ng.httpsPort}/new`)
    expect(e.timings.ssl).toBeGreaterThan(0)
    expect(e.timings.connect).toBeGreaterThan(e.timings.ssl!)
    expect(e._tls).toMatchObject({ alpn: 'http/1.1' })
  })

  it('keeps a POST body as postData with its size', () => {
    const e = har.log.entries[3]!
    expect(e.request.method).toBe('POST')
    expect(e.request.postData).toEqual({ mimeType: 'application/x-www-form-urlencoded', text: 'a=1&b=2' })
    expect(e.request.bodySize).toBe(7)
    expect(e.request.headersSize).toBe(sources[3]!.result.request.raw.length - 7)
  })
})
