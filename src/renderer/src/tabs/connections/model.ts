// What the Connections tab lists, and how it names and sizes things.
import type { ConnectionInfo, ServerInfo, UdpSocketInfo } from '../../../../shared/contract'

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

export function bytesLabel(n: number): string {
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`
  return `${(n / 1024 / 1024).toFixed(1)} MiB`
}
