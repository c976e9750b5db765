// Names and words for the TLS code points a handshake carries — extensions, named groups, signature schemes, alert
// descriptions, handshake types — each with the document that defines it, so every field of a parsed ClientHello
// can say what it is and where to read more. The registries themselves are generated (tls-registries.ts).
import type { StepKind } from '../walkthrough/model'
import { isGrease } from './cipher-suites'
import { EXTENSION_TYPES, NAMED_GROUPS, SIGNATURE_SCHEMES } from './tls-registries'

export { isGrease }

const hex4 = (v: number): string => `0x${v.toString(16).padStart(4, '0')}`

export interface CodeName {
  name: string
  /** The defining document, e.g. "RFC 8446 §4.2.8". Empty when unknown. */
  rfc: string
  grease: boolean
  known: boolean
}

const GREASE_RFC = 'RFC 8701'

/** Code points browsers send that IANA never registered (so the registry alone would call them unknown). */
const UNREGISTERED_EXTENSIONS: Record<number, { name: string; rfc: string }> = {
  13172: { name: 'next_protocol_negotiation', rfc: 'draft-agl-tls-nextprotoneg (unregistered, obsolete NPN)' },
  17513: { name: 'application_settings (old code point)', rfc: 'draft-vvv-tls-alps (unregistered, Chrome)' },
  17613: { name: 'application_settings', rfc: 'draft-vvv-tls-alps (unregistered, Chrome)' },
  30032: { name: 'channel_id', rfc: 'draft-balfanz-tls-channelid (unregistered)' },
  51764: { name: 'trust_anchors', rfc: 'draft-ietf-tls-trust-anchor-ids (experimental code point, BoringSSL/Chrome)' }
}

/** The RFC 8446 section for the TLS 1.3 extensions, so the explanation points at the paragraph, not the RFC. */
const EXTENSION_SECTIONS: Record<number, string> = {
  0: 'RFC 6066 §3',
  1: 'RFC 6066 §4',
  5: 'RFC 6066 §8, RFC 8446 §4.4.2.1',
  10: 'RFC 8446 §4.2.7, RFC 8422 §5.1.1, RFC 7919 §2',
  11: 'RFC 8422 §5.1.2',
  13: 'RFC 8446 §4.2.3',
  16: 'RFC 7301 §3.1',
  18: 'RFC 6962 §3.3.1',
  21: 'RFC 7685 §3',
  22: 'RFC 7366 §2',
  23: 'RFC 7627 §5.1',
  27: 'RFC 8879 §3',
  28: 'RFC 8449 §4',
  35: 'RFC 5077 §3.2',
  41: 'RFC 8446 §4.2.11',
  42: 'RFC 8446 §4.2.10',
  43: 'RFC 8446 §4.2.1',
  44: 'RFC 8446 §4.2.2',
  45: 'RFC 8446 §4.2.9',
  47: 'RFC 8446 §4.2.4',
  48: 'RFC 8446 §4.2.5',
  49: 'RFC 8446 §4.2.6',
  50: 'RFC 8446 §4.2.3',
  51: 'RFC 8446 §4.2.8',
  65037: 'draft-ietf-tls-esni §5',
  65281: 'RFC 5746 §3.2'
}

export function extensionInfo(type: number): CodeName {
  if (isGrease(type)) return { name: `GREASE (${hex4(type)})`, rfc: GREASE_RFC, grease: true, known: true }
  const entry = EXTENSION_TYPES.get(type) ?? UNREGISTERED_EXTENSIONS[type]
  if (!entry) return { name: `unknown (${type})`, rfc: '', grease: false, known: false }
  return { name: entry.name, rfc: EXTENSION_SECTIONS[type] ?? entry.rfc, grease: false, known: true }
}

export const extensionName = (type: number): string => extensionInfo(type).name

export type GroupKind = 'ecdhe' | 'ffdhe' | 'pq-hybrid' | 'pq' | 'other'

export interface GroupInfo extends CodeName {
  kind: GroupKind
  obsolete: boolean
}

