// Our own lenient HTTP/1.1 message reader (RFC 9112): it reads whatever arrived — a request or a response, whole or in
// part — into the start line, the fields in the order received, and the body's framing with byte spans, and lists as
// findings everything a strict parser would reject, because the gap between lenient and strict parsers is where
// request smuggling and "works in curl, fails in the proxy" live.
import { WirebenchError } from '../errors'
import type { Finding } from '../findings'
import { SpanBudget, type Span } from '../dissect/span'
import { scanChunked, type Chunk, type ChunkedLimits } from './chunked'
import { readFields, latin1, type FieldLine } from './message-head'

export interface Http1Limits {
  /** The start line and header section together; past this without the empty line, reading stops. */
  maxHeadBytes: number
  /** Field lines; past this, reading stops. */
  maxFields: number
  /** A field line longer than this is a finding (nginx's default buffer is 8 KB). */
  longLineBytes: number
  /** More fields than this is a finding (Apache's LimitRequestFields default is 100). */
  manyFields: number
}

export const HTTP1_LIMITS: Http1Limits = { maxHeadBytes: 64 * 1024, maxFields: 1000, longLineBytes: 8192, manyFields: 100 }

export type Http1Kind = 'request' | 'response'
/** How the body ends (RFC 9112 §6.3): none, a Content-Length, chunked, the connection closing, or a tunnel. */
export type Http1Framing = 'none' | 'content-length' | 'chunked' | 'close' | 'tunnel'

export interface Http1Options {
  kind?: Http1Kind | 'auto'
  /** For a response: the request's method (HEAD and CONNECT change how the response is framed, RFC 9112 §6.3). */
  requestMethod?: string
  /** The connection has closed, so a close-delimited body ends with these bytes. */
  closed?: boolean
  limits?: Partial<Http1Limits & ChunkedLimits>
  /** Build no spans (the socket reader only wants the framing). */
  spans?: boolean
  maxSpans?: number
}

