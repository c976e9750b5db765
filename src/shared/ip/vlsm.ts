// VLSM: carve subnets sized for given host counts out of one parent network. Requests are placed largest first
// (ties in the order given); because every block is a power of two no larger than the one before, placing them one
// after another keeps each aligned, and the space left over is one contiguous tail.

import { type IPAddress, addressFromBigInt, bitsOf } from './address'
import { hostRange } from './cidr'
import { type IPNetwork, formatNetwork, networkFirst, networkLast } from './network'
import { type Parsed, ok, fail } from './result'
import { summarizeValues } from './summarize'

export interface VlsmRequest {
  hosts: number | bigint
  label?: string
}

export interface VlsmAllocation {
  /** Position of the request in the list given. */
  index: number
  label: string | null
  hostsRequested: bigint
  network: IPNetwork
  firstHost: IPAddress
  lastHost: IPAddress
  broadcast: IPAddress | null
  usableHosts: bigint
}

export interface VlsmPlan {
  parent: IPNetwork
  /** In placement order: largest first. */
  allocations: VlsmAllocation[]
  usedAddresses: bigint
  /** What is left of the parent, as the fewest CIDR blocks. */
  free: IPNetwork[]
}

export interface VlsmOptions {
  /**
   * IPv4: let a request for 1 or 2 hosts take a /32 or a /31 (RFC 3021 point-to-point links). Off by default, so
   * every IPv4 subnet keeps a network and a broadcast address.
   */
  pointToPoint?: boolean
}

/** The longest prefix whose usable hosts are at least `hosts`, or -1 if none. */
export function prefixForHosts(version: 4 | 6, hosts: bigint, options: VlsmOptions = {}): number {
  const bits = bitsOf(version)
  if (hosts < 1n) return -1
  if (version === 6 || options.pointToPoint) {
    if (hosts === 1n) return bits
    if (hosts === 2n) return bits - 1
  }
  // Blocks of 4 or more addresses: IPv4 loses two addresses, IPv6 one (the Subnet-Router anycast).
  const overhead = version === 4 ? 2n : 1n
  for (let hostBits = 2; hostBits <= bits; hostBits++) {
    if ((1n << BigInt(hostBits)) - overhead >= hosts) return bits - hostBits
  }
  return -1
}

export function allocateVlsm(
  parent: IPNetwork,
  requests: readonly (number | bigint | VlsmRequest)[],
  options: VlsmOptions = {}
): Parsed<VlsmPlan> {
  const version = parent.version
  const items: { index: number; label: string | null; hosts: bigint; prefix: number }[] = []
  for (let index = 0; index < requests.length; index++) {
    const r = requests[index]!
    const req: VlsmRequest = typeof r === 'object' ? r : { hosts: r }
    const label = req.label ?? null
    const name = label === null ? `request ${index + 1}` : `request ${index + 1} (${label})`
    if (typeof req.hosts === 'number' && !Number.isSafeInteger(req.hosts)) return fail(`${name}: ${req.hosts} is not a whole number of hosts`)
    const hosts = BigInt(req.hosts)
    if (hosts < 1n) return fail(`${name}: ask for at least 1 host, not ${hosts}`)
    const prefix = prefixForHosts(version, hosts, options)
    if (prefix < 0) return fail(`${name}: ${hosts} hosts do not fit in any IPv${version} network`)
    if (prefix < parent.prefixLength) {
      return fail(`${name}: ${hosts} hosts need a /${prefix}, which is larger than the whole of ${formatNetwork(parent)}`)
    }
    items.push({ index, label, hosts, prefix })
  }
  items.sort((a, b) => a.prefix - b.prefix || a.index - b.index)

  const bits = bitsOf(version)
  const end = networkLast(parent)
  let cursor = networkFirst(parent)
  const allocations: VlsmAllocation[] = []
  for (const item of items) {
    const size = 1n << BigInt(bits - item.prefix)
    if (cursor + size - 1n > end) {
      const left = end - cursor + 1n
      const name = item.label === null ? `request ${item.index + 1}` : `request ${item.index + 1} (${item.label})`
      return fail(
        `the requests do not fit in ${formatNetwork(parent)}: ${name} for ${item.hosts} hosts needs a /${item.prefix} (${size} addresses), but only ${left} address${left === 1n ? '' : 'es'} are left after the larger ones`
      )
    }
    const network: IPNetwork = { version, address: addressFromBigInt(version, cursor), prefixLength: item.prefix }
    const hosts = hostRange(network)
    allocations.push({
      index: item.index,
      label: item.label,
      hostsRequested: item.hosts,
      network,
      firstHost: hosts.firstHost,
      lastHost: hosts.lastHost,
      broadcast: version === 4 ? addressFromBigInt(4, cursor + size - 1n) : null,
      usableHosts: hosts.usableHosts
    })
    cursor += size
  }
  const free = cursor <= end ? summarizeValues(version, cursor, end) : []
  return ok({ parent, allocations, usedAddresses: cursor - networkFirst(parent), free })
}
