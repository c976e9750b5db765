// PKCS#10 certificate signing requests (RFC 2986): subject, key, requested extensions, and whether the CSR's
// self-signature (proof of possession of the key) verifies.
import { type Asn1, Tag, bad, decode, expect, readBitString, readOid, readSmallInt } from '../../shared/x509/asn1'
import { OID, oidName } from '../../shared/x509/oids'
import { encodePem } from '../../shared/x509/pem'
import { WirebenchError } from '../../shared/errors'
import { colonHexDigest } from './certificate'
import { type RawExtension, describeExtension, readExtensions } from './extensions'
import { type ParsedName, parseName } from './name'
import { describeSpki } from './public-key'
import { readSignatureAlgorithm, verifySignature } from './signature'
import type { CsrInfo, ExtensionInfo, OidName, PublicKeyInfo } from './types'

export interface ParsedCsr {
  der: Uint8Array
  version: number
  subject: ParsedName
  spkiDer: Uint8Array
  publicKey: PublicKeyInfo
  rawExtensions: RawExtension[]
  extensions: ExtensionInfo[]
  attributes: OidName[]
  signatureValid: boolean
  info: CsrInfo
}

/** True when the DER has the CertificationRequest shape: info starts with INTEGER 0, Name, SPKI. */
export function looksLikeCsr(root: Asn1): boolean {
  try {
    const info = root.children[0]
    const k = info?.children ?? []
    return !!info?.isUniversal(Tag.sequence) && !!k[0]?.isUniversal(Tag.integer) && !!k[1]?.isUniversal(Tag.sequence) &&
      !!k[2]?.isUniversal(Tag.sequence) && !!k[3]?.isContext(0)
  } catch {
    return false
  }
}

function parse(root: Asn1): ParsedCsr {
  const [infoNode, algNode, sigNode] = expect(root, Tag.sequence, 'CertificationRequest').children
  const [versionNode, subjectNode, spkiNode, attrsNode] = expect(infoNode, Tag.sequence, 'CertificationRequestInfo').children
  const version = readSmallInt(versionNode, 'version') + 1
  const subject = parseName(subjectNode as Asn1, 'subject')
  const spki = expect(spkiNode, Tag.sequence, 'subjectPKInfo')
  const publicKey = describeSpki(spki)
  if (!attrsNode?.isContext(0)) bad('CSR attributes are missing.')
  let rawExtensions: RawExtension[] = []
  const attributes: OidName[] = []
  for (const attr of attrsNode.children) {
    const [typeNode, values] = expect(attr, Tag.sequence, 'CSR attribute').children
    const type = readOid(typeNode, 'attribute type')
    if (type === OID.extensionRequest) {
      const ext = expect(values, Tag.set, 'extensionRequest values').children[0]
      if (ext) rawExtensions = readExtensions(ext)
    } else {
      const name = oidName(type)
      attributes.push(name ? { oid: type, name } : { oid: type })
    }
  }
  const alg = readSignatureAlgorithm(algNode)
  const sig = readBitString(sigNode, 'signature')
  const signatureValid = verifySignature(alg, (infoNode as Asn1).raw, sig.bytes, spki.raw, publicKey.spkiSha256) === 'valid'
  const extensions = rawExtensions.map(describeExtension)
  const san = extensions.find((e) => e.value.type === 'subjectAltName')?.value
  const der = root.raw
  return {
    der,
    version,
    subject,
    spkiDer: spki.raw,
    publicKey,
    rawExtensions,
    extensions,
    attributes,
    signatureValid,
    info: {
      version,
      subject: subject.info,
      publicKey,
      signatureAlgorithm: alg.info,
      signatureValid,
      extensions,
      subjectAltNames: san?.type === 'subjectAltName' ? san.names : [],
      attributes,
      pem: encodePem(der, 'CERTIFICATE REQUEST'),
      fingerprintSha256: colonHexDigest('sha256', der)
    }
  }
}

export function parseCsr(der: Uint8Array): ParsedCsr {
  try {
    return parse(decode(der))
  } catch (err) {
    throw new WirebenchError('INVALID_CSR', `Not a valid certificate request: ${err instanceof Error ? err.message : String(err)}`)
  }
}
