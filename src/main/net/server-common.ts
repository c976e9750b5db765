// What the TCP/TLS and UDP servers share: their start options, what a running server holds, the counters they
// start from, and the warning for a server that listens beyond loopback.
import type net from 'node:net'
import type { z } from 'zod'
import type { ClientInfo, ServerInfo, ServerStats, serverStartInput } from '../../shared/contract'
import type { ServedClient } from './served-client'

export type StartOptions = z.output<typeof serverStartInput>

export interface ClientRecord {
  info: ClientInfo
  socket: net.Socket
  served: ServedClient
}

export interface RunningServer {
  info: ServerInfo
  stop(): Promise<void>
  clients: Map<string, ClientRecord>
  closed: ClientInfo[]
  /** Bytes of replies not yet handed to the OS (TCP: all clients' write queues; UDP: the send queue). */
  queuedBytes(): number
}

export function isLoopback(address: string): boolean {
  return address === '::1' || address.startsWith('127.') || address === 'localhost' || address.startsWith('::ffff:127.')
}

export function exposureWarning(host: string): string | null {
  if (isLoopback(host)) return null
  if (host === '0.0.0.0' || host === '::') {
    return `Listening on ${host} accepts connections from every network this machine is on, not just this machine.`
  }
  return `Listening on ${host} accepts connections from that network, not just this machine.`
}

export function emptyStats(): ServerStats {
  return { accepted: 0, active: 0, refusedMaxConnections: 0, idleTimeouts: 0, linesTooLong: 0, tlsFailures: 0, slowClients: 0, evictions: 0, backpressurePauses: 0, bytesIn: 0, bytesOut: 0, datagrams: 0 }
}
