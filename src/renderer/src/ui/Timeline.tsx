// The phases of one exchange (DNS lookup, TCP connect, TLS handshake, first byte…) as bars on one time axis with
// their durations, so where the time went is visible at a glance.
import './ui.css'

export interface Phase {
  name: string
  /** Start relative to the first phase's origin, in ms. */
  startMs: number
  durationMs: number
}

export interface TimelineProps {
  phases: readonly Phase[]
  /** Shown when there are no phases yet. */
  empty?: string
  label?: string
  testId?: string
}

export function formatMs(ms: number): string {
  if (ms < 1) return `${ms.toFixed(2)} ms`
  if (ms < 100) return `${ms.toFixed(1)} ms`
  if (ms < 10_000) return `${Math.round(ms)} ms`
  return `${(ms / 1000).toFixed(1)} s`
}

export function Timeline({ phases, empty = 'No timings yet.', label = 'Timeline', testId }: TimelineProps) {
  if (phases.length === 0) {
    return (
      <p className="muted small timeline-empty" data-testid={testId}>
        {empty}
      </p>
    )
  }
  const origin = Math.min(...phases.map((p) => p.startMs))
  const total = Math.max(...phases.map((p) => p.startMs + p.durationMs)) - origin || 1
  return (
    <div className="timeline" role="list" aria-label={label} data-testid={testId}>
      {phases.map((p, i) => (
        <div className="tl-row" role="listitem" key={`${p.name}-${i}`}>
          <span className="tl-name">{p.name}</span>
          <span className="tl-track">
            <span
              className="tl-bar"
              style={{ left: `${((p.startMs - origin) / total) * 100}%`, width: `max(2px, ${(p.durationMs / total) * 100}%)` }}
              title={`${p.name}: starts at ${formatMs(p.startMs - origin)}, takes ${formatMs(p.durationMs)}`}
            />
          </span>
          <span className="tl-ms">{formatMs(p.durationMs)}</span>
        </div>
      ))}
      <div className="tl-row tl-total">
        <span className="tl-name">Total</span>
        <span className="tl-track" />
        <span className="tl-ms">{formatMs(total)}</span>
      </div>
    </div>
  )
}
