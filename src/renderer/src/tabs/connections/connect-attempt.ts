// A client connect the user can give up on, with its timeout, and the settings each connection was opened with so
// a closed one can be opened again. tcp.connect is a job: Cancel stops it in main at whatever phase it is in (name
// lookup, TCP, TLS handshake), and the form is free at once.
import type { ConnectInput, ConnectionInfo, Result } from '../../../../shared/contract'
import { api } from '../../app/api'
import { createStore } from '../../app/store'

export const connectOptions = createStore({
  /** As typed, in seconds: the form speaks the user's unit. */
  timeoutSeconds: '10',
  /** The attempt under way, if any: what it is for and when it gives up. */
  pending: null as { label: string; startedAt: number; timeoutMs: number } | null
})

export const TIMEOUT_MIN_S = 0.1
export const TIMEOUT_MAX_S = 600

/** The typed timeout in ms, or a sentence saying what is wrong with it. */
export function timeoutMsOf(text: string): { ms: number } | { error: string } {
  const n = Number(text.trim())
  if (!text.trim() || !Number.isFinite(n) || n < TIMEOUT_MIN_S || n > TIMEOUT_MAX_S) {
    return { error: `The connect timeout is a number of seconds from ${TIMEOUT_MIN_S} to ${TIMEOUT_MAX_S}.` }
  }
  return { ms: Math.round(n * 1000) }
}

/** Settings per connection id, so "Reconnect" opens the same thing again (private keys stay in main: keyId only). */
const recipes = new Map<string, ConnectInput>()
export function recipeFor(id: string): ConnectInput | undefined {
  return recipes.get(id)
}

let cancelPending: (() => void) | null = null

/** Cancels the connect under way, if any; its call answers CANCELLED. */
export function cancelConnect(): void {
  cancelPending?.()
}

/** tcp.connect with the form's timeout, cancellable, remembering its settings for a reconnect. */
export function connectAttempt(input: Omit<ConnectInput, 'timeoutMs'> & { timeoutMs?: number }): Promise<Result<ConnectionInfo>> {
  let timeoutMs = input.timeoutMs
  if (timeoutMs === undefined) {
    const t = timeoutMsOf(connectOptions.get().timeoutSeconds)
    if ('error' in t) return Promise.resolve({ ok: false, error: { code: 'INVALID_INPUT', message: t.error } })
    timeoutMs = t.ms
  }
  const full: ConnectInput = { ...input, timeoutMs }
  cancelPending?.()
  return new Promise((resolve) => {
    let settled = false
    const done = (r: Result<ConnectionInfo>) => {
      settled = true
      if (cancelPending === cancel) cancelPending = null
      connectOptions.set({ pending: null })
      resolve(r)
    }
    let job: { cancel(): void } | null = null
    let cancelled = false
    const cancel = () => {
      cancelled = true
      job?.cancel()
      if (!settled) done({ ok: false, error: { code: 'CANCELLED', message: `Connecting to ${input.host}:${input.port} was cancelled.` } })
    }
    cancelPending = cancel
    connectOptions.set({ pending: { label: `${input.host}:${input.port}`, startedAt: Date.now(), timeoutMs } })
    void api
      .runJob('tcp.connect', full, {
        onStarted: (started) => {
          job = started
          if (cancelled) started.cancel()
        }
      })
      .then((r) => {
        if (settled) return
        if (r.ok) recipes.set(r.value.id, full)
        done(r)
      })
  })
}
