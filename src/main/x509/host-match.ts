// Is this leaf certificate for the host the user asked about? RFC 9525 §6 (which obsoletes RFC 6125): a host name is
// matched only against dNSName SANs and an IP address only against iPAddress SANs; the subject's Common Name is never
// a host name (RFC 9525 §1.2 drops CN-IDs, as every browser has), except in an explicit legacy mode for a
// certificate with no subjectAltName extension at all, where RFC 6125 §6.4.4 allowed it — and then with a warning.
import { bytesEqual } from '../../shared/x509/asn1'
import { parseIP } from '../../shared/x509/ip'
import { matchHostname, normalizeHost } from '../../shared/x509/names'
import { OID } from '../../shared/x509/oids'
import type { ParsedCertificate } from './certificate'
import { subjectAltNames } from './certificate'
import type { ChainIssue } from './types'

export interface HostTarget {
  /** A host name (an IP literal here, bracketed or not, is matched as an IP address). */
  host?: string
  ip?: string
}

export interface HostMatchOptions {
  /** RFC 6125 §6.4.4: fall back to the CN when the certificate has no subjectAltName extension. Off by default. */
  legacyCommonName?: boolean
}

const MAX_LISTED = 20

function listed(values: string[]): string {
  return values.slice(0, MAX_LISTED).join(', ') + (values.length > MAX_LISTED ? `, … (${values.length} in all)` : '')
}

function issue(severity: 'error' | 'warning', code: string, message: string, source: string): ChainIssue {
  return { severity, code, message, source, depth: 0 }
}

function ipIssues(leaf: ParsedCertificate, target: string): ChainIssue[] {
  const bytes = parseIP(target)
  const src = 'RFC 9525 §6.4'
  if (!bytes) return [issue('error', 'IP_MISMATCH', `"${target}" is not a valid IP address, so no certificate can be valid for it.`, src)]
  // compared as octets, so every spelling of an IPv6 address ("2001:db8::1", "2001:0db8:0:0::1") is the same address
  const ips = subjectAltNames(leaf).filter((n) => n.type === 'ip')
  if (ips.some((n) => bytesEqual(parseIP(n.value) ?? new Uint8Array(), bytes))) return []
  const why = ips.length ? `its IP address SANs are ${listed(ips.map((n) => n.value))}` : 'it has no IP address SANs'
  return [
    issue('error', 'IP_MISMATCH', `The certificate is not valid for IP address ${target}: ${why}. An IP address matches only an iPAddress SAN, never a DNS name or the Common Name (RFC 9525 §6.4).`, src)
  ]
}

function dnsHostIssues(leaf: ParsedCertificate, host: string, legacy: boolean): ChainIssue[] {
  const h = normalizeHost(host)
  const sans = subjectAltNames(leaf)
  const dnsNames = sans.filter((n) => n.type === 'dns').map((n) => n.value)
  // a dNSName is an IA5String holding A-labels (RFC 5280 §7.2); anything else is not a presented identifier
  if (dnsNames.some((d) => /^[\x21-\x7e]+$/.test(d) && matchHostname(h, d))) return []
  const hasSanExtension = leaf.rawExtensions.some((e) => e.oid === OID.subjectAltName)
  const sanMalformed = leaf.extensions.get(OID.subjectAltName)?.value.type === 'malformed'
  const cn = leaf.subject.info.commonName
  const cnMatches = cn !== undefined && matchHostname(h, cn)
  if (legacy && !hasSanExtension && cnMatches) {
    return [
      issue(
        'warning',
        'CN_FALLBACK',
        `"${h}" matches only the Common Name "${cn}": the certificate has no subjectAltName extension, and the CN was used because legacy CN matching is on. RFC 9525 and every browser ignore the CN, so they reject this certificate.`,
        'RFC 6125 §6.4.4 (legacy); RFC 9525 §1.2, §6.3'
      )
    ]
  }
  let why: string
  if (sanMalformed) why = 'its subjectAltName extension is malformed, so it has no usable DNS names'
  else if (dnsNames.length) why = `its DNS names are ${listed(dnsNames)}`
  else if (sans.length) why = `it has no DNS names among its subjectAltNames (${listed(sans.map((n) => `${n.type}:${n.value}`))})`
  else why = 'it has no DNS names'
  const cnNote = cnMatches
    ? ` Its Common Name "${cn}" would match, but a host name is matched only against DNS SANs (RFC 9525 §6.3)${!hasSanExtension ? '; legacy CN matching can be turned on for old devices' : ''}.`
    : ''
  return [issue('error', 'HOSTNAME_MISMATCH', `The certificate is not valid for "${h}": ${why}.${cnNote}`, 'RFC 9525 §6.3')]
}

/**
 * Host and IP issues of the leaf (depth 0) for the name(s) the user connects to: HOSTNAME_MISMATCH and IP_MISMATCH
 * errors, or a CN_FALLBACK warning when `legacyCommonName` let the CN decide. Empty when everything matches.
 */
export function hostIssues(leaf: ParsedCertificate, target: HostTarget, opts: HostMatchOptions = {}): ChainIssue[] {
  const out: ChainIssue[] = []
  const ipTargets: string[] = []
  if (target.ip !== undefined) ipTargets.push(target.ip.replace(/^\[|\]$/g, ''))
  const bareHost = target.host?.trim().replace(/^\[|\]$/g, '')
  const hostIsIp = bareHost !== undefined && parseIP(bareHost) !== undefined
  if (hostIsIp && !ipTargets.includes(bareHost)) ipTargets.push(bareHost)
  for (const t of ipTargets) out.push(...ipIssues(leaf, t))
  if (target.host !== undefined && !hostIsIp) out.push(...dnsHostIssues(leaf, target.host, opts.legacyCommonName === true))
  return out
}
