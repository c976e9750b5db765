// Binds the HTTP area's methods to the HTTP engine: sending a request waits on the network, so it is a cancellable job.
import type { httpMethods } from '../../../shared/contract/http'
import { runRaw } from '../../http'
import type { Binding } from './binding'

export function bindHttp(): Binding<keyof typeof httpMethods> {
  return {
    handlers: {
      'http.raw': (input, job) => runRaw(input, { signal: job.signal, progress: job.progress })
    }
  }
}
