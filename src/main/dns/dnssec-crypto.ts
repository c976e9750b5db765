// The cryptography of DNSSEC validation with node:crypto only (Electron's BoringSSL has all of it): DNSKEY public
// keys turned into KeyObjects through JWK, RRSIG verification for algorithms 8, 10, 13, 14 and 15, DS digests
// (SHA-1, SHA-256, SHA-384) and the SHA-1 that NSEC3 hashing uses.
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto'

/** Why a key or signature could not be used, in words; null when it verified. */
export type VerifyOutcome = { ok: true } | { ok: false; reason: 'wrong' | 'unsupported' | 'bad-key'; words: string }

const b64url = (b: Uint8Array): string => Buffer.from(b).toString('base64url')

/** RFC 3110 §2: exponent length (1 octet, or 0 then 2 octets), exponent, modulus. */
function rsaJwk(key: Uint8Array): { kty: 'RSA'; n: string; e: string } | null {
  if (key.length < 3) return null
  let expLen = key[0]!
  let at = 1
  if (expLen === 0) {
    expLen = (key[1]! << 8) | key[2]!
    at = 3
  }
  if (expLen === 0 || at + expLen >= key.length) return null
  const e = key.subarray(at, at + expLen)
  let n = key.subarray(at + expLen)
  while (n.length > 1 && n[0] === 0) n = n.subarray(1)
  return { kty: 'RSA', n: b64url(n), e: b64url(e) }
}

interface AlgorithmCrypto {
  hash: string | null
  ieee: boolean
  jwk(key: Uint8Array): object | null
}

const ec = (crv: string, size: number) => (key: Uint8Array): object | null =>
  key.length === size * 2 ? { kty: 'EC', crv, x: b64url(key.subarray(0, size)), y: b64url(key.subarray(size)) } : null

const CRYPTO: Record<number, AlgorithmCrypto> = {
  8: { hash: 'sha256', ieee: false, jwk: rsaJwk },
  10: { hash: 'sha512', ieee: false, jwk: rsaJwk },
  // RFC 6605 §4: the key is x | y, the signature r | s (IEEE P1363), not DER.
  13: { hash: 'sha256', ieee: true, jwk: ec('P-256', 32) },
  14: { hash: 'sha384', ieee: true, jwk: ec('P-384', 48) },
  // RFC 8080 §3: the 32-octet public key; Ed25519 hashes internally.
  15: { hash: null, ieee: false, jwk: (k) => (k.length === 32 ? { kty: 'OKP', crv: 'Ed25519', x: b64url(k) } : null) }
}

export const verifiableAlgorithm = (algorithm: number): boolean => algorithm in CRYPTO

const keyCache = new Map<string, KeyObject | null>()

/** The KeyObject for a DNSKEY's public key, or null when it is malformed for its algorithm. */
export function publicKeyFor(algorithm: number, key: Uint8Array): KeyObject | null {
  const spec = CRYPTO[algorithm]
  if (!spec) return null
  const id = `${algorithm}:${b64url(key)}`
  if (keyCache.has(id)) return keyCache.get(id)!
  let out: KeyObject | null = null
  try {
    const jwk = spec.jwk(key)
    out = jwk ? createPublicKey({ key: jwk as never, format: 'jwk' }) : null
  } catch {
    out = null
  }
  if (keyCache.size > 256) keyCache.clear()
  keyCache.set(id, out)
  return out
}

/** Verifies one signature over `data` with a DNSKEY's public key. */
export function verifySignature(algorithm: number, publicKey: Uint8Array, data: Uint8Array, signature: Uint8Array): VerifyOutcome {
  const spec = CRYPTO[algorithm]
  if (!spec) return { ok: false, reason: 'unsupported', words: `algorithm ${algorithm} is not one Wirebench verifies` }
  const key = publicKeyFor(algorithm, publicKey)
  if (!key) return { ok: false, reason: 'bad-key', words: 'the DNSKEY\'s public key is malformed for its algorithm' }
  try {
    const ok = verify(spec.hash, data, spec.ieee ? { key, dsaEncoding: 'ieee-p1363' } : key, signature)
    return ok ? { ok: true } : { ok: false, reason: 'wrong', words: 'the signature is wrong' }
  } catch (err) {
    return { ok: false, reason: 'wrong', words: `the signature could not be checked (${(err as Error).message})` }
  }
}

const DIGESTS: Record<number, string> = { 1: 'sha1', 2: 'sha256', 4: 'sha384' }

/** DS digest (RFC 4034 §5.1.4, RFC 4509, RFC 6605) or null for a digest type we do not compute. */
export function dsDigest(digestType: number, input: Uint8Array): Uint8Array | null {
  const h = DIGESTS[digestType]
  return h ? new Uint8Array(createHash(h).update(input).digest()) : null
}

export const sha1 = (data: Uint8Array): Uint8Array => new Uint8Array(createHash('sha1').update(data).digest())
