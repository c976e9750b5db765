// The scanner's own ClientHello, byte by byte (RFC 8446 §4.1.2, RFC 5246 §7.4.1.2, RFC 6101 §5.6.1.2 for SSL 3.0):
// the scan must ask about any version and suite whatever the local TLS library (Electron's BoringSSL) can speak,
// so every probe is a hello built here, sent on a plain socket, and read by probe-answer.ts.
import { ByteWriter } from '../bytes'
import { WirebenchError } from '../errors'
import { parseIP } from '../x509/ip'
import { CIPHER_SUITES } from './cipher-suites'

export interface ClientHelloSpec {
  /** Highest version offered: for 0x0304 the hello says legacy_version 0x0303 + supported_versions. */
  version: number
  /** supported_versions list (TLS 1.3 style); default: [version] when version is 0x0304, none otherwise. */
  supportedVersions?: number[]
  /** Record layer version (default 0x0301; 0x0300 for SSLv3). */
  recordVersion?: number
  /** cipher_suites, in order (add 0x00ff / 0x5600 yourself when wanted). */
  suites: number[]
  /** Default [0] (null only). */
  compression?: number[]
  /** server_name (omitted for IP literals, RFC 6066 §3). */
  sni?: string
  /** supported_groups; default: a broad list when TLS 1.3 or an ECC suite is offered; [] sends none. */
  groups?: number[]
  /** key_share (TLS 1.3); default for TLS 1.3: an empty list, which asks for a HelloRetryRequest (RFC 8446 §4.2.8). */
  keyShares?: { group: number; key: Uint8Array }[]
  /** signature_algorithms (default from TLS 1.2 on: a broad list incl. legacy SHA-1 pairs); [] sends none. */
  signatureAlgorithms?: number[]
  alpn?: string[]
  /** status_request (OCSP stapling, RFC 6066 §8). */
  statusRequest?: boolean
  /** Empty session_ticket (RFC 5077). */
  sessionTicket?: boolean
  /** Empty renegotiation_info (RFC 5746). */
  renegotiationInfo?: boolean
  extendedMasterSecret?: boolean
  encryptThenMac?: boolean
  /** heartbeat peer_allowed_to_send (RFC 6520). */
  heartbeat?: boolean
  /** Default true when any ECC suite is offered. */
  ecPointFormats?: boolean
  /** Default true for TLS 1.3. */
  pskKeyExchangeModes?: boolean
  /** Default 32 bytes for TLS 1.3 compatibility mode (derived from `random`), empty otherwise. */
  sessionId?: Uint8Array
  /** Caller-supplied randomness (shared code has no random source): the 32-byte ClientHello.random. */
  random?: Uint8Array
  /** Pad (RFC 7685) so the record is at least this long (512 avoids old F5 bugs). */
  padTo?: number
}

export const EXT = {
  serverName: 0,
  statusRequest: 5,
  supportedGroups: 10,
  ecPointFormats: 11,
  signatureAlgorithms: 13,
  heartbeat: 15,
  alpn: 16,
  padding: 21,
  encryptThenMac: 22,
  extendedMasterSecret: 23,
  sessionTicket: 35,
  supportedVersions: 43,
  pskKeyExchangeModes: 45,
  keyShare: 51,
  renegotiationInfo: 0xff01
} as const

/** Groups offered when the caller names none: classical ECDHE first, then RFC 7919 FFDHE (TLS 1.3 only, see below). */
export const DEFAULT_ECC_GROUPS: readonly number[] = [0x001d, 0x0017, 0x0018, 0x0019, 0x001e, 0x001a, 0x001b, 0x001c]
export const DEFAULT_FFDHE_GROUPS: readonly number[] = [0x0100, 0x0101, 0x0102, 0x0103, 0x0104]

/** Every signature scheme a server might sign with, modern first, then the legacy SHA-224 / SHA-1 / DSA pairs a
 *  scanner must offer to learn what an old server uses (RFC 8446 §4.2.3, RFC 5246 §7.4.1.4.1). */
export const DEFAULT_SIGNATURE_ALGORITHMS: readonly number[] = [
  0x0403, 0x0503, 0x0603, 0x0807, 0x0808, 0x081a, 0x081b, 0x081c, 0x0804, 0x0805, 0x0806, 0x0809, 0x080a, 0x080b,
  0x0401, 0x0501, 0x0601, 0x0303, 0x0301, 0x0302, 0x0402, 0x0502, 0x0602, 0x0203, 0x0201, 0x0202
]

const MAX_RECORD = 16_384 // 2^14, RFC 8446 §5.1: a plaintext record may not be longer

const bad = (message: string): never => {
  throw new WirebenchError('INVALID_INPUT', message)
}

/** An ECC suite (ECDHE/ECDH key exchange or ECDSA authentication): RFC 8422 §5.1 wants the ECC extensions with it. */
export function isEccSuite(id: number): boolean {
  const name = CIPHER_SUITES.get(id)?.iana ?? ''
  return /^TLS_(ECDHE|ECDH)_|_ECDSA_/.test(name)
}

