// DNS over HTTPS (RFC 8484): one HTTP/2 request, GET with the query in `?dns=` (base64url, no padding, §4.1) or POST
// with an application/dns-message body, over TLS opened by THE connector (same SNI and verification as DoT). A
// status other than 200 or another content type is an error value, in words; the body is capped at 65,535 bytes.
import http2 from 'node:http2'
import { WirebenchError } from '../../shared/errors'
import { toBase64 } from '../../shared/bytes'
import { DNS_LIMITS, type QueryAttempt, type ResolverSpec } from '../../shared/dns/model'
import { type Expect, cancelled, judge, ms } from './exchange'
import { type SecureTryResult, openSecure } from './dot'
import { asError } from './tcp'
import type { QueryContext } from './query'

const CONTENT_TYPE = 'application/dns-message'

/** RFC 8484 §4.1: base64url (RFC 4648 §5) without padding. */
export function base64url(bytes: Uint8Array): string {
  return toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

interface HttpAnswer {
  status: number
  contentType: string
  body: Buffer
}

function request(session: http2.ClientHttp2Session, resolver: ResolverSpec, url: URL, query: Uint8Array, server: string, timeoutMs: number, signal?: AbortSignal): Promise<HttpAnswer> {
  return new Promise<HttpAnswer>((resolve, reject) => {
    const get = resolver.method !== 'POST'
    const path = get ? `${url.pathname}${url.search ? `${url.search}&` : '?'}dns=${base64url(query)}` : `${url.pathname}${url.search}`
    const headers: http2.OutgoingHttpHeaders = { ':method': get ? 'GET' : 'POST', ':path': path, accept: CONTENT_TYPE }
    if (!get) {
      headers['content-type'] = CONTENT_TYPE
      headers['content-length'] = String(query.length)
    }
    let done = false
    const chunks: Buffer[] = []
    let size = 0
    let status = 0
    let contentType = ''
    const req = session.request(headers, { endStream: get })
    const finish = (r: HttpAnswer | Error): void => {
      if (done) return
      done = true
      clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
      req.removeAllListeners('data')
      req.on('error', () => undefined)
      if (!req.closed) req.close(http2.constants.NGHTTP2_CANCEL)
      if (r instanceof Error) reject(r)
      else resolve(r)
    }
    const onAbort = (): void => finish(cancelled(`waiting for ${server}`))
    const timer = setTimeout(() => finish(new WirebenchError('DNS_NO_ANSWER', `No answer from ${server} within ${Math.round(timeoutMs)} ms.`)), timeoutMs)
    signal?.addEventListener('abort', onAbort, { once: true })
    session.on('error', (err: Error) => finish(new WirebenchError('HTTP_ERROR', `The HTTP/2 connection to ${server} failed: ${err.message}`, err.message)))
    req.on('error', (err: Error) => finish(new WirebenchError('HTTP_ERROR', `The request to ${server} failed: ${err.message}`, err.message)))
    req.on('response', (h) => {
      status = Number(h[':status'] ?? 0)
      contentType = String(h['content-type'] ?? '')
    })
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > DNS_LIMITS.maxMessageBytes) {
        finish(new WirebenchError('TOO_LARGE', `${server} sent a body over ${DNS_LIMITS.maxMessageBytes} bytes, more than a DNS message can hold (RFC 8484 §6, RFC 1035 §4.2.2).`))
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => finish({ status, contentType, body: Buffer.concat(chunks) }))
    if (!get) req.end(Buffer.from(query))
  })
}

export async function dohTry(resolver: ResolverSpec, server: string, query: Uint8Array, expect: Expect, timeoutMs: number, ctx: QueryContext): Promise<SecureTryResult> {
  const started = performance.now()
  let localPort: number | null = null
  const attempt = (outcome: string, receivedBytes: number | null): QueryAttempt => ({
    transport: 'https',
    server,
    id: expect.id,
    localPort,
    sentBytes: query.length,
    receivedBytes,
    timeMs: ms(started),
    outcome
  })
  const url = new URL(resolver.url ?? `https://${resolver.host.includes(':') ? `[${resolver.host}]` : resolver.host}:${resolver.port}/dns-query`)
  const opened = await openSecure(resolver, server, ['h2'], timeoutMs, ctx)
  if ('failed' in opened) return { accepted: null, attempt: attempt(`TLS connection failed: ${opened.failed.message}`, null), findings: [], tls: null, error: opened.failed }
  const { connection, tls, findings } = opened
  localPort = connection.local.port
  let session: http2.ClientHttp2Session | null = null
  try {
    if (connection.tls?.alpn !== 'h2') {
      throw new WirebenchError('HTTP_ERROR', `${server} did not agree to HTTP/2 in the TLS handshake (ALPN ${connection.tls?.alpn ?? 'none'}); Wirebench speaks DoH over HTTP/2, the version RFC 8484 §5.2 recommends.`)
    }
    const socket = connection.socket
    session = http2.connect(url.origin, { createConnection: () => socket })
    session.on('error', () => undefined)
    const left = Math.max(1, timeoutMs - (performance.now() - started))
    const answer = await request(session, resolver, url, query, server, left, ctx.signal)
    if (answer.status !== 200) {
      const text = answer.body.subarray(0, 200).toString('utf8').replace(/[^\x20-\x7e]+/g, ' ').trim()
      throw new WirebenchError('DNS_HTTP_STATUS', `${server} answered HTTP ${answer.status} instead of a DNS message (RFC 8484 §4.2.1).`, text || undefined)
    }
    if (answer.contentType.split(';')[0]?.trim().toLowerCase() !== CONTENT_TYPE) {
      throw new WirebenchError('DNS_HTTP_STATUS', `${server} answered HTTP 200 with content-type "${answer.contentType || 'none'}", not ${CONTENT_TYPE} (RFC 8484 §6).`)
    }
    const body = Uint8Array.from(answer.body)
    const verdict = judge(body, expect, server)
    if (verdict.kind === 'ignore') throw new WirebenchError(verdict.finding.code === 'ID_MISMATCH' ? 'DNS_ID_MISMATCH' : 'DNS_QUESTION_MISMATCH', `${server}: ${verdict.reason}.`)
    return { accepted: verdict.accepted, attempt: attempt(`answered (HTTP ${answer.status}, ${resolver.method ?? 'GET'})`, body.length), findings, tls, error: null }
  } catch (err) {
    const e = asError(err)
    if (e.code === 'CANCELLED') throw e
    return { accepted: null, attempt: attempt(e.message, null), findings, tls, error: e }
  } finally {
    session?.destroy()
    connection.socket.destroy()
    connection.tcp.destroy()
  }
}
