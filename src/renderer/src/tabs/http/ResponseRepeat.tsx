// A repeated request summarised: p50/p95 of each phase, how many connections it took (keep-alive reuses one), how
// many TLS sessions were resumed, the statuses seen, and every run as a stacked bar so outliers stand out.
import type { HttpRawResult, HttpTimings } from '../../../../shared/contract/http'
import { formatMs } from '../../ui/Timeline'
import { PHASES } from './response-format'

type Repeat = NonNullable<HttpRawResult['repeat']>

const fmt = (v: number | null): string => (v === null ? '—' : formatMs(v))

function statusSummary(statuses: number[]): string {
  const counts = new Map<number, number>()
  for (const s of statuses) counts.set(s, (counts.get(s) ?? 0) + 1)
  return [...counts].map(([s, n]) => `${n} × ${s}`).join(', ')
}

/** The part of a run's total outside the measured phases, drawn so each bar is as tall as its total. */
const OTHER = { key: 'other', name: 'Other' } as const

/** Runs drawn at most: beyond this, one bar per group of runs (their mean), so the chart stays a few hundred shapes. */
const MAX_BARS = 200

function RunChart({ runs }: { runs: HttpTimings[] }) {
  const group = Math.ceil(runs.length / MAX_BARS)
  const bars: HttpTimings[] = []
  for (let i = 0; i < runs.length; i += group) {
    const g = runs.slice(i, i + group)
    const mean = (k: keyof HttpTimings): number | null => (g.every((r) => r[k] === null) ? null : g.reduce((n, r) => n + (r[k] ?? 0), 0) / g.length)
    bars.push({ dnsMs: mean('dnsMs'), connectMs: mean('connectMs'), tlsMs: mean('tlsMs'), sentMs: mean('sentMs'), firstByteMs: mean('firstByteMs'), downloadMs: mean('downloadMs'), totalMs: mean('totalMs') ?? 0 })
  }
  const max = Math.max(...bars.map((b) => b.totalMs), 0.001)
  const w = 600
  const h = 120
  const bw = w / bars.length
  return (
    <figure className="resp-runs">
      <svg viewBox={`0 0 ${w} ${h}`} preserveAspectRatio="none" role="img" aria-label={`Total time of each of ${runs.length} runs, tallest ${formatMs(max)}`} data-testid="http-resp-run-chart">
        {bars.map((b, i) => {
          let y = h
          return (
            <g key={i}>
              {[...PHASES, OTHER].map((p) => {
                const v = p.key === 'other' ? Math.max(0, b.totalMs - PHASES.reduce((n, q) => n + (b[q.key] ?? 0), 0)) : (b[p.key] ?? 0)
                const bh = (v / max) * h
                y -= bh
                return v > 0 ? (
                  <rect key={p.key} className={`ph-${p.key}`} x={i * bw + 0.5} y={y} width={Math.max(0.5, bw - 1)} height={bh}>
                    <title>{`Run ${i * group + 1}: ${p.name} ${formatMs(v)}`}</title>
                  </rect>
                ) : null
              })}
            </g>
          )
        })}
      </svg>
      <figcaption className="small muted">
        Each bar is one run{group > 1 ? ` (the mean of ${group} runs)` : ''}, stacked by phase; tallest {formatMs(max)}.
        <span className="resp-legend">
          {[...PHASES, OTHER].map((p) => (
            <span key={p.key}>
              <span className={`resp-swatch ph-${p.key}`} /> {p.name}
            </span>
          ))}
        </span>
      </figcaption>
    </figure>
  )
}

export function ResponseRepeat({ repeat }: { repeat: Repeat }) {
  return (
    <div className="card resp-repeat" data-testid="http-resp-repeat">
      <h4>
        Repeated {repeat.n} time{repeat.n === 1 ? '' : 's'}, {repeat.mode === 'keep-alive' ? 'over one kept-alive connection where the server allowed' : 'each on a new connection'}
      </h4>
      <p className="small">
        {repeat.connections} connection{repeat.connections === 1 ? '' : 's'} opened
        {repeat.mode === 'keep-alive' ? ' (a reused connection skips DNS, connect and TLS: RFC 9112 §9.3)' : ''}
        {repeat.resumed !== undefined ? `; ${repeat.resumed} of the later TLS handshakes resumed the first session (no certificate sent, RFC 8446 §2.2)` : ''}. Statuses: {statusSummary(repeat.statuses)}.
      </p>
      <div className="resp-ptable" role="table" aria-label="Percentiles per phase">
        <div role="row" className="resp-prow resp-hhead">
          <span role="columnheader">Phase</span>
          <span role="columnheader">p50</span>
          <span role="columnheader">p95</span>
        </div>
        {[...PHASES.map((p) => [p.key, p.name] as const), ['totalMs', 'Total'] as const].map(([k, name]) => (
          <div role="row" className="resp-prow" key={k}>
            <span role="cell">{name}</span>
            <span role="cell" className="mono">
              {fmt(repeat.p50[k])}
            </span>
            <span role="cell" className="mono">
              {fmt(repeat.p95[k])}
            </span>
          </div>
        ))}
      </div>
      {repeat.runs?.length ? <RunChart runs={repeat.runs} /> : null}
    </div>
  )
}