const u16List = (values: readonly number[]): Uint8Array => {
  const w = new ByteWriter()
  for (const v of values) w.u16(v)
  return w.finish()
}

/** opaque<lo..2^prefix-1>: the length prefix then the bytes. */
const vec = (prefix: 1 | 2 | 3, body: Uint8Array, what: string): Uint8Array => {
  const max = prefix === 1 ? 0xff : prefix === 2 ? 0xffff : 0xffffff
  if (body.length > max) bad(`The ${what} is ${body.length} bytes; its length field holds at most ${max}.`)
  const w = new ByteWriter()
  if (prefix === 1) w.u8(body.length)
  else if (prefix === 2) w.u16(body.length)
  else w.u24(body.length)
  return w.bytes(body).finish()
}

/** SNI host name: RFC 6066 §3 wants an ASCII DNS name without the trailing dot, and no IP literal. */
function sniName(sni: string | undefined): string | null {
  if (!sni) return null
  const host = sni.endsWith('.') ? sni.slice(0, -1) : sni
  if (!host || parseIP(host)) return null
  if (host.length > 253 || !/^[\x21-\x7e]+$/.test(host)) bad(`"${sni}" cannot be sent as a server name: RFC 6066 §3 asks for an ASCII DNS name of at most 253 characters.`)
  return host
}

/** Extensions in the order a typical client sends them; padding (RFC 7685) is added last by buildClientHello. */
function extensions(spec: ClientHelloSpec): [number, Uint8Array][] {
  const tls13 = spec.version >= 0x0304 || (spec.supportedVersions ?? []).includes(0x0304)
  const ssl3 = spec.version <= 0x0300
  const ecc = spec.suites.some(isEccSuite)
  const out: [number, Uint8Array][] = []
  const host = sniName(spec.sni)
  // server_name: ServerNameList<1..2^16-1> of {name_type host_name(0), HostName<1..2^16-1>} (RFC 6066 §3).
  if (host) out.push([EXT.serverName, vec(2, new ByteWriter().u8(0).bytes(vec(2, new TextEncoder().encode(host), 'server name')).finish(), 'server name list')])
  // status_request: status_type ocsp(1), empty responder_id_list and request_extensions (RFC 6066 §8).
  if (spec.statusRequest) out.push([EXT.statusRequest, Uint8Array.of(1, 0, 0, 0, 0)])
  // supported_groups: NamedGroupList<2..2^16-1> (RFC 8422 §5.1.1, RFC 8446 §4.2.7). FFDHE groups only go with TLS 1.3
  // by default: a TLS 1.2 server that follows RFC 7919 §4 would otherwise refuse DHE suites it could have chosen.
  const groups = spec.groups ?? (ssl3 ? [] : tls13 ? [...DEFAULT_ECC_GROUPS, ...DEFAULT_FFDHE_GROUPS] : ecc ? DEFAULT_ECC_GROUPS : [])
  if (groups.length) out.push([EXT.supportedGroups, vec(2, u16List(groups), 'group list')])
  // ec_point_formats: ECPointFormatList<1..2^8-1>, uncompressed(0) only (RFC 8422 §5.1.2).
  if (spec.ecPointFormats ?? (ecc && !ssl3)) out.push([EXT.ecPointFormats, Uint8Array.of(1, 0)])
  // signature_algorithms: SignatureSchemeList<2..2^16-2> (RFC 8446 §4.2.3); RFC 5246 §7.4.1.4.1 forbids it when the
  // highest version offered is below TLS 1.2.
  const sigalgs = spec.signatureAlgorithms ?? (spec.version >= 0x0303 ? DEFAULT_SIGNATURE_ALGORITHMS : [])
  if (sigalgs.length) out.push([EXT.signatureAlgorithms, vec(2, u16List(sigalgs), 'signature scheme list')])
  // heartbeat: HeartbeatMode peer_allowed_to_send(1) (RFC 6520 §2).
  if (spec.heartbeat) out.push([EXT.heartbeat, Uint8Array.of(1)])
  // application_layer_protocol_negotiation: ProtocolNameList<2..2^16-1> of ProtocolName<1..2^8-1> (RFC 7301 §3.1).
  if (spec.alpn?.length) {
    const w = new ByteWriter()
    for (const p of spec.alpn) {
      const name = new TextEncoder().encode(p)
      if (name.length < 1 || name.length > 255) bad(`The ALPN protocol "${p}" must be 1 to 255 bytes (RFC 7301 §3.1).`)
      w.bytes(vec(1, name, 'ALPN protocol'))
    }
    out.push([EXT.alpn, vec(2, w.finish(), 'ALPN list')])
  }
  if (spec.encryptThenMac) out.push([EXT.encryptThenMac, new Uint8Array(0)]) // RFC 7366 §2: empty
  if (spec.extendedMasterSecret) out.push([EXT.extendedMasterSecret, new Uint8Array(0)]) // RFC 7627 §5.1: empty
  if (spec.sessionTicket) out.push([EXT.sessionTicket, new Uint8Array(0)]) // RFC 5077 §3.2: empty asks for a ticket
  // supported_versions: ProtocolVersion versions<2..254> (RFC 8446 §4.2.1).
  const versions = spec.supportedVersions ?? (spec.version >= 0x0304 ? [spec.version] : [])
  if (versions.length) out.push([EXT.supportedVersions, vec(1, u16List(versions), 'version list')])
  // psk_key_exchange_modes: PskKeyExchangeMode ke_modes<1..255>, psk_dhe_ke(1) (RFC 8446 §4.2.9); no PSK is offered,
  // but some servers refuse a TLS 1.3 hello without it.
  if (spec.pskKeyExchangeModes ?? tls13) out.push([EXT.pskKeyExchangeModes, Uint8Array.of(1, 1)])
  // key_share: KeyShareEntry client_shares<0..2^16-1> of {NamedGroup, opaque key_exchange<1..2^16-1>} (RFC 8446 §4.2.8).
  if (spec.keyShares || tls13) {
    const w = new ByteWriter()
    for (const k of spec.keyShares ?? []) {
      if (k.key.length < 1) bad('A key share needs a key of at least 1 byte (RFC 8446 §4.2.8).')
      w.u16(k.group).bytes(vec(2, k.key, 'key share'))
    }
    out.push([EXT.keyShare, vec(2, w.finish(), 'key share list')])
  }
  // renegotiation_info: renegotiated_connection<0..255>, empty in an initial handshake (RFC 5746 §3.2).
  if (spec.renegotiationInfo) out.push([EXT.renegotiationInfo, Uint8Array.of(0)])
  return out
}

