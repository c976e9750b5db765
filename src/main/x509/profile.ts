// The certificate profile a Web PKI validator enforces: RFC 5280 §4's MUSTs for each certificate on a path, and the
// CA/B Forum Baseline Requirements where clients hold certificates to them. A rule is an error when RFC 5280 says
// MUST / MUST NOT (or the BRs say it and clients enforce it: key sizes, the CN rule); a warning when it is a SHOULD,
// or a BR issuance rule that no client enforces. The verifier calls profileIssues once per certificate of a path.
//
// Trust anchors: RFC 5280 §6.1.1 (d) makes an anchor "a name and a key" — its extensions, serial and version are
// not validated, so the structural rules below are skipped for it. The key rules are not (profile-keys.ts says why),
// and a non-critical Basic Constraints on an anchor is noted, since the anchor is still a CA certificate.
import { type Asn1, Tag, decode, expect, readOid } from '../../shared/x509/asn1'
import { EXTENSION_NAMES, OID } from '../../shared/x509/oids'
import { type ParsedCertificate, extensionValue, isCA, isSelfSigned } from './certificate'
import { type ProfileContext, keyIssues, report } from './profile-keys'
import { nameIssues } from './profile-names'
import type { ChainIssue } from './types'

export { unreadableKey } from './profile-keys'

export interface ProfileRole {
  /** Position in the path, 0 = leaf (the ChainIssue depth). */
  depth: number
  isLeaf: boolean
  isAnchor: boolean
  purpose: 'server' | 'client'
  /** For an anchor: from a root store Mozilla or the OS vetted ('store'), or given by the user ('user'). */
  anchorFrom?: 'store' | 'user'
}

export interface ProfileOptions {
  /** Accept Ed25519 keys (not allowed by the BRs, accepted by some clients). */
  allowEd25519?: boolean
}

function label(cert: ParsedCertificate): string {
  return `"${cert.subject.info.commonName ?? (cert.subject.info.text || '(empty subject)')}"`
}

/** Profile findings for one certificate in its role on a path; never throws. */
export function profileIssues(cert: ParsedCertificate, role: ProfileRole, opts: ProfileOptions = {}): ChainIssue[] {
  const ctx: ProfileContext = { depth: role.depth, name: label(cert), out: [] }
  try {
    keyIssues(cert, ctx, opts)
    if (role.isAnchor) {
      anchorIssues(cert, ctx, role.anchorFrom ?? 'store')
      return ctx.out
    }
    structureIssues(cert, ctx, role)
    extensionIssues(cert, ctx, role)
    nameIssues(cert, ctx, role)
  } catch (err) {
    // a rule tripping over hostile input must not hide the others' findings, nor be silently lost
    report(ctx, 'error', 'PROFILE_CHECK_FAILED', 'RFC 5280 §4', `${ctx.name} could not be checked completely: ${err instanceof Error ? err.message : String(err)}`)
  }
  return ctx.out
}

/**
 * A root's own profile (RFC 5280 §4.2.1.1, §4.2.1.2, §4.2.1.9; BR §7.1.2.1): Basic Constraints critical, a Subject
 * Key Identifier, an Authority Key Identifier (if any) that is just the root's own key id, no Extended Key Usage, and
 * an AKI at all when the anchor is not self-signed (a cross-signed root). RFC 5280 §6.1.1 does not validate an
 * anchor, but a root the user brings is held to the profile its CA had to meet: errors. A root from Mozilla's or the
 * OS store was vetted by its root program and old roots predate some rules: the same findings are warnings there.
 */
