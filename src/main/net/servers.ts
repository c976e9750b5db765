// TCP, TLS and UDP servers with a behaviour each and the defences a server on the open internet needs: an idle
// timeout, a maximum line length and a maximum number of connections, each counted so the UI can show what was
// refused. A client that never sends a newline costs one socket and at most maxLineLength bytes, nothing more.
import net from 'node:net'
import tls from 'node:tls'
import dgram from 'node:dgram'
import type { z } from 'zod'
import type { ClientInfo, ServerInfo, ServerStats, serverStartInput } from '../../shared/contract'
import { encodePayload } from '../../shared/bytes'
import { WirebenchError } from '../../shared/errors'
import type { EngineEvents } from './events'
import { nextId } from './ids'
import { BEHAVIOURS, type BehaviourContext } from './behaviours'
import { readCertificates, readKeyPair, oneLine } from '../tls/material'
import { createLocalhostCertificate } from '../x509/generate'

type StartOptions = z.output<typeof serverStartInput>

const CLOSED_CLIENTS_KEPT = 200

interface ClientRecord {
  info: ClientInfo
  socket: net.Socket
}

interface RunningServer {
  info: ServerInfo
  stop(): Promise<void>
  clients: Map<string, ClientRecord>
  closed: ClientInfo[]
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

function emptyStats(): ServerStats {
  return { accepted: 0, active: 0, refusedMaxConnections: 0, idleTimeouts: 0, linesTooLong: 0, tlsFailures: 0, bytesIn: 0, bytesOut: 0, datagrams: 0 }
}

export class Servers {
  private readonly servers = new Map<string, RunningServer>()

  constructor(private readonly events: EngineEvents) {}

