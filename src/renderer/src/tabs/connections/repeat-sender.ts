// "Send every N ms": a timer per stream that lives outside the components (a tab switch does not stop it), bounded
// in count and stopped by the user, by a failed send or by the stream closing.
import type { PayloadInput } from '../../../../shared/contract'
import { createStore } from '../../app/store'

export const REPEAT_MIN_MS = 10
export const REPEAT_MAX_MS = 3_600_000
export const REPEAT_MAX_COUNT = 10_000

export interface RepeatState {
  everyMs: number
  sent: number
  max: number
  running: boolean
  /** Why it stopped, when it was not the user or the count. */
  stopped: string | null
}

export const repeats = createStore({} as Record<string, RepeatState>)
const timers = new Map<string, ReturnType<typeof setTimeout>>()
/** A restarted repeat must not be advanced by the previous one's send still under way. */
const generations = new Map<string, number>()

function patch(key: string, next: Partial<RepeatState>): void {
  repeats.set((s) => ({ ...s, [key]: { ...(s[key] as RepeatState), ...next } }))
}

export function stopRepeat(key: string, why: string | null = null): void {
  generations.set(key, (generations.get(key) ?? 0) + 1)
  const timer = timers.get(key)
  if (timer !== undefined) clearTimeout(timer)
  timers.delete(key)
  if (repeats.get()[key]) patch(key, { running: false, stopped: why })
}

/** Checks the typed interval and count; answers the numbers or a sentence. */
export function repeatPlan(everyText: string, countText: string): { everyMs: number; max: number } | { error: string } {
  const everyMs = Number(everyText)
  const max = Number(countText)
  if (!Number.isInteger(everyMs) || everyMs < REPEAT_MIN_MS || everyMs > REPEAT_MAX_MS) return { error: `Send every ${REPEAT_MIN_MS} to ${REPEAT_MAX_MS.toLocaleString('en-US')} ms (a whole number).` }
  if (!Number.isInteger(max) || max < 1 || max > REPEAT_MAX_COUNT) return { error: `Repeat 1 to ${REPEAT_MAX_COUNT.toLocaleString('en-US')} times.` }
  return { everyMs, max }
}

/**
 * Sends `payload` now and then every `everyMs` until `max` sends, a stop, or a failed send. Each send waits for
 * the previous one's answer, so a slow peer slows the repeat rather than piling sends up.
 */
export function startRepeat(key: string, payload: PayloadInput, everyMs: number, max: number, send: (p: PayloadInput) => Promise<boolean>): void {
  stopRepeat(key)
  const generation = generations.get(key)
  repeats.set((s) => ({ ...s, [key]: { everyMs, sent: 0, max, running: true, stopped: null } }))
  const tick = async () => {
    timers.delete(key)
    const ok = await send(payload)
    const state = repeats.get()[key]
    if (!state?.running || generations.get(key) !== generation) return
    if (!ok) return stopRepeat(key, 'Stopped: a send failed.')
    const sent = state.sent + 1
    patch(key, { sent })
    if (sent >= max) return stopRepeat(key)
    timers.set(key, setTimeout(() => void tick(), everyMs))
  }
  void tick()
}
