// Certificate extensions, one decoder per OID in a table: a new extension is a new entry, not a new branch.
// A decoder receives the DER inside extnValue; if it throws, the extension is shown as 'malformed' with the
// reason, and the rest of the certificate still opens.
import {
  type Asn1,
  Tag,
  bad,
  bitSet,
  decode,
  expect,
  readBitString,
  readBoolean,
  readInteger,
  readOctetString,
  readOid,
  readSmallInt,
  readString,
  retag,
  toHexUpper
} from '../../shared/x509/asn1'
import { ACCESS_METHODS, EXTENDED_KEY_USAGES, EXTENSION_NAMES, OID, POLICIES } from '../../shared/x509/oids'
import { encodeBase64 } from '../../shared/x509/pem'
import { parseGeneralName, parseGeneralNames } from './general-name'
import type {
  AccessDescriptions,
  DistributionPoint,
  ExtensionInfo,
  ExtensionValue,
  GeneralName,
  GeneralSubtree,
  KeyUsageName,
  PolicyInformation,
  SignedCertificateTimestamp
} from './types'

type Decoder = (value: Asn1) => ExtensionValue

const KEY_USAGES: KeyUsageName[] = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly'
]

/** ReasonFlags bit names (RFC 5280 §4.2.1.13), bit 0 "unused": CRL distribution points and CRLs' scope read them. */
export const REASON_FLAGS = [
  'unused',
  'keyCompromise',
  'cACompromise',
  'affiliationChanged',
  'superseded',
  'cessationOfOperation',
  'certificateHold',
  'privilegeWithdrawn',
  'aACompromise'
] as const

const NETSCAPE_TYPES = ['SSL Client', 'SSL Server', 'S/MIME', 'Object Signing', 'Reserved', 'SSL CA', 'S/MIME CA', 'Object Signing CA']

const HASH_NAMES = ['none', 'md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512']
const SIG_NAMES = ['anonymous', 'rsa', 'dsa', 'ecdsa', 'ed25519', 'ed448']

const colonHex = (bytes: Uint8Array): string => toHexUpper(bytes, ':')

function generalNamesOf(node: Asn1, what: string): GeneralName[] {
  return parseGeneralNames(expect(node, Tag.sequence, what).children)
}

function accessDescriptions(node: Asn1, type: 'authorityInfoAccess' | 'subjectInfoAccess'): ExtensionValue {
  const out: AccessDescriptions = { ocsp: [], caIssuers: [], descriptions: [] }
  for (const ad of expect(node, Tag.sequence, 'AccessDescriptions').children) {
    const [methodNode, locationNode] = expect(ad, Tag.sequence, 'AccessDescription').children
    const method = readOid(methodNode, 'accessMethod')
    if (!locationNode) bad('AccessDescription has no location.')
    const location = parseGeneralName(locationNode)
    const name = ACCESS_METHODS[method]
    out.descriptions.push({ method: name ? { oid: method, name } : { oid: method }, location })
    if (location.type === 'uri' && method === OID.ocsp) out.ocsp.push(location.value)
    if (location.type === 'uri' && method === OID.caIssuers) out.caIssuers.push(location.value)
  }
  return type === 'authorityInfoAccess' ? { type, ...out } : { type, ...out }
}

function distributionPoints(node: Asn1): ExtensionValue {
  const points: DistributionPoint[] = []
  for (const dp of expect(node, Tag.sequence, 'CRLDistributionPoints').children) {
    const point: DistributionPoint = {}
    for (const field of expect(dp, Tag.sequence, 'DistributionPoint').children) {
      if (field.isContext(0)) {
        const choice = field.children[0]
        if (choice?.isContext(0)) point.fullName = parseGeneralNames(choice.children)
        else if (choice?.isContext(1)) point.relativeName = toHexUpper(choice.content)
      } else if (field.isContext(1)) {
        const b = readBitString(retag(field, Tag.bitString), 'reasons')
        point.reasons = REASON_FLAGS.filter((_, i) => bitSet(b, i))
      } else if (field.isContext(2)) {
        point.crlIssuer = parseGeneralNames(field.children)
      }
    }
    points.push(point)
  }
  return { type: 'crlDistributionPoints', points }
}

function policies(node: Asn1): ExtensionValue {
  const out: PolicyInformation[] = []
  for (const pi of expect(node, Tag.sequence, 'CertificatePolicies').children) {
    const [idNode, qualifiers] = expect(pi, Tag.sequence, 'PolicyInformation').children
    const oid = readOid(idNode, 'policyIdentifier')
    const info: PolicyInformation = { oid, cps: [], userNotices: [] }
    const name = POLICIES[oid]
    if (name) info.name = name
    for (const q of qualifiers ? expect(qualifiers, Tag.sequence, 'policyQualifiers').children : []) {
      const [qid, qv] = expect(q, Tag.sequence, 'PolicyQualifierInfo').children
      const qoid = readOid(qid, 'policyQualifierId')
      if (qoid === OID.cpsQualifier && qv) info.cps.push(readString(qv, 'CPS URI'))
      if (qoid === OID.userNoticeQualifier && qv) {
        const text = qv.children.find((c) => c.cls === 0 && c.tag !== Tag.sequence)
        if (text) info.userNotices.push(readString(text, 'explicitText'))
      }
    }
    out.push(info)
  }
  return { type: 'certificatePolicies', policies: out }
}

