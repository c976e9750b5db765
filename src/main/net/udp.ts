// UDP: send one datagram and wait briefly for an answer; bind a socket and report what arrives with its sender.
import dgram from 'node:dgram'
import net from 'node:net'
import { lookup } from 'node:dns/promises'
import type { PayloadInput, UdpSendResult, UdpSocketInfo } from '../../shared/contract'
import { encodePayload } from '../../shared/bytes'
import { WirebenchError, toWireError } from '../../shared/errors'
import type { EngineEvents } from '../core/events'
import { nextId } from '../core/ids'
import { exposureWarning } from './server-common'

const MAX_DATAGRAM = 65_507

export class UdpSockets {
  private readonly sockets = new Map<string, dgram.Socket>()
  private readonly infos = new Map<string, UdpSocketInfo>()

  constructor(private readonly events: EngineEvents) {}

  async send(options: { host: string; port: number; payload: PayloadInput; waitForReplyMs: number }): Promise<UdpSendResult> {
    const bytes = encodePayload(options.payload.format ?? 'text', options.payload.data, options.payload.lineEnding ?? 'none')
    if (bytes.length > MAX_DATAGRAM) {
      throw new WirebenchError('EMSGSIZE', `A UDP datagram carries at most ${MAX_DATAGRAM} bytes; this is ${bytes.length}.`)
    }
    const address = net.isIP(options.host) ? options.host : (await lookup(options.host)).address
    const socket = dgram.createSocket(net.isIPv6(address) ? 'udp6' : 'udp4')
    try {
      const sentAt = performance.now()
      const reply = new Promise<UdpSendResult['reply']>((resolve, reject) => {
        if (options.waitForReplyMs === 0) return resolve(null)
        const timer = setTimeout(() => resolve(null), options.waitForReplyMs)
        socket.once('message', (msg, rinfo) => {
          clearTimeout(timer)
          resolve({ from: rinfo.address, port: rinfo.port, data: msg.toString('base64'), length: msg.length, rttMs: Math.round((performance.now() - sentAt) * 100) / 100 })
        })
        // ICMP port unreachable arrives as ECONNREFUSED on a connected socket.
        socket.once('error', (err) => {
          clearTimeout(timer)
          reject(err)
        })
      })
      await new Promise<void>((resolve, reject) => {
        socket.once('error', reject)
        socket.connect(options.port, address, () => {
          socket.off('error', reject)
          resolve()
        })
      })
      await new Promise<void>((resolve, reject) => socket.send(bytes, (err) => (err ? reject(err) : resolve())))
      const local = socket.address()
      const answer = await reply
      return { localAddress: local.address, localPort: local.port, remoteAddress: address, remotePort: options.port, bytes: bytes.length, reply: answer }
    } finally {
      socket.close()
    }
  }

  async bind(options: { host: string; port: number }): Promise<UdpSocketInfo> {
    const id = nextId('d')
    const socket = await bindUdpSocket(options.host, options.port)
    socket.on('message', (msg, rinfo) => {
      const peer = udpPeer(rinfo)
      this.events.data(id, 'in', msg, peer)
    })
    socket.on('error', (err) => this.events.emit('stream.closed', { streamId: id, reason: 'error', error: toWireError(err) }))
    this.sockets.set(id, socket)
    const address = socket.address()
    const info: UdpSocketInfo = { id, address: address.address, port: address.port, family: address.family === 'IPv6' ? 'IPv6' : 'IPv4', warning: exposureWarning(options.host) }
    this.infos.set(id, info)
    return info
  }

  /** The sockets still bound, oldest first, so a page that (re)mounts can show what main holds. */
  list(): UdpSocketInfo[] {
    return [...this.sockets.keys()].flatMap((id) => this.infos.get(id) ?? [])
  }

  close(id: string): { ok: true } {
    const socket = this.sockets.get(id)
    if (!socket) throw new WirebenchError('NOT_FOUND', `No bound UDP socket ${id}.`)
    this.sockets.delete(id)
    this.infos.delete(id)
    socket.close()
    this.events.emit('stream.closed', { streamId: id, reason: 'closed', error: null })
    return { ok: true }
  }

  closeAll(): void {
    for (const s of this.sockets.values()) s.close()
    this.sockets.clear()
    this.infos.clear()
  }
}

/** A UDP socket bound to host:port (udp6 for an IPv6 host); binding errors reject, as values. */
export async function bindUdpSocket(host: string, port: number): Promise<dgram.Socket> {
  const socket = dgram.createSocket({ type: net.isIPv6(host) ? 'udp6' : 'udp4' })
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject)
    socket.bind(port, host, () => {
      socket.off('error', reject)
      resolve()
    })
  })
  return socket
}

/** A datagram's sender as people write it: [v6]:port or v4:port. */
export function udpPeer(rinfo: { family: string; address: string; port: number }): string {
  return rinfo.family === 'IPv6' ? `[${rinfo.address}]:${rinfo.port}` : `${rinfo.address}:${rinfo.port}`
}