function anchorIssues(cert: ParsedCertificate, ctx: ProfileContext, from: 'store' | 'user'): void {
  const sev = from === 'user' ? 'error' : 'warning'
  const who = `The trust anchor ${ctx.name}`
  const bc = cert.extensions.get(OID.basicConstraints)
  if (bc && !bc.critical && isCA(cert)) {
    report(ctx, sev, 'CA_BASIC_CONSTRAINTS_NOT_CRITICAL', 'RFC 5280 §4.2.1.9', `${who} has a non-critical Basic Constraints; RFC 5280 §4.2.1.9 says it MUST be critical in CA certificates.`)
  }
  if (cert.version < 3) return
  const ski = cert.extensions.get(OID.subjectKeyIdentifier)
  if (!ski && isCA(cert)) report(ctx, sev, 'MISSING_SKI', 'RFC 5280 §4.2.1.2', `${who} has no Subject Key Identifier; RFC 5280 §4.2.1.2 says it MUST appear in all CA certificates.`)
  const aki = cert.extensions.get(OID.authorityKeyIdentifier)
  if (aki?.value.type === 'authorityKeyIdentifier') {
    const skiId = ski?.value.type === 'subjectKeyIdentifier' ? ski.value.keyId : undefined
    if (aki.value.keyId === undefined) report(ctx, sev, 'AKI_WITHOUT_KEY_ID', 'RFC 5280 §4.2.1.1; CA/B Forum BR §7.1.2.1.3', `${who}'s Authority Key Identifier has no keyIdentifier; RFC 5280 §4.2.1.1 says it MUST be included.`)
    if (aki.value.issuer || aki.value.serial) report(ctx, sev, 'AKI_ISSUER_AND_SERIAL', 'CA/B Forum BR §7.1.2.1.3', `${who}'s Authority Key Identifier names an issuer and serial; BR §7.1.2.1.3 says a root's AKI MUST hold only the keyIdentifier.`)
    if (isSelfSigned(cert) && aki.value.keyId !== undefined && skiId !== undefined && aki.value.keyId !== skiId) {
      report(ctx, sev, 'AKI_SKI_MISMATCH', 'CA/B Forum BR §7.1.2.1.3', `${who} is self-signed but its Authority Key Identifier (${aki.value.keyId}) differs from its own Subject Key Identifier (${skiId}).`)
    }
  } else if (!aki && !isSelfSigned(cert)) {
    // noted only: the anchor is trusted as a name and a key (§6.1.1); the AKI would only help build a path above it
    report(ctx, 'warning', 'MISSING_AKI', 'RFC 5280 §4.2.1.1', `${who} is not self-signed (it is cross-signed) and has no Authority Key Identifier, which RFC 5280 §4.2.1.1 says its CA MUST include.`)
  }
  if (cert.extensions.has(OID.extKeyUsage)) {
    report(ctx, sev, 'ROOT_HAS_EKU', 'CA/B Forum BR §7.1.2.1.2', `${who} has an Extended Key Usage extension; BR §7.1.2.1.2 says a root certificate MUST NOT.`)
  }
}

