// A CRL read for *checking* (RFC 5280 §5), not for display: the exact bytes the signature covers, the CRL
// extensions the revocation check must understand (§5.2), and where the revoked list sits — the entries themselves
// are scanned on demand by crl-entries.ts, so a 10 MB CRL never becomes a million objects.
import { type Asn1, Tag, bad, bitSet, decode, expect, readBitString, readBoolean, readInteger, readSmallInt, readTime, retag, toHexUpper } from '../../../shared/x509/asn1'
import { OID } from '../../../shared/x509/oids'
import { WirebenchError } from '../../../shared/errors'
import { parseGeneralNames } from '../general-name'
import { REASON_FLAGS, type RawExtension, readExtensions } from '../extensions'
import { type ParsedName, parseName } from '../name'
import { type SignatureAlgorithm, readSignatureAlgorithm } from '../signature'
import type { GeneralName } from '../types'

/** §5 size cap: larger CRLs are refused before decoding. */
export const MAX_CRL_BYTES = 20 * 1024 * 1024

export const CRL_OID = {
  deltaCrlIndicator: '2.5.29.27',
  issuingDistributionPoint: '2.5.29.28',
  freshestCrl: '2.5.29.46',
  reasonCode: '2.5.29.21',
  holdInstructionCode: '2.5.29.23',
  invalidityDate: '2.5.29.24',
  certificateIssuer: '2.5.29.29'
} as const

export { REASON_FLAGS }

/** Every reason bit 1..8 set: a CRL (or distribution point) that covers all reasons. */
export const ALL_REASONS = 0x1fe

/** §5.2.5 IssuingDistributionPoint. */
export interface IssuingDistributionPoint {
  /** The whole extension value, for the §6.3.3 (c)(2) "identical IDP" test between a delta and its base. */
  hex: string
  fullName?: GeneralName[]
  /** nameRelativeToCRLIssuer, as hex of the RDN. */
  relativeName?: string
  onlyContainsUserCerts: boolean
  onlyContainsCACerts: boolean
  /** Reason bits (see REASON_FLAGS) the CRL covers; ALL_REASONS when onlySomeReasons is absent. */
  reasons: number
  indirectCrl: boolean
  onlyContainsAttributeCerts: boolean
}

export interface CheckedCrl {
  der: Uint8Array
  tbs: Uint8Array
  /** 1 or 2 (the INTEGER 1 in the version field). */
  version: number
  innerAlgorithm: SignatureAlgorithm
  signatureAlgorithm: SignatureAlgorithm
  signature: Uint8Array
  issuer: ParsedName
  thisUpdate: number
  nextUpdate?: number
  /** The revokedCertificates SEQUENCE, when present (entries decoded lazily). */
  revoked?: Asn1
  extensions: RawExtension[]
  crlNumber?: bigint
  /** §5.2.4 BaseCRLNumber: set only on a delta CRL. */
  deltaBase?: bigint
  /** §5.2.1 AKI keyIdentifier as colon hex (the SKI's format). */
  akiKeyId?: string
  idp?: IssuingDistributionPoint
  /** Problems that make the CRL unusable though it decodes: unknown critical extensions, duplicates, v1 with extensions. */
  unusable: string[]
}

/** The CRL extensions this checker processes; a critical one outside this set makes the CRL unusable (§5.2). */
const PROCESSED_CRL_EXTENSIONS = new Set<string>([
  OID.authorityKeyIdentifier,
  OID.issuerAltName,
  OID.crlNumber,
  CRL_OID.deltaCrlIndicator,
  CRL_OID.issuingDistributionPoint
])

function isTime(n: Asn1 | undefined): boolean {
  return !!n && n.cls === 0 && (n.tag === Tag.utcTime || n.tag === Tag.generalizedTime)
}

/** CRLNumber ::= INTEGER (0..MAX), at most 20 octets (§5.2.3). */
function crlNumber(v: Asn1, what: string): bigint {
  const n = readInteger(v, what)
  if (n.negative) bad(`${what} is negative (RFC 5280 §5.2.3).`)
  if (n.octets > 21) bad(`${what} is longer than 20 octets (RFC 5280 §5.2.3).`)
  return BigInt(`0x${n.hex}`)
}

function reasonBits(node: Asn1): number {
  const b = readBitString(retag(node, Tag.bitString), 'onlySomeReasons')
  let mask = 0
  for (let i = 1; i < REASON_FLAGS.length; i++) if (bitSet(b, i)) mask |= 1 << i
  return mask
}

function readIdp(v: Asn1): IssuingDistributionPoint {
  const idp: IssuingDistributionPoint = {
    hex: toHexUpper(v.raw),
    onlyContainsUserCerts: false,
    onlyContainsCACerts: false,
    reasons: ALL_REASONS,
    indirectCrl: false,
    onlyContainsAttributeCerts: false
  }
  const flag = (k: Asn1, what: string): boolean => readBoolean(retag(k, Tag.boolean), what)
  for (const k of expect(v, Tag.sequence, 'IssuingDistributionPoint').children) {
    if (k.isContext(0)) {
      const choice = k.children[0]
      if (choice?.isContext(0)) idp.fullName = parseGeneralNames(choice.children)
      else if (choice?.isContext(1)) idp.relativeName = toHexUpper(choice.content)
      else bad('IssuingDistributionPoint has an empty distributionPoint.')
    } else if (k.isContext(1)) idp.onlyContainsUserCerts = flag(k, 'onlyContainsUserCerts')
    else if (k.isContext(2)) idp.onlyContainsCACerts = flag(k, 'onlyContainsCACerts')
    else if (k.isContext(3)) idp.reasons = reasonBits(k)
    else if (k.isContext(4)) idp.indirectCrl = flag(k, 'indirectCRL')
    else if (k.isContext(5)) idp.onlyContainsAttributeCerts = flag(k, 'onlyContainsAttributeCerts')
    else bad(`IssuingDistributionPoint has an unknown field [${k.tag}].`)
  }
  if ([idp.onlyContainsUserCerts, idp.onlyContainsCACerts, idp.onlyContainsAttributeCerts].filter(Boolean).length > 1) {
    bad('IssuingDistributionPoint asserts more than one of onlyContainsUserCerts, onlyContainsCACerts, onlyContainsAttributeCerts (RFC 5280 §5.2.5).')
  }
  return idp
}