function subtrees(node: Asn1): GeneralSubtree[] {
  return node.children.map((st) => {
    const [baseNode, ...rest] = expect(st, Tag.sequence, 'GeneralSubtree').children
    if (!baseNode) bad('GeneralSubtree has no base name.')
    const tree: GeneralSubtree = { base: parseGeneralName(baseNode, true) }
    for (const r of rest) {
      if (r.isContext(0)) tree.minimum = readSmallInt(retag(r, Tag.integer), 'minimum')
      if (r.isContext(1)) tree.maximum = readSmallInt(retag(r, Tag.integer), 'maximum')
    }
    return tree
  })
}

function scts(node: Asn1): ExtensionValue {
  // extnValue holds an OCTET STRING whose bytes are a TLS-encoded SignedCertificateTimestampList (RFC 6962 §3.3)
  const data = readOctetString(node, 'SCT list')
  const list: SignedCertificateTimestamp[] = []
  const u16 = (p: number): number => {
    if (p + 2 > data.length) bad('SCT list is truncated.')
    return ((data[p] as number) << 8) | (data[p + 1] as number)
  }
  const total = u16(0)
  if (total + 2 !== data.length) bad('SCT list length does not match its contents.')
  let p = 2
  while (p < data.length) {
    const len = u16(p)
    const start = p + 2
    const end = start + len
    if (end > data.length || len < 47) bad('An SCT is truncated.')
    const version = data[start] as number
    const logId = encodeBase64(data.subarray(start + 1, start + 33))
    let ts = 0
    for (let i = 0; i < 8; i++) ts = ts * 256 + (data[start + 33 + i] as number)
    const extLen = u16(start + 41)
    const after = start + 43 + extLen
    if (after + 4 > end) bad('An SCT is truncated.')
    const sct: SignedCertificateTimestamp = {
      version: version + 1,
      logId,
      timestamp: new Date(ts).toISOString(),
      hashAlgorithm: HASH_NAMES[data[after] as number] ?? String(data[after]),
      signatureAlgorithm: SIG_NAMES[data[after + 1] as number] ?? String(data[after + 1])
    }
    if (extLen > 0) sct.extensionsHex = toHexUpper(data.subarray(start + 43, after))
    list.push(sct)
    p = end
  }
  return { type: 'signedCertificateTimestamps', scts: list }
}

