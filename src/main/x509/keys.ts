// Private and public keys in every common wrapping (PKCS#1, SEC1, PKCS#8, encrypted PKCS#8, legacy encrypted PEM,
// SPKI). Node's crypto loads and decrypts them; we only ever return descriptions, never key material.
import { type KeyObject, createPrivateKey, createPublicKey } from 'node:crypto'
import { type Asn1, Tag, decode, expect, readOctetString, readOid, readSmallInt } from '../../shared/x509/asn1'
import { bits, nullValue, oid, seq } from '../../shared/x509/der'
import { CURVES, OID, oidName } from '../../shared/x509/oids'
import { concatBytes } from '../../shared/bytes'
import { WirebenchError } from '../../shared/errors'
import { chargeKdf } from './kdf-budget'
import { describeSpki } from './public-key'
import type { PrivateKeyDescription, PrivateKeyFormat, PublicKeyInfo } from './types'

export interface LoadedPrivateKey {
  description: PrivateKeyDescription
  /** Present when the key could be loaded (unencrypted, or decrypted with the right password). */
  key?: KeyObject
  /** An unencrypted key's own DER and PEM label: the vault keeps it as it came, without re-encoding. */
  plain?: { der: Uint8Array; label: 'PRIVATE KEY' | 'EC PRIVATE KEY' | 'RSA PRIVATE KEY' }
}

const PLAIN_LABELS = { pkcs8: 'PRIVATE KEY', sec1: 'EC PRIVATE KEY', pkcs1: 'RSA PRIVATE KEY' } as const

function errorText(err: unknown): string {
  return err instanceof Error ? `${(err as { code?: string }).code ?? ''} ${err.message}` : String(err)
}

const OKP_OIDS: Record<string, string> = { Ed25519: OID.ed25519, X25519: OID.x25519, Ed448: OID.ed448, X448: OID.x448 }
const CURVE_OIDS: Record<string, string> = Object.fromEntries(Object.entries(CURVES).map(([dotted, c]) => [c.name, dotted]))

/**
 * The SPKI of an EC or Edwards key built from its JWK: OpenSSL 3's SPKI encoder costs about 0.7 ms a key, which
 * a file of a thousand keys feels; the JWK export is a quarter of that and gives the same bytes.
 */
function spkiFromJwk(key: KeyObject): Uint8Array | undefined {
  const type = key.asymmetricKeyType
  if (type !== 'ec' && type !== 'ed25519' && type !== 'x25519' && type !== 'ed448' && type !== 'x448') return undefined
  const jwk = key.export({ format: 'jwk' })
  const raw = (v: string) => new Uint8Array(Buffer.from(v, 'base64url'))
  if (jwk.kty === 'OKP' && jwk.crv && jwk.x && OKP_OIDS[jwk.crv]) return seq(seq(oid(OKP_OIDS[jwk.crv] as string)), bits(raw(jwk.x)))
  const curve = jwk.crv ? CURVE_OIDS[jwk.crv] : undefined
  if (jwk.kty === 'EC' && curve && jwk.x && jwk.y) {
    return seq(seq(oid(OID.ecPublicKey), oid(curve)), bits(concatBytes([new Uint8Array([4]), raw(jwk.x), raw(jwk.y)])))
  }
  return undefined
}

export function publicKeyInfoOf(key: KeyObject): PublicKeyInfo {
  const spki = spkiFromJwk(key) ?? new Uint8Array(createPublicKey(key).export({ type: 'spki', format: 'der' }))
  return describeSpki(decode(spki))
}

/** "PBES2 (PBKDF2 hmacWithSHA256, aes-256-cbc, 2048 iterations)" from an EncryptedPrivateKeyInfo. */
export function describeKeyEncryption(algId: Asn1): { text: string; iterations: number } {
  const [algOid, params] = expect(algId, Tag.sequence, 'encryption AlgorithmIdentifier').children
  const alg = readOid(algOid, 'encryption algorithm')
  if (alg === OID.pbes2) {
    const [kdf, scheme] = expect(params, Tag.sequence, 'PBES2 parameters').children
    const [kdfOid, kdfParams] = expect(kdf, Tag.sequence, 'key derivation function').children
    const kdfName = oidName(readOid(kdfOid)) ?? 'unknown KDF'
    let iterations = 0
    let prf = 'hmacWithSHA1'
    if (kdfParams?.isUniversal(Tag.sequence)) {
      for (const p of kdfParams.children) {
        if (p.isUniversal(Tag.integer) && iterations === 0) iterations = readSmallInt(p, 'iteration count', 2 ** 40)
        if (p.isUniversal(Tag.sequence)) prf = oidName(readOid(p.children[0], 'PRF')) ?? 'unknown PRF'
      }
    }
    const cipher = oidName(readOid(expect(scheme, Tag.sequence, 'encryption scheme').children[0])) ?? 'unknown cipher'
    return { text: `PBES2 (${kdfName} ${prf}, ${cipher}, ${iterations} iterations)`, iterations }
  }
  // PKCS#12 / PKCS#5 v1 PBE: params are SEQUENCE { salt, iterations }
  const iterations = params?.isUniversal(Tag.sequence) ? readSmallInt(params.children[1], 'iteration count', 2 ** 40) : 0
  return { text: `${oidName(alg) ?? alg} (${iterations} iterations)`, iterations }
}

