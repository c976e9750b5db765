// Binds the HTTP area's methods to the HTTP engine: sending a request waits on the network, so it is a cancellable job.
// The session's cookie jar lives here, one per window: requests use it only when asked.
import type { httpMethods } from '../../../shared/contract/http'
import { emptyJar, type CookieJar } from '../../../shared/http/cookies'
import { runRaw } from '../../http'
import type { Binding } from './binding'

export function bindHttp(): Binding<keyof typeof httpMethods> {
  const session: { jar: CookieJar } = { jar: emptyJar() }
  return {
    handlers: {
      'http.raw': (input, job) => runRaw(input, { signal: job.signal, progress: job.progress, session }),
      'http.jar.list': () => session.jar.cookies,
      'http.jar.delete': ({ name, domain, path }) => {
        session.jar = { ...session.jar, cookies: session.jar.cookies.filter((c) => !(c.name === name && c.domain === domain && c.path === path)) }
        return { ok: true }
      },
      'http.jar.clear': () => {
        session.jar = { ...session.jar, cookies: [] }
        return { ok: true }
      }
    },
    dispose() {
      session.jar = emptyJar()
    }
  }
}
