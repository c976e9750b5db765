// The handshake messages after the hellos, field by field: TLS 1.3's EncryptedExtensions, Certificate,
// CertificateRequest, CertificateVerify, Finished, NewSessionTicket, KeyUpdate (RFC 8446 §4.3–4.6) and TLS 1.2's
// ServerKeyExchange, ServerHelloDone, ClientKeyExchange (RFC 5246 §7.4, RFC 8422 §5).
import type { ByteReader } from '../bytes'
import type { Span } from '../dissect/span'
import { CIPHER_SUITES } from './cipher-suites'
import { emptyFacts, parseExtensions, type ExtensionFacts } from './handshake-extensions'
import { HANDSHAKE_LIMITS, type SpanMaker, u16Hex, vector } from './handshake-spans'
import { groupInfo, signatureSchemeInfo } from './tls-names'
import { decode, readOid, readString, sequence } from '../x509/asn1'

/** The subject's common name (or first attribute) of a DER certificate, for a span's value; null when unreadable. */
function subjectName(der: Uint8Array): string | null {
  try {
    const tbs = sequence(decode(der), 'Certificate')[0]
    const fields = sequence(tbs, 'TBSCertificate')
    const subject = fields[fields[0]?.cls === 2 ? 5 : 4]
    let first: string | null = null
    for (const rdn of subject?.children ?? []) {
      for (const atv of rdn.children) {
        const [type, value] = atv.children
        const text = readString(value)
        if (readOid(type) === '2.5.4.3') return `CN=${text}`
        first ??= text
      }
    }
    return first
  } catch {
    return null
  }
}

export interface MessageFacts {
  certificates?: Uint8Array[]
  certificateNames?: (string | null)[]
  certificateVerify?: { scheme: number; schemeName: string; signature: Uint8Array }
  finished?: { verifyData: Uint8Array }
  newSessionTicket?: { lifetime: number; ageAdd: number }
  encryptedExtensions?: { extensions: ExtensionFacts['list']; alpn: string | null; serverName: boolean }
  keyUpdate?: { updateRequested: boolean }
  serverKeyExchange?: { kind: 'ecdhe' | 'dhe' | 'unknown'; group: number | null; publicKeyLength: number; scheme: number | null }
  clientKeyExchange?: { kind: 'ecdhe' | 'rsa' | 'dhe' | 'unknown'; length: number }
}

const ext = (r: ByteReader, maker: SpanMaker, host: 'encrypted_extensions' | 'certificate' | 'certificate_request' | 'new_session_ticket', source: string, spans: Span[]): ExtensionFacts => {
  const facts = emptyFacts()
  const v = vector(r, 2, maker, 'Extensions', source)
  const inner = parseExtensions(v.body, host, maker, facts)
  spans.push(maker.span(v.start - 2, 2 + v.length, 'Extensions', `${facts.list.length} extensions`, undefined, [v.lengthSpan, ...inner]))
  return facts
}

export function parseEncryptedExtensions(r: ByteReader, maker: SpanMaker, spans: Span[], out: MessageFacts): void {
  const facts = ext(r, maker, 'encrypted_extensions', 'RFC 8446 §4.3.1', spans)
  out.encryptedExtensions = { extensions: facts.list, alpn: facts.alpn[0] ?? null, serverName: facts.list.some((e) => e.type === 0) }
}

function signatureSpans(r: ByteReader, maker: SpanMaker, spans: Span[], source: string): { scheme: number; signature: Uint8Array } {
  const scheme = r.u16('signature scheme')
  const info = signatureSchemeInfo(scheme)
  spans.push(maker.span(r.pos - 2, 2, 'Signature scheme', `${info.name} (${u16Hex(scheme)})`, info.rfc ? `Defined in ${info.rfc}.` : undefined))
  const sig = vector(r, 2, maker, 'Signature', source)
  spans.push(sig.lengthSpan, maker.span(sig.start, sig.length, 'Signature', maker.hex(sig.start, sig.length)))
  return { scheme, signature: maker.bytes.slice(sig.start, sig.start + sig.length) }
}

