// Fetching a missing intermediate from the AIA "CA Issuers" URL a certificate names: plain HTTP (as the Baseline
// Requirements have it), a timeout, a size cap, a few redirects, and DER, PEM or PKCS#7 (.p7c) in the body.
import * as http from 'node:http'
import type { FetchIssuerResultInfo } from '../../shared/x509/types'
import * as https from 'node:https'
import { WirebenchError, toWireError } from '../../shared/errors'
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

function get(url: URL, timeoutMs: number, maxBytes: number): Promise<{ status: number; location?: string; contentType?: string; body: Buffer }> {
  const client = url.protocol === 'https:' ? https : http
  return new Promise((resolve, reject) => {
    const req = client.get(url, { timeout: timeoutMs, headers: { 'user-agent': 'Wirebench', accept: '*/*' } }, (res) => {
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
