// TLS handshake messages parsed with spans (RFC 8446 §4, RFC 5246 §7.4): one message in, its fields as a span tree,
// the facts the walkthrough needs (ClientHello and ServerHello details, certificates, signature, Finished) and
// findings out. Pure and lenient: hostile bytes give findings, never exceptions. Also the 'tls-handshake' dissector.
import { ByteReader } from '../bytes'
import type { DissectOptions, Dissection, Span } from '../dissect/span'
import { SpanBudget } from '../dissect/span'
import type { Finding } from '../findings'
import type { StepKind } from '../walkthrough/model'
import { type ClientHelloInfo, type ServerHelloInfo, parseClientHello, parseServerHello } from './handshake-hello'
import * as m from './handshake-messages'
import { HANDSHAKE_LIMITS, SpanMaker } from './handshake-spans'
import { groupName, handshakeTypeInfo, protocolVersionName } from './tls-names'
import { cipherSuiteName } from './cipher-suites'

export type { ClientHelloInfo, ServerHelloInfo }
export { HANDSHAKE_LIMITS }
export { textbookNotes, TEXTBOOK } from './textbook'

export interface HandshakeContext {
  /** TLS 1.3 formats (Certificate, NewSessionTicket, CertificateRequest differ from TLS 1.2). */
  tls13: boolean
  from: 'client' | 'server'
  /** The negotiated suite, when known: tells a TLS 1.2 key exchange apart (ECDHE, DHE, RSA). */
  cipherSuite?: number
}

export interface ParsedHandshake {
  type: number
  typeName: string
  kind: StepKind
  /** Offsets within the message (its 4-byte header included). */
  spans: Span[]
  findings: Finding[]
  clientHello?: ClientHelloInfo
  serverHello?: ServerHelloInfo
  /** DER, leaf first. */
  certificates?: Uint8Array[]
  /** Each certificate's subject CN (or first attribute), when its DER could be read. */
  certificateNames?: (string | null)[]
  certificateVerify?: { scheme: number; schemeName: string; signature: Uint8Array }
  finished?: { verifyData: Uint8Array }
  newSessionTicket?: { lifetime: number; ageAdd: number }
  encryptedExtensions?: m.MessageFacts['encryptedExtensions']
  keyUpdate?: { updateRequested: boolean }
  serverKeyExchange?: m.MessageFacts['serverKeyExchange']
  clientKeyExchange?: m.MessageFacts['clientKeyExchange']
  /** A one-line summary in words: "ClientHello for example.com offering TLS 1.3, 17 suites". */
  summary: string
  /** Where the message is defined, e.g. "RFC 8446 §4.1.2". */
  source: string
}

/** Complete handshake messages (header included) from a byte stream that may split messages across records. */
export function splitHandshake(bytes: Uint8Array): { messages: Uint8Array[]; rest: Uint8Array } {
  const messages: Uint8Array[] = []
  let pos = 0
  while (bytes.length - pos >= 4 && messages.length < HANDSHAKE_LIMITS.messages) {
    const length = ((bytes[pos + 1] as number) << 16) | ((bytes[pos + 2] as number) << 8) | (bytes[pos + 3] as number)
    if (bytes.length - pos - 4 < length) break
    messages.push(bytes.subarray(pos, pos + 4 + length))
    pos += 4 + length
  }
  return { messages, rest: bytes.subarray(pos) }
}

