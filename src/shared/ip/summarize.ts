// Fewest-CIDR covers: of an address range (CPython's summarize_address_range) and of a list of networks
// (collapse_addresses). A list is first merged into disjoint maximal ranges; the minimal CIDR cover of a union of
// ranges is the cover of each maximal range, because no CIDR block can span a gap.

import { type IPAddress, type IPVersion, addressFromBigInt, addressToBigInt, bitsOf } from './address'
import { type IPNetwork, networkFirst, networkLast } from './network'
import { type Parsed, ok, fail } from './result'

function bitLength(x: bigint): number {
  return x === 0n ? 0 : x.toString(2).length
}

function trailingZeros(x: bigint, bits: number): number {
  if (x === 0n) return bits
  return bitLength(x & -x) - 1
}

/** The CIDR blocks that exactly cover the integer range [first, last] of one version, in order. */
export function summarizeValues(version: IPVersion, first: bigint, last: bigint): IPNetwork[] {
  const bits = bitsOf(version)
  const out: IPNetwork[] = []
  let cursor = first
  while (cursor <= last) {
    const size = bitLength(last - cursor + 1n) - 1
    const hostBits = Math.min(trailingZeros(cursor, bits), size)
    out.push({ version, address: addressFromBigInt(version, cursor), prefixLength: bits - hostBits })
    cursor += 1n << BigInt(hostBits)
  }
  return out
}

/** The fewest CIDR blocks that cover first … last exactly (both addresses included). */
export function summarizeRange(first: IPAddress, last: IPAddress): Parsed<IPNetwork[]> {
  if (first.version !== last.version) return fail(`a range cannot run from IPv${first.version} to IPv${last.version}`)
  const a = addressToBigInt(first)
  const b = addressToBigInt(last)
  if (a > b) return fail('the last address of the range comes before the first')
  return ok(summarizeValues(first.version, a, b))
}

/**
 * The fewest CIDR blocks covering every address of every given network: overlapping, nested and adjacent networks
 * merge. Mixed versions are collapsed separately, IPv4 first (CPython would refuse the mix).
 */
export function collapseNetworks(networks: readonly IPNetwork[]): IPNetwork[] {
  const out: IPNetwork[] = []
  for (const version of [4, 6] as const) {
    const ranges = networks
      .filter((n) => n.version === version)
      .map((n) => [networkFirst(n), networkLast(n)] as [bigint, bigint])
      .sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))
    let current: [bigint, bigint] | null = null
    for (const range of ranges) {
      if (current && range[0] <= current[1] + 1n) {
        if (range[1] > current[1]) current[1] = range[1]
        continue
      }
      if (current) out.push(...summarizeValues(version, current[0], current[1]))
      current = [range[0], range[1]]
    }
    if (current) out.push(...summarizeValues(version, current[0], current[1]))
  }
  return out
}
