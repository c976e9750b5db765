// The TLS key schedules done by hand, over bytes, so the Walkthrough can show every step with this connection's own
// secrets: TLS 1.3 HKDF-Expand-Label (RFC 8446 §7.1; Node's hkdf always runs Extract first, which the key log's
// secrets must not go through), traffic keys and IVs (§7.3), the per-record nonce (§5.3), Finished (§4.4.4), key
// updates (§7.2), and the TLS 1.2 PRF and key block (RFC 5246 §5, §6.3; AES-GCM RFC 5288).
import { createHash, createHmac } from 'node:crypto'

export type TlsHash = 'sha256' | 'sha384'

export const hashLength = (hash: TlsHash): number => (hash === 'sha384' ? 48 : 32)

const bytes = (b: Uint8Array): Uint8Array => new Uint8Array(b)
const ascii = (s: string): Uint8Array => new TextEncoder().encode(s)

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

export function hmac(hash: TlsHash, key: Uint8Array, ...data: Uint8Array[]): Uint8Array {
  const h = createHmac(hash, key)
  for (const d of data) h.update(d)
  return bytes(h.digest())
}

export function digest(hash: TlsHash, ...data: Uint8Array[]): Uint8Array {
  const h = createHash(hash)
  for (const d of data) h.update(d)
  return bytes(h.digest())
}

/** HKDF-Expand (RFC 5869 §2.3): T(i) = HMAC(PRK, T(i-1) ‖ info ‖ i), as many blocks as `length` needs. */
export function hkdfExpand(hash: TlsHash, prk: Uint8Array, info: Uint8Array, length: number): Uint8Array {
  if (length > 255 * hashLength(hash)) throw new RangeError('HKDF-Expand cannot make more than 255 hash blocks (RFC 5869 §2.3)')
  const out = new Uint8Array(length)
  let t: Uint8Array = new Uint8Array(0)
  for (let i = 1, at = 0; at < length; i++) {
    t = hmac(hash, prk, t, info, Uint8Array.of(i))
    out.set(t.subarray(0, Math.min(t.length, length - at)), at)
    at += t.length
  }
  return out
}

/** The HkdfLabel structure (RFC 8446 §7.1): uint16 length ‖ opaque label<7..255> = "tls13 " + label ‖ opaque context<0..255>. */
export function hkdfLabel(label: string, context: Uint8Array, length: number): Uint8Array {
  const full = ascii(`tls13 ${label}`)
  return concat(Uint8Array.of(length >> 8, length & 0xff, full.length), full, Uint8Array.of(context.length), context)
}

/** HKDF-Expand-Label(Secret, Label, Context, Length) = HKDF-Expand(Secret, HkdfLabel, Length) (RFC 8446 §7.1). */
export function hkdfExpandLabel(hash: TlsHash, secret: Uint8Array, label: string, context: Uint8Array, length: number): Uint8Array {
  return hkdfExpand(hash, secret, hkdfLabel(label, context, length), length)
}

export interface TrafficKeys {
  key: Uint8Array
  iv: Uint8Array
}

/** [sender]_write_key and [sender]_write_iv from a traffic secret (RFC 8446 §7.3); the IV is 12 bytes for every AEAD TLS 1.3 uses. */
export function trafficKeys(hash: TlsHash, keyLength: number, secret: Uint8Array, ivLength = 12): TrafficKeys {
  return { key: hkdfExpandLabel(hash, secret, 'key', new Uint8Array(0), keyLength), iv: hkdfExpandLabel(hash, secret, 'iv', new Uint8Array(0), ivLength) }
}

/** application_traffic_secret_N+1 = HKDF-Expand-Label(secret_N, "traffic upd", "", Hash.length) (RFC 8446 §7.2). */
export function nextTrafficSecret(hash: TlsHash, secret: Uint8Array): Uint8Array {
  return hkdfExpandLabel(hash, secret, 'traffic upd', new Uint8Array(0), hashLength(hash))
}

/** The 64-bit record sequence number, big-endian, left-padded with zeros to `length` bytes. */
export function sequenceBytes(seq: number, length = 8): Uint8Array {
  const out = new Uint8Array(length)
  let n = BigInt(seq)
  for (let i = length - 1; i >= 0 && n > 0n; i--) {
    out[i] = Number(n & 0xffn)
    n >>= 8n
  }
  return out
}