export const EXTENSION_DECODERS: Record<string, Decoder> = {
  [OID.basicConstraints]: (v) => {
    const kids = expect(v, Tag.sequence, 'BasicConstraints').children
    let ca = false
    let pathLength: number | undefined
    for (const k of kids) {
      if (k.isUniversal(Tag.boolean)) ca = readBoolean(k, 'cA')
      else if (k.isUniversal(Tag.integer)) pathLength = readSmallInt(k, 'pathLenConstraint')
    }
    return pathLength === undefined ? { type: 'basicConstraints', ca } : { type: 'basicConstraints', ca, pathLength }
  },
  [OID.keyUsage]: (v) => {
    const b = readBitString(v, 'KeyUsage')
    return { type: 'keyUsage', usages: KEY_USAGES.filter((_, i) => bitSet(b, i)) }
  },
  [OID.extKeyUsage]: (v) => ({
    type: 'extKeyUsage',
    purposes: expect(v, Tag.sequence, 'ExtKeyUsage').children.map((n) => {
      const oid = readOid(n, 'KeyPurposeId')
      const name = EXTENDED_KEY_USAGES[oid]
      return name ? { oid, name } : { oid }
    })
  }),
  [OID.subjectAltName]: (v) => ({ type: 'subjectAltName', names: generalNamesOf(v, 'SubjectAltName') }),
  [OID.issuerAltName]: (v) => ({ type: 'issuerAltName', names: generalNamesOf(v, 'IssuerAltName') }),
  [OID.subjectKeyIdentifier]: (v) => ({ type: 'subjectKeyIdentifier', keyId: colonHex(readOctetString(v, 'SubjectKeyIdentifier')) }),
  [OID.authorityKeyIdentifier]: (v) => {
    const out: ExtensionValue & { type: 'authorityKeyIdentifier' } = { type: 'authorityKeyIdentifier' }
    for (const k of expect(v, Tag.sequence, 'AuthorityKeyIdentifier').children) {
      if (k.isContext(0)) out.keyId = colonHex(k.content)
      else if (k.isContext(1)) out.issuer = parseGeneralNames(k.children)
      else if (k.isContext(2)) out.serial = readInteger(retag(k, Tag.integer), 'authorityCertSerialNumber').hex
    }
    return out
  },
  [OID.authorityInfoAccess]: (v) => accessDescriptions(v, 'authorityInfoAccess'),
  [OID.subjectInfoAccess]: (v) => accessDescriptions(v, 'subjectInfoAccess'),
  [OID.crlDistributionPoints]: distributionPoints,
  '2.5.29.46': distributionPoints,
  [OID.certificatePolicies]: policies,
  [OID.policyMappings]: (v) => ({
    type: 'policyMappings',
    mappings: expect(v, Tag.sequence, 'PolicyMappings').children.map((m) => {
      const [a, b] = expect(m, Tag.sequence, 'PolicyMapping').children
      return { issuerDomainPolicy: readOid(a, 'issuerDomainPolicy'), subjectDomainPolicy: readOid(b, 'subjectDomainPolicy') }
    })
  }),
  [OID.policyConstraints]: (v) => {
    const out: ExtensionValue & { type: 'policyConstraints' } = { type: 'policyConstraints' }
    for (const k of expect(v, Tag.sequence, 'PolicyConstraints').children) {
      if (k.isContext(0)) out.requireExplicitPolicy = readSmallInt(retag(k, Tag.integer), 'requireExplicitPolicy')
      if (k.isContext(1)) out.inhibitPolicyMapping = readSmallInt(retag(k, Tag.integer), 'inhibitPolicyMapping')
    }
    return out
  },
  [OID.inhibitAnyPolicy]: (v) => ({ type: 'inhibitAnyPolicy', skipCerts: readSmallInt(v, 'SkipCerts') }),
  [OID.nameConstraints]: (v) => {
    const out: ExtensionValue & { type: 'nameConstraints' } = { type: 'nameConstraints', permitted: [], excluded: [] }
    for (const k of expect(v, Tag.sequence, 'NameConstraints').children) {
      if (k.isContext(0)) out.permitted = subtrees(k)
      if (k.isContext(1)) out.excluded = subtrees(k)
    }
    return out
  },
  [OID.sctList]: scts,
  [OID.tlsFeature]: (v) => {
    const features = expect(v, Tag.sequence, 'TLSFeatures').children.map((n) => readSmallInt(n, 'TLS feature'))
    return { type: 'tlsFeature', features, mustStaple: features.includes(5) }
  },
  [OID.ctPoison]: (v) => {
    expect(v, Tag.null, 'CT poison')
    return { type: 'ctPoison' }
  },
  [OID.netscapeCertType]: (v) => {
    const b = readBitString(v, 'NetscapeCertType')
    return { type: 'netscapeCertType', types: NETSCAPE_TYPES.filter((_, i) => bitSet(b, i)) }
  },
  [OID.crlNumber]: (v) => ({ type: 'crlNumber', number: BigInt(`0x${readInteger(v, 'CRLNumber').hex}`).toString() })
}

/** Extensions whose meaning the verifier processes; any other critical extension makes a path invalid. */
export const PROCESSED_EXTENSIONS = new Set<string>([
  OID.basicConstraints,
  OID.keyUsage,
  OID.extKeyUsage,
  OID.subjectAltName,
  OID.nameConstraints,
  OID.certificatePolicies,
  OID.policyConstraints,
  OID.policyMappings,
  OID.inhibitAnyPolicy
])

export interface RawExtension {
  oid: string
  critical: boolean
  /** The extnValue OCTET STRING node (its content is the extension's DER). */
  valueNode: Asn1
  node: Asn1
}

/** Reads the Extensions SEQUENCE into raw entries. */
export function readExtensions(seqNode: Asn1): RawExtension[] {
  return expect(seqNode, Tag.sequence, 'Extensions').children.map((ext) => {
    const kids = expect(ext, Tag.sequence, 'Extension').children
    const oid = readOid(kids[0], 'extnID')
    let i = 1
    let critical = false
    if (kids[i]?.isUniversal(Tag.boolean)) critical = readBoolean(kids[i++], 'critical')
    const valueNode = expect(kids[i], Tag.octetString, `extnValue of ${oid}`)
    return { oid, critical, valueNode, node: ext }
  })
}

export function describeExtension(raw: RawExtension): ExtensionInfo {
  const decoder = EXTENSION_DECODERS[raw.oid]
  let value: ExtensionValue = { type: 'unknown' }
  if (decoder) {
    try {
      value = decoder(decode(raw.valueNode.buf, raw.valueNode.contentStart, raw.valueNode.contentEnd))
    } catch (err) {
      value = { type: 'malformed', error: err instanceof Error ? err.message : String(err) }
    }
  }
  return {
    oid: raw.oid,
    name: EXTENSION_NAMES[raw.oid] ?? raw.oid,
    critical: raw.critical,
    value,
    hex: toHexUpper(raw.valueNode.content),
    offset: raw.node.offset,
    length: raw.node.end - raw.node.offset
  }
}
