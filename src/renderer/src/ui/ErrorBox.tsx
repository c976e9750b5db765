// One way to show an error value: its words, its code, and the raw detail for those who want it.
import type { WireError } from '../../../shared/errors'

/** An error in words: the stable code, what it means, and the raw detail for the curious. */
export function ErrorBox({ error, onDismiss }: { error: WireError | null; onDismiss?: () => void }) {
  if (!error) return null
  return (
    <div className="error-box" role="alert">
      <div className="error-head">
        <span className="error-code">{error.code}</span>
        {onDismiss ? (
          <button className="link" onClick={onDismiss} aria-label="Dismiss error">
            ×
          </button>
        ) : null}
      </div>
      <div className="error-message">{error.message}</div>
      {error.detail && error.detail !== error.message ? <div className="error-detail">{error.detail}</div> : null}
    </div>
  )
}