function applyExtension(crl: CheckedCrl, raw: RawExtension): void {
  const v = decode(raw.valueNode.buf, raw.valueNode.contentStart, raw.valueNode.contentEnd)
  switch (raw.oid) {
    case OID.crlNumber:
      if (raw.critical) crl.unusable.push('its cRLNumber extension is marked critical; RFC 5280 §5.2.3 says it MUST be non-critical')
      crl.crlNumber = crlNumber(v, 'CRLNumber')
      break
    case CRL_OID.deltaCrlIndicator:
      if (!raw.critical) crl.unusable.push('the deltaCRLIndicator extension is not marked critical (RFC 5280 §5.2.4)')
      crl.deltaBase = crlNumber(v, 'BaseCRLNumber')
      break
    case CRL_OID.issuingDistributionPoint:
      if (!raw.critical) crl.unusable.push('the issuingDistributionPoint extension is not marked critical (RFC 5280 §5.2.5)')
      crl.idp = readIdp(v)
      break
    case OID.authorityKeyIdentifier:
      for (const k of expect(v, Tag.sequence, 'AuthorityKeyIdentifier').children) if (k.isContext(0)) crl.akiKeyId = toHexUpper(k.content, ':')
      break
    default:
      if (raw.critical && !PROCESSED_CRL_EXTENSIONS.has(raw.oid)) crl.unusable.push(`it has a critical extension ${raw.oid} this checker cannot process (RFC 5280 §5.2)`)
  }
}

function parse(der: Uint8Array): CheckedCrl {
  const root = decode(der)
  const parts = expect(root, Tag.sequence, 'CertificateList').children
  if (parts.length !== 3) bad('CertificateList must have exactly three parts (RFC 5280 §5.1.1).')
  const [tbsNode, algNode, sigNode] = parts as [Asn1, Asn1, Asn1]
  const tbs = expect(tbsNode, Tag.sequence, 'tbsCertList').children
  let i = 0
  let version = 1
  if (tbs[0]?.isUniversal(Tag.integer)) {
    if (readSmallInt(tbs[0], 'version', 255) !== 1) bad('CRL version, when present, must be v2 (RFC 5280 §5.1.2.1).')
    version = 2
    i++
  }
  const innerAlgorithm = readSignatureAlgorithm(tbs[i++], 'signature')
  const issuer = parseName(tbs[i++] as Asn1, 'issuer')
  if (issuer.canonicalRdns.length === 0) bad('CRL issuer is an empty name (RFC 5280 §5.1.2.3).')
  const thisUpdate = readTime(tbs[i++], 'thisUpdate')
  const crl: CheckedCrl = {
    der: root.raw,
    tbs: tbsNode.raw,
    version,
    innerAlgorithm,
    signatureAlgorithm: readSignatureAlgorithm(algNode),
    signature: readBitString(sigNode, 'signatureValue').bytes,
    issuer,
    thisUpdate,
    extensions: [],
    unusable: []
  }
  if (isTime(tbs[i])) crl.nextUpdate = readTime(tbs[i++], 'nextUpdate')
  if (tbs[i]?.isUniversal(Tag.sequence)) crl.revoked = expect(tbs[i++], Tag.sequence, 'revokedCertificates')
  if (tbs[i]?.isContext(0)) {
    const wrapper = tbs[i++] as Asn1
    if (wrapper.children.length !== 1) bad('crlExtensions must hold one Extensions SEQUENCE.')
    crl.extensions = readExtensions(wrapper.children[0] as Asn1)
    if (crl.extensions.length === 0) bad('crlExtensions is present but empty (RFC 5280 §4.1: SIZE (1..MAX)).')
  }
  if (i !== tbs.length) bad(`Unexpected field in tbsCertList (at byte ${(tbs[i] as Asn1).offset}).`)
  const seen = new Set<string>()
  for (const raw of crl.extensions) {
    if (seen.has(raw.oid)) crl.unusable.push(`the extension ${raw.oid} appears twice`)
    seen.add(raw.oid)
    applyExtension(crl, raw)
  }
  if (crl.extensions.length > 0 && version !== 2) crl.unusable.push('it has extensions but is not a v2 CRL (RFC 5280 §5.1.2.1)')
  return crl
}

/** Decodes a DER CRL for checking; anything malformed becomes WirebenchError('INVALID_CRL'). */
export function parseCheckedCrl(der: Uint8Array): CheckedCrl {
  if (der.length > MAX_CRL_BYTES) throw new WirebenchError('INVALID_CRL', `The CRL is ${der.length} bytes, over the ${MAX_CRL_BYTES}-byte limit.`)
  try {
    return parse(der)
  } catch (err) {
    throw new WirebenchError('INVALID_CRL', `Not a valid CRL: ${err instanceof Error ? err.message : String(err)}`)
  }
}
