// The `http.raw` job: the contract's input turned into sendRaw (and repeatRaw) calls, and what came back turned into
// the contract's result — the body decoded per Content-Encoding, text or base64, capped so an answer stays small.
import type { CookieJar } from '../../shared/http/cookies'
import type { HttpRawInput, HttpRawResult } from '../../shared/contract/http'
import { httpRawInput } from '../../shared/contract/http'
import { WirebenchError } from '../../shared/errors'
import type { Finding } from '../../shared/findings'
import { statusInfo } from '../../shared/http/status'
import { authFindings, challengeFindings } from '../../shared/http/auth'
import { createReadStream } from 'node:fs'
import { decodeBody, decodeBodyStream, planDecoding } from './decode-body'
import { addJarCookies, readRequestHead, storeResponseCookies } from './jar'
import { repeatH2, sendH2 } from './h2-client'
import { sendRaw, type RawOptions, type RawResult, type RawTarget } from './raw'
import { repeatRaw, type RepeatResult } from './timings'

/** Most body bytes put in the result; the whole length is still reported. */
export const SHOWN_BODY_BYTES = 1024 * 1024

export interface RawJobContext {
  signal?: AbortSignal
  progress?: (p: { message: string }) => void
  /** The session's cookie jar (held by the host binding), read and replaced when the request asks for cookies. */
  session?: { jar: CookieJar }
}

const utf8 = new TextDecoder('utf-8', { fatal: true })

/** Single-byte charsets a text body is decoded with when Content-Type names one (the WHATWG labels TextDecoder knows). */
const LEGACY_CHARSETS = new Set(['iso-8859-1', 'latin1', 'iso8859-1', 'l1', 'windows-1252', 'cp1252', 'us-ascii', 'ascii', 'iso-8859-15', 'windows-1251', 'koi8-r', 'iso-8859-2', 'windows-1250'])

/** The charset parameter of Content-Type (RFC 9110 §8.3.2), lower-cased, when it names a single-byte one we decode. */
function legacyCharset(headers: [string, string][]): string | undefined {
  const ct = headers.find(([n]) => n.toLowerCase() === 'content-type')?.[1] ?? ''
  const cs = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(ct)?.[1]?.toLowerCase()
  return cs && LEGACY_CHARSETS.has(cs) ? cs : undefined
}

/** Text (UTF-8, or the body's declared single-byte charset) without control characters other than tab, CR, LF, FF. */
function asText(bytes: Uint8Array, charset?: string): string | null {
  try {
    const text = charset && charset !== 'us-ascii' && charset !== 'ascii' ? new TextDecoder(charset).decode(bytes) : utf8.decode(bytes)
    return /[\u0000-\u0008\u000e-\u001f\u007f]/.test(text) ? null : text
  } catch {
    return null
  }
}

/**
 * The first SHOWN_BODY_BYTES of a body spilled to disk, decoded when a content coding applies, read as a stream (the
 * file can be 1 GiB: it is never loaded whole). A coding that fails leaves the encoded start shown, with the finding.
 */
async function shownFromFile(file: string, contentEncoding: string[], findings: Finding[]): Promise<{ shown: Uint8Array; decoded: string[] }> {
  const take = async (source: AsyncIterable<Uint8Array>): Promise<Uint8Array> => {
    const parts: Uint8Array[] = []
    let got = 0
    for await (const part of source) {
      parts.push(part.subarray(0, SHOWN_BODY_BYTES - got))
      got += Math.min(part.length, SHOWN_BODY_BYTES - got)
      if (got >= SHOWN_BODY_BYTES) break
    }
    return new Uint8Array(Buffer.concat(parts))
  }
  const plan = planDecoding(contentEncoding)
  if (plan.layers.length) {
    const stream = createReadStream(file, { highWaterMark: 64 * 1024 })
    try {
      const shown = await take(decodeBodyStream(stream as AsyncIterable<Uint8Array>, plan))
      findings.push(...plan.findings)
      return { shown, decoded: plan.layers }
    } catch (e) {
      const message = e instanceof WirebenchError ? e.message : String(e)
      findings.push({ severity: 'error', code: 'HTTP_BAD_CONTENT_CODING', message: `The body was not decoded: ${message}`, source: 'RFC 9110 §8.4' })
    } finally {
      stream.destroy()
    }
  }
  const stream = createReadStream(file, { end: SHOWN_BODY_BYTES - 1 })
  try {
    return { shown: await take(stream as AsyncIterable<Uint8Array>), decoded: [] }
  } finally {
    stream.destroy()
  }
}

function rawText(bytes: Uint8Array): { raw: string; rawBase64?: string } {
  try {
    return { raw: utf8.decode(bytes) }
  } catch {
    return { raw: new TextDecoder('latin1').decode(bytes), rawBase64: Buffer.from(bytes).toString('base64') }
  }
}

export function toRawTarget(input: Pick<HttpRawInput, 'target' | 'address'>): RawTarget {
  const t = input.target
  return {
    host: t.host,
    port: t.port,
    address: input.address,
    tls: t.tls ? { servername: t.sni, alpn: t.alpn, verify: !t.insecure, caPem: t.caPem } : undefined
  }
}

