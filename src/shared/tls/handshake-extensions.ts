// Hello extensions read field by field (RFC 8446 §4.2 and the RFCs each extension comes from): the spans a learner
// clicks through and the facts the walkthrough needs (SNI, ALPN, groups, key shares, versions, PSK modes, GREASE).
import { ByteReader } from '../bytes'
import type { Span } from '../dissect/span'
import { CIPHER_SUITES, cipherSuiteName } from './cipher-suites'
import { HANDSHAKE_LIMITS, type SpanMaker, guarded, u16Hex, vector } from './handshake-spans'
import { certCompressionName, ecPointFormatName, extensionInfo, groupInfo, isGrease, protocolVersionName, pskModeName, signatureSchemeInfo } from './tls-names'

export type ExtensionHost = 'client_hello' | 'server_hello' | 'hello_retry_request' | 'encrypted_extensions' | 'certificate' | 'certificate_request' | 'new_session_ticket'

export interface ExtensionFacts {
  list: { type: number; name: string; grease: boolean; length: number }[]
  serverName: string | null
  alpn: string[]
  groups: number[]
  keyShares: { group: number; length: number }[]
  signatureSchemes: number[]
  supportedVersions: number[]
  pskModes: number[]
  hasPsk: boolean
  /** ServerHello / HRR: the version selected in supported_versions. */
  selectedVersion: number | null
  /** ServerHello: the key share's group; HRR: the group the server asks for. */
  keyShareGroup: number | null
  hasCookie: boolean
  hasEch: boolean
}

export const emptyFacts = (): ExtensionFacts => ({
  list: [],
  serverName: null,
  alpn: [],
  groups: [],
  keyShares: [],
  signatureSchemes: [],
  supportedVersions: [],
  pskModes: [],
  hasPsk: false,
  selectedVersion: null,
  keyShareGroup: null,
  hasCookie: false,
  hasEch: false
})

/** What each extension is for, in words (the span's explanation). */
const WORDS: Record<number, string> = {
  0: 'Server Name Indication: the host name the client wants, so one address can serve many sites and pick the right certificate. Sent in clear text (ECH hides it).',
  1: 'Asks for smaller records (512–4096 bytes) for constrained clients.',
  5: 'Asks the server to staple an OCSP response proving its certificate is not revoked.',
  10: 'The key-exchange groups the client supports, most preferred first (elliptic curves, finite-field groups, post-quantum hybrids).',
  11: 'The elliptic-curve point formats the client can read (TLS 1.2 and below; TLS 1.3 uses uncompressed only).',
  13: 'The signature algorithms the client accepts in CertificateVerify (and, without signature_algorithms_cert, in certificates).',
  16: 'Application-Layer Protocol Negotiation: the protocols the client can speak over this connection (h2, http/1.1); the server picks one.',
  18: 'Asks for Certificate Transparency signed certificate timestamps.',
  21: 'Filler bytes that pad the ClientHello to a size some middleboxes handle better.',
  22: 'TLS 1.2: MAC the ciphertext instead of the plaintext for CBC suites.',
  23: 'TLS 1.2: binds the master secret to the whole handshake, closing the triple-handshake attack.',
  27: 'Certificate compression algorithms the client accepts (the Certificate message can be large).',
  28: 'The largest record the client is willing to receive.',
  35: 'TLS 1.2 session ticket: empty to ask for one, or a ticket to resume with.',
  41: 'Pre-shared key identities (session tickets) offered for resumption, with binders that prove the client holds the key. Always the last extension.',
  42: 'The client will send (or the server accepts) 0-RTT early data.',
  43: 'The TLS versions on offer. In TLS 1.3 the real version lives here; the legacy_version field stays 0x0303.',
  44: 'A cookie from a HelloRetryRequest, echoed back so the server can stay stateless.',
  45: 'How a pre-shared key may be used: psk_dhe_ke keeps forward secrecy by also doing (EC)DHE.',
  47: 'The certificate authorities the sender trusts, to help the peer choose a certificate.',
  49: 'The client may answer a CertificateRequest after the handshake.',
  50: 'Signature algorithms accepted inside certificates, when they differ from signature_algorithms.',
  51: 'Key shares: public keys for the groups the client guesses the server will pick, so the handshake finishes in one round trip.',
  57: 'QUIC transport parameters carried in the TLS handshake.',
  65037: 'Encrypted Client Hello: the real ClientHello encrypted to the server\'s public key (or GREASE ECH that looks like it).',
  65281: 'Secure renegotiation: proves both sides agree on any earlier handshake on this connection.'
}

