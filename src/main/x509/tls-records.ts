// Reading the server's Certificate handshake message out of the raw bytes a TLS client received, so Wirebench can
// show the chain exactly as sent (order and duplicates included) — Node's getPeerCertificate() rebuilds and
// deduplicates it. TLS 1.2 sends the message in the clear; TLS 1.3 encrypts it with the server handshake traffic
// key, which we derive from the secret Node reports through its 'keylog' event (RFC 8446 §7.1, §7.3, §5.2).
import { createDecipheriv, createHmac } from 'node:crypto'

const RECORD = { changeCipherSpec: 20, alert: 21, handshake: 22, applicationData: 23 } as const
const HS = { serverHello: 2, certificate: 11 } as const

/** SHA-256("HelloRetryRequest"): the ServerHello.random of a HelloRetryRequest (RFC 8446 §4.1.3). */
const HRR_RANDOM = 'cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c'

const TLS13_SUITES: Record<number, { cipher: string; keyLength: number; hash: 'sha256' | 'sha384' }> = {
  0x1301: { cipher: 'aes-128-gcm', keyLength: 16, hash: 'sha256' },
  0x1302: { cipher: 'aes-256-gcm', keyLength: 32, hash: 'sha384' },
  0x1303: { cipher: 'chacha20-poly1305', keyLength: 32, hash: 'sha256' }
}

export interface SentChain {
  /** DER of each certificate in the order the server sent them. */
  certificates: Uint8Array[]
  version: 'TLSv1.2' | 'TLSv1.3'
}

class Reader {
  pos = 0
  constructor(readonly buf: Uint8Array) {}
  need(n: number): void {
    if (this.pos + n > this.buf.length) throw new Error('truncated TLS message')
  }
  u8(): number {
    this.need(1)
    return this.buf[this.pos++] as number
  }
  u16(): number {
    return (this.u8() << 8) | this.u8()
  }
  u24(): number {
    return (this.u8() << 16) | (this.u8() << 8) | this.u8()
  }
  bytes(n: number): Uint8Array {
    this.need(n)
    const out = this.buf.subarray(this.pos, this.pos + n)
    this.pos += n
    return out
  }
}

/** Handshake messages (type, body) from a byte stream that may split messages across records. */
class HandshakeStream {
  private data = new Uint8Array(0)
  readonly messages: { type: number; body: Uint8Array }[] = []

  push(bytes: Uint8Array): void {
    const merged = new Uint8Array(this.data.length + bytes.length)
    merged.set(this.data)
    merged.set(bytes, this.data.length)
    let pos = 0
    while (merged.length - pos >= 4) {
      const len = ((merged[pos + 1] as number) << 16) | ((merged[pos + 2] as number) << 8) | (merged[pos + 3] as number)
      if (merged.length - pos - 4 < len) break
      this.messages.push({ type: merged[pos] as number, body: merged.subarray(pos + 4, pos + 4 + len) })
      pos += 4 + len
    }
    this.data = merged.slice(pos)
  }

  find(type: number): Uint8Array | undefined {
    return this.messages.find((m) => m.type === type)?.body
  }
}

function hkdfExpandLabel(hash: string, secret: Uint8Array, label: string, length: number): Uint8Array {
  const full = Buffer.from(`tls13 ${label}`, 'latin1')
  const info = Buffer.concat([Buffer.from([length >> 8, length & 0xff, full.length]), full, Buffer.from([0])])
  // HKDF-Expand (RFC 5869 §2.3); one or two blocks are all TLS needs here
  const out: Buffer[] = []
  let prev = Buffer.alloc(0)
  for (let i = 1; Buffer.concat(out).length < length; i++) {
    prev = createHmac(hash, secret).update(Buffer.concat([prev, info, Buffer.from([i])])).digest()
    out.push(prev)
  }
  return new Uint8Array(Buffer.concat(out).subarray(0, length))
}

function parseServerHello(body: Uint8Array): { random: string; suite: number; tls13: boolean } {
  const r = new Reader(body)
  r.u16() // legacy_version
  const random = Buffer.from(r.bytes(32)).toString('hex')
  r.bytes(r.u8()) // session id
  const suite = r.u16()
  r.u8() // compression
  let tls13 = false
  if (r.pos < body.length) {
    const extEnd = r.u16() + r.pos
    while (r.pos + 4 <= extEnd) {
      const type = r.u16()
      const data = r.bytes(r.u16())
      if (type === 43 && data.length === 2 && data[0] === 3 && data[1] === 4) tls13 = true // supported_versions
    }
  }
  return { random, suite, tls13 }
}

