// "Reconnect" on a closed client connection: the same host, port and TLS settings, opened again as a new connection.
import { useState } from 'react'
import type { ConnectInput } from '../../../../shared/contract'
import type { WireError } from '../../../../shared/errors'
import { useStore } from '../../app/store'
import { connectAttempt, connectOptions, recipeFor } from './connect-attempt'
import { addItem, connectionsStore } from './store'

/** The settings to reopen a stream with: those it was opened with, or (after a reload) a plain TCP one's address. */
function settingsFor(streamId: string): Omit<ConnectInput, 'timeoutMs'> | null {
  const recipe = recipeFor(streamId)
  if (recipe) {
    const { timeoutMs: _, ...rest } = recipe
    return rest
  }
  const item = connectionsStore.get().items.find((i) => i.id === streamId)
  if (item?.kind !== 'conn' || item.info.protocol !== 'tcp') return null
  return { host: item.info.host, port: item.info.remotePort }
}

/** A button on a closed client connection's transcript that opens the same connection again. */
export function Reconnect({ streamId }: { streamId: string }) {
  const isClient = useStore(connectionsStore, (s) => s.items.some((i) => i.id === streamId && i.kind === 'conn'))
  const busy = useStore(connectOptions, (s) => s.pending !== null)
  const [error, setError] = useState<WireError | null>(null)
  const settings = isClient ? settingsFor(streamId) : null
  if (!settings) return null
  const reconnect = async () => {
    setError(null)
    const r = await connectAttempt(settings)
    if (r.ok) addItem({ kind: 'conn', id: r.value.id, info: r.value })
    else setError(r.error)
  }
  return (
    <>
      <button className="reconnect" onClick={() => void reconnect()} disabled={busy} title="Open a new connection with the same settings">
        {busy ? 'Connecting…' : 'Reconnect'}
      </button>
      {error ? (
        <span className="bad" role="alert">
          {' '}
          {error.message}
        </span>
      ) : null}
    </>
  )
}