function summarize(p: ParsedHandshake): string {
  const ch = p.clientHello
  if (ch) {
    const versions = ch.supportedVersions.filter((v) => v >> 8 === 3).map(protocolVersionName)
    return `ClientHello${ch.serverName ? ` for ${ch.serverName}` : ''} offering ${versions.length ? versions.join(', ') : protocolVersionName(ch.legacyVersion)}, ${ch.cipherSuites.length} cipher suites, ${ch.extensions.length} extensions${ch.grease ? ' (with GREASE)' : ''}`
  }
  const sh = p.serverHello
  if (sh) {
    if (sh.helloRetryRequest) return `HelloRetryRequest: ${cipherSuiteName(sh.cipherSuite)}, retry${sh.keyShareGroup !== null ? ` with a ${groupName(sh.keyShareGroup)} key share` : ''}`
    return `ServerHello: ${protocolVersionName(sh.version)}, ${cipherSuiteName(sh.cipherSuite)}${sh.keyShareGroup !== null ? `, ${groupName(sh.keyShareGroup)}` : ''}`
  }
  if (p.certificates) {
    const leaf = p.certificateNames?.[0]
    return `Certificate: ${p.certificates.length} certificate${p.certificates.length === 1 ? '' : 's'}${leaf ? ` (leaf ${leaf})` : ''}`
  }
  if (p.certificateVerify) return `CertificateVerify: ${p.certificateVerify.schemeName}`
  if (p.newSessionTicket) return `NewSessionTicket: lifetime ${p.newSessionTicket.lifetime} s`
  if (p.encryptedExtensions) return `EncryptedExtensions: ${p.encryptedExtensions.extensions.length} extensions${p.encryptedExtensions.alpn ? `, ALPN ${p.encryptedExtensions.alpn}` : ''}`
  return p.typeName
}

/** Parses ONE handshake message (4-byte header + body). Never throws. */
export function parseHandshakeMessage(msg: Uint8Array, ctx: HandshakeContext, budget?: SpanBudget): ParsedHandshake {
  const maker = new SpanMaker(msg, budget)
  const type = msg.length > 0 ? (msg[0] as number) : -1
  const info = handshakeTypeInfo(type)
  const out: ParsedHandshake = { type, typeName: info.name, kind: info.kind, spans: [], findings: maker.findings, summary: info.name, source: info.rfc }
  if (msg.length < 4) {
    maker.find('error', 'TRUNCATED', `A handshake message header is 4 bytes; only ${msg.length} arrived.`, 'RFC 8446 §4', { offset: 0, length: msg.length })
    out.spans.push(maker.span(0, msg.length, 'Handshake header (cut off)'))
    return out
  }
  const declared = ((msg[1] as number) << 16) | ((msg[2] as number) << 8) | (msg[3] as number)
  const bodyLength = Math.min(declared, msg.length - 4)
  if (bodyLength < declared) maker.find('error', 'TRUNCATED', `The ${info.name} declares ${declared} bytes but only ${bodyLength} arrived.`, info.rfc, { offset: 0, length: msg.length })
  const children: Span[] = [maker.span(0, 1, 'Handshake type', `${type} (${info.name})`, `HandshakeType (RFC 8446 §4).`), maker.span(1, 3, 'Length', `${declared} bytes`, 'The length of the message body in bytes, after this 4-byte header (RFC 8446 §4).')]
  const r = new ByteReader(msg, 4, 4 + bodyLength)
  const facts: m.MessageFacts = {}
  const body: Span[] = []
  try {
    switch (type) {
      case 1:
        out.clientHello = parseClientHello(r, maker, body)
        break
      case 2:
        out.serverHello = parseServerHello(r, maker, body)
        if (out.serverHello.helloRetryRequest) {
          out.typeName = 'HelloRetryRequest'
          out.kind = 'tls-hello-retry-request'
          out.source = 'RFC 8446 §4.1.4'
        }
        break
      case 8:
        m.parseEncryptedExtensions(r, maker, body, facts)
        break
      case 11:
        m.parseCertificate(r, maker, body, facts, ctx.tls13)
        break
      case 13:
        m.parseCertificateRequest(r, maker, body, ctx.tls13)
        break
      case 15:
        m.parseCertificateVerify(r, maker, body, facts)
        break
      case 20:
        m.parseFinished(r, maker, body, facts)
        break
      case 4:
        m.parseNewSessionTicket(r, maker, body, facts, ctx.tls13)
        break
      case 24:
        m.parseKeyUpdate(r, maker, body, facts)
        break
      case 12:
        m.parseServerKeyExchange(r, maker, body, facts, ctx.cipherSuite)
        break
      case 16:
        m.parseClientKeyExchange(r, maker, body, facts, ctx.cipherSuite)
        break
      case 14:
      case 5:
        break
      default:
        if (bodyLength > 0) body.push(maker.span(4, bodyLength, 'Body', maker.hex(4, bodyLength)))
        r.take(r.remaining)
        if (!handshakeTypeInfo(type).rfc || info.name.startsWith('unknown')) maker.find('warning', 'UNKNOWN_HANDSHAKE_TYPE', `Handshake type ${type} is not one TLS defines.`, 'RFC 8446 §4')
    }
  } catch (err) {
    maker.find('error', 'TRUNCATED', `The ${out.typeName} is cut off or malformed: ${err instanceof Error ? err.message : String(err)}`, info.rfc, { offset: 0, length: msg.length })
  }
  if (r.remaining > 0) {
    body.push(maker.span(r.pos, r.remaining, 'Trailing bytes', maker.hex(r.pos, r.remaining)))
    maker.find('warning', 'TRAILING_BYTES', `${r.remaining} bytes follow the end of the ${out.typeName}'s fields.`, info.rfc, { offset: r.pos, length: r.remaining })
  }
  if ((type === 14 || type === 5) && bodyLength > 0) maker.find('error', 'BAD_LENGTH', `${info.name} must be empty.`, info.rfc)
  Object.assign(out, facts)
  out.summary = summarize(out)
  out.spans = [maker.span(0, 4 + bodyLength, out.typeName, out.summary, `${out.typeName} (${out.source}), sent by the ${ctx.from}.`, [...children, ...body])]
  return out
}