export interface Http1Message {
  kind: Http1Kind
  /** The start line as received (latin1), without its line ending; '' when it has not arrived. */
  startLine: string
  method?: string
  target?: string
  version: string
  status?: number
  reason?: string
  /** Field lines in the order received; obs-fold continuations are joined with one space. */
  headers: [string, string][]
  /** Where the body starts (after the empty line); the bytes read so far when the head is incomplete. */
  bodyOffset: number
  /** Body payload bytes present (chunk data summed when chunked). */
  bodyLength: number
  framing: Http1Framing
  contentLength?: number
  chunks?: Chunk[]
  chunkCount?: number
  trailers?: [string, string][]
  /** Bytes the whole message takes, when complete: a pipelined next message starts here. */
  messageLength?: number
  complete: boolean
  /**
   * The connection can carry another message after this one (RFC 9112 §9.3): HTTP/1.1 without "Connection: close",
   * HTTP/1.0 only with "Connection: keep-alive", and never after a close-delimited body or a framing error.
   */
  persistent: boolean
  /** When incomplete: a lower bound on the further bytes needed (0 when the body runs until close). */
  needMore: number
  /** More bytes will not help: the head is over the limit, or the body cannot be framed. */
  broken: boolean
  spans: Span[]
  findings: Finding[]
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/
const S9112 = (s: string): string => `RFC 9112 §${s}`

/** Reads one HTTP/1.x message from the start of `bytes`. Never throws. */
export function parseHttp1(bytes: Uint8Array, options: Http1Options = {}): Http1Message {
  const lim = { ...HTTP1_LIMITS, ...options.limits }
  const findings: Finding[] = []
  const budget = new SpanBudget(options.maxSpans === undefined ? {} : { maxSpans: options.maxSpans })
  const wantSpans = options.spans !== false
  const spans: Span[] = []
  const add = (list: Span[], s: Span): Span | undefined => (wantSpans && budget.take() ? (list.push(s), s) : undefined)

  // Empty lines before the start line are tolerated (RFC 9112 §2.2).
  let p = 0
  while (p < bytes.length && (bytes[p] === 0x0a || (bytes[p] === 0x0d && bytes[p + 1] === 0x0a))) p += bytes[p] === 0x0a ? 1 : 2
  if (p >= lim.maxHeadBytes) {
    findings.push({ severity: 'error', code: 'HEAD_TOO_LARGE', message: `Over ${lim.maxHeadBytes} bytes of empty lines and no start line; reading stopped.`, source: S9112('2.2'), span: { offset: 0, length: p } })
  }
  if (p > 0) {
    findings.push({ severity: 'info', code: 'LEADING_EMPTY_LINES', message: 'Empty lines come before the start line; servers ignore at least one (RFC 9112 §2.2).', source: S9112('2.2'), span: { offset: 0, length: p } })
    add(spans, { offset: 0, length: p, name: 'Empty lines', explain: 'Ignored before a request line (RFC 9112 §2.2)' })
  }
  const kind: Http1Kind = options.kind === 'request' || options.kind === 'response' ? options.kind : latin1(bytes, p, Math.min(bytes.length, p + 5)) === 'HTTP/' ? 'response' : 'request'
  const m: Http1Message = { kind, startLine: '', version: '', headers: [], bodyOffset: bytes.length, bodyLength: 0, framing: 'none', complete: false, persistent: false, needMore: 1, broken: false, spans, findings }

  if (p >= lim.maxHeadBytes) return { ...m, broken: true, needMore: 0 }
  const head = readFields(bytes, p, true, lim, findings, kind)
  if (head.startLine) {
    const sl = head.startLine
    m.startLine = sl.text
    const span = add(spans, { offset: sl.offset, length: sl.length, name: kind === 'request' ? 'Request line' : 'Status line', value: sl.text, explain: kind === 'request' ? 'method SP request-target SP HTTP-version (RFC 9112 §3)' : 'HTTP-version SP status-code SP [reason-phrase] (RFC 9112 §4)' })
    const parts = kind === 'request' ? readRequestLine(m, sl, findings) : readStatusLine(m, sl, findings)
    if (span) for (const part of parts) if (budget.take()) (span.children ??= []).push(part)
  }
  if (head.broken) {
    m.broken = true
    m.needMore = 0
  }
  if (!head.done) {
    if (!m.broken) m.needMore = 1
    addFieldSpans(spans, head.fields, head.offset, head.end, 'Header section', add, budget)
    findings.push(...budget.finding())
    return m
  }
  m.headers = head.fields.map((f) => [f.name, f.value])
  m.bodyOffset = head.end
  addFieldSpans(spans, head.fields, head.offset, head.end, 'Header section', add, budget)
  checkFields(m, head.fields, findings)
  decideFraming(m, options, findings)
  m.persistent = isPersistent(m, findings)
  if (m.broken) {
    m.needMore = 0
    findings.push(...budget.finding())
    return m
  }

  const avail = bytes.length - m.bodyOffset
  if (m.framing === 'none' || m.framing === 'tunnel') {
    m.complete = true
    m.needMore = 0
    m.messageLength = m.bodyOffset
  } else if (m.framing === 'content-length') {
    const cl = m.contentLength!
    m.bodyLength = Math.min(avail, cl)
    m.complete = avail >= cl
    m.needMore = Math.max(0, cl - avail)
    if (m.complete) m.messageLength = m.bodyOffset + cl
    if (m.bodyLength > 0) add(spans, { offset: m.bodyOffset, length: m.bodyLength, name: 'Body', value: `${m.bodyLength} of ${cl} bytes`, explain: 'The content, as long as Content-Length says (RFC 9112 §6.3 rule 6)' })
  } else if (m.framing === 'close') {
    m.bodyLength = avail
    m.complete = options.closed === true
    m.needMore = 0
    if (m.complete) m.messageLength = bytes.length
    if (avail > 0) add(spans, { offset: m.bodyOffset, length: avail, name: 'Body', value: `${avail} bytes`, explain: 'No length given: the body runs until the server closes the connection (RFC 9112 §6.3 rule 8)' })
  } else {
    readChunkedBody(m, bytes, lim, findings, add, budget)
  }
  const interim = m.kind === 'response' && (m.status ?? 0) >= 100 && (m.status ?? 0) < 200
  if (m.complete && m.messageLength !== undefined && m.messageLength < bytes.length && !interim && m.framing !== 'tunnel') {
    findings.push({ severity: 'info', code: 'EXTRA_BYTES', message: `${bytes.length - m.messageLength} bytes follow the end of the message: a pipelined next message, or a body longer than its framing says (which is how smuggled messages look).`, source: S9112('6.3'), span: { offset: m.messageLength, length: bytes.length - m.messageLength } })
  }
  findings.push(...budget.finding())
  return m
}

function readRequestLine(m: Http1Message, sl: FieldLine, findings: Finding[]): Span[] {
  const text = sl.text
  const found = [...text.matchAll(/[^ \t]+/g)].map((w) => ({ at: w.index, word: w[0] }))
  const words = found.map((w) => w.word)
  const where = { offset: sl.offset, length: sl.textLength }
  if (!/^[^ \t]+ [^ \t]+ [^ \t]+$/.test(text)) {
    findings.push({ severity: words.length === 3 ? 'warning' : 'error', code: 'BAD_REQUEST_LINE', message: words.length === 3 ? 'The request line is split by something other than single spaces; some servers split on any whitespace, others reject it (RFC 9112 §3).' : `The request line has ${words.length} words, not method, target and version (RFC 9112 §3); a strict server answers 400.`, source: S9112('3'), span: where })
  }
  const first = found[0]
  const last = found.length >= 2 && /^HTTP\//i.test(found[found.length - 1]!.word) ? found[found.length - 1] : undefined
  const middle = found.slice(1, last ? -1 : undefined)
  const method = first?.word ?? ''
  const targetFrom = middle[0]?.at ?? 0
  const targetTo = middle.length ? middle[middle.length - 1]!.at + middle[middle.length - 1]!.word.length : 0
  const target = text.slice(targetFrom, targetTo)
  m.method = method
  m.target = target
  m.version = last?.word ?? ''
  if (method && !TOKEN.test(method)) findings.push({ severity: 'error', code: 'NON_TOKEN_METHOD', message: `The method "${method.slice(0, 40)}" has characters a token may not contain (RFC 9110 §9.1).`, source: 'RFC 9110 §9.1', span: where })
  else if (method && method !== method.toUpperCase() && ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'].includes(method.toUpperCase())) findings.push({ severity: 'warning', code: 'METHOD_CASE', message: `Methods are case-sensitive (RFC 9110 §9.1): "${method}" is not ${method.toUpperCase()}.`, source: 'RFC 9110 §9.1', span: where })
  checkVersion(m.version, findings, where)
  const parts: Span[] = []
  if (first) parts.push({ offset: sl.offset + first.at, length: method.length, name: 'Method', value: method, explain: 'RFC 9110 §9' })
  if (target) parts.push({ offset: sl.offset + targetFrom, length: target.length, name: 'Request target', value: target, explain: 'origin-form, absolute-form, authority-form (CONNECT) or * (RFC 9112 §3.2)' })
  if (last) parts.push({ offset: sl.offset + last.at, length: last.word.length, name: 'Version', value: last.word, explain: 'RFC 9112 §2.3' })
  return parts
}

function readStatusLine(m: Http1Message, sl: FieldLine, findings: Finding[]): Span[] {
  const text = sl.text
  const where = { offset: sl.offset, length: sl.textLength }
  const match = /^(\S*)([ \t]+)(\S*)([ \t]?)(.*)$/.exec(text)
  const version = match?.[1] ?? text
  const code = match?.[3] ?? ''
  m.version = version
  m.reason = match?.[5] ?? ''
  m.status = /^\d{3}$/.test(code) ? Number(code) : 0
  checkVersion(version, findings, where)
  if (!m.status) findings.push({ severity: 'error', code: 'BAD_STATUS_LINE', message: `The status line "${text.slice(0, 60)}" has no three-digit status code (RFC 9112 §4).`, source: S9112('4'), span: where })
  else if (m.status < 100 || m.status > 599) findings.push({ severity: 'warning', code: 'STATUS_OUT_OF_RANGE', message: `Status ${m.status} is outside 100–599, the range RFC 9110 §15 defines.`, source: 'RFC 9110 §15', span: where })
  if (match && match[2] !== ' ') findings.push({ severity: 'warning', code: 'BAD_STATUS_LINE', message: 'The status line separates version and code by something other than one space (RFC 9112 §4).', source: S9112('4'), span: where })
  if (m.status && match?.[4] === '' && match[5] === '') findings.push({ severity: 'info', code: 'STATUS_LINE_NO_SP', message: 'The status line ends right after the code, without the space the grammar requires before the (empty) reason phrase (RFC 9112 §4); most clients accept it.', source: S9112('4'), span: where })
  const parts: Span[] = [{ offset: sl.offset, length: version.length, name: 'Version', value: version, explain: 'RFC 9112 §2.3' }]
  if (code) parts.push({ offset: sl.offset + text.indexOf(code, version.length), length: code.length, name: 'Status code', value: code, explain: 'RFC 9110 §15' })
  if (m.reason) parts.push({ offset: sl.offset + text.length - m.reason.length, length: m.reason.length, name: 'Reason phrase', value: m.reason, explain: 'Words only; clients ignore it (RFC 9112 §4)' })
  return parts
}

function checkVersion(version: string, findings: Finding[], where: { offset: number; length: number }): void {
  if (!/^HTTP\/\d\.\d$/.test(version)) findings.push({ severity: 'error', code: 'BAD_VERSION', message: version ? `"${version.slice(0, 20)}" is not an HTTP version of the form HTTP/1.1 (RFC 9112 §2.3; the name is case-sensitive).` : 'The start line has no HTTP version (RFC 9112 §2.3).', source: S9112('2.3'), span: where })
  // HTTP/2 and HTTP/3 have no text start line at all: a "HTTP/2.0" here is an HTTP/1 message that names the wrong version.
  // A warning, not an error: h1-to-h2 reads typed text like this as the request it turns into frames, and passes errors on.
  else if (version[5] === '2' || version[5] === '3') findings.push({ severity: 'warning', code: 'NOT_HTTP1_SYNTAX', message: `HTTP/${version[5]} has no text request line: HTTP/${version[5]} sends the request as HEADERS frames with pseudo-header fields (RFC 9113 §8.3${version[5] === '3' ? ', RFC 9114 §4.3' : ''}); a text message that says ${version} is not HTTP/${version[5]}, and an HTTP/1.1 server answers 505 or 400 (RFC 9110 §15.6.6).`, source: version[5] === '2' ? 'RFC 9113 §8.3' : 'RFC 9114 §4.3', span: where })
  else if (version !== 'HTTP/1.0' && version !== 'HTTP/1.1') findings.push({ severity: 'warning', code: 'UNSUPPORTED_VERSION', message: version[5] === '1'
    ? `${version} is not a defined version; a recipient treats a higher minor version as the highest 1.x it supports (RFC 9112 §2.3).`
    : `${version} is not HTTP/1.0 or HTTP/1.1, the versions HTTP/1 syntax is defined for (RFC 9112 §2.3); servers answer 505 for a major version they do not support (RFC 9110 §15.6.6).`, source: S9112('2.3'), span: where })
}

const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)'
const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)'
const IMF_FIXDATE = new RegExp(`^${DAY}, \\d{2} ${MONTH} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT$`)
const RFC850_DATE = new RegExp(`^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), \\d{2}-${MONTH}-\\d{2} \\d{2}:\\d{2}:\\d{2} GMT$`)
const ASCTIME_DATE = new RegExp(`^${DAY} ${MONTH} (?:\\d{2}| \\d) \\d{2}:\\d{2}:\\d{2} \\d{4}$`)
const ASCTIME_LOOSE = new RegExp(`^${DAY} ${MONTH} +\\d{1,2} \\d{2}:\\d{2}:\\d{2} \\d{4}$`)
const DATE_FIELDS = new Set(['date', 'expires', 'last-modified', 'if-modified-since', 'if-unmodified-since'])

