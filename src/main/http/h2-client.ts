// HTTP/2 for the HTTP tab: the typed HTTP/1-style request sent as frames over THE connector (same lookup, connect, TLS
// timings and forced address as raw mode), ALPN h2 over TLS or prior knowledge in clear (RFC 9113 §3.2, §3.3); if
// the server picks http/1.1 the bytes go as typed. The answer has raw mode's shape plus every frame both ways.
import { rm } from 'node:fs/promises'
import { WirebenchError } from '../../shared/errors'
import { repeatH2KeepAlive } from './h2-repeat'
import { h2Ends, h2Request, h2Result, h2Target, h2Timings, notNegotiated, type H2Result } from './h2-result'
import { runH2Session } from './h2-session'
import { exchange, openTarget, RAW_LIMITS, type RawOptions, type RawTarget, type RawTimings } from './raw'
import { budgetController } from './raw-io'
import { MAX_REPEAT, summarize, type RepeatResult } from './timings'

export type { H2Result }

/** Sends `request` (HTTP/1-style text) as one HTTP/2 request on a new connection, which is closed after. */
export async function sendH2(target: RawTarget, request: Uint8Array, o: RawOptions = {}): Promise<H2Result> {
  const lim = { ...RAW_LIMITS, ...o.limits }
  const ctl = budgetController(lim.budgetMs, o.signal)
  try {
    const opened = await openTarget(h2Target(target), { ...o, signal: ctl.signal, connectTimeoutMs: lim.budgetMs }).catch((e) => {
      throw ctl.signal.reason instanceof WirebenchError ? ctl.signal.reason : e
    })
    const { conn } = opened
    const ends = h2Ends(conn, target.tls?.caPem)
    try {
      if (conn.tls && conn.tls.alpn !== 'h2') {
        const ex = await exchange(conn, request, { ...o, signal: ctl.signal, limits: lim }, opened)
        return { ...ex, findings: [notNegotiated(conn, 'the request'), ...ex.findings], ...ends }
      }
      const req = h2Request(target, conn, request)
      const readyAt = performance.now()
      const out = await runH2Session(conn.socket, req, { limits: lim, spillDir: o.spillDir, signal: ctl.signal, start: opened.startedAt, cleartext: !conn.tls })
      return h2Result(request, req, out, h2Timings(out.at, readyAt, opened), ends)
    } finally {
      conn.socket.destroy()
    }
  } finally {
    ctl.dispose()
  }
}

export interface H2RepeatOptions extends RawOptions {
  /** Keep the first run whole (body, frames) as `first`, so it is shown as THE response and n means n requests. */
  keepFirst?: boolean
}

/**
 * Sends the request n times as HTTP/2 and summarises every phase as p50/p95: 'sequential' opens a new connection per
 * run; 'keep-alive' sends them as streams 1, 3, 5… on one connection (h2-repeat.ts). Stops at the first run that does
 * not complete.
 */
export async function repeatH2(target: RawTarget, request: Uint8Array, n: number, o: H2RepeatOptions = {}, mode: 'sequential' | 'keep-alive' = 'sequential'): Promise<RepeatResult> {
  if (!Number.isInteger(n) || n < 1 || n > MAX_REPEAT) throw new WirebenchError('INVALID_INPUT', `Repeat between 1 and ${MAX_REPEAT} times.`)
  if (mode === 'keep-alive') return repeatH2KeepAlive(target, request, n, o)
  const runs: RawTimings[] = []
  const statuses: number[] = []
  let first: H2Result | undefined
  for (let i = 0; i < n; i++) {
    if (o.signal?.aborted) throw new WirebenchError('CANCELLED', undefined, `Cancelled after ${i} of ${n} runs.`)
    const r = await sendH2(target, request, o)
    // Only the timings matter to a repeat: a body spilled to disk goes at once (the kept first run's stays).
    if (o.keepFirst && i === 0) first = r
    else if ('file' in r.body) await rm(r.body.file, { force: true })
    runs.push(r.timings)
    statuses.push(r.response.status)
    if (!r.complete) {
      // The kept first run is shown as it is, cut short or not.
      if (o.keepFirst && i === 0) break
      throw new WirebenchError('HTTP_ERROR', `Run ${i + 1} of ${n} did not complete: ${r.findings.find((f) => f.severity === 'error')?.message ?? 'the response was cut short'}`)
    }
  }
  return { n, mode: 'sequential', runs, statuses, connections: runs.length, ...summarize(runs), ...(first ? { first } : {}) }
}
