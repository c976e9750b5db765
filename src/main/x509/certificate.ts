// X.509 certificates (RFC 5280 §4.1): decoded once into a ParsedCertificate that keeps the exact bytes the
// verifier needs (TBS, names, SPKI, extensions), and described on demand as the JSON the UI shows.
import { createHash } from 'node:crypto'
import { type Asn1, type IntegerValue, Tag, bad, decode, expect, readBitString, readInteger, readSmallInt, readTime, toHexUpper } from '../../shared/x509/asn1'
import { OID } from '../../shared/x509/oids'
import { encodePem } from '../../shared/x509/pem'
import { WirebenchError } from '../../shared/errors'
import { type RawExtension, describeExtension, readExtensions } from './extensions'
import { type ParsedName, parseName } from './name'
import { describeSpki } from './public-key'
import { type SignatureAlgorithm, type SignatureCheck, readSignatureAlgorithm, verifySignature } from './signature'
import type { CertificateInfo, ExtensionInfo, ExtensionValue, GeneralName, PublicKeyInfo, ValidityInfo } from './types'

export interface ParsedCertificate {
  der: Uint8Array
  tbs: Uint8Array
  version: number
  serial: IntegerValue
  /** AlgorithmIdentifier inside the TBS and outside it; they must be equal. */
  tbsSignatureAlgorithm: SignatureAlgorithm
  signatureAlgorithm: SignatureAlgorithm
  signature: Uint8Array
  issuer: ParsedName
  subject: ParsedName
  notBefore: number
  notAfter: number
  spkiDer: Uint8Array
  publicKey: PublicKeyInfo
  rawExtensions: RawExtension[]
  /** Decoded extensions in order, and by OID (the first of each; duplicates are a lint error). */
  extensionList: ExtensionInfo[]
  extensions: Map<string, ExtensionInfo>
  fingerprint256: string
  fingerprint1: string
}

const DAY = 86_400_000

export function colonHexDigest(algorithm: 'sha1' | 'sha256', data: Uint8Array): string {
  return toHexUpper(createHash(algorithm).update(data).digest(), ':')
}

function certificateError(err: unknown): WirebenchError {
  const message = err instanceof Error ? err.message : String(err)
  return new WirebenchError('INVALID_CERTIFICATE', `Not a valid X.509 certificate: ${message}`)
}

/** Decodes a DER certificate; anything malformed becomes WirebenchError('INVALID_CERTIFICATE'). */
export function parseCertificate(der: Uint8Array): ParsedCertificate {
  try {
    return parseCertificateNode(decode(der))
  } catch (err) {
    throw certificateError(err)
  }
}

function parseCertificateNode(root: Asn1): ParsedCertificate {
  const [tbsNode, sigAlgNode, sigNode, extra] = expect(root, Tag.sequence, 'Certificate').children
  if (extra) bad('Certificate has more than three parts.')
  const tbs = expect(tbsNode, Tag.sequence, 'tbsCertificate').children
  let i = 0
  let version = 1
  if (tbs[0]?.isContext(0)) {
    version = readSmallInt(tbs[0].children[0], 'version') + 1
    i++
  }
  const serial = readInteger(tbs[i++], 'serialNumber')
  const tbsSignatureAlgorithm = readSignatureAlgorithm(tbs[i++], 'signature')
  const issuer = parseName(tbs[i++] as Asn1, 'issuer')
  const [nb, na] = expect(tbs[i++], Tag.sequence, 'validity').children
  const notBefore = readTime(nb, 'notBefore')
  const notAfter = readTime(na, 'notAfter')
  const subject = parseName(tbs[i++] as Asn1, 'subject')
  const spkiNode = expect(tbs[i++], Tag.sequence, 'subjectPublicKeyInfo')
  const publicKey = describeSpki(spkiNode)
  let rawExtensions: RawExtension[] = []
  for (; i < tbs.length; i++) {
    const n = tbs[i] as Asn1
    if (n.isContext(3)) rawExtensions = readExtensions(n.children[0] as Asn1)
    else if (!n.isContext(1) && !n.isContext(2)) bad(`Unexpected ${n.tag} field in tbsCertificate (at byte ${n.offset}).`)
  }
  const signatureAlgorithm = readSignatureAlgorithm(sigAlgNode)
  const sig = readBitString(sigNode, 'signatureValue')
  const extensionList = rawExtensions.map(describeExtension)
  const extensions = new Map<string, ExtensionInfo>()
  for (const e of extensionList) if (!extensions.has(e.oid)) extensions.set(e.oid, e)
  const der = root.raw
  return {
    der,
    tbs: (tbsNode as Asn1).raw,
    version,
    serial,
    tbsSignatureAlgorithm,
    signatureAlgorithm,
    signature: sig.bytes,
    issuer,
    subject,
    notBefore,
    notAfter,
    spkiDer: spkiNode.raw,
    publicKey,
    rawExtensions,
    extensionList,
    extensions,
    fingerprint256: colonHexDigest('sha256', der),
    fingerprint1: colonHexDigest('sha1', der)
  }
}