/** Field values whose grammar a user gets wrong by hand: HTTP-dates (RFC 9110 §5.6.7) and Connection's token list. */
function checkFieldValues(fields: FieldLine[], findings: Finding[]): void {
  for (const f of fields) {
    const name = f.name.toLowerCase()
    const span = { offset: f.offset, length: f.length }
    const v = f.value
    if (DATE_FIELDS.has(name) && !IMF_FIXDATE.test(v)) {
      const form = RFC850_DATE.test(v) ? 'the obsolete rfc850 form' : ASCTIME_DATE.test(v) ? 'the obsolete asctime form' : ASCTIME_LOOSE.test(v) ? 'almost the obsolete asctime form (a one-digit day needs a leading space: "Jul  4")' : undefined
      const expires = name === 'expires' ? ' An Expires value that cannot be parsed means "already expired" (RFC 9111 §5.3).' : ''
      findings.push(form
        ? { severity: 'warning', code: 'DATE_OBSOLETE_FORM', message: `${f.name}: "${v.slice(0, 60)}" is in ${form}, not IMF-fixdate. Recipients must accept rfc850 and asctime dates, but a sender must generate IMF-fixdate, like "Sun, 06 Nov 1994 08:49:37 GMT" (RFC 9110 §5.6.7).${expires}`, source: 'RFC 9110 §5.6.7', span }
        : { severity: name === 'expires' ? 'info' : 'warning', code: 'DATE_INVALID', message: `${f.name}: "${v.slice(0, 60)}" is not an HTTP-date: neither IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT", which a sender must generate) nor the obsolete rfc850 or asctime forms a recipient accepts (RFC 9110 §5.6.7).${expires}`, source: 'RFC 9110 §5.6.7', span })
    }
    if (name === 'connection') {
      const bad = v.split(',').map((o) => o.trim()).filter((o) => o !== '' && !TOKEN.test(o))
      if (bad.length) findings.push({ severity: 'warning', code: 'CONNECTION_NOT_TOKENS', message: `Connection: "${v.slice(0, 60)}" is not a comma-separated list of tokens (connection options, RFC 9110 §7.6.1): "${bad[0]!.slice(0, 30)}" is not a token, so recipients may not recognise the option.`, source: 'RFC 9110 §7.6.1', span })
    }
  }
}

