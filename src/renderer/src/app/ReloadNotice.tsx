// After a reload main has closed what the old page had open (its session ended); this says what, once.
import { dismissReloadNotice, heldStore } from './held'
import { useStore } from './store'

export function ReloadNotice() {
  const closed = useStore(heldStore, (s) => s.closedOnReload)
  if (!closed) return null
  return (
    <div className="reload-notice" role="status" data-testid="reload-notice">
      <span>Closed when the page reloaded: {closed.map((i) => i.label).join(', ')}.</span>
      <button className="link" onClick={dismissReloadNotice} aria-label="Dismiss the reload notice">
        Dismiss
      </button>
    </div>
  )
}
