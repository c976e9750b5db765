// The record layer's two jobs for decryption, kept apart from the connection's state machine: reassembling handshake
// messages from record bodies (a message may span records, RFC 8446 §5.1) and opening one protected record — TLS 1.3
// (RFC 8446 §5.2–5.4) or TLS 1.2 AEAD (RFC 5288, RFC 7905) — with its "show the calculation" panel.
import { aeadOpen, type SuiteCrypto } from './tls-aead'
import { recordCalculation } from './tls-calculations'
import type { DecryptedRecord } from './tls-decrypt'
import { concat, recordNonce, sequenceBytes, type TrafficKeys } from './tls-keys'
import { bytesKey, Memo, memoable } from './memo'

/**
 * Handshake records opened, by key, nonce, additional data and bytes: the recorder's prime (memo.ts) opens them while
 * the request is on the wire. Application records come after the prime, so keeping them would only cost.
 */
const OPENED = new Memo<Uint8Array | null>(64)

function open(suite: SuiteCrypto, keys: TrafficKeys, r: DecryptedRecord, nonce: Uint8Array, aad: Uint8Array, sealed: Uint8Array): Uint8Array | null {
  const key = (): string | null => (r.epoch === 'handshake' && memoable(sealed) ? bytesKey(suite.aead, keys.key, nonce, aad, sealed) : null)
  return OPENED.get(key, () => aeadOpen(suite.aead, keys.key, nonce, aad, sealed))
}

/** The longest handshake message reassembled (a certificate chain is far below this). */
export const MAX_HANDSHAKE_MESSAGE = 1 << 20

/** Handshake messages out of record bodies (a message may span records, RFC 8446 §5.1), remembering which records carried each. */
export class Assembler {
  private pending: Uint8Array = new Uint8Array(0)
  private records: number[] = []
  private firstAt = 0
  overflow = false

  push(bytes: Uint8Array, record: number, at: number): { bytes: Uint8Array; records: number[]; at: number }[] {
    if (this.pending.length === 0) this.firstAt = at
    this.pending = concat(this.pending, bytes)
    this.records.push(record)
    const out: { bytes: Uint8Array; records: number[]; at: number }[] = []
    let pos = 0
    while (this.pending.length - pos >= 4) {
      const length = ((this.pending[pos + 1] as number) << 16) | ((this.pending[pos + 2] as number) << 8) | (this.pending[pos + 3] as number)
      if (length > MAX_HANDSHAKE_MESSAGE) {
        this.overflow = true
        this.pending = new Uint8Array(0)
        this.records = []
        return out
      }
      if (this.pending.length - pos < 4 + length) break
      out.push({ bytes: this.pending.slice(pos, pos + 4 + length), records: [...this.records], at: this.firstAt })
      pos += 4 + length
      this.records = [record]
      this.firstAt = at
    }
    this.pending = this.pending.slice(pos)
    if (this.pending.length === 0) this.records = []
    return out
  }
}

/** TLS 1.3: nonce = iv XOR seq, the record header is the additional data; the content type is the last non-zero byte (RFC 8446 §5.2–5.4). */
export function open13(suite: SuiteCrypto, keys: TrafficKeys, r: DecryptedRecord, wire: Uint8Array, body: Uint8Array): boolean {
  const nonce = recordNonce(keys.iv, r.seq)
  const aad = wire.subarray(0, 5)
  const plain = open(suite, keys, r, nonce, aad, body)
  let end = plain ? plain.length : 0
  while (plain && end > 0 && plain[end - 1] === 0) end--
  const ok = plain !== null && end > 0
  if (plain && ok) {
    r.innerType = plain[end - 1] as number
    r.plaintext = plain.subarray(0, end - 1)
  }
  const tag = body.subarray(Math.max(0, body.length - suite.tagLength))
  r.calculation = recordCalculation({ tls13: true, from: r.from, seq: r.seq, iv: keys.iv, nonce, aad, tag, innerType: r.innerType, padding: plain ? plain.length - end : 0, ok })
  if (plain && !ok) r.error = 'The plaintext is all zeros: no content type (RFC 8446 §5.4).'
  return ok
}

/** TLS 1.2 AEAD: GCM nonce = salt ‖ explicit 8 bytes (RFC 5288 §3), ChaCha20 nonce = iv XOR seq (RFC 7905 §2); AD = seq ‖ type ‖ version ‖ length. */
export function open12(suite: SuiteCrypto, keys: TrafficKeys, r: DecryptedRecord, wire: Uint8Array, body: Uint8Array): boolean {
  const explicit = suite.fixedIvLength === 4 ? body.subarray(0, 8) : undefined
  const sealed = explicit ? body.subarray(8) : body
  const length = sealed.length - suite.tagLength
  if (length < 0 || (explicit && explicit.length < 8)) return false
  const nonce = explicit ? concat(keys.iv, explicit) : recordNonce(keys.iv, r.seq)
  const aad = concat(sequenceBytes(r.seq), wire.subarray(0, 3), Uint8Array.of(length >> 8, length & 0xff))
  const plain = open(suite, keys, r, nonce, aad, sealed)
  if (plain) {
    r.innerType = r.contentType
    r.plaintext = plain
  }
  const tag = sealed.subarray(length)
  r.calculation = recordCalculation({ tls13: false, from: r.from, seq: r.seq, iv: keys.iv, nonce, ...(explicit ? { explicitNonce: explicit } : {}), aad, tag, innerType: r.innerType, padding: 0, ok: plain !== null })
  return plain !== null
}