function checkFields(m: Http1Message, fields: FieldLine[], findings: Finding[]): void {
  checkFieldValues(fields, findings)
  if (m.kind !== 'request') return
  const hosts = fields.filter((f) => f.name.toLowerCase() === 'host')
  if (hosts.length === 0 && m.version === 'HTTP/1.1') findings.push({ severity: 'error', code: 'MISSING_HOST', message: 'An HTTP/1.1 request without Host: servers must answer 400 (RFC 9112 §3.2).', source: S9112('3.2') })
  if (hosts.length > 1) findings.push({ severity: 'error', code: 'DUPLICATE_HOST', message: 'More than one Host field: servers must answer 400, and two parsers that pick different ones route to different sites (RFC 9112 §3.2).', source: S9112('3.2'), span: { offset: hosts[1]!.offset, length: hosts[1]!.length } })
}

function isPersistent(m: Http1Message, findings: readonly Finding[]): boolean {
  if (m.broken || m.framing === 'close' || findings.some((f) => ['CL_AND_TE', 'TE_IN_HTTP10', 'CONFLICTING_CONTENT_LENGTH'].includes(f.code))) return false
  const options = m.headers.filter(([n]) => n.toLowerCase() === 'connection').flatMap(([, v]) => v.split(',')).map((o) => o.trim().toLowerCase())
  if (options.includes('close')) return false
  if (m.version === 'HTTP/1.1') return true
  return m.version === 'HTTP/1.0' && options.includes('keep-alive')
}