/** Version, serial number, unique identifiers, the signature algorithm pair, the issuer name (RFC 5280 §4.1). */
function structureIssues(cert: ParsedCertificate, ctx: ProfileContext, role: ProfileRole): void {
  const tbs = expect(decode(cert.tbs), Tag.sequence, 'tbsCertificate').children
  const v = cert.version
  if (v > 3 || v < 1) report(ctx, 'error', 'UNKNOWN_VERSION', 'RFC 5280 §4.1.2.1', `${ctx.name} claims version ${v}; only versions 1, 2 and 3 exist.`)
  if (v === 1 && tbs[0]?.isContext(0)) {
    report(ctx, 'error', 'NONCANONICAL_VERSION', 'RFC 5280 §4.1; X.690 §11.5', `${ctx.name} encodes the default version v1 explicitly, which DER forbids (X.690 §11.5).`)
  }
  if (v < 3 && cert.rawExtensions.length > 0) {
    report(ctx, 'error', 'EXTENSIONS_IN_V1', 'RFC 5280 §4.1.2.9', `${ctx.name} is a version ${v} certificate with extensions; RFC 5280 §4.1.2.9 allows extensions only in version 3.`)
  }
  if (v < 3 && !role.isLeaf) {
    report(ctx, 'error', 'V1_CA', 'RFC 5280 §6.1.4 (k)', `${ctx.name} is a version ${v} certificate used as an intermediate CA; without Basic Constraints nothing says it is a CA, and RFC 5280 §6.1.4 (k) says to reject it.`)
  } else if (v < 3) {
    report(ctx, 'warning', 'V1_END_ENTITY', 'CA/B Forum BR §7.1.1', `${ctx.name} is a version ${v} certificate; BR §7.1.1 says certificates MUST be version 3.`)
  }
  const uniqueIds = tbs.filter((n) => n.isContext(1) || n.isContext(2)).length
  if (uniqueIds && v === 1) {
    report(ctx, 'error', 'UNIQUE_ID_IN_V1', 'RFC 5280 §4.1.2.8', `${ctx.name} is a version 1 certificate with unique identifiers; RFC 5280 §4.1.2.8 allows them only in versions 2 and 3.`)
  } else if (uniqueIds) {
    report(ctx, 'warning', 'UNIQUE_IDENTIFIERS', 'RFC 5280 §4.1.2.8', `${ctx.name} carries issuer/subject unique identifiers, which conforming CAs MUST NOT generate (RFC 5280 §4.1.2.8).`)
  }
  serialIssues(cert, tbs[tbs[0]?.isContext(0) ? 1 : 0], ctx)
  const inner = cert.tbsSignatureAlgorithm.raw
  const outer = cert.signatureAlgorithm.raw
  if (inner.length !== outer.length || inner.some((b, i) => b !== outer[i])) {
    report(ctx, 'error', 'SIGNATURE_ALGORITHM_MISMATCH', 'RFC 5280 §4.1.1.2', `${ctx.name}'s signature algorithm inside the signed part (${cert.tbsSignatureAlgorithm.info.name}) differs from the one outside it (${cert.signatureAlgorithm.info.name}); RFC 5280 §4.1.1.2 says they MUST be identical.`)
  }
  const extsNode = tbs.find((n) => n.isContext(3))
  if (extsNode && extsNode.children[0]?.children.length === 0) {
    report(ctx, 'error', 'EMPTY_EXTENSIONS', 'RFC 5280 §4.1', `${ctx.name} has an empty extensions field; Extensions is SEQUENCE SIZE (1..MAX), so it MUST be omitted instead (RFC 5280 §4.1).`)
  }
  timeIssues(tbs[tbs[0]?.isContext(0) ? 4 : 3], ctx)
  if (cert.issuer.info.rdns.length === 0) {
    report(ctx, 'error', 'EMPTY_ISSUER', 'RFC 5280 §4.1.2.4', `${ctx.name} has an empty issuer name; RFC 5280 §4.1.2.4 says it MUST be a non-empty distinguished name.`)
  }
}

/**
 * RFC 5280 §4.1.2.5: validity dates through 2049 MUST be UTCTime, from 2050 GeneralizedTime; UTCTime MUST be
 * YYMMDDHHMMSSZ and GeneralizedTime YYYYMMDDHHMMSSZ — seconds present, Zulu, no fractions.
 */
function timeIssues(validity: Asn1 | undefined, ctx: ProfileContext): void {
  for (const [node, which] of [[validity?.children[0], 'notBefore'], [validity?.children[1], 'notAfter']] as const) {
    if (!node) continue
    const text = String.fromCharCode(...node.content.subarray(0, 40))
    const utc = node.isUniversal(Tag.utcTime)
    if (!(utc ? /^\d{12}Z$/ : /^\d{14}Z$/).test(text)) {
      report(ctx, 'error', 'INVALID_TIME_ENCODING', 'RFC 5280 §4.1.2.5.1, §4.1.2.5.2', `${ctx.name}'s ${which} "${text}" is not in the form RFC 5280 §4.1.2.5 requires (${utc ? 'YYMMDDHHMMSSZ' : 'YYYYMMDDHHMMSSZ'}: seconds, Z, no fractions).`)
      continue
    }
    const year = utc ? Number(text.slice(0, 2)) + (Number(text.slice(0, 2)) >= 50 ? 1900 : 2000) : Number(text.slice(0, 4))
    if (!utc && year >= 1950 && year < 2050) {
      report(ctx, 'warning', 'GENERALIZED_TIME_BEFORE_2050', 'RFC 5280 §4.1.2.5', `${ctx.name}'s ${which} (${year}) is a GeneralizedTime; RFC 5280 §4.1.2.5 says dates through 2049 MUST be UTCTime.`)
    }
  }
}