function parseCertificateMessage(body: Uint8Array, tls13: boolean): Uint8Array[] {
  const r = new Reader(body)
  if (tls13) r.bytes(r.u8()) // certificate_request_context
  const end = r.u24() + r.pos
  if (end > body.length) throw new Error('truncated Certificate message')
  const out: Uint8Array[] = []
  while (r.pos < end) {
    out.push(r.bytes(r.u24()).slice())
    if (tls13) r.bytes(r.u16()) // per-certificate extensions (OCSP, SCTs)
  }
  return out
}

function decryptRecord(suite: (typeof TLS13_SUITES)[number], key: Uint8Array, iv: Uint8Array, seq: number, header: Uint8Array, body: Uint8Array): Uint8Array {
  const nonce = Buffer.from(iv)
  for (let i = 0; i < 8; i++) nonce[11 - i] = (nonce[11 - i] as number) ^ Number((BigInt(seq) >> BigInt(8 * i)) & 0xffn)
  const tag = body.subarray(body.length - 16)
  const ciphertext = body.subarray(0, body.length - 16)
  const d =
    suite.cipher === 'chacha20-poly1305'
      ? createDecipheriv('chacha20-poly1305', key, nonce, { authTagLength: 16 })
      : createDecipheriv(suite.cipher as 'aes-128-gcm', key, nonce)
  d.setAAD(header, { plaintextLength: ciphertext.length })
  d.setAuthTag(tag)
  return new Uint8Array(Buffer.concat([d.update(ciphertext), d.final()]))
}

/**
 * The chain from the bytes the server sent. `serverHandshakeSecret` (hex, from the keylog line
 * SERVER_HANDSHAKE_TRAFFIC_SECRET) is needed for TLS 1.3. Throws when the message cannot be found.
 */
export function extractSentChain(received: Uint8Array, serverHandshakeSecret?: string): SentChain {
  const plain = new HandshakeStream()
  const encrypted = new HandshakeStream()
  let hello: ReturnType<typeof parseServerHello> | undefined
  let keys: { suite: (typeof TLS13_SUITES)[number]; key: Uint8Array; iv: Uint8Array } | undefined
  let seq = 0
  let pos = 0
  while (pos + 5 <= received.length) {
    const type = received[pos] as number
    const len = ((received[pos + 3] as number) << 8) | (received[pos + 4] as number)
    if (pos + 5 + len > received.length) break
    const header = received.subarray(pos, pos + 5)
    const body = received.subarray(pos + 5, pos + 5 + len)
    pos += 5 + len
    if (type === RECORD.handshake && !keys) {
      plain.push(body)
      // the last ServerHello counts (the first may be a HelloRetryRequest)
      const hellos = plain.messages.filter((m) => m.type === HS.serverHello).map((m) => parseServerHello(m.body))
      hello = hellos.filter((h) => h.random !== HRR_RANDOM).pop() ?? hello
      if (!hello?.tls13) {
        const cert = plain.find(HS.certificate)
        if (cert) return { certificates: parseCertificateMessage(cert, false), version: 'TLSv1.2' }
      }
    } else if (type === RECORD.changeCipherSpec) {
      if (hello && !hello.tls13) break // TLS 1.2: everything after this is encrypted, and the Certificate came before
    } else if (type === RECORD.applicationData && hello?.tls13) {
      if (!keys) {
        const suite = TLS13_SUITES[hello.suite]
        if (!suite) throw new Error(`TLS 1.3 cipher suite 0x${hello.suite.toString(16)} is not supported for chain capture`)
        if (!serverHandshakeSecret) throw new Error('no TLS 1.3 handshake secret (keylog) available')
        const secret = Buffer.from(serverHandshakeSecret, 'hex')
        keys = { suite, key: hkdfExpandLabel(suite.hash, secret, 'key', suite.keyLength), iv: hkdfExpandLabel(suite.hash, secret, 'iv', 12) }
      }
      const inner = decryptRecord(keys.suite, keys.key, keys.iv, seq++, header, body)
      let end = inner.length
      while (end > 0 && inner[end - 1] === 0) end--
      const innerType = inner[end - 1]
      if (innerType === RECORD.handshake) encrypted.push(inner.subarray(0, end - 1))
      const cert = encrypted.find(HS.certificate)
      if (cert) return { certificates: parseCertificateMessage(cert, true), version: 'TLSv1.3' }
    }
  }
  throw new Error('the server’s Certificate message was not found in the handshake')
}