/** RFC 9112 §6.3, in order. */
function decideFraming(m: Http1Message, options: Http1Options, findings: Finding[]): void {
  const get = (name: string): string[] => m.headers.filter(([n]) => n.toLowerCase() === name).map(([, v]) => v)
  const te = get('transfer-encoding')
  const cl = get('content-length')
  const status = m.status ?? 0
  const method = options.requestMethod?.toUpperCase()
  if (m.kind === 'response' && (method === 'HEAD' || (status >= 100 && status < 200) || status === 204 || status === 304)) {
    if ((status < 200 || status === 204) && (te.length || cl.length)) findings.push({ severity: 'warning', code: 'LENGTH_NOT_ALLOWED', message: `A ${status} response must not carry Content-Length or Transfer-Encoding (RFC 9110 §8.6, RFC 9112 §6.1); it has no body regardless.`, source: S9112('6.3') })
    m.framing = 'none'
    return
  }
  if (m.kind === 'response' && method === 'CONNECT' && status >= 200 && status < 300) {
    m.framing = 'tunnel'
    return
  }
  if (te.length) {
    if (m.version === 'HTTP/1.0') findings.push({ severity: 'error', code: 'TE_IN_HTTP10', message: 'Transfer-Encoding in an HTTP/1.0 message: the framing must be treated as faulty and the connection closed (RFC 9112 §6.1).', source: S9112('6.1') })
    if (cl.length) findings.push({ severity: 'error', code: 'CL_AND_TE', message: 'Both Content-Length and Transfer-Encoding: Transfer-Encoding wins, but a front end that uses Content-Length sees a different message boundary — the request-smuggling shape (RFC 9112 §6.1, §11.2).', source: S9112('6.1') })
    const codings = te.flatMap((v) => v.split(',')).map((c) => c.trim().toLowerCase()).filter((c) => c !== '')
    const chunkedAt = codings.indexOf('chunked')
    for (const c of codings) if (!['chunked', 'gzip', 'x-gzip', 'deflate', 'compress', 'x-compress', 'identity'].includes(c)) findings.push({ severity: 'error', code: 'UNKNOWN_TRANSFER_CODING', message: `Unknown transfer coding "${c.slice(0, 40)}": a server answers 501 (RFC 9112 §6.1); obfuscated values like this are used to make two parsers disagree.`, source: S9112('6.1') })
    if (chunkedAt >= 0 && (chunkedAt !== codings.length - 1 || codings.lastIndexOf('chunked') !== chunkedAt)) findings.push({ severity: 'error', code: 'CHUNKED_NOT_LAST', message: 'chunked must be applied once and be the final transfer coding (RFC 9112 §6.1).', source: S9112('6.1') })
    if (codings[codings.length - 1] === 'chunked') {
      m.framing = 'chunked'
      return
    }
    if (m.kind === 'request') findings.push({ severity: 'error', code: 'TE_NOT_CHUNKED', message: 'A request whose final transfer coding is not chunked cannot be framed: servers answer 400 and close (RFC 9112 §6.3 rule 4).', source: S9112('6.3') })
    m.framing = 'close'
    return
  }
  if (cl.length) {
    const values = cl.flatMap((v) => v.split(',')).map((v) => v.trim())
    if (values.some((v) => !/^\d{1,15}$/.test(v))) {
      findings.push({ severity: 'error', code: 'INVALID_CONTENT_LENGTH', message: `Content-Length "${cl.join(', ').slice(0, 60)}" is not a number: the message cannot be framed (RFC 9112 §6.3 rule 5).`, source: S9112('6.3') })
      m.broken = true
      m.framing = 'none'
      return
    }
    if (values.length > 1) {
      const same = values.every((v) => Number(v) === Number(values[0]))
      findings.push(same
        ? { severity: 'warning', code: 'DUPLICATE_CONTENT_LENGTH', message: 'Content-Length is repeated with the same value; recipients may accept it (RFC 9110 §8.6), strict ones reject it.', source: 'RFC 9110 §8.6' }
        : { severity: 'error', code: 'CONFLICTING_CONTENT_LENGTH', message: `Content-Length has different values (${values.join(', ').slice(0, 60)}): an unrecoverable framing error, and a smuggling vector when two parsers pick differently (RFC 9112 §6.3 rule 5). Read here with the first.`, source: S9112('6.3') })
    }
    m.framing = 'content-length'
    m.contentLength = Number(values[0])
    return
  }
  m.framing = m.kind === 'request' ? 'none' : 'close'
}

