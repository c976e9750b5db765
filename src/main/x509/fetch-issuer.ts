// Fetching a missing intermediate from the AIA "CA Issuers" URL a certificate names: plain HTTP (as the Baseline
// Requirements have it) or HTTPS over the shared connector, a timeout, a size cap, a few redirects, and DER, PEM or
// PKCS#7 (.p7c) in the body.
import * as http from 'node:http'
import type { Duplex } from 'node:stream'
import type { FetchIssuerResultInfo } from '../../shared/x509/types'
import { WirebenchError, toWireError } from '../../shared/errors'
import { connect } from '../tls'
import { describeCertificate } from './certificate'
import { collect } from './open'

export interface FetchIssuerOptions {
  timeoutMs?: number
  /** Largest body accepted (default 1 MB; real issuer certificates are 1–3 kB). */
  maxBytes?: number
  /** Redirects followed (default 3). */
  maxRedirects?: number
}

export type FetchIssuerResult = FetchIssuerResultInfo

/** http.get's socket factory: the shared connector (its SNI rule, verification and timeouts) in place of Node's agents. */
function connectorFor(url: URL, timeoutMs: number): (options: unknown, done: (err: Error | null, socket?: Duplex) => void) => undefined {
  const secure = url.protocol === 'https:'
  return (_options, done) => {
    connect({
      host: url.hostname,
      port: Number(url.port) || (secure ? 443 : 80),
      connectTimeoutMs: timeoutMs,
      handshakeTimeoutMs: timeoutMs,
      ...(secure ? { tls: { alpn: ['http/1.1'] } } : {})
    }).then(
      (conn) => done(null, conn.socket),
      (err: Error) => done(err)
    )
    return undefined
  }
}

function get(url: URL, timeoutMs: number, maxBytes: number): Promise<{ status: number; location?: string; contentType?: string; body: Buffer }> {
  return new Promise((resolve, reject) => {
    // With createConnection and no agent, http.get speaks HTTP/1.1 over whatever socket it is handed, TLS or not.
    const options: http.RequestOptions = {
      hostname: url.hostname,
      port: url.port,
      path: url.pathname + url.search,
      headers: { 'user-agent': 'Wirebench', accept: '*/*' },
      createConnection: connectorFor(url, timeoutMs) as unknown as http.RequestOptions['createConnection']
    }
    const req = http.get(options, (res) => {
      const chunks: Buffer[] = []
      let size = 0
      const declared = Number(res.headers['content-length'] ?? 0)
      if (declared > maxBytes) {
        req.destroy()
        reject(new WirebenchError('TOO_LARGE', `${url.href} announces ${declared} bytes; the limit is ${maxBytes}.`))
        return
      }
      res.on('data', (d: Buffer) => {
        size += d.length
        if (size > maxBytes) {
          req.destroy()
          reject(new WirebenchError('TOO_LARGE', `${url.href} sent more than ${maxBytes} bytes; that is not a certificate.`))
          return
        }
        chunks.push(d)
      })
      res.on('end', () => {
        const out: { status: number; location?: string; contentType?: string; body: Buffer } = { status: res.statusCode ?? 0, body: Buffer.concat(chunks) }
        if (res.headers.location) out.location = res.headers.location
        if (res.headers['content-type']) out.contentType = res.headers['content-type']
        resolve(out)
      })
      res.on('error', reject)
    })
    // Without an agent nobody sets the socket's idle timeout; the connector's budgets end at the handshake.
    req.setTimeout(timeoutMs)
    req.on('timeout', () => req.destroy(new WirebenchError('ETIMEDOUT', `${url.href} did not answer within ${timeoutMs} ms.`)))
    req.on('error', (err) => {
      if (err instanceof WirebenchError) reject(err)
      else {
        const w = toWireError(err)
        reject(new WirebenchError(w.code, w.message, w.detail))
      }
    })
  })
}

/** Downloads and parses the issuer certificate(s) at an AIA caIssuers URL. */
export async function fetchIssuer(url: string, options: FetchIssuerOptions = {}): Promise<FetchIssuerResult> {
  const t0 = performance.now()
  const timeoutMs = options.timeoutMs ?? 10_000
  const maxBytes = options.maxBytes ?? 1024 * 1024
  let current: URL
  try {
    current = new URL(url)
  } catch {
    throw new WirebenchError('INVALID_INPUT', `"${url}" is not a URL.`)
  }
  for (let redirects = 0; ; redirects++) {
    if (current.protocol !== 'http:' && current.protocol !== 'https:') {
      throw new WirebenchError('INVALID_INPUT', `Only http and https URLs can be fetched, not ${current.protocol}.`)
    }
    const res = await get(current, timeoutMs, maxBytes)
    if (res.status >= 300 && res.status < 400 && res.location) {
      if (redirects >= (options.maxRedirects ?? 3)) throw new WirebenchError('HTTP_ERROR', `Too many redirects from ${url}.`)
      current = new URL(res.location, current)
      continue
    }
    if (res.status !== 200) throw new WirebenchError('HTTP_ERROR', `${current.href} answered HTTP ${res.status}.`)
    const col = collect(new Uint8Array(res.body))
    const certificates = col.items.flatMap((i) => (i.entry.kind === 'certificate' ? [describeCertificate(i.entry.cert)] : []))
    if (certificates.length === 0) throw new WirebenchError('INVALID_CERTIFICATE', `${current.href} did not return a certificate.`)
    const out: FetchIssuerResult = { url, finalUrl: current.href, bytes: res.body.length, certificates, durationMs: Math.round(performance.now() - t0) }
    if (res.contentType) out.contentType = res.contentType
    return out
  }
}
