// A UDP server: each datagram is a whole message for the behaviour, answered to its sender. Nothing waits for a
// peer to read, so the only queue is the OS send buffer, and a reply that would grow it past a bound is dropped.
import type { ServerInfo } from '../../shared/contract'
import { WirebenchError } from '../../shared/errors'
import type { EngineEvents } from '../core/events'
import { nextId } from '../core/ids'
import { BEHAVIOURS, type BehaviourContext } from './behaviours'
import { emptyStats, exposureWarning, type RunningServer, type StartOptions } from './server-common'
import { bindUdpSocket, udpPeer } from './udp'

const MAX_UDP_SEND_QUEUE_BYTES = 1024 * 1024

export async function startUdpServer(options: StartOptions, fixedReply: Uint8Array, events: EngineEvents): Promise<RunningServer> {
  if (options.tls) throw new WirebenchError('INVALID_INPUT', 'TLS runs over TCP; a UDP server cannot use it (DTLS is not supported).')
  const id = nextId('u')
  const stats = emptyStats()
  const socket = await bindUdpSocket(options.host, options.port)
  socket.on('error', () => {})
  socket.on('message', (msg, rinfo) => {
    stats.datagrams += 1
    stats.bytesIn += msg.length
    const peer = udpPeer(rinfo)
    events.data(id, 'in', msg, peer)
    const ctx: BehaviourContext = {
      maxLineLength: options.limits.maxLineLength,
      fixedReply,
      reply: (bytes) => {
        // A datagram is sent or lost, never waited for; replies only queue when the OS send buffer is full,
        // and then one more is dropped, as the network would, rather than held without bound.
        if (socket.getSendQueueSize() > MAX_UDP_SEND_QUEUE_BYTES) return
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
    queuedBytes: () => socket.getSendQueueSize(),
    stop: () => new Promise<void>((resolve) => socket.close(() => resolve()))
  }
}
