// Binds the Connections area's methods: TCP/TLS clients, servers and UDP sockets of one session.
import type { connectionMethods } from '../../../shared/contract/connections'
import type { EngineEvents } from '../../core/events'
import { Servers } from '../../net/servers'
import { TcpClients } from '../../net/tcpClient'
import { UdpSockets } from '../../net/udp'
import type { Binding } from './binding'

/** Resolves a vault key id to its PEM (the Certificates area holds the vault). */
export type KeyLookup = (keyId: string) => string

export function bindConnections(events: EngineEvents, keyPem: KeyLookup): Binding<keyof typeof connectionMethods> {
  const clients = new TcpClients(events)
  const servers = new Servers(events)
  const udp = new UdpSockets(events)
  // TLS options may name a key from this window's vault instead of carrying its PEM.
  const withKey = <T extends { tls?: { keyId?: string; keyPem?: string } }>(input: T): T =>
    input.tls?.keyId ? { ...input, tls: { ...input.tls, keyPem: keyPem(input.tls.keyId) } } : input
  return {
    handlers: {
      'tcp.connect': (input, job) => clients.connect(withKey(input), job.signal),
      'tcp.send': (input) => clients.send(input.id, input.payload),
      'tcp.end': (input) => clients.end(input.id),
      'tcp.close': (input) => clients.close(input.id),
      'tcp.list': () => clients.list(),
      'server.start': (input) => servers.start(withKey(input)),
      'server.stop': (input) => servers.stop(input.id),
      'server.list': () => servers.list(),
      'server.clients': (input) => servers.clients(input.serverId),
      'server.disconnect': (input) => servers.disconnect(input.streamId),
      'udp.send': (input) => udp.send(input),
      'udp.bind': (input) => udp.bind(input),
      'udp.close': (input) => udp.close(input.id),
      'udp.list': () => udp.list()
    },
    async dispose() {
      clients.closeAll()
      udp.closeAll()
      await servers.stopAll()
    }
  }
}
