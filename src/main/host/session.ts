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
import { CertificateService } from '../x509/service'

export interface Session {
  router: Router
  dispose(): Promise<void>
}

export function createSession(sink: (batch: EventEnvelope[]) => void, shell: 'electron' | 'browser'): Session {
  const events = new EventBatcher(sink)
  const clients = new TcpClients(events)
  const servers = new Servers(events)
  const udp = new UdpSockets(events)
  const certificates = new CertificateService()
  // TLS options may name a key from this window's vault instead of carrying its PEM.
  const withKey = <T extends { tls?: { keyId?: string; keyPem?: string } }>(input: T): T =>
    input.tls?.keyId ? { ...input, tls: { ...input.tls, keyPem: certificates.keyPem(input.tls.keyId) } } : input
  const router = createRouter({
    'app.info': () => ({ name: 'Wirebench', version: APP_VERSION, shell, platform: process.platform, node: process.versions.node }),
    'tcp.connect': (input) => clients.connect(withKey(input)),
    'tcp.send': (input) => clients.send(input.id, input.payload),
    'tcp.end': (input) => clients.end(input.id),
    'tcp.close': (input) => clients.close(input.id),
    'server.start': (input) => servers.start(withKey(input)),
    'server.stop': (input) => servers.stop(input.id),
    'server.list': () => servers.list(),
    'server.clients': (input) => servers.clients(input.serverId),
    'server.disconnect': (input) => servers.disconnect(input.streamId),
    'udp.send': (input) => udp.send(input),
    'udp.bind': (input) => udp.bind(input),
    'udp.close': (input) => udp.close(input.id),
    'system.network': () => systemNetwork(),
    'ports.lookup': (input) => lookupPortsWithEphemeral(input.query),
    'x509.open': (input) => certificates.open(input),
    'x509.inspect': (input) => certificates.inspect(input),
    'x509.verify': (input) => certificates.verify(input),
    'x509.trustStores': () => certificates.trustStores(),
    'x509.fetchChain': (input) => certificates.fetchChain(input),
    'x509.fetchIssuer': (input) => certificates.fetchIssuer(input),
    'x509.generate': (input) => certificates.generate(input),
    'x509.keys': () => certificates.keys(),
    'x509.keyMatches': (input) => certificates.keyMatches(input),
    'x509.exportKey': (input) => certificates.exportKey(input),
    'x509.saveKey': (input) => certificates.saveKey(input),
    'x509.exportPkcs12': (input) => certificates.exportPkcs12(input)
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
