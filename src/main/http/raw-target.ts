// Opening raw mode's target: the name looked up (timed) or an address forced, then THE connector, with an earlier TLS
// session offered back when resuming; and the TLS facts turned into the summary the tab shows and links to Certificates.
import { promises as dns } from 'node:dns'
import { X509Certificate } from 'node:crypto'
import net from 'node:net'
import tls from 'node:tls'
import { connect, readPemCertificates, type Connection } from '../tls'
import type { HttpTlsSummary } from '../../shared/contract/http'
import { WirebenchError, toWireError } from '../../shared/errors'
import type { RawOptions } from './raw'

export interface RawTarget {
  /** The name looked up (and, by default, the SNI and certificate name); the Host header is whatever the bytes say. */
  host: string
  port: number
  /** `session`: one from an earlier connection's `tlsSession`, offered for resumption (RFC 8446 §2.2). */
  tls?: { servername?: string; alpn?: string[]; verify: boolean; caPem?: string; session?: Buffer; minVersion?: tls.SecureVersion; maxVersion?: tls.SecureVersion }
  /** Connect to this address instead of looking `host` up, keeping SNI and verification on `host` (curl --resolve). */
  address?: string
  /** Several addresses of `host`, looked up by the caller: Happy Eyeballs over them in this order (RFC 8305). */
  addresses?: string[]
}

/** `startedAt`: when the exchange's total starts (the lookup's start, or the connector's when there was none). */
export interface OpenTarget { conn: Connection; dnsMs: number | null; startedAt: number }

/** Most certificates put in a summary: a real chain is 2 to 4; a server sending dozens gets the first ten shown. */
export const MAX_CHAIN_SHOWN = 10

export const r2 = (ms: number): number => Math.round(ms * 100) / 100

/** Looks the name up (timed, unless an address is forced or it is an IP) and connects through THE connector. */
export async function openTarget(t: RawTarget, o: RawOptions & { connectTimeoutMs?: number } = {}): Promise<OpenTarget> {
  const startedAt = performance.now()
  let address = t.address ?? t.addresses?.[0] ?? t.host
  let dnsMs: number | null = null
  if (!t.address && !t.addresses?.length && !net.isIP(t.host.replace(/^\[|\]$/g, ''))) {
    try {
      address = (await dns.lookup(t.host, { verbatim: true })).address
    } catch (e) {
      const w = toWireError(e)
      throw new WirebenchError(w.code, `The name ${t.host} could not be looked up: ${w.message}`, w.detail)
    }
    dnsMs = r2(performance.now() - startedAt)
  }
  const bare = t.host.replace(/^\[|\]$/g, '')
  const servername = t.tls?.servername ?? (net.isIP(bare) ? '' : bare)
  const conn = await connect({
    host: t.addresses && t.addresses.length > 1 ? t.host : address,
    ...(t.addresses && t.addresses.length > 1 ? { addresses: t.addresses, onAttempt: o.observe?.onAttempt } : {}),
    port: t.port,
    signal: o.signal,
    connectTimeoutMs: o.connectTimeoutMs,
    handshakeTimeoutMs: o.connectTimeoutMs,
    // No client certificate is sent, so there is no verdict on one to wait for: the request may go at once, as
    // curl's does (waiting for a TLS 1.3 ticket first would add a round trip to every fresh connection's total).
    handshakeOnly: true,
    tls: t.tls ? { servername, verifyName: servername || bare, alpn: t.tls.alpn, verify: t.tls.verify, caPem: t.tls.caPem, session: t.tls.session, minVersion: t.tls.minVersion, maxVersion: t.tls.maxVersion } : undefined,
    tap: o.observe?.tap,
    keylog: o.observe?.keylog,
    onTap: o.observe?.onTap
  })
  o.observe?.onConnection?.(conn)
  // Errors are read from the exchange; a late one (EPIPE after the answer) must not crash the process.
  conn.socket.on('error', () => {})
  // A request goes out in one write when it can; Nagle's wait would only ever delay a pipelined or split one (curl
  // sets TCP_NODELAY too, so timings compare).
  conn.tcp.setNoDelay(true)
  // The total starts where the measured phases do (the lookup, then the connector's start), so the phases add up to
  // it; the few statements between the two are set-up, not network time.
  return { conn, dnsMs, startedAt: conn.timings.startedAt - (dnsMs ?? 0) }
}

