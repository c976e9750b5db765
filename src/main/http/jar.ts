// The session's cookie jar meets the raw request: the URL a browser would see is worked out from the typed bytes and
// the target, the jar's Cookie header goes in just before the blank line (RFC 6265 §5.4), and the response's
// Set-Cookie lines are stored — so what the request pane shows is what was really sent.
import type { HttpCookieReport } from '../../shared/contract/http'
import { cookieHeaderFor, removeExpired, storeSetCookies, type CookieJar } from '../../shared/http/cookies'
import type { Finding } from '../../shared/findings'
import { requestUrlOf } from '../../shared/http/har'

export interface RequestHead {
  method: string
  /** The request-target as typed (origin-form "/p?q", absolute-form "http://h/p", authority-form or "*"). */
  target: string
  headers: [string, string][]
  /** Each field line: where it starts and where its content ends (before CR LF / LF), in bytes. */
  lines: { name: string; start: number; end: number }[]
  /** Where the blank line that ends the head starts, and the line ending the request line used. */
  blankAt: number
  eol: '\r\n' | '\n'
}

// The head is read as Latin-1, one character per byte, so character offsets are byte offsets (RFC 9110 §5.5).
const latin1 = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1')

/** The request's head (null when the blank line that ends it is not in the bytes). Leniently: bare LF is a line end. */
export function readRequestHead(request: Uint8Array, maxBytes = 64 * 1024): RequestHead | null {
  const text = latin1(request.subarray(0, maxBytes))
  const firstNl = text.indexOf('\n')
  if (firstNl < 0) return null
  const requestLine = text.slice(0, firstNl).replace(/\r$/, '')
  const eol = text[firstNl - 1] === '\r' ? '\r\n' : '\n'
  const parts = requestLine.split(' ').filter(Boolean)
  const head: RequestHead = { method: parts[0] ?? '', target: parts[1] ?? '', headers: [], lines: [], blankAt: -1, eol }
  let at = firstNl + 1
  for (;;) {
    const nl = text.indexOf('\n', at)
    if (nl < 0) return null
    const end = text[nl - 1] === '\r' ? nl - 1 : nl
    if (end === at) {
      head.blankAt = at
      return head
    }
    const line = text.slice(at, end)
    const colon = line.indexOf(':')
    if (colon > 0) {
      const name = line.slice(0, colon).trim()
      head.headers.push([name, line.slice(colon + 1).trim()])
      head.lines.push({ name, start: at, end })
    }
    at = nl + 1
  }
}

/** The URL the request is for: the scheme from TLS, the authority from Host (or the target), the path as typed. */
export function requestUrl(head: RequestHead, target: { host: string; port: number; tls: boolean }): string | null {
  return requestUrlOf(head.target, head.headers.find(([n]) => n.toLowerCase() === 'host')?.[1], target)
}

export interface CookiesBefore {
  /** The bytes to send: the request with the jar's Cookie added (or the request unchanged). */
  request: Uint8Array
  url: string | null
  sent: string | null
  findings: Finding[]
}

const RFC = 'RFC 6265 §5.4'

/** Adds the jar's cookies for the request's URL (and refreshes their last-access time in `session.jar`). */
export function addJarCookies(request: Uint8Array, target: { host: string; port: number; tls: boolean }, session: { jar: CookieJar }, send: boolean, now = Date.now()): CookiesBefore {
  const head = readRequestHead(request)
  const url = head ? requestUrl(head, target) : null
  const findings: Finding[] = []
  if (!head || !url) {
    findings.push({ severity: 'warning', code: 'COOKIE_NO_URL', message: 'The request has no complete head (request line, fields, blank line), so the cookie jar could not tell which URL it is for; no cookies were added or stored.', source: RFC })
    return { request, url: null, sent: null, findings }
  }
  if (!send) return { request, url, sent: null, findings }
  session.jar = removeExpired(session.jar, now)
  const picked = cookieHeaderFor(session.jar, url, now)
  if (!picked.header) return { request, url, sent: null, findings }
  session.jar = picked.jar
  const text = latin1(request)
  const existing = head.lines.filter((l) => l.name.toLowerCase() === 'cookie')
  let out: string
  if (existing.length) {
    // One Cookie field only (RFC 6265 §5.4): the jar's pairs go after the typed ones, in the same field.
    const first = existing[0]!
    out = text.slice(0, first.end) + '; ' + picked.header + text.slice(first.end)
    findings.push({ severity: 'info', code: 'COOKIE_MERGED', message: `The request already had a Cookie field; the jar's cookies (${picked.cookies.map((c) => c.name).join(', ')}) were appended to it with "; ", because a user agent sends one Cookie field.`, source: RFC })
    if (existing.length > 1) findings.push({ severity: 'warning', code: 'COOKIE_SEVERAL_FIELDS', message: `The request has ${existing.length} Cookie fields; a user agent must not send more than one.`, source: RFC })
  } else {
    out = text.slice(0, head.blankAt) + `Cookie: ${picked.header}${head.eol}` + text.slice(head.blankAt)
    findings.push({ severity: 'info', code: 'COOKIE_ADDED', message: `The jar added Cookie: ${picked.cookies.map((c) => c.name).join(', ')} for ${url}.`, source: RFC })
  }
  return { request: new Uint8Array(Buffer.from(out, 'latin1')), url, sent: picked.header, findings }
}

/** Stores the response's Set-Cookie lines in `session.jar` (when asked) and reports what was kept and refused. */
export function storeResponseCookies(url: string | null, responseHeaders: readonly [string, string][], session: { jar: CookieJar }, store: boolean, sent: string | null, now = Date.now()): { report: HttpCookieReport; findings: Finding[] } {
  const report: HttpCookieReport = { sent, stored: [], rejected: [] }
  const findings: Finding[] = []
  const lines = responseHeaders.filter(([n]) => n.toLowerCase() === 'set-cookie').map(([, v]) => v)
  if (!store || !url || !lines.length) return { report, findings }
  const { jar, results } = storeSetCookies(session.jar, lines, url, now)
  session.jar = jar
  results.forEach((r, i) => {
    if (r.stored) report.stored.push(r.stored)
    else if (!r.deleted && !r.findings.some((f) => f.code === 'COOKIE_DELETED')) {
      const why = r.findings.filter((f) => f.severity === 'error').map((f) => `${f.message}${f.source ? ` (${f.source})` : ''}`)
      report.rejected.push({ line: lines[i]!, reason: why.join(' ') || 'The cookie was not stored.' })
      return
    }
    findings.push(...r.findings.filter((f) => f.severity !== 'error'))
  })
  return { report, findings }
}
