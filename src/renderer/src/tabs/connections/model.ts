// What the Connections tab lists, and how it names and sizes things.
import type { ConnectionInfo, ServerInfo, UdpSocketInfo } from '../../../../shared/contract'
import type { StreamState } from '../../app/streams'

/** Everything the Connections tab has open: client connections, servers, bound UDP sockets. */
export type OpenItem =
  | { kind: 'conn'; id: string; info: ConnectionInfo }
  | { kind: 'server'; id: string; info: ServerInfo }
  | { kind: 'udp'; id: string; info: UdpSocketInfo }

export function hostPort(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`
}

export function itemTitle(item: OpenItem): string {
  switch (item.kind) {
    case 'conn':
      return `${item.info.protocol.toUpperCase()} → ${hostPort(item.info.remoteAddress, item.info.remotePort)}`
    case 'server':
      return `${item.info.protocol.toUpperCase()} ${item.info.behaviour} on ${hostPort(item.info.address, item.info.port)}`
    case 'udp':
      return `UDP socket ${hostPort(item.info.address, item.info.port)}`
  }
}

/** What tells apart rows with the same title: the local port the OS gave and when it started (or the port of
 *  a server, which its title already has, and its start). */
export function itemDetail(item: OpenItem): string | null {
  switch (item.kind) {
    case 'conn':
      return `from port ${item.info.localPort} · ${clockTime(item.info.connectedAt)}`
    case 'server':
      return `since ${clockTime(item.info.startedAt)}`
    case 'udp':
      return null
  }
}

/** Local wall-clock time with seconds: two connections a minute apart must not read the same. */
export function clockTime(ms: number): string {
  const d = new Date(ms)
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':')
}

/** A connection's real state for its row: open, half-closed (a FIN went one way; a refused client gets the
 *  server's reason and then its FIN) or closed, in words. */
export function connectionState(stream: StreamState, held: boolean): { state: 'open' | 'half' | 'closed'; words: string } {
  if (stream.closed) return { state: 'closed', words: stream.closed.error ? `closed: ${stream.closed.error.code}` : 'closed' }
  if (!held) return { state: 'closed', words: 'closed' }
  let peerFin = false
  let ourFin = false
  for (const e of stream.entries) {
    if (e.dir !== 'info' || !e.note) continue
    if (e.note.startsWith('Peer half-closed')) peerFin = true
    else if (e.note.startsWith('We half-closed')) ourFin = true
  }
  if (peerFin) return { state: 'half', words: 'half-closed by the peer (FIN)' }
  if (ourFin) return { state: 'half', words: 'half-closed by us (FIN)' }
  return { state: 'open', words: 'open' }
}

/** A defence's time as the server info shows it: seconds, or "off" when it is 0. */
export function secondsOrOff(ms: number): string {
  return ms === 0 ? 'off' : `${ms / 1000}s`
}

/** Where to connect to reach a server: "0.0.0.0" and "::" are ways to listen, not addresses to connect to. */
export function connectTargets(bound: string, port: number): string {
  if (bound === '0.0.0.0') return hostPort('127.0.0.1', port)
  if (bound === '::') return `${hostPort('::1', port)} or ${hostPort('127.0.0.1', port)}`
  return hostPort(bound, port)
}

export function bytesLabel(n: number): string {
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`
  return `${(n / 1024 / 1024).toFixed(1)} MiB`
}