export function parseCertificate(r: ByteReader, maker: SpanMaker, spans: Span[], out: MessageFacts, tls13: boolean): void {
  const source = tls13 ? 'RFC 8446 §4.4.2' : 'RFC 5246 §7.4.2'
  if (tls13) {
    const ctx = vector(r, 1, maker, 'Certificate request context', source)
    spans.push(maker.span(ctx.start - 1, 1 + ctx.length, 'Request context', ctx.length ? maker.hex(ctx.start, ctx.length) : 'empty', 'Empty for the server\'s certificate; echoes a CertificateRequest\'s context otherwise.'))
  }
  const list = vector(r, 3, maker, 'Certificate list', source)
  spans.push(list.lengthSpan)
  const certs: Uint8Array[] = []
  const names: (string | null)[] = []
  while (list.body.remaining > 0 && certs.length < HANDSHAKE_LIMITS.certificates) {
    const at = list.body.pos
    const der = vector(list.body, 3, maker, 'Certificate', source)
    certs.push(maker.bytes.slice(der.start, der.start + der.length))
    const n = certs.length
    const subject = subjectName(certs[n - 1]!)
    names.push(subject)
    const children: Span[] = [der.lengthSpan, maker.span(der.start, der.length, 'cert_data (DER X.509)', `${der.length} bytes`, 'The certificate as DER (RFC 5280); open it in the Certificates tab.')]
    if (tls13) {
      const e = vector(list.body, 2, maker, 'Certificate extensions', source)
      children.push(maker.span(e.start - 2, 2 + e.length, 'Extensions', e.length ? `${e.length} bytes (OCSP status, SCTs)` : 'none'))
    }
    spans.push(maker.span(at, list.body.pos - at, n === 1 ? 'Certificate 1 (leaf: the server\'s own)' : `Certificate ${n} (issuer of ${n - 1})`, `${subject ? `${subject}, ` : ''}${der.length} bytes`, n === 1 ? 'The end-entity certificate: the name and public key of the server. The rest of the list should lead to a trusted root.' : 'An intermediate CA that signed the certificate before it.', children))
  }
  if (list.body.remaining > 0) maker.find('warning', 'TOO_MANY_CERTIFICATES', `More than ${HANDSHAKE_LIMITS.certificates} certificates; the rest are not read.`, source)
  out.certificates = certs
  out.certificateNames = names
}

export function parseCertificateRequest(r: ByteReader, maker: SpanMaker, spans: Span[], tls13: boolean): void {
  if (tls13) {
    const ctx = vector(r, 1, maker, 'Certificate request context', 'RFC 8446 §4.3.2')
    spans.push(maker.span(ctx.start - 1, 1 + ctx.length, 'Request context', ctx.length ? maker.hex(ctx.start, ctx.length) : 'empty'))
    ext(r, maker, 'certificate_request', 'RFC 8446 §4.3.2', spans)
    return
  }
  const types = vector(r, 1, maker, 'Certificate types', 'RFC 5246 §7.4.4')
  spans.push(maker.span(types.start - 1, 1 + types.length, 'Certificate types', [...maker.bytes.subarray(types.start, types.start + types.length)].map((t) => ({ 1: 'rsa_sign', 2: 'dss_sign', 64: 'ecdsa_sign' })[t] ?? String(t)).join(', ')))
  const algs = vector(r, 2, maker, 'Signature algorithms', 'RFC 5246 §7.4.4')
  spans.push(maker.span(algs.start - 2, 2 + algs.length, 'Signature algorithms', `${algs.length / 2} schemes`))
  const cas = vector(r, 2, maker, 'Certificate authorities', 'RFC 5246 §7.4.4')
  spans.push(maker.span(cas.start - 2, 2 + cas.length, 'Certificate authorities', `${cas.length} bytes of distinguished names`))
}

