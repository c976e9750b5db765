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

/** One socket bound on this machine that accepts traffic: a TCP listener or a bound UDP socket. */
export interface ListeningSocket {
  protocol: 'tcp' | 'udp'
  family: 'IPv4' | 'IPv6'
  address: string
  port: number
  /** Who can reach it, judged from the bind address alone (a firewall may narrow it further). */
  reach: 'loopback' | 'everywhere' | 'link' | 'interface'
  /** The same in words, e.g. "only this machine" or "every interface — reachable from the network". */
  words: string
  inode: number
  /** The owning process, where /proc lets us read its descriptors (other users' processes usually not). */
  process: { pid: number; name: string } | null
}

export interface ListeningSockets {
  /** False where the OS does not expose its socket table to us (everything but Linux, for now). */
  available: boolean
  reason: string | null
  sockets: ListeningSocket[]
  /** True when the search for owning processes ran out of its time budget before looking everywhere. */
  processSearchCut: boolean
}

export const subnetMethods = {
  'system.network': method<SystemNetwork>()(z.object({}).strict(), "This machine's interfaces, gateways, DNS servers and ephemeral ports."),
  'ports.lookup': method<PortAnswer>()(
    z.object({ query: z.string().max(200, 'A port query is at most 200 characters.') }).strict(),
    'Look up a port number or a service name in the IANA registry.'
  ),
  'system.listening': method<ListeningSockets>()(
    z.object({ port: z.number().int().min(0).max(65535).optional() }).strict(),
    "This machine's listening sockets with their bind address and owning process (Linux)."
  )
}
