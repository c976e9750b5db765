// THE connector: every TCP and TLS client in Wirebench (Connections, chain fetching, and later HTTP, DNS over TLS,
// the Walkthrough and the scanner) opens its socket here, so SNI, verification, timeouts, phase timings, the byte
// tap and the key log mean the same thing everywhere.
import net from 'node:net'
import type { Duplex } from 'node:stream'
import tls from 'node:tls'
import { WirebenchError, toWireError } from '../../shared/errors'
import type { TlsInfo } from '../../shared/contract'
import { ByteTap, TappedStream } from './byte-tap'
import { droppedAfterHandshake, plainTextAnswer, untrustedChainFailure } from './handshake-words'
import { readPemCertificates, readKeyPair } from './material'
import { bareHost, serverNameFor, verifyNameFor } from './server-name'

export interface TlsClientSettings {
  /** SNI: default the host when it is a DNS name, none for an IP address; '' sends none. */
  servername?: string
  /** The name the certificate must be for (default: the SNI name, else the host). */
  verifyName?: string
  alpn?: string[]
  /** On unless turned off explicitly; off still reports what verification would have failed on. */
  verify?: boolean
  /** The roots to trust for this connection, in place of Node's bundled Mozilla roots. */
  caPem?: string
  certPem?: string
  keyPem?: string
  passphrase?: string
  minVersion?: tls.SecureVersion
  maxVersion?: tls.SecureVersion
  /** An OpenSSL cipher list, passed through (TLS 1.2 and below). */
  ciphers?: string
  /** A session from an earlier connection (`Connection.tlsSession`) to offer for resumption (RFC 8446 §2.2, RFC 5077). */
  session?: Buffer
  /** Ask for the server's stapled OCSP response (RFC 6066 §8 status_request); it arrives as `Connection.ocspStaple`. */
  requestOcsp?: boolean
}

export interface ConnectOptions {
  host: string
  port: number
  family?: 0 | 4 | 6
  /** Absent: plain TCP. */
  tls?: TlsClientSettings
  /** Budget for the name lookup and the TCP handshake (default 10 s). */
  connectTimeoutMs?: number
  /** Budget for the TLS handshake, counted from the TCP connection (default 10 s). */
  handshakeTimeoutMs?: number
  /** Cancels at any phase; once connected, the socket is the caller's. */
  signal?: AbortSignal
  /** Record every raw byte each way; a number caps the bytes kept (default 1 MiB). */
  tap?: boolean | { maxBytes: number }
  /** Collect Node's 'keylog' lines (NSS key log format) for decrypting a capture. */
  keylog?: boolean
  /**
   * Called once, before the first byte, with the tap and the key log that will fill as the connection goes (the
   * Walkthrough follows them live, so its analysis of the handshake overlaps the handshake).
   */
  onTap?(tap: ByteTap, keylog: readonly string[] | null): void
  /** Done when the handshake is: no wait for a TLS 1.3 server's verdict on our certificate (a chain fetch needs only the handshake). */
  handshakeOnly?: boolean
  /**
   * The addresses of `host` (a name) the caller looked up itself, in its order: tried with Node's Happy Eyeballs
   * (RFC 8305: the next attempt starts when one is refused or after 250 ms), no lookup of our own.
   */
  addresses?: string[]
  /** Each attempt Happy Eyeballs makes and how it ended, as Node reports them (with `addresses`). */
  onAttempt?(a: ConnectAttempt): void
}

/** One connection attempt of Happy Eyeballs: started, failed (with the reason), or given up for the next one. */
export interface ConnectAttempt {
  address: string
  port: number
  family: 4 | 6
  event: 'attempt' | 'failed' | 'timeout'
  /** performance.now() when Node reported it. */
  at: number
  error?: string
}

export interface Endpoint {
  address: string
  port: number
  family: 'IPv4' | 'IPv6'
}

/** Phase durations in ms; `startedAt` is the performance.now() the connector started at, for timelines. */
export interface PhaseTimings {
  startedAt: number
  lookupMs: number | null
  connectMs: number
  handshakeMs: number | null
}

/** The contract's TLS facts (protocol, cipher, ALPN, the SNI sent, verified, verifyError), with the peer's chain as DER. */
export interface TlsFacts extends Omit<TlsInfo, 'peerCertificate' | 'peerChain'> {
  /** The peer's certificates as DER, leaf first, as Node assembled them. */
  peerChain: Buffer[]
  /** The handshake resumed an earlier session (abbreviated: the server sent no Certificate). */
  resumed?: boolean
}