/**
 * The connection's TLS as the tab shows it. The chain is what the server sent, leaf first; a resumed handshake sends
 * no Certificate message (RFC 8446 §2.2, RFC 5077 §3.1), so none is shown for it even though Node remembers one.
 * `verified` is the connector's verdict, also when verification was turned off (it still says what would have failed).
 */
export function tlsSummary(conn: Connection, caPem?: string): HttpTlsSummary | null {
  const t = conn.tls
  if (!t) return null
  const resumed = t.resumed ?? false
  const { sent, anchor } = resumed ? { sent: [], anchor: null } : splitAnchor(t.peerChain, caPem)
  return {
    version: t.protocol ?? '',
    cipher: t.cipher,
    alpn: t.alpn,
    resumed,
    ...(sent.length ? { chainBase64: sent.slice(0, MAX_CHAIN_SHOWN).map((c) => c.toString('base64')) } : {}),
    ...(anchor ? { trustAnchorBase64: anchor.toString('base64') } : {}),
    verified: t.verified,
    ...(t.verifyError ? { verifyError: verifyWords(t.verifyError) } : {}),
    ...(t.servername ? { servername: t.servername } : {})
  }
}

let systemRoots: Set<string> | null = null

/** The given CA file's certificates by fingerprint, kept for the last few files (parsing one costs ~0.3 ms a request). */
const caSets = new Map<string, Set<string>>()
function caFingerprints(caPem: string): Set<string> {
  let set = caSets.get(caPem)
  if (!set) {
    set = new Set(readPemCertificates(caPem, 'extra CA').map((c) => c.fingerprint256))
    if (caSets.size >= 8) caSets.delete(caSets.keys().next().value!)
    caSets.set(caPem, set)
  }
  return set
}

/**
 * Node completes the chain it reports with the root from the trust store when the server did not send one; that root
 * was not on the wire, so it is split off as the trust anchor. (A server that sends a root also held in the store looks
 * the same to Node; then it is shown as the anchor too.)
 */
function splitAnchor(chain: Buffer[], caPem?: string): { sent: Buffer[]; anchor: Buffer | null } {
  const last = chain.length > 1 ? chain[chain.length - 1]! : null
  if (!last) return { sent: chain, anchor: null }
  let cert: X509Certificate
  try {
    cert = new X509Certificate(last)
  } catch {
    return { sent: chain, anchor: null }
  }
  if (!cert.checkIssued(cert)) return { sent: chain, anchor: null }
  const store = caPem ? caFingerprints(caPem) : (systemRoots ??= new Set(tls.rootCertificates.map((p) => new X509Certificate(p).fingerprint256)))
  return store.has(cert.fingerprint256) ? { sent: chain.slice(0, -1), anchor: last } : { sent: chain, anchor: null }
}

/** OpenSSL's verification codes in words (the common ones), the code kept so it can be searched for. */
const VERIFY_WORDS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the certificate is self-signed and not trusted',
  SELF_SIGNED_CERT_IN_CHAIN: 'the chain ends in a self-signed certificate that is not trusted',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "the issuer's certificate is not among the trusted roots, nor sent by the server",
  UNABLE_TO_GET_ISSUER_CERT: "the issuer's certificate could not be found",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "the leaf's signature could not be checked: its issuer is missing",
  CERT_HAS_EXPIRED: 'the certificate has expired',
  CERT_NOT_YET_VALID: 'the certificate is not valid yet',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the certificate is not for this name (RFC 6125 §6)'
}

function verifyWords(code: string): string {
  const words = VERIFY_WORDS[code]
  if (words) return `${words} (${code})`
  // checkServerIdentity's error comes as a sentence already ("Hostname/IP does not match certificate's altnames…").
  return code
}
