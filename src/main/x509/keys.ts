// Private and public keys in every common wrapping (PKCS#1, SEC1, PKCS#8, encrypted PKCS#8, legacy encrypted PEM,
// SPKI). Node's crypto loads and decrypts them; we only ever return descriptions, never key material.
import { type KeyObject, createPrivateKey, createPublicKey } from 'node:crypto'
import { type Asn1, Tag, decode, expect, readOctetString, readOid, readSmallInt } from '../../shared/x509/asn1'
import { bits, nullValue, oid, seq } from '../../shared/x509/der'
import { OID, oidName } from '../../shared/x509/oids'
import { WirebenchError } from '../../shared/errors'
import { describeSpki } from './public-key'
import type { PrivateKeyDescription, PrivateKeyFormat, PublicKeyInfo } from './types'

/** PBKDF2 / PKCS#12 iteration counts above this are refused rather than spent seconds on (defaults are 2048). */
export const MAX_KDF_ITERATIONS = 10_000_000

export interface LoadedPrivateKey {
  description: PrivateKeyDescription
  /** Present when the key could be loaded (unencrypted, or decrypted with the right password). */
  key?: KeyObject
}

function errorText(err: unknown): string {
  return err instanceof Error ? `${(err as { code?: string }).code ?? ''} ${err.message}` : String(err)
}

export function publicKeyInfoOf(key: KeyObject): PublicKeyInfo {
  const spki = createPublicKey(key).export({ type: 'spki', format: 'der' })
  return describeSpki(decode(new Uint8Array(spki)))
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

function checkIterations(iterations: number): void {
  if (iterations > MAX_KDF_ITERATIONS) {
    throw new WirebenchError(
      'UNSUPPORTED_FORMAT',
      `The key is protected with ${iterations.toLocaleString('en')} key-derivation iterations; Wirebench stops at ${MAX_KDF_ITERATIONS.toLocaleString('en')}.`
    )
  }
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
    checkIterations(enc.iterations)
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
  return { key, description: { format, encrypted: false, locked: false, publicKey: publicKeyInfoOf(key), matches: [] } }
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
  const enc = passphrase === undefined ? {} : { cipher: 'aes-256-cbc', passphrase }
  if (format === 'pem') return key.export({ type: 'pkcs8', format: 'pem', ...enc }) as string
  return new Uint8Array(key.export({ type: 'pkcs8', format: 'der', ...enc }) as Buffer)
}
