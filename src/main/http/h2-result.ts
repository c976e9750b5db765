// What one HTTP/2 exchange becomes for the caller, on a fresh or a kept-alive connection: raw mode's shape (request,
// response, timings measured at the socket, the two ends, TLS) plus every frame, so sendH2 and the repeat agree.
import type { Connection } from '../tls'
import type { Http2Exchange } from '../../shared/contract/http'
import type { Finding } from '../../shared/findings'
import { h1ToH2, type H2RequestHeaders } from '../../shared/http/h1-to-h2'
import type { H2Outcome } from './h2-session'
import type { OpenTarget, RawResult, RawTarget, RawTimings } from './raw'
import { r2, tlsSummary } from './raw-target'

export interface H2Result extends RawResult {
  /** Present when the exchange was HTTP/2 (absent when the server chose http/1.1). */
  http2?: Http2Exchange
}

export type H2Ends = Pick<RawResult, 'remote' | 'local' | 'tls'>

/** The two ends and the TLS summary (chain as sent, verdict), as raw mode reports them. */
export function h2Ends(conn: Connection, caPem?: string): H2Ends {
  return {
    remote: { address: conn.remote.address, port: conn.remote.port },
    local: { address: conn.local.address, port: conn.local.port },
    tls: tlsSummary(conn, caPem)
  }
}

/** Offer h2 first unless the user named the protocols to offer (RFC 7301 §3.1). */
export function h2Target(target: RawTarget): RawTarget {
  return { ...target, tls: target.tls ? { ...target.tls, alpn: target.tls.alpn?.length ? target.tls.alpn : ['h2', 'http/1.1'] } : undefined }
}

/** The typed request as HTTP/2 fields for this connection (:scheme from TLS, :authority from Host or the target). */
export function h2Request(target: RawTarget, conn: Connection, request: Uint8Array): H2RequestHeaders {
  const bare = target.host.replace(/^\[|\]$/g, '')
  const defaultPort = conn.tls ? 443 : 80
  const fallbackAuthority = `${bare.includes(':') ? `[${bare}]` : bare}${target.port === defaultPort ? '' : `:${target.port}`}`
  // Small frames (SETTINGS ACK, WINDOW_UPDATE) must not wait for Nagle's algorithm, as curl also sets.
  conn.tcp.setNoDelay(true)
  return h1ToH2(request, { scheme: conn.tls ? 'https' : 'http', fallbackAuthority })
}

/** When ALPN picked something else than h2: the warning that the typed bytes went as HTTP/1.1. */
export function notNegotiated(conn: Connection, what: string): Finding {
  const chose = conn.tls?.alpn ? `the server chose ${conn.tls.alpn}` : 'the server chose no protocol in ALPN'
  return { severity: 'warning', code: 'H2_NOT_NEGOTIATED', message: `HTTP/2 was asked for, but ${chose}, so ${what} went as HTTP/1.1, byte for byte as typed.`, source: 'RFC 9113 §3.2, RFC 7301 §3.2' }
}

/**
 * One exchange's phases. `opened` is the fresh connection's own timings; without it (a stream on a kept-alive
 * connection) lookup, connect and TLS are null and the total counts from `readyAt`, when this request began.
 */
export function h2Timings(at: H2Outcome['at'], readyAt: number, opened?: OpenTarget): RawTimings {
  const { sentAt, firstAt, lastAt } = at
  const end = lastAt ?? performance.now()
  return {
    dnsMs: opened ? opened.dnsMs : null,
    connectMs: opened ? opened.conn.timings.connectMs : null,
    tlsMs: opened ? opened.conn.timings.handshakeMs : null,
    sentMs: sentAt === null ? null : r2(Math.min(sentAt, firstAt ?? sentAt) - readyAt),
    // To the response's first HEADERS frame (a SETTINGS frame may come earlier).
    firstByteMs: firstAt === null ? null : r2(firstAt - Math.min(sentAt ?? firstAt, firstAt)),
    downloadMs: firstAt === null ? null : r2(end - firstAt),
    totalMs: r2(end - (opened?.startedAt ?? readyAt))
  }
}

/** The caller's answer from a session's outcome. */
export function h2Result(request: Uint8Array, req: H2RequestHeaders, out: H2Outcome, timings: RawTimings, ends: H2Ends): H2Result {
  const modeNote: Finding = ends.tls
    ? { severity: 'info', code: 'H2_ALPN', message: 'ALPN picked h2, so the request went as HTTP/2 frames.', source: 'RFC 9113 §3.2' }
    : { severity: 'info', code: 'H2_PRIOR_KNOWLEDGE', message: 'HTTP/2 in clear text with prior knowledge: the preface went first, with no Upgrade.', source: 'RFC 9113 §3.3' }
  return {
    requestBytes: request,
    requestBytesSent: out.sentBytes,
    response: { ...out.head!, version: 'HTTP/2' },
    interim: out.interim,
    body: out.body,
    raw: out.raw,
    rawTotalBytes: out.rawTotalBytes,
    complete: out.complete,
    reusable: false,
    findings: [modeNote, ...req.findings, ...out.findings],
    timings,
    ...ends,
    http2: out.http2
  }
}