export function parseCertificateVerify(r: ByteReader, maker: SpanMaker, spans: Span[], out: MessageFacts): void {
  const { scheme, signature } = signatureSpans(r, maker, spans, 'RFC 8446 §4.4.3')
  out.certificateVerify = { scheme, schemeName: signatureSchemeInfo(scheme).name, signature }
}

export function parseFinished(r: ByteReader, maker: SpanMaker, spans: Span[], out: MessageFacts): void {
  const n = r.remaining
  const at = r.pos
  const data = maker.bytes.slice(at, at + n)
  r.take(n)
  spans.push(maker.span(at, n, 'verify_data', maker.hex(at, n, 64), 'An HMAC over the hash of every handshake message so far, keyed from this side\'s traffic secret: proves the handshake was not tampered with (RFC 8446 §4.4.4; 12 bytes from the PRF in TLS 1.2, RFC 5246 §7.4.9).'))
  out.finished = { verifyData: data }
}

export function parseNewSessionTicket(r: ByteReader, maker: SpanMaker, spans: Span[], out: MessageFacts, tls13: boolean): void {
  const lifetime = r.u32('ticket lifetime')
  spans.push(maker.span(r.pos - 4, 4, tls13 ? 'Ticket lifetime' : 'Ticket lifetime hint', `${lifetime} s`, 'How long the client may keep the ticket (at most 7 days in TLS 1.3, RFC 8446 §4.6.1).'))
  let ageAdd = 0
  if (tls13) {
    ageAdd = r.u32('ticket age add')
    spans.push(maker.span(r.pos - 4, 4, 'Ticket age add', String(ageAdd), 'A random number the client adds to the ticket\'s age when it offers it, so the age does not link connections.'))
    const nonce = vector(r, 1, maker, 'Ticket nonce', 'RFC 8446 §4.6.1')
    spans.push(maker.span(nonce.start - 1, 1 + nonce.length, 'Ticket nonce', maker.hex(nonce.start, nonce.length), 'Makes each ticket\'s PSK different: PSK = HKDF-Expand-Label(resumption_master_secret, "resumption", nonce).'))
  }
  const ticket = vector(r, 2, maker, 'Ticket', tls13 ? 'RFC 8446 §4.6.1' : 'RFC 5077 §3.3')
  spans.push(maker.span(ticket.start - 2, 2 + ticket.length, 'Ticket', `${ticket.length} bytes`, 'Opaque to the client: the server\'s encrypted session state, offered back in pre_shared_key to resume.'))
  if (tls13 && r.remaining >= 2) ext(r, maker, 'new_session_ticket', 'RFC 8446 §4.6.1', spans)
  out.newSessionTicket = { lifetime, ageAdd }
}

export function parseKeyUpdate(r: ByteReader, maker: SpanMaker, spans: Span[], out: MessageFacts): void {
  const v = r.u8('request_update')
  spans.push(maker.span(r.pos - 1, 1, 'request_update', v === 1 ? 'update_requested' : v === 0 ? 'update_not_requested' : `invalid (${v})`, 'The sender now encrypts with the next traffic secret; update_requested asks the peer to do the same (RFC 8446 §4.6.3).'))
  if (v > 1) maker.find('error', 'ILLEGAL_PARAMETER', `KeyUpdate request_update is ${v}; only 0 and 1 exist.`, 'RFC 8446 §4.6.3')
  out.keyUpdate = { updateRequested: v === 1 }
}

const suiteKx = (suite: number | undefined): 'ecdhe' | 'dhe' | 'rsa' | undefined => {
  const name = suite === undefined ? undefined : CIPHER_SUITES.get(suite)?.iana
  if (!name) return undefined
  if (/^TLS_ECDHE_/.test(name)) return 'ecdhe'
  if (/^TLS_DHE_/.test(name)) return 'dhe'
  if (/^TLS_RSA_WITH/.test(name)) return 'rsa'
  return undefined
}

