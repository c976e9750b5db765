// Moves a request between the HTTP tab (target + raw text) and curl's model (URL + headers + --resolve), so "Copy as
// curl" and "Import curl" are each other's inverse: import(copy(r)) gives r back for a CRLF request.
import type { CurlRequest } from '../../../../shared/http/curl'
import { parseCurl, toCurl } from '../../../../shared/http/curl'
import type { Finding } from '../../../../shared/findings'
import { formatRequestText, parseRequestText } from '../../../../shared/http/request-text'

/** The target bar's fields the bridge reads and fills. */
export interface BridgeTarget {
  host: string
  port: string
  tls: boolean
  address: string
  insecure: boolean
  protocol: 'http1.1' | 'http2'
}

const defaultPort = (tls: boolean): number => (tls ? 443 : 80)

/** host[:port] (IPv6 in brackets) → its parts; the port is the scheme's default when absent. */
function splitAuthority(authority: string, tls: boolean): { host: string; port: number } {
  const m = /^(\[[^\]]+\]|[^:]*)(?::(\d+))?$/.exec(authority.trim())
  if (!m) return { host: authority, port: defaultPort(tls) }
  return { host: m[1]!.replace(/^\[|\]$/g, ''), port: m[2] ? Number(m[2]) : defaultPort(tls) }
}

const bracket = (host: string): string => (host.includes(':') ? `[${host}]` : host)

/** The tab's request as curl would send it; `notes` say what curl cannot carry (line endings, a CA given as text). */
export function requestToCurl(target: BridgeTarget, raw: string): { command: string; notes: string[] } {
  const { request: r, exact } = parseRequestText(raw)
  const notes: string[] = []
  if (!exact || r.lineEnding !== '\r\n') notes.push('curl always writes its own head with CRLF line endings and single spaces: odd bytes of this request are not reproduced.')
  const port = Number(target.port) || defaultPort(target.tls)
  const hostIdx = r.headers.findIndex(([n]) => n.toLowerCase() === 'host')
  const hostHeader = hostIdx >= 0 ? r.headers[hostIdx]![1] : `${bracket(target.host)}${port === defaultPort(target.tls) ? '' : `:${port}`}`
  const url = splitAuthority(hostHeader, target.tls)
  const urlText = `${target.tls ? 'https' : 'http'}://${bracket(url.host)}${url.port === defaultPort(target.tls) ? '' : `:${url.port}`}${r.target.startsWith('/') ? r.target : `/${r.target}`}`
  // curl derives Host from the URL and puts it first; say it explicitly only when it is elsewhere or absent.
  const headers = r.headers.filter((_, i) => !(i === 0 && hostIdx === 0))
  const removed: string[] = []
  if (hostIdx < 0) removed.push('host')
  for (const implied of ['user-agent', 'accept']) if (!r.headers.some(([n]) => n.toLowerCase() === implied)) removed.push(implied)
  const c: CurlRequest = {
    method: r.method,
    url: urlText,
    headers,
    removedHeaders: removed,
    ...(r.body ? { body: { kind: 'text' as const, text: r.body } } : {}),
    httpVersion: r.version === 'HTTP/1.0' ? '1.0' : target.protocol === 'http2' ? (target.tls ? '2' : '2-prior-knowledge') : '1.1',
    tls: { insecure: target.tls && target.insecure },
    resolve: [],
    connectTo: [],
    compressed: false,
    followRedirects: false
  }
  const sameHost = url.host.toLowerCase() === target.host.toLowerCase() && url.port === port
  if (sameHost && target.address) c.resolve.push({ host: url.host, port, addresses: [target.address] })
  else if (!sameHost) c.connectTo.push({ fromHost: bracket(url.host), fromPort: String(url.port), toHost: bracket(target.address || target.host), toPort: String(port) })
  const out = toCurl(c)
  return { command: out.command, notes: [...notes, ...out.notes] }
}