export interface Connection {
  /** The application stream: the TLS socket, or the TCP socket (a recording stream over it when tapped). */
  socket: Duplex
  tcp: net.Socket
  local: Endpoint
  remote: Endpoint
  timings: PhaseTimings
  tls: TlsFacts | null
  tap: ByteTap | null
  /** Key log lines; keeps growing after the handshake (TLS 1.3 key updates). */
  keylog: string[] | null
  /**
   * TLS: the newest session the server gave (a TLS 1.3 ticket comes after the handshake, so this waits up to
   * `waitMs` for one), for `TlsClientSettings.session`; null when none came or in clear.
   */
  tlsSession?: (waitMs: number) => Promise<Buffer | null>
  /** With `requestOcsp`: the DER OCSPResponse the server stapled, or null when it sent none. Absent when not asked. */
  ocspStaple?: Buffer | null
}

const DEFAULT_TIMEOUT_MS = 10_000
/** The first bytes a TLS server answers with are kept (tap or not), so an answer in plain text can be named. */
const SNIFF_BYTES = 8192

interface PreparedTls {
  options: tls.ConnectionOptions
  servername: string | null
  verify: boolean
  sendsCertificate: boolean
  requestOcsp: boolean
}

/** Checks the PEM material before any packet leaves, so a bad paste is explained rather than half-used. */
function prepareTls(host: string, s: TlsClientSettings): PreparedTls {
  const servername = serverNameFor(host, s.servername)
  const verifyName = verifyNameFor(host, servername, s.verifyName)
  const options: tls.ConnectionOptions = {
    // Verification is decided here, after the handshake, so that "off" can still say what it would have failed on.
    rejectUnauthorized: false,
    checkServerIdentity: (_host, cert) => tls.checkServerIdentity(verifyName, cert)
  }
  if (servername) options.servername = servername
  if (s.alpn?.length) options.ALPNProtocols = s.alpn
  if (s.caPem) options.ca = readPemCertificates(s.caPem, 'extra CA').map((c) => c.toString())
  if (s.certPem || s.keyPem) {
    if (!s.certPem || !s.keyPem) throw new WirebenchError('INVALID_KEY', 'A client certificate needs both the certificate and its private key.')
    readKeyPair(s.certPem, s.keyPem, s.passphrase)
    options.cert = s.certPem
    options.key = s.keyPem
    if (s.passphrase !== undefined) options.passphrase = s.passphrase
  }
  if (s.minVersion) options.minVersion = s.minVersion
  if (s.maxVersion) options.maxVersion = s.maxVersion
  if (s.ciphers) options.ciphers = s.ciphers
  if (s.session) options.session = s.session
  // tls.connect hands requestOCSP to its TLSSocket; @types/node declares it only on TLSSocketOptions
  if (s.requestOcsp) Object.assign(options, { requestOCSP: true })
  return { options, servername, verify: s.verify ?? true, sendsCertificate: Boolean(options.cert), requestOcsp: Boolean(s.requestOcsp) }
}

