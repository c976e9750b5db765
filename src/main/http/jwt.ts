// Verifies and signs JWTs with `jose` (WebCrypto: Node's OpenSSL here, BoringSSL inside Electron), after our own
// decoder has explained the token, so every refusal (alg none, algorithm confusion, tampering, expiry) is in words.
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto'
import { CompactSign, compactVerify, createLocalJWKSet, importJWK, type JSONWebKeySet, type JWK } from 'jose'
import { WirebenchError } from '../../shared/errors'
import type { Finding } from '../../shared/findings'
import { algorithmInfo, base64UrlEncode, decodeJwt, durationWords, keyMismatch, type DecodedJwt, type KeyKind } from '../../shared/http/jwt'

/** A shared secret (HS*), a PEM public key / certificate / private key (RS*, PS*, ES*, EdDSA), a JWKS, or one JWK. */
export type JwtKey = { secret: string | Uint8Array } | { pem: string } | { jwks: string | JSONWebKeySet } | { jwk: JWK }

export interface VerifyOptions {
  /** Algorithms accepted; by default those that fit the key offered (the defence against algorithm confusion). */
  algorithms?: string[]
  /** Accept `alg: none` (an Unsecured JWS, RFC 7518 §3.6). Off unless asked for, as RFC 8725 §3.1 requires. */
  allowNone?: boolean
  now?: Date | number
  leewaySec?: number
  audience?: string
  issuer?: string
}

export interface VerifyResult {
  valid: boolean
  alg?: string
  kid?: string
  /** One sentence: why the token is valid or not. */
  reason: string
  findings: Finding[]
  decoded: DecodedJwt
}

/** The algorithms `jose` verifies and signs on this runtime (EdDSA means Ed25519; Ed448 is not in jose v6). */
export const JWT_ALGORITHMS = ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'] as const

const CURVES: Record<string, string> = { prime256v1: 'ES256', secp384r1: 'ES384', secp521r1: 'ES512' }
const MAX_KEY_TEXT = 1024 * 1024

