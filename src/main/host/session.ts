// A session is one window (Electron) or one WebSocket (browser shell): its own engines, its own event batcher and
// job runner, and everything it opened is closed when it goes away. Each area binds its own methods
// (bindings/<area>.ts); the session only assembles them.
import type { EventEnvelope, OsOpenedFile } from '../../shared/contract'
import { JobRunner } from '../core/jobs'
import { EventBatcher } from './batcher'
import { bindApp } from './bindings/app'
import { bindCertificates } from './bindings/certificates'
import { bindConnections } from './bindings/connections'
import { bindDns } from './bindings/dns'
import { bindHttp } from './bindings/http'
import { bindJwt } from './bindings/jwt'
import { bindJobs } from './bindings/jobs'
import { bindSubnets } from './bindings/subnets'
import { bindTls } from './bindings/tls'
import { bindWalkthrough } from './bindings/walkthrough'
import { bindWs } from './bindings/ws'
import { createRouter, type Handlers, type Router } from './router'

export interface Session {
  router: Router
  /** A file the OS handed the app, opened into this window's certificate service (keys into its vault). */
  openOsFile(path: string): Promise<OsOpenedFile>
  dispose(): Promise<void>
}

export function createSession(sink: (batch: EventEnvelope[]) => void, shell: 'electron' | 'browser'): Session {
  const events = new EventBatcher(sink)
  const jobs = new JobRunner(events)
  const certificates = bindCertificates()
  // Jobs first, so their engines stop before the sockets under them close; the batcher last, so every final
  // event (job.finished, stream.closed) is flushed.
  const bindings = [bindJobs(jobs), bindApp(shell), bindConnections(events, certificates.keyPem), bindSubnets(), bindDns(), bindHttp(), bindJwt(), bindWs(events), bindWalkthrough(), bindTls(), certificates]
  const handlers = Object.assign({}, ...bindings.map((b) => b.handlers)) as Handlers
  return {
    router: createRouter(handlers, jobs),
    openOsFile: (path) => certificates.openOsFile(path),
    async dispose() {
      for (const binding of bindings) await binding.dispose?.()
      events.dispose()
    }
  }
}
