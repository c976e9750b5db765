// HAR 1.2 export (http://www.softwareishard.com/blog/har-12-spec/) of what was really sent and received: the exact
// request bytes, the response as it came (sizes on the wire, the body decoded), and the socket's own timings, so a
// request made in Wirebench opens in a browser's HAR viewer beside the ones the browser made.
import type { Cookie, Entry, Har, Header, PostData, Timings } from 'har-format'
import { fromBase64 } from '../bytes'
import type { HttpRawResult } from '../contract/http'
import { parseSetCookie } from './cookies'
import { parseHttp1 } from './message'

export interface HarTarget { host: string; port: number; tls?: boolean }

export interface HarSource {
  /** Where the request went (the contract's target): the URL's scheme and, without a Host field, its authority. */
  target?: HarTarget
  /** Or the http.raw input itself, whose target is used. */
  input?: { target: HarTarget }
  result: HttpRawResult
  /** When the request started, ms since 1970. */
  startedAt: number
}

/** The URL a request is for: absolute-form as typed, else the scheme from TLS, the authority from Host (or the target). */
export function requestUrlOf(requestTarget: string, hostField: string | undefined, t: { host: string; port: number; tls?: boolean }): string | null {
  try {
    if (/^https?:\/\//i.test(requestTarget)) return new URL(requestTarget).href
    const scheme = t.tls ? 'https' : 'http'
    const bare = t.host.includes(':') && !t.host.startsWith('[') ? `[${t.host}]` : t.host
    const authority = hostField || `${bare}${t.port === (t.tls ? 443 : 80) ? '' : `:${t.port}`}`
    return new URL(`${scheme}://${authority}${requestTarget.startsWith('/') ? requestTarget : '/'}`).href
  } catch {
    return null
  }
}

const ms = (n: number): number => Math.round(n * 1000) / 1000
const header = (hs: readonly [string, string][], name: string): string | undefined => hs.find(([n]) => n.toLowerCase() === name)?.[1]
const harHeaders = (hs: readonly [string, string][]): Header[] => hs.map(([name, value]) => ({ name, value }))

/** The request's bytes as sent: `raw` is their UTF-8 text unless `rawBase64` holds them. */
function sentBytes(r: HttpRawResult): Uint8Array {
  return r.request.rawBase64 !== undefined ? fromBase64(r.request.rawBase64) : new TextEncoder().encode(r.request.raw)
}

function requestCookies(hs: readonly [string, string][]): Cookie[] {
  return hs
    .filter(([n]) => n.toLowerCase() === 'cookie')
    .flatMap(([, v]) => v.split(';'))
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => (p.includes('=') ? { name: p.slice(0, p.indexOf('=')), value: p.slice(p.indexOf('=') + 1) } : { name: '', value: p }))
}

function responseCookies(hs: readonly [string, string][], startedAt: number): Cookie[] {
  const out: Cookie[] = []
  for (const [n, v] of hs) {
    if (n.toLowerCase() !== 'set-cookie') continue
    const c = parseSetCookie(v).cookie
    if (!c) continue
    const expiry = c.maxAge !== undefined ? startedAt + c.maxAge * 1000 : c.expires
    out.push({
      name: c.name,
      value: c.value,
      ...(c.path ? { path: c.path } : {}),
      ...(c.domain ? { domain: c.domain } : {}),
      ...(expiry !== undefined && Number.isFinite(expiry) && Math.abs(expiry) < 8.64e15 ? { expires: new Date(expiry).toISOString() } : {}),
      httpOnly: c.httpOnly,
      secure: c.secure
    })
  }
  return out
}

/** HAR 1.2: connect includes ssl; -1 for a phase that did not happen; send, wait and receive are always numbers. */
function harTimings(t: HttpRawResult['timings']): Timings {
  const or = (v: number | null): number => (v === null ? -1 : ms(v))
  return {
    blocked: -1,
    dns: or(t.dnsMs),
    connect: t.connectMs === null ? -1 : ms(t.connectMs + (t.tlsMs ?? 0)),
    ssl: or(t.tlsMs),
    send: ms(t.sentMs ?? 0),
    wait: ms(t.firstByteMs ?? 0),
    receive: ms(t.downloadMs ?? 0)
  }
}

