// The client form's connect timeout (in seconds, the user's unit) and the Cancel button shown while connecting.
import { useEffect, useState } from 'react'
import { useField, useStore } from '../../app/store'
import { cancelConnect, connectOptions, timeoutMsOf } from './connect-attempt'
import './stream-tools.css'

/** "Connect timeout (s)", checked as typed. */
export function ConnectTimeoutField() {
  const [seconds, setSeconds] = useField(connectOptions, 'timeoutSeconds')
  const check = timeoutMsOf(seconds)
  return (
    <label>
      Connect timeout (seconds)
      <input value={seconds} onChange={(e) => setSeconds(e.target.value)} aria-label="Connect timeout" inputMode="decimal" className={'error' in check ? 'invalid' : ''} />
      {'error' in check ? <span className="field-error">{check.error}</span> : null}
    </label>
  )
}

/** While a connect is under way: how long it has run against its timeout, and a way to stop waiting. */
export function CancelConnect() {
  const pending = useStore(connectOptions, (s) => s.pending)
  const [, tick] = useState(0)
  useEffect(() => {
    if (!pending) return
    const timer = setInterval(() => tick((n) => n + 1), 250)
    return () => clearInterval(timer)
  }, [pending])
  if (!pending) return null
  const waited = ((Date.now() - pending.startedAt) / 1000).toFixed(1)
  return (
    <div className="connecting-line" role="status">
      <span className="muted">
        Connecting to {pending.label}… {waited} s of {pending.timeoutMs / 1000} s
      </span>{' '}
      <button type="button" onClick={cancelConnect}>
        Cancel
      </button>
    </div>
  )
}
