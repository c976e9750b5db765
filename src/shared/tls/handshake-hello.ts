// ClientHello and ServerHello (and HelloRetryRequest, a ServerHello with a special random) read field by field:
// RFC 8446 §4.1.2–4.1.4, RFC 5246 §7.4.1 for TLS 1.2 peers.
import { ByteReader, toHex } from '../bytes'
import type { Span } from '../dissect/span'
import { cipherSuiteName } from './cipher-suites'
import { type ExtensionFacts, cipherSuiteSpans, emptyFacts, parseExtensions } from './handshake-extensions'
import { type SpanMaker, u16Hex, vector } from './handshake-spans'
import { HRR_RANDOM } from './records'
import { isGrease, protocolVersionName } from './tls-names'

export interface ClientHelloInfo {
  legacyVersion: number
  random: Uint8Array
  sessionId: Uint8Array
  cipherSuites: number[]
  extensions: { type: number; name: string; grease: boolean; length: number }[]
  serverName: string | null
  alpn: string[]
  groups: number[]
  keyShares: { group: number; length: number }[]
  signatureSchemes: number[]
  supportedVersions: number[]
  pskModes: number[]
  hasPsk: boolean
  /** Any GREASE value anywhere (suites, extensions, groups, versions, key shares). */
  grease?: boolean
  /** An encrypted_client_hello extension (real or GREASE ECH). */
  ech?: boolean
}

export interface ServerHelloInfo {
  helloRetryRequest: boolean
  legacyVersion: number
  /** The version selected (supported_versions), else legacy_version. */
  version: number
  random: Uint8Array
  sessionId?: Uint8Array
  cipherSuite: number
  keyShareGroup: number | null
  hasPsk: boolean
  extensions: { type: number; name: string; length: number }[]
  /** ServerHello.random ends in RFC 8446 §4.1.3's downgrade sentinel. */
  downgrade?: 'tls12' | 'tls11'
}

const DOWNGRADE = { tls12: '444f574e47524401', tls11: '444f574e47524400' }

function versionSpan(maker: SpanMaker, at: number, v: number, who: 'client' | 'server'): Span {
  const explain =
    v === 0x0303
      ? `legacy_version: frozen at TLS 1.2 (0x0303) since TLS 1.3, so old middleboxes let the handshake through; the ${who === 'client' ? 'versions on offer are' : 'version chosen is'} in supported_versions (RFC 8446 §4.1.2, §4.2.1).`
      : `The ${who === 'client' ? 'highest version the client supports' : 'version the server chose'} (RFC 5246 §7.4.1.2).`
  return maker.span(at, 2, 'Version', `${protocolVersionName(v)} (${u16Hex(v)})`, explain)
}

function sessionIdSpans(r: ByteReader, maker: SpanMaker, source: string): { spans: Span[]; id: Uint8Array } {
  const v = vector(r, 1, maker, 'Session ID', source)
  const id = maker.bytes.slice(v.start, v.start + v.length)
  const spans = [v.lengthSpan]
  if (v.length > 32) maker.find('error', 'BAD_LENGTH', `The session ID is ${v.length} bytes; at most 32 are allowed.`, source, { offset: v.start, length: v.length })
  if (v.length) spans.push(maker.span(v.start, v.length, 'Session ID', toHex(id, ''), 'legacy_session_id: in TLS 1.3 a random value kept for middlebox compatibility mode (RFC 8446 §D.4); in TLS 1.2 the session to resume.'))
  return { spans, id }
}

/** ClientHello body after the 4-byte header; `r` reads msg with absolute offsets. */
export function parseClientHello(r: ByteReader, maker: SpanMaker, spans: Span[]): ClientHelloInfo {
  const source = 'RFC 8446 §4.1.2'
  const facts = emptyFacts()
  const info: ClientHelloInfo = { legacyVersion: 0, random: new Uint8Array(0), sessionId: new Uint8Array(0), cipherSuites: [], extensions: facts.list, serverName: null, alpn: [], groups: [], keyShares: [], signatureSchemes: [], supportedVersions: [], pskModes: [], hasPsk: false }
  const fill = (): ClientHelloInfo => {
    Object.assign(info, { serverName: facts.serverName, alpn: facts.alpn, groups: facts.groups, keyShares: facts.keyShares, signatureSchemes: facts.signatureSchemes, supportedVersions: facts.supportedVersions, pskModes: facts.pskModes, hasPsk: facts.hasPsk, ech: facts.hasEch })
    info.grease = info.cipherSuites.some(isGrease) || facts.list.some((e) => e.grease) || facts.groups.some(isGrease) || facts.supportedVersions.some(isGrease) || facts.keyShares.some((k) => isGrease(k.group))
    return info
  }
  try {
    info.legacyVersion = r.u16('version')
    spans.push(versionSpan(maker, r.pos - 2, info.legacyVersion, 'client'))
    info.random = maker.bytes.slice(r.pos, r.pos + 32)
    r.take(32, 'random')
    spans.push(maker.span(r.pos - 32, 32, 'Random', toHex(info.random, ''), '32 bytes from a secure random generator: makes every handshake\'s keys unique and defeats replay (RFC 8446 §4.1.2).'))
    const sid = sessionIdSpans(r, maker, source)
    info.sessionId = sid.id
    spans.push(...sid.spans)
    const suites = vector(r, 2, maker, 'Cipher suites', source)
    const suiteSpans = cipherSuiteSpans(suites.body, maker, info.cipherSuites)
    spans.push(maker.span(suites.start - 2, 2 + suites.length, 'Cipher suites', `${info.cipherSuites.length} suites`, 'The cipher suites the client offers, most preferred first (RFC 8446 §4.1.2, §B.4).', [suites.lengthSpan, ...suiteSpans]))
    const comp = vector(r, 1, maker, 'Compression methods', source)
    const methods = [...maker.bytes.subarray(comp.start, comp.start + comp.length)]
    spans.push(maker.span(comp.start - 1, 1 + comp.length, 'Compression methods', methods.map((m) => (m === 0 ? 'null' : String(m))).join(', '), 'Compression is gone (CRIME): TLS 1.3 clients send exactly one method, null (0) (RFC 8446 §4.1.2).'))
    if (methods.some((m) => m !== 0)) maker.find('warning', 'COMPRESSION_OFFERED', 'The client offers TLS compression, which leaks secrets (CRIME); TLS 1.3 forbids it.', source, { offset: comp.start, length: comp.length })
    if (r.remaining === 0) return fill()
    const ext = vector(r, 2, maker, 'Extensions', source)
    const extSpans = parseExtensions(ext.body, 'client_hello', maker, facts)
    spans.push(maker.span(ext.start - 2, 2 + ext.length, 'Extensions', `${facts.list.length} extensions`, 'Everything TLS 1.3 negotiates beyond the suite lives here (RFC 8446 §4.2).', [ext.lengthSpan, ...extSpans]))
    const last = facts.list[facts.list.length - 1]
    if (facts.hasPsk && last?.type !== 41) maker.find('error', 'PSK_NOT_LAST', 'pre_shared_key must be the last extension of the ClientHello.', 'RFC 8446 §4.2.11')
    if (facts.supportedVersions.includes(0x0304) && !facts.list.some((e) => e.type === 51)) maker.find('warning', 'NO_KEY_SHARE', 'TLS 1.3 is offered without a key_share extension; the server must answer with a HelloRetryRequest or use a PSK only.', 'RFC 8446 §4.2.8')
  } catch (err) {
    maker.find('error', 'TRUNCATED', `The ClientHello is cut off: ${err instanceof Error ? err.message : String(err)}`, source, { offset: 0, length: maker.bytes.length })
  }
  return fill()
}

