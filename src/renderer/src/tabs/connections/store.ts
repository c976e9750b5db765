// The Connections tab's state, kept outside its components so switching tabs loses nothing: what is open and
// selected, every form as typed, drafts per connection, and the client picked per server.
import type { ServerBehaviour, UdpSendResult } from '../../../../shared/contract'
import type { WireError } from '../../../../shared/errors'
import { createStore } from '../../app/store'
import { heldStore, refreshHeld, type HeldState } from '../../app/held'
import type { OpenItem } from './model'

export type Mode = 'client' | 'server' | 'udp'

export const connectionsStore = createStore({
  mode: 'client' as Mode,
  items: [] as OpenItem[],
  selected: null as string | null,
  /** Per server id: the client whose transcript is shown. */
  serverClient: {} as Record<string, string>,
  transcriptMode: 'text' as 'text' | 'hex'
})

export const clientForm = createStore({
  host: '127.0.0.1',
  port: '',
  useTls: false,
  servername: '',
  alpn: '',
  verify: true,
  caPem: '',
  certPem: '',
  keyPem: '',
  keyId: null as string | null
})

export const serverForm = createStore({
  protocol: 'tcp' as 'tcp' | 'udp',
  host: '127.0.0.1',
  port: '0',
  behaviour: 'echo' as ServerBehaviour,
  // Typed with escapes: \r, \n, \t and \\ become CR, LF, tab and a backslash when sent.
  fixedReply: 'HTTP/1.1 200 OK\\r\\nContent-Type: text/plain\\r\\nContent-Length: 3\\r\\nConnection: close\\r\\n\\r\\nok\\n',
  idleSeconds: '30',
  idleOff: false,
  lineDeadlineSeconds: '10',
  lineDeadlineOff: false,
  maxLine: '8192',
  maxConnections: '1000',
  useTls: false,
  selfSigned: true,
  certPem: '',
  keyPem: '',
  keyId: null as string | null,
  requireClientCert: false,
  clientCaPem: ''
})

export const udpForm = createStore({
  host: '127.0.0.1',
  port: '',
  bindHost: '127.0.0.1',
  bindPort: '0',
  /** The last send's result; a new send clears it, so an old reply never sits under a new error. */
  result: null as UdpSendResult | null,
  /** Each action's error, shown by its own button. */
  sendError: null as WireError | null,
  bindError: null as WireError | null
})

/** What the composer holds per stream (or "udp" for the datagram form), so a half-typed message survives. */
export const composerDrafts = createStore({} as Record<string, { format: 'text' | 'hex'; lineEnding: 'none' | 'lf' | 'crlf'; data: string }>)

export function addItem(item: OpenItem): void {
  connectionsStore.set((s) => ({ ...s, items: [item, ...s.items.filter((i) => i.id !== item.id)], selected: item.id }))
  // Main just said it holds this: show it at once, then let main's own list (and the reload memory) confirm.
  heldStore.set((h) => ({
    ...h,
    servers: item.kind === 'server' ? [...h.servers.filter((v) => v.id !== item.id), item.info] : h.servers,
    connections: item.kind === 'conn' ? [...h.connections.filter((c) => c.id !== item.id), item.info] : h.connections,
    udp: item.kind === 'udp' ? [...h.udp.filter((u) => u.id !== item.id), item.info] : h.udp
  }))
  void refreshHeld()
}

/** Ids the page closed: a listing already on its way must not bring them back. */
const closedHere = new Set<string>()

export function removeItem(id: string): void {
  closedHere.add(id)
  connectionsStore.set((s) => ({ ...s, items: s.items.filter((i) => i.id !== id), selected: s.selected === id ? null : s.selected }))
}

/** Anything main holds that the tab does not list yet joins the list, so nothing open is ever out of reach. */
function adopt(held: HeldState): void {
  const known = new Set([...connectionsStore.get().items.map((i) => i.id), ...closedHere])
  const missing: OpenItem[] = [
    ...held.servers.filter((s) => !known.has(s.id)).map((info): OpenItem => ({ kind: 'server', id: info.id, info })),
    ...held.connections.filter((c) => !known.has(c.id)).map((info): OpenItem => ({ kind: 'conn', id: info.id, info })),
    ...held.udp.filter((u) => !known.has(u.id)).map((info): OpenItem => ({ kind: 'udp', id: info.id, info }))
  ]
  if (missing.length > 0) connectionsStore.set((s) => ({ ...s, items: [...s.items, ...missing] }))
}
heldStore.subscribe(() => adopt(heldStore.get()))
adopt(heldStore.get())
