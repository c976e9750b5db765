// Reading a CA's Name Constraints extension (RFC 5280 §4.2.1.10) strictly, for the verifier: a constraint the
// validator cannot read exactly must stop the path (§6.1.4 (g) needs every subtree), so anything malformed, empty
// or outside the profile is an INVALID_EXTENSION error with words, never a silently shorter list.
import { type Asn1, Tag, decode, expect, readSmallInt, retag } from '../../shared/x509/asn1'
import { formatIPRange } from '../../shared/x509/ip'
import { dnsNameProblem } from '../../shared/x509/names'
import { OID } from '../../shared/x509/oids'
import { WirebenchError } from '../../shared/errors'
import type { ParsedCertificate } from './certificate'
import { parseGeneralName } from './general-name'
import { parseName } from './name'
import type { GeneralName } from './types'

export interface Subtree {
  name: GeneralName
  /** iPAddress constraints: address followed by mask (8 or 32 octets). */
  ip?: Uint8Array
  /** directoryName constraints: canonical RDNs (RFC 5280 §7.1) for the prefix comparison. */
  rdns?: string[]
}

export interface NameConstraints {
  permitted: Subtree[]
  excluded: Subtree[]
  /** Whether the extension is marked critical (RFC 5280 §4.2.1.10: "process the constraint or reject"). */
  critical: boolean
}

const SOURCE = 'RFC 5280 §4.2.1.10'

function refuse(cert: ParsedCertificate, why: string): never {
  const who = cert.subject.info.commonName ?? (cert.subject.info.text || '(empty subject)')
  throw new WirebenchError('INVALID_EXTENSION', `The Name Constraints of "${who}" cannot be used: ${why} (${SOURCE}).`)
}

/** A contiguous mask (CIDR, RFC 4632) is the only kind RFC 5280 §4.2.1.10 describes. */
function contiguous(mask: Uint8Array): boolean {
  let zeroSeen = false
  for (const b of mask) {
    for (let bit = 7; bit >= 0; bit--) {
      const one = (b & (1 << bit)) !== 0
      if (one && zeroSeen) return false
      if (!one) zeroSeen = true
    }
  }
  return true
}

/**
 * Why a constraint's base name cannot be used, or undefined. The leading period: RFC 5280 §4.2.1.10 gives it a
 * meaning for URI ("When the constraint begins with a period, it MAY be expanded with one or more labels") and
 * rfc822Name constraints ("with a leading period (as with URIs)") only; for dNSName it says "any DNS name that can
 * be constructed by simply adding zero or more labels to the left-hand side of the name satisfies the name
 * constraint", and ".example.com" is not a name in preferred name syntax (§4.2.1.6). So a dNSName constraint with a
 * leading period is refused rather than guessed at (OpenSSL reads it as "subdomains only", others as "example.com").
 * The empty string is accepted for DNS, e-mail and URI alike: the root, which covers every name (CA/Browser Forum BR
 * §7.1.2.5.2 asks for a zero-length excluded dNSName to forbid all DNS names).
 */
function constraintProblem(base: Asn1, name: GeneralName): string | undefined {
  switch (name.type) {
    case 'dns':
      if (name.value === '') return undefined
      if (name.value.startsWith('.')) return `the dNSName constraint "${name.value}" starts with a period, which RFC 5280 defines only for URI and rfc822Name constraints`
      return dnsOrWhy(name.value, 'dNSName')
    case 'email': {
      const v = name.value
      if (v === '') return undefined
      const at = v.lastIndexOf('@')
      if (at === 0 || v.indexOf('@') !== at) return `the rfc822Name constraint "${v}" is neither a mailbox, a host nor a domain`
      if (at > 0) return dnsOrWhy(v.slice(at + 1), 'rfc822Name')
      return dnsOrWhy(v.startsWith('.') ? v.slice(1) : v, 'rfc822Name')
    }
    case 'uri': {
      const v = name.value
      if (v === '') return undefined
      // "The constraint MUST be specified as a fully qualified domain name and MAY specify a host or a domain."
      return dnsOrWhy(v.startsWith('.') ? v.slice(1) : v, 'uniformResourceIdentifier')
    }
    case 'ip': {
      const len = base.content.length
      if (len !== 8 && len !== 32) return `an iPAddress constraint has ${len} octets; it must be 8 (IPv4 address and mask) or 32 (IPv6)`
      if (!contiguous(base.content.subarray(len / 2))) return `the iPAddress constraint ${formatIPRange(base.content)} has a mask that is not a CIDR prefix`
      return undefined
    }
    default:
      return undefined
  }
}