export function parseServerHello(r: ByteReader, maker: SpanMaker, spans: Span[]): ServerHelloInfo {
  const source = 'RFC 8446 §4.1.3'
  const facts = emptyFacts()
  const info: ServerHelloInfo = { helloRetryRequest: false, legacyVersion: 0, version: 0, random: new Uint8Array(0), cipherSuite: 0, keyShareGroup: null, hasPsk: false, extensions: [] }
  try {
    info.legacyVersion = r.u16('version')
    info.version = info.legacyVersion
    spans.push(versionSpan(maker, r.pos - 2, info.legacyVersion, 'server'))
    info.random = maker.bytes.slice(r.pos, r.pos + 32)
    r.take(32, 'random')
    const randomHex = toHex(info.random, '')
    info.helloRetryRequest = randomHex === HRR_RANDOM
    const tail = randomHex.slice(48)
    if (tail === DOWNGRADE.tls12) info.downgrade = 'tls12'
    if (tail === DOWNGRADE.tls11) info.downgrade = 'tls11'
    spans.push(
      maker.span(
        r.pos - 32,
        32,
        'Random',
        info.helloRetryRequest ? 'SHA-256("HelloRetryRequest")' : randomHex,
        info.helloRetryRequest
          ? 'Not random: this fixed value marks the message as a HelloRetryRequest, asking the client to try again with other parameters (RFC 8446 §4.1.3, §4.1.4).'
          : info.downgrade
            ? 'Ends in the downgrade sentinel "DOWNGRD": a TLS 1.3 server negotiated an older version (RFC 8446 §4.1.3).'
            : '32 random bytes from the server; with the client\'s they make this session\'s keys unique (RFC 8446 §4.1.3).'
      )
    )
    const sid = sessionIdSpans(r, maker, source)
    info.sessionId = sid.id
    spans.push(...sid.spans)
    info.cipherSuite = r.u16('cipher suite')
    spans.push(maker.span(r.pos - 2, 2, 'Cipher suite', `${cipherSuiteName(info.cipherSuite)} (${u16Hex(info.cipherSuite)})`, 'The one suite the server chose from the client\'s list (RFC 8446 §4.1.3).'))
    const comp = r.u8('compression method')
    spans.push(maker.span(r.pos - 1, 1, 'Compression method', comp === 0 ? 'null' : String(comp), 'Always null (0) in TLS 1.3.'))
    if (r.remaining > 0) {
      const ext = vector(r, 2, maker, 'Extensions', source)
      const extSpans = parseExtensions(ext.body, info.helloRetryRequest ? 'hello_retry_request' : 'server_hello', maker, facts)
      spans.push(maker.span(ext.start - 2, 2 + ext.length, 'Extensions', `${facts.list.length} extensions`, facts.selectedVersion === 0x0304 ? 'A TLS 1.3 ServerHello carries only what the key schedule needs (supported_versions, key_share, pre_shared_key); the rest comes encrypted in EncryptedExtensions (RFC 8446 §4.1.3).' : 'The server\'s answers to the client\'s extensions, in clear (RFC 5246 §7.4.1.4).', [ext.lengthSpan, ...extSpans]))
    }
  } catch (err) {
    maker.find('error', 'TRUNCATED', `The ServerHello is cut off: ${err instanceof Error ? err.message : String(err)}`, source, { offset: 0, length: maker.bytes.length })
  }
  info.extensions = facts.list.map(({ type, name, length }) => ({ type, name, length }))
  if (facts.selectedVersion !== null) info.version = facts.selectedVersion
  info.keyShareGroup = facts.keyShareGroup
  info.hasPsk = facts.hasPsk
  return info
}

export type { ExtensionFacts }