/** Per-record nonce: the sequence number padded to the IV's length, XORed with the IV (RFC 8446 §5.3; RFC 7905 §2 for TLS 1.2 ChaCha20). */
export function recordNonce(iv: Uint8Array, seq: number): Uint8Array {
  const padded = sequenceBytes(seq, iv.length)
  return padded.map((b, i) => b ^ (iv[i] as number))
}

/** finished_key = HKDF-Expand-Label(BaseKey, "finished", "", Hash.length) (RFC 8446 §4.4.4). */
export function finishedKey(hash: TlsHash, baseKey: Uint8Array): Uint8Array {
  return hkdfExpandLabel(hash, baseKey, 'finished', new Uint8Array(0), hashLength(hash))
}

/** verify_data = HMAC(finished_key, Transcript-Hash(Handshake Context, Certificate*, CertificateVerify*)) (RFC 8446 §4.4.4). */
export function finishedVerifyData(hash: TlsHash, baseKey: Uint8Array, transcriptHash: Uint8Array): Uint8Array {
  return hmac(hash, finishedKey(hash, baseKey), transcriptHash)
}

/** The handshake messages (header included) that Transcript-Hash covers, with the HelloRetryRequest rule (RFC 8446 §4.4.1). */
export function transcriptHash(hash: TlsHash, messages: Uint8Array[], helloRetry = false): Uint8Array {
  if (!helloRetry || messages.length === 0) return digest(hash, ...messages)
  // ClientHello1 is replaced by message_hash: handshake type 254, a 3-byte length, and Hash(ClientHello1).
  const ch1 = digest(hash, messages[0] as Uint8Array)
  return digest(hash, concat(Uint8Array.of(254, 0, 0, ch1.length), ch1), ...messages.slice(1))
}

// ---- TLS 1.2 ----

/** P_hash(secret, seed) = HMAC(secret, A(1) ‖ seed) ‖ HMAC(secret, A(2) ‖ seed) ‖ …, A(i) = HMAC(secret, A(i-1)) (RFC 5246 §5). */
export function pHash(hash: TlsHash, secret: Uint8Array, seed: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length)
  let a = seed
  for (let at = 0; at < length; ) {
    a = hmac(hash, secret, a)
    const block = hmac(hash, secret, a, seed)
    out.set(block.subarray(0, Math.min(block.length, length - at)), at)
    at += block.length
  }
  return out
}

/** PRF(secret, label, seed) = P_<hash>(secret, label ‖ seed) (RFC 5246 §5); the hash is SHA-256 unless the suite names SHA-384. */
export function tls12Prf(hash: TlsHash, secret: Uint8Array, label: string, seed: Uint8Array, length: number): Uint8Array {
  return pHash(hash, secret, concat(ascii(label), seed), length)
}

export interface Tls12KeyBlock {
  keyBlock: Uint8Array
  clientMacKey: Uint8Array
  serverMacKey: Uint8Array
  clientKey: Uint8Array
  serverKey: Uint8Array
  /** For AES-GCM the 4-byte implicit salt (RFC 5288 §3); for ChaCha20-Poly1305 the 12-byte IV (RFC 7905 §2). */
  clientIv: Uint8Array
  serverIv: Uint8Array
}

/**
 * key_block = PRF(master_secret, "key expansion", server_random ‖ client_random), cut into client MAC key, server MAC
 * key, client key, server key, client IV, server IV in that order (RFC 5246 §6.3).
 */
export function tls12KeyBlock(o: {
  hash: TlsHash
  masterSecret: Uint8Array
  clientRandom: Uint8Array
  serverRandom: Uint8Array
  macLength: number
  keyLength: number
  ivLength: number
}): Tls12KeyBlock {
  const total = 2 * (o.macLength + o.keyLength + o.ivLength)
  const keyBlock = tls12Prf(o.hash, o.masterSecret, 'key expansion', concat(o.serverRandom, o.clientRandom), total)
  let at = 0
  const take = (n: number): Uint8Array => keyBlock.slice(at, (at += n))
  return {
    keyBlock,
    clientMacKey: take(o.macLength),
    serverMacKey: take(o.macLength),
    clientKey: take(o.keyLength),
    serverKey: take(o.keyLength),
    clientIv: take(o.ivLength),
    serverIv: take(o.ivLength)
  }
}

/** verify_data = PRF(master_secret, "client finished" | "server finished", Hash(handshake_messages))[0..11] (RFC 5246 §7.4.9). */
export function tls12VerifyData(hash: TlsHash, masterSecret: Uint8Array, from: 'client' | 'server', handshakeHash: Uint8Array): Uint8Array {
  return tls12Prf(hash, masterSecret, `${from} finished`, handshakeHash, 12)
}
