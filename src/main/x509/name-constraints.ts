// Name constraints (RFC 5280 §4.2.1.10) as the verifier applies them: a CA's permitted and excluded subtrees
// against every name in the certificates below it (SANs, the subject DN, e-mail attributes, and the leaf's CN when
// it is used as a host name because there are no DNS SANs).
import { Tag, decode, expect } from '../../shared/x509/asn1'
import { parseIP } from '../../shared/x509/ip'
import { dnsWithin, emailWithin, ipWithin, uriWithin } from '../../shared/x509/names'
import { OID } from '../../shared/x509/oids'
import { type ParsedCertificate, subjectAltNames } from './certificate'
import { parseGeneralName } from './general-name'
import { parseName } from './name'
import type { GeneralName, GeneralNameType } from './types'

interface Subtree {
  name: GeneralName
  ip?: Uint8Array
  rdns?: string[]
}

export interface NameConstraints {
  permitted: Subtree[]
  excluded: Subtree[]
}

/** The certificate's name constraints, or undefined when it has none (or they cannot be read). */
export function readNameConstraints(cert: ParsedCertificate): NameConstraints | undefined {
  const raw = cert.rawExtensions.find((e) => e.oid === OID.nameConstraints)
  if (!raw) return undefined
  const out: NameConstraints = { permitted: [], excluded: [] }
  const root = decode(raw.valueNode.buf, raw.valueNode.contentStart, raw.valueNode.contentEnd)
  for (const part of expect(root, Tag.sequence, 'NameConstraints').children) {
    const list = part.isContext(0) ? out.permitted : part.isContext(1) ? out.excluded : undefined
    if (!list) continue
    for (const st of part.children) {
      const [base] = expect(st, Tag.sequence, 'GeneralSubtree').children
      if (!base) continue
      const name = parseGeneralName(base, true)
      const subtree: Subtree = { name }
      if (name.type === 'ip') {
        const bytes = base.content.slice()
        if (bytes.length === 8 || bytes.length === 32) subtree.ip = bytes
      }
      if (name.type === 'directoryName' && base.children[0]) subtree.rdns = parseName(base.children[0]).canonicalRdns
      list.push(subtree)
    }
  }
  return out
}

interface CheckedName {
  name: GeneralName
  ip?: Uint8Array
  rdns?: string[]
}

const HOSTNAME_RE = /^(\*\.)?([a-z0-9_-]+\.)+[a-z0-9_-]+$/i

/** Every name of `cert` that name constraints apply to. */
function namesOf(cert: ParsedCertificate, isLeaf: boolean): CheckedName[] {
  const out: CheckedName[] = []
  const sans = subjectAltNames(cert)
  for (const n of sans) {
    const entry: CheckedName = { name: n }
    if (n.type === 'ip') {
      const ip = parseIP(n.value)
      if (ip) entry.ip = ip
    }
    out.push(entry)
  }
  if (cert.subject.canonicalRdns.length > 0) {
    out.push({ name: { type: 'directoryName', value: cert.subject.info.text }, rdns: cert.subject.canonicalRdns })
  }
  for (const a of cert.subject.info.rdns.flat()) {
    if (a.oid === '1.2.840.113549.1.9.1') out.push({ name: { type: 'email', value: a.value } })
  }
  // a leaf without DNS SANs may be matched by its CN, so the CN must obey DNS constraints too
  const cn = cert.subject.info.commonName
  if (isLeaf && cn && !sans.some((n) => n.type === 'dns') && HOSTNAME_RE.test(cn) && !parseIP(cn)) {
    out.push({ name: { type: 'dns', value: cn } })
  }
  return out
}

function within(n: CheckedName, st: Subtree): boolean {
  switch (n.name.type) {
    case 'dns':
      return dnsWithin(n.name.value, st.name.value)
    case 'email':
      return emailWithin(n.name.value, st.name.value)
    case 'uri':
      return uriWithin(n.name.value, st.name.value)
    case 'ip':
      return !!n.ip && !!st.ip && ipWithin(n.ip, st.ip)
    case 'directoryName': {
      const c = st.rdns ?? []
      const s = n.rdns ?? []
      return c.length <= s.length && c.every((r, i) => r === s[i])
    }
    default:
      return false
  }
}

const CHECKED: GeneralNameType[] = ['dns', 'email', 'uri', 'ip', 'directoryName']

/** Violations, one sentence each; an empty list means the certificate's names are all allowed. */
export function nameConstraintViolations(cert: ParsedCertificate, nc: NameConstraints, isLeaf: boolean): string[] {
  const out: string[] = []
  for (const n of namesOf(cert, isLeaf)) {
    if (!CHECKED.includes(n.name.type)) continue
    const excluded = nc.excluded.find((st) => st.name.type === n.name.type && within(n, st))
    if (excluded) {
      out.push(`${n.name.type} name "${n.name.value}" is in the excluded subtree "${excluded.name.value}"`)
      continue
    }
    const permittedOfType = nc.permitted.filter((st) => st.name.type === n.name.type)
    if (permittedOfType.length > 0 && !permittedOfType.some((st) => within(n, st))) {
      out.push(`${n.name.type} name "${n.name.value}" is outside the permitted subtrees (${permittedOfType.map((s) => s.name.value).join(', ')})`)
    }
  }
  return out
}