/** Shifts a span tree by `delta` bytes (a message's spans placed inside a larger stream). */
export function shiftSpans(spans: Span[], delta: number): Span[] {
  return spans.map((s) => ({ ...s, offset: s.offset + delta, ...(s.children ? { children: shiftSpans(s.children, delta) } : {}) }))
}

/**
 * The 'tls-handshake' dissector: handshake messages back to back (the plaintext of handshake records). The version
 * is learnt from the ServerHello it passes; the sender is guessed from each message's type.
 */
export function dissectTlsHandshake(bytes: Uint8Array, options?: DissectOptions): Dissection {
  const budget = new SpanBudget(options)
  const spans: Span[] = []
  const findings: Finding[] = []
  const { messages, rest } = splitHandshake(bytes)
  let offset = 0
  let tls13 = false
  let suite: number | undefined
  for (const msg of messages) {
    if (!budget.take()) break
    const type = msg[0] as number
    const from = type === 1 || type === 16 ? 'client' : 'server'
    const parsed = parseHandshakeMessage(msg, { tls13, from, ...(suite !== undefined ? { cipherSuite: suite } : {}) }, budget)
    if (parsed.serverHello) {
      tls13 = parsed.serverHello.version === 0x0304
      suite = parsed.serverHello.cipherSuite
    }
    spans.push(...shiftSpans(parsed.spans, offset))
    findings.push(...parsed.findings.map((f) => (f.span ? { ...f, span: { offset: f.span.offset + offset, length: f.span.length } } : f)))
    offset += msg.length
  }
  if (rest.length > 0) {
    spans.push({ offset, length: rest.length, name: 'Incomplete handshake message', value: `${rest.length} bytes` })
    findings.push({ severity: 'warning', code: 'TRUNCATED', message: `The last ${rest.length} bytes are the start of a handshake message that did not arrive whole.`, source: 'RFC 8446 §4', span: { offset, length: rest.length } })
  } else if (offset < bytes.length) {
    spans.push({ offset, length: bytes.length - offset, name: 'Not dissected (limit reached)' })
  }
  findings.push(...budget.finding())
  return { spans, findings, spanCount: budget.count }
}