export function groupInfo(code: number): GroupInfo {
  if (isGrease(code)) return { name: `GREASE (${hex4(code)})`, rfc: GREASE_RFC, grease: true, known: true, kind: 'other', obsolete: false }
  const entry = NAMED_GROUPS.get(code)
  if (!entry) return { name: `unknown (${hex4(code)})`, rfc: '', grease: false, known: false, kind: 'other', obsolete: false }
  const name = entry.name
  const kind: GroupKind = /MLKEM|Kyber/i.test(name) ? (/^MLKEM/.test(name) ? 'pq' : 'pq-hybrid') : /^ffdhe/.test(name) ? 'ffdhe' : 'ecdhe'
  // The ML-KEM hybrids were adopted by the TLS WG as draft-ietf-tls-ecdhe-mlkem; IANA still cites the individual draft.
  const rfc = kind === 'pq-hybrid' && !entry.obsolete ? `draft-ietf-tls-ecdhe-mlkem (${entry.rfc})` : kind === 'ffdhe' ? 'RFC 7919 §2' : entry.rfc.replace('draft-ietf-tls-rfc8446bis-13', 'RFC 8446 §4.2.7')
  return { name, rfc, grease: false, known: true, kind, obsolete: entry.obsolete === true }
}

export const groupName = (code: number): string => groupInfo(code).name

/** TLS 1.2's SignatureAndHashAlgorithm bytes (RFC 5246 §7.4.1.4.1): hash first, signature second. */
const TLS12_HASHES = ['none', 'md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512']
const TLS12_SIGNATURES = ['anonymous', 'rsa', 'dsa', 'ecdsa']

/**
 * A code point TLS 1.3 kept as a TLS 1.2 hash/signature pair (0x0303 is sha224/ecdsa): the IANA SignatureScheme
 * registry lists these as "Reserved for backward compatibility" (RFC 8446 §11), so it alone would call them unknown.
 */
function legacyPair(code: number): CodeName | null {
  const hash = TLS12_HASHES[code >> 8]
  const signature = TLS12_SIGNATURES[code & 0xff]
  if (code > 0xffff || !hash || !signature || hash === 'none' || signature === 'anonymous') return null
  return { name: `${hash}/${signature} (TLS 1.2 hash/signature pair, reserved legacy value)`, rfc: 'RFC 5246 §7.4.1.4.1, RFC 8446 §11', grease: false, known: true }
}

export function signatureSchemeInfo(code: number): CodeName {
  if (isGrease(code)) return { name: `GREASE (${hex4(code)})`, rfc: GREASE_RFC, grease: true, known: true }
  const entry = SIGNATURE_SCHEMES.get(code)
  if (!entry) return legacyPair(code) ?? { name: `unknown (${hex4(code)})`, rfc: '', grease: false, known: false }
  return { name: entry.name, rfc: entry.rfc.replace('draft-ietf-tls-rfc8446bis-13', 'RFC 8446 §4.2.3'), grease: false, known: true }
}

export const signatureSchemeName = (code: number): string => signatureSchemeInfo(code).name

/** AlertDescription (RFC 8446 §6, RFC 5246 §7.2 for the ones TLS 1.3 dropped). */
const ALERTS: Record<number, string> = {
  0: 'close_notify',
  10: 'unexpected_message',
  20: 'bad_record_mac',
  21: 'decryption_failed_RESERVED',
  22: 'record_overflow',
  30: 'decompression_failure_RESERVED',
  40: 'handshake_failure',
  41: 'no_certificate_RESERVED',
  42: 'bad_certificate',
  43: 'unsupported_certificate',
  44: 'certificate_revoked',
  45: 'certificate_expired',
  46: 'certificate_unknown',
  47: 'illegal_parameter',
  48: 'unknown_ca',
  49: 'access_denied',
  50: 'decode_error',
  51: 'decrypt_error',
  60: 'export_restriction_RESERVED',
  70: 'protocol_version',
  71: 'insufficient_security',
  80: 'internal_error',
  86: 'inappropriate_fallback',
  90: 'user_canceled',
  100: 'no_renegotiation_RESERVED',
  109: 'missing_extension',
  110: 'unsupported_extension',
  111: 'certificate_unobtainable_RESERVED',
  112: 'unrecognized_name',
  113: 'bad_certificate_status_response',
  114: 'bad_certificate_hash_value_RESERVED',
  115: 'unknown_psk_identity',
  116: 'certificate_required',
  120: 'no_application_protocol',
  121: 'ech_required'
}

export const alertDescriptionName = (code: number): string => ALERTS[code] ?? `unknown (${code})`
export const alertLevelName = (level: number): string => (level === 1 ? 'warning' : level === 2 ? 'fatal' : `unknown (${level})`)

