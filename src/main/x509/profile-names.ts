// The name rules of the certificate profile: what a subject and a Subject Alternative Name must look like
// (RFC 5280 §4.1.2.6, §4.2.1.6) and the Baseline Requirements' Common Name rule (BR §7.1.4.3). The SAN is re-read
// from its raw bytes so that entries the decoder would smooth over (an iPAddress of 5 octets, an empty name) are
// still judged, and a certificate with thousands of names yields a handful of findings, not thousands.
import { type Asn1, Tag, decode, expect } from '../../shared/x509/asn1'
import { formatIP, parseIP } from '../../shared/x509/ip'
import { OID } from '../../shared/x509/oids'
import { type ParsedCertificate, isCA } from './certificate'
import { type ProfileContext, report } from './profile-keys'

/** SAN entries examined; past this the rest are not looked at (a SAN this large is itself remarkable). */
export const MAX_SAN_ENTRIES = 10_000
/** Examples named in one finding. */
const EXAMPLES = 5

export interface NameRole {
  isLeaf: boolean
  purpose: 'server' | 'client'
}

const LDH = /^[A-Za-z0-9-]+$/

/**
 * Why `name` is not a dNSName in the preferred name syntax of RFC 1034 §3.5 as relaxed by RFC 1123 §2.1 (RFC 5280
 * §4.2.1.6), with the wildcard form of BR §1.6.1 / RFC 9525 §6.3 ("*" as the whole left-most label), or undefined.
 */
export function dnsNameProblem(name: string): string | undefined {
  if (name === '') return 'is empty'
  if (name === ' ') return 'is a single space, which RFC 5280 §4.2.1.6 forbids'
  if (name.length > 253) return `is ${name.length} characters long (at most 253)`
  if (/[^\x21-\x7e]/.test(name)) return 'contains spaces, control or non-ASCII characters (IDNs must be A-labels, "xn--…")'
  if (name.endsWith('.')) return 'ends with a period (the root label MUST NOT be included, BR §7.1.2.7.12)'
  const labels = name.split('.')
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i] as string
    if (label === '') return 'has an empty label'
    if (label.length > 63) return `has a label of ${label.length} characters (at most 63)`
    if (label.includes('*')) {
      if (i !== 0 || label !== '*') return 'has a wildcard that is not the whole left-most label'
      if (labels.length < 2) return 'is a bare wildcard'
      continue
    }
    if (label.includes('_')) return 'contains an underscore, which a host name cannot'
    if (!LDH.test(label)) return 'contains characters other than letters, digits and hyphens'
    if (label.startsWith('-') || label.endsWith('-')) return 'has a label that starts or ends with a hyphen'
  }
  return undefined
}

interface Bad {
  code: string
  value: string
  why: string
}

const latin1 = (b: Uint8Array): string => String.fromCharCode(...b.subarray(0, 300))

/** One raw GeneralName of a SAN: why it breaks RFC 5280 §4.2.1.6, or undefined. */
function entryProblem(node: Asn1): Bad | undefined {
  if (node.cls !== 2) return { code: 'MALFORMED_SAN', value: `tag ${node.tag}`, why: 'is not a GeneralName' }
  const text = node.constructed ? '' : latin1(node.content)
  switch (node.tag) {
    case 1: {
      if (node.length === 0) return { code: 'EMPTY_SAN_ENTRY', value: 'rfc822Name ""', why: 'is empty' }
      const at = text.lastIndexOf('@')
      if (at <= 0 || at === text.length - 1) return { code: 'INVALID_SAN_EMAIL', value: text, why: 'is not an addr-spec (local-part@domain)' }
      return undefined
    }
    case 2: {
      const why = dnsNameProblem(text)
      if (!why) return undefined
      return { code: node.length === 0 ? 'EMPTY_SAN_ENTRY' : 'INVALID_SAN_DNS_NAME', value: `"${text.slice(0, 80)}"`, why }
    }
    case 4:
      if (node.children[0]?.children.length === 0) return { code: 'EMPTY_SAN_ENTRY', value: 'directoryName', why: 'is an empty name' }
      return undefined
    case 6:
      if (node.length === 0) return { code: 'EMPTY_SAN_ENTRY', value: 'URI ""', why: 'is empty' }
      // RFC 3986 §3: scheme ":" hier-part; a relative reference has no scheme
      if (!/^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$/.test(text)) return { code: 'INVALID_SAN_URI', value: text.slice(0, 80), why: 'is not an absolute URI with a scheme' }
      return undefined
    case 7:
      if (node.length !== 4 && node.length !== 16) {
        return { code: 'INVALID_SAN_IP', value: `${node.length} octets`, why: 'is neither an IPv4 (4 octets) nor an IPv6 (16 octets) address' }
      }
      return undefined
    default:
      return undefined
  }
}