export async function verifyJwt(text: string, key: JwtKey, options: VerifyOptions = {}): Promise<VerifyResult> {
  const now = options.now ?? Date.now()
  const decoded = decodeJwt(text, now, options.leewaySec !== undefined ? { leewaySec: options.leewaySec } : {})
  const { alg, kid } = decoded
  const findings = [...decoded.findings]
  const out = (valid: boolean, reason: string, extra: Finding[] = []): VerifyResult => ({ valid, ...(alg !== undefined ? { alg } : {}), ...(kid !== undefined ? { kid } : {}), reason, findings: [...extra, ...findings], decoded })
  if (decoded.form === 'jwe') return out(false, 'This is an encrypted token (JWE, RFC 7516), not a signed one: it is decrypted with a key, not verified, and Wirebench does not decrypt JWEs.')
  if (alg === undefined) return out(false, 'The header has no "alg", so there is nothing to verify the token with (RFC 7515 §4.1.1).')
  if (alg === 'none') {
    if (options.allowNone && decoded.signature.length === 0) return out(true, 'Accepted with no signature because unsecured tokens were explicitly allowed: anyone could have written this token (RFC 7518 §3.6).')
    return out(false, 'Refused: alg is "none", so the token has no signature and anyone could have written it (RFC 7518 §3.6). Allow unsecured tokens explicitly only for testing.')
  }
  if (!(JWT_ALGORITHMS as readonly string[]).includes(alg)) return out(false, `The algorithm "${alg}" is not one Wirebench verifies (${JWT_ALGORITHMS.join(', ')}).`)
  if (options.algorithms && !options.algorithms.includes(alg)) return out(false, `Refused: the token says ${alg}, which is not among the algorithms allowed (${options.algorithms.join(', ')}).`)

  let verifyKey: Parameters<typeof compactVerify>[1]
  if ('jwks' in key) {
    const set = parseJwks(key.jwks)
    const candidates = set.keys.filter((k) => kid === undefined || k.kid === kid)
    if (algorithmInfo(alg).family === 'hmac' && candidates.length && candidates.every((k) => k.kty !== 'oct')) {
      const f = keyMismatch(alg, candidates[0]!.kty === 'RSA' ? 'rsa' : candidates[0]!.kty === 'EC' ? 'ec' : candidates[0]!.kty === 'OKP' ? 'ed25519' : 'other')!
      return out(false, f.message, [f])
    }
    verifyKey = createLocalJWKSet(set)
  } else {
    const loaded = loadKey(key, alg, 'public')
    const mismatch = loaded.mismatch ?? keyMismatch(alg, loaded.kind)
    if (mismatch) return out(false, mismatch.message, [mismatch])
    findings.push(...loaded.findings)
    verifyKey = loaded.key
  }
  try {
    await compactVerify(decoded.token, verifyKey, { algorithms: [alg] })
  } catch (e) {
    return out(false, joseWords(e, alg, kid))
  }
  const clock = findings.filter((f) => f.severity === 'error' && ['EXPIRED', 'NOT_YET_VALID', 'BAD_NUMERIC_DATE'].includes(f.code))
  if (clock.length) return out(false, `The ${alg} signature is valid, but ${clock.map((f) => lowerFirst(f.message)).join(' And ')}`)
  const p = decoded.payload ?? {}
  if (options.issuer !== undefined && p.iss !== options.issuer) return out(false, p.iss === undefined ? `The signature is valid, but the token names no issuer ("iss"), and "${options.issuer}" was expected (RFC 7519 §4.1.1).` : `The signature is valid, but the issuer is ${JSON.stringify(p.iss)}, not "${options.issuer}" (RFC 7519 §4.1.1).`)
  if (options.audience !== undefined) {
    const aud = Array.isArray(p.aud) ? p.aud : p.aud === undefined ? [] : [p.aud]
    if (!aud.includes(options.audience)) return out(false, `The signature is valid, but the token is not for "${options.audience}": ${p.aud === undefined ? 'it names no audience ("aud")' : `its audience is ${JSON.stringify(p.aud)}`} (RFC 7519 §4.1.3).`)
  }
  const exp = typeof p.exp === 'number' ? ` It expires in ${durationWords(p.exp - (typeof now === 'number' ? now : now.getTime()) / 1000)}.` : decoded.payload ? ' It has no expiry.' : ''
  return out(true, `The ${alg} signature is valid for this key${kid !== undefined ? ` (kid "${kid}")` : ''} and the time claims hold.${exp}`)
}

export interface SignOptions {
  /** Produce an Unsecured JWS (alg none, empty signature) — only when asked, for testing verifiers. */
  allowNone?: boolean
}

/** Signs a payload (an object becomes its JSON) with the protected header given, which must name alg. */
export async function signJwt(payload: Record<string, unknown> | string | Uint8Array, header: Record<string, unknown>, key: JwtKey | null, options: SignOptions = {}): Promise<string> {
  const alg = header.alg
  if (typeof alg !== 'string') throw new WirebenchError('JWT_BAD_ALGORITHM', 'The header must name its algorithm in "alg" (RFC 7515 §4.1.1).')
  const bytes = payload instanceof Uint8Array ? payload : new TextEncoder().encode(typeof payload === 'string' ? payload : JSON.stringify(payload))
  if (alg === 'none') {
    if (!options.allowNone) throw new WirebenchError('JWT_BAD_ALGORITHM', 'alg "none" makes an Unsecured JWS that anyone can forge (RFC 7518 §3.6); allow it explicitly to make one for testing.')
    return `${base64UrlEncode(new TextEncoder().encode(JSON.stringify(header)))}.${base64UrlEncode(bytes)}.`
  }
  if (!(JWT_ALGORITHMS as readonly string[]).includes(alg)) throw new WirebenchError('JWT_BAD_ALGORITHM', `Wirebench signs with ${JWT_ALGORITHMS.join(', ')}; "${alg}" is not among them.`)
  if (!key) throw new WirebenchError('JWT_BAD_KEY', `Signing with ${alg} needs a key.`)
  let signKey: Awaited<ReturnType<typeof importJWK>> | KeyObject
  if ('jwks' in key) {
    const set = parseJwks(key.jwks)
    const k = set.keys.find((x) => (header.kid === undefined || x.kid === header.kid) && ('d' in x || x.kty === 'oct'))
    if (!k) throw new WirebenchError('JWT_BAD_KEY', `The JWKS holds no private key${header.kid !== undefined ? ` with kid "${String(header.kid)}"` : ''} to sign with.`)
    signKey = await importJwkWords(k, alg)
  } else {
    const loaded = loadKey(key, alg, 'private')
    const mismatch = loaded.mismatch ?? keyMismatch(alg, loaded.kind)
    if (mismatch) throw new WirebenchError('JWT_BAD_KEY', mismatch.message)
    signKey = loaded.key
  }
  try {
    return await new CompactSign(bytes).setProtectedHeader(header as { alg: string }).sign(signKey)
  } catch (e) {
    throw new WirebenchError('JWT_BAD_KEY', joseWords(e, alg, undefined), (e as Error).message)
  }
}

