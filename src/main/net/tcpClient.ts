// TCP and TLS clients: connect, report the addresses actually used (getsockname/getpeername), send text or hex,
// half-close, close. Verification is ours to decide so that "verification off" can still say what it would have
// failed on.
import net from 'node:net'
import tls from 'node:tls'
import type { z } from 'zod'
import type { ConnectionInfo, connectInput, PayloadInput, TlsInfo } from '../../shared/contract'
import { encodePayload } from '../../shared/bytes'
import { WirebenchError, toWireError } from '../../shared/errors'
import type { EngineEvents } from './events'
import { nextId } from './ids'
import { readCertificates, readKeyPair, summarize } from '../tls/material'

type ConnectOptions = z.output<typeof connectInput>

interface Connection {
  socket: net.Socket
  info: ConnectionInfo
}

export function describeTls(socket: tls.TLSSocket, servername: string | null): TlsInfo {
  const cipher = socket.getCipher()
  const peer = socket.getPeerX509Certificate()
  return {
    protocol: socket.getProtocol(),
    cipher: cipher?.name ?? '',
    cipherStandardName: cipher?.standardName ?? '',
    alpn: typeof socket.alpnProtocol === 'string' ? socket.alpnProtocol : null,
    servername,
    verified: socket.authorized,
    verifyError: socket.authorizationError ? String(socket.authorizationError) : null,
    peerCertificate: peer ? summarize(peer) : null
  }
}

export class TcpClients {
  private readonly connections = new Map<string, Connection>()

  constructor(private readonly events: EngineEvents) {}

  async connect(options: ConnectOptions): Promise<ConnectionInfo> {
    const id = nextId('c')
    const useTls = options.tls !== undefined
    const started = performance.now()
    let lookupAt: number | null = null
    let connectAt = 0
    const tlsOptions = options.tls

    let socket: net.Socket
    let servername: string | null = null
    if (tlsOptions) {
      const secure: tls.ConnectionOptions = {
        host: options.host,
        port: options.port,
        // tls.connect passes family through to net.connect; its typings omit it. No allowHalfOpen: when a TLS
        // peer closes (as a server refusing our client certificate does), the connection is over.
        ...({ family: options.family } as object),
        rejectUnauthorized: false,
        ALPNProtocols: tlsOptions.alpn.length ? tlsOptions.alpn : undefined
      }
      servername = tlsOptions.servername ?? (net.isIP(options.host) ? null : options.host)
      if (servername) secure.servername = servername
      if (tlsOptions.caPem) secure.ca = readCertificates(tlsOptions.caPem, 'extra CA').map((c) => c.toString())
      if (tlsOptions.certPem || tlsOptions.keyPem) {
        if (!tlsOptions.certPem || !tlsOptions.keyPem) {
          throw new WirebenchError('INVALID_KEY', 'A client certificate needs both the certificate and its private key.')
        }
        readKeyPair(tlsOptions.certPem, tlsOptions.keyPem, tlsOptions.passphrase)
        secure.cert = tlsOptions.certPem
        secure.key = tlsOptions.keyPem
        if (tlsOptions.passphrase !== undefined) secure.passphrase = tlsOptions.passphrase
      }
      // The name to check the certificate against, when there is no SNI (an IP address).
      secure.checkServerIdentity = (_host, cert) => tls.checkServerIdentity(servername ?? options.host, cert)
      socket = tls.connect(secure)
    } else {
      socket = net.connect({ host: options.host, port: options.port, family: options.family, allowHalfOpen: true })
    }

    return new Promise<ConnectionInfo>((resolve, reject) => {
      const timer = setTimeout(() => {
        socket.destroy()
        const err = new WirebenchError('ETIMEDOUT', undefined, `No connection to ${options.host}:${options.port} within ${options.timeoutMs} ms.`)
        reject(err)
      }, options.timeoutMs)
      const fail = (err: Error) => {
        clearTimeout(timer)
        socket.destroy()
        reject(err)
      }
      socket.once('error', fail)
      socket.once('lookup', () => {
        lookupAt = performance.now()
      })
      const established = () => {
        clearTimeout(timer)
        socket.off('error', fail)
        const tlsSocket = useTls ? (socket as tls.TLSSocket) : null
        const tlsInfo = tlsSocket ? describeTls(tlsSocket, servername) : null
        if (tlsSocket && tlsOptions?.verify && !tlsSocket.authorized) {
          const code = String(tlsSocket.authorizationError ?? 'CERT_UNTRUSTED')
          socket.destroy()
          reject(Object.assign(new Error(`certificate verification failed: ${code}`), { code }))
          return
        }
        const now = performance.now()
        const info: ConnectionInfo = {
          id,
          protocol: useTls ? 'tls' : 'tcp',
          host: options.host,
          remoteAddress: socket.remoteAddress ?? '',
          remotePort: socket.remotePort ?? options.port,
          localAddress: socket.localAddress ?? '',
          localPort: socket.localPort ?? 0,
          family: socket.remoteFamily === 'IPv6' ? 'IPv6' : 'IPv4',
          connectedAt: Date.now(),
          timings: {
            lookupMs: lookupAt === null ? null : round(lookupAt - started),
            connectMs: round((useTls ? connectAt || now : now) - (lookupAt ?? started)),
            tlsMs: useTls ? round(now - (connectAt || started)) : null
          },
          tls: tlsInfo,
          warning:
            tlsOptions && !tlsOptions.verify
              ? `Certificate verification is OFF: this connection would accept an impostor.${tlsInfo?.verifyError ? ` It would have failed with ${tlsInfo.verifyError}.` : ''}`
              : null
        }
        this.track(id, socket, info)
        resolve(info)
      }
      if (useTls) {
        socket.once('connect', () => {
          connectAt = performance.now()
        })
        socket.once('secureConnect', established)
      } else {
        socket.once('connect', established)
      }
    })
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

  closeAll(): void {
    for (const conn of this.connections.values()) conn.socket.destroy()
  }

  private get(id: string): Connection {
    const conn = this.connections.get(id)
    if (!conn) throw new WirebenchError('NOT_FOUND', `No open connection ${id}.`)
    return conn
  }

  private track(id: string, socket: net.Socket, info: ConnectionInfo): void {
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

function round(ms: number): number {
  return Math.round(ms * 100) / 100
}