export function parseServerKeyExchange(r: ByteReader, maker: SpanMaker, spans: Span[], out: MessageFacts, suite?: number): void {
  const kx = suiteKx(suite) ?? (maker.bytes[r.pos] === 3 ? 'ecdhe' : 'dhe')
  if (kx === 'ecdhe') {
    const curveType = r.u8('curve type')
    spans.push(maker.span(r.pos - 1, 1, 'Curve type', curveType === 3 ? 'named_curve (3)' : String(curveType), 'RFC 8422 §5.4: only named curves remain.'))
    const group = r.u16('named curve')
    const info = groupInfo(group)
    spans.push(maker.span(r.pos - 2, 2, 'Named curve', `${info.name} (${u16Hex(group)})`, `The group for this ephemeral ECDH exchange (${info.rfc || 'RFC 8422'}).`))
    const point = vector(r, 1, maker, 'Public key', 'RFC 8422 §5.4')
    spans.push(point.lengthSpan, maker.span(point.start, point.length, 'Server ephemeral public key', maker.hex(point.start, point.length), 'A fresh ECDH public key: forward secrecy comes from throwing its private half away after the handshake.'))
    const sig = r.remaining > 0 ? signatureSpans(r, maker, spans, 'RFC 5246 §7.4.3') : null
    if (sig) spans[spans.length - 1]!.explain = 'The server signs both randoms and these parameters with its certificate\'s key (RFC 8422 §5.4), proving the key share is its own.'
    out.serverKeyExchange = { kind: 'ecdhe', group, publicKeyLength: point.length, scheme: sig?.scheme ?? null }
    return
  }
  const names: [string, string][] = [['dh_p', 'The prime modulus'], ['dh_g', 'The generator'], ['dh_Ys', 'The server\'s ephemeral public value']]
  let ys = 0
  for (const [name, words] of names) {
    const v = vector(r, 2, maker, name, 'RFC 5246 §7.4.3')
    spans.push(maker.span(v.start - 2, 2 + v.length, name, `${v.length} bytes`, `${words} of finite-field Diffie-Hellman (RFC 5246 §7.4.3).`))
    ys = v.length
  }
  const sig = r.remaining > 0 ? signatureSpans(r, maker, spans, 'RFC 5246 §7.4.3') : null
  out.serverKeyExchange = { kind: 'dhe', group: null, publicKeyLength: ys, scheme: sig?.scheme ?? null }
}

export function parseClientKeyExchange(r: ByteReader, maker: SpanMaker, spans: Span[], out: MessageFacts, suite?: number): void {
  const n = r.remaining
  const kx = suiteKx(suite) ?? (n > 0 && maker.bytes[r.pos] === n - 1 ? 'ecdhe' : n >= 2 ? 'rsa' : undefined)
  if (kx === 'ecdhe') {
    const point = vector(r, 1, maker, 'Public key', 'RFC 8422 §5.7')
    spans.push(point.lengthSpan, maker.span(point.start, point.length, 'Client ephemeral public key', maker.hex(point.start, point.length), 'The client\'s ECDH public key; with the server\'s it gives both sides the premaster secret (RFC 8422 §5.7).'))
    out.clientKeyExchange = { kind: 'ecdhe', length: point.length }
    return
  }
  if (kx === 'rsa' || kx === 'dhe') {
    const v = vector(r, 2, maker, kx === 'rsa' ? 'Encrypted premaster secret' : 'dh_Yc', 'RFC 5246 §7.4.7')
    spans.push(v.lengthSpan, maker.span(v.start, v.length, kx === 'rsa' ? 'Encrypted premaster secret' : 'dh_Yc', `${v.length} bytes`, kx === 'rsa' ? 'The premaster secret encrypted to the server\'s RSA key: no forward secrecy (RFC 5246 §7.4.7.1).' : 'The client\'s finite-field DH public value (RFC 5246 §7.4.7.2).'))
    out.clientKeyExchange = { kind: kx, length: v.length }
    return
  }
  out.clientKeyExchange = { kind: 'unknown', length: n }
}
