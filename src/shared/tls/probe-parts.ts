// The few fields a scan probe needs that the span dissectors (handshake-hello.ts, handshake-messages.ts) read but do
// not hand out: a ServerHello's compression and extension bodies (ALPN choice, renegotiation_info), the DH prime's
// size, the stapled OCSP response; and words for an answer that is not TLS at all. Kept apart from probe-answer.ts
// so the reader stays about framing and decisions.
import { ByteReader } from '../bytes'

export interface HelloExtras {
  compression: number
  extensions: number[]
  alpn: string | null
  /** renegotiation_info present with an empty renegotiated_connection (RFC 5746 §3.4). */
  secureRenegotiation: boolean
}

/** ServerHello body (after the 4-byte header), RFC 5246 §7.4.1.3 / RFC 8446 §4.1.3; null when malformed. */
export function helloExtras(body: Uint8Array): HelloExtras | null {
  try {
    const r = new ByteReader(body)
    r.take(2 + 32, 'version and random')
    r.take(r.u8('session id length'), 'session id')
    r.u16('cipher suite')
    const out: HelloExtras = { compression: r.u8('compression method'), extensions: [], alpn: null, secureRenegotiation: false }
    if (r.remaining === 0) return out // SSL 3.0 and early TLS servers send no extensions block
    const block = r.sub(r.u16('extensions length'), 'extensions')
    while (block.remaining > 0 && out.extensions.length < 256) {
      const type = block.u16('extension type')
      const data = block.take(block.u16('extension length'), 'extension data')
      out.extensions.push(type)
      // ALPN in a ServerHello: a ProtocolNameList with exactly one name (RFC 7301 §3.1).
      if (type === 16 && data.length >= 3) {
        const list = new ByteReader(data)
        const inner = list.sub(list.u16(), 'protocol list')
        out.alpn = new TextDecoder('utf-8', { fatal: false }).decode(inner.take(inner.u8(), 'protocol'))
      }
      if (type === 0xff01) out.secureRenegotiation = data.length === 1 && data[0] === 0
    }
    return out
  } catch {
    return null
  }
}

/** Bits of dh_p in a DHE ServerKeyExchange (RFC 5246 §7.4.3: dh_p<1..2^16-1> comes first); null when malformed. */
export function dhPrimeBits(body: Uint8Array): number | null {
  try {
    const r = new ByteReader(body)
    const p = r.take(r.u16('dh_p length'), 'dh_p')
    let i = 0
    while (i < p.length && p[i] === 0) i++ // leading zero bytes do not make a prime longer
    if (i === p.length) return 0
    return (p.length - i - 1) * 8 + (32 - Math.clz32(p[i] as number))
  } catch {
    return null
  }
}

/** CertificateStatus (RFC 6066 §8): status_type ocsp(1), then OCSPResponse<1..2^24-1>; its DER, or null. */
export function statusResponse(body: Uint8Array): Uint8Array | null {
  try {
    const r = new ByteReader(body)
    if (r.u8('status type') !== 1) return null
    const der = r.take(r.u24('OCSP response length'), 'OCSP response')
    return der.length ? der.slice() : null
  } catch {
    return null
  }
}

const ascii = (b: Uint8Array): string => Array.from(b, (c) => (c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : ' ')).join('')

/**
 * Words for the first bytes of an answer when they cannot start a TLS record (RFC 8446 §5.1: content type 20–24,
 * then major version 3); null while they still could. Names the usual suspects: plain HTTP, SSL 2.0, a text banner.
 */
export function notTlsWords(p: Uint8Array): string | null {
  const first = p[0] as number
  if (first >= 20 && first <= 24 && (p.length < 2 || p[1] === 3)) return null
  const text = ascii(p.subarray(0, 80))
  if (text.startsWith('HTTP/') || (p.length < 5 && 'HTTP/'.startsWith(text))) {
    return `The server answered in plain HTTP ("${text.split('  ')[0]!.trim().slice(0, 40)}"), not TLS: this port does not speak TLS.`
  }
  if (first & 0x80) {
    // SSL 2.0's two-byte record header has the high bit set; message type 4 is SERVER-HELLO (draft-hickman-netscape-ssl-00).
    const hello = p.length >= 3 && p[2] === 4
    return hello ? 'The server answered with an SSL 2.0 SERVER-HELLO, not a TLS record: it speaks only the long-broken SSL 2.0 to this hello (RFC 6176 forbids SSL 2.0).' : `The answer starts with 0x${first.toString(16)}, an SSL 2.0-style header or no TLS at all (RFC 8446 §5.1).`
  }
  if (p.subarray(0, Math.min(p.length, 8)).every((c) => (c >= 0x20 && c < 0x7f) || c === 0x0d || c === 0x0a)) {
    return `The server sent text ("${text.trim().slice(0, 40)}"), not TLS: another protocol (SSH, SMTP, …) listens on this port.`
  }
  return `The answer starts with 0x${Array.from(p.subarray(0, 3), (c) => c.toString(16).padStart(2, '0')).join('')}, which is no TLS record header (RFC 8446 §5.1).`
}
