// HSTS from an HTTPS response: GET / through the HTTP engine, and the Strict-Transport-Security header read per
// RFC 6797 §6.1 (directives once each, max-age required, delta-seconds; includeSubDomains; preload as hstspreload.org
// reads it). A header that breaks the grammar is ignored, as §8.1 tells a user agent to.
import type { ScanEvidence, ScanResult } from '../../../shared/tls/scan-model'
import { sendRaw } from '../../http'

export type Hsts = NonNullable<ScanResult['hsts']>

/** RFC 6797 §6.1: directive = name [ "=" value ], value = token / quoted-string; null when the header is invalid. */
export function parseHsts(raw: string): Hsts | null {
  const seen = new Set<string>()
  let maxAge: number | null = null
  let includeSubDomains = false
  let preload = false
  for (const part of raw.split(';')) {
    const d = part.trim()
    if (d === '') continue
    const m = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*(?:=\s*("(?:[^"\\]|\\.)*"|[!#$%&'*+.^_`|~0-9A-Za-z-]+))?$/.exec(d)
    if (!m) return null
    const name = (m[1] as string).toLowerCase()
    if (seen.has(name)) return null // §6.1 "All directives MUST appear only once"
    seen.add(name)
    let value = m[2]
    if (value?.startsWith('"')) value = value.slice(1, -1).replace(/\\(.)/g, '$1')
    if (name === 'max-age') {
      if (value === undefined || !/^\d+$/.test(value)) return null
      maxAge = Math.min(Number(value), Number.MAX_SAFE_INTEGER)
    } else if (name === 'includesubdomains') includeSubDomains = true
    else if (name === 'preload') preload = true
  }
  if (maxAge === null) return null // §6.1.1: max-age is REQUIRED
  return { maxAge, includeSubDomains, preload, raw }
}

export interface HstsScan {
  hsts: Hsts | null
  evidence: ScanEvidence
}

export async function fetchHsts(host: string, address: string, port: number, sni: string | undefined, timeoutMs: number, signal?: AbortSignal): Promise<HstsScan> {
  // The virtual host the scan is about is the SNI name (RFC 9110 §7.2: Host names the target; a server picks its
  // server block by it): asking with the address would read the default server's headers, not this site's.
  const name = sni ?? host
  const hostHeader = name.includes(':') ? `[${name}]` : name
  const request = new TextEncoder().encode(`GET / HTTP/1.1\r\nHost: ${hostHeader}${port === 443 ? '' : `:${port}`}\r\nUser-Agent: Wirebench-scan\r\nAccept: */*\r\nConnection: close\r\n\r\n`)
  const probe = 'HSTS (GET / over HTTPS)'
  const offered = `GET / HTTP/1.1 with Host ${hostHeader}`
  try {
    const r = await sendRaw(
      { host, address, port, tls: { ...(sni ? { servername: sni } : { servername: '' }), alpn: ['http/1.1'], verify: false } },
      request,
      { signal, limits: { budgetMs: timeoutMs, headBytes: 64 * 1024, memoryBodyBytes: 256 * 1024, maxBodyBytes: 1024 * 1024, displayBytes: 1024 } }
    )
    const values = r.response.headers.filter(([k]) => k.toLowerCase() === 'strict-transport-security').map(([, v]) => v)
    // §8.1: only the first header field is processed
    const raw = values[0]
    const hsts = raw === undefined ? null : parseHsts(raw)
    const answer = `HTTP ${r.response.status}, ${raw === undefined ? 'no Strict-Transport-Security header' : `Strict-Transport-Security: ${raw}${hsts ? '' : ' (invalid per RFC 6797 §6.1, ignored)'}`}`
    return { hsts, evidence: { probe, offered, answer } }
  } catch (e) {
    if (signal?.aborted) throw e
    return { hsts: null, evidence: { probe, offered, answer: `no HTTP answer: ${e instanceof Error ? e.message : String(e)}` } }
  }
}
