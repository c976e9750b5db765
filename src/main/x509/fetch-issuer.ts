// Fetching a missing intermediate from the AIA "CA Issuers" URL a certificate names: plain HTTP (as the Baseline
// Requirements have it) or HTTPS over the shared connector, a timeout, a size cap, a few redirects, and DER, PEM or
// PKCS#7 (.p7c) in the body. The fetching itself (budgets, caps, redirects) is http-fetch.ts's.
import type { FetchIssuerResultInfo } from '../../shared/x509/types'
import { WirebenchError } from '../../shared/errors'
import { describeCertificate } from './certificate'
import { type FetchUrlOptions, fetchUrl } from './http-fetch'
import { collect } from './open'

export interface FetchIssuerOptions {
  timeoutMs?: number
  /** Largest body accepted (default 1 MB; real issuer certificates are 1–3 kB). */
  maxBytes?: number
  /** Redirects followed (default 3). */
  maxRedirects?: number
}

export type FetchIssuerResult = FetchIssuerResultInfo

/** Downloads and parses the issuer certificate(s) at an AIA caIssuers URL. */
export async function fetchIssuer(url: string, options: FetchIssuerOptions = {}): Promise<FetchIssuerResult> {
  const timeoutMs = options.timeoutMs ?? 10_000
  const maxBytes = options.maxBytes ?? 1024 * 1024
  const fetchOptions: FetchUrlOptions = { timeoutMs, maxBytes }
  if (options.maxRedirects !== undefined) fetchOptions.maxRedirects = options.maxRedirects
  const res = await fetchUrl(url, fetchOptions)
  if (res.status !== 200) throw new WirebenchError('HTTP_ERROR', `${res.finalUrl} answered HTTP ${res.status}.`)
  const col = collect(res.body)
  const certificates = col.items.flatMap((i) => (i.entry.kind === 'certificate' ? [describeCertificate(i.entry.cert)] : []))
  if (certificates.length === 0) throw new WirebenchError('INVALID_CERTIFICATE', `${res.finalUrl} did not return a certificate.`)
  const out: FetchIssuerResult = { url, finalUrl: res.finalUrl, bytes: res.body.length, certificates, durationMs: res.durationMs }
  if (res.contentType) out.contentType = res.contentType
  return out
}