const GREASE_WORDS = 'GREASE: a reserved value sent on purpose so servers that choke on unknown values are found early; peers must ignore it.'

function listOfU16(body: ByteReader, maker: SpanMaker, label: (v: number) => { name: string; rfc: string; grease: boolean }, item: string, out: number[]): Span[] {
  const spans: Span[] = []
  while (body.remaining >= 2 && out.length < HANDSHAKE_LIMITS.listItems) {
    const at = body.pos
    const v = body.u16()
    out.push(v)
    if (!maker.room) continue
    const info = label(v)
    spans.push(maker.span(at, 2, info.grease ? `${item}: GREASE` : `${item}: ${info.name}`, `${u16Hex(v)}${info.grease ? ' (GREASE, ignored)' : ''}`, info.grease ? GREASE_WORDS : info.rfc ? `Defined in ${info.rfc}.` : 'Not in the IANA registry.'))
  }
  if (body.remaining === 1) maker.find('error', 'BAD_LENGTH', `A list of 2-byte ${item} values has an odd length.`, 'RFC 8446 §4.2', { offset: body.pos, length: 1 })
  if (body.remaining >= 2) maker.find('warning', 'LIST_CAPPED', `Only the first ${HANDSHAKE_LIMITS.listItems} ${item} values are read; ${body.remaining >> 1} more follow.`, 'RFC 8446 §4.2', { offset: body.pos, length: body.remaining })
  return spans
}

const text = (bytes: Uint8Array): string => new TextDecoder('utf-8', { fatal: false }).decode(bytes)

/** The body of one extension: spans under it and facts recorded. */
/** ALPN outside the ClientHello (in EncryptedExtensions, or TLS 1.2's ServerHello) is the server's answer, not an offer. */
const ALPN_CHOICE_WORDS = "Application-Layer Protocol Negotiation: the server's choice — exactly one protocol, taken from the client's list — that this connection now speaks."

