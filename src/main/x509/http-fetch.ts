// The one small HTTP client the certificate engine uses for what certificates point at: AIA "CA Issuers" URLs,
// OCSP responders (RFC 6960 App. A) and CRL distribution points. Those URLs come from certificates, i.e. from
// strangers, so every fetch has a time budget, a size cap (checked against Content-Length and against the bytes
// actually read), a few redirects and only http/https; sockets come from the shared connector (its SNI rule,
// verification and timeouts) rather than Node's agents.
import * as http from 'node:http'
import type { Duplex } from 'node:stream'
import { WirebenchError, toWireError } from '../../shared/errors'
import { connect } from '../tls'

export interface FetchUrlOptions {
  method?: 'GET' | 'POST'
  body?: Uint8Array
  contentType?: string
  accept?: string
  /**
   * Budget for the whole fetch, redirects included. Connecting and the TLS handshake keep the connector's own
   * codes (CONNECT_TIMEOUT, HANDSHAKE_TIMEOUT) within that budget; waiting for the answer ends in ETIMEDOUT.
   */
  timeoutMs: number
  /** Largest body accepted. */
  maxBytes: number
  /** Redirects followed (default 3); only to http and https. */
  maxRedirects?: number
  signal?: AbortSignal
}

export interface FetchUrlResult {
  status: number
  finalUrl: string
  contentType?: string
  body: Uint8Array
  durationMs: number
}

interface Hop {
  status: number
  location?: string
  contentType?: string
  body: Uint8Array
}

/** http.request's socket factory: the shared connector in place of Node's agents. */
function connectorFor(url: URL, budgetMs: number, signal: AbortSignal | undefined): (options: unknown, done: (err: Error | null, socket?: Duplex) => void) => undefined {
  const secure = url.protocol === 'https:'
  return (_options, done) => {
    connect({
      // URL keeps the brackets of an IPv6 literal; a socket wants the bare address
      host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: Number(url.port) || (secure ? 443 : 80),
      connectTimeoutMs: budgetMs,
      handshakeTimeoutMs: budgetMs,
      ...(signal ? { signal } : {}),
      ...(secure ? { tls: { alpn: ['http/1.1'] } } : {})
    }).then(
      (conn) => done(null, conn.socket),
      (err: Error) => done(err)
    )
    return undefined
  }
}

function asWirebenchError(err: unknown): WirebenchError {
  if (err instanceof WirebenchError) return err
  const w = toWireError(err)
  return new WirebenchError(w.code, w.message, w.detail)
}

function once(url: URL, o: FetchUrlOptions, deadline: number): Promise<Hop> {
  return new Promise((resolve, reject) => {
    let settled = false
    let timer: ReturnType<typeof setTimeout> | undefined
    const finish = (err: Error | null, hop?: Hop): void => {
      if (settled) return
      settled = true
      if (timer) clearTimeout(timer)
      o.signal?.removeEventListener('abort', onAbort)
      if (err) reject(asWirebenchError(err))
      else resolve(hop as Hop)
    }
    const remaining = (): number => Math.max(0, deadline - performance.now())
    const headers: Record<string, string> = { 'user-agent': 'Wirebench', accept: o.accept ?? '*/*' }
    if (o.body) {
      headers['content-type'] = o.contentType ?? 'application/octet-stream'
      headers['content-length'] = String(o.body.length)
    }
    const req = http.request({
      method: o.method ?? 'GET',
      hostname: url.hostname,
      port: url.port,
      path: url.pathname + url.search,
      headers,
      // With createConnection and no agent, Node speaks HTTP/1.1 over whatever socket it is handed, TLS or not.
      createConnection: connectorFor(url, Math.max(1, remaining()), o.signal) as unknown as http.RequestOptions['createConnection']
    })
    const onAbort = (): void => {
      req.destroy()
      finish(new WirebenchError('CANCELLED', `Fetching ${url.href} was cancelled.`))
    }
    if (o.signal?.aborted) return onAbort()
    o.signal?.addEventListener('abort', onAbort, { once: true })
    // The connector owns the budget until the connection stands; from then on the rest of it is ours.
    req.on('socket', (socket) => {
      const arm = (): void => {
        timer = setTimeout(() => {
          req.destroy()
          finish(new WirebenchError('ETIMEDOUT', `${url.href} did not answer within ${o.timeoutMs} ms.`))
        }, remaining())
      }
      if ((socket as { connecting?: boolean }).connecting) socket.once('connect', arm)
      else arm()
    })
    req.on('response', (res) => {
      const declared = Number(res.headers['content-length'] ?? 0)
      if (declared > o.maxBytes) {
        req.destroy()
        return finish(new WirebenchError('TOO_LARGE', `${url.href} announces ${declared} bytes; the limit is ${o.maxBytes}.`))
      }
      const chunks: Buffer[] = []
      let size = 0
      res.on('data', (d: Buffer) => {
        size += d.length
        if (size > o.maxBytes) {
          req.destroy()
          finish(new WirebenchError('TOO_LARGE', `${url.href} sent more than ${o.maxBytes} bytes.`))
          return
        }
        chunks.push(d)
      })
      res.on('end', () => {
        const hop: Hop = { status: res.statusCode ?? 0, body: new Uint8Array(Buffer.concat(chunks)) }
        if (res.headers.location) hop.location = res.headers.location
        if (res.headers['content-type']) hop.contentType = res.headers['content-type']
        finish(null, hop)
      })
      res.on('error', (err) => finish(err))
    })
    req.on('error', (err) => finish(err))
    req.end(o.body ? Buffer.from(o.body) : undefined)
  })
}

function checkScheme(url: URL, code: 'INVALID_INPUT' | 'HTTP_ERROR', from?: string): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    const where = from ? ` (${from} redirected there)` : ''
    throw new WirebenchError(code, `Only http and https URLs can be fetched, not ${url.protocol}${where}.`)
  }
}

/** Fetches one URL: follows http(s) redirects, keeps to the time budget and the size cap, returns any final status. */
export async function fetchUrl(url: string, o: FetchUrlOptions): Promise<FetchUrlResult> {
  const t0 = performance.now()
  const deadline = t0 + o.timeoutMs
  let current: URL
  try {
    current = new URL(url)
  } catch {
    throw new WirebenchError('INVALID_INPUT', `"${url}" is not a URL.`)
  }
  checkScheme(current, 'INVALID_INPUT')
  const maxRedirects = o.maxRedirects ?? 3
  let method = o.method ?? 'GET'
  let body = o.body
  for (let redirects = 0; ; redirects++) {
    if (performance.now() >= deadline) throw new WirebenchError('ETIMEDOUT', `${url} did not answer within ${o.timeoutMs} ms.`)
    const hopOptions: FetchUrlOptions = { ...o, method }
    if (body) hopOptions.body = body
    else delete hopOptions.body
    const res = await once(current, hopOptions, deadline)
    if (res.status >= 300 && res.status < 400 && res.location) {
      if (redirects >= maxRedirects) throw new WirebenchError('HTTP_ERROR', `Too many redirects from ${url} (more than ${maxRedirects}).`)
      const next = new URL(res.location, current)
      checkScheme(next, 'HTTP_ERROR', current.href)
      // RFC 9110 §15.4: 307 and 308 keep the method and body; the others become a GET without one.
      if (res.status !== 307 && res.status !== 308) {
        method = 'GET'
        body = undefined
      }
      current = next
      continue
    }
    const out: FetchUrlResult = { status: res.status, finalUrl: current.href, body: res.body, durationMs: Math.round(performance.now() - t0) }
    if (res.contentType) out.contentType = res.contentType
    return out
  }
}
