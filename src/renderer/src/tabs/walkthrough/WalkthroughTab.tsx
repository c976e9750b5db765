// Walkthrough: record a real request (a URL, or the HTTP tab's request) and step through it from the DNS question to
// the last byte — a sequence diagram with time to scale, each step's layer, bytes, fields and RFC — or compare TLS 1.2
// with 1.3 for the same host. State lives in ./store, so a tab switch (even while playing) loses nothing.
import { useDeferredValue, useEffect, useRef, type KeyboardEvent } from 'react'
import { useField, useStore } from '../../app/store'
import { typingInto } from '../../app/tab-registry'
import { onRovingKeyDown, rovingTabIndex } from '../../ui/roving-focus'
import { first, last, next, prev, togglePlay } from './actions'
import { CompareSection } from './CompareSection'
import { SequenceDiagram } from './SequenceDiagram'
import { StepControls } from './StepControls'
import { StepDetail } from './StepDetail'
import { walkStore, type Section } from './store'
import { WalkForm } from './WalkForm'
import { WalkSummary } from './WalkSummary'
import { stepKey } from './walk-view'
import './walkthrough.css'

const SECTIONS: { id: Section; label: string }[] = [
  { id: 'walk', label: 'Walk a request' },
  { id: 'compare', label: 'TLS 1.2 vs 1.3' }
]

const MOVES = { next, prev, first, last, play: togglePlay }

/** Keys that step, unless the key belongs to what has focus: text, a tab strip, a segmented control, the byte tree or hex. */
function onViewerKey(e: KeyboardEvent<HTMLElement>): void {
  if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey || typingInto(e.target)) return
  const target = e.target as HTMLElement
  if (target.closest('[role="tablist"], [role="radiogroup"], .bytetree, .hexview, select, details > summary')) return
  const move = stepKey(e.key)
  if (!move) return
  // Space on a button is that button's click; it is not "play".
  if (move === 'play' && target.closest('button')) return
  e.preventDefault()
  MOVES[move]()
}

/** The walkthrough last brought into view: a new one is scrolled to and focused once, a tab switch back is not. */
let broughtIntoView: string | null = null

function Viewer() {
  const walk = useStore(walkStore, (s) => s.walk)
  const index = useStore(walkStore, (s) => s.index)
  const viewer = useRef<HTMLElement>(null)
  // The list's highlight follows a key at once; the step's detail (bytes, tree) renders after it, in slices React
  // can interrupt, so holding a key down never piles up work.
  const detailIndex = useDeferredValue(index)
  useEffect(() => {
    if (!walk || walk.id === broughtIntoView) return
    broughtIntoView = walk.id
    // A new walkthrough: its steps fill the view and take the keys, at the next frame: scrolling or focusing here would
    // force the layout of the whole new walk inside the task that shows it.
    const el = viewer.current
    const frame = requestAnimationFrame(() => {
      el?.scrollIntoView({ block: 'start' })
      el?.querySelector<HTMLElement>('.walk-steps .vlist')?.focus({ preventScroll: true })
    })
    return () => cancelAnimationFrame(frame)
  }, [walk])
  if (!walk) {
    return (
      <div className="empty-state walk-empty">
        <h2>Step through your own request</h2>
        <p>
          Enter a URL and press Walk: Wirebench looks the name up, connects, shakes hands and sends the request, recording every step with its real bytes and times — the DNS question and answer, TCP (its
          packets where capture is allowed), every TLS record decrypted with this connection’s own keys, and HTTP. Each step says what happened, at which layer, field by field, with the RFC it
          comes from.
        </p>
      </div>
    )
  }
  return (
    <>
      <WalkSummary walk={walk} />
      <section className="walk-viewer" ref={viewer} aria-label="Walkthrough steps" onKeyDown={onViewerKey} data-testid="walk-viewer">
        <StepControls />
        <div className="walk-panes">
          <SequenceDiagram walk={walk} index={index} />
          <StepDetail walk={walk} index={detailIndex} />
        </div>
      </section>
    </>
  )
}

export function WalkthroughTab() {
  const [section, setSection] = useField(walkStore, 'section')
  return (
    <div className="walk-tab">
      <div className="subnav" role="tablist" aria-label="Walkthrough sections" onKeyDown={onRovingKeyDown}>
        {SECTIONS.map((s) => (
          <button key={s.id} role="tab" aria-selected={section === s.id} tabIndex={rovingTabIndex(section === s.id)} className={`subtab ${section === s.id ? 'active' : ''}`} onClick={() => setSection(s.id)}>
            {s.label}
          </button>
        ))}
      </div>
      <div className="walk-body">
        {section === 'walk' ? (
          <>
            <WalkForm />
            <Viewer />
          </>
        ) : (
          <CompareSection />
        )}
      </div>
    </div>
  )
}