async function shapeResponse(r: RawResult, findings: Finding[]): Promise<HttpRawResult['response']> {
  const contentEncoding = r.response.headers.filter(([n]) => n.toLowerCase() === 'content-encoding').map(([, v]) => v)
  let bodyLength: number
  let shown: Uint8Array = new Uint8Array()
  let decoded: string[] = []
  let bodyFile: string | undefined
  if ('bytes' in r.body) {
    let bytes = r.body.bytes
    if (contentEncoding.length && bytes.length) {
      try {
        const d = await decodeBody(bytes, contentEncoding)
        bytes = d.body
        decoded = d.applied
        findings.push(...d.findings)
      } catch (e) {
        // The encoded bytes are still worth showing; the finding says why they were not decoded.
        const message = e instanceof WirebenchError ? e.message : String(e)
        findings.push({ severity: 'error', code: 'HTTP_BAD_CONTENT_CODING', message: `The body was not decoded: ${message}`, source: 'RFC 9110 §8.4' })
      }
    }
    bodyLength = bytes.length
    shown = bytes.subarray(0, SHOWN_BODY_BYTES)
  } else {
    bodyLength = r.body.length
    bodyFile = r.body.file
    // The start of the body is shown as any other (the whole stays on disk, for -o or the tab's Save).
    ;({ shown, decoded } = await shownFromFile(r.body.file, contentEncoding, findings))
  }
  const charset = legacyCharset(r.response.headers)
  const text = asText(shown, charset)
  return {
    httpVersion: r.response.version,
    ...(r.interim.length ? { interim: r.interim.map((h) => ({ status: h.status, reason: h.reason, headers: h.headers })) } : {}),
    ...(r.response.statusLine !== undefined && !r.response.status ? { statusLine: r.response.statusLine } : {}),
    ...(text !== null && charset && charset !== 'us-ascii' && charset !== 'ascii' ? { bodyCharset: charset } : {}),
    status: r.response.status,
    reason: r.response.reason,
    statusWords: statusInfo(r.response.status)?.reason ?? 'Not an HTTP status code',
    headers: r.response.headers,
    bodyLength,
    ...(text !== null ? { body: text } : { bodyBase64: Buffer.from(shown).toString('base64') }),
    bodyShownBytes: shown.length,
    decoded,
    ...(bodyFile ? { bodyFile } : {}),
    complete: r.complete,
    rawBase64: Buffer.from(r.raw).toString('base64'),
    rawTotalBytes: r.rawTotalBytes
  }
}

/**
 * Sends the request once and answers it; with `repeat`, then sends it that many times more (over new connections, or
 * one kept alive) and adds each phase's p50/p95.
 */
export async function runRaw(raw: HttpRawInput, ctx: RawJobContext = {}, o: Omit<RawOptions, 'signal'> = {}): Promise<HttpRawResult> {
  const parsed = httpRawInput.safeParse(raw)
  if (!parsed.success) throw new WirebenchError('INVALID_INPUT', parsed.error.issues[0]?.message ?? 'The request was not valid.')
  const input = parsed.data
  const typed = new Uint8Array(Buffer.from(input.requestBase64, 'base64'))
  // The jar's Cookie goes into the bytes before anything is sent, so the request shown is what went out (RFC 6265 §5.4).
  const jarred = ctx.session && (input.cookies.send || input.cookies.store) ? addJarCookies(typed, input.target, ctx.session, input.cookies.send) : undefined
  const request = jarred?.request ?? typed
  if (!request.length) throw new WirebenchError('INVALID_INPUT', 'The request is empty: write at least a request line (RFC 9112 §3).')
  const target = toRawTarget(input)
  ctx.progress?.({ message: `Sending ${request.length} bytes to ${target.host}:${target.port}…` })
  // HTTP/2: the same typed request sent as frames when ALPN picks h2 (or with prior knowledge in clear), RFC 9113 §3.
  // --repeat N is N requests in all: the repeat's first run is the one shown (over HTTP/2 keep-alive, with the frames
  // of every stream on that connection).
  let rep: RepeatResult | undefined
  if (input.repeat) {
    ctx.progress?.({ message: `Sending it ${input.repeat} times…` })
    rep = input.protocol === 'http2' ? await repeatH2(target, request, input.repeat, { ...o, signal: ctx.signal, keepFirst: true }, input.repeatMode) : await repeatRaw(target, request, input.repeat, input.repeatMode, { ...o, signal: ctx.signal, resumeTls: input.resumeTls, keepFirst: true })
  }
  const r = rep?.first ?? (input.protocol === 'http2' ? await sendH2(target, request, { ...o, signal: ctx.signal }) : await sendRaw(target, request, { ...o, signal: ctx.signal }))
  const findings = [...r.findings]
  const result: HttpRawResult = {
    request: { ...rawText(r.requestBytes), bytesSent: r.requestBytesSent },
    response: await shapeResponse(r, findings),
    timings: r.timings,
    remote: r.remote,
    local: r.local,
    tls: r.tls,
    findings
  }
  findings.push(...(jarred?.findings ?? []), ...authFindings(readRequestHead(request)?.headers ?? [], input.target.tls), ...challengeFindings(r.response.status, r.response.headers))
  if (jarred && ctx.session) {
    const stored = storeResponseCookies(jarred.url, r.response.headers, ctx.session, input.cookies.store, jarred.sent)
    result.cookies = stored.report
    findings.push(...stored.findings)
  }
  if ('http2' in r && r.http2) result.http2 = r.http2 as HttpRawResult['http2']
  if (rep) {
    findings.push(...(rep.findings ?? []))
    result.repeat = { n: rep.runs.length, mode: rep.mode, connections: rep.connections, statuses: rep.statuses, p50: rep.p50, p95: rep.p95, runs: rep.runs, ...(rep.resumed !== undefined ? { resumed: rep.resumed } : {}) }
  }
  return result
}