function dnsOrWhy(value: string, form: string): string | undefined {
  const why = dnsNameProblem(value)
  return why ? `the ${form} constraint "${value}" is not a DNS name: ${why}` : undefined
}

function readSubtrees(cert: ParsedCertificate, part: Asn1, which: string): Subtree[] {
  if (!part.constructed) refuse(cert, `${which} is not a SEQUENCE`)
  // GeneralSubtrees ::= SEQUENCE SIZE (1..MAX) OF GeneralSubtree
  if (part.children.length === 0) refuse(cert, `${which} is an empty list, and RFC 5280 requires at least one subtree`)
  return part.children.map((st) => {
    const [base, ...rest] = expect(st, Tag.sequence, 'GeneralSubtree').children
    if (!base) refuse(cert, `a subtree in ${which} has no base name`)
    let name: GeneralName
    try {
      name = parseGeneralName(base, true)
    } catch (err) {
      refuse(cert, `a base name in ${which} cannot be read: ${err instanceof Error ? err.message : String(err)}`)
    }
    const problem = constraintProblem(base, name)
    if (problem) refuse(cert, problem)
    for (const r of rest) {
      if (r.isContext(0)) {
        const min = readSmallInt(retag(r, Tag.integer), 'minimum')
        if (min !== 0) refuse(cert, `the subtree "${name.value}" has minimum ${min}; "within this profile, the minimum and maximum fields are not used … minimum MUST be zero"`)
      } else if (r.isContext(1)) {
        refuse(cert, `the subtree "${name.value}" has a maximum, which "MUST be absent" in this profile`)
      } else refuse(cert, `the subtree "${name.value}" has an unexpected field`)
    }
    const subtree: Subtree = { name }
    if (name.type === 'ip') subtree.ip = base.content.slice()
    if (name.type === 'directoryName') {
      const inner = base.children[0]
      if (!inner || base.children.length !== 1) refuse(cert, `a directoryName in ${which} does not hold exactly one Name`)
      subtree.rdns = parseName(inner, 'directoryName constraint').canonicalRdns
    }
    return subtree
  })
}

/**
 * The certificate's name constraints, or undefined when it has none. Throws WirebenchError('INVALID_EXTENSION')
 * when they are malformed or outside RFC 5280 §4.2.1.10: neither list present ("Conforming CAs MUST NOT issue
 * certificates where name constraints is an empty sequence"), an empty list, a minimum other than 0, a maximum, a
 * base name that is not a valid constraint of its form, or the extension twice (§4.2).
 */
export function readNameConstraints(cert: ParsedCertificate): NameConstraints | undefined {
  const raws = cert.rawExtensions.filter((e) => e.oid === OID.nameConstraints)
  const raw = raws[0]
  if (!raw) return undefined
  if (raws.length > 1) refuse(cert, 'the extension appears more than once (RFC 5280 §4.2: "MUST NOT include more than one instance")')
  const out: NameConstraints = { permitted: [], excluded: [], critical: raw.critical }
  try {
    const root = expect(decode(raw.valueNode.buf, raw.valueNode.contentStart, raw.valueNode.contentEnd), Tag.sequence, 'NameConstraints')
    let last = -1
    for (const part of root.children) {
      const tag = part.cls === 2 ? part.tag : -1
      if (tag !== 0 && tag !== 1) refuse(cert, 'it holds something other than permittedSubtrees [0] and excludedSubtrees [1]')
      if (tag <= last) refuse(cert, 'permittedSubtrees or excludedSubtrees appears twice or out of order')
      last = tag
      if (tag === 0) out.permitted = readSubtrees(cert, part, 'permittedSubtrees')
      else out.excluded = readSubtrees(cert, part, 'excludedSubtrees')
    }
    if (last === -1) refuse(cert, 'it is an empty sequence: either permittedSubtrees or excludedSubtrees must be present')
  } catch (err) {
    if (err instanceof WirebenchError && err.code === 'INVALID_EXTENSION') throw err
    refuse(cert, `the extension is malformed: ${err instanceof Error ? err.message : String(err)}`)
  }
  return out
}
