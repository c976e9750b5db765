// A session is one window (Electron) or one WebSocket (browser shell): its own engines, its own event batcher,
// and everything it opened is closed when it goes away.
import type { EventEnvelope } from '../../shared/contract'
import { EventBatcher } from './batcher'
import { createRouter, type Router } from './router'
import { TcpClients } from '../net/tcpClient'
import { Servers } from '../net/servers'
import { UdpSockets } from '../net/udp'
import { systemNetwork } from '../net/system'
import { lookupPortsWithEphemeral } from '../net/ports'
import { APP_VERSION } from '../version'

export interface Session {
  router: Router
  dispose(): Promise<void>
}

export function createSession(sink: (batch: EventEnvelope[]) => void, shell: 'electron' | 'browser'): Session {
  const events = new EventBatcher(sink)
  const clients = new TcpClients(events)
  const servers = new Servers(events)
  const udp = new UdpSockets(events)
  const router = createRouter({
    'app.info': () => ({ name: 'Wirebench', version: APP_VERSION, shell, platform: process.platform, node: process.versions.node }),
    'tcp.connect': (input) => clients.connect(input),
    'tcp.send': (input) => clients.send(input.id, input.payload),
    'tcp.end': (input) => clients.end(input.id),
    'tcp.close': (input) => clients.close(input.id),
    'server.start': (input) => servers.start(input),
    'server.stop': (input) => servers.stop(input.id),
    'server.list': () => servers.list(),
    'server.clients': (input) => servers.clients(input.serverId),
    'server.disconnect': (input) => servers.disconnect(input.streamId),
    'udp.send': (input) => udp.send(input),
    'udp.bind': (input) => udp.bind(input),
    'udp.close': (input) => udp.close(input.id),
    'system.network': () => systemNetwork(),
    'ports.lookup': (input) => lookupPortsWithEphemeral(input.query)
  })
  return {
    router,
    async dispose() {
      clients.closeAll()
      udp.closeAll()
      await servers.stopAll()
      events.dispose()
    }
  }
}