/** The decoded value of an extension, typed by its `type`. */
export function extensionValue<T extends ExtensionValue['type']>(
  cert: ParsedCertificate,
  oid: string,
  type: T
): Extract<ExtensionValue, { type: T }> | undefined {
  const v = cert.extensions.get(oid)?.value
  return v && v.type === type ? (v as Extract<ExtensionValue, { type: T }>) : undefined
}

export function subjectAltNames(cert: ParsedCertificate): GeneralName[] {
  return extensionValue(cert, OID.subjectAltName, 'subjectAltName')?.names ?? []
}

export function isCA(cert: ParsedCertificate): boolean {
  return extensionValue(cert, OID.basicConstraints, 'basicConstraints')?.ca === true
}

export function isSelfIssued(cert: ParsedCertificate): boolean {
  return cert.subject.key === cert.issuer.key
}

const selfSignedCache = new WeakMap<ParsedCertificate, boolean>()

/** Self-issued and signed by its own key. */
export function isSelfSigned(cert: ParsedCertificate): boolean {
  let v = selfSignedCache.get(cert)
  if (v === undefined) {
    v = isSelfIssued(cert) && checkSignature(cert, cert) === 'valid'
    selfSignedCache.set(cert, v)
  }
  return v
}

/** Is `cert` signed by `issuer`'s key? */
export function checkSignature(cert: ParsedCertificate, issuer: ParsedCertificate): SignatureCheck {
  return verifySignature(cert.signatureAlgorithm, cert.tbs, cert.signature, issuer.spkiDer, issuer.publicKey.spkiSha256)
}

export function validityAt(cert: ParsedCertificate, now: number): ValidityInfo {
  const expired = now > cert.notAfter
  return {
    notBefore: new Date(cert.notBefore).toISOString(),
    notAfter: new Date(cert.notAfter).toISOString(),
    daysUntilExpiry: Math.floor((cert.notAfter - now) / DAY),
    daysSinceExpiry: expired ? Math.floor((now - cert.notAfter) / DAY) : 0,
    totalDays: Math.floor((cert.notAfter - cert.notBefore) / DAY),
    status: expired ? 'expired' : now < cert.notBefore ? 'notYetValid' : 'valid',
    now: new Date(now).toISOString()
  }
}

export function describeCertificate(cert: ParsedCertificate, now = Date.now()): CertificateInfo {
  const ski = extensionValue(cert, OID.subjectKeyIdentifier, 'subjectKeyIdentifier')
  const aki = extensionValue(cert, OID.authorityKeyIdentifier, 'authorityKeyIdentifier')
  const info: CertificateInfo = {
    version: cert.version,
    serial: (cert.serial.negative ? '-' : '') + cert.serial.hex,
    serialNegative: cert.serial.negative,
    serialOctets: cert.serial.octets,
    subject: cert.subject.info,
    issuer: cert.issuer.info,
    validity: validityAt(cert, now),
    publicKey: cert.publicKey,
    signatureAlgorithm: cert.signatureAlgorithm.info,
    fingerprintSha1: cert.fingerprint1,
    fingerprintSha256: cert.fingerprint256,
    extensions: cert.extensionList,
    selfIssued: isSelfIssued(cert),
    selfSigned: isSelfSigned(cert),
    isCA: isCA(cert),
    subjectAltNames: subjectAltNames(cert),
    pem: encodePem(cert.der, 'CERTIFICATE'),
    size: cert.der.length
  }
  if (ski) info.subjectKeyId = ski.keyId
  if (aki?.keyId) info.authorityKeyId = aki.keyId
  return info
}
