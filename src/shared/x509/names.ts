// Matching names the way TLS clients do: host names against certificate DNS names (RFC 9525 §6.3, which replaced
// RFC 6125 §6.4) and names against a CA's name constraints (RFC 5280 §4.2.1.10). Pure string logic, shared by the
// engine and the UI.
import { parseIP } from './ip'

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
 * RFC 9525 §6.3 as browsers apply it: a wildcard is only the whole left-most label ("*.example.com"), matches
 * exactly one non-empty label, and needs at least two labels after it ("*.com" never matches). Partial wildcards
 * ("f*.example.com") never match. A reference identifier that is an IP address never matches a DNS name, wildcard
 * or not (RFC 9525 §6.4: IP addresses are compared only with iPAddress SANs), and one holding "*" matches nothing.
 * Internationalized names are compared as lower-case A-labels (RFC 9525 §6.3, RFC 5890).
 */
export function matchHostname(host: string, pattern: string): boolean {
  const h = normalizeHost(host)
  const p = normalizeHost(pattern)
  if (!h || !p || h.includes('*') || parseIP(h)) return false
  const hLabels = h.split('.')
  if (hLabels.some((l) => l === '')) return false
  if (!p.includes('*')) return h === p
  const pLabels = p.split('.')
  if (pLabels[0] !== '*' || pLabels.slice(1).some((l) => l.includes('*') || l === '')) return false
  if (pLabels.length < 3 || pLabels.length !== hLabels.length) return false
  return hLabels.slice(1).join('.') === pLabels.slice(1).join('.')
}

const LDH_LABEL = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/i

/**
 * Why `name` is not a dNSName in the "preferred name syntax" RFC 5280 §4.2.1.6 requires (RFC 1034 §3.5 as relaxed
 * by RFC 1123 §2.1: letters, digits and hyphens, labels of 1–63 octets, no hyphen first or last), or undefined when
 * it is one. `wildcard` also accepts "*" as the whole left-most label followed by at least one more label.
 */
export function dnsNameProblem(name: string, wildcard = false): string | undefined {
  if (name === '') return 'it is empty'
  if (name.length > 253) return 'it is longer than 253 characters'
  if (name.startsWith('.')) return 'it starts with a period'
  if (name.endsWith('.')) return 'it ends with a period'
  const labels = name.split('.')
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i] as string
    if (l === '') return 'it has an empty label (two periods in a row)'
    if (l === '*' && wildcard && i === 0 && labels.length > 1) continue
    if (l.includes('*')) return `the wildcard "*" may only be the whole left-most label, not part of "${l}"`
    if (l.length > 63) return `its label "${l.slice(0, 20)}…" is longer than 63 octets`
    if (l.includes('_')) return `its label "${l}" contains an underscore`
    if (!LDH_LABEL.test(l)) return `its label "${l}" has characters other than letters, digits and hyphens, or starts or ends with a hyphen`
  }
  return undefined
}

/**
 * RFC 5280 §4.2.1.10 for dNSName constraints, read literally: "any DNS name that can be constructed by simply
 * adding zero or more labels to the left-hand side of the name satisfies the name constraint". The empty
 * constraint is the root, so it covers every name (the BRs use a zero-length excluded dNSName to forbid them all).
 * Both are expected valid (dnsNameProblem), compared case-insensitively (RFC 5280 §7.2).
 */
export function dnsConstraintCovers(name: string, constraint: string): boolean {
  const n = name.toLowerCase()
  const c = constraint.toLowerCase()
  return c === '' || n === c || n.endsWith(`.${c}`)
}

/**
 * A SAN "*.example.com" stands for every name one label below example.com. `all`: is every such name inside the
 * constraint (only a constraint covering example.com itself does that)? Otherwise: is some name inside it (a
 * constraint covering example.com, or exactly one label below it, such as bar.example.com)?
 */
export function dnsPatternWithin(pattern: string, constraint: string, all: boolean): boolean {
  if (!pattern.startsWith('*.')) return dnsConstraintCovers(pattern, constraint)
  const base = pattern.slice(2).toLowerCase()
  if (dnsConstraintCovers(base, constraint)) return true
  if (all) return false
  const c = constraint.toLowerCase()
  const head = c.endsWith(`.${base}`) ? c.slice(0, -base.length - 1) : undefined
  return head !== undefined && head !== '' && !head.includes('.')
}

/**
 * Why `address` is not an rfc822Name: RFC 5280 §4.2.1.6 wants a Mailbox of RFC 5321 §4.1.2 (local-part "@"
 * domain) in an IA5String, so exactly one unquoted "@", ASCII only (SmtpUTF8Mailbox is a different name form,
 * RFC 9598), and a domain in preferred name syntax. Undefined when it is one.
 */
export function mailboxProblem(address: string): string | undefined {
  const at = address.lastIndexOf('@')
  if (at < 0) return 'it has no "@"'
  const local = address.slice(0, at)
  if (local === '') return 'its local part (before the "@") is empty'
  const quoted = local.length >= 2 && local.startsWith('"') && local.endsWith('"')
  if (!quoted && local.includes('@')) return 'it has more than one "@"'
  if (!quoted && /[^\x21-\x7e]/.test(local)) return 'its local part has spaces or characters outside ASCII'
  const problem = dnsNameProblem(address.slice(at + 1))
  return problem ? `its domain is not a DNS name: ${problem}` : undefined
}

/** True when `pattern` is a wildcard that RFC 6125 would refuse (for lint and explanations). */
export function isBadWildcard(pattern: string): boolean {
  if (!pattern.includes('*')) return false
  const labels = normalizeHost(pattern).split('.')
  return labels[0] !== '*' || labels.slice(1).some((l) => l.includes('*')) || labels.length < 3
}

/**
 * A DNS constraint covers the name itself and anything made by adding labels on the left; a leading period is read
 * as OpenSSL does ("subdomains only"). For explanations; the verifier uses dnsConstraintCovers, and refuses a
 * leading-period dNSName constraint, which RFC 5280 §4.2.1.10 does not define.
 */
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
