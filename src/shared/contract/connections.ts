// Connections: TCP and TLS clients, TCP/TLS and UDP servers, UDP datagrams.
import { z } from 'zod'
import type { WireError } from '../errors'
import { serverBehaviours, type ServerBehaviour } from '../net/behaviours'
import { event, job, method } from './define'
import { host, id, listenPort, payload, pem, remotePort, timeoutMs } from './common'

export const tlsClientOptions = z.object({
  /** SNI; defaults to the host when it is a name. Empty string sends none. */
  servername: z.string().max(253).optional(),
  alpn: z.array(z.string().min(1).max(255)).max(16).default([]),
  /** Certificate verification; turning it off is explicit. */
  verify: z.boolean().default(true),
  caPem: pem.optional(),
  certPem: pem.optional(),
  keyPem: pem.optional(),
  /** A private key held in this window's vault (Certificates tab), instead of keyPem. */
  keyId: z.string().max(64).optional(),
  passphrase: z.string().max(1024).optional()
})

export const connectInput = z
  .object({
    host,
    port: remotePort,
    family: z.union([z.literal(0), z.literal(4), z.literal(6)]).default(0),
    timeoutMs: timeoutMs.default(10_000),
    tls: tlsClientOptions.optional()
  })
  .strict()
export type ConnectInput = z.input<typeof connectInput>

export interface CertificateSummary {
  subject: string
  issuer: string
  validFrom: string
  validTo: string
  serialNumber: string
  fingerprint256: string
  subjectAltName?: string
}

export interface TlsInfo {
  protocol: string | null
  cipher: string
  cipherStandardName: string
  alpn: string | null
  servername: string | null
  verified: boolean
  /** Why verification failed (set when verify was off and the peer would not have passed). */
  verifyError: string | null
  peerCertificate: CertificateSummary | null
  /** The server's certificates, leaf first: as sent when verification failed, else the verified path. */
  peerChain?: CertificateSummary[]
}

export interface ConnectionInfo {
  id: string
  protocol: 'tcp' | 'tls'
  host: string
  remoteAddress: string
  remotePort: number
  localAddress: string
  localPort: number
  family: 'IPv4' | 'IPv6'
  connectedAt: number
  timings: { lookupMs: number | null; connectMs: number; tlsMs: number | null }
  tls: TlsInfo | null
  warning: string | null
}

/** A defence's time in ms: 0 is off, otherwise 100 ms to a day (less would close clients before they can type). */
const defenceMs = z
  .number()
  .int()
  .min(0)
  .max(86_400_000)
  .refine((ms) => ms === 0 || ms >= 100, { message: 'Use 0 (off) or at least 100 ms.' })

export const serverLimits = z
  .object({
    /** Close a client that sends nothing for this long (ms); 0 turns it off (a hand-typed session may pause). */
    idleTimeoutMs: defenceMs.default(30_000),
    /** The longest line the upper-case server buffers before refusing it (bytes). */
    maxLineLength: z.number().int().min(1).max(16 * 1024 * 1024).default(8192),
    /** Connections at once; more are refused at accept. */
    maxConnections: z.number().int().min(1).max(100_000).default(1000),
    /** Slowloris defence: a line must complete within this many ms of its first byte, or the client is closed. A
     *  "line" ends at a newline, or after maxLineLength bytes of a stream without newlines, so bulk data (a file
     *  sent to echo or discard) passes while a client dripping a byte every few seconds does not. A TLS
     *  handshake must complete within it too. 0 turns it off. */
    lineDeadlineMs: defenceMs.default(10_000)
  })
  .strict()
export type ServerLimits = z.output<typeof serverLimits>

export const tlsServerOptions = z.object({
  /** Generate a throwaway self-signed certificate for localhost instead of using certPem/keyPem. */
  selfSigned: z.boolean().default(false),
  certPem: pem.optional(),
  keyPem: pem.optional(),
  /** A private key held in this window's vault (Certificates tab), instead of keyPem. */
  keyId: z.string().max(64).optional(),
  passphrase: z.string().max(1024).optional(),
  /** mTLS: require a client certificate signed by clientCaPem. */
  requireClientCert: z.boolean().default(false),
  clientCaPem: pem.optional()
})

export { serverBehaviours, type ServerBehaviour }

export const serverStartInput = z
  .object({
    protocol: z.enum(['tcp', 'udp']).default('tcp'),
    host: host.default('127.0.0.1'),
    port: listenPort.default(0),
    behaviour: z.enum(serverBehaviours).default('echo'),
    fixedReply: payload.optional(),
    limits: serverLimits.default({ idleTimeoutMs: 30_000, maxLineLength: 8192, maxConnections: 1000, lineDeadlineMs: 10_000 }),
    tls: tlsServerOptions.optional()
  })
  .strict()
export type ServerStartInput = z.input<typeof serverStartInput>

export interface ServerStats {
  accepted: number
  active: number
  refusedMaxConnections: number
  idleTimeouts: number
  linesTooLong: number
  tlsFailures: number
  /** Clients closed for not completing a line within lineDeadlineMs (slowloris). */
  slowClients: number
  /** Connections closed to make room for a new one when all maxConnections slots were taken: the one that had
   *  finished no line (or TLS handshake) for the longest, at least 1 s, so held slots cannot keep real clients out. */
  evictions: number
  /** Times reading from a client was paused because it did not read its replies (over 1 MiB queued). */
  backpressurePauses: number
  bytesIn: number
  bytesOut: number
  datagrams: number
}