export interface ImportedCurl {
  target: BridgeTarget
  raw: string
  findings: Finding[]
}

/** A curl command line read into the tab's target and raw request (CRLF, as curl sends it). */
export function curlToRequest(command: string): ImportedCurl {
  const { request: c, findings } = parseCurl(command)
  let url: URL
  try {
    url = new URL(c.url)
  } catch {
    return { target: { host: '', port: '80', tls: false, address: '', insecure: false, protocol: 'http1.1' }, raw: '', findings: [...findings, { severity: 'error', code: 'CURL_BAD_URL', message: `"${c.url}" is not a URL Wirebench can read.` }] }
  }
  const tls = url.protocol === 'https:'
  if (!/^https?:$/.test(url.protocol)) findings.push({ severity: 'error', code: 'CURL_NOT_HTTP', message: `${url.protocol} is not HTTP; only http:// and https:// are imported.` })
  const urlHost = url.hostname.replace(/^\[|\]$/g, '')
  const urlPort = url.port ? Number(url.port) : defaultPort(tls)
  const host = urlHost
  let port = urlPort
  let address = ''
  const resolve = c.resolve.find((x) => x.host.toLowerCase() === urlHost.toLowerCase() && x.port === urlPort)
  if (resolve) address = resolve.addresses[0]!.replace(/^\[|\]$/g, '')
  const connect = c.connectTo.find((x) => (!x.fromHost || x.fromHost.replace(/^\[|\]$/g, '').toLowerCase() === urlHost.toLowerCase()) && (!x.fromPort || Number(x.fromPort) === urlPort))
  if (connect) {
    // --connect-to keeps the URL's name for SNI and the certificate: Wirebench's host stays the name, the address is forced.
    if (connect.toHost) address = connect.toHost.replace(/^\[|\]$/g, '')
    if (connect.toPort) port = Number(connect.toPort)
  }
  if (c.resolve.length > 1 || c.connectTo.length > 1) findings.push({ severity: 'warning', code: 'CURL_MANY_RESOLVE', message: 'Only the --resolve or --connect-to entry for the URL was imported.' })
  const has = (n: string): boolean => c.headers.some(([h]) => h.toLowerCase() === n) || c.removedHeaders.includes(n)
  const headers: [string, string][] = []
  if (!has('host')) headers.push(['Host', `${url.hostname}${url.port ? `:${url.port}` : ''}`])
  // What curl adds by itself unless told not to (curl sends its own version; Wirebench writes "curl").
  if (!has('user-agent')) headers.push(['User-Agent', 'curl'])
  if (!has('accept')) headers.push(['Accept', '*/*'])
  headers.push(...c.headers)
  let body = ''
  if (c.body?.kind === 'text') body = c.body.text
  else if (c.body) {
    body = new TextDecoder().decode(c.body.bytes)
    findings.push({ severity: 'warning', code: 'CURL_BODY_NOT_TEXT', message: 'The body is not UTF-8 text; the editor holds text, so invalid bytes became U+FFFD.' })
  }
  if (body && !has('content-length')) headers.push(['Content-Length', String(new TextEncoder().encode(body).length)])
  if (c.compressed && !has('accept-encoding')) headers.push(['Accept-Encoding', 'deflate, gzip, br, zstd'])
  if (c.followRedirects) findings.push({ severity: 'info', code: 'CURL_NO_FOLLOW', message: '-L (follow redirects): Wirebench sends one request and shows the redirect itself.' })
  const version = c.httpVersion === '1.0' ? 'HTTP/1.0' : 'HTTP/1.1'
  const raw = formatRequestText({ method: c.method, target: `${url.pathname}${url.search}`, version, headers, body, lineEnding: '\r\n' })
  const protocol = c.httpVersion === '2' || c.httpVersion === '2-prior-knowledge' ? 'http2' : 'http1.1'
  return { target: { host, port: String(port), tls, address, insecure: c.tls.insecure, protocol }, raw, findings }
}
