// HTTP: send a request's exact bytes to a target that is separate from its Host header (address forced or looked up,
// TLS or not), and answer what came back with socket timings. Sending waits on the network, so it is a job.
import { z } from 'zod'
import { job, method } from './define'
import type { Finding } from '../findings'
import type { StoredCookie } from '../http/cookies'

export const HTTP_INPUT_LIMITS = {
  /** The request as typed: head and body together. */
  requestBytes: 8 * 1024 * 1024,
  repeat: 1000,
  alpn: 8
} as const

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

export const httpTargetInput = z
  .object({
    /** The name looked up (and by default the SNI and the name the certificate must carry), or an IP. */
    host: z.string().trim().min(1, 'Enter a host name or address.').max(253),
    port: z.number().int().min(1, 'A port is 1 to 65535.').max(65_535, 'A port is 1 to 65535.'),
    tls: z.boolean().default(false),
    /** TLS: the SNI to send instead of `host` ('' sends none). */
    sni: z.string().trim().max(253).optional(),
    alpn: z.array(z.string().min(1).max(255)).max(HTTP_INPUT_LIMITS.alpn).optional(),
    /** TLS: skip certificate verification (off unless turned off knowingly). */
    insecure: z.boolean().default(false),
    /** Extra CA certificates (PEM) to trust. */
    caPem: z.string().max(1024 * 1024).optional()
  })
  .strict()

export const httpRawInput = z
  .object({
    target: httpTargetInput,
    /** The request's bytes, base64: sent exactly as they are. */
    requestBase64: z
      .string()
      .max(Math.ceil(HTTP_INPUT_LIMITS.requestBytes / 3) * 4, 'A request is at most 8 MiB.')
      .regex(BASE64, 'The request must be base64.'),
    /** Connect here instead of looking the host up, keeping SNI and verification on the host (curl --resolve). */
    address: z.string().trim().min(1).max(64).optional(),
    /** Send it this many more times and summarise each phase's timings (p50/p95). */
    repeat: z.number().int().min(1).max(HTTP_INPUT_LIMITS.repeat, `Repeat at most ${HTTP_INPUT_LIMITS.repeat} times.`).optional(),
    repeatMode: z.enum(['sequential', 'keep-alive']).default('sequential'),
    /**
     * 'http2': the typed HTTP/1-style request is sent as HTTP/2 frames (HEADERS with HPACK, DATA) when ALPN picks h2
     * (TLS; h2 is offered first) or with prior knowledge (cleartext, RFC 9113 §3.3). If the server picks http/1.1 the
     * bytes go as typed and a finding says so.
     */
    protocol: z.enum(['http1.1', 'http2']).default('http1.1'),
    /** The session's cookie jar: add a Cookie header from it (said in the request shown), store what Set-Cookie sets. */
    cookies: z.object({ send: z.boolean().default(false), store: z.boolean().default(false) }).strict().prefault({}),
    /** Repeat over new connections offering the first TLS session back (resumption), to show what it saves. */
    resumeTls: z.boolean().default(false)
  })
  .strict()

export type HttpRawInput = z.input<typeof httpRawInput>

/** Each phase's own duration in ms; null when the phase did not happen (no lookup for an IP, no TLS in clear). */
export interface HttpTimings {
  dnsMs: number | null
  connectMs: number | null
  tlsMs: number | null
  sentMs: number | null
  firstByteMs: number | null
  downloadMs: number | null
  totalMs: number
}