export interface HandshakeTypeInfo {
  name: string
  /** Where the message is defined. */
  rfc: string
  kind: StepKind
}

/** HandshakeType (RFC 8446 §4, RFC 5246 §7.4): name, section and the walkthrough step it becomes. */
const HANDSHAKE_TYPES: Record<number, HandshakeTypeInfo> = {
  0: { name: 'HelloRequest', rfc: 'RFC 5246 §7.4.1.1', kind: 'tls-server-hello' },
  1: { name: 'ClientHello', rfc: 'RFC 8446 §4.1.2', kind: 'tls-client-hello' },
  2: { name: 'ServerHello', rfc: 'RFC 8446 §4.1.3', kind: 'tls-server-hello' },
  4: { name: 'NewSessionTicket', rfc: 'RFC 8446 §4.6.1', kind: 'tls-new-session-ticket' },
  5: { name: 'EndOfEarlyData', rfc: 'RFC 8446 §4.5', kind: 'tls-finished' },
  8: { name: 'EncryptedExtensions', rfc: 'RFC 8446 §4.3.1', kind: 'tls-encrypted-extensions' },
  11: { name: 'Certificate', rfc: 'RFC 8446 §4.4.2', kind: 'tls-certificate' },
  12: { name: 'ServerKeyExchange', rfc: 'RFC 5246 §7.4.3, RFC 8422 §5.4', kind: 'tls-server-key-exchange' },
  13: { name: 'CertificateRequest', rfc: 'RFC 8446 §4.3.2', kind: 'tls-certificate' },
  14: { name: 'ServerHelloDone', rfc: 'RFC 5246 §7.4.5', kind: 'tls-server-hello-done' },
  15: { name: 'CertificateVerify', rfc: 'RFC 8446 §4.4.3', kind: 'tls-certificate-verify' },
  16: { name: 'ClientKeyExchange', rfc: 'RFC 5246 §7.4.7, RFC 8422 §5.7', kind: 'tls-client-key-exchange' },
  20: { name: 'Finished', rfc: 'RFC 8446 §4.4.4', kind: 'tls-finished' },
  22: { name: 'CertificateStatus', rfc: 'RFC 6066 §8', kind: 'tls-certificate' },
  24: { name: 'KeyUpdate', rfc: 'RFC 8446 §4.6.3', kind: 'tls-key-update' },
  25: { name: 'CompressedCertificate', rfc: 'RFC 8879 §4', kind: 'tls-certificate' },
  254: { name: 'message_hash', rfc: 'RFC 8446 §4.4.1', kind: 'tls-client-hello' }
}

export function handshakeTypeInfo(type: number): HandshakeTypeInfo {
  return HANDSHAKE_TYPES[type] ?? { name: `unknown (${type})`, rfc: 'RFC 8446 §4', kind: 'tls-application-data' }
}

const VERSION_NAMES: Record<number, string> = { 0x0300: 'SSL 3.0', 0x0301: 'TLS 1.0', 0x0302: 'TLS 1.1', 0x0303: 'TLS 1.2', 0x0304: 'TLS 1.3' }

/** "TLS 1.2", "GREASE (0x3a3a)", "draft TLS 1.3 (0x7f1c)" or "0x…". */
export function protocolVersionName(v: number): string {
  if (VERSION_NAMES[v]) return VERSION_NAMES[v]
  if (isGrease(v)) return `GREASE (${hex4(v)})`
  if (v >> 8 === 0x7f) return `draft TLS 1.3 -${v & 0xff} (${hex4(v)})`
  return hex4(v)
}

/** PskKeyExchangeMode (RFC 8446 §4.2.9). */
export const pskModeName = (m: number): string => (m === 0 ? 'psk_ke (PSK only)' : m === 1 ? 'psk_dhe_ke (PSK with (EC)DHE)' : isGrease(m) ? `GREASE (${m})` : `unknown (${m})`)

/** ECPointFormat (RFC 8422 §5.1.2). */
export const ecPointFormatName = (f: number): string => ['uncompressed', 'ansiX962_compressed_prime', 'ansiX962_compressed_char2'][f] ?? `unknown (${f})`

/** CertificateCompressionAlgorithm (RFC 8879 §7.3). */
export const certCompressionName = (a: number): string => ({ 1: 'zlib', 2: 'brotli', 3: 'zstd' })[a] ?? `unknown (${a})`

export const hexCode = hex4
