// What the user types as a resolver ("1.2.3.4:5353", "[::1]:53", "tls://dns.example", "https://…/dns-query",
// "system") turned into a ResolverSpec, or refused in words before any packet leaves. Shared so the UI and the CLI
// check a resolver exactly as the engine does.
import { WirebenchError } from '../errors'
import { parseIPv4, parseIPv6 } from '../ip/address'
import type { DnsTransport, ResolverSpec } from './model'

/** Well-known ports: DNS 53 (RFC 1035 §4.2), DNS over TLS 853 (RFC 7858 §3.1), HTTPS 443. */
export const DEFAULT_PORTS = { udp: 53, tcp: 53, tls: 853, https: 443, system: 0 } as const

const bad = (message: string): WirebenchError => new WirebenchError('DNS_BAD_RESOLVER', message)

function parsePort(text: string, whole: string): number {
  if (!/^\d{1,5}$/.test(text)) throw bad(`The port in ${whole} is not a number: "${text}".`)
  const port = Number(text)
  if (port < 1 || port > 65_535) throw bad(`Port ${port} in ${whole} is out of range (1–65535).`)
  return port
}

/** True for an IPv4 or IPv6 literal (no brackets). */
export function isIpLiteral(text: string): boolean {
  return text.includes(':') ? parseIPv6(text).ok : /^\d+(\.\d+){3}$/.test(text) && parseIPv4(text).ok
}

/** Looks like dotted digits: then it must be a valid IPv4 address, never a host name. */
function checkDotted(host: string): void {
  if (!/^[\d.]+$/.test(host)) return
  const parts = host.split('.')
  if (parts.length !== 4 || parts.some((p) => p === '')) throw bad(`${host} is not an IPv4 address (four numbers 0–255 separated by dots).`)
  if (parts.some((p) => Number(p) > 255)) throw bad(`${host} is not an IPv4 address (each part is 0–255).`)
  if (!parseIPv4(host).ok) throw bad(`${host} is not an IPv4 address (each part is 0–255, without leading zeros).`)
}

