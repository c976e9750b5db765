// HTTP/2 for the HTTP tab: the typed HTTP/1-style request sent as frames over THE connector (same lookup, connect, TLS
// timings and forced address as raw mode), ALPN h2 over TLS or prior knowledge in clear (RFC 9113 §3.2, §3.3); if
// the server picks http/1.1 the bytes go as typed. The answer has raw mode's shape plus every frame both ways.
import type { Http2Exchange } from '../../shared/contract/http'
import { WirebenchError } from '../../shared/errors'
import type { Finding } from '../../shared/findings'
import { h1ToH2 } from '../../shared/http/h1-to-h2'
import { runH2Session } from './h2-session'
import { rm } from 'node:fs/promises'
import { exchange, openTarget, RAW_LIMITS, type RawOptions, type RawResult, type RawTarget, type RawTimings } from './raw'
import { MAX_REPEAT, summarize, type RepeatResult } from './timings'

export interface H2Result extends RawResult {
  /** Present when the exchange was HTTP/2 (absent when the server chose http/1.1). */
  http2?: Http2Exchange
}

const r2 = (ms: number): number => Math.round(ms * 100) / 100

/** Sends `request` (HTTP/1-style text) as one HTTP/2 request on a new connection, which is closed after. */
export async function sendH2(target: RawTarget, request: Uint8Array, o: RawOptions = {}): Promise<H2Result> {
  const lim = { ...RAW_LIMITS, ...o.limits }
  const ctl = budget(lim.budgetMs, o.signal)
  try {
    // Offer h2 first unless the user named the protocols to offer (RFC 7301 §3.1).
    const tls = target.tls ? { ...target.tls, alpn: target.tls.alpn?.length ? target.tls.alpn : ['h2', 'http/1.1'] } : undefined
    const opened = await openTarget({ ...target, tls }, { ...o, signal: ctl.signal, connectTimeoutMs: lim.budgetMs }).catch((e) => {
      throw ctl.signal.reason instanceof WirebenchError ? ctl.signal.reason : e
    })
    const { conn } = opened
    const ends = {
      remote: { address: conn.remote.address, port: conn.remote.port },
      local: { address: conn.local.address, port: conn.local.port },
      tls: conn.tls ? { version: conn.tls.protocol ?? '', cipher: conn.tls.cipher, alpn: conn.tls.alpn } : null
    }
    try {
      if (conn.tls && conn.tls.alpn !== 'h2') {
        const chose = conn.tls.alpn ? `the server chose ${conn.tls.alpn}` : 'the server chose no protocol in ALPN'
        const note: Finding = { severity: 'warning', code: 'H2_NOT_NEGOTIATED', message: `HTTP/2 was asked for, but ${chose}, so the request went as HTTP/1.1, byte for byte as typed.`, source: 'RFC 9113 §3.2, RFC 7301 §3.2' }
        const ex = await exchange(conn, request, { ...o, signal: ctl.signal, limits: lim }, opened)
        return { ...ex, findings: [note, ...ex.findings], ...ends }
      }
      const bare = target.host.replace(/^\[|\]$/g, '')
      const defaultPort = conn.tls ? 443 : 80
      const fallbackAuthority = `${bare.includes(':') ? `[${bare}]` : bare}${target.port === defaultPort ? '' : `:${target.port}`}`
      // Small frames (SETTINGS ACK, WINDOW_UPDATE) must not wait for Nagle's algorithm, as curl also sets.
      conn.tcp.setNoDelay(true)
      const req = h1ToH2(request, { scheme: conn.tls ? 'https' : 'http', fallbackAuthority })
      const readyAt = performance.now()
      const out = await runH2Session(conn.socket, req, { limits: lim, spillDir: o.spillDir, signal: ctl.signal, start: opened.startedAt, cleartext: !conn.tls })
      const { sentAt, firstAt, lastAt } = out.at
      const end = lastAt ?? performance.now()
      const modeNote: Finding = conn.tls
        ? { severity: 'info', code: 'H2_ALPN', message: 'ALPN picked h2, so the request went as HTTP/2 frames.', source: 'RFC 9113 §3.2' }
        : { severity: 'info', code: 'H2_PRIOR_KNOWLEDGE', message: 'HTTP/2 in clear text with prior knowledge: the preface went first, with no Upgrade.', source: 'RFC 9113 §3.3' }
      return {
        requestBytes: request,
        requestBytesSent: out.sentBytes,
        response: out.head!,
        interim: out.interim,
        body: out.body,
        raw: out.raw,
        rawTotalBytes: out.rawTotalBytes,
        complete: out.complete,
        reusable: false,
        findings: [modeNote, ...req.findings, ...out.findings],
        timings: {
          dnsMs: opened.dnsMs,
          connectMs: opened.conn.timings.connectMs,
          tlsMs: opened.conn.timings.handshakeMs,
          sentMs: sentAt === null ? null : r2(sentAt - readyAt),
          // To the response's first HEADERS frame (a SETTINGS frame may come earlier).
          firstByteMs: firstAt === null ? null : r2(Math.max(0, firstAt - (sentAt ?? firstAt))),
          downloadMs: firstAt === null ? null : r2(end - firstAt),
          totalMs: r2(end - opened.startedAt)
        },
        ...ends,
        http2: out.http2
      }
    } finally {
      conn.socket.destroy()
    }
  } finally {
    ctl.dispose()
  }
}

/**
 * Sends the request n more times as HTTP/2, each over a new connection (one stream per connection here), and
 * summarises every phase as p50/p95. Stops at the first run that does not complete.
 */
export async function repeatH2(target: RawTarget, request: Uint8Array, n: number, o: RawOptions = {}): Promise<RepeatResult> {
  if (!Number.isInteger(n) || n < 1 || n > MAX_REPEAT) throw new WirebenchError('INVALID_INPUT', `Repeat between 1 and ${MAX_REPEAT} times.`)
  const runs: RawTimings[] = []
  const statuses: number[] = []
  for (let i = 0; i < n; i++) {
    if (o.signal?.aborted) throw new WirebenchError('CANCELLED', undefined, `Cancelled after ${i} of ${n} runs.`)
    const r = await sendH2(target, request, o)
    // Only the timings matter to a repeat: a body spilled to disk goes at once.
    if ('file' in r.body) await rm(r.body.file, { force: true })
    runs.push(r.timings)
    statuses.push(r.response.status)
    if (!r.complete) throw new WirebenchError('HTTP_ERROR', `Run ${i + 1} of ${n} did not complete: ${r.findings.find((f) => f.severity === 'error')?.message ?? 'the response was cut short'}`)
  }
  return { n, mode: 'sequential', runs, statuses, connections: n, ...summarize(runs) }
}

/** One signal for "cancelled by the caller" or "out of time"; its reason is the WirebenchError to report. */
function budget(ms: number, outer?: AbortSignal): { signal: AbortSignal; dispose(): void } {
  const c = new AbortController()
  const cancelled = (): WirebenchError => (outer?.reason instanceof WirebenchError ? outer.reason : new WirebenchError('CANCELLED', undefined, 'Cancelled before the response was complete.'))
  const timer = setTimeout(() => c.abort(new WirebenchError('TIMEOUT', `The exchange took longer than its ${ms} ms budget, so it was stopped.`)), ms)
  const onOuter = (): void => c.abort(cancelled())
  if (outer?.aborted) c.abort(cancelled())
  outer?.addEventListener('abort', onOuter, { once: true })
  return { signal: c.signal, dispose: () => { clearTimeout(timer); outer?.removeEventListener('abort', onOuter) } }
}