function readChunkedBody(m: Http1Message, bytes: Uint8Array, lim: Partial<ChunkedLimits> & Http1Limits, findings: Finding[], add: (list: Span[], s: Span) => Span | undefined, budget: SpanBudget): void {
  const scan = scanChunked(bytes, m.bodyOffset, lim)
  findings.push(...scan.findings)
  m.chunks = scan.chunks
  m.chunkCount = scan.chunkCount
  m.bodyLength = scan.dataLength
  m.complete = scan.complete
  m.broken ||= scan.broken
  m.needMore = scan.complete || scan.broken ? 0 : scan.atLeast
  const body = add(m.spans, { offset: m.bodyOffset, length: scan.end - m.bodyOffset, name: 'Chunked body', value: `${scan.chunkCount} chunks, ${scan.dataLength} bytes of data`, explain: 'Transfer-Encoding: chunked (RFC 9112 §7.1)' })
  if (body) {
    const kids: Span[] = (body.children = [])
    for (const c of scan.chunks) {
      if (!budget.take()) break
      const last = c.size === 0
      const s: Span = { offset: c.offset, length: c.sizeLineLength + c.dataPresent + c.endLength, name: last ? 'Last chunk' : 'Chunk', value: `${c.size} bytes`, children: [] }
      kids.push(s)
      add(s.children!, { offset: c.offset, length: c.sizeLineLength, name: 'Chunk size', value: `0x${c.size.toString(16)} = ${c.size}${c.extensions.length ? `; ${c.extensions.map((e) => e.name).join(', ')}` : ''}`, explain: 'chunk-size [chunk-ext] CRLF (RFC 9112 §7.1)' })
      if (c.dataPresent) add(s.children!, { offset: c.dataOffset, length: c.dataPresent, name: 'Chunk data', value: `${c.dataPresent} bytes` })
      if (c.endLength) add(s.children!, { offset: c.dataOffset + c.dataPresent, length: c.endLength, name: 'CRLF', explain: 'Ends the chunk data (RFC 9112 §7.1)' })
    }
  }
  if (scan.trailer) {
    const t = readFields(bytes, scan.trailer.offset, false, { ...HTTP1_LIMITS, ...lim }, findings, m.kind)
    m.trailers = t.fields.map((f) => [f.name, f.value])
    if (body?.children) addFieldSpans(body.children, t.fields, scan.trailer.offset, scan.trailer.offset + scan.trailer.length, 'Trailer section', add, budget)
  }
  if (scan.complete) m.messageLength = scan.end
}