/** Opens a TCP connection, and TLS over it when asked; rejects with a WirebenchError naming the phase that failed. */
export async function connect(o: ConnectOptions): Promise<Connection> {
  const prepared = o.tls ? prepareTls(o.host, o.tls) : null
  if (o.signal?.aborted) throw new WirebenchError('CANCELLED', undefined, `Cancelled before connecting to ${o.host}:${o.port}.`)
  const target = `${o.host}:${o.port}`
  const tap = o.tap ? new ByteTap(typeof o.tap === 'object' ? o.tap.maxBytes : undefined) : null
  const sniff = tap ?? (prepared ? new ByteTap(SNIFF_BYTES) : null)
  const keylog = o.keylog ? ([] as string[]) : null
  if (tap) o.onTap?.(tap, keylog)

  return new Promise<Connection>((resolve, reject) => {
    const startedAt = performance.now()
    let lookupAt: number | null = null
    let connectedAt = startedAt
    let phase: 'connecting to' | 'in the TLS handshake with' = 'connecting to'
    let settled = false
    let secure: tls.TLSSocket | null = null
    let carrier: Duplex | null = null
    let ocspStaple: Buffer | null = null
    // No half-open TLS: when a TLS peer closes (as a server refusing our client certificate does), it is over.
    const many = o.addresses && o.addresses.length > 1 && !net.isIP(bareHost(o.host)) ? o.addresses : null
    const tcp = net.connect({
      host: many ? bareHost(o.host) : bareHost(o.addresses?.[0] ?? o.host),
      port: o.port,
      family: o.family ?? 0,
      allowHalfOpen: !prepared,
      // The caller's addresses as the "lookup" answer, given a tick later so the attempt listeners below see the first.
      ...(many ? { autoSelectFamily: true, lookup: ((_h: string, _o: unknown, cb: (e: null, a: { address: string; family: number }[]) => void) => process.nextTick(() => cb(null, many.map((a) => ({ address: a, family: net.isIP(a) }))))) as unknown as net.LookupFunction } : {})
    })
    if (many && o.onAttempt) {
      const report = (event: ConnectAttempt['event']) => (address: string, port: number, family: number, err?: Error) =>
        o.onAttempt?.({ address, port, family: family === 6 ? 6 : 4, event, at: performance.now(), ...(err ? { error: err.message } : {}) })
      tcp.on('connectionAttempt', report('attempt'))
      tcp.on('connectionAttemptFailed', report('failed'))
      tcp.on('connectionAttemptTimeout', report('timeout'))
    }

    const settle = (): void => {
      settled = true
      clearTimeout(timer)
      o.signal?.removeEventListener('abort', onAbort)
      tcp.off('error', fail)
      secure?.off('error', fail)
      secure?.off('close', closedEarly)
    }
    function fail(err: unknown): void {
      if (settled) return
      settle()
      secure?.destroy()
      carrier?.destroy()
      tcp.destroy()
      reject(namedCause(asWirebenchError(err)))
    }
    // A server that answered our ClientHello in plain text fails as "wrong version number": say what it is.
    function namedCause(e: WirebenchError): WirebenchError {
      if (phase !== 'in the TLS handshake with' || !sniff || !['TLS_HANDSHAKE_FAILED', 'ECONNRESET'].includes(e.code)) return e
      const answered = sniff.bytes('in')
      const words = plainTextAnswer(answered)
      if (words) return new WirebenchError('TLS_HANDSHAKE_FAILED', words, e.detail ?? e.message)
      // The server answered in TLS, then hung up without an alert: with our certificate sent, that is its verdict.
      if (answered.length > 0 && prepared?.sendsCertificate) return droppedAfterHandshake(target, true, e.detail ?? e.message, true)
      return e
    }
    function onAbort(): void {
      fail(new WirebenchError('CANCELLED', undefined, `Cancelled while ${phase} ${target}.`))
    }
    function closedEarly(): void {
      fail(new WirebenchError('TLS_HANDSHAKE_FAILED', `${target} closed the connection during the TLS handshake.`))
    }
    const succeed = (socket: Duplex, facts: TlsFacts | null, handshakeMs: number | null): void => {
      settle()
      resolve({
        socket,
        tcp,
        local: endpoint(tcp.localAddress, tcp.localPort, tcp.localFamily),
        remote: endpoint(tcp.remoteAddress, tcp.remotePort, tcp.remoteFamily),
        timings: {
          startedAt,
          lookupMs: lookupAt === null ? null : round(lookupAt - startedAt),
          connectMs: round(connectedAt - (lookupAt ?? startedAt)),
          handshakeMs
        },
        tls: facts,
        tap,
        keylog,
        ...(secure ? { tlsSession: sessionOf(secure) } : {}),
        ...(prepared?.requestOcsp ? { ocspStaple } : {})
      })
    }

    let timer = setTimeout(() => {
      fail(new WirebenchError('CONNECT_TIMEOUT', undefined, `No TCP connection to ${target} within ${o.connectTimeoutMs ?? DEFAULT_TIMEOUT_MS} ms.`))
    }, o.connectTimeoutMs ?? DEFAULT_TIMEOUT_MS)
    o.signal?.addEventListener('abort', onAbort, { once: true })
    tcp.once('lookup', () => {
      lookupAt = performance.now()
    })
    tcp.on('error', fail)
    tcp.once('connect', () => {
      connectedAt = performance.now()
      clearTimeout(timer)
      carrier = sniff ? new TappedStream(tcp, sniff) : tcp
      if (!prepared) {
        succeed(carrier, null, null)
        return
      }
      phase = 'in the TLS handshake with'
      timer = setTimeout(() => {
        fail(new WirebenchError('HANDSHAKE_TIMEOUT', undefined, `No TLS handshake with ${target} within ${o.handshakeTimeoutMs ?? DEFAULT_TIMEOUT_MS} ms.`))
      }, o.handshakeTimeoutMs ?? DEFAULT_TIMEOUT_MS)
      const s = tls.connect({ ...prepared.options, socket: carrier })
      secure = s
      if (carrier instanceof TappedStream) {
        const tapped = carrier
        // A peer that closes right after its last bytes: keep the transport until they are read (or the socket ends).
        tapped.holdOpen = () => !s.destroyed && !s.readableEnded && s.readableLength > 0
        s.once('end', () => tapped.release())
        s.once('close', () => tapped.release())
      }
      // Remembered from the start: the first ticket may come while the connector still waits for a verdict.
      s.on('session', (b: Buffer) => sessions.set(s, b))
      // Node reports the staple (or null: none sent) before 'secureConnect', in TLS 1.2 and 1.3 alike.
      if (prepared.requestOcsp) s.once('OCSPResponse', (r: Buffer | null | undefined) => (ocspStaple = r?.length ? r : null))
      if (keylog) s.on('keylog', (line: Buffer) => keylog.push(line.toString('latin1').trimEnd()))
      s.on('error', fail)
      s.once('close', closedEarly)
      s.once('close', () => tcp.destroy())
      s.once('secureConnect', () => {
        const handshakeMs = round(performance.now() - connectedAt)
        const verifyError = s.authorized ? null : String(s.authorizationError ?? 'UNABLE_TO_VERIFY_LEAF_SIGNATURE')
        const facts = tlsFactsOf(s, prepared.servername, verifyError)
        if (prepared.verify && verifyError) {
          fail(untrustedChainFailure(verifyError, facts.peerChain, verificationFailure(verifyError)))
          return
        }
        if ((facts.protocol !== 'TLSv1.3' && !prepared.sendsCertificate) || o.handshakeOnly) return succeed(s, facts, handshakeMs)
        // TLS 1.3 finishes before the server has judged our certificate (or its absence): its alert or close comes
        // a round trip later, a session ticket means it accepted us. Wait that long, so a refusal is not "connected".
        // A server that checks a client certificate only after its Finished (Node's does, in TLS 1.2 too) closes then.
        const verdict = (refusal: Error | null) => {
          if (settled) return
          clearTimeout(grace)
          s.off('session', accepted)
          if (refusal || s.destroyed) fail(droppedAfterHandshake(target, prepared.sendsCertificate, refusal?.message))
          else succeed(s, facts, handshakeMs)
        }
        const accepted = () => verdict(null)
        const refused = (err?: unknown) => verdict(err instanceof Error ? err : new Error(''))
        const grace = setTimeout(accepted, Math.min(1000, Math.max(200, 3 * (connectedAt - (lookupAt ?? startedAt)))))
        s.off('error', fail)
        s.off('close', closedEarly)
        s.once('session', accepted)
        s.once('error', refused)
        s.once('end', () => refused())
        s.once('close', () => refused())
      })
    })
  })
}