function serialIssues(cert: ParsedCertificate, node: Asn1 | undefined, ctx: ProfileContext): void {
  const s = cert.serial
  if (s.negative) {
    report(ctx, 'error', 'SERIAL_NEGATIVE', 'RFC 5280 §4.1.2.2', `${ctx.name}'s serial number is negative; RFC 5280 §4.1.2.2 says it MUST be a positive integer.`)
  } else if (/^0*$/.test(s.hex)) {
    report(ctx, 'error', 'SERIAL_ZERO', 'RFC 5280 §4.1.2.2; CA/B Forum BR §7.1', `${ctx.name}'s serial number is zero; RFC 5280 §4.1.2.2 says it MUST be a positive integer.`)
  }
  if (s.octets > 20) {
    report(ctx, 'error', 'SERIAL_TOO_LONG', 'RFC 5280 §4.1.2.2', `${ctx.name}'s serial number is ${s.octets} octets long; RFC 5280 §4.1.2.2 allows at most 20.`)
  } else if (s.octets < 9 && !s.negative && !/^0*$/.test(s.hex)) {
    report(ctx, 'warning', 'SERIAL_LOW_ENTROPY', 'CA/B Forum BR §7.1', `${ctx.name}'s serial number is only ${s.octets} octets; BR §7.1 requires at least 64 bits from a CSPRNG, which a positive serial shorter than 9 octets may not hold.`)
  }
  const c = node?.isUniversal(Tag.integer) ? node.content : undefined
  if (c && c.length > 1 && ((c[0] === 0 && ((c[1] as number) & 0x80) === 0) || (c[0] === 0xff && ((c[1] as number) & 0x80) !== 0))) {
    report(ctx, 'error', 'NONCANONICAL_SERIAL', 'RFC 5280 §4.1; X.690 §8.3.2', `${ctx.name}'s serial number has redundant leading octets, which DER forbids (X.690 §8.3.2).`)
  }
}

const extName = (oid: string): string => EXTENSION_NAMES[oid] ?? oid