const NODE_TYPES: Record<Exclude<PrivateKeyFormat, 'encrypted-pkcs8' | 'legacy-encrypted-pem' | 'pkcs12'>, 'pkcs1' | 'sec1' | 'pkcs8'> = {
  pkcs1: 'pkcs1',
  sec1: 'sec1',
  pkcs8: 'pkcs8'
}

/** Loads a DER private key. Encrypted PKCS#8 without a password is described as locked, not an error. */
export function loadPrivateKeyDer(der: Uint8Array, format: 'pkcs1' | 'sec1' | 'pkcs8' | 'encrypted-pkcs8', password?: string): LoadedPrivateKey {
  if (format === 'encrypted-pkcs8') {
    const root = decode(der)
    const [algId, data] = expect(root, Tag.sequence, 'EncryptedPrivateKeyInfo').children
    readOctetString(data, 'encryptedData')
    const enc = describeKeyEncryption(algId as Asn1)
    const description: PrivateKeyDescription = { format, encrypted: true, encryption: enc.text, locked: true, matches: [] }
    if (password === undefined) return { description }
    // OpenSSL derives inside createPrivateKey, so the file pays for it here, before it runs
    chargeKdf(Math.max(1, enc.iterations), 'encrypted private key')
    let key: KeyObject
    try {
      key = createPrivateKey({ key: Buffer.from(der), format: 'der', type: 'pkcs8', passphrase: password })
    } catch (err) {
      throw new WirebenchError('WRONG_PASSWORD', 'The password for the encrypted private key is wrong.', errorText(err))
    }
    return { key, description: { ...description, locked: false, publicKey: publicKeyInfoOf(key) } }
  }
  let key: KeyObject
  try {
    key = createPrivateKey({ key: Buffer.from(der), format: 'der', type: NODE_TYPES[format] })
  } catch (err) {
    throw new WirebenchError('INVALID_KEY', `The ${format.toUpperCase()} private key could not be read.`, errorText(err))
  }
  const plain = { der, label: PLAIN_LABELS[NODE_TYPES[format]] }
  return { key, plain, description: { format, encrypted: false, locked: false, publicKey: publicKeyInfoOf(key), matches: [] } }
}

/** Legacy OpenSSL PEM encryption ("Proc-Type: 4,ENCRYPTED" + DEK-Info) on PKCS#1/SEC1 keys. */
export function loadLegacyEncryptedPem(pemText: string, dekInfo: string, password?: string): LoadedPrivateKey {
  const description: PrivateKeyDescription = {
    format: 'legacy-encrypted-pem',
    encrypted: true,
    encryption: `legacy PEM encryption (${dekInfo.split(',')[0] ?? 'unknown cipher'}, MD5-based key derivation)`,
    locked: true,
    matches: []
  }
  if (password === undefined) return { description }
  let key: KeyObject
  try {
    key = createPrivateKey({ key: pemText, format: 'pem', passphrase: password })
  } catch (err) {
    throw new WirebenchError('WRONG_PASSWORD', 'The password for the encrypted private key is wrong.', errorText(err))
  }
  return { key, description: { ...description, locked: false, publicKey: publicKeyInfoOf(key) } }
}

/** SubjectPublicKeyInfo or PKCS#1 RSAPublicKey DER, described (PKCS#1 is wrapped in an SPKI for the pin). */
export function describePublicKeyDer(der: Uint8Array, format: 'spki' | 'pkcs1'): PublicKeyInfo {
  const spki = format === 'spki' ? der : seq(seq(oid(OID.rsaEncryption), nullValue()), bits(der))
  return describeSpki(decode(spki))
}

/** A loaded private key as PKCS#8, optionally encrypted with AES-256-CBC (PBES2) under a passphrase. */
export function exportPrivateKey(key: KeyObject, format: 'pem' | 'der', passphrase?: string): string | Uint8Array {
  // an empty passphrase would encrypt with nothing: refuse it rather than write a key that only looks protected
  if (passphrase === '') throw new WirebenchError('PASSWORD_REQUIRED', 'Give a passphrase to encrypt the private key; an empty one protects nothing.')
  const enc = passphrase === undefined ? {} : { cipher: 'aes-256-cbc', passphrase }
  if (format === 'pem') return key.export({ type: 'pkcs8', format: 'pem', ...enc }) as string
  return new Uint8Array(key.export({ type: 'pkcs8', format: 'der', ...enc }) as Buffer)
}
