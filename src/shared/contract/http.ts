// HTTP: send a request's exact bytes to a target that is separate from its Host header (address forced or looked up,
// TLS or not), and answer what came back with socket timings. Sending waits on the network, so it is a job.
import { z } from 'zod'
import { job } from './define'
import type { Finding } from '../findings'

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
    repeatMode: z.enum(['sequential', 'keep-alive']).default('sequential')
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
    /** The raw response (framing included) up to 1 MiB, base64. */
    rawBase64: string
    rawTotalBytes: number
  }
  timings: HttpTimings
  remote: { address: string; port: number }
  local: { address: string; port: number }
  tls: { version: string; cipher: string; alpn: string | null } | null
  findings: Finding[]
  repeat?: {
    n: number
    mode: 'sequential' | 'keep-alive'
    connections: number
    statuses: number[]
    p50: Record<keyof HttpTimings, number | null>
    p95: Record<keyof HttpTimings, number | null>
  }
}

export const httpMethods = {
  'http.raw': job<HttpRawResult>()(httpRawInput, "Send an HTTP request's exact bytes to a target and show the response with socket timings.")
} as const
