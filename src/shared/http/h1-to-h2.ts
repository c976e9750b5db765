// Turns the HTTP/1-style request the user typed into what HTTP/2 sends instead (RFC 9113 §8.3.1): pseudo-header fields
// from the request line and Host, lower-case names, no connection-specific fields, the body without HTTP/1 framing —
// and a finding for every change, so "the same request as frames" never hides what was translated.
import type { Finding } from '../findings'
import { http1Body, parseHttp1 } from './message'

export interface H2RequestHeaders {
  method: string
  /** Pseudo-header fields first (RFC 9113 §8.3), then the regular fields, all names lower-case. */
  headers: { name: string; value: string }[]
  body: Uint8Array
  findings: Finding[]
}

export interface H1ToH2Options {
  /** 'https' over TLS, 'http' in clear text (the :scheme when the request target is not absolute). */
  scheme: 'http' | 'https'
  /** The authority used when the request has no Host and no absolute target (the target's host:port). */
  fallbackAuthority: string
}

/** Fields that only mean something to one HTTP/1.1 connection: a message carrying them is malformed (RFC 9113 §8.2.2). */
const CONNECTION_SPECIFIC = ['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade']

const SOURCE = 'RFC 9113 §8.3.1'

/** The request's parts as HTTP/2 sends them; never throws for what a lenient reader can still read. */
export function h1ToH2(bytes: Uint8Array, o: H1ToH2Options): H2RequestHeaders {
  const findings: Finding[] = []
  const note = (severity: Finding['severity'], code: string, message: string, source = SOURCE): void => {
    findings.push({ severity, code, message, source })
  }
  const m = parseHttp1(bytes, { kind: 'request', spans: false, closed: true })
  for (const f of m.findings) if (f.severity === 'error') findings.push(f)
  const method = m.method || 'GET'
  if (!m.method) note('warning', 'H2_NO_METHOD', 'The request line has no method, so GET was sent.', 'RFC 9112 §3')
  let target = m.target || '/'
  let scheme: string = o.scheme
  let authority: string | undefined
  // The absolute form (a proxy request) carries scheme and authority itself (RFC 9112 §3.2.2).
  const absolute = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)(.*)$/i.exec(target)
  if (absolute) {
    scheme = absolute[1]!.toLowerCase()
    authority = absolute[2]!
    target = absolute[3] || '/'
    note('info', 'H2_ABSOLUTE_TARGET', `The absolute request target became :scheme ${scheme}, :authority ${authority} and :path ${target}.`)
  }
  if (m.version && m.version !== 'HTTP/1.1') note('info', 'H2_VERSION', `The request line says ${m.version}; HTTP/2 has no version in the request, it is the connection's protocol.`, 'RFC 9113 §8.3.1')

  const regular: { name: string; value: string }[] = []
  const nominated = new Set<string>()
  let host: string | undefined
  let contentLength: string | undefined
  let lowered = false
  for (const [rawName, value] of m.headers) {
    const name = rawName.toLowerCase()
    if (name !== rawName) lowered = true
    if (name === 'connection') for (const t of value.split(',')) if (t.trim()) nominated.add(t.trim().toLowerCase())
  }
  for (const [rawName, value] of m.headers) {
    const name = rawName.toLowerCase()
    if (CONNECTION_SPECIFIC.includes(name)) {
      note('info', 'H2_DROPPED_FIELD', `${rawName}: ${value} was not sent: it is connection-specific, and an HTTP/2 message carrying it is malformed.`, 'RFC 9113 §8.2.2')
      continue
    }
    if (nominated.has(name) && name !== 'te') {
      note('info', 'H2_DROPPED_FIELD', `${rawName} was not sent: Connection names it as a field for this HTTP/1.1 connection only.`, 'RFC 9113 §8.2.2, RFC 9110 §7.6.1')
      continue
    }
    if (name === 'host') {
      if (host === undefined) host = value
      else note('warning', 'H2_DUPLICATE_HOST', `A second Host (${value}) was dropped; :authority carries the first.`, SOURCE)
      continue
    }
    if (name === 'te' && value.trim().toLowerCase() !== 'trailers') {
      const keeps = value.split(',').some((t) => t.trim().toLowerCase() === 'trailers')
      note('info', 'H2_TE', `TE: ${value} became ${keeps ? '"TE: trailers"' : 'no TE field'}: in HTTP/2, TE may only be "trailers".`, 'RFC 9113 §8.2.2')
      if (keeps) regular.push({ name: 'te', value: 'trailers' })
      continue
    }
    if (name === 'content-length') contentLength ??= value.trim()
    if (/[\r\n\0]/.test(value)) {
      note('warning', 'H2_BAD_VALUE', `${rawName} was dropped: its value holds CR, LF or NUL, which HTTP/2 forbids in a field value.`, 'RFC 9113 §8.2.1')
      continue
    }
    regular.push({ name, value })
  }
  if (lowered) note('info', 'H2_LOWERCASE', 'Field names were sent in lower case, as HTTP/2 requires (HPACK is case-sensitive).', 'RFC 9113 §8.2')

  if (host !== undefined) {
    if (authority !== undefined && host !== authority) note('warning', 'H2_HOST_MISMATCH', `Host (${host}) differs from the absolute target's authority (${authority}); :authority is the target's.`, SOURCE)
    authority ??= host
    note('info', 'H2_HOST_TO_AUTHORITY', `Host: ${host} became the :authority pseudo-header field.`, SOURCE)
  }
  if (authority === undefined) {
    authority = o.fallbackAuthority
    note('warning', 'H2_NO_HOST', `The request has no Host, so :authority was set to the target, ${authority}.`, SOURCE)
  }

  const headers: { name: string; value: string }[] = [{ name: ':method', value: method }]
  if (method === 'CONNECT') {
    // CONNECT names only the authority it tunnels to (RFC 9113 §8.5).
    headers.push({ name: ':authority', value: absolute ? authority : m.target || authority })
  } else {
    headers.push({ name: ':scheme', value: scheme }, { name: ':authority', value: authority }, { name: ':path', value: target })
  }

  let body: Uint8Array
  const head = Math.min(m.bodyOffset, bytes.length)
  if (m.framing === 'chunked') {
    body = http1Body(bytes, m).slice()
    note('info', 'H2_DECHUNKED', `The chunked body was sent as DATA frames without its chunk framing (${body.length} bytes); HTTP/2 frames carry the length.`, 'RFC 9113 §8.1')
  } else if (m.framing === 'content-length') {
    body = bytes.slice(head, head + (m.contentLength ?? 0))
    if (body.length < (m.contentLength ?? 0)) note('warning', 'H2_SHORT_BODY', `Content-Length says ${m.contentLength} but only ${body.length} body bytes follow; the server may answer that the message is malformed.`, 'RFC 9113 §8.1.1')
    if (head + body.length < bytes.length) note('warning', 'H2_EXTRA_BYTES', `${bytes.length - head - body.length} bytes after the Content-Length body were not sent.`, 'RFC 9112 §6.3')
  } else {
    body = bytes.slice(head)
    if (body.length) {
      note('info', 'H2_BODY_REST', `The ${body.length} bytes after the head were sent as the body, with content-length: ${body.length} added (the request had no Content-Length).`, 'RFC 9113 §8.1')
      if (contentLength === undefined) regular.push({ name: 'content-length', value: String(body.length) })
    }
  }
  return { method, headers: [...headers, ...regular], body, findings }
}
