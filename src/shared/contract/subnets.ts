// Subnets: the address math runs in the renderer (src/shared/ip); only what the OS knows comes from main —
// interfaces, gateways, DNS servers, the ephemeral port range — plus the port registry, which is large.
import { z } from 'zod'
import type { PortQueryAnswer } from '../ip/ports'
import { method } from './define'

export interface SystemNetwork {
  interfaces: {
    name: string
    mac: string | null
    internal: boolean
    addresses: { address: string; family: 'IPv4' | 'IPv6'; cidr: string; netmask: string; internal: boolean; scopeId: number | null }[]
  }[]
  gateways: { family: 'IPv4' | 'IPv6'; address: string; interface: string }[]
  /** False where the OS does not tell us (gateways is then empty for want of a source, not of a gateway). */
  gatewaysExposed: boolean
  dnsServers: string[]
  ephemeralPortRange: { low: number; high: number; source: string } | null
}

export type PortAnswer = PortQueryAnswer & {
  /** This machine's ephemeral range, and whether the port falls in it (port queries only). */
  ephemeral: { low: number; high: number; contains: boolean | null } | null
}

export const subnetMethods = {
  'system.network': method<SystemNetwork>()(z.object({}).strict(), "This machine's interfaces, gateways, DNS servers and ephemeral ports."),
  'ports.lookup': method<PortAnswer>()(
    z.object({ query: z.string().max(200, 'A port query is at most 200 characters.') }).strict(),
    'Look up a port number or a service name in the IANA registry.'
  )
}
