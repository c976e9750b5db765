// An HTTP/2 repeat over one kept-alive connection: the same request as streams 1, 3, 5… one after another (RFC 9113
// §5.1.1), the HPACK tables and the connection window carried over, so what reuse saves is measured: only the first
// run pays DNS, TCP and TLS, and the later HEADERS shrink to a few indexes into the dynamic table (RFC 7541 §2.3.2).
// When the server sends GOAWAY (or closes before touching a request) a new connection is opened and counted.
import { rm } from 'node:fs/promises'
import { WirebenchError } from '../../shared/errors'
import type { Finding } from '../../shared/findings'
import type { H2RequestHeaders } from '../../shared/http/h1-to-h2'
import { h2Ends, h2Request, h2Result, h2Target, h2Timings, notNegotiated, type H2Result } from './h2-result'
import { H2Session, type H2Outcome } from './h2-session'
import { openTarget, RAW_LIMITS, type OpenTarget, type RawOptions, type RawTarget, type RawTimings } from './raw'
import { budgetController } from './raw-io'
import { repeatRaw, summarize, type RepeatResult } from './timings'

interface Live {
  opened: OpenTarget
  session: H2Session
  req: H2RequestHeaders
  /** Runs answered on this connection. */
  served: number
}

/** Octets of the request's header block (HEADERS + CONTINUATION) on the run's stream. */
const headerBlockOctets = (out: H2Outcome): number =>
  out.http2.frames.filter((f) => f.dir === 'sent' && f.streamId === out.http2.streamId && (f.type === 'HEADERS' || f.type === 'CONTINUATION')).reduce((n, f) => n + f.length, 0)

/**
 * Sends `request` n times over one HTTP/2 connection, one stream after another; a new connection only when the server
 * ends the one in use (GOAWAY, or a close before it answered), each counted and said. Each run has the full time
 * budget. If ALPN does not pick h2, the repeat goes as HTTP/1.1 keep-alive with the typed bytes, and says so.
 */
export async function repeatH2KeepAlive(target: RawTarget, request: Uint8Array, n: number, o: RawOptions & { keepFirst?: boolean } = {}): Promise<RepeatResult> {
  const lim = { ...RAW_LIMITS, ...o.limits }
  const offered = h2Target(target)
  let first: H2Result | undefined
  /** With keepFirst, the first connection keeps one frame list for all its streams, shown with the first run. */
  let firstSession: H2Session | undefined
  const runs: RawTimings[] = []
  const statuses: number[] = []
  const findings: Finding[] = []
  const blocks: number[] = []
  const lastStreams: number[] = []
  let connections = 0
  let live: Live | null = null
  const retire = async (l: Live, polite: boolean): Promise<void> => {
    if (polite) await l.session.close().catch(() => {})
    l.opened.conn.socket.destroy()
    lastStreams.push(l.served)
  }
  try {
    runs: for (let i = 0; i < n; i++) {
      if (o.signal?.aborted) throw new WirebenchError('CANCELLED', undefined, `Cancelled after ${i} of ${n} runs.`)
      const ctl = budgetController(lim.budgetMs, o.signal)
      try {
        for (let attempt = 0; ; attempt++) {
          let fresh: OpenTarget | undefined
          if (!live) {
            const opened = await openTarget(offered, { ...o, signal: ctl.signal, connectTimeoutMs: lim.budgetMs }).catch((e) => {
              throw ctl.signal.reason instanceof WirebenchError ? ctl.signal.reason : e
            })
            const { conn } = opened
            if (conn.tls && conn.tls.alpn !== 'h2') {
              conn.socket.destroy()
              if (runs.length) throw new WirebenchError('HTTP_ERROR', `Run ${i + 1} of ${n}: a new connection was needed, and on it ${notNegotiated(conn, 'nothing').message}`)
              const rep = await repeatRaw(offered, request, n, 'keep-alive', o)
              return { ...rep, findings: [notNegotiated(conn, 'the repeats'), ...(rep.findings ?? [])] }
            }
            connections++
            const req = h2Request(target, conn, request)
            live = { opened, session: new H2Session(conn.socket, { limits: lim, spillDir: o.spillDir, start: opened.startedAt, cleartext: !conn.tls, connectionLog: Boolean(o.keepFirst) && connections === 1 }), req, served: 0 }
            if (o.keepFirst && connections === 1) firstSession = live.session
            fresh = opened
          }
          const readyAt = performance.now()
          let out: H2Outcome
          try {
            out = await live.session.request(live.req, { signal: ctl.signal })
          } catch (e) {
            // Not processed by the server (RFC 9113 §8.7): sent again once, on a new connection.
            const again = live.session.refused && attempt === 0 && !ctl.signal.aborted
            const l: Live = live
            live = null
            await retire(l, false)
            if (!again) throw e
            findings.push({ severity: 'info', code: 'H2_RETRIED', message: `Run ${i + 1} was not processed on connection ${connections} (${e instanceof Error ? e.message : String(e)}), so it was sent again on a new connection.`, source: 'RFC 9113 §8.7' })
            continue
          }
          live.served++
          const timings = h2Timings(out.at, readyAt, fresh)
          // Only the timings matter to a repeat: a body spilled to disk goes at once (the kept first run's stays).
          if (o.keepFirst && i === 0) first = h2Result(request, live.req, out, timings, h2Ends(live.opened.conn, target.tls?.caPem))
          else if ('file' in out.body) await rm(out.body.file, { force: true })
          runs.push(timings)
          statuses.push(out.head!.status)
          blocks.push(headerBlockOctets(out))
          // The kept first run is shown as it is, cut short or not.
          if (!out.complete && first && i === 0) break runs
          if (!out.complete) throw new WirebenchError('HTTP_ERROR', `Run ${i + 1} of ${n} did not complete: ${out.findings.find((f) => f.severity === 'error')?.message ?? 'the response was cut short'}`)
          if (!live.session.usable) {
            const away = live.session.goaway
            if (away && i < n - 1) findings.push({ severity: 'info', code: 'H2_GOAWAY_REPEAT', message: `The server sent GOAWAY ${away.errorCode === 0 ? '(graceful)' : `(error ${away.errorCode})`} with last stream ${away.lastStreamId} after ${live.served} request${live.served === 1 ? '' : 's'} on connection ${connections}, so run ${i + 2} opened a new connection.`, source: 'RFC 9113 §6.8' })
            const l: Live = live
            live = null
            await retire(l, !away)
          }
          break
        }
      } finally {
        ctl.dispose()
      }
    }
    if (live) {
      const l: Live = live
      live = null
      await retire(l, true)
    }
  } finally {
    live?.opened.conn.socket.destroy()
  }
  if (blocks.length > 1) {
    const ids = ` (${lastStreams.join(', ')} requests on each)`
    findings.unshift({
      severity: 'info',
      code: 'H2_ONE_CONNECTION',
      message: `The ${runs.length} requests went one after another as streams 1, 3, 5… on ${connections === 1 ? 'one HTTP/2 connection' : `${connections} HTTP/2 connections`}${connections > 1 ? ids : ''}. HPACK's dynamic table carried over, so the header block went from ${blocks[0]} octets on the first stream to ${blocks[1]} on the second.`,
      source: 'RFC 9113 §5.1.1, RFC 7541 §2.3.2'
    })
  }
  if (first?.http2 && firstSession) first.http2 = { ...first.http2, ...firstSession.snapshot() }
  return { n, mode: 'keep-alive', runs, statuses, connections, findings, ...summarize(runs), ...(first ? { first } : {}) }
}