/** Extension rules of RFC 5280 §4.2 for a certificate that is not a trust anchor. */
function extensionIssues(cert: ParsedCertificate, ctx: ProfileContext, role: ProfileRole): void {
  const seen = new Set<string>()
  const dups = new Set<string>()
  for (const e of cert.rawExtensions) (seen.has(e.oid) ? dups : seen).add(e.oid)
  if (dups.size) {
    report(ctx, 'error', 'DUPLICATE_EXTENSION', 'RFC 5280 §4.2', `${ctx.name} has more than one ${[...dups].map(extName).join(', ')} extension; RFC 5280 §4.2 says a certificate MUST NOT include more than one instance of an extension.`)
  }
  const ca = isCA(cert)
  keyIdIssues(cert, ctx, ca)
  const bc = extensionValue(cert, OID.basicConstraints, 'basicConstraints')
  const bcExt = cert.extensions.get(OID.basicConstraints)
  const ku = extensionValue(cert, OID.keyUsage, 'keyUsage')
  if (ca && !role.isLeaf && bcExt && !bcExt.critical) {
    report(ctx, 'error', 'CA_BASIC_CONSTRAINTS_NOT_CRITICAL', 'RFC 5280 §4.2.1.9', `${ctx.name} is a CA whose Basic Constraints is not critical; RFC 5280 §4.2.1.9 says it MUST be critical in CA certificates.`)
  }
  if (ca && role.isLeaf) {
    report(ctx, 'error', 'CA_CERT_AS_END_ENTITY', 'CA/B Forum BR §7.1.2.7.8; RFC 5280 §4.2.1.9', `${ctx.name} is used as the end-entity certificate but says CA:TRUE; a subscriber certificate's cA MUST be FALSE (BR §7.1.2.7.8).`)
  }
  if (bc?.pathLength !== undefined && !ca) {
    report(ctx, 'error', 'PATHLEN_WITHOUT_CA', 'RFC 5280 §4.2.1.9', `${ctx.name} has a pathLenConstraint without CA:TRUE; RFC 5280 §4.2.1.9 says CAs MUST NOT include it unless cA is asserted.`)
  } else if (bc?.pathLength !== undefined && ku && !ku.usages.includes('keyCertSign')) {
    report(ctx, 'error', 'PATHLEN_WITHOUT_KEY_CERT_SIGN', 'RFC 5280 §4.2.1.9', `${ctx.name} has a pathLenConstraint but its Key Usage lacks keyCertSign; RFC 5280 §4.2.1.9 forbids that combination.`)
  }
  const kuExt = cert.extensions.get(OID.keyUsage)
  if (ku && ku.usages.length === 0) {
    report(ctx, 'error', 'KEY_USAGE_EMPTY', 'RFC 5280 §4.2.1.3', `${ctx.name}'s Key Usage has no bit set; RFC 5280 §4.2.1.3 says at least one MUST be.`)
  }
  if (ku?.usages.includes('keyCertSign') && !ca) {
    report(ctx, 'error', 'KEY_CERT_SIGN_WITHOUT_CA', 'RFC 5280 §4.2.1.3', `${ctx.name}'s Key Usage asserts keyCertSign but Basic Constraints does not say CA:TRUE; RFC 5280 §4.2.1.3 says keyCertSign requires cA.`)
  }
  if (kuExt && ku && !kuExt.critical) {
    report(ctx, 'warning', 'KEY_USAGE_NOT_CRITICAL', 'RFC 5280 §4.2.1.3', `${ctx.name}'s Key Usage is not critical; RFC 5280 §4.2.1.3 says it SHOULD be.`)
  }
  const critical = (oid: string): boolean | undefined => cert.extensions.get(oid)?.critical
  if (critical(OID.policyConstraints) === false) {
    report(ctx, 'error', 'POLICY_CONSTRAINTS_NOT_CRITICAL', 'RFC 5280 §4.2.1.11', `${ctx.name}'s Policy Constraints is not critical; RFC 5280 §4.2.1.11 says conforming CAs MUST mark it critical.`)
  }
  if (critical(OID.inhibitAnyPolicy) === false) {
    report(ctx, 'error', 'INHIBIT_ANY_POLICY_NOT_CRITICAL', 'RFC 5280 §4.2.1.14', `${ctx.name}'s Inhibit anyPolicy is not critical; RFC 5280 §4.2.1.14 says conforming CAs MUST mark it critical.`)
  }
  if (ca && critical(OID.nameConstraints) === false) {
    // RFC 5280 §4.2.1.10 says MUST be critical; the BRs (§7.1.2.10.8) allow non-critical for clients that cannot
    // process them, and browsers accept it: noted, not refused
    report(ctx, 'warning', 'NAME_CONSTRAINTS_NOT_CRITICAL', 'RFC 5280 §4.2.1.10; CA/B Forum BR §7.1.2.10.8', `${ctx.name}'s Name Constraints is not critical; RFC 5280 §4.2.1.10 says it MUST be, the Baseline Requirements allow it for compatibility.`)
  }
  if (role.isLeaf && !ca && role.purpose === 'server') ekuIssues(cert, ctx)
  if (role.isLeaf && !ca && cert.extensions.has(OID.nameConstraints)) {
    report(ctx, 'error', 'NAME_CONSTRAINTS_IN_END_ENTITY', 'RFC 5280 §4.2.1.10; CA/B Forum BR §7.1.2.7.6', `${ctx.name} is an end-entity certificate with Name Constraints, which MUST be used only in a CA certificate (RFC 5280 §4.2.1.10).`)
  }
  accessIssues(cert, ctx)
}

