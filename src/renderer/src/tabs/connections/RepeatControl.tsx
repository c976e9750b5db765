// "Send every N ms, M times" under the composer, with its progress and a Stop; the timer itself is repeat-sender's.
import { useEffect, useState } from 'react'
import type { PayloadInput } from '../../../../shared/contract'
import { useStore } from '../../app/store'
import { repeatPlan, repeats, startRepeat, stopRepeat } from './repeat-sender'

/** Starts and stops the repeated send of the current draft on one stream. */
export function RepeatControl({ repeatKey, payload, onSend, disabled }: { repeatKey: string; payload: PayloadInput | null; onSend: (p: PayloadInput) => Promise<boolean>; disabled?: boolean }) {
  const state = useStore(repeats, (s) => s[repeatKey])
  const [every, setEvery] = useState('1000')
  const [count, setCount] = useState('10')
  const plan = repeatPlan(every, count)
  const running = state?.running ?? false
  useEffect(() => {
    if (disabled && running) stopRepeat(repeatKey, 'Stopped: the connection closed.')
  }, [disabled, running, repeatKey])
  return (
    <div className="repeat-row" role="group" aria-label="Repeat">
      <span className="muted">Repeat: every</span>
      <input value={every} onChange={(e) => setEvery(e.target.value)} aria-label="Repeat interval (ms)" inputMode="numeric" disabled={running} />
      <span className="muted">ms,</span>
      <input value={count} onChange={(e) => setCount(e.target.value)} aria-label="Repeat count" inputMode="numeric" disabled={running} />
      <span className="muted">times</span>
      {running ? (
        <button onClick={() => stopRepeat(repeatKey)}>Stop</button>
      ) : (
        <button onClick={() => 'everyMs' in plan && payload && startRepeat(repeatKey, payload, plan.everyMs, plan.max, onSend)} disabled={disabled || !payload || 'error' in plan} title={payload ? 'Send the message above again and again' : 'Type a message first'}>
          Start
        </button>
      )}
      {state ? (
        <span data-testid="repeat-progress">
          {state.sent} of {state.max} sent{state.running ? ` every ${state.everyMs} ms` : ''}
          {state.stopped ? ` — ${state.stopped}` : ''}
        </span>
      ) : null}
      {'error' in plan ? (
        <span className="field-error" role="alert">
          {plan.error}
        </span>
      ) : null}
    </div>
  )
}
