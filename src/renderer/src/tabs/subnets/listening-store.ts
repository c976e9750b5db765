// The "listening here" view's state outside its component: main's last answer survives a tab switch.
import type { ListeningSockets } from '../../../../shared/contract'
import type { WireError } from '../../../../shared/errors'
import { api } from '../../app/api'
import { createStore } from '../../app/store'

export const listeningStore = createStore({
  result: null as ListeningSockets | null,
  error: null as WireError | null,
  busy: false,
  /** The port the last answer was narrowed to, or null for every port. */
  port: null as number | null,
  at: null as number | null
})

/** Asks main what listens here (on one port, or on all); a newer request wins over a slower older one. */
let latest = 0
export async function refreshListening(port: number | null): Promise<void> {
  const mine = ++latest
  listeningStore.set({ busy: true })
  const r = await api.call('system.listening', port === null ? {} : { port })
  if (mine !== latest) return
  listeningStore.set({ busy: false, port, at: Date.now(), result: r.ok ? r.value : null, error: r.ok ? null : r.error })
}
