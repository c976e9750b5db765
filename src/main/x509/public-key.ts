// SubjectPublicKeyInfo: algorithm, size or curve, and the SHA-256 pin, read from the DER itself so that keys
// Node cannot load (odd curves, DSA) are still described.
import { createHash } from 'node:crypto'
import { type Asn1, Tag, decode, expect, readBitString, readInteger, readOid } from '../../shared/x509/asn1'
import { CURVES, OID, PUBLIC_KEY_ALGORITHMS } from '../../shared/x509/oids'
import type { PublicKeyInfo } from './types'

export function sha256Base64(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('base64')
}

function bitLength(hex: string): number {
  const trimmed = hex.replace(/^0+/, '')
  if (!trimmed) return 0
  return (trimmed.length - 1) * 4 + (parseInt(trimmed[0] as string, 16).toString(2).length)
}

export function describeSpki(spki: Asn1): PublicKeyInfo {
  const [algId, keyBits] = expect(spki, Tag.sequence, 'SubjectPublicKeyInfo').children
  const [algOid, params] = expect(algId, Tag.sequence, 'public key AlgorithmIdentifier').children
  const oid = readOid(algOid, 'public key algorithm')
  const bits = readBitString(keyBits, 'subjectPublicKey')
  const info: PublicKeyInfo = { algorithm: PUBLIC_KEY_ALGORITHMS[oid] ?? oid, oid, spkiSha256: sha256Base64(spki.raw) }
  try {
    describeKey(oid, params, bits.bytes, info)
  } catch (err) {
    // a malformed key inside a well-formed SPKI leaves the certificate readable: the verifier skips it as an
    // issuer candidate and says why (profile.ts MALFORMED_KEY), instead of refusing the whole input
    info.error = err instanceof Error ? err.message : String(err)
  }
  return info
}

function describeKey(oid: string, params: Asn1 | undefined, keyBytes: Uint8Array, info: PublicKeyInfo): void {
  const bits = { bytes: keyBytes }
  switch (oid) {
    case OID.rsaEncryption:
    case OID.rsassaPss: {
      const [n, e] = expect(decode(bits.bytes), Tag.sequence, 'RSAPublicKey').children
      info.bits = bitLength(readInteger(n, 'modulus').hex)
      const exp = readInteger(e, 'publicExponent')
      if (exp.hex.length <= 12) info.exponent = parseInt(exp.hex, 16)
      break
    }
    case OID.ecPublicKey: {
      if (params?.isUniversal(Tag.oid)) {
        const curveOid = readOid(params, 'namedCurve')
        info.curveOid = curveOid
        const curve = CURVES[curveOid]
        if (curve) {
          info.curve = curve.name
          info.bits = curve.bits
        } else info.curve = curveOid
      } else info.curve = 'explicit parameters'
      break
    }
    case OID.ed25519:
    case OID.x25519:
      info.bits = 256
      break
    case OID.ed448:
      info.bits = 456
      break
    case OID.x448:
      info.bits = 448
      break
    case OID.dsa: {
      const p = params?.isUniversal(Tag.sequence) ? params.children[0] : undefined
      if (p) info.bits = bitLength(readInteger(p, 'DSA p').hex)
      break
    }
  }
}

