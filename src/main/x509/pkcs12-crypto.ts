// Password-based cryptography for PKCS#12 (RFC 7292) and PKCS#8 (RFC 8018): the PKCS#12 key derivation, the
// MAC, PBES2 and the legacy PKCS#12 PBE ciphers. Modern algorithms run in node:crypto; RC2 (used by
// `openssl pkcs12 -legacy` and old Windows exports) is not in OpenSSL 3's default provider, so node-forge does it.
// Every derivation is paid from the file's key-derivation budget before it runs.
import { createDecipheriv, createHmac, pbkdf2Sync } from 'node:crypto'
import forge from 'node-forge'
import { type Asn1, Tag, expect, readOctetString, readOid, readSmallInt } from '../../shared/x509/asn1'
import { HASHES, OID } from '../../shared/x509/oids'
import { WirebenchError } from '../../shared/errors'
import { chargeKdf } from './kdf-budget'
import { iteratedHash } from './iterated-hash'

const HASH_SIZES: Record<string, { u: number; v: number }> = {
  sha1: { u: 20, v: 64 },
  sha224: { u: 28, v: 64 },
  sha256: { u: 32, v: 64 },
  sha384: { u: 48, v: 128 },
  sha512: { u: 64, v: 128 }
}

/** The password as PKCS#12 wants it: BMPString (UTF-16BE) with a terminating NUL; `null` means no password at all. */
export function bmpPassword(password: string | null): Uint8Array {
  if (password === null) return new Uint8Array(0)
  const out = new Uint8Array((password.length + 1) * 2)
  for (let i = 0; i < password.length; i++) {
    const c = password.charCodeAt(i)
    out[i * 2] = c >> 8
    out[i * 2 + 1] = c & 0xff
  }
  return out
}

export function checkIterations(n: number, what: string): void {
  if (n < 1) throw new WirebenchError('UNSUPPORTED_FORMAT', `The ${what} asks for ${n} iterations; at least 1 is needed.`)
}

const ID_NAMES = { 1: 'PKCS#12 key derivation', 2: 'PKCS#12 IV derivation', 3: 'PKCS#12 integrity check (MAC)' } as const

/** RFC 7292 Appendix B.2: ID 1 = key, 2 = IV, 3 = MAC key. */
export function pkcs12Kdf(hash: string, password: Uint8Array, salt: Uint8Array, id: 1 | 2 | 3, iterations: number, size: number): Uint8Array {
  const sizes = HASH_SIZES[hash]
  if (!sizes) throw new WirebenchError('UNSUPPORTED_FORMAT', `PKCS#12 key derivation with ${hash} is not supported.`)
  const { u, v } = sizes
  const fill = (src: Uint8Array): Uint8Array => {
    const len = src.length === 0 ? 0 : v * Math.ceil(src.length / v)
    const out = new Uint8Array(len)
    for (let i = 0; i < len; i++) out[i] = src[i % src.length] as number
    return out
  }
  const D = new Uint8Array(v).fill(id)
  const I = new Uint8Array([...fill(salt), ...fill(password)])
  const out = new Uint8Array(size)
  chargeKdf(iterations * Math.ceil(size / u), ID_NAMES[id])
  for (let done = 0; done < size; ) {
    const A = iteratedHash(hash, [D, I], iterations)
    out.set(A.subarray(0, Math.min(u, size - done)), done)
    done += u
    if (done >= size) break
    const B = new Uint8Array(v)
    for (let i = 0; i < v; i++) B[i] = A[i % u] as number
    for (let j = 0; j < I.length; j += v) {
      let carry = 1
      for (let k = v - 1; k >= 0; k--) {
        const sum = (I[j + k] as number) + (B[k] as number) + carry
        I[j + k] = sum & 0xff
        carry = sum >> 8
      }
    }
  }
  return out
}

export interface MacData {
  hash: string
  digest: Uint8Array
  salt: Uint8Array
  iterations: number
}

export function readMacData(node: Asn1): MacData {
  const [digestInfo, salt, iter] = expect(node, Tag.sequence, 'MacData').children
  const [algId, digest] = expect(digestInfo, Tag.sequence, 'MAC DigestInfo').children
  const oid = readOid(expect(algId, Tag.sequence, 'MAC algorithm').children[0], 'MAC algorithm')
  const hash = HASHES[oid]
  if (!hash || !HASH_SIZES[hash]) {
    throw new WirebenchError('UNSUPPORTED_FORMAT', `This PKCS#12 file uses a MAC algorithm Wirebench does not support (${oid}).`)
  }
  const iterations = iter ? readSmallInt(iter, 'MAC iterations', 2 ** 40) : 1
  checkIterations(iterations, 'PKCS#12 integrity check')
  return { hash, digest: readOctetString(digest, 'MAC digest'), salt: readOctetString(salt, 'MAC salt'), iterations }
}

export function computeMac(mac: Omit<MacData, 'digest'>, password: Uint8Array, data: Uint8Array): Uint8Array {
  const key = pkcs12Kdf(mac.hash, password, mac.salt, 3, mac.iterations, (HASH_SIZES[mac.hash] as { u: number }).u)
  return createHmac(mac.hash, key).update(data).digest()
}