/** What each SAN problem is, for one entry and for several. */
const SAN_WORDS: Record<string, [string, string]> = {
  MALFORMED_SAN: ['entry that is not a GeneralName', 'entries that are not GeneralNames'],
  EMPTY_SAN_ENTRY: ['empty entry, which RFC 5280 §4.2.1.6 forbids', 'empty entries, which RFC 5280 §4.2.1.6 forbids'],
  INVALID_SAN_EMAIL: ['rfc822Name that is not an e-mail address', 'rfc822Names that are not e-mail addresses'],
  INVALID_SAN_DNS_NAME: ['dNSName outside the preferred name syntax (RFC 5280 §4.2.1.6, RFC 1034 §3.5, BR §7.1.2.7.12)', 'dNSNames outside the preferred name syntax (RFC 5280 §4.2.1.6, RFC 1034 §3.5, BR §7.1.2.7.12)'],
  INVALID_SAN_URI: ['URI that is not absolute (RFC 5280 §4.2.1.6 requires a scheme)', 'URIs that are not absolute (RFC 5280 §4.2.1.6 requires a scheme)'],
  INVALID_SAN_IP: ['iPAddress of the wrong length (RFC 5280 §4.2.1.6: 4 or 16 octets)', 'iPAddresses of the wrong length (RFC 5280 §4.2.1.6: 4 or 16 octets)']
}

/** Subject, SAN and CN rules for a certificate that is not a trust anchor. */
export function nameIssues(cert: ParsedCertificate, ctx: ProfileContext, role: NameRole): void {
  const sanExt = cert.rawExtensions.find((e) => e.oid === OID.subjectAltName)
  const emptySubject = cert.subject.info.rdns.length === 0
  if (emptySubject && (!role.isLeaf || isCA(cert))) {
    report(ctx, 'error', 'EMPTY_CA_SUBJECT', 'RFC 5280 §4.1.2.6', `${ctx.name} is a CA certificate with an empty subject; RFC 5280 §4.1.2.6 says a CA's subject MUST be a non-empty distinguished name.`)
  } else if (emptySubject && !sanExt) {
    report(ctx, 'error', 'EMPTY_SUBJECT_WITHOUT_SAN', 'RFC 5280 §4.1.2.6', `${ctx.name} has an empty subject and no Subject Alternative Name, so it names nobody (RFC 5280 §4.1.2.6).`)
  } else if (emptySubject && sanExt && !sanExt.critical) {
    report(ctx, 'error', 'SAN_NOT_CRITICAL', 'RFC 5280 §4.1.2.6, §4.2.1.6', `${ctx.name} has an empty subject, so its Subject Alternative Name MUST be critical (RFC 5280 §4.2.1.6), and it is not.`)
  } else if (!emptySubject && sanExt?.critical && role.isLeaf && role.purpose === 'server') {
    report(ctx, 'error', 'SAN_CRITICAL_WITH_SUBJECT', 'CA/B Forum BR §7.1.2.7.12', `${ctx.name} has a subject and a critical Subject Alternative Name; BR §7.1.2.7.12 says the SAN MUST NOT be critical then.`)
  }
  if (sanExt) sanIssues(sanExt.valueNode, ctx, role)
  if (role.isLeaf && role.purpose === 'server' && !isCA(cert)) commonNameIssues(cert, ctx)
}

function sanIssues(valueNode: Asn1, ctx: ProfileContext, role: NameRole): void {
  let entries: Asn1[]
  try {
    entries = expect(decode(valueNode.buf, valueNode.contentStart, valueNode.contentEnd), Tag.sequence, 'SubjectAltName').children
  } catch (err) {
    report(ctx, 'error', 'MALFORMED_SAN', 'RFC 5280 §4.2.1.6', `${ctx.name}'s Subject Alternative Name cannot be read: ${err instanceof Error ? err.message : String(err)}`)
    return
  }
  if (entries.length === 0) {
    report(ctx, 'error', 'EMPTY_SAN', 'RFC 5280 §4.2.1.6', `${ctx.name} has a Subject Alternative Name with no entries; RFC 5280 §4.2.1.6 says it MUST contain at least one.`)
    return
  }
  const bad = new Map<string, Bad[]>()
  const others = new Set<string>()
  let wildTld: string | undefined
  for (const node of entries.slice(0, MAX_SAN_ENTRIES)) {
    let problem: Bad | undefined
    try {
      problem = entryProblem(node)
    } catch (err) {
      problem = { code: 'MALFORMED_SAN', value: `[${node.tag}]`, why: err instanceof Error ? err.message : String(err) }
    }
    if (problem) {
      const list = bad.get(problem.code) ?? []
      list.push(problem)
      bad.set(problem.code, list)
    }
    if (node.cls === 2 && node.tag !== 2 && node.tag !== 7) others.add(['otherName', 'rfc822Name', '', 'x400Address', 'directoryName', 'ediPartyName', 'URI', '', 'registeredID'][node.tag] ?? `[${node.tag}]`)
    if (node.cls === 2 && node.tag === 2 && !problem && /^\*\.[^.]+$/.test(latin1(node.content))) wildTld = latin1(node.content)
  }
  for (const [code, list] of bad) {
    const shown = list.slice(0, EXAMPLES).map((b) => `${b.value} ${b.why}`).join('; ')
    const [one, many] = SAN_WORDS[code] ?? ['bad entry', 'bad entries']
    const words = `${list.length} ${list.length === 1 ? one : many}`
    report(ctx, 'error', code, 'RFC 5280 §4.2.1.6', `${ctx.name}'s Subject Alternative Name has ${words}: ${shown}${list.length > EXAMPLES ? '; …' : ''}.`)
  }
  if (wildTld) {
    report(ctx, 'warning', 'WILDCARD_TOO_BROAD', 'CA/B Forum BR §3.2.2.6; RFC 9525 §6.3', `${ctx.name} has the wildcard ${wildTld}, directly under a top-level domain; clients never match it and CAs must not issue it.`)
  }
  if (role.isLeaf && role.purpose === 'server' && others.size) {
    report(ctx, 'warning', 'SAN_TYPE_NOT_ALLOWED', 'CA/B Forum BR §7.1.2.7.12', `${ctx.name}'s Subject Alternative Name holds ${[...others].join(', ')} entries; a TLS server certificate may carry only dNSName and iPAddress (BR §7.1.2.7.12).`)
  }
}

