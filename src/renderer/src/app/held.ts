// What main holds for this page (servers, client connections, UDP sockets, vault keys), listed from main when the
// app starts and when a tab mounts, so the page can always show and close it. A reloaded page gets a new session
// (main closed the old one's sockets): what was open is remembered in sessionStorage so the page can say so.
import type { ConnectionInfo, ServerInfo, UdpSocketInfo, WsInfo } from '../../../shared/contract'
import type { GeneratedKeyInfo } from '../../../shared/x509/types'
import { api } from './api'
import { createStore } from './store'

export interface HeldItem {
  kind: 'server' | 'conn' | 'udp' | 'ws'
  id: string
  /** What a person would call it: "TCP server 127.0.0.1:4000", "TLS client to 127.0.0.1:443". */
  label: string
}

export interface HeldState {
  servers: ServerInfo[]
  connections: ConnectionInfo[]
  udp: UdpSocketInfo[]
  /** WebSockets the HTTP tab opened (frames omitted). */
  websockets: WsInfo[]
  keys: GeneratedKeyInfo[]
  /** Set once main has answered at least once. */
  loaded: boolean
  /** What the previous page had open and main no longer holds; null when there is nothing to say. */
  closedOnReload: HeldItem[] | null
}

export const heldStore = createStore<HeldState>({ servers: [], connections: [], udp: [], websockets: [], keys: [], loaded: false, closedOnReload: null })

const MEMORY_KEY = 'wirebench.held'

function endpoint(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`
}

export function heldItems(s: Pick<HeldState, 'servers' | 'connections' | 'udp'> & { websockets?: WsInfo[] }): HeldItem[] {
  return [
    ...s.servers.map((v): HeldItem => ({ kind: 'server', id: v.id, label: `${v.protocol.toUpperCase()} server ${endpoint(v.address, v.port)}` })),
    ...s.connections.map((c): HeldItem => ({ kind: 'conn', id: c.id, label: `${c.protocol.toUpperCase()} client to ${endpoint(c.remoteAddress, c.remotePort)}` })),
    ...s.udp.map((u): HeldItem => ({ kind: 'udp', id: u.id, label: `UDP socket ${endpoint(u.address, u.port)}` })),
    ...(s.websockets ?? []).map((w): HeldItem => ({ kind: 'ws', id: w.id, label: `WebSocket to ${w.url}` }))
  ]
}

function readMemory(): HeldItem[] {
  try {
    const parsed: unknown = JSON.parse(sessionStorage.getItem(MEMORY_KEY) ?? '[]')
    return Array.isArray(parsed) ? (parsed as HeldItem[]).filter((i) => typeof i?.id === 'string' && typeof i.label === 'string') : []
  } catch {
    return []
  }
}

let refreshing: Promise<void> | null = null
let again = false

/** Asks main what it holds; calls made while one is running coalesce into one more. */
export function refreshHeld(): Promise<void> {
  if (refreshing) {
    again = true
    return refreshing
  }
  refreshing = (async () => {
    do {
      again = false
      const [servers, connections, udp, keys, websockets] = await Promise.all([
        api.call('server.list', {}),
        api.call('tcp.list', {}),
        api.call('udp.list', {}),
        api.call('x509.keys', {}),
        api.call('ws.list', {})
      ])
      const prev = heldStore.get()
      const next: HeldState = {
        ...prev,
        servers: servers.ok ? servers.value : prev.servers,
        connections: connections.ok ? connections.value : prev.connections,
        udp: udp.ok ? udp.value : prev.udp,
        keys: keys.ok ? keys.value : prev.keys,
        websockets: websockets.ok ? websockets.value : prev.websockets,
        loaded: true
      }
      if (!prev.loaded) {
        // First answer of this page: whatever the last page had open and main no longer holds was closed by the reload.
        const live = new Set(heldItems(next).map((i) => i.id))
        const gone = readMemory().filter((i) => !live.has(i.id))
        if (gone.length > 0) next.closedOnReload = gone
      }
      heldStore.set(() => next)
      sessionStorage.setItem(MEMORY_KEY, JSON.stringify(heldItems(next)))
    } while (again)
  })().finally(() => {
    refreshing = null
  })
  return refreshing
}

export function dismissReloadNotice(): void {
  heldStore.set({ closedOnReload: null })
}

/** Closes something main holds, then lists again. */
export async function closeHeld(item: Pick<HeldItem, 'kind' | 'id'>): Promise<void> {
  if (item.kind === 'server') await api.call('server.stop', { id: item.id })
  else if (item.kind === 'conn') await api.call('tcp.close', { id: item.id })
  else if (item.kind === 'ws') await api.call('ws.close', { id: item.id, code: 1000, reason: 'closed from Held by main' })
  else await api.call('udp.close', { id: item.id })
  await refreshHeld()
}

let wired = false
/** Lists at start and again whenever a stream closes (a peer may end a connection while no tab looks). */
export function wireHeld(): void {
  if (wired) return
  wired = true
  void refreshHeld()
  let timer: ReturnType<typeof setTimeout> | null = null
  const soon = () => {
    timer ??= setTimeout(() => {
      timer = null
      void refreshHeld()
    }, 50)
  }
  api.on('stream.closed', soon)
  api.on('ws.closed', soon)
}
