// TLS records and handshake messages read from raw bytes (RFC 8446 §5.1, §4; RFC 5246 §6.2, §7.4): the framing the
// chain capture needs, and the 'tls-records' dissector that shows any captured stream as spans. Pure: it decrypts
// nothing; the engine that holds the keys does that.
import { ByteReader, toHex } from '../bytes'
import type { Finding } from '../findings'
import { type DissectOptions, type Dissection, type Span, SpanBudget } from '../dissect/span'
import { parseHandshakeMessage, shiftSpans, splitHandshake } from './handshake'

export const RECORD = { changeCipherSpec: 20, alert: 21, handshake: 22, applicationData: 23, heartbeat: 24 } as const
export const HANDSHAKE = { clientHello: 1, serverHello: 2, certificate: 11 } as const

/** SHA-256("HelloRetryRequest"): the ServerHello.random of a HelloRetryRequest (RFC 8446 §4.1.3). */
export const HRR_RANDOM = 'cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c'

const RECORD_NAMES: Record<number, string> = { 20: 'ChangeCipherSpec', 21: 'Alert', 22: 'Handshake', 23: 'Application data', 24: 'Heartbeat' }
const HANDSHAKE_NAMES: Record<number, string> = {
  0: 'HelloRequest',
  1: 'ClientHello',
  2: 'ServerHello',
  4: 'NewSessionTicket',
  5: 'EndOfEarlyData',
  8: 'EncryptedExtensions',
  11: 'Certificate',
  12: 'ServerKeyExchange',
  13: 'CertificateRequest',
  14: 'ServerHelloDone',
  15: 'CertificateVerify',
  16: 'ClientKeyExchange',
  20: 'Finished',
  24: 'KeyUpdate'
}
const VERSION_NAMES: Record<number, string> = { 0x0300: 'SSL 3.0', 0x0301: 'TLS 1.0', 0x0302: 'TLS 1.1', 0x0303: 'TLS 1.2', 0x0304: 'TLS 1.3' }

export const recordTypeName = (t: number): string => RECORD_NAMES[t] ?? `unknown (${t})`
export const handshakeTypeName = (t: number): string => HANDSHAKE_NAMES[t] ?? `unknown (${t})`
export const versionName = (v: number): string => VERSION_NAMES[v] ?? `0x${v.toString(16).padStart(4, '0')}`

export interface TlsRecord {
  type: number
  version: number
  /** Offset of the 5-byte header in the stream. */
  offset: number
  header: Uint8Array
  body: Uint8Array
}

/** The complete records at the start of `stream`; a record cut off at the end is left out. */
export function readRecords(stream: Uint8Array): TlsRecord[] {
  const out: TlsRecord[] = []
  const r = new ByteReader(stream)
  while (r.remaining >= 5) {
    const offset = r.pos
    const header = stream.subarray(offset, offset + 5)
    const type = r.u8()
    const version = r.u16()
    const length = r.u16()
    if (r.remaining < length) break
    out.push({ type, version, offset, header, body: r.take(length) })
  }
  return out
}

/** Handshake messages (type, body) from record bodies that may split one message across several records. */
export class HandshakeStream {
  private pending = new Uint8Array(0)
  readonly messages: { type: number; body: Uint8Array }[] = []

  push(bytes: Uint8Array): void {
    const merged = new Uint8Array(this.pending.length + bytes.length)
    merged.set(this.pending)
    merged.set(bytes, this.pending.length)
    const r = new ByteReader(merged)
    while (r.remaining >= 4) {
      const start = r.pos
      const type = r.u8()
      const length = r.u24()
      if (r.remaining < length) {
        r.pos = start
        break
      }
      this.messages.push({ type, body: r.take(length) })
    }
    this.pending = merged.slice(r.pos)
  }

  find(type: number): Uint8Array | undefined {
    return this.messages.find((m) => m.type === type)?.body
  }
}

export interface ServerHelloInfo {
  random: string
  suite: number
  tls13: boolean
}

