// Reads the four policy extensions of one certificate for RFC 5280 §6.1 processing, and reports where they break
// RFC 5280 §4.2.1.4, §4.2.1.5, §4.2.1.11 and §4.2.1.14 (a malformed extension is used as if absent, with an error,
// so the chain picture still shows what the rest of the path says).
import { OID } from '../../shared/x509/oids'
import type { ParsedCertificate } from './certificate'
import type { ChainIssue, ExtensionValue } from './types'

export interface CertificatePolicyInfo {
  /** null: no certificatePolicies extension (RFC 5280 §6.1.3 (e)). Policy OIDs in order, duplicates dropped. */
  policies: { oid: string; name?: string; qualifiers: string[] }[] | null
  /** Qualifiers of anyPolicy when the certificate asserts it. */
  anyPolicyQualifiers?: string[]
  /** issuerDomainPolicy → subjectDomainPolicy values, in order (anyPolicy mappings already reported and left out). */
  mappings: Map<string, string[]>
  requireExplicitPolicy?: number
  inhibitPolicyMapping?: number
  inhibitAnyPolicy?: number
  issues: ChainIssue[]
}

const ANY = OID.anyPolicy

export function certName(cert: ParsedCertificate): string {
  const text = cert.subject.info.text
  return text ? `"${text}"` : `the certificate with serial ${cert.serial.hex} (empty subject)`
}

function value<T extends ExtensionValue['type']>(cert: ParsedCertificate, oid: string, type: T, out: ChainIssue[], depth: number, source: string): Extract<ExtensionValue, { type: T }> | undefined {
  const v = cert.extensions.get(oid)?.value
  if (!v) return undefined
  if (v.type === 'malformed') {
    const name = cert.extensions.get(oid)?.name ?? oid
    out.push({ severity: 'error', code: 'INVALID_EXTENSION', depth, source, message: `The ${name} extension of ${certName(cert)} cannot be read (${v.error}), so the path's certificate policies cannot be processed (${source}).` })
    return undefined
  }
  return v.type === type ? (v as Extract<ExtensionValue, { type: T }>) : undefined
}

function qualifierText(p: { cps: string[]; userNotices: string[] }): string[] {
  return [...p.cps.map((u) => `CPS: ${u}`), ...p.userNotices.map((t) => `User notice: ${t}`)]
}

export function readPolicyExtensions(cert: ParsedCertificate, depth: number): CertificatePolicyInfo {
  const issues: ChainIssue[] = []
  const who = certName(cert)
  const info: CertificatePolicyInfo = { policies: null, mappings: new Map(), issues }
  const err = (source: string, message: string): void => {
    issues.push({ severity: 'error', code: 'INVALID_EXTENSION', depth, source, message })
  }

  const cp = value(cert, OID.certificatePolicies, 'certificatePolicies', issues, depth, 'RFC 5280 §4.2.1.4')
  if (cp) {
    if (cp.policies.length === 0) err('RFC 5280 §4.2.1.4', `The certificate policies extension of ${who} is empty; RFC 5280 §4.2.1.4 requires at least one policy (SIZE (1..MAX)).`)
    const seen = new Set<string>()
    const dups = new Set<string>()
    info.policies = []
    for (const p of cp.policies) {
      if (seen.has(p.oid)) {
        dups.add(p.oid)
        continue
      }
      seen.add(p.oid)
      if (p.oid === ANY) info.anyPolicyQualifiers = qualifierText(p)
      else info.policies.push(p.name ? { oid: p.oid, name: p.name, qualifiers: qualifierText(p) } : { oid: p.oid, qualifiers: qualifierText(p) })
    }
    if (dups.size) err('RFC 5280 §4.2.1.4', `The certificate policies extension of ${who} lists ${[...dups].join(', ')} more than once; RFC 5280 §4.2.1.4 says a policy OID MUST NOT appear more than once.`)
  }

  const pm = value(cert, OID.policyMappings, 'policyMappings', issues, depth, 'RFC 5280 §4.2.1.5')
  if (pm) {
    if (pm.mappings.length === 0) err('RFC 5280 §4.2.1.5', `The policy mappings extension of ${who} is empty; RFC 5280 §4.2.1.5 requires at least one mapping (SIZE (1..MAX)).`)
    for (const m of pm.mappings) {
      if (m.issuerDomainPolicy === ANY || m.subjectDomainPolicy === ANY) {
        err('RFC 5280 §6.1.4 (a)', `${who} maps ${m.issuerDomainPolicy} to ${m.subjectDomainPolicy}; policies MUST NOT be mapped to or from anyPolicy (RFC 5280 §4.2.1.5, §6.1.4 (a)).`)
        continue
      }
      const list = info.mappings.get(m.issuerDomainPolicy)
      if (!list) info.mappings.set(m.issuerDomainPolicy, [m.subjectDomainPolicy])
      else if (!list.includes(m.subjectDomainPolicy)) list.push(m.subjectDomainPolicy)
    }
  }

  const pc = value(cert, OID.policyConstraints, 'policyConstraints', issues, depth, 'RFC 5280 §4.2.1.11')
  if (pc) {
    if (pc.requireExplicitPolicy === undefined && pc.inhibitPolicyMapping === undefined) {
      err('RFC 5280 §4.2.1.11', `The policy constraints extension of ${who} is an empty sequence; RFC 5280 §4.2.1.11 says conforming CAs MUST NOT issue it with neither requireExplicitPolicy nor inhibitPolicyMapping.`)
    }
    if (pc.requireExplicitPolicy !== undefined) info.requireExplicitPolicy = pc.requireExplicitPolicy
    if (pc.inhibitPolicyMapping !== undefined) info.inhibitPolicyMapping = pc.inhibitPolicyMapping
  }

  const ia = value(cert, OID.inhibitAnyPolicy, 'inhibitAnyPolicy', issues, depth, 'RFC 5280 §4.2.1.14')
  if (ia) info.inhibitAnyPolicy = ia.skipCerts
  return info
}
