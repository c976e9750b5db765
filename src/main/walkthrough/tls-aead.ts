// The record ciphers the Walkthrough opens with the key log's secrets: AES-GCM and AES-CCM through node:crypto, and
// ChaCha20-Poly1305 through @noble/ciphers (a small audited pure-JS library) because Electron's BoringSSL has no
// chacha20-poly1305 in node:crypto (Node's own OpenSSL does, so tests alone would never notice). Suites are the AEAD
// ones of TLS 1.3 (RFC 8446 §B.4) and TLS 1.2 (RFC 5288 AES-GCM, RFC 7905 ChaCha20-Poly1305).
import { createCipheriv, createDecipheriv, getCiphers, type CipherCCMTypes, type CipherGCMTypes } from 'node:crypto'
import { chacha20poly1305 } from '@noble/ciphers/chacha.js'
import type { TlsHash } from './tls-keys'

export type AeadName = 'aes-128-gcm' | 'aes-256-gcm' | 'chacha20-poly1305' | 'aes-128-ccm' | 'aes-128-ccm-8'

export interface SuiteCrypto {
  code: number
  name: string
  tls13: boolean
  aead: AeadName
  keyLength: number
  hash: TlsHash
  tagLength: number
  /** TLS 1.2 only: the IV bytes taken from the key block (4 for GCM, with an 8-byte explicit nonce per record; 12 for ChaCha20). */
  fixedIvLength: number
}

const suite = (code: number, name: string, tls13: boolean, aead: AeadName, hash: TlsHash): SuiteCrypto => ({
  code,
  name,
  tls13,
  aead,
  keyLength: aead === 'aes-128-gcm' || aead.startsWith('aes-128-ccm') ? 16 : 32,
  hash,
  tagLength: aead === 'aes-128-ccm-8' ? 8 : 16,
  fixedIvLength: tls13 || aead === 'chacha20-poly1305' ? 12 : 4
})

const SUITES: SuiteCrypto[] = [
  suite(0x1301, 'TLS_AES_128_GCM_SHA256', true, 'aes-128-gcm', 'sha256'),
  suite(0x1302, 'TLS_AES_256_GCM_SHA384', true, 'aes-256-gcm', 'sha384'),
  suite(0x1303, 'TLS_CHACHA20_POLY1305_SHA256', true, 'chacha20-poly1305', 'sha256'),
  suite(0x1304, 'TLS_AES_128_CCM_SHA256', true, 'aes-128-ccm', 'sha256'),
  suite(0x1305, 'TLS_AES_128_CCM_8_SHA256', true, 'aes-128-ccm-8', 'sha256'),
  suite(0x009c, 'TLS_RSA_WITH_AES_128_GCM_SHA256', false, 'aes-128-gcm', 'sha256'),
  suite(0x009d, 'TLS_RSA_WITH_AES_256_GCM_SHA384', false, 'aes-256-gcm', 'sha384'),
  suite(0x009e, 'TLS_DHE_RSA_WITH_AES_128_GCM_SHA256', false, 'aes-128-gcm', 'sha256'),
  suite(0x009f, 'TLS_DHE_RSA_WITH_AES_256_GCM_SHA384', false, 'aes-256-gcm', 'sha384'),
  suite(0xc02b, 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', false, 'aes-128-gcm', 'sha256'),
  suite(0xc02c, 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384', false, 'aes-256-gcm', 'sha384'),
  suite(0xc02f, 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', false, 'aes-128-gcm', 'sha256'),
  suite(0xc030, 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', false, 'aes-256-gcm', 'sha384'),
  suite(0xcca8, 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256', false, 'chacha20-poly1305', 'sha256'),
  suite(0xcca9, 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256', false, 'chacha20-poly1305', 'sha256'),
  suite(0xccaa, 'TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256', false, 'chacha20-poly1305', 'sha256')
]
const BY_CODE = new Map(SUITES.map((s) => [s.code, s]))

/** The cipher suite's record protection, or undefined when the Walkthrough cannot decrypt it (CBC, RC4, unknown). */
export const suiteCrypto = (code: number): SuiteCrypto | undefined => BY_CODE.get(code)

/** This runtime can open the AEAD (Electron's BoringSSL lacks AES-CCM, as it lacks ChaCha20-Poly1305 in node:crypto). */
export function aeadAvailable(aead: AeadName): boolean {
  if (aead === 'chacha20-poly1305') return true
  return getCiphers().includes(aead === 'aes-128-ccm-8' ? 'aes-128-ccm' : aead)
}

/**
 * Opens one AEAD record body (ciphertext ‖ tag): the plaintext, or null when the tag does not authenticate (wrong
 * key, wrong nonce, wrong sequence number or damaged bytes look the same, by design).
 */
export function aeadOpen(aead: AeadName, key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, sealed: Uint8Array): Uint8Array | null {
  const tagLength = aead === 'aes-128-ccm-8' ? 8 : 16
  if (sealed.length < tagLength) return null
  const ciphertext = sealed.subarray(0, sealed.length - tagLength)
  const tag = sealed.subarray(sealed.length - tagLength)
  try {
    if (aead === 'chacha20-poly1305') return chacha20poly1305(key, nonce, aad).decrypt(sealed)
    if (aead === 'aes-128-gcm' || aead === 'aes-256-gcm') {
      const d = createDecipheriv(aead as CipherGCMTypes, key, nonce, { authTagLength: 16 })
      d.setAAD(aad)
      d.setAuthTag(tag)
      const out = d.update(ciphertext)
      const rest = d.final() // empty for GCM; it is where the tag is checked
      return rest.length ? concatBuffers(out, rest) : new Uint8Array(out.buffer, out.byteOffset, out.length)
    }
    const d = createDecipheriv('aes-128-ccm' as CipherCCMTypes, key, nonce, { authTagLength: tagLength })
    d.setAuthTag(tag)
    d.setAAD(aad, { plaintextLength: ciphertext.length })
    const out = d.update(ciphertext)
    d.final()
    return new Uint8Array(out)
  } catch {
    return null
  }
}

/** Seals a plaintext (ciphertext ‖ tag): used by the known-answer tests to reproduce RFC 8448's wire bytes exactly. */
export function aeadSeal(aead: AeadName, key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, plaintext: Uint8Array): Uint8Array {
  if (aead === 'chacha20-poly1305') return chacha20poly1305(key, nonce, aad).encrypt(plaintext)
  const tagLength = aead === 'aes-128-ccm-8' ? 8 : 16
  if (aead === 'aes-128-gcm' || aead === 'aes-256-gcm') {
    const c = createCipheriv(aead as CipherGCMTypes, key, nonce, { authTagLength: 16 })
    c.setAAD(aad)
    return concatBuffers(c.update(plaintext), c.final(), c.getAuthTag())
  }
  const c = createCipheriv('aes-128-ccm' as CipherCCMTypes, key, nonce, { authTagLength: tagLength })
  c.setAAD(aad, { plaintextLength: plaintext.length })
  return concatBuffers(c.update(plaintext), c.final(), c.getAuthTag())
}

function concatBuffers(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}