function extensionBody(type: number, host: ExtensionHost, r: ByteReader, maker: SpanMaker, facts: ExtensionFacts): { spans: Span[]; value?: string } {
  const source = extensionInfo(type).rfc || 'RFC 8446 §4.2'
  const spans: Span[] = []
  const hello = host === 'client_hello'
  switch (type) {
    case 0: {
      if (r.remaining === 0) return { spans, value: 'acknowledged (empty)' }
      const list = vector(r, 2, maker, 'Server name list', source)
      spans.push(list.lengthSpan)
      const names: string[] = []
      while (list.body.remaining >= 3 && names.length < 16) {
        const at = list.body.pos
        const kind = list.body.u8()
        const name = vector(list.body, 2, maker, 'Host name', source)
        const host = text(maker.bytes.subarray(name.start, name.start + name.length))
        names.push(host)
        if (kind === 0 && facts.serverName === null) facts.serverName = host
        spans.push(maker.span(at, 3 + name.length, 'Server name', host, 'RFC 6066 §3: name_type 0 is host_name, an ASCII DNS name without a trailing dot.', [maker.span(at, 1, 'Name type', kind === 0 ? '0 (host_name)' : String(kind)), name.lengthSpan, maker.span(name.start, name.length, 'Host name', host)]))
      }
      return { spans, value: names.join(', ') }
    }
    case 10: {
      const list = vector(r, 2, maker, 'Named group list', source)
      spans.push(list.lengthSpan, ...listOfU16(list.body, maker, groupInfo, 'Group', facts.groups))
      return { spans, value: facts.groups.filter((g) => !isGrease(g)).map((g) => groupInfo(g).name).join(', ') }
    }
    case 13:
    case 50: {
      const list = vector(r, 2, maker, 'Signature scheme list', source)
      const out: number[] = []
      spans.push(list.lengthSpan, ...listOfU16(list.body, maker, signatureSchemeInfo, 'Scheme', out))
      if (type === 13 && hello) facts.signatureSchemes.push(...out)
      return { spans, value: `${out.length} schemes` }
    }
    case 16: {
      const list = vector(r, 2, maker, 'Protocol name list', source)
      spans.push(list.lengthSpan)
      const protocols: string[] = []
      while (list.body.remaining >= 1 && protocols.length < 64) {
        const p = vector(list.body, 1, maker, 'Protocol', source)
        const name = text(maker.bytes.subarray(p.start, p.start + p.length))
        protocols.push(name)
        spans.push(maker.span(p.start - 1, 1 + p.length, 'Protocol', name, name === 'h2' ? 'HTTP/2 over TLS (RFC 9113 §3.2).' : name === 'http/1.1' ? 'HTTP/1.1 (RFC 9112).' : undefined))
      }
      facts.alpn.push(...protocols)
      return { spans, value: protocols.join(', ') }
    }
    case 43: {
      if (hello) {
        const list = vector(r, 1, maker, 'Version list', source)
        spans.push(list.lengthSpan, ...listOfU16(list.body, maker, (v) => ({ name: protocolVersionName(v), rfc: 'RFC 8446 §4.2.1', grease: isGrease(v) }), 'Version', facts.supportedVersions))
        return { spans, value: facts.supportedVersions.map(protocolVersionName).join(', ') }
      }
      const v = r.u16('selected version')
      facts.selectedVersion = v
      spans.push(maker.span(r.pos - 2, 2, 'Selected version', protocolVersionName(v), 'RFC 8446 §4.2.1: the version the server chose; TLS 1.3 is negotiated only here.'))
      return { spans, value: protocolVersionName(v) }
    }
    case 45: {
      const list = vector(r, 1, maker, 'PSK mode list', source)
      spans.push(list.lengthSpan)
      while (list.body.remaining >= 1 && facts.pskModes.length < 64) {
        const m = list.body.u8()
        facts.pskModes.push(m)
        spans.push(maker.span(list.body.pos - 1, 1, 'Mode', pskModeName(m)))
      }
      return { spans, value: facts.pskModes.map(pskModeName).join(', ') }
    }
    case 51: {
      const share = (b: ByteReader): void => {
        const at = b.pos
        const group = b.u16('group')
        const info = groupInfo(group)
        const key = vector(b, 2, maker, 'Key exchange', source)
        if (hello) facts.keyShares.push({ group, length: key.length })
        else facts.keyShareGroup = group
        const words = info.grease ? GREASE_WORDS : info.kind === 'pq-hybrid' ? 'A post-quantum hybrid share: an ML-KEM key (or ciphertext from the server) together with a classical ECDH key, so the secret stays safe if either holds.' : `The ${info.name} public key (${key.length} bytes).`
        spans.push(maker.span(at, 4 + key.length, `Key share: ${info.name}`, `${key.length} bytes`, `${words} (${info.rfc || 'RFC 8446 §4.2.8'})`, [maker.span(at, 2, 'Group', `${info.name} (${u16Hex(group)})`, info.grease ? GREASE_WORDS : info.rfc), key.lengthSpan, maker.span(key.start, key.length, 'Key exchange', maker.hex(key.start, key.length))]))
      }
      if (hello) {
        const list = vector(r, 2, maker, 'Client shares', source)
        spans.push(list.lengthSpan)
        while (list.body.remaining >= 4 && facts.keyShares.length < 64) share(list.body)
        return { spans, value: facts.keyShares.map((k) => groupInfo(k.group).name).join(', ') }
      }
      if (host === 'hello_retry_request') {
        const group = r.u16('selected group')
        facts.keyShareGroup = group
        spans.push(maker.span(r.pos - 2, 2, 'Selected group', `${groupInfo(group).name} (${u16Hex(group)})`, 'RFC 8446 §4.2.8: the server asks the client to retry with a key share for this group.'))
        return { spans, value: `retry with ${groupInfo(group).name}` }
      }
      share(r)
      return { spans, value: facts.keyShareGroup === null ? undefined : groupInfo(facts.keyShareGroup).name }
    }
    case 41: {
      facts.hasPsk = true
      if (!hello) {
        const id = r.u16('selected identity')
        spans.push(maker.span(r.pos - 2, 2, 'Selected identity', String(id), 'RFC 8446 §4.2.11: the server accepted this PSK: the session is resumed.'))
        return { spans, value: `identity ${id} accepted` }
      }
      const ids = vector(r, 2, maker, 'Identities', source)
      spans.push(ids.lengthSpan)
      let count = 0
      while (ids.body.remaining >= 2 && count++ < 32) {
        const id = vector(ids.body, 2, maker, 'Identity', source)
        const age = ids.body.u32('obfuscated ticket age')
        spans.push(maker.span(id.start - 2, 2 + id.length + 4, 'PSK identity', `${id.length}-byte ticket`, 'A session ticket from an earlier connection, and its age masked with ticket_age_add.', [id.lengthSpan, maker.span(id.start, id.length, 'Identity', maker.hex(id.start, id.length)), maker.span(id.start + id.length, 4, 'Obfuscated ticket age', String(age))]))
      }
      const binders = vector(r, 2, maker, 'Binders', source)
      spans.push(binders.lengthSpan, maker.span(binders.start, binders.length, 'Binders', maker.hex(binders.start, binders.length), 'HMACs over the ClientHello so far, keyed from the PSK (RFC 8446 §4.2.11.2).'))
      return { spans, value: `${count} identit${count === 1 ? 'y' : 'ies'}` }
    }
    case 44: {
      facts.hasCookie = true
      const c = vector(r, 2, maker, 'Cookie', source)
      spans.push(c.lengthSpan, maker.span(c.start, c.length, 'Cookie', maker.hex(c.start, c.length)))
      return { spans, value: `${c.length} bytes` }
    }
    case 11: {
      const list = vector(r, 1, maker, 'Point formats', source)
      spans.push(list.lengthSpan)
      const names: string[] = []
      while (list.body.remaining >= 1 && names.length < 16) names.push(ecPointFormatName(list.body.u8()))
      return { spans, value: names.join(', ') }
    }
    case 27: {
      const list = vector(r, 1, maker, 'Algorithms', source)
      spans.push(list.lengthSpan)
      const names: string[] = []
      while (list.body.remaining >= 2 && names.length < 16) names.push(certCompressionName(list.body.u16()))
      return { spans, value: names.join(', ') }
    }
    case 28:
      if (r.remaining >= 2) return { spans, value: `${r.u16()} bytes` }
      break
    case 42:
      if (host === 'new_session_ticket' && r.remaining >= 4) return { spans, value: `up to ${r.u32()} bytes of early data` }
      break
    case 21: {
      const n = r.remaining
      r.take(n)
      return { spans, value: `${n} bytes` }
    }
    case 65037:
      facts.hasEch = true
      break
    case 65281:
      if (r.remaining >= 1) {
        const v = vector(r, 1, maker, 'Renegotiated connection', source)
        return { spans, value: v.length === 0 ? 'initial handshake (empty)' : `${v.length} bytes` }
      }
      break
  }
  return { spans }
}