export function parseServerHello(body: Uint8Array): ServerHelloInfo {
  const r = new ByteReader(body)
  r.u16('legacy_version')
  const random = toHex(r.take(32, 'random'), '')
  r.take(r.u8(), 'session id')
  const suite = r.u16('cipher suite')
  r.u8('compression')
  let tls13 = false
  if (r.remaining > 0) {
    const ext = r.sub(r.u16(), 'extensions')
    while (ext.remaining >= 4) {
      const type = ext.u16()
      const data = ext.take(ext.u16(), 'extension')
      if (type === 43 && data.length === 2 && data[0] === 3 && data[1] === 4) tls13 = true // supported_versions
    }
  }
  return { random, suite, tls13 }
}

/** DER of each certificate in a Certificate message, in the order sent. */
export function parseCertificateMessage(body: Uint8Array, tls13: boolean): Uint8Array[] {
  const r = new ByteReader(body)
  if (tls13) r.take(r.u8(), 'certificate_request_context')
  const list = r.sub(r.u24(), 'certificate_list')
  const out: Uint8Array[] = []
  while (list.remaining > 0) {
    out.push(list.take(list.u24(), 'certificate').slice())
    if (tls13) list.take(list.u16(), 'certificate extensions') // OCSP, SCTs
  }
  return out
}

/** A TLS 1.3 HelloRetryRequest exchange sends a ClientHello or ServerHello in clear after the compatibility
 *  ChangeCipherSpec (RFC 8446 §D.4): a record holding exactly whole hello messages is not encrypted. */
function cleartextHello(body: Uint8Array): boolean {
  const { messages, rest } = splitHandshake(body)
  return rest.length === 0 && messages.length > 0 && messages.every((m) => m[0] === 1 || m[0] === 2)
}

const field = (offset: number, length: number, name: string, value?: string, explain?: string): Span => ({ offset, length, name, ...(value === undefined ? {} : { value }), ...(explain ? { explain } : {}) })

/** ChangeCipherSpec's one byte, in both versions' words. */
const CCS_WORDS =
  'The ChangeCipherSpec message, always the single byte 0x01. TLS 1.2: from the next record on, this side protects its records with the keys just agreed (RFC 5246 §7.1). TLS 1.3: a dummy record for middlebox compatibility, sent so the handshake looks like a TLS 1.2 resumption; the peer ignores it (RFC 8446 §D.4, §5).'

/** Handshake messages inside one plaintext handshake record body: a whole message is parsed field by field (handshake.ts). */
function handshakeSpans(bytes: Uint8Array, start: number, end: number, budget: SpanBudget, state: { suite?: number; findings: Finding[] }): Span[] {
  const spans: Span[] = []
  const r = new ByteReader(bytes, start, end)
  while (r.remaining > 0 && budget.take()) {
    const offset = r.pos
    if (r.remaining < 4) {
      spans.push(field(offset, r.remaining, 'Handshake fragment', 'continues from or into another record'))
      break
    }
    const type = r.u8()
    const length = r.u24()
    const bodyLength = Math.min(length, r.remaining)
    let name = handshakeTypeName(type)
    let children = [field(offset, 1, 'Handshake type', `${type} (${name})`), field(offset + 1, 3, 'Length', String(length), 'The length of the message body in bytes, after this 4-byte header (RFC 8446 §4).'), field(offset + 4, bodyLength, 'Body')]
    if (bodyLength === length) {
      // Cleartext Certificate, NewSessionTicket and CertificateRequest only exist in TLS 1.2 (1.3 encrypts them).
      const from = type === 1 || type === 16 ? 'client' : 'server'
      const parsed = parseHandshakeMessage(bytes.subarray(offset, offset + 4 + length), { tls13: false, from, ...(state.suite !== undefined ? { cipherSuite: state.suite } : {}) }, budget)
      if (parsed.serverHello) state.suite = parsed.serverHello.cipherSuite
      const inner = parsed.spans[0]?.children
      if (inner?.length) children = shiftSpans(inner, offset)
      name = parsed.typeName
      state.findings.push(...parsed.findings.map((f) => (f.span ? { ...f, span: { offset: f.span.offset + offset, length: f.span.length } } : f)))
    }
    spans.push({
      offset,
      length: 4 + bodyLength,
      headerLength: 4,
      name: `Handshake: ${name}`,
      value: `${length} bytes${bodyLength < length ? ` (${bodyLength} in this record)` : ''}`,
      children
    })
    r.take(bodyLength)
  }
  return spans
}

