// TCP and TLS clients: connect (through the one connector in ../tls), report the addresses actually used
// (getsockname/getpeername), send text or hex, half-close, close.
import { X509Certificate } from 'node:crypto'
import type { Duplex } from 'node:stream'
import type { z } from 'zod'
import type { ConnectionInfo, connectInput, PayloadInput, TlsInfo } from '../../shared/contract'
import { encodePayload } from '../../shared/bytes'
import { WirebenchError, toWireError } from '../../shared/errors'
import type { EngineEvents } from '../core/events'
import { nextId } from '../core/ids'
import { connect, summarize, type TlsFacts } from '../tls'

type ConnectOptions = z.output<typeof connectInput>

interface Connection {
  socket: Duplex
  info: ConnectionInfo
}

export function describeTls(facts: TlsFacts): TlsInfo {
  const { peerChain, ...rest } = facts
  const leaf = peerChain[0]
  return { ...rest, peerCertificate: leaf ? summarize(new X509Certificate(leaf)) : null, peerChain: peerChain.map((der) => summarize(new X509Certificate(der))) }
}

export class TcpClients {
  private readonly connections = new Map<string, Connection>()

  constructor(private readonly events: EngineEvents) {}

  /** Opens a connection; `signal` (the job's) abandons it at any phase, and a connection that lands after it is closed. */
  async connect(options: ConnectOptions, signal?: AbortSignal): Promise<ConnectionInfo> {
    const id = nextId('c')
    const tlsOptions = options.tls
    const conn = await connect({
      host: options.host,
      port: options.port,
      family: options.family,
      connectTimeoutMs: options.timeoutMs,
      handshakeTimeoutMs: options.timeoutMs,
      ...(signal ? { signal } : {}),
      ...(tlsOptions ? { tls: tlsOptions } : {})
    })
    if (signal?.aborted) {
      conn.socket.destroy()
      throw new WirebenchError('CANCELLED', `Connecting to ${options.host}:${options.port} was cancelled.`)
    }
    const tlsInfo = conn.tls ? describeTls(conn.tls) : null
    const info: ConnectionInfo = {
      id,
      protocol: tlsInfo ? 'tls' : 'tcp',
      host: options.host,
      remoteAddress: conn.remote.address,
      remotePort: conn.remote.port || options.port,
      localAddress: conn.local.address,
      localPort: conn.local.port,
      family: conn.remote.family,
      connectedAt: Date.now(),
      timings: { lookupMs: conn.timings.lookupMs, connectMs: conn.timings.connectMs, tlsMs: conn.timings.handshakeMs },
      tls: tlsInfo,
      warning:
        tlsOptions && !tlsOptions.verify
          ? `Certificate verification is OFF: this connection would accept an impostor.${tlsInfo?.verifyError ? ` It would have failed with ${tlsInfo.verifyError}.` : ''}`
          : null
    }
    this.track(id, conn.socket, info)
    return info
  }

  send(id: string, payload: { format: 'text' | 'hex'; data: string; lineEnding: 'none' | 'lf' | 'crlf' } | PayloadInput): { bytes: number } {
    const conn = this.get(id)
    if (conn.socket.destroyed || !conn.socket.writable) {
      throw new WirebenchError('NOT_CONNECTED', 'This connection can no longer send: it was closed or half-closed.')
    }
    const bytes = encodePayload(payload.format ?? 'text', payload.data, payload.lineEnding ?? 'none')
    conn.socket.write(bytes)
    this.events.data(id, 'out', bytes)
    return { bytes: bytes.length }
  }

  end(id: string): { ok: true } {
    const conn = this.get(id)
    conn.socket.end()
    this.events.note(id, 'We half-closed (sent FIN); still reading.')
    return { ok: true }
  }

  close(id: string): { ok: true } {
    this.get(id).socket.destroy()
    return { ok: true }
  }

  /** The connections still open, oldest first, so a page that (re)mounts can show what main holds. */
  list(): ConnectionInfo[] {
    return [...this.connections.values()].map((conn) => conn.info)
  }

  closeAll(): void {
    for (const conn of this.connections.values()) conn.socket.destroy()
  }

  private get(id: string): Connection {
    const conn = this.connections.get(id)
    if (!conn) throw new WirebenchError('NOT_FOUND', `No open connection ${id}.`)
    return conn
  }

  private track(id: string, socket: Duplex, info: ConnectionInfo): void {
    this.connections.set(id, { socket, info })
    let lastError: Error | null = null
    socket.on('data', (chunk: Buffer) => this.events.data(id, 'in', chunk))
    socket.on('end', () => this.events.note(id, 'Peer half-closed (FIN received).'))
    socket.on('error', (err) => {
      lastError = err
    })
    socket.on('close', () => {
      this.connections.delete(id)
      this.events.emit('stream.closed', {
        streamId: id,
        reason: lastError ? 'error' : 'closed',
        error: lastError ? toWireError(lastError) : null
      })
    })
  }
}

