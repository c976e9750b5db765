// The names of a subordinate certificate that a CA's name constraints apply to (RFC 5280 §6.1.3 (b)(c)): every
// subjectAltName entry, the subject DN, e-mail addresses in the subject (§4.2.1.10), each checked for the syntax
// its form requires — a name that cannot be read cannot be shown to be inside a permitted or outside an excluded
// subtree. The CN is a host name only in the caller's explicit legacy mode (RFC 9525 drops CN-IDs).
import { Tag, decode, expect } from '../../shared/x509/asn1'
import { dnsNameProblem, mailboxProblem, uriHost } from '../../shared/x509/names'
import { OID } from '../../shared/x509/oids'
import type { ParsedCertificate } from './certificate'
import { parseGeneralName } from './general-name'
import { parseName } from './name'
import type { GeneralNameType } from './types'

const EMAIL_ADDRESS = '1.2.840.113549.1.9.1'

export interface SubjectName {
  form: GeneralNameType
  value: string
  /** Where the name was found, for messages. */
  where: 'SAN' | 'subject' | 'CN'
  ip?: Uint8Array
  rdns?: string[]
  /** URI: its host; an IP literal host is marked so that DNS-style URI constraints refuse it. */
  host?: string
  hostIsIp?: boolean
  /** Why the name does not have the syntax of its form (RFC 5280 §4.2.1.6); such a name cannot be checked. */
  problem?: string
}

export interface CollectedNames {
  names: SubjectName[]
  /** Set when a subjectAltName extension cannot be decoded at all: none of its names can be checked. */
  sanUnreadable?: string
  hasSan: boolean
}

function uriName(value: string): SubjectName {
  const n: SubjectName = { form: 'uri', value, where: 'SAN' }
  const host = uriHost(value)
  // RFC 5280 §4.2.1.10 applies URI constraints to "the host part of the name"; a URI without one cannot be checked
  if (host === undefined || host === '') {
    n.problem = 'it has no host part (scheme://host/…), and URI constraints apply to the host'
    return n
  }
  const raw = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)/.exec(value)?.[1] ?? ''
  if (raw.startsWith('[') || /^[0-9.]+$/.test(raw)) {
    n.host = raw.replace(/^\[|\]$/g, '')
    n.hostIsIp = true
    return n
  }
  const why = dnsNameProblem(raw)
  if (why) n.problem = `its host "${raw}" is not a DNS name: ${why}`
  else n.host = raw.toLowerCase()
  return n
}

function sanEntries(cert: ParsedCertificate, out: CollectedNames): void {
  for (const raw of cert.rawExtensions) {
    if (raw.oid !== OID.subjectAltName) continue
    out.hasSan = true
    let entries
    try {
      entries = expect(decode(raw.valueNode.buf, raw.valueNode.contentStart, raw.valueNode.contentEnd), Tag.sequence, 'SubjectAltName').children
    } catch (err) {
      out.sanUnreadable = err instanceof Error ? err.message : String(err)
      continue
    }
    for (const node of entries) {
      let gn
      try {
        gn = parseGeneralName(node)
      } catch (err) {
        const form: GeneralNameType | undefined = node.cls === 2 ? (['otherName', 'email', 'dns', 'x400Address', 'directoryName', 'ediPartyName', 'uri', 'ip', 'registeredId'] as const)[node.tag] : undefined
        // not a GeneralName at all: its form is unknown, so no constraint can be shown not to apply
        if (form === undefined) {
          out.sanUnreadable = `an entry at byte ${node.offset} is not a GeneralName`
          continue
        }
        out.names.push({ form, value: `(unreadable ${node.cls === 2 ? `[${node.tag}]` : 'entry'})`, where: 'SAN', problem: `it cannot be decoded: ${err instanceof Error ? err.message : String(err)}` })
        continue
      }
      switch (gn.type) {
        case 'dns': {
          const n: SubjectName = { form: 'dns', value: gn.value, where: 'SAN' }
          const why = dnsNameProblem(gn.value, true)
          if (why) n.problem = why
          out.names.push(n)
          break
        }
        case 'email': {
          const n: SubjectName = { form: 'email', value: gn.value, where: 'SAN' }
          const why = mailboxProblem(gn.value)
          if (why) n.problem = why
          out.names.push(n)
          break
        }
        case 'ip': {
          const bytes = node.content
          const n: SubjectName = { form: 'ip', value: gn.value, where: 'SAN' }
          if (bytes.length === 4 || bytes.length === 16) n.ip = bytes.slice()
          else n.problem = `it has ${bytes.length} octets; an iPAddress must have 4 (IPv4) or 16 (IPv6)`
          out.names.push(n)
          break
        }
        case 'uri':
          out.names.push(uriName(gn.value))
          break
        case 'directoryName': {
          const inner = node.children[0]
          out.names.push({ form: 'directoryName', value: gn.value, where: 'SAN', rdns: inner ? parseName(inner).canonicalRdns : [] })
          break
        }
        default:
          out.names.push({ form: gn.type, value: gn.oid ? `${gn.oid}: ${gn.value}` : gn.value, where: 'SAN' })
      }
    }
  }
}

/**
 * Every name of `cert` that name constraints apply to. `legacyCommonName`: a leaf without any subjectAltName
 * extension also has its CN checked as a DNS name, because the caller will match host names against it.
 */
export function namesOf(cert: ParsedCertificate, isLeaf: boolean, legacyCommonName = false): CollectedNames {
  const out: CollectedNames = { names: [], hasSan: false }
  sanEntries(cert, out)
  // an empty subject is not constrained: §4.2.1.10 applies directoryName constraints to the subject field "when present"
  if (cert.subject.canonicalRdns.length > 0) {
    out.names.push({ form: 'directoryName', value: cert.subject.info.text, where: 'subject', rdns: cert.subject.canonicalRdns })
  }
  // §4.2.1.10: "the rfc822Name constraint MUST be applied to the attribute of type emailAddress in the subject
  // distinguished name" (required when there is no SAN; applied always, as a mail client may show it either way)
  for (const a of cert.subject.info.rdns.flat()) {
    if (a.oid !== EMAIL_ADDRESS) continue
    const n: SubjectName = { form: 'email', value: a.value, where: 'subject' }
    const why = mailboxProblem(a.value)
    if (why) n.problem = why
    out.names.push(n)
  }
  const cn = cert.subject.info.commonName
  if (legacyCommonName && isLeaf && !out.hasSan && cn !== undefined && !dnsNameProblem(cn, true)) {
    out.names.push({ form: 'dns', value: cn, where: 'CN' })
  }
  return out
}
