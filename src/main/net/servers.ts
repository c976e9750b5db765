// TCP, TLS and UDP servers with a behaviour each and the defences a server on the open internet needs: an idle
// timeout, a line deadline, a maximum line length, a maximum number of connections and backpressure (see
// served-client.ts), each counted so the UI can show what was refused. A client that never sends a newline costs
// one socket and at most maxLineLength bytes; one that never reads costs at most about 1 MiB of queued replies.
import net from 'node:net'
import tls from 'node:tls'
import type { ClientInfo, HandshakeFailure, ServerInfo } from '../../shared/contract'
import { encodePayload } from '../../shared/bytes'
import { WirebenchError } from '../../shared/errors'
import type { EngineEvents } from '../core/events'
import { nextId } from '../core/ids'
import { BEHAVIOURS } from './behaviours'
import { REFUSED_LINGER_MS, serveClient } from './served-client'
import { emptyStats, exposureWarning, type ClientRecord, type RunningServer, type StartOptions } from './server-common'
import { oneLine } from '../tls'
import { tlsServerOptions } from './tls-server-options'
import { startUdpServer } from './udp-server'
import { handshakeFailureReason, keepFailure } from './handshake-failures'

export { isLoopback, exposureWarning } from './server-common'

const CLOSED_CLIENTS_KEPT = 200
/** A full server closes a client to make room only if it finished no line for this long (ms). */
const EVICTABLE_AFTER_MS = 1000

/** A client refused because the server is full is told why in one line, like a refused long line; a TLS client
 *  could not read plain text (it would report a protocol error instead), so it is only closed. Either way it is
 *  never read, and is gone within REFUSED_LINGER_MS. */
function refuseFull(raw: net.Socket, maxConnections: number, tlsServer: boolean): void {
  raw.on('error', () => {})
  if (tlsServer) return void raw.destroy()
  const linger = setTimeout(() => raw.destroy(), REFUSED_LINGER_MS)
  raw.once('close', () => clearTimeout(linger))
  raw.end(`ERROR: server full (${maxConnections} connection${maxConnections === 1 ? '' : 's'}); closing.\n`)
}

export class Servers {
  private readonly servers = new Map<string, RunningServer>()

  constructor(private readonly events: EngineEvents) {}

  async start(options: StartOptions): Promise<ServerInfo> {
    if (options.behaviour === 'ws-echo' && options.protocol === 'udp') throw new WirebenchError('INVALID_INPUT', 'WebSocket runs over TCP or TLS, not UDP (RFC 6455 §1.5).')
    if (options.behaviour === 'fixed' && !options.fixedReply) {
      throw new WirebenchError('INVALID_INPUT', 'The fixed-reply behaviour needs the reply to send.')
    }
    const fixedReply = options.fixedReply
      ? encodePayload(options.fixedReply.format, options.fixedReply.data, options.fixedReply.lineEnding)
      : new Uint8Array()
    const server = options.protocol === 'udp' ? await startUdpServer(options, fixedReply, this.events) : await this.startTcp(options, fixedReply)
    this.servers.set(server.info.id, server)
    return server.info
  }

  async stop(id: string): Promise<{ ok: true }> {
    const server = this.get(id)
    this.servers.delete(id)
    await server.stop()
    return { ok: true }
  }

  list(): ServerInfo[] {
    return [...this.servers.values()].map((s) => s.info)
  }

  clients(serverId: string): ClientInfo[] {
    const server = this.get(serverId)
    return [...[...server.clients.values()].map((c) => c.info), ...server.closed].sort((a, b) => b.connectedAt - a.connectedAt)
  }

  /** Bytes of replies waiting in the server's sockets for clients to read them (bounded by backpressure). */
  queuedBytes(serverId: string): number {
    return this.get(serverId).queuedBytes()
  }

  disconnect(streamId: string): { ok: true } {
    for (const server of this.servers.values()) {
      const client = server.clients.get(streamId)
      if (client) {
        client.info.closeReason = 'closed by you'
        client.socket.destroy()
        return { ok: true }
      }
    }
    throw new WirebenchError('NOT_FOUND', `No connected client ${streamId}.`)
  }

  async stopAll(): Promise<void> {
    const all = [...this.servers.values()]
    this.servers.clear()
    await Promise.all(all.map((s) => s.stop()))
  }