export interface ServerInfo {
  id: string
  protocol: 'tcp' | 'tls' | 'udp'
  behaviour: ServerBehaviour
  address: string
  port: number
  family: 'IPv4' | 'IPv6'
  startedAt: number
  limits: ServerLimits
  /** Set when the server listens beyond loopback. */
  warning: string | null
  tls: { selfSigned: boolean; subject: string; fingerprint256: string; certPem: string; requireClientCert: boolean } | null
  stats: ServerStats
  /** TLS servers: the latest failed handshakes, newest first, each with its reason in words. */
  failedHandshakes?: HandshakeFailure[]
}

/** A TLS handshake a server's client did not finish, and why (as the server saw it). */
export interface HandshakeFailure {
  remoteAddress: string
  remotePort: number
  /** ms since epoch */
  at: number
  reason: string
  /** OpenSSL's or Node's code, for those who search for it. */
  code: string | null
}

export interface ClientInfo {
  streamId: string
  serverId: string
  remoteAddress: string
  remotePort: number
  localAddress: string
  localPort: number
  connectedAt: number
  closedAt: number | null
  bytesIn: number
  bytesOut: number
  closeReason: string | null
  tls: { protocol: string | null; cipher: string; peerSubject: string | null; authorized: boolean } | null
}

export interface TranscriptEntry {
  /** ms since epoch */
  t: number
  dir: 'in' | 'out' | 'info'
  /** base64 of the bytes (empty for info) */
  data: string
  /** byte count, also when data was cut for display */
  length: number
  /** for info entries: what happened */
  note?: string
  /** for UDP: who sent or received it */
  peer?: string
}

export interface UdpSendResult {
  localAddress: string
  localPort: number
  remoteAddress: string
  remotePort: number
  bytes: number
  reply: { from: string; port: number; data: string; length: number; rttMs: number } | null
}

export interface UdpSocketInfo {
  id: string
  address: string
  port: number
  family: 'IPv4' | 'IPv6'
  warning: string | null
}

export const connectionMethods = {
  'tcp.connect': job<ConnectionInfo>()(connectInput, 'Open a TCP (or TLS) connection. A job: it can be cancelled while it connects.'),
  'tcp.send': method<{ bytes: number }>()(
    z.object({ id, payload }).strict(),
    'Send text or hex on a connection.'
  ),
  'tcp.end': method<{ ok: true }>()(z.object({ id }).strict(), 'Half-close: send FIN, keep reading.'),
  'tcp.close': method<{ ok: true }>()(z.object({ id }).strict(), 'Close a connection.'),
  'tcp.list': method<ConnectionInfo[]>()(z.object({}).strict(), 'The open client connections (TCP and TLS).'),
  'server.start': method<ServerInfo>()(serverStartInput, 'Start a TCP, TLS or UDP server.'),
  'server.stop': method<{ ok: true }>()(z.object({ id }).strict(), 'Stop a server and close its clients.'),
  'server.list': method<ServerInfo[]>()(z.object({}).strict(), 'The running servers with their counters.'),
  'server.clients': method<ClientInfo[]>()(
    z.object({ serverId: id }).strict(),
    "A server's clients, newest first (closed ones kept for a while)."
  ),
  'server.disconnect': method<{ ok: true }>()(
    z.object({ streamId: id }).strict(),
    'Close one client of a server.'
  ),
  'udp.send': method<UdpSendResult>()(
    z
      .object({
        host,
        port: remotePort,
        payload,
        waitForReplyMs: z.number().int().min(0).max(60_000).default(1000)
      })
      .strict(),
    'Send one datagram and wait briefly for a reply.'
  ),
  'udp.bind': method<UdpSocketInfo>()(
    z.object({ host: host.default('127.0.0.1'), port: listenPort.default(0) }).strict(),
    'Bind a UDP socket and report each datagram it receives.'
  ),
  'udp.close': method<{ ok: true }>()(z.object({ id }).strict(), 'Close a bound UDP socket.'),
  'udp.list': method<UdpSocketInfo[]>()(z.object({}).strict(), 'The bound UDP sockets.')
}

export const connectionEvents = {
  'stream.data': event<{ streamId: string; entries: TranscriptEntry[] }>(
    'Bytes in or out of a connection (client, server client or UDP socket), batched.'
  ),
  'stream.closed': event<{ streamId: string; reason: string; error: WireError | null }>(
    'A connection or socket closed.'
  ),
  'server.client': event<{ client: ClientInfo }>('A client connected, changed or left.', { batch: 'latest', key: (p) => p.client.streamId }),
  'server.handshakeFailed': event<{ serverId: string; failure: HandshakeFailure }>('A TLS client failed its handshake; the reason in words.'),
  'server.stats': event<{ serverId: string; stats: ServerStats }>('A server\'s counters changed.', { batch: 'latest', key: 'serverId' })
}