/** BR §7.1.2.7.10: a TLS server certificate's EKU is present, not critical, holds serverAuth and not anyExtendedKeyUsage. */
function ekuIssues(cert: ParsedCertificate, ctx: ProfileContext): void {
  const ext = cert.extensions.get(OID.extKeyUsage)
  if (!ext) {
    report(ctx, 'error', 'MISSING_EKU', 'CA/B Forum BR §7.1.2.7.10', `${ctx.name} has no Extended Key Usage; BR §7.1.2.7.10 says a TLS server certificate MUST carry one with id-kp-serverAuth.`)
    return
  }
  if (ext.critical) report(ctx, 'error', 'EKU_CRITICAL', 'CA/B Forum BR §7.1.2.7.6', `${ctx.name}'s Extended Key Usage is critical; BR §7.1.2.7.6 says it MUST NOT be in a subscriber certificate.`)
  const eku = extensionValue(cert, OID.extKeyUsage, 'extKeyUsage')
  if (eku?.purposes.some((p) => p.oid === OID.anyExtendedKeyUsage)) {
    report(ctx, 'error', 'ANY_EKU_IN_LEAF', 'CA/B Forum BR §7.1.2.7.10', `${ctx.name}'s Extended Key Usage includes anyExtendedKeyUsage, which BR §7.1.2.7.10 says MUST NOT appear in a subscriber certificate.`)
  }
}

/** Authority and subject key identifiers (RFC 5280 §4.2.1.1, §4.2.1.2; BR §7.1.2.11.1, §7.1.2.7.6). */
function keyIdIssues(cert: ParsedCertificate, ctx: ProfileContext, ca: boolean): void {
  const akiExt = cert.extensions.get(OID.authorityKeyIdentifier)
  const skiExt = cert.extensions.get(OID.subjectKeyIdentifier)
  if (akiExt?.value.type === 'malformed') {
    report(ctx, 'error', 'MALFORMED_AKI', 'RFC 5280 §4.2.1.1', `${ctx.name}'s Authority Key Identifier cannot be read (${akiExt.value.error}).`)
  } else if (akiExt?.value.type === 'authorityKeyIdentifier') {
    if (akiExt.value.keyId === undefined && !isSelfSigned(cert)) {
      report(ctx, 'error', 'AKI_WITHOUT_KEY_ID', 'RFC 5280 §4.2.1.1', `${ctx.name}'s Authority Key Identifier has no keyIdentifier; RFC 5280 §4.2.1.1 says it MUST be included.`)
    }
    if (akiExt.value.issuer || akiExt.value.serial) {
      report(ctx, 'warning', 'AKI_ISSUER_AND_SERIAL', 'CA/B Forum BR §7.1.2.11.1', `${ctx.name}'s Authority Key Identifier names the issuer's issuer and serial; BR §7.1.2.11.1 says they MUST NOT be present.`)
    }
  } else if (!akiExt && !isSelfSigned(cert)) {
    report(ctx, 'error', 'MISSING_AKI', 'RFC 5280 §4.2.1.1', `${ctx.name} has no Authority Key Identifier; RFC 5280 §4.2.1.1 says every certificate that is not self-signed MUST carry one with a keyIdentifier.`)
  }
  if (akiExt?.critical) report(ctx, 'error', 'AKI_CRITICAL', 'RFC 5280 §4.2.1.1', `${ctx.name}'s Authority Key Identifier is critical; RFC 5280 §4.2.1.1 says it MUST be non-critical.`)
  if (skiExt?.value.type === 'malformed') {
    report(ctx, 'error', 'MALFORMED_SKI', 'RFC 5280 §4.2.1.2', `${ctx.name}'s Subject Key Identifier cannot be read (${skiExt.value.error}).`)
  } else if (!skiExt && ca) {
    report(ctx, 'error', 'MISSING_SKI', 'RFC 5280 §4.2.1.2', `${ctx.name} is a CA certificate without a Subject Key Identifier; RFC 5280 §4.2.1.2 says it MUST appear in all CA certificates.`)
  } else if (skiExt && !ca) {
    // noted only: RFC 5280 says SHOULD include, the BRs say NOT RECOMMENDED for subscriber certificates
    report(ctx, 'info', 'LEAF_SKI', 'CA/B Forum BR §7.1.2.7.6', `${ctx.name} carries a Subject Key Identifier, which BR §7.1.2.7.6 marks NOT RECOMMENDED for subscriber certificates (RFC 5280 §4.2.1.2 says SHOULD; harmless).`)
  }
  if (skiExt?.critical) report(ctx, 'error', 'SKI_CRITICAL', 'RFC 5280 §4.2.1.2', `${ctx.name}'s Subject Key Identifier is critical; RFC 5280 §4.2.1.2 says it MUST be non-critical.`)
}

