// Reading PKCS#12 (.p12/.pfx, RFC 7292): check the MAC with the password, decrypt the safes, and hand back the
// certificates' exact DER and the private keys as PKCS#8. Works for OpenSSL 3's default (PBES2/AES-256, SHA-256
// MAC) and for `-legacy` files (3DES keys, RC2-40 certificates, SHA-1 MAC).
import { type Asn1, Tag, bytesEqual, decode, expect, readOctetString, readOid, readSmallInt, readString, toHexUpper } from '../../shared/x509/asn1'
import { OID, oidName } from '../../shared/x509/oids'
import { WirebenchError } from '../../shared/errors'
import { describeKeyEncryption } from './keys'
import { type MacData, bmpPassword, computeMac, pbeDecrypt, readMacData } from './pkcs12-crypto'

const BAG = {
  key: '1.2.840.113549.1.12.10.1.1',
  shroudedKey: '1.2.840.113549.1.12.10.1.2',
  cert: '1.2.840.113549.1.12.10.1.3',
  crl: '1.2.840.113549.1.12.10.1.4',
  secret: '1.2.840.113549.1.12.10.1.5',
  safeContents: '1.2.840.113549.1.12.10.1.6'
} as const

export interface BagAttributes {
  friendlyName?: string
  localKeyId?: string
}

export interface Pkcs12Contents {
  certificates: (BagAttributes & { der: Uint8Array })[]
  keys: (BagAttributes & { pkcs8: Uint8Array; encryption?: string })[]
  warnings: string[]
  /** What protected the file, for the UI: "MAC sha256, 2048 iterations; certificates: PBES2 (...)". */
  protection: string[]
}

export type Pkcs12Result = { status: 'ok'; contents: Pkcs12Contents } | { status: 'needsPassword' }

/** True when the DER looks like a PFX: SEQUENCE { INTEGER 3, ContentInfo, ... }. */
export function looksLikePkcs12(root: Asn1): boolean {
  try {
    const [version, authSafe] = root.children
    return !!version?.isUniversal(Tag.integer) && version.length === 1 && version.content[0] === 3 && !!authSafe?.isUniversal(Tag.sequence) &&
      readOid(authSafe.children[0]) === OID.pkcs7Data
  } catch {
    return false
  }
}

function attributes(node: Asn1 | undefined): BagAttributes {
  const out: BagAttributes = {}
  if (!node) return out
  for (const attr of expect(node, Tag.set, 'bag attributes').children) {
    const [typeNode, values] = expect(attr, Tag.sequence, 'bag attribute').children
    const type = readOid(typeNode, 'bag attribute type')
    const first = values?.children[0]
    if (!first) continue
    if (type === OID.friendlyName) out.friendlyName = readString(first, 'friendlyName')
    if (type === OID.localKeyId && first.isUniversal(Tag.octetString)) out.localKeyId = toHexUpper(first.content, ':')
  }
  return out
}

function readSafeContents(der: Uint8Array, password: string, out: Pkcs12Contents, depth = 0): void {
  if (depth > 4) throw new WirebenchError('INVALID_DER', 'PKCS#12 safe contents are nested too deeply.')
  for (const bag of expect(decode(der), Tag.sequence, 'SafeContents').children) {
    const [idNode, valueWrap, attrNode] = expect(bag, Tag.sequence, 'SafeBag').children
    const bagId = readOid(idNode, 'bagId')
    const value = valueWrap?.isContext(0) ? valueWrap.children[0] : undefined
    if (!value) throw new WirebenchError('INVALID_DER', 'A PKCS#12 bag has no value.')
    const attrs = attributes(attrNode)
    switch (bagId) {
      case BAG.cert: {
        const [certType, certValue] = expect(value, Tag.sequence, 'CertBag').children
        if (readOid(certType, 'certId') !== OID.x509Certificate) {
          out.warnings.push('Skipped a certificate bag that is not X.509 (SDSI).')
          break
        }
        out.certificates.push({ ...attrs, der: readOctetString(certValue?.children[0], 'certValue').slice() })
        break
      }
      case BAG.key:
        out.keys.push({ ...attrs, pkcs8: value.raw.slice() })
        break
      case BAG.shroudedKey: {
        const [algId, data] = expect(value, Tag.sequence, 'EncryptedPrivateKeyInfo').children
        const encryption = describeKeyEncryption(algId as Asn1).text
        const pkcs8 = pbeDecrypt(algId as Asn1, password, readOctetString(data, 'encrypted key'))
        out.keys.push({ ...attrs, pkcs8, encryption })
        break
      }
      case BAG.safeContents:
        readSafeContents(value.raw, password, out, depth + 1)
        break
      default:
        out.warnings.push(`Skipped a PKCS#12 ${oidName(bagId) ?? bagId} (not a certificate or key).`)
    }
  }
}