interface LoadedKey { key: KeyObject | Uint8Array | Awaited<ReturnType<typeof importJWK>>; kind: KeyKind; findings: Finding[]; mismatch?: Finding }

function loadKey(key: Exclude<JwtKey, { jwks: unknown }>, alg: string, use: 'public' | 'private'): LoadedKey {
  if ('secret' in key) {
    const secret = typeof key.secret === 'string' ? new TextEncoder().encode(key.secret) : key.secret
    const findings: Finding[] = []
    const asText = typeof key.secret === 'string' ? key.secret : ''
    // A PEM or JWK handed over "as the secret" is exactly how algorithm confusion forges tokens.
    if (/-----BEGIN [A-Z ]*(PUBLIC KEY|CERTIFICATE)-----/.test(asText) || /"kty"\s*:\s*"(RSA|EC|OKP)"/.test(asText)) {
      return { key: secret, kind: 'secret', findings, mismatch: { severity: 'error', code: 'ALG_CONFUSION', source: 'RFC 8725 §2.1, §3.1', message: `The "secret" offered for ${alg} is a public key. Using a public key as an HMAC secret is the algorithm-confusion attack: anyone with the public key could forge this token. Refused.` } }
    }
    const need = algorithmInfo(alg).sigBytes
    if (algorithmInfo(alg).family === 'hmac' && need !== undefined && secret.length < need)
      findings.push({ severity: 'warning', code: 'SHORT_SECRET', source: 'RFC 7518 §3.2', message: `The secret is ${secret.length} bytes; ${alg} requires a key at least as long as its hash output (${need} bytes). Short secrets can be guessed offline from one token.` })
    return { key: secret, kind: 'secret', findings }
  }
  if ('jwk' in key) {
    const kty = key.jwk.kty
    const kind: KeyKind = kty === 'oct' ? 'secret' : kty === 'RSA' ? 'rsa' : kty === 'EC' ? 'ec' : kty === 'OKP' ? (key.jwk.crv === 'Ed448' ? 'ed448' : 'ed25519') : 'other'
    const ko = kind === 'secret' ? undefined : toKeyObject(() => createPublicKey({ key: key.jwk as never, format: 'jwk' }))
    if (use === 'private' && kind !== 'secret') return { key: toKeyObject(() => createPrivateKey({ key: key.jwk as never, format: 'jwk' })), kind, findings: [] }
    if (kind === 'secret') return { key: base64UrlDecodeKey(String(key.jwk.k ?? '')), kind, findings: [] }
    return { ...checkCurve(ko!, alg), key: ko!, kind, findings: [] }
  }
  if (key.pem.length > MAX_KEY_TEXT) throw new WirebenchError('JWT_BAD_KEY', 'The key file is larger than 1 MiB; a PEM key or certificate is a few kilobytes.')
  if (use === 'private' && !/PRIVATE KEY-----/.test(key.pem)) throw new WirebenchError('JWT_BAD_KEY', `Signing with ${alg} needs a private key; the PEM given holds a public key or certificate.`)
  const ko = toKeyObject(() => (use === 'private' ? createPrivateKey(key.pem) : createPublicKey(key.pem)))
  const t = ko.asymmetricKeyType
  const kind: KeyKind = t === 'rsa' || t === 'rsa-pss' || t === 'ec' || t === 'ed25519' || t === 'ed448' ? t : 'other'
  return { ...checkCurve(ko, alg), key: ko, kind, findings: [] }
}