/** Reads an extensions block (the contents of its length-prefixed vector). */
export function parseExtensions(r: ByteReader, host: ExtensionHost, maker: SpanMaker, facts: ExtensionFacts): Span[] {
  const spans: Span[] = []
  const seen = new Set<number>()
  while (r.remaining > 0) {
    if (facts.list.length >= HANDSHAKE_LIMITS.extensions) {
      maker.find('warning', 'TOO_MANY_EXTENSIONS', `More than ${HANDSHAKE_LIMITS.extensions} extensions; the rest are not shown.`, 'RFC 8446 §4.2', { offset: r.pos, length: r.remaining })
      break
    }
    const at = r.pos
    if (r.remaining < 4) {
      maker.find('error', 'TRUNCATED', `${r.remaining} stray bytes where an extension header (4 bytes) should be.`, 'RFC 8446 §4.2', { offset: at, length: r.remaining })
      spans.push(maker.span(at, r.remaining, 'Stray bytes'))
      r.take(r.remaining)
      break
    }
    const type = r.u16()
    const declared = r.u16()
    const length = Math.min(declared, r.remaining)
    const info = extensionInfo(type)
    facts.list.push({ type, name: info.name, grease: info.grease, length: declared })
    if (declared > length) maker.find('error', 'TRUNCATED', `Extension ${info.name} declares ${declared} bytes but only ${length} follow.`, 'RFC 8446 §4.2', { offset: at, length: 4 + length })
    if (seen.has(type) && !info.grease) maker.find('error', 'DUPLICATE_EXTENSION', `Extension ${info.name} appears twice; a peer must reject this.`, 'RFC 8446 §4.2', { offset: at, length: 4 + length })
    seen.add(type)
    const body = r.sub(length)
    let inner: { spans: Span[]; value?: string } = { spans: [] }
    guarded(maker, `Extension ${info.name}`, info.rfc || 'RFC 8446 §4.2', { offset: at, length: 4 + length }, () => {
      inner = extensionBody(type, host, body, maker, facts)
    })
    if (body.remaining > 0 && inner.spans.length > 0) maker.find('warning', 'TRAILING_BYTES', `Extension ${info.name} has ${body.remaining} bytes after its contents.`, info.rfc, { offset: body.pos, length: body.remaining })
    const children = [maker.span(at, 2, 'Type', `${info.name} (${type}, ${u16Hex(type)})`, info.grease ? GREASE_WORDS : undefined), maker.span(at + 2, 2, 'Length', String(declared), "The length of this extension's data in bytes, after this 4-byte header (RFC 8446 §4.2).")]
    if (inner.spans.length) children.push(...inner.spans)
    else if (length > 0) children.push(maker.span(at + 4, length, 'Data', maker.hex(at + 4, length)))
    const words = info.grease ? GREASE_WORDS : type === 16 && host !== 'client_hello' ? ALPN_CHOICE_WORDS : (WORDS[type] ?? (info.known ? '' : 'An extension this parser does not know; it is shown as bytes.'))
    const explain = [words, info.rfc ? `(${info.rfc})` : ''].filter(Boolean).join(' ')
    spans.push(maker.span(at, 4 + length, `Extension: ${info.name}`, inner.value ?? (length === 0 ? 'empty' : `${length} bytes`), explain, children))
  }
  return spans
}