function forgeRc2(key: Uint8Array, effectiveBits: number, iv: Uint8Array, data: Uint8Array): Uint8Array {
  const bin = (b: Uint8Array): string => Buffer.from(b).toString('binary')
  const cipher = forge.rc2.createDecryptionCipher(bin(key), effectiveBits)
  cipher.start(forge.util.createBuffer(bin(iv)))
  cipher.update(forge.util.createBuffer(bin(data)))
  if (!cipher.finish()) throw new Error('bad decrypt')
  return new Uint8Array(Buffer.from(cipher.output.getBytes(), 'binary'))
}

function nodeDecrypt(name: string, key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  const d = createDecipheriv(name, key, iv)
  return new Uint8Array(Buffer.concat([d.update(data), d.final()]))
}

const PBES2_CIPHERS: Record<string, { name: string; keyLength: number }> = {
  '2.16.840.1.101.3.4.1.2': { name: 'aes-128-cbc', keyLength: 16 },
  '2.16.840.1.101.3.4.1.22': { name: 'aes-192-cbc', keyLength: 24 },
  '2.16.840.1.101.3.4.1.42': { name: 'aes-256-cbc', keyLength: 32 },
  '1.2.840.113549.3.7': { name: 'des-ede3-cbc', keyLength: 24 }
}

const PRFS: Record<string, string> = {
  '1.2.840.113549.2.7': 'sha1',
  '1.2.840.113549.2.8': 'sha224',
  '1.2.840.113549.2.9': 'sha256',
  '1.2.840.113549.2.10': 'sha384',
  '1.2.840.113549.2.11': 'sha512'
}

const PRF_SIZES: Record<string, number> = { sha1: 20, sha224: 28, sha256: 32, sha384: 48, sha512: 64 }

const PKCS12_PBE: Record<string, { cipher: 'des-ede3-cbc' | 'des-ede-cbc' | 'rc2'; keyLength: number; rc2Bits?: number }> = {
  '1.2.840.113549.1.12.1.3': { cipher: 'des-ede3-cbc', keyLength: 24 },
  '1.2.840.113549.1.12.1.4': { cipher: 'des-ede-cbc', keyLength: 16 },
  '1.2.840.113549.1.12.1.5': { cipher: 'rc2', keyLength: 16, rc2Bits: 128 },
  '1.2.840.113549.1.12.1.6': { cipher: 'rc2', keyLength: 5, rc2Bits: 40 }
}

/**
 * Decrypts data protected by a password-based AlgorithmIdentifier (PBES2 or PKCS#12 PBE). Throws
 * WirebenchError('DECRYPT_FAILED') when the padding is wrong (usually a wrong password).
 */
export function pbeDecrypt(algId: Asn1, password: string, data: Uint8Array): Uint8Array {
  const [algOid, params] = expect(algId, Tag.sequence, 'encryption AlgorithmIdentifier').children
  const alg = readOid(algOid, 'encryption algorithm')
  try {
    if (alg === OID.pbes2) {
      const [kdf, scheme] = expect(params, Tag.sequence, 'PBES2 parameters').children
      const [kdfOid, kdfParams] = expect(kdf, Tag.sequence, 'PBES2 KDF').children
      if (readOid(kdfOid) !== OID.pbkdf2) throw new WirebenchError('UNSUPPORTED_FORMAT', 'Only PBKDF2 key derivation is supported in PBES2.')
      const kp = expect(kdfParams, Tag.sequence, 'PBKDF2 parameters').children
      const salt = readOctetString(kp[0], 'PBKDF2 salt')
      const iterations = readSmallInt(kp[1], 'PBKDF2 iterations', 2 ** 40)
      checkIterations(iterations, 'key derivation')
      let prf = 'sha1'
      for (const p of kp.slice(2)) if (p.isUniversal(Tag.sequence)) prf = PRFS[readOid(p.children[0], 'PRF')] ?? 'unknown'
      const [cipherOid, ivNode] = expect(scheme, Tag.sequence, 'PBES2 cipher').children
      const cipher = PBES2_CIPHERS[readOid(cipherOid, 'PBES2 cipher')]
      if (!cipher || prf === 'unknown') throw new WirebenchError('UNSUPPORTED_FORMAT', 'This PBES2 cipher or PRF is not supported.')
      chargeKdf(iterations * Math.ceil(cipher.keyLength / (PRF_SIZES[prf] ?? 20)), 'PBKDF2 key derivation')
      const key = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, cipher.keyLength, prf)
      return nodeDecrypt(cipher.name, key, readOctetString(ivNode, 'IV'), data)
    }
    const pbe = PKCS12_PBE[alg]
    if (!pbe) throw new WirebenchError('UNSUPPORTED_FORMAT', `Password-based encryption ${alg} is not supported (RC4 and DES are refused).`)
    const [saltNode, iterNode] = expect(params, Tag.sequence, 'PBE parameters').children
    const salt = readOctetString(saltNode, 'PBE salt')
    const iterations = readSmallInt(iterNode, 'PBE iterations', 2 ** 40)
    checkIterations(iterations, 'key derivation')
    const pw = bmpPassword(password)
    const key = pkcs12Kdf('sha1', pw, salt, 1, iterations, pbe.keyLength)
    const iv = pkcs12Kdf('sha1', pw, salt, 2, iterations, 8)
    if (pbe.cipher === 'rc2') return forgeRc2(key, pbe.rc2Bits ?? 128, iv, data)
    return nodeDecrypt(pbe.cipher, key, iv, data)
  } catch (err) {
    if (err instanceof WirebenchError) throw err
    throw new WirebenchError('DECRYPT_FAILED', 'Decryption failed (wrong password or damaged data).', err instanceof Error ? err.message : String(err))
  }
}