const HOST_NAME = /^(?=.{1,253}$)([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)(\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\.?$/

/** "host", "host:port", "[v6]", "[v6]:port" or a bare IPv6 address. */
function splitHostPort(text: string, defaultPort: number): { host: string; port: number } {
  if (text.startsWith('[')) {
    const close = text.indexOf(']')
    if (close < 0) throw bad(`${text} opens a bracket for an IPv6 address but never closes it: write [::1]:5353.`)
    const host = text.slice(1, close)
    const rest = text.slice(close + 1)
    if (!parseIPv6(host).ok) throw bad(`${host} is not an IPv6 address.`)
    if (rest === '') return { host, port: defaultPort }
    if (!rest.startsWith(':')) throw bad(`After [${host}] only ":port" may follow, not "${rest}".`)
    return { host, port: parsePort(rest.slice(1), text) }
  }
  const colons = (text.match(/:/g) ?? []).length
  if (colons > 1) {
    const v6 = parseIPv6(text)
    if (!v6.ok) throw bad(`${text} is not an IPv6 address (${v6.error}); to give a port, write [address]:port.`)
    return { host: text, port: defaultPort }
  }
  if (colons === 1) {
    const i = text.indexOf(':')
    return { host: text.slice(0, i), port: parsePort(text.slice(i + 1), text) }
  }
  return { host: text, port: defaultPort }
}

/** An address for plain DNS (UDP/TCP) or a DoT host (a name is allowed there: it is what the certificate names). */
function parseServer(text: string, transport: 'udp' | 'tcp' | 'tls'): ResolverSpec {
  const { host, port } = splitHostPort(text, DEFAULT_PORTS[transport])
  if (host === '') throw bad(`${text} names no server before the port.`)
  checkDotted(host)
  if (isIpLiteral(host)) return { transport, host, port }
  if (transport !== 'tls') {
    throw bad(`${host} is not an IP address. Plain DNS over ${transport.toUpperCase()} needs the server's address (for example 127.0.0.1:5353 or [::1]:53); use tls://${host} for DNS over TLS.`)
  }
  if (!HOST_NAME.test(host)) throw bad(`${host} is neither an IP address nor a host name.`)
  return { transport, host, port }
}

function parseDot(rest: string, whole: string): ResolverSpec {
  const hash = rest.indexOf('#')
  const server = hash >= 0 ? rest.slice(0, hash) : rest
  const tlsName = hash >= 0 ? rest.slice(hash + 1) : undefined
  if (server.includes('/')) throw bad(`${whole}: a DNS over TLS server is host[:port], without a path (RFC 7858).`)
  const spec = parseServer(server, 'tls')
  if (tlsName !== undefined) {
    if (!HOST_NAME.test(tlsName)) throw bad(`"${tlsName}" after # in ${whole} is not a host name to check the certificate against.`)
    spec.tlsName = tlsName.replace(/\.$/, '')
  }
  return spec
}

function parseDoh(given: string, method: 'GET' | 'POST'): ResolverSpec {
  if (!/^https:\/\//i.test(given)) throw bad(`${given}: DNS over HTTPS needs an https:// URL (RFC 8484 §3).`)
  // Servers are configured by URI template (RFC 8484 §3, RFC 6570): "https://h/dns-query{?dns}". The only variable
  // is dns, which GET fills in itself, so the template's expression is dropped.
  const text = given.replace(/\{\?dns\}$/, '')
  if (/[{}]/.test(text)) throw bad(`${given}: the only URI template variable DoH defines is {?dns} at the end (RFC 8484 §4.1).`)
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw bad(`${text} is not a URL.`)
  }
  if (url.username || url.password) throw bad(`${text}: a DoH URL carries no user name or password.`)
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname
  checkDotted(host)
  const portText = /^https:\/\/(\[[^\]]*\]|[^/:?#]*):(\d+)/i.exec(text)?.[2]
  const port = portText ? parsePort(portText, text) : url.port ? Number(url.port) : DEFAULT_PORTS.https
  // RFC 8484 §4.1: the URI template's path; "/dns-query" is the common one when none is given.
  const path = url.pathname === '/' && !text.replace(/^https:\/\/[^/]*/i, '').startsWith('/') ? '/dns-query' : url.pathname
  const shownHost = host.includes(':') ? `[${host}]` : host
  const portPart = port === DEFAULT_PORTS.https ? '' : `:${port}`
  return { transport: 'https', host, port, url: `https://${shownHost}${portPart}${path}${url.search}`, method }
}

/**
 * Parses a resolver as typed. `transport` says how to reach a bare address; a tls:// or https:// prefix says its
 * own. "system" means the servers in resolv.conf (transport 'system' is the OS's getaddrinfo instead).
 */
export function parseResolver(text: string, transport: DnsTransport = 'udp', dohMethod: 'GET' | 'POST' = 'GET'): ResolverSpec {
  const t = text.trim()
  if (t === '') throw bad('The resolver is empty: give an address such as 127.0.0.1, tls://host or an https:// URL.')
  if (t.length > 512) throw bad('The resolver is longer than 512 characters.')
  if (t.toLowerCase() === 'system') return { transport: 'system', host: '', port: 0 }
  if (/^tls:\/\//i.test(t)) return parseDot(t.slice(6), t)
  if (/^https:\/\//i.test(t)) return parseDoh(t, dohMethod)
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(t)) {
    if (/^http:\/\//i.test(t)) throw bad(`${t}: DNS over HTTPS needs an https:// URL (RFC 8484 §3).`)
    throw bad(`${t}: only tls:// (DNS over TLS) and https:// (DNS over HTTPS) URLs are understood.`)
  }
  if (transport === 'https') throw bad(`${t}: DNS over HTTPS needs an https:// URL (RFC 8484 §3), for example https://${t}/dns-query.`)
  if (transport === 'tls') return parseDot(t, t)
  return parseServer(t, transport === 'system' ? 'udp' : transport)
}

/** The resolver as we show it: "127.0.0.1#53", "[::1]#5353", "dns.example#853 (TLS)", the DoH URL. */
export function describeResolver(r: ResolverSpec): string {
  if (r.transport === 'system') return 'the system resolver (getaddrinfo)'
  if (r.transport === 'https') return r.url ?? `https://${r.host}:${r.port}/dns-query`
  const host = r.host.includes(':') ? `[${r.host}]` : r.host
  const suffix = r.transport === 'tcp' ? ' (TCP)' : r.transport === 'tls' ? ' (TLS)' : ''
  return `${host}#${r.port}${suffix}`
}

/** The server alone, as scripts want it: "127.0.0.1#53", "[::1]#5353", "dns.example#853", the DoH URL — the
 *  transport is said separately. */
export function serverAddress(r: ResolverSpec): string {
  if (r.transport === 'system') return 'getaddrinfo (system)'
  if (r.transport === 'https') return r.url ?? `https://${r.host}:${r.port}/dns-query`
  return `${r.host.includes(':') ? `[${r.host}]` : r.host}#${r.port}`
}
