// Binds the Subnets area's methods: what the OS knows about this machine's networks, and the port registry.
import type { subnetMethods } from '../../../shared/contract/subnets'
import { lookupPortsWithEphemeral } from '../../net/ports'
import { systemNetwork } from '../../net/system'
import { listeningSockets } from '../../net/listening'
import type { Binding } from './binding'

export function bindSubnets(): Binding<keyof typeof subnetMethods> {
  return {
    handlers: {
      'system.network': () => systemNetwork(),
      'ports.lookup': (input) => lookupPortsWithEphemeral(input.query),
      'system.listening': (input) => listeningSockets(input)
    }
  }
}
