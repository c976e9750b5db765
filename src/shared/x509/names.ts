// Matching names the way TLS clients do: host names against certificate DNS names (RFC 6125 §6.4) and names
// against a CA's name constraints (RFC 5280 §4.2.1.10). Pure string logic, shared by the engine and the UI.

/** Lower-case ASCII form of a host name: trailing dot dropped, internationalized names converted to A-labels. */
export function normalizeHost(host: string): string {
  let h = host.trim().toLowerCase()
  if (h.endsWith('.')) h = h.slice(0, -1)
  if (/[^\x00-\x7f]/.test(h)) {
    try {
      h = new URL(`http://${h}/`).hostname
    } catch {
      // leave it: it will simply not match anything
    }
  }
  return h
}

/**
 * RFC 6125 §6.4.3 as browsers apply it: a wildcard is only the whole leftmost label ("*.example.com"), matches
 * exactly one label, and needs at least two labels after it. Partial wildcards ("f*.example.com") never match.
 */
export function matchHostname(host: string, pattern: string): boolean {
  const h = normalizeHost(host)
  const p = normalizeHost(pattern)
  if (!h || !p) return false
  if (!p.includes('*')) return h === p
  const pLabels = p.split('.')
  const hLabels = h.split('.')
  if (pLabels[0] !== '*' || pLabels.slice(1).some((l) => l.includes('*'))) return false
  if (pLabels.length < 3 || pLabels.length !== hLabels.length) return false
  if (!hLabels[0]) return false
  return hLabels.slice(1).join('.') === pLabels.slice(1).join('.')
}

/** True when `pattern` is a wildcard that RFC 6125 would refuse (for lint and explanations). */
export function isBadWildcard(pattern: string): boolean {
  if (!pattern.includes('*')) return false
  const labels = normalizeHost(pattern).split('.')
  return labels[0] !== '*' || labels.slice(1).some((l) => l.includes('*')) || labels.length < 3
}

/** RFC 5280: a DNS constraint covers the name itself and anything made by adding labels on the left. */
export function dnsWithin(name: string, constraint: string): boolean {
  const n = normalizeHost(name)
  const c = normalizeHost(constraint)
  if (c === '') return true
  if (c.startsWith('.')) return n.endsWith(c) // OpenSSL's reading: ".example.com" means subdomains only
  return n === c || n.endsWith(`.${c}`)
}

/** RFC 5280: "user@host" is one mailbox, "host" every mailbox on that host, ".host" every host under it. */
export function emailWithin(address: string, constraint: string): boolean {
  const at = address.lastIndexOf('@')
  if (at < 0) return false
  const local = address.slice(0, at)
  const domain = normalizeHost(address.slice(at + 1))
  const cAt = constraint.lastIndexOf('@')
  if (cAt >= 0) return local === constraint.slice(0, cAt) && domain === normalizeHost(constraint.slice(cAt + 1))
  const c = normalizeHost(constraint)
  if (c === '') return true
  if (c.startsWith('.')) return domain.endsWith(c)
  return domain === c
}

/** The host of a URI ("https://a.example.com:8443/x" → "a.example.com"), or undefined. */
export function uriHost(uri: string): string | undefined {
  const m = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)/.exec(uri)
  const host = m?.[1]
  return host ? normalizeHost(host.replace(/^\[|\]$/g, '')) : undefined
}

/** RFC 5280: for URIs the constraint applies to the host; ".example.com" means any host under it. */
export function uriWithin(uri: string, constraint: string): boolean {
  const host = uriHost(uri)
  if (host === undefined) return false
  const c = normalizeHost(constraint)
  if (c.startsWith('.')) return host.endsWith(c)
  return host === c
}

/** An address (4 or 16 bytes) against an address+mask constraint (8 or 32 bytes) of the same family. */
export function ipWithin(ip: Uint8Array, range: Uint8Array): boolean {
  if (range.length !== ip.length * 2) return false
  for (let i = 0; i < ip.length; i++) {
    const mask = range[ip.length + i] as number
    if (((ip[i] as number) & mask) !== ((range[i] as number) & mask)) return false
  }
  return true
}
