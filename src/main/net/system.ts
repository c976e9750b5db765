// What this machine's network looks like: interfaces with their addresses and MACs, the default gateways, the
// configured DNS servers and the OS's ephemeral port range, where the OS exposes them (Linux: /proc).
import { readFile } from 'node:fs/promises'
import { networkInterfaces } from 'node:os'
import { getServers } from 'node:dns'
import type { SystemNetwork } from '../../shared/contract'
import { formatAddress, parseAddress } from '../../shared/ip'

/** /proc/net/route holds little-endian hex: 0101A8C0 is 192.168.1.1. */
export function parseProcRoute(text: string): { interface: string; address: string }[] {
  const out: { interface: string; address: string }[] = []
  for (const line of text.split('\n').slice(1)) {
    const [iface, destination, gateway, flags] = line.trim().split(/\s+/)
    if (!iface || destination !== '00000000' || !gateway || !flags) continue
    if ((parseInt(flags, 16) & 0x2) === 0) continue // RTF_GATEWAY
    const n = parseInt(gateway, 16)
    out.push({ interface: iface, address: [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24].join('.') })
  }
  return out
}

/** /proc/net/ipv6_route: destination, prefix, source, prefix, next hop, metric, refcnt, use, flags, device. */
export function parseProcIpv6Route(text: string): { interface: string; address: string }[] {
  const out: { interface: string; address: string }[] = []
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/)
    if (f.length < 10 || f[0] !== '0'.repeat(32) || f[1] !== '00') continue
    const hop = f[4] as string
    if (/^0+$/.test(hop)) continue
    const parsed = parseAddress((hop.match(/.{4}/g) ?? []).join(':'))
    if (parsed.ok) out.push({ interface: f[9] as string, address: formatAddress(parsed.value) })
  }
  return out
}

async function readOptional(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8')
  } catch {
    return null
  }
}

const PORT_RANGE_FILE = '/proc/sys/net/ipv4/ip_local_port_range'

/** The range the OS picks client (ephemeral) ports from, where it says (Linux). */
export async function ephemeralPortRange(): Promise<SystemNetwork['ephemeralPortRange']> {
  const [low, high] = ((await readOptional(PORT_RANGE_FILE)) ?? '').trim().split(/\s+/).map(Number)
  return low && high ? { low, high, source: PORT_RANGE_FILE } : null
}

export async function systemNetwork(): Promise<SystemNetwork> {
  const interfaces = Object.entries(networkInterfaces()).map(([name, addrs]) => ({
    name,
    mac: addrs?.find((a) => a.mac && a.mac !== '00:00:00:00:00:00')?.mac ?? null,
    internal: addrs?.every((a) => a.internal) ?? false,
    addresses: (addrs ?? []).map((a) => ({
      address: a.address,
      family: a.family === 'IPv6' ? ('IPv6' as const) : ('IPv4' as const),
      cidr: a.cidr ?? `${a.address}/${a.netmask}`,
      netmask: a.netmask,
      internal: a.internal,
      scopeId: a.family === 'IPv6' ? (a.scopeid ?? null) : null
    }))
  }))
  const [route4, route6, range] = await Promise.all([readOptional('/proc/net/route'), readOptional('/proc/net/ipv6_route'), ephemeralPortRange()])
  const gateways = [
    ...(route4 ? parseProcRoute(route4).map((g) => ({ ...g, family: 'IPv4' as const })) : []),
    ...(route6 ? parseProcIpv6Route(route6).map((g) => ({ ...g, family: 'IPv6' as const })) : [])
  ]
  return {
    interfaces,
    gateways,
    gatewaysExposed: route4 !== null,
    dnsServers: getServers(),
    ephemeralPortRange: range
  }
}