  private get(id: string): RunningServer {
    const server = this.servers.get(id)
    if (!server) throw new WirebenchError('NOT_FOUND', `No running server ${id}.`)
    return server
  }

  private async startTcp(options: StartOptions, fixedReply: Uint8Array): Promise<RunningServer> {
    const id = nextId('s')
    const tlsSetup = await tlsServerOptions(options)
    const limits = options.limits
    const stats = emptyStats()
    const clients = new Map<string, ClientRecord>()
    const closed: ClientInfo[] = []
    let clientCount = 0
    const events = this.events
    const pushStats = () => events.emit('server.stats', { serverId: id, stats: { ...stats } })

    const serve = (socket: net.Socket, raw: net.Socket) => {
      clientCount += 1
      const streamId = `${id}.${clientCount}`
      const tlsSocket = tlsSetup ? (socket as tls.TLSSocket) : null
      const peer = tlsSocket?.getPeerX509Certificate()
      const info: ClientInfo = {
        streamId,
        serverId: id,
        remoteAddress: raw.remoteAddress ?? '',
        remotePort: raw.remotePort ?? 0,
        localAddress: raw.localAddress ?? '',
        localPort: raw.localPort ?? 0,
        connectedAt: Date.now(),
        closedAt: null,
        bytesIn: 0,
        bytesOut: 0,
        closeReason: null,
        tls: tlsSocket
          ? {
              protocol: tlsSocket.getProtocol(),
              cipher: tlsSocket.getCipher()?.name ?? '',
              peerSubject: peer ? oneLine(peer.subject) : null,
              authorized: tlsSocket.authorized
            }
          : null
      }
      events.emit('server.client', { client: { ...info } })
      events.note(streamId, `Client ${info.remoteAddress} port ${info.remotePort} connected${info.tls?.peerSubject ? ` with certificate ${info.tls.peerSubject}` : ''}.`)
      const served = serveClient({
        socket,
        info,
        limits,
        stats,
        events,
        fixedReply,
        createBehaviour: (ctx) => BEHAVIOURS[options.behaviour].create(ctx),
        pushStats
      })
      clients.set(streamId, { info, socket, served })
      socket.on('close', () => {
        clients.delete(streamId)
        stats.active = clients.size
        info.closedAt = Date.now()
        info.closeReason ??= 'closed'
        closed.unshift(info)
        if (closed.length > CLOSED_CLIENTS_KEPT) closed.pop()
        events.emit('server.client', { client: { ...info } })
        events.emit('stream.closed', { streamId, reason: info.closeReason, error: null })
        pushStats()
      })
      stats.active = clients.size
      pushStats()
    }

    // A handshake is held to the same deadline as a line: a client cannot hold a slot by dripping a ClientHello.
    const handshakeTimeout = Math.min(...[limits.lineDeadlineMs, limits.idleTimeoutMs].filter((ms) => ms > 0), 120_000)
    const netServer = tlsSetup ? tls.createServer({ ...tlsSetup.secure, handshakeTimeout }) : net.createServer({ allowHalfOpen: true })
    // Failed handshakes with their reasons. Node reports a failure (tlsClientError) and the connection's close in
    // either order, so whichever comes second completes the entry the first one started.
    const failedHandshakes: HandshakeFailure[] = []
    const failureOf = new WeakMap<net.Socket, HandshakeFailure>()
    const reasonOf = new WeakMap<net.Socket, { reason: string; code: string | null }>()
    const recordFailure = (raw: net.Socket, remoteAddress: string, remotePort: number) => {
      const why = reasonOf.get(raw) ?? handshakeFailureReason(null, null, handshakeTimeout)
      const failure: HandshakeFailure = { remoteAddress, remotePort, at: Date.now(), ...why }
      failureOf.set(raw, failure)
      keepFailure(failedHandshakes, failure)
      events.emit('server.handshakeFailed', { serverId: id, failure: { ...failure } })
    }
    // TLS connections still in their handshake, with when they were accepted.
    const pending = new Map<net.Socket, number>()
    // When full, make room by closing the connection that made no progress for the longest (finished no line, or
    // no TLS handshake), if that is long enough: slowloris connections and non-readers then cannot keep a real
    // client out by holding every slot.
    const evictStalest = (): boolean => {
      let stalest: [string, ClientRecord] | null = null
      for (const entry of clients) {
        if (!stalest || entry[1].served.lastProgressAt() < stalest[1].served.lastProgressAt()) stalest = entry
      }
      let handshake: [net.Socket, number] | null = null
      for (const entry of pending) if (!handshake || entry[1] < handshake[1]) handshake = entry
      const now = performance.now()
      if (handshake && now - handshake[1] >= EVICTABLE_AFTER_MS && (!stalest || handshake[1] <= stalest[1].served.lastProgressAt())) {
        pending.delete(handshake[0])
        stats.evictions += 1
        pushStats()
        handshake[0].destroy()
        return true
      }
      const stalledMs = stalest ? Math.round(now - stalest[1].served.lastProgressAt()) : 0
      if (!stalest || stalledMs < EVICTABLE_AFTER_MS) return false
      const [streamId, victim] = stalest
      clients.delete(streamId)
      stats.evictions += 1
      pushStats()
      victim.info.closeReason = `closed to make room: no line finished for ${stalledMs} ms`
      events.note(streamId, `Closed: the server was full, and this client had finished no line for ${stalledMs} ms.`)
      victim.socket.destroy()
      return true
    }
    // Count and cap at accept time, before any TLS work is spent on a connection we will refuse.
    netServer.on('connection', (raw: net.Socket) => {
      if (clients.size + pending.size >= limits.maxConnections && !evictStalest()) {
        stats.refusedMaxConnections += 1
        pushStats()
        refuseFull(raw, limits.maxConnections, Boolean(tlsSetup))
        return
      }
      stats.accepted += 1
      raw.on('error', () => {})
      if (tlsSetup) {
        // A handshake that never reaches secureConnection failed: a bad or missing client certificate (Node
        // closes those without an alert), a protocol mismatch, or a client that gave up.
        pending.set(raw, performance.now())
        // A closed socket no longer knows its peer: keep it now.
        const remoteAddress = raw.remoteAddress ?? ''
        const remotePort = raw.remotePort ?? 0
        raw.once('close', () => {
          if (pending.delete(raw)) {
            stats.tlsFailures += 1
            recordFailure(raw, remoteAddress, remotePort)
            pushStats()
          }
        })
      } else {
        serve(raw, raw)
      }
    })
    if (tlsSetup) {
      ;(netServer as tls.Server).on('secureConnection', (socket: tls.TLSSocket) => {
        const raw = (socket as unknown as { _parent?: net.Socket })._parent ?? socket
        pending.delete(raw)
        serve(socket, socket)
      })
      ;(netServer as tls.Server).on('tlsClientError', (err, socket) => {
        const raw = (socket as unknown as { _parent?: net.Socket })._parent ?? socket
        const why = handshakeFailureReason(err, socket, handshakeTimeout)
        const recorded = failureOf.get(raw)
        if (recorded) {
          Object.assign(recorded, why)
          events.emit('server.handshakeFailed', { serverId: id, failure: { ...recorded } })
        } else {
          reasonOf.set(raw, why)
        }
        socket.destroy()
      })
    }

    await new Promise<void>((resolve, reject) => {
      netServer.once('error', reject)
      netServer.listen({ host: options.host, port: options.port, exclusive: true }, () => {
        netServer.off('error', reject)
        resolve()
      })
    })
    netServer.on('error', () => {})
    const address = netServer.address() as net.AddressInfo
    const info: ServerInfo = {
      id,
      protocol: tlsSetup ? 'tls' : 'tcp',
      behaviour: options.behaviour,
      address: address.address,
      port: address.port,
      family: address.family === 'IPv6' ? 'IPv6' : 'IPv4',
      startedAt: Date.now(),
      limits,
      warning: exposureWarning(options.host),
      tls: tlsSetup?.summary ?? null,
      stats,
      ...(tlsSetup ? { failedHandshakes } : {})
    }
    return {
      info,
      clients,
      closed,
      queuedBytes: () => [...clients.values()].reduce((sum, c) => sum + c.socket.writableLength, 0),
      stop: () =>
        new Promise<void>((resolve) => {
          for (const c of clients.values()) c.socket.destroy()
          for (const raw of pending.keys()) raw.destroy()
          netServer.close(() => resolve())
        })
    }
  }
}