/** One exchange as a HAR entry. */
export function harEntry(s: HarSource): Entry {
  const r = s.result
  const h2 = r.http2
  const target: HarTarget = s.target ?? s.input?.target ?? { host: r.remote.address, port: r.remote.port, tls: r.tls !== null }
  const sent = sentBytes(r)
  const req = parseHttp1(sent, { kind: 'request', spans: false })
  const url = requestUrlOf(req.target ?? '/', header(req.headers, 'host'), target) ?? `${target.tls ? 'https' : 'http'}://${target.host}/`
  // The head ends with an empty line (CRLF CRLF, or bare LFs leniently); without one its size is unknown.
  const o = req.bodyOffset
  const reqHeadComplete = o >= 2 && sent[o - 1] === 10 && (sent[o - 2] === 10 || (sent[o - 2] === 13 && sent[o - 3] === 10))
  const reqBody = sent.subarray(req.bodyOffset)
  const contentType = header(req.headers, 'content-type') ?? ''
  const postData: PostData | undefined = reqBody.length ? { mimeType: contentType, text: new TextDecoder().decode(reqBody) } : undefined
  const dataBytes = (dir: 'sent' | 'received'): number => (h2?.frames ?? []).filter((f) => f.dir === dir && f.type === 'DATA').reduce((a, f) => a + f.length, 0)

  // The response head as it came: its size, and where the body starts (interim 1xx heads before it are skipped).
  const raw = fromBase64(r.response.rawBase64)
  let at = 0
  let res = parseHttp1(raw, { kind: 'response', requestMethod: req.method, spans: false, closed: true })
  for (let i = 0; i < 8 && res.status !== undefined && res.status >= 100 && res.status < 200 && res.status !== 101 && res.messageLength; i++) {
    at += res.messageLength
    res = parseHttp1(raw.subarray(at), { kind: 'response', requestMethod: req.method, spans: false, closed: true })
  }
  const headOk = res.startLine !== '' && res.bodyOffset <= raw.length - at && res.status === r.response.status
  const resHeadersSize = h2 ? -1 : headOk ? res.bodyOffset : -1
  // The payload as received (chunk framing removed, content coding kept), so content.size - bodySize = compression.
  const encoded = res.framing === 'content-length' && r.response.complete ? res.contentLength : res.complete ? res.bodyLength : undefined
  const resBodySize = h2 ? dataBytes('received') : encoded !== undefined && headOk ? encoded : headOk ? r.response.rawTotalBytes - at - res.bodyOffset : -1
  const mimeType = header(r.response.headers, 'content-type') ?? 'x-unknown'
  const shortBody = r.response.bodyShownBytes < r.response.bodyLength
  const location = header(r.response.headers, 'location')
  const timings = harTimings(r.timings)
  return {
    startedDateTime: new Date(s.startedAt).toISOString(),
    // HAR 1.2: the sum of the timings that happened (-1 left out); the socket's own total is kept as _totalMs.
    time: ms(Object.entries(timings).filter(([k, v]) => k !== 'ssl' && typeof v === 'number' && v >= 0).reduce((a, [, v]) => a + (v as number), 0)),
    request: {
      method: req.method ?? '',
      url,
      httpVersion: h2 ? 'HTTP/2' : req.version,
      cookies: requestCookies(req.headers),
      headers: harHeaders(req.headers),
      queryString: [...new URL(url).searchParams].map(([name, value]) => ({ name, value })),
      ...(postData ? { postData } : {}),
      headersSize: h2 || !reqHeadComplete ? -1 : req.bodyOffset,
      bodySize: h2 ? dataBytes('sent') : reqBody.length
    },
    response: {
      status: r.response.status,
      // HTTP/2 has no reason phrase (RFC 9113 §8.3.2): RFC 9110's words stand in, as browsers' exports do.
      statusText: h2 ? r.response.statusWords : r.response.reason,
      // HTTP/2 has no version in its messages; HAR viewers (and browsers' exports) say HTTP/2.
      httpVersion: h2 ? 'HTTP/2' : r.response.httpVersion,
      cookies: responseCookies(r.response.headers, s.startedAt),
      headers: harHeaders(r.response.headers),
      content: {
        size: r.response.bodyLength,
        ...(r.response.decoded.length && resBodySize >= 0 ? { compression: r.response.bodyLength - resBodySize } : {}),
        mimeType,
        ...(r.response.body !== undefined ? { text: r.response.body } : r.response.bodyBase64 ? { text: r.response.bodyBase64, encoding: 'base64' } : {}),
        ...(shortBody ? { comment: `Only the first ${r.response.bodyShownBytes} of ${r.response.bodyLength} bytes are included.` } : {})
      },
      redirectURL: location ? (() => { try { return new URL(location, url).href } catch { return location } })() : '',
      headersSize: resHeadersSize,
      bodySize: resBodySize
    },
    cache: {},
    timings,
    serverIPAddress: r.remote.address,
    connection: String(r.local.port),
    _totalMs: r.timings.totalMs,
    ...(r.tls ? { _tls: { version: r.tls.version, cipher: r.tls.cipher, alpn: r.tls.alpn } } : {})
  }
}

/** A HAR 1.2 log of the given exchanges, oldest first. */
export function toHar(entries: readonly HarSource[], creator: { name?: string; version?: string } = {}): Har {
  return {
    log: {
      version: '1.2',
      creator: { name: creator.name ?? 'Wirebench', version: creator.version ?? 'unknown' },
      entries: [...entries].sort((a, b) => a.startedAt - b.startedAt).map(harEntry)
    }
  }
}
