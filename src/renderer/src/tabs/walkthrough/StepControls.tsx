// Stepping through a walkthrough: first, previous, play/pause, next, last, a step number to jump to and the landmarks
// (DNS, TCP, ClientHello … HTTP response). The same moves are keys on the viewer: ←/→ or k/j, Home/End, space.
import { useEffect, useMemo, useState } from 'react'
import { useStore } from '../../app/store'
import { first, go, last, next, prev, togglePlay } from './actions'
import { walkStore } from './store'
import { grouped } from '../../ui/numbers'
import { landmarks } from './walk-view'

export function StepControls() {
  const walk = useStore(walkStore, (s) => s.walk)
  const index = useStore(walkStore, (s) => s.index)
  const playing = useStore(walkStore, (s) => s.playing)
  const count = walk?.steps.length ?? 0
  const marks = useMemo(() => (walk ? landmarks(walk.steps) : []), [walk])
  const [jump, setJump] = useState(String(index + 1))
  useEffect(() => setJump(String(index + 1)), [index])
  if (!walk) return null
  const at = [...marks].reverse().find((m) => m.index <= index)
  return (
    <div className="walk-controls" role="toolbar" aria-label="Step controls">
      <button type="button" onClick={first} disabled={index === 0} title="First step (Home)" aria-label="First step">
        First
      </button>
      <button type="button" onClick={prev} disabled={index === 0} title="Previous step (← or k)" aria-label="Previous step">
        ◀ Prev
      </button>
      <button type="button" className={playing ? '' : 'primary'} onClick={togglePlay} disabled={count < 2} title="Play or pause (space)" aria-label={playing ? 'Pause' : 'Play'} data-testid="walk-play">
        {playing ? 'Pause' : '▶ Play'}
      </button>
      <button type="button" onClick={next} disabled={index >= count - 1} title="Next step (→ or j)" aria-label="Next step">
        Next ▶
      </button>
      <button type="button" onClick={last} disabled={index >= count - 1} title="Last step (End)" aria-label="Last step">
        Last
      </button>
      <form
        className="walk-jump"
        onSubmit={(e) => {
          e.preventDefault()
          const n = Number(jump)
          if (Number.isFinite(n)) go(n - 1)
        }}
      >
        <label className="inline">
          Step
          <input className="mono" inputMode="numeric" value={jump} onChange={(e) => setJump(e.target.value)} aria-label="Jump to step" />
        </label>
        <span className="small muted" data-testid="walk-position">
          of {grouped(count)}
        </span>
      </form>
      <label className="inline">
        Jump to
        <select value={at?.index ?? ''} onChange={(e) => go(Number(e.target.value))} aria-label="Jump to a landmark" data-testid="walk-landmark">
          {at ? null : <option value="">—</option>}
          {marks.map((m) => (
            <option key={m.label} value={m.index}>
              {m.label} (step {m.index + 1})
            </option>
          ))}
        </select>
      </label>
      <span className="small muted walk-keys">Keys: ← → (or k j) · Home End · space plays</span>
    </div>
  )
}