/** How many padding bytes make the record at least padTo long: the padding extension itself costs 4 (RFC 7685 §3). */
function paddingLength(recordLength: number, padTo: number | undefined, hasBlock: boolean): number | null {
  if (!padTo || recordLength >= padTo) return null
  const missing = padTo - recordLength - (hasBlock ? 0 : 2) // the extensions block's own length field, when new
  return Math.max(0, missing - 4)
}

/** One TLS record (type 22) holding one ClientHello. Throws INVALID_INPUT for a spec no record can carry. */
export function buildClientHello(spec: ClientHelloSpec & { random: Uint8Array }): Uint8Array {
  if (spec.random.length !== 32) bad(`ClientHello.random is 32 bytes (RFC 8446 §4.1.2); ${spec.random.length} were given.`)
  if (spec.suites.length < 1 || spec.suites.length > 32_767) bad('A ClientHello offers 1 to 32,767 cipher suites (cipher_suites<2..2^16-2>, RFC 8446 §4.1.2).')
  const compression = spec.compression ?? [0]
  if (compression.length < 1 || compression.length > 255) bad('A ClientHello offers 1 to 255 compression methods (RFC 5246 §7.4.1.2).')
  const tls13 = spec.version >= 0x0304
  const legacyVersion = tls13 ? 0x0303 : spec.version
  // Compatibility mode (RFC 8446 §D.4) wants a fresh 32-byte session id; derive it from the caller's randomness so
  // this module needs no random source, and keep it visibly different from the random itself.
  const sessionId = spec.sessionId ?? (tls13 ? spec.random.map((b, i) => b ^ (0x5c + i)) : new Uint8Array(0))
  if (sessionId.length > 32) bad(`A session id is at most 32 bytes (RFC 5246 §7.4.1.2); ${sessionId.length} were given.`)

  const head = new ByteWriter()
    .u16(legacyVersion)
    .bytes(spec.random)
    .bytes(vec(1, sessionId, 'session id'))
    .bytes(vec(2, u16List(spec.suites), 'cipher suite list'))
    .bytes(vec(1, Uint8Array.from(compression), 'compression list'))
    .finish()
  const exts = extensions(spec)
  const extLength = exts.reduce((n, [, data]) => n + 4 + data.length, 0)
  const recordLength = 5 + 4 + head.length + (exts.length ? 2 + extLength : 0)
  const pad = paddingLength(recordLength, spec.padTo, exts.length > 0)
  if (pad !== null) exts.push([EXT.padding, new Uint8Array(pad)]) // zero bytes, RFC 7685 §3

  const body = new ByteWriter().bytes(head)
  if (exts.length) {
    const block = new ByteWriter()
    for (const [type, data] of exts) block.u16(type).bytes(vec(2, data, `extension ${type}`))
    body.bytes(vec(2, block.finish(), 'extensions block'))
  }
  const hello = body.finish()
  const handshake = new ByteWriter().u8(1).bytes(vec(3, hello, 'ClientHello')).finish()
  if (handshake.length > MAX_RECORD) bad(`The ClientHello is ${handshake.length} bytes; one record carries at most ${MAX_RECORD} (RFC 8446 §5.1).`)
  const recordVersion = spec.recordVersion ?? (spec.version <= 0x0300 ? 0x0300 : 0x0301)
  return new ByteWriter().u8(22).u16(recordVersion).u16(handshake.length).bytes(handshake).finish()
}
