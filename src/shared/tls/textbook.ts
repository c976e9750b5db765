// "Compare with the textbook": where a real handshake differs from RFC 8448 §3's simple 1-RTT handshake, the
// example every TLS 1.3 course walks through, said in words with the RFC section that explains the difference.
import { cipherSuiteName, isGrease } from './cipher-suites'
import type { ClientHelloInfo, ServerHelloInfo } from './handshake-hello'
import { extensionName, groupInfo, protocolVersionName } from './tls-names'

/** RFC 8448 §3's ClientHello and ServerHello, as facts (the bytes are in handshake.test.ts). */
export const TEXTBOOK = {
  source: 'RFC 8448 §3',
  cipherSuites: [0x1301, 0x1303, 0x1302],
  /** server_name, renegotiation_info, supported_groups, session_ticket, key_share, supported_versions, signature_algorithms, psk_key_exchange_modes, record_size_limit. */
  extensions: [0, 65281, 10, 35, 51, 43, 13, 45, 28],
  groups: [0x001d, 0x0017, 0x0018, 0x0019, 0x0100, 0x0101, 0x0102, 0x0103, 0x0104],
  keyShares: [{ group: 0x001d, length: 32 }],
  supportedVersions: [0x0304],
  signatureSchemes: 15,
  serverName: 'server',
  chosenSuite: 0x1301,
  chosenGroup: 0x001d
} as const

const list = (names: string[]): string => (names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`)

/**
 * Where this handshake differs from RFC 8448 §3, one sentence each, most telling first. A handshake shaped like
 * the textbook's gets one sentence saying so.
 */
export function textbookNotes(ch: ClientHelloInfo, sh: ServerHelloInfo | null, hrr: boolean, resumed: boolean): string[] {
  const notes: string[] = []
  const version = sh?.version ?? null
  if (version !== null && version !== 0x0304) {
    notes.push(`This connection negotiated ${protocolVersionName(version)}; RFC 8448 shows only TLS 1.3. A TLS 1.2 handshake takes two round trips and sends the certificate in clear (RFC 5246 §7.3).`)
  }
  if (hrr) {
    const asked = sh?.keyShareGroup != null ? groupInfo(sh.keyShareGroup).name : 'another group'
    notes.push(`The server answered with a HelloRetryRequest asking for a ${asked} key share (RFC 8446 §4.1.4): an extra round trip the textbook avoids because its x25519 guess was accepted.`)
  }
  if (resumed || ch.hasPsk) {
    notes.push(resumed ? 'This handshake resumed an earlier session with a pre-shared key (RFC 8446 §2.2): no Certificate or CertificateVerify; RFC 8448 §3 is a full handshake (its §4 shows resumption).' : 'The client offered a session ticket to resume (pre_shared_key, RFC 8446 §4.2.11); the textbook ClientHello offers none.')
  }
  const greaseKinds: string[] = []
  if (ch.cipherSuites.some(isGrease)) greaseKinds.push('cipher suites')
  if (ch.extensions.some((e) => e.grease)) greaseKinds.push('extensions')
  if (ch.groups.some(isGrease) || ch.keyShares.some((k) => isGrease(k.group))) greaseKinds.push('groups')
  if (ch.supportedVersions.some(isGrease)) greaseKinds.push('versions')
  if (greaseKinds.length) notes.push(`The client sends GREASE values among its ${list(greaseKinds)} (RFC 8701): reserved values that keep servers tolerant of the unknown. The textbook ClientHello has none.`)

  const pq = ch.keyShares.filter((k) => groupInfo(k.group).kind === 'pq-hybrid' || groupInfo(k.group).kind === 'pq')
  if (pq.length) {
    const names = pq.map((k) => `${groupInfo(k.group).name} (${k.length} bytes)`)
    notes.push(`The client sends a post-quantum key share: ${list(names)} (draft-ietf-tls-ecdhe-mlkem), protecting today's traffic against a future quantum computer; the textbook sends only a 32-byte x25519 share.`)
  }
  const realShares = ch.keyShares.filter((k) => !isGrease(k.group))
  if (realShares.length > 1 || (realShares.length === 1 && realShares[0]!.group !== TEXTBOOK.chosenGroup)) {
    notes.push(`The client sent ${realShares.length} key share${realShares.length === 1 ? '' : 's'} (${list(realShares.map((k) => groupInfo(k.group).name))}); the textbook sends one, x25519 (RFC 8446 §4.2.8).`)
  }
  if (sh && !hrr && sh.keyShareGroup !== null && sh.keyShareGroup !== TEXTBOOK.chosenGroup) notes.push(`The server chose ${groupInfo(sh.keyShareGroup).name} for the key exchange; the textbook's chose x25519.`)

  const real = ch.cipherSuites.filter((s) => !isGrease(s))
  const old = real.filter((s) => s >> 8 !== 0x13)
  if (real.length !== TEXTBOOK.cipherSuites.length || old.length) {
    notes.push(`The client offers ${real.length} cipher suite${real.length === 1 ? '' : 's'}${old.length ? `, ${old.length} of them for TLS 1.2 and earlier` : ''}; the textbook offers 3, all TLS 1.3 (RFC 8446 §B.4).`)
  }
  if (sh && !hrr && sh.cipherSuite !== TEXTBOOK.chosenSuite) notes.push(`The server chose ${cipherSuiteName(sh.cipherSuite)}; the textbook's chose TLS_AES_128_GCM_SHA256.`)

  const versions = ch.supportedVersions.filter((v) => !isGrease(v))
  if (versions.length === 0) notes.push(`The client sent no supported_versions extension: it offers ${protocolVersionName(ch.legacyVersion)} at most, the pre-TLS 1.3 way (RFC 8446 §4.2.1).`)
  else if (versions.some((v) => v !== 0x0304)) notes.push(`The client also offers ${list(versions.filter((v) => v !== 0x0304).map(protocolVersionName))}; the textbook offers TLS 1.3 only (RFC 8446 §4.2.1).`)

  if (ch.alpn.length) notes.push(`The client offers ALPN (${ch.alpn.join(', ')}) to agree on HTTP's version inside the handshake (RFC 7301); the textbook carries no application protocol.`)
  if (ch.serverName === null) notes.push('The client sent no server name (SNI): an IP address was used, and RFC 6066 §3 does not allow IP literals in SNI. The textbook sends "server".')
  if (ch.sessionId.length > 0) notes.push(`The client sends a ${ch.sessionId.length}-byte legacy session ID: middlebox compatibility mode (RFC 8446 §D.4), usually with a dummy ChangeCipherSpec. The textbook's is empty.`)
  if (ch.ech) notes.push('The client sends encrypted_client_hello (ECH, or GREASE ECH that looks the same), hiding the real server name from the network; the textbook predates ECH.')

  const seen = new Set(ch.extensions.filter((e) => !e.grease).map((e) => e.type))
  const extra = [...seen].filter((t) => !(TEXTBOOK.extensions as readonly number[]).includes(t) && t !== 16 && t !== 65037 && t !== 41)
  const missing = TEXTBOOK.extensions.filter((t) => !seen.has(t))
  if (extra.length) notes.push(`Extensions the textbook does not send: ${list(extra.map(extensionName))} (RFC 8446 §4.2).`)
  if (missing.length) notes.push(`Textbook extensions this client leaves out: ${list(missing.map(extensionName))} (RFC 8446 §4.2).`)

  if (notes.length === 0) notes.push('This handshake has the same shape as RFC 8448 §3\'s simple 1-RTT handshake: TLS 1.3, one x25519 key share accepted, no GREASE, no ALPN, no resumption.')
  return notes
}