/** The 'tls-records' dissector: record headers and, while the handshake is still in the clear, handshake headers. */
export function dissectTlsRecords(bytes: Uint8Array, options?: DissectOptions): Dissection {
  const budget = new SpanBudget(options)
  const spans: Span[] = []
  const findings: Finding[] = []
  const r = new ByteReader(bytes)
  let encrypted = false
  const handshakeState: { suite?: number; findings: Finding[] } = { findings }
  while (r.remaining > 0 && budget.take()) {
    const offset = r.pos
    const type = bytes[offset] as number
    if (!RECORD_NAMES[type]) {
      spans.push(field(offset, r.remaining, 'Not a TLS record'))
      findings.push({ severity: 'error', code: 'NOT_TLS', message: `Byte ${offset} (0x${type.toString(16)}) is not a TLS record type.`, span: { offset, length: r.remaining } })
      break
    }
    if (r.remaining < 5) {
      spans.push(field(offset, r.remaining, 'Record header (cut off)'))
      findings.push({ severity: 'error', code: 'TRUNCATED', message: `The record header at byte ${offset} is cut off after ${r.remaining} bytes.`, span: { offset, length: r.remaining } })
      break
    }
    r.u8()
    const version = r.u16()
    const length = r.u16()
    const bodyLength = Math.min(length, r.remaining)
    if (bodyLength < length) {
      findings.push({ severity: 'error', code: 'TRUNCATED', message: `The ${recordTypeName(type)} record at byte ${offset} declares ${length} bytes but only ${bodyLength} follow.`, span: { offset, length: 5 + bodyLength } })
    }
    if (length > 16_384 + 2048) {
      findings.push({ severity: 'warning', code: 'RECORD_TOO_LONG', message: `The record at byte ${offset} declares ${length} bytes, more than TLS allows (2^14 + 2048).`, span: { offset, length: 5 } })
    }
    const bodyStart = offset + 5
    const children: Span[] = [
      field(offset, 1, 'Content type', `${type} (${recordTypeName(type)})`, 'What the record carries: 20 ChangeCipherSpec, 21 alert, 22 handshake, 23 application data; in TLS 1.3 every protected record says 23 outside and hides its real type inside (RFC 8446 §5.1, §5.2).'),
      field(offset + 1, 2, 'Version', versionName(version), 'legacy_record_version: 0x0303 (TLS 1.2) in TLS 1.3 too, for middleboxes; the real version is in supported_versions (RFC 8446 §5.1).'),
      field(offset + 3, 2, 'Length', String(length), 'The length of the record body in bytes, after this 5-byte header; at most 2^14 plus the protection overhead (RFC 8446 §5.1, §5.2).')
    ]
    if (type === RECORD.handshake && (!encrypted || cleartextHello(bytes.subarray(bodyStart, bodyStart + bodyLength)))) children.push(...handshakeSpans(bytes, bodyStart, bodyStart + bodyLength, budget, handshakeState))
    else if (type === RECORD.alert && !encrypted && bodyLength >= 2) {
      children.push(field(bodyStart, 1, 'Alert level', bytes[bodyStart] === 2 ? 'fatal' : 'warning'), field(bodyStart + 1, 1, 'Alert description', String(bytes[bodyStart + 1])))
    } else if (bodyLength > 0) {
      if (type === RECORD.changeCipherSpec) children.push(field(bodyStart, bodyLength, 'Change cipher spec', bodyLength === 1 ? `0x${(bytes[bodyStart] ?? 0).toString(16).padStart(2, '0')}` : `${bodyLength} bytes`, CCS_WORDS))
      else children.push(field(bodyStart, bodyLength, 'Encrypted data'))
    }
    if (type === RECORD.changeCipherSpec) encrypted = true
    spans.push({ offset, length: 5 + bodyLength, headerLength: 5, name: `TLS record: ${recordTypeName(type)}`, value: `${versionName(version)}, ${length} bytes`, children })
    r.take(bodyLength)
  }
  if (r.remaining > 0 && budget.exhausted) spans.push(field(r.pos, r.remaining, 'Not dissected (limit reached)'))
  findings.push(...budget.finding())
  return { spans, findings, spanCount: budget.count }
}