export interface HttpRawResult {
  request: {
    /** The bytes sent, as UTF-8 text when they are valid UTF-8, otherwise one character per byte (Latin-1). */
    raw: string
    /** The same bytes in base64 when `raw` is not their UTF-8 text. */
    rawBase64?: string
    bytesSent: number
  }
  response: {
    httpVersion: string
    status: number
    /** The server's reason phrase, as sent. */
    reason: string
    /** RFC 9110's name for the status (301 → Moved Permanently), whatever the server wrote. */
    statusWords: string
    headers: [string, string][]
    /** Length of the body after the transfer coding and content codings were undone. */
    bodyLength: number
    /** The body when it is text (UTF-8), up to `bodyShownBytes`. */
    body?: string
    /** The body when it is not text, up to `bodyShownBytes`. */
    bodyBase64?: string
    bodyShownBytes: number
    /** Content codings undone (gzip, deflate, br, zstd), in the order they were undone. */
    decoded: string[]
    /** A body too large to hold was written here (mode 0600), still encoded. */
    bodyFile?: string
    complete: boolean
    /** 1xx responses (100 Continue, 103 Early Hints) that came before this one (RFC 9110 §15.2). */
    interim?: { status: number; reason: string; headers: [string, string][] }[]
    /** The status line as sent, when it was not a valid one (the status then reads 0). */
    statusLine?: string
    /** The charset the text body was decoded with when it was not UTF-8 (Content-Type's charset, e.g. iso-8859-1). */
    bodyCharset?: string
    /** The raw response (framing included) up to 1 MiB, base64. */
    rawBase64: string
    rawTotalBytes: number
  }
  timings: HttpTimings
  remote: { address: string; port: number }
  local: { address: string; port: number }
  tls: HttpTlsSummary | null
  findings: Finding[]
  /** Present when the exchange was HTTP/2: every frame both ways with HPACK decoded. */
  http2?: Http2Exchange
  /** What the cookie jar did for this request (only when asked). */
  cookies?: HttpCookieReport
  repeat?: {
    n: number
    mode: 'sequential' | 'keep-alive'
    connections: number
    statuses: number[]
    p50: Record<keyof HttpTimings, number | null>
    p95: Record<keyof HttpTimings, number | null>
    /** With resumeTls: how many of the later connections resumed the first TLS session. */
    resumed?: number
    /** Each run's timings, in order, for the repeat chart. */
    runs?: HttpTimings[]
  }
}

export interface HttpTlsSummary {
  version: string
  cipher: string
  alpn: string | null
  /** The session was resumed (RFC 8446 §2.2), so no certificate was sent. */
  resumed?: boolean
  /** The chain as the server sent it, leaf first, DER base64 (for "Open in Certificates"). */
  chainBase64?: string[]
  /** The trusted root the chain ends in when it came from the trust store, not from the server, DER base64. */
  trustAnchorBase64?: string
  /** Whether the chain verified for the name, and if not, why (words). */
  verified?: boolean
  verifyError?: string
  servername?: string
}

/** One HTTP/2 frame as seen on the connection (RFC 9113 §4.1), newest last. */
export interface Http2FrameRow {
  dir: 'sent' | 'received'
  /** ms since the connection opened. */
  atMs: number
  type: string
  typeCode: number
  flags: string[]
  streamId: number
  length: number
  /** The frame's bytes (header + payload), base64, up to 64 KiB. */
  rawBase64: string
  /** One line in words: "SETTINGS MAX_CONCURRENT_STREAMS=128", "WINDOW_UPDATE +65535", "GOAWAY NO_ERROR last=1". */
  summary: string
  /** HEADERS/CONTINUATION/PUSH_PROMISE: the decoded header list, each with how HPACK encoded it. */
  headers?: { name: string; value: string; representation: string; index?: number }[]
}

export interface Http2Exchange {
  frames: Http2FrameRow[]
  /** Each side's HPACK dynamic table after the exchange (RFC 7541 §2.3.2), newest first, with its size in octets. */
  dynamicTable: { sent: { name: string; value: string }[]; received: { name: string; value: string }[]; sentSize: number; receivedSize: number }
  /** The peer's SETTINGS as received. */
  settings: Record<string, number>
  streamId: number
}

/** A cookie as the jar holds it (RFC 6265 §5.3): the shared cookie code's own record. */
export type JarCookie = StoredCookie

export interface HttpCookieReport {
  /** The Cookie header added to the request, or null when the jar had nothing for it. */
  sent: string | null
  stored: JarCookie[]
  /** Set-Cookie lines the jar refused, with why (RFC 6265 §5.3, prefixes in RFC 6265bis §4.1.3). */
  rejected: { line: string; reason: string }[]
}

export const httpMethods = {
  'http.raw': job<HttpRawResult>()(httpRawInput, "Send an HTTP request's exact bytes to a target and show the response with socket timings."),
  'http.jar.list': method<JarCookie[]>()(z.object({}).strict(), "The session's cookie jar."),
  'http.jar.delete': method<{ ok: true }>()(
    z.object({ name: z.string().max(4096), domain: z.string().max(253), path: z.string().max(4096) }).strict(),
    'Remove one cookie from the jar.'
  ),
  'http.jar.clear': method<{ ok: true }>()(z.object({}).strict(), 'Empty the cookie jar.')
} as const
