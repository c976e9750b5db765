// PKCS#7 / CMS SignedData (RFC 5652) as certificate containers: .p7b/.p7c files and the "certs-only" bundles
// Windows exports and CAs serve from AIA URLs. Signatures over content are not verified (certs-only has none).
import { type Asn1, Tag, expect, readOid } from '../../shared/x509/asn1'
import { OID } from '../../shared/x509/oids'
import { WirebenchError } from '../../shared/errors'

export interface Pkcs7Contents {
  certificates: Asn1[]
  crls: Asn1[]
  warnings: string[]
}

/** True when the DER is a ContentInfo of type signedData. */
export function looksLikePkcs7(root: Asn1): boolean {
  try {
    return root.isUniversal(Tag.sequence) && readOid(root.children[0]) === OID.pkcs7SignedData
  } catch {
    return false
  }
}

export function readPkcs7(root: Asn1): Pkcs7Contents {
  const [typeNode, content] = expect(root, Tag.sequence, 'ContentInfo').children
  if (readOid(typeNode, 'contentType') !== OID.pkcs7SignedData) {
    throw new WirebenchError('UNSUPPORTED_FORMAT', 'This PKCS#7 file is not SignedData, so it carries no certificates.')
  }
  const signedData = expect(content?.isContext(0) ? content.children[0] : undefined, Tag.sequence, 'SignedData').children
  const out: Pkcs7Contents = { certificates: [], crls: [], warnings: [] }
  let signerInfos: Asn1 | undefined
  for (const field of signedData.slice(3)) {
    if (field.isContext(0)) {
      for (const c of field.children) {
        if (c.isUniversal(Tag.sequence)) out.certificates.push(c)
        else out.warnings.push(`Skipped a non-X.509 certificate choice [${c.tag}] in the PKCS#7 file.`)
      }
    } else if (field.isContext(1)) {
      for (const c of field.children) if (c.isUniversal(Tag.sequence)) out.crls.push(c)
    } else if (field.isUniversal(Tag.set)) {
      signerInfos = field
    }
  }
  if (signerInfos && signerInfos.children.length > 0) {
    out.warnings.push('The PKCS#7 file is signed; its certificates are listed but the signature over its content is not checked.')
  }
  return out
}