function addFieldSpans(list: Span[], fields: FieldLine[], from: number, to: number, name: string, add: (list: Span[], s: Span) => Span | undefined, budget: SpanBudget): void {
  if (to <= from) return
  const section = add(list, { offset: from, length: to - from, name, value: `${fields.length} field${fields.length === 1 ? '' : 's'}`, explain: 'field-name ":" OWS field-value OWS, one per line, ended by an empty line (RFC 9112 §5)' })
  if (!section) return
  const kids: Span[] = (section.children = [])
  for (const f of fields) {
    if (!budget.take()) return
    const s: Span = { offset: f.offset, length: f.length, name: f.name, value: f.value, explain: f.explain, children: [] }
    kids.push(s)
    add(s.children!, { offset: f.offset, length: f.nameLength, name: 'Field name', value: f.name })
    if (f.valueLength) add(s.children!, { offset: f.valueOffset, length: f.valueLength, name: 'Field value', value: f.value })
  }
  const last = fields[fields.length - 1]
  const endAt = last ? last.offset + last.length : from
  if (endAt < to) add(kids, { offset: endAt, length: to - endAt, name: 'End of section', explain: 'The empty line (CRLF) that ends the fields (RFC 9112 §2.1)' })
}

export type Http1Need = { state: 'complete'; length: number } | { state: 'incomplete'; atLeast: number } | { state: 'until-close' }

