// Reading the server's Certificate handshake message out of the raw bytes a TLS client received, so Wirebench can
// show the chain exactly as sent (order and duplicates included) — Node's getPeerCertificate() rebuilds and
// deduplicates it. TLS 1.2 sends the message in the clear; TLS 1.3 encrypts it with the server handshake traffic
// key, which we derive from the secret Node reports through its 'keylog' event (RFC 8446 §7.1, §7.3, §5.2). The
// record framing is the shared parser's; only the decryption, which needs node:crypto, lives here.
import { createDecipheriv, createHmac } from 'node:crypto'
import {
  HANDSHAKE,
  HRR_RANDOM,
  HandshakeStream,
  RECORD,
  type ServerHelloInfo,
  parseCertificateMessage,
  parseServerHello,
  readRecords
} from '../../shared/tls/records'

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
  let hello: ServerHelloInfo | undefined
  let keys: { suite: (typeof TLS13_SUITES)[number]; key: Uint8Array; iv: Uint8Array } | undefined
  let seq = 0
  for (const { type, header, body } of readRecords(received)) {
    if (type === RECORD.handshake && !keys) {
      plain.push(body)
      // the last ServerHello counts (the first may be a HelloRetryRequest)
      const hellos = plain.messages.filter((m) => m.type === HANDSHAKE.serverHello).map((m) => parseServerHello(m.body))
      hello = hellos.filter((h) => h.random !== HRR_RANDOM).pop() ?? hello
      if (!hello?.tls13) {
        const cert = plain.find(HANDSHAKE.certificate)
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
      const cert = encrypted.find(HANDSHAKE.certificate)
      if (cert) return { certificates: parseCertificateMessage(cert, true), version: 'TLSv1.3' }
    }
  }
  throw new Error('the server’s Certificate message was not found in the handshake')
}