function readAuthSafe(authSafe: Uint8Array, password: string, out: Pkcs12Contents): void {
  for (const ci of expect(decode(authSafe), Tag.sequence, 'AuthenticatedSafe').children) {
    const [typeNode, content] = expect(ci, Tag.sequence, 'ContentInfo').children
    const type = readOid(typeNode, 'contentType')
    const inner = content?.isContext(0) ? content.children[0] : undefined
    if (type === OID.pkcs7Data) {
      readSafeContents(readOctetString(inner, 'data'), password, out)
    } else if (type === OID.pkcs7EncryptedData) {
      const [version, eci] = expect(inner, Tag.sequence, 'EncryptedData').children
      readSmallInt(version, 'EncryptedData version')
      const [, algId, encrypted] = expect(eci, Tag.sequence, 'EncryptedContentInfo').children
      if (!encrypted?.isContext(0)) throw new WirebenchError('INVALID_DER', 'PKCS#12 encrypted safe has no content.')
      // [0] IMPLICIT OCTET STRING: primitive, or constructed chunks in BER
      const bytes = encrypted.constructed ? concatChunks(encrypted.children) : encrypted.content
      out.protection.push(`certificates: ${describeKeyEncryption(algId as Asn1).text}`)
      readSafeContents(pbeDecrypt(algId as Asn1, password, bytes), password, out)
    } else {
      out.warnings.push(`Skipped a ${oidName(type) ?? type} safe (public-key encrypted PKCS#12 is not supported).`)
    }
  }
}

function concatChunks(chunks: Asn1[]): Uint8Array {
  const parts = chunks.map((c) => readOctetString(c, 'encrypted chunk'))
  return Uint8Array.from(parts.flatMap((p) => Array.from(p)))
}

function macMatches(mac: MacData, password: string, data: Uint8Array): boolean {
  const candidates = password === '' ? [bmpPassword(''), bmpPassword(null)] : [bmpPassword(password)]
  return candidates.some((pw) => bytesEqual(computeMac(mac, pw, data), mac.digest))
}

/**
 * Opens a PFX. Without a password, the empty password is tried (as OpenSSL does); if that fails the result is
 * 'needsPassword'. A wrong password is WirebenchError('WRONG_PASSWORD').
 */
export function readPkcs12(root: Asn1, password?: string): Pkcs12Result {
  const [, authSafeInfo, macNode] = expect(root, Tag.sequence, 'PFX').children
  const [, authContent] = expect(authSafeInfo, Tag.sequence, 'authSafe').children
  const authSafe = readOctetString(authContent?.children[0], 'authSafe content')
  const mac = macNode ? readMacData(macNode) : undefined
  const pw = password ?? ''
  const out: Pkcs12Contents = { certificates: [], keys: [], warnings: [], protection: [] }
  if (mac) {
    out.protection.push(`integrity: HMAC-${mac.hash.toUpperCase()}, ${mac.iterations} iterations`)
    if (!macMatches(mac, pw, authSafe)) {
      if (password === undefined) return { status: 'needsPassword' }
      throw new WirebenchError('WRONG_PASSWORD', 'The PKCS#12 password is wrong: the file’s integrity check (MAC) does not match it.')
    }
  } else {
    out.warnings.push('The file has no integrity MAC; a wrong password shows up only as a decryption failure.')
  }
  try {
    readAuthSafe(authSafe, pw, out)
  } catch (err) {
    if (err instanceof WirebenchError && err.code === 'DECRYPT_FAILED') {
      if (mac) throw new WirebenchError('INVALID_DER', 'The PKCS#12 password is right but a safe does not decrypt: the file is damaged.', err.detail)
      if (password === undefined) return { status: 'needsPassword' }
      throw new WirebenchError('WRONG_PASSWORD', 'The PKCS#12 password is wrong (decryption failed).', err.detail)
    }
    throw err
  }
  return { status: 'ok', contents: out }
}