/** BR §7.1.4.3: a subscriber certificate's CN, if present, is exactly one of its SAN values. */
function commonNameIssues(cert: ParsedCertificate, ctx: ProfileContext): void {
  const cns = cert.subject.info.rdns.flat().filter((a) => a.oid === '2.5.4.3')
  if (cns.length === 0) return
  if (cns.length > 1) {
    report(ctx, 'error', 'MULTIPLE_COMMON_NAMES', 'CA/B Forum BR §7.1.4.3', `${ctx.name}'s subject has ${cns.length} Common Names; BR §7.1.4.3 allows exactly one.`)
  }
  const sans = cert.extensions.get(OID.subjectAltName)?.value
  const names = sans?.type === 'subjectAltName' ? sans.names : []
  for (const cn of cns.slice(0, EXAMPLES)) {
    const ip = parseIP(cn.value)
    let found: 'exact' | 'case' | undefined
    if (ip) {
      // BR §7.1.4.3: an IP address CN is the dotted-decimal / RFC 5952 text of an iPAddress SAN, nothing else
      if (names.some((n) => n.type === 'ip' && sameBytes(parseIP(n.value), ip))) found = cn.value === formatIP(ip) ? 'exact' : 'case'
    } else {
      for (const n of names) {
        if (n.type !== 'dns') continue
        if (n.value === cn.value) found = 'exact'
        else if (!found && n.value.toLowerCase() === cn.value.toLowerCase()) found = 'case'
      }
    }
    // BR §7.1.4.3 is an issuance rule the CA broke, and it is shown; but no client matches a host against the CN
    // when there is a SAN (RFC 9525 §6, and Wirebench never does), so the CN cannot make the certificate valid for a
    // name it does not list: a warning, as clients treat it, not a refusal of a chain they accept.
    const claimsHost = !!ip || (/\./.test(cn.value) && !/\s/.test(cn.value)) || readsAsIPv4(cn.value)
    if (!found) {
      // without any SAN no client matches a host name (RFC 9525 §6): host matching says so when a host is asked for
      // (and --legacy-cn can still match the CN); here it is the same BR note
      report(ctx, 'warning', 'CN_NOT_IN_SAN', 'CA/B Forum BR §7.1.4.3', names.length
        ? `${ctx.name}'s Common Name "${cn.value}" is not one of its Subject Alternative Names; BR §7.1.4.3 says it MUST be. ${claimsHost ? 'It reads like a host name, but' : 'Either way,'} the certificate is valid only for the names in its SAN: clients never match the CN when there is one (RFC 9525 §6).`
        : `${ctx.name} has the Common Name "${cn.value}" but no Subject Alternative Name; BR §7.1.4.3 says the CN MUST repeat a SAN, and clients match host names only against SANs (RFC 9525 §6).`)
    } else if (found === 'case') {
      report(ctx, 'warning', 'CN_SAN_FORM_DIFFERS', 'CA/B Forum BR §7.1.4.3', ip
        ? `${ctx.name}'s Common Name "${cn.value}" is an IP SAN written another way; BR §7.1.4.3 requires its RFC 5952 / dotted-decimal text, ${formatIP(ip)}.`
        : `${ctx.name}'s Common Name "${cn.value}" matches a SAN only when case is ignored; BR §7.1.4.3 requires a character-for-character copy of the dNSName.`)
    }
  }
}

/** A CN a URL parser would read as an IPv4 address (hex, octal or short forms such as 0xC0A80101): it names a host. */
function readsAsIPv4(value: string): boolean {
  if (!/^[0-9a-fA-FxX.]+$/.test(value) || !/^0[xX]|\./.test(value)) return false
  try {
    return /^\d+\.\d+\.\d+\.\d+$/.test(new URL(`http://${value}/`).hostname)
  } catch {
    return false
  }
}

function sameBytes(a: Uint8Array | undefined, b: Uint8Array): boolean {
  return !!a && a.length === b.length && a.every((x, i) => x === b[i])
}
