// The one SNI rule every Wirebench TLS client follows, and the name a certificate is checked against.
import net from 'node:net'
import { WirebenchError } from '../../shared/errors'

/** A host as typed, without IPv6 brackets ("[::1]" → "::1"). */
export function bareHost(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host
}

/**
 * The server name sent in SNI, or null for none. Default: the host when it is a DNS name, none for an IP literal
 * (RFC 6066 §3 forbids literal IPv4 and IPv6 addresses in HostName). An explicit name overrides; '' sends none.
 * RFC 6066 also has the name without its trailing dot.
 */
export function serverNameFor(host: string, explicit?: string): string | null {
  if (explicit !== undefined) {
    if (explicit === '') return null
    if (net.isIP(bareHost(explicit))) {
      throw new WirebenchError('INVALID_INPUT', `"${explicit}" is an IP address; SNI carries only DNS names (RFC 6066 §3). Leave the server name empty to send none.`)
    }
    return withoutTrailingDot(explicit)
  }
  const bare = bareHost(host)
  return net.isIP(bare) ? null : withoutTrailingDot(bare)
}

/** The name the certificate must be for: an explicit check name, else the SNI name, else the host (an IP address). */
export function verifyNameFor(host: string, servername: string | null, explicit?: string): string {
  return explicit || servername || bareHost(host)
}

function withoutTrailingDot(name: string): string {
  return name.endsWith('.') ? name.slice(0, -1) : name
}
