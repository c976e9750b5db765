// Checks the handshake's signatures the way the client did, so the Walkthrough can say "verified here" and show what
// was signed: TLS 1.3 CertificateVerify (RFC 8446 §4.4.3: 64 spaces ‖ context string ‖ 0 ‖ transcript hash) and the
// TLS 1.2 ServerKeyExchange signature (RFC 8422 §5.4: client_random ‖ server_random ‖ params), with the leaf
// certificate's public key through node:crypto.
import { X509Certificate, constants, verify, type KeyObject, type VerifyKeyObjectInput } from 'node:crypto'
import { concat } from './tls-keys'

type SchemeKind = 'rsa-pkcs1' | 'rsa-pss' | 'ecdsa' | 'eddsa'

/** Signature schemes (RFC 8446 §4.2.3; TLS 1.2's {hash, signature} pairs share these code points, RFC 5246 §7.4.1.4.1). */
const SCHEMES: Record<number, { name: string; kind: SchemeKind; hash: string | null }> = {
  0x0201: { name: 'rsa_pkcs1_sha1', kind: 'rsa-pkcs1', hash: 'sha1' },
  0x0401: { name: 'rsa_pkcs1_sha256', kind: 'rsa-pkcs1', hash: 'sha256' },
  0x0501: { name: 'rsa_pkcs1_sha384', kind: 'rsa-pkcs1', hash: 'sha384' },
  0x0601: { name: 'rsa_pkcs1_sha512', kind: 'rsa-pkcs1', hash: 'sha512' },
  0x0203: { name: 'ecdsa_sha1', kind: 'ecdsa', hash: 'sha1' },
  0x0403: { name: 'ecdsa_secp256r1_sha256', kind: 'ecdsa', hash: 'sha256' },
  0x0503: { name: 'ecdsa_secp384r1_sha384', kind: 'ecdsa', hash: 'sha384' },
  0x0603: { name: 'ecdsa_secp521r1_sha512', kind: 'ecdsa', hash: 'sha512' },
  0x0804: { name: 'rsa_pss_rsae_sha256', kind: 'rsa-pss', hash: 'sha256' },
  0x0805: { name: 'rsa_pss_rsae_sha384', kind: 'rsa-pss', hash: 'sha384' },
  0x0806: { name: 'rsa_pss_rsae_sha512', kind: 'rsa-pss', hash: 'sha512' },
  0x0807: { name: 'ed25519', kind: 'eddsa', hash: null },
  0x0808: { name: 'ed448', kind: 'eddsa', hash: null },
  0x0809: { name: 'rsa_pss_pss_sha256', kind: 'rsa-pss', hash: 'sha256' },
  0x080a: { name: 'rsa_pss_pss_sha384', kind: 'rsa-pss', hash: 'sha384' },
  0x080b: { name: 'rsa_pss_pss_sha512', kind: 'rsa-pss', hash: 'sha512' }
}

export const signatureSchemeName = (scheme: number): string => SCHEMES[scheme]?.name ?? `unknown (0x${scheme.toString(16).padStart(4, '0')})`

/** The bytes a TLS 1.3 CertificateVerify signs: 64 × 0x20 ‖ "TLS 1.3, server CertificateVerify" ‖ 0x00 ‖ transcript hash (RFC 8446 §4.4.3). */
export function certificateVerifyContent(from: 'client' | 'server', transcriptHash: Uint8Array): Uint8Array {
  const context = new TextEncoder().encode(`TLS 1.3, ${from} CertificateVerify`)
  return concat(new Uint8Array(64).fill(0x20), context, Uint8Array.of(0), transcriptHash)
}

/** The last few leaves' public keys: walking the same server again skips parsing its certificate (a KeyObject is immutable). */
const KEYS = new Map<string, KeyObject>()
const KEYS_KEPT = 16

function leafKey(der: Uint8Array): KeyObject {
  const id = Buffer.from(der.buffer, der.byteOffset, der.length).toString('base64')
  let key = KEYS.get(id)
  if (key) {
    KEYS.delete(id)
  } else {
    key = new X509Certificate(der).publicKey
    if (KEYS.size >= KEYS_KEPT) KEYS.delete(KEYS.keys().next().value!)
  }
  KEYS.set(id, key)
  return key
}

export interface SignatureCheck {
  ok: boolean
  schemeName: string
  /** The signing key in words, e.g. "EC P-256", "RSA 2048 bits", "Ed25519". */
  key: string
  why?: string
}

/** Verifies `signature` over `content` with the public key of the certificate `leafDer` under `scheme`; never throws. */
export function verifySignature(o: { scheme: number; signature: Uint8Array; leafDer: Uint8Array; content: Uint8Array }): SignatureCheck {
  const schemeName = signatureSchemeName(o.scheme)
  let key: KeyObject
  try {
    key = leafKey(o.leafDer)
  } catch (e) {
    return { ok: false, schemeName, key: 'unreadable', why: `The leaf certificate could not be read: ${(e as Error).message}` }
  }
  const words = keyWords(key)
  const s = SCHEMES[o.scheme]
  if (!s) return { ok: false, schemeName, key: words, why: `Signature scheme ${schemeName} is not one the Walkthrough knows how to check.` }
  try {
    let input: KeyObject | VerifyKeyObjectInput = key
    if (s.kind === 'rsa-pss') input = { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }
    else if (s.kind === 'rsa-pkcs1') input = { key, padding: constants.RSA_PKCS1_PADDING }
    else if (s.kind === 'ecdsa') input = { key, dsaEncoding: 'der' }
    const ok = verify(s.hash, o.content, input, o.signature)
    return ok ? { ok, schemeName, key: words } : { ok, schemeName, key: words, why: `The ${schemeName} signature does not verify with the leaf certificate's ${words} key.` }
  } catch (e) {
    return { ok: false, schemeName, key: words, why: `The ${schemeName} signature could not be checked with a ${words} key: ${(e as Error).message}` }
  }
}

function keyWords(key: KeyObject): string {
  const d = key.asymmetricKeyDetails ?? {}
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return `RSA ${d.modulusLength ?? '?'} bits`
    case 'rsa-pss':
      return `RSA-PSS ${d.modulusLength ?? '?'} bits`
    case 'ec':
      return `EC ${curveName(d.namedCurve)}`
    case 'ed25519':
      return 'Ed25519'
    case 'ed448':
      return 'Ed448'
    default:
      return key.asymmetricKeyType ?? 'unknown'
  }
}

const curveName = (c: string | undefined): string => ({ prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' })[c ?? ''] ?? c ?? '?'
