// Whether a CRL is *about* a certificate (RFC 5280 §6.3.3 (b)(2)): the issuingDistributionPoint's name against the
// certificate's CRL distribution points, the user/CA/attribute-only flags, and which revocation reasons the pair
// covers (§6.3.3 (d), the interim reasons mask). Kept apart from crl-check.ts so the scope rules read on their own.
import { OID } from '../../../shared/x509/oids'
import { type ParsedCertificate, extensionValue, isCA } from '../certificate'
import type { DistributionPoint, GeneralName } from '../types'
import { ALL_REASONS, type CheckedCrl, REASON_FLAGS } from './crl-parse'

export interface Scope {
  /** Why the CRL does not cover this certificate, or cannot be used for it (with the RFC section). */
  problem?: { code: string; message: string }
  /** §6.3.3 (d) interim_reasons_mask: the reason bits this CRL decides for this certificate. */
  reasons: number
}

export function distributionPoints(cert: ParsedCertificate): DistributionPoint[] {
  return extensionValue(cert, OID.crlDistributionPoints, 'crlDistributionPoints')?.points ?? []
}

function sameName(a: GeneralName, b: GeneralName): boolean {
  if (a.type !== b.type) return false
  // directoryName text is compared case-insensitively, as the canonical name comparison of §7.1 does for strings
  return a.type === 'directoryName' ? a.value.toLowerCase() === b.value.toLowerCase() : a.value === b.value
}

function reasonMask(reasons: string[] | undefined): number {
  if (!reasons) return ALL_REASONS
  let mask = 0
  for (const r of reasons) {
    const i = (REASON_FLAGS as readonly string[]).indexOf(r)
    if (i > 0) mask |= 1 << i
  }
  return mask
}

export function reasonNames(mask: number): string[] {
  return REASON_FLAGS.filter((_, i) => i > 0 && (mask & (1 << i)) !== 0)
}

/** The certificate's distribution point this CRL answers for: by IDP name, else by the URL it was fetched from. */
function matchingPoint(cert: ParsedCertificate, crl: CheckedCrl, url: string | undefined): DistributionPoint | undefined {
  const points = distributionPoints(cert)
  const idp = crl.idp
  if (idp?.fullName) return points.find((p) => p.fullName?.some((n) => idp.fullName?.some((m) => sameName(n, m))))
  if (idp?.relativeName) return points.find((p) => p.relativeName === idp.relativeName)
  if (url) return points.find((p) => p.fullName?.some((n) => n.type === 'uri' && n.value === url))
  return undefined
}

export function crlScope(cert: ParsedCertificate, crl: CheckedCrl, url: string | undefined): Scope {
  const idp = crl.idp
  const point = matchingPoint(cert, crl, url)
  const scope: Scope = { reasons: (idp?.reasons ?? ALL_REASONS) & reasonMask(point?.reasons) }
  const fail = (code: string, message: string): Scope => ({ ...scope, problem: { code, message } })
  if (point?.crlIssuer) {
    return fail('CRL_INDIRECT_UNSUPPORTED', 'the certificate names a separate CRL issuer (cRLIssuer) for this distribution point; indirect CRLs are not supported (RFC 5280 §4.2.1.13, §5.2.5)')
  }
  if (!idp) return scope
  if (idp.indirectCrl) return fail('CRL_INDIRECT_UNSUPPORTED', 'it is an indirect CRL (issuingDistributionPoint indirectCRL), which this checker does not support (RFC 5280 §5.2.5)')
  if (idp.onlyContainsAttributeCerts) return fail('CRL_SCOPE_MISMATCH', 'it only covers attribute certificates (onlyContainsAttributeCerts, RFC 5280 §6.3.3 (b)(2)(iv))')
  const ca = isCA(cert)
  if (idp.onlyContainsUserCerts && ca) return fail('CRL_SCOPE_MISMATCH', 'it only covers end-entity certificates (onlyContainsUserCerts) and this is a CA certificate (RFC 5280 §6.3.3 (b)(2)(ii))')
  if (idp.onlyContainsCACerts && !ca) return fail('CRL_SCOPE_MISMATCH', 'it only covers CA certificates (onlyContainsCACerts) and this is not a CA certificate (RFC 5280 §6.3.3 (b)(2)(iii))')
  if (idp.fullName || idp.relativeName) {
    const points = distributionPoints(cert).filter((p) => p.fullName || p.relativeName)
    // §6.3.3 (b)(2)(i): with no distribution point name in the certificate, the IDP name must be the issuer's name
    const matches = points.length > 0 ? point !== undefined : !!idp.fullName?.some((n) => sameName(n, { type: 'directoryName', value: cert.issuer.info.text }))
    if (!matches) {
      const names = (idp.fullName ?? []).map((n) => n.value).join(', ') || 'a relative name'
      return fail('CRL_SCOPE_MISMATCH', `it covers the distribution point ${names}, which is not one of this certificate's CRL distribution points (RFC 5280 §6.3.3 (b)(2)(i))`)
    }
  }
  if (scope.reasons === 0) return fail('CRL_SCOPE_MISMATCH', 'it covers none of the revocation reasons of this certificate\'s distribution point (RFC 5280 §6.3.3 (d)-(e))')
  return scope
}
