// Repeat a raw request N times, each over a new connection or all over one kept-alive connection, and summarise
// every phase as p50/p95, so the cost of connecting (and what reuse saves) is measured, not guessed. With TLS session
// resumption on, every new connection offers the session the previous one got, so what resumption saves shows too.
import { rm } from 'node:fs/promises'
import { WirebenchError } from '../../shared/errors'
import type { Finding } from '../../shared/findings'
import { exchange, openTarget, RAW_LIMITS, tlsSummary, type OpenTarget, type RawExchange, type RawOptions, type RawResult, type RawTarget, type RawTimings } from './raw'

export type PhaseName = keyof RawTimings
export type PhaseStats = Record<PhaseName, number | null>

export interface RepeatResult {
  n: number
  mode: 'sequential' | 'keep-alive'
  /** Each run's timings, in order; with keep-alive only the first has connection phases. */
  runs: RawTimings[]
  /** Status of each run. */
  statuses: number[]
  /** Connections opened (1 with keep-alive unless the server closed it). */
  connections: number
  /** With resumeTls over TLS: how many connections after the first resumed a session (RFC 8446 §2.2). */
  resumed?: number
  /** With resumeTls over TLS: per run, whether its connection was a resumed one (null: the run reused a connection). */
  resumedRuns?: (boolean | null)[]
  /** What the repeat itself found (HTTP/2: one connection or several, GOAWAY, a retried request). */
  findings?: Finding[]
  p50: PhaseStats
  p95: PhaseStats
  /** With keepFirst: the first run whole (body kept), so it is shown as THE response and N means N requests in all. */
  first?: RawResult
}

export const MAX_REPEAT = 1000
const PHASES: PhaseName[] = ['dnsMs', 'connectMs', 'tlsMs', 'sentMs', 'firstByteMs', 'downloadMs', 'totalMs']

/** Nearest-rank percentile of the runs where the phase happened; null when it happened in none. */
export function percentile(values: (number | null)[], p: number): number | null {
  const v = values.filter((x): x is number => x !== null).sort((a, b) => a - b)
  if (!v.length) return null
  return v[Math.min(v.length - 1, Math.max(0, Math.ceil((p / 100) * v.length) - 1))]!
}

export function summarize(runs: RawTimings[]): { p50: PhaseStats; p95: PhaseStats } {
  const at = (p: number): PhaseStats => Object.fromEntries(PHASES.map((k) => [k, percentile(runs.map((r) => r[k]), p)])) as PhaseStats
  return { p50: at(50), p95: at(95) }
}

/**
 * Sends `request` n times. keep-alive reuses one connection while the server keeps it open (a new one is opened when
 * it does not, counted in `connections`); each run has the full time budget. Stops at the first failed exchange.
 */
export interface RepeatOptions extends RawOptions {
  /** Offer each new connection the TLS session the previous one got (tickets or session ids), counting resumptions. */
  resumeTls?: boolean
  /** How long to wait for a TLS 1.3 ticket after the first exchange (it comes after the handshake). */
  ticketWaitMs?: number
  /** Keep the first run's exchange (body, connection facts) as `first`; an incomplete first run ends the repeat there. */
  keepFirst?: boolean
}

export async function repeatRaw(target: RawTarget, request: Uint8Array, n: number, mode: 'sequential' | 'keep-alive', o: RepeatOptions = {}): Promise<RepeatResult> {
  if (!Number.isInteger(n) || n < 1 || n > MAX_REPEAT) throw new WirebenchError('INVALID_INPUT', `Repeat between 1 and ${MAX_REPEAT} times.`)
  const budgetMs = o.limits?.budgetMs ?? RAW_LIMITS.budgetMs
  const runs: RawTimings[] = []
  const statuses: number[] = []
  let connections = 0
  let open: OpenTarget | null = null
  const resuming = Boolean(o.resumeTls && target.tls)
  let session: Buffer | undefined
  let resumed = 0
  const resumedRuns: (boolean | null)[] = []
  let first: RawResult | undefined
  try {
    for (let i = 0; i < n; i++) {
      if (o.signal?.aborted) throw new WirebenchError('CANCELLED', undefined, `Cancelled after ${i} of ${n} runs.`)
      let fresh: OpenTarget | undefined
      if (!open) {
        const t = resuming && session ? { ...target, tls: { ...target.tls!, session } } : target
        open = await openTarget(t, { ...o, connectTimeoutMs: budgetMs })
        connections++
        fresh = open
        if (resuming && connections > 1 && open.conn.tls?.resumed) resumed++
      }
      if (resuming) resumedRuns.push(fresh ? Boolean(fresh.conn.tls?.resumed) : null)
      const ex: RawExchange = await exchange(open.conn, request, o, fresh)
      const c = open.conn
      if (i === 0 && o.keepFirst) first = { ...ex, remote: { address: c.remote.address, port: c.remote.port }, local: { address: c.local.address, port: c.local.port }, tls: tlsSummary(c, target.tls?.caPem) }
      // A body spilled to disk is of no use to a repeat (only its timings are): its temp file goes at once.
      else if ('file' in ex.body) await rm(ex.body.file, { force: true })
      runs.push(ex.timings)
      statuses.push(ex.response.status)
      // The shown run's findings say why it was cut short; the repeat stops there.
      if (!ex.complete && first && i === 0) break
      if (!ex.complete) throw new WirebenchError('HTTP_ERROR', `Run ${i + 1} of ${n} did not complete: ${ex.findings.find((f) => f.severity === 'error')?.message ?? 'the response was cut short'}`)
      if (mode === 'sequential' || !ex.reusable) {
        // The ticket a TLS 1.3 server sends after the handshake has come by now, or comes within ticketWaitMs.
        if (resuming && open.conn.tlsSession) session = (await open.conn.tlsSession(session ? 0 : (o.ticketWaitMs ?? 250))) ?? session
        open.conn.socket.destroy()
        open = null
      }
    }
  } finally {
    open?.conn.socket.destroy()
  }
  return { n, mode, runs, statuses, connections, ...(resuming ? { resumed, resumedRuns } : {}), ...summarize(runs), ...(first ? { first } : {}) }
}