function checkCurve(ko: KeyObject, alg: string): { mismatch?: Finding } {
  const info = algorithmInfo(alg)
  const curve = ko.asymmetricKeyDetails?.namedCurve
  if (info.family === 'ecdsa' && ko.asymmetricKeyType === 'ec' && curve !== undefined && CURVES[curve] !== alg)
    return { mismatch: { severity: 'error', code: 'KEY_MISMATCH', source: 'RFC 7518 §3.4', message: `The token says ${alg} (${info.words}) but the key is on ${curve}${CURVES[curve] ? `, which is for ${CURVES[curve]}` : ''}.` } }
  if (info.family === 'eddsa' && ko.asymmetricKeyType === 'ed448')
    return { mismatch: { severity: 'error', code: 'KEY_MISMATCH', source: 'RFC 8037 §3.1', message: 'Ed448 keys are valid for EdDSA, but jose and Electron’s BoringSSL support only Ed25519.' } }
  return {}
}

function toKeyObject(make: () => KeyObject): KeyObject {
  try {
    return make()
  } catch (e) {
    throw new WirebenchError('JWT_BAD_KEY', 'The key could not be read: give a PEM public key (SPKI or PKCS#1), a certificate, a PEM private key, or a JWK.', (e as Error).message)
  }
}

function base64UrlDecodeKey(k: string): Uint8Array {
  return new Uint8Array(Buffer.from(k, 'base64url'))
}

function parseJwks(jwks: string | JSONWebKeySet): JSONWebKeySet {
  let set: unknown = jwks
  if (typeof jwks === 'string') {
    if (jwks.length > MAX_KEY_TEXT) throw new WirebenchError('JWT_BAD_KEY', 'The JWKS is larger than 1 MiB.')
    try {
      set = JSON.parse(jwks)
    } catch {
      throw new WirebenchError('JWT_BAD_KEY', 'The JWKS is not JSON: it should be {"keys": [...]} (RFC 7517 §5).')
    }
  }
  if (typeof set !== 'object' || set === null || !Array.isArray((set as { keys?: unknown }).keys)) throw new WirebenchError('JWT_BAD_KEY', 'The JWKS must be a JSON object with a "keys" array (RFC 7517 §5).')
  return set as JSONWebKeySet
}

async function importJwkWords(jwk: JWK, alg: string): Promise<Awaited<ReturnType<typeof importJWK>>> {
  try {
    return await importJWK(jwk, alg)
  } catch (e) {
    throw new WirebenchError('JWT_BAD_KEY', `That JWK cannot be used for ${alg}.`, (e as Error).message)
  }
}

const lowerFirst = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1)

/** jose's errors, in words a person reads. */
function joseWords(e: unknown, alg: string, kid: string | undefined): string {
  const code = typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : ''
  const msg = e instanceof Error ? e.message : String(e)
  switch (code) {
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return `The ${alg} signature does not match: the header or payload was changed after signing, or this is not the key that signed it.`
    case 'ERR_JWKS_NO_MATCHING_KEY':
      return `No key in the JWKS fits this token${kid !== undefined ? ` (kid "${kid}", alg ${alg})` : ` (alg ${alg}; the token has no kid)`}.`
    case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
      return `Several keys in the JWKS fit this token and none is singled out by kid; ${kid === undefined ? 'the token has no kid' : `kid "${kid}" is shared`}.`
    case 'ERR_JOSE_NOT_SUPPORTED':
      return `${alg} with this key is not supported on this runtime: ${msg}`
    case 'ERR_JWS_INVALID':
      return `The token is not a valid JWS: ${msg}`
  }
  if (/modulusLength/.test(msg)) return `${alg} requires an RSA key of 2048 bits or more (RFC 7518 §3.3); this key is shorter.`
  return `The token could not be verified with this key: ${msg}`
}
