// Where the time went, measured at the socket: DNS, TCP connect, TLS, sending, the wait for the first byte and the
// download as a waterfall to scale, each saying what it measures; the server's own Server-Timing metrics drawn inside
// the wait; and for repeats, p50/p95 per phase, connection reuse, TLS resumption and each run as a small chart.
import type { HttpRawResult } from '../../../../shared/contract/http'
import { serverTimingFrom } from '../../../../shared/http/server-timing'
import { formatMs } from '../../ui/Timeline'
import { ResponseRepeat } from './ResponseRepeat'
import { PHASES } from './response-format'

export function ResponseTimings({ result }: { result: HttpRawResult }) {
  const t = result.timings
  let at = 0
  const rows = PHASES.map((p) => {
    const ms = t[p.key]
    const row = { ...p, ms, start: at }
    if (ms !== null) at += ms
    return row
  })
  const total = Math.max(t.totalMs, at, 0.001)
  const pct = (ms: number): string => `${Math.min(100, (ms / total) * 100)}%`
  const st = serverTimingFrom(result.response.headers)
  const wait = rows.find((r) => r.key === 'firstByteMs')!
  return (
    <div className="resp-pane-body" data-testid="http-resp-timings">
      <p className="small muted">
        Measured on this machine at the socket, {result.remote.address}:{result.remote.port} from {result.local.address}:{result.local.port}. Bars are to scale on one axis of {formatMs(total)}.
      </p>
      <div className="resp-waterfall" role="list" aria-label="Timings waterfall" data-testid="http-resp-waterfall">
        {rows.map((r) => (
          <div key={r.key}>
            <div className="resp-wf-row" role="listitem" data-testid={`http-resp-phase-${r.key}`}>
              <span className="resp-wf-name">
                {r.name}
                <span className="resp-wf-words">{r.words}</span>
              </span>
              <span className="resp-wf-track">
                {r.ms !== null ? <span className={`resp-wf-bar ph-${r.key}`} style={{ left: pct(r.start), width: `max(2px, ${pct(r.ms)})` }} title={`${r.name}: from ${formatMs(r.start)}, ${formatMs(r.ms)}`} /> : null}
              </span>
              <span className="resp-wf-ms mono">{r.ms === null ? 'did not happen' : formatMs(r.ms)}</span>
            </div>
            {r.key === 'firstByteMs' && st.metrics.length && wait.ms !== null
              ? st.metrics.map((m, i) => (
                  <div className="resp-wf-row resp-wf-st" role="listitem" key={i} data-testid="http-resp-server-timing">
                    <span className="resp-wf-name">
                      <span className="mono">{m.name}</span>
                      <span className="resp-wf-words">
                        Server-Timing{m.description ? `: ${m.description}` : ''}
                        {m.hasDuration && m.durationMs > (wait.ms ?? 0) ? ' — longer than the wait measured here (the server’s clock, or work before the request arrived)' : ''}
                      </span>
                    </span>
                    <span className="resp-wf-track">
                      <span className="resp-wf-wait" style={{ left: pct(wait.start), width: pct(wait.ms ?? 0) }} />
                      {m.hasDuration ? <span className="resp-wf-bar st" style={{ left: pct(wait.start), width: `max(2px, ${pct(Math.min(m.durationMs, total - wait.start))})` }} title={`${m.name}: ${formatMs(m.durationMs)} as the server reports it`} /> : null}
                    </span>
                    <span className="resp-wf-ms mono">{m.hasDuration ? formatMs(m.durationMs) : '—'}</span>
                  </div>
                ))
              : null}
          </div>
        ))}
        <div className="resp-wf-row resp-wf-total" role="listitem">
          <span className="resp-wf-name">Total</span>
          <span className="resp-wf-track" />
          <span className="resp-wf-ms mono" data-testid="http-resp-total">
            {formatMs(t.totalMs)}
          </span>
        </div>
      </div>
      {t.totalMs - at > 1 ? (
        <p className="small muted" data-testid="http-resp-unaccounted">
          {formatMs(t.totalMs - at)} of the total falls outside these phases (between them: the engine’s own work and the event loop).
        </p>
      ) : null}
      {st.metrics.length ? (
        <p className="small muted">Server-Timing metrics (W3C Server Timing §3) are the server’s own numbers, drawn from the start of the wait; they are not measured here.</p>
      ) : (
        <p className="small muted">No Server-Timing header: the server did not say how it spent the wait.</p>
      )}
      {st.notes.map((n, i) => (
        <p key={i} className="small resp-note">
          {n}
        </p>
      ))}
      {result.repeat ? <ResponseRepeat repeat={result.repeat} /> : null}
    </div>
  )
}