  async start(options: StartOptions): Promise<ServerInfo> {
    if (options.behaviour === 'fixed' && !options.fixedReply) {
      throw new WirebenchError('INVALID_INPUT', 'The fixed-reply behaviour needs the reply to send.')
    }
    const fixedReply = options.fixedReply
      ? encodePayload(options.fixedReply.format, options.fixedReply.data, options.fixedReply.lineEnding)
      : new Uint8Array()
    const server = options.protocol === 'udp' ? await this.startUdp(options, fixedReply) : await this.startTcp(options, fixedReply)
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

  private async tlsContext(options: StartOptions): Promise<{ secure: tls.TlsOptions; summary: NonNullable<ServerInfo['tls']> } | null> {
    const t = options.tls
    if (!t) return null
    let certPem = t.certPem
    let keyPem = t.keyPem
    if (t.selfSigned || (!certPem && !keyPem)) {
      const generated = await createLocalhostCertificate()
      certPem = generated.certPem
      keyPem = generated.keyPem
    } else if (!certPem || !keyPem) {
      throw new WirebenchError('INVALID_KEY', 'A TLS server needs both a certificate and its private key (or choose a throwaway self-signed one).')
    }
    const { cert } = readKeyPair(certPem!, keyPem!, t.passphrase)
    const secure: tls.TlsOptions = { cert: certPem, key: keyPem, allowHalfOpen: false }
    if (t.passphrase !== undefined) secure.passphrase = t.passphrase
    if (t.requireClientCert) {
      if (!t.clientCaPem) {
        throw new WirebenchError('INVALID_CERTIFICATE', 'Requiring client certificates needs the CA certificate that signs them.')
      }
      secure.ca = readCertificates(t.clientCaPem, 'client CA').map((c) => c.toString())
      secure.requestCert = true
      secure.rejectUnauthorized = true
    }
    return {
      secure,
      summary: {
        selfSigned: cert.subject === cert.issuer,
        subject: oneLine(cert.subject),
        fingerprint256: cert.fingerprint256,
        certPem: certPem!,
        requireClientCert: t.requireClientCert
      }
    }
  }

  private async startTcp(options: StartOptions, fixedReply: Uint8Array): Promise<RunningServer> {
    const id = nextId('s')
    const tlsSetup = await this.tlsContext(options)
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
      clients.set(streamId, { info, socket })
      events.emit('server.client', { client: { ...info } })
      events.note(streamId, `Client ${info.remoteAddress} port ${info.remotePort} connected${info.tls?.peerSubject ? ` with certificate ${info.tls.peerSubject}` : ''}.`)
      socket.setTimeout(limits.idleTimeoutMs)
      socket.on('timeout', () => {
        stats.idleTimeouts += 1
        info.closeReason = `idle for ${limits.idleTimeoutMs} ms`
        events.note(streamId, `Closed: sent nothing for ${limits.idleTimeoutMs} ms (idle timeout).`)
        pushStats()
        socket.destroy()
      })
      const ctx: BehaviourContext = {
        maxLineLength: limits.maxLineLength,
        fixedReply,
        reply: (bytes) => {
          if (!socket.writable) return
          socket.write(bytes)
          info.bytesOut += bytes.length
          stats.bytesOut += bytes.length
          events.data(streamId, 'out', bytes)
        },
        finish: (reason) => {
          info.closeReason = reason
          socket.end()
        },
        onLineTooLong: () => {
          stats.linesTooLong += 1
          pushStats()
        }
      }
      const behaviour = BEHAVIOURS[options.behaviour].create(ctx)
      socket.on('data', (chunk: Buffer) => {
        info.bytesIn += chunk.length
        stats.bytesIn += chunk.length
        events.data(streamId, 'in', chunk)
        behaviour.receive(chunk)
        // Backpressure: a client that does not read its echo must not make us buffer without bound.
        if (socket.writableLength > 1024 * 1024) {
          socket.pause()
          socket.once('drain', () => socket.resume())
        }
        events.emit('server.client', { client: { ...info } })
      })
      socket.on('end', () => {
        events.note(streamId, 'Client half-closed (FIN received).')
        if (socket.writable) socket.end()
      })
      socket.on('error', (err) => {
        info.closeReason ??= err.message
      })
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

    const netServer = tlsSetup
      ? tls.createServer({ ...tlsSetup.secure, handshakeTimeout: Math.min(limits.idleTimeoutMs, 120_000) })
      : net.createServer({ allowHalfOpen: true })
    // TLS connections still in their handshake.
    const pending = new Set<net.Socket>()
    // Count and cap at accept time, before any TLS work is spent on a connection we will refuse.
    netServer.on('connection', (raw: net.Socket) => {
      if (clients.size + pending.size >= limits.maxConnections) {
        stats.refusedMaxConnections += 1
        pushStats()
        raw.destroy()
        return
      }
      stats.accepted += 1
      raw.on('error', () => {})
      if (tlsSetup) {
        // A handshake that never reaches secureConnection failed: a bad or missing client certificate (Node
        // closes those without an alert), a protocol mismatch, or a client that gave up.
        pending.add(raw)
        raw.once('close', () => {
          if (pending.delete(raw)) {
            stats.tlsFailures += 1
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
      ;(netServer as tls.Server).on('tlsClientError', (_err, socket) => socket.destroy())
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
      stats
    }
    return {
      info,
      clients,
      closed,
      stop: () =>
        new Promise<void>((resolve) => {
          for (const c of clients.values()) c.socket.destroy()
          for (const raw of pending) raw.destroy()
          netServer.close(() => resolve())
        })
    }
  }

  private async startUdp(options: StartOptions, fixedReply: Uint8Array): Promise<RunningServer> {
    if (options.tls) throw new WirebenchError('INVALID_INPUT', 'TLS runs over TCP; a UDP server cannot use it (DTLS is not supported).')
    const id = nextId('u')
    const stats = emptyStats()
    const socket = dgram.createSocket({ type: net.isIPv6(options.host) ? 'udp6' : 'udp4' })
    const events = this.events
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject)
      socket.bind(options.port, options.host, () => {
        socket.off('error', reject)
        resolve()
      })
    })
    socket.on('error', () => {})
    socket.on('message', (msg, rinfo) => {
      stats.datagrams += 1
      stats.bytesIn += msg.length
      const peer = rinfo.family === 'IPv6' ? `[${rinfo.address}]:${rinfo.port}` : `${rinfo.address}:${rinfo.port}`
      events.data(id, 'in', msg, peer)
      const ctx: BehaviourContext = {
        maxLineLength: options.limits.maxLineLength,
        fixedReply,
        reply: (bytes) => {
          socket.send(bytes, rinfo.port, rinfo.address)
          stats.bytesOut += bytes.length
          events.data(id, 'out', bytes, peer)
        },
        finish: () => {},
        onLineTooLong: () => {
          stats.linesTooLong += 1
        }
      }
      const behaviour = BEHAVIOURS[options.behaviour].create(ctx)
      // A datagram is a whole message: the upper-case server answers it even without a newline.
      behaviour.receive(options.behaviour === 'upper' && msg[msg.length - 1] !== 0x0a ? Buffer.concat([msg, Buffer.from('\n')]) : msg)
      events.emit('server.stats', { serverId: id, stats: { ...stats } })
    })
    const address = socket.address()
    const info: ServerInfo = {
      id,
      protocol: 'udp',
      behaviour: options.behaviour,
      address: address.address,
      port: address.port,
      family: address.family === 'IPv6' ? 'IPv6' : 'IPv4',
      startedAt: Date.now(),
      limits: options.limits,
      warning: exposureWarning(options.host),
      tls: null,
      stats
    }
    return {
      info,
      clients: new Map(),
      closed: [],
      stop: () => new Promise<void>((resolve) => socket.close(() => resolve()))
    }
  }
}
