// Binds the DNS area's methods to the DNS engine: queries, traces, DNSSEC and insights are jobs (they wait on the
// network and can be cancelled); the OS resolver, getaddrinfo and hex decoding answer at once.
import type { dnsMethods } from '../../../shared/contract/dns'
import { decodeHex, domainInsights, getaddrinfoLookup, lookup, systemResolver, trace, validateDnssec } from '../../dns'
import type { Binding } from './binding'

export function bindDns(): Binding<keyof typeof dnsMethods> {
  return {
    handlers: {
      'dns.lookup': (input, job) => {
        job.progress({ message: `Asking for ${input.name}…` })
        // The page builds the packet's span tree from `raw` in a worker: sending ~20,000 spans would be a 2.5 MB message.
        return lookup(input, job, { spans: false })
      },
      'dns.trace': (input, job) => {
        job.progress({ message: `Tracing ${input.name} from the root…` })
        return trace(input, job)
      },
      'dns.dnssec': (input, job) => {
        job.progress({ message: `Validating ${input.name}…` })
        return validateDnssec(input, job)
      },
      'dns.insights': (input, job) => {
        job.progress({ message: `Reading the records of ${input.name}…` })
        return domainInsights(input, job)
      },
      'dns.system': () => systemResolver(),
      'dns.getaddrinfo': (input) => getaddrinfoLookup(input),
      'dns.decode': (input) => decodeHex(input.hex)
    }
  }
}
