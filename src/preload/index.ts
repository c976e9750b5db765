// The page's only door to main: exactly the contract's methods, each one IPC call, plus the event stream.
import { contextBridge, ipcRenderer } from 'electron'
import { METHOD_NAMES, type EventEnvelope } from '../shared/contract'
import { IPC_CHANNELS } from '../shared/contract/wire'

const { call: CALL_CHANNEL, events: EVENTS_CHANNEL } = IPC_CHANNELS

const methods = Object.fromEntries(
  METHOD_NAMES.map((name) => [name, (input: unknown) => ipcRenderer.invoke(CALL_CHANNEL, name, input)])
)

contextBridge.exposeInMainWorld('wirebench', {
  methods,
  onEvents(listener: (batch: EventEnvelope[]) => void): () => void {
    const handler = (_event: unknown, batch: EventEnvelope[]) => listener(batch)
    ipcRenderer.on(EVENTS_CHANNEL, handler)
    return () => ipcRenderer.off(EVENTS_CHANNEL, handler)
  }
})