/** The cipher suite list of a ClientHello (RFC 8446 §4.1.2), one span per suite with its IANA and OpenSSL names. */
export function cipherSuiteSpans(body: ByteReader, maker: SpanMaker, out: number[]): Span[] {
  const spans: Span[] = []
  while (body.remaining >= 2 && out.length < HANDSHAKE_LIMITS.listItems) {
    const at = body.pos
    const v = body.u16()
    out.push(v)
    if (!maker.room) continue
    const suite = CIPHER_SUITES.get(v)
    if (isGrease(v)) spans.push(maker.span(at, 2, 'Cipher suite: GREASE', `${u16Hex(v)} (GREASE, ignored)`, GREASE_WORDS))
    else if (!suite) spans.push(maker.span(at, 2, `Cipher suite: ${cipherSuiteName(v)}`, u16Hex(v), 'Not in the IANA TLS Cipher Suites registry.'))
    else {
      const words = v === 0x00ff ? 'Not a real suite: signals secure renegotiation support (RFC 5746 §3.3).' : v === 0x5600 ? 'Not a real suite: says this is a fallback retry, so a server that supports more must refuse (RFC 7507).' : suite.tls13 ? 'A TLS 1.3 suite: names only the AEAD cipher and the hash; key exchange and signatures are negotiated by extensions.' : 'A TLS 1.2-and-earlier suite: names key exchange, authentication, cipher and MAC together.'
      spans.push(maker.span(at, 2, `Cipher suite: ${suite.iana}`, `${u16Hex(v)}${suite.openssl && suite.openssl !== suite.iana ? ` (OpenSSL: ${suite.openssl})` : ''}`, `${words} Defined in ${suite.rfc}.`))
    }
  }
  if (body.remaining === 1) maker.find('error', 'BAD_LENGTH', 'The cipher suite list has an odd length.', 'RFC 8446 §4.1.2', { offset: body.pos, length: 1 })
  if (body.remaining >= 2) maker.find('warning', 'LIST_CAPPED', `Only the first ${HANDSHAKE_LIMITS.listItems} cipher suites are read; ${body.remaining >> 1} more follow.`, 'RFC 8446 §4.1.2', { offset: body.pos, length: body.remaining })
  return spans
}