/** Authority Information Access and CRL distribution points, read from their raw bytes (RFC 5280 §4.2.2.1, §4.2.1.13). */
function accessIssues(cert: ParsedCertificate, ctx: ProfileContext): void {
  const aia = cert.rawExtensions.find((e) => e.oid === OID.authorityInfoAccess)
  if (aia) {
    if (aia.critical) report(ctx, 'error', 'AIA_CRITICAL', 'RFC 5280 §4.2.2.1', `${ctx.name}'s Authority Information Access is critical; RFC 5280 §4.2.2.1 says it MUST be non-critical.`)
    const why = aiaProblem(aia.valueNode)
    if (why) report(ctx, 'error', 'MALFORMED_AIA', 'RFC 5280 §4.2.2.1', `${ctx.name}'s Authority Information Access is malformed: ${why}.`)
  }
  const dp = cert.extensions.get(OID.crlDistributionPoints)
  if (dp?.value.type === 'malformed') {
    report(ctx, 'error', 'MALFORMED_CRL_DP', 'RFC 5280 §4.2.1.13', `${ctx.name}'s CRL Distribution Points cannot be read (${dp.value.error}).`)
  } else if (dp?.value.type === 'crlDistributionPoints') {
    const points = dp.value.points
    if (points.length === 0) report(ctx, 'error', 'MALFORMED_CRL_DP', 'RFC 5280 §4.2.1.13', `${ctx.name}'s CRL Distribution Points is an empty list (SIZE (1..MAX)).`)
    else if (points.some((p) => !p.fullName && !p.relativeName && !p.crlIssuer)) {
      report(ctx, 'error', 'MALFORMED_CRL_DP', 'RFC 5280 §4.2.1.13', `${ctx.name} has a CRL distribution point with neither a distributionPoint nor a cRLIssuer; RFC 5280 §4.2.1.13 says one MUST be present.`)
    }
  }
}

function aiaProblem(valueNode: Asn1): string | undefined {
  let list: Asn1[]
  try {
    list = expect(decode(valueNode.buf, valueNode.contentStart, valueNode.contentEnd), Tag.sequence, 'AuthorityInfoAccessSyntax').children
  } catch (err) {
    return err instanceof Error ? err.message : String(err)
  }
  if (list.length === 0) return 'it holds no AccessDescription (SIZE (1..MAX))'
  for (const ad of list.slice(0, 1000)) {
    if (!ad.isUniversal(Tag.sequence) || !ad.constructed) return `an entry is a ${ad.isUniversal(Tag.sequence) ? 'primitive ' : ''}element, not an AccessDescription SEQUENCE`
    const [method, location, extra] = ad.children
    let oid: string
    try {
      oid = readOid(method, 'accessMethod')
    } catch (err) {
      return err instanceof Error ? err.message : String(err)
    }
    if (!location || extra) return `an AccessDescription has ${ad.children.length} fields instead of 2 (accessMethod, accessLocation)`
    if (location.cls !== 2) return 'an accessLocation is not a GeneralName'
    if ((oid === OID.ocsp || oid === OID.caIssuers) && !(location.tag === 6 && !location.constructed)) {
      return `the ${oid === OID.ocsp ? 'OCSP' : 'caIssuers'} accessLocation is not a uniformResourceIdentifier (BR §7.1.2.7.7)`
    }
    if (location.tag === 6 && !/^[A-Za-z][A-Za-z0-9+.-]*:\S+$/.test(String.fromCharCode(...location.content.subarray(0, 2048)))) {
      return 'an accessLocation URI is not an absolute URI (RFC 3986 §4.3)'
    }
  }
  return undefined
}