function tlsFactsOf(s: tls.TLSSocket, servername: string | null, verifyError: string | null): TlsFacts {
  const cipher = s.getCipher()
  const peerChain: Buffer[] = []
  const seen = new Set<string>()
  for (let c: tls.DetailedPeerCertificate | undefined = s.getPeerCertificate(true); c?.raw && !seen.has(c.fingerprint256); c = c.issuerCertificate) {
    seen.add(c.fingerprint256)
    peerChain.push(c.raw)
  }
  return {
    protocol: s.getProtocol(),
    cipher: cipher?.name ?? '',
    cipherStandardName: cipher?.standardName ?? '',
    alpn: typeof s.alpnProtocol === 'string' ? s.alpnProtocol : null,
    servername,
    verified: s.authorized,
    verifyError,
    peerChain,
    resumed: s.isSessionReused()
  }
}

const sessions = new WeakMap<tls.TLSSocket, Buffer>()

/** The newest session ticket the socket got (TLS 1.2: the session itself), waiting briefly for a TLS 1.3 ticket. */
function sessionOf(s: tls.TLSSocket): (waitMs: number) => Promise<Buffer | null> {
  return (waitMs) => {
    const now = sessions.get(s) ?? (s.getProtocol() === 'TLSv1.3' ? undefined : s.getSession())
    if (now || s.destroyed || waitMs <= 0) return Promise.resolve(now ?? null)
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer)
        s.off('session', done)
        s.off('close', done)
        resolve(sessions.get(s) ?? null)
      }
      const timer = setTimeout(done, waitMs)
      s.on('session', done)
      s.once('close', done)
    })
  }
}

/** OpenSSL's verification code (DEPTH_ZERO_SELF_SIGNED_CERT, …) as one of our certificate codes, the raw code kept. */
function verificationFailure(code: string): WirebenchError {
  const w = toWireError(Object.assign(new Error(`certificate verification failed: ${code}`), { code }))
  const known = w.code.startsWith('CERT_') || w.code === 'HOSTNAME_MISMATCH'
  return known ? new WirebenchError(w.code, w.message, w.detail) : new WirebenchError('CERT_UNTRUSTED', undefined, `certificate verification failed: ${code}`)
}

function asWirebenchError(err: unknown): WirebenchError {
  if (err instanceof WirebenchError) return err
  // Happy Eyeballs that tried every address fails with all their errors: the last one says enough.
  if (err instanceof AggregateError && err.errors.length) return asWirebenchError(err.errors[err.errors.length - 1])
  const w = toWireError(err)
  return new WirebenchError(w.code, w.message, w.detail)
}

function endpoint(address: string | undefined, port: number | undefined, family: string | undefined): Endpoint {
  return { address: address ?? '', port: port ?? 0, family: family === 'IPv6' ? 'IPv6' : 'IPv4' }
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100
}
