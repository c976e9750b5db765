// Signature algorithms and verification with node:crypto: PKCS#1 v1.5, RSASSA-PSS, ECDSA, EdDSA and DSA over
// certificates, CSRs and CRLs. Verification never throws: a malformed key or signature is simply "invalid".
import { type KeyObject, constants, createPublicKey, verify } from 'node:crypto'
import { type Asn1, Tag, expect, readOid, readSmallInt } from '../../shared/x509/asn1'
import { HASHES, OID, SIGNATURE_ALGORITHMS } from '../../shared/x509/oids'
import type { SignatureAlgorithmInfo } from './types'

export interface SignatureAlgorithm {
  info: SignatureAlgorithmInfo
  /** Raw AlgorithmIdentifier, for comparing the inner and outer copies (RFC 5280 §4.1.1.2). */
  raw: Uint8Array
  pss?: { hash: string; mgfHash: string; saltLength: number }
}

export function readSignatureAlgorithm(node: Asn1 | undefined, what = 'signatureAlgorithm'): SignatureAlgorithm {
  const [oidNode, params] = expect(node, Tag.sequence, what).children
  const oid = readOid(oidNode, what)
  const known = SIGNATURE_ALGORITHMS[oid]
  const info: SignatureAlgorithmInfo = { oid, name: known?.name ?? oid }
  if (known?.hash) info.hash = known.hash
  const out: SignatureAlgorithm = { info, raw: (node as Asn1).raw }
  if (oid === OID.rsassaPss) {
    // RSASSA-PSS-params: [0] hash (default sha1), [1] MGF (default mgf1 sha1), [2] salt length (default 20)
    let hash = 'sha1'
    let mgfHash = 'sha1'
    let saltLength = 20
    for (const p of params?.isUniversal(Tag.sequence) ? params.children : []) {
      if (p.isContext(0)) hash = HASHES[readOid(p.children[0]?.children[0], 'PSS hash')] ?? 'unknown'
      if (p.isContext(1)) {
        const mgfParams = p.children[0]?.children[1]
        mgfHash = HASHES[readOid(mgfParams?.children[0], 'MGF1 hash')] ?? 'unknown'
      }
      if (p.isContext(2)) saltLength = readSmallInt(p.children[0], 'PSS salt length', 1 << 16)
    }
    out.pss = { hash, mgfHash, saltLength }
    info.hash = hash
  }
  return out
}

const keyCache = new Map<string, KeyObject | null>()

function publicKeyFrom(spkiDer: Uint8Array, cacheKey: string): KeyObject | null {
  let key = keyCache.get(cacheKey)
  if (key === undefined) {
    try {
      key = createPublicKey({ key: Buffer.from(spkiDer), format: 'der', type: 'spki' })
    } catch {
      key = null
    }
    if (keyCache.size > 5_000) keyCache.clear()
    keyCache.set(cacheKey, key)
  }
  return key
}

export type SignatureCheck = 'valid' | 'invalid' | 'unsupported'

/**
 * Verifies `signature` over `data` with the key in `spkiDer`. `pin` (the SPKI SHA-256) keys a small cache of
 * imported keys so a trust store's roots are imported once.
 */
export function verifySignature(
  alg: SignatureAlgorithm,
  data: Uint8Array,
  signature: Uint8Array,
  spkiDer: Uint8Array,
  pin: string
): SignatureCheck {
  const known = SIGNATURE_ALGORITHMS[alg.info.oid]
  if (!known) return 'unsupported'
  const key = publicKeyFrom(spkiDer, pin)
  if (!key) return 'unsupported'
  try {
    if (alg.pss) {
      if (alg.pss.hash !== alg.pss.mgfHash || alg.pss.hash === 'unknown') return 'unsupported'
      const ok = verify(alg.pss.hash, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: alg.pss.saltLength }, signature)
      return ok ? 'valid' : 'invalid'
    }
    if (known.key === 'EdDSA') return verify(null, data, key, signature) ? 'valid' : 'invalid'
    // the key type must suit the algorithm: an RSA signature "verified" by an EC key is a mismatch
    const type = key.asymmetricKeyType
    if (known.key === 'RSA' && type !== 'rsa') return 'invalid'
    if (known.key === 'EC' && type !== 'ec') return 'invalid'
    if (known.key === 'DSA' && type !== 'dsa') return 'invalid'
    return verify(known.hash, data, key, signature) ? 'valid' : 'invalid'
  } catch {
    return 'invalid'
  }
}