/**
 * How far a socket reader has to read: the whole message's length once it is complete, a lower bound on the missing
 * bytes, or "until the connection closes". Throws HTTP_HEADER_TOO_LARGE or HTTP_BAD_FRAMING when more bytes cannot
 * help, so a reader of endless headers or a broken chunk stream stops.
 */
export function http1Needs(bytes: Uint8Array, options: Omit<Http1Options, 'spans'> = {}): Http1Need {
  const m = parseHttp1(bytes, { ...options, spans: false })
  if (m.broken) {
    const why = m.findings.find((f) => f.severity === 'error' && ['HEAD_TOO_LARGE', 'TOO_MANY_FIELDS'].includes(f.code))
    if (why) throw new WirebenchError('HTTP_HEADER_TOO_LARGE', why.message)
    throw new WirebenchError('HTTP_BAD_FRAMING', m.findings.find((f) => f.severity === 'error')?.message)
  }
  if (m.complete) return { state: 'complete', length: m.messageLength! }
  if (m.framing === 'close') return { state: 'until-close' }
  return { state: 'incomplete', atLeast: Math.max(1, m.needMore) }
}

export { dechunk } from './chunked'

/**
 * The body's payload bytes: a view into `bytes` (no copy) for Content-Length and close framing, the chunk data joined
 * for chunked (a view when there is one chunk). Throws HTTP_BODY_TOO_LARGE past `maxBytes` for a chunked body.
 */
export function http1Body(bytes: Uint8Array, m: Http1Message, maxBytes = 64 * 1024 * 1024): Uint8Array {
  if (m.framing === 'chunked') {
    if (!m.chunks) return new Uint8Array(0)
    const pieces = m.chunks.filter((c) => c.dataPresent > 0)
    if ((m.chunkCount ?? 0) > m.chunks.length) throw new WirebenchError('HTTP_BODY_TOO_LARGE', `The body has ${m.chunkCount} chunks, more than were recorded; decode it with dechunk instead.`)
    if (m.bodyLength > maxBytes) throw new WirebenchError('HTTP_BODY_TOO_LARGE', `The chunked body holds ${m.bodyLength} bytes, over the ${maxBytes}-byte limit for decoding it in memory.`)
    if (pieces.length === 1) return bytes.subarray(pieces[0]!.dataOffset, pieces[0]!.dataOffset + pieces[0]!.dataPresent)
    const out = new Uint8Array(m.bodyLength)
    let o = 0
    for (const c of pieces) {
      out.set(bytes.subarray(c.dataOffset, c.dataOffset + c.dataPresent), o)
      o += c.dataPresent
    }
    return out
  }
  return bytes.subarray(m.bodyOffset, m.bodyOffset + m.bodyLength)
}
