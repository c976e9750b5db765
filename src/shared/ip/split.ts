// Splitting a network into equal subnets. A split can be astronomically large (a /32 into /64s is 2^32 subnets),
// so it is an indexed view: the count is a bigint and any subnet is computed from its index on demand, which is
// what a virtualized list needs. Eager lists are capped.

import { addressFromBigInt, bitsOf } from './address'
import { type IPNetwork, formatNetwork, networkFirst } from './network'
import { type Parsed, ok, fail } from './result'

/** The most subnets any function here will put in one array. */
export const MAX_EAGER_SUBNETS = 65_536

export interface SubnetSplit {
  readonly parent: IPNetwork
  /** The prefix length of every subnet. */
  readonly prefixLength: number
  /** How many subnets: 2^(prefixLength - parent.prefixLength). */
  readonly count: bigint
  /** The subnet at `index` (0-based); throws RangeError outside 0 … count-1. */
  at(index: number | bigint): IPNetwork
}

/** How many /newPrefix subnets the parent holds. */
export function subnetCount(parent: IPNetwork, newPrefix: number): bigint {
  return 1n << BigInt(newPrefix - parent.prefixLength)
}

/** The index-th /newPrefix subnet of parent. */
export function subnetAt(parent: IPNetwork, newPrefix: number, index: number | bigint): IPNetwork {
  const i = BigInt(index)
  if (i < 0n || i >= subnetCount(parent, newPrefix)) {
    throw new RangeError(`subnet index ${i} is outside 0 … ${subnetCount(parent, newPrefix) - 1n}`)
  }
  const start = networkFirst(parent) + (i << BigInt(bitsOf(parent.version) - newPrefix))
  return { version: parent.version, address: addressFromBigInt(parent.version, start), prefixLength: newPrefix }
}

function makeSplit(parent: IPNetwork, prefixLength: number): SubnetSplit {
  return {
    parent,
    prefixLength,
    count: subnetCount(parent, prefixLength),
    at: (index) => subnetAt(parent, prefixLength, index)
  }
}

/** Splits into subnets of the given prefix length (which must be at least the parent's). */
export function splitByPrefix(parent: IPNetwork, prefixLength: number): Parsed<SubnetSplit> {
  const bits = bitsOf(parent.version)
  if (!Number.isInteger(prefixLength) || prefixLength < parent.prefixLength || prefixLength > bits) {
    return fail(
      `cannot split ${formatNetwork(parent)} into /${prefixLength} subnets: the new prefix length must be between ${parent.prefixLength} and ${bits}`
    )
  }
  return ok(makeSplit(parent, prefixLength))
}

/**
 * Splits into at least `count` equal subnets: the count is rounded up to a power of two (5 → 8). Fails when the
 * parent has fewer addresses than that.
 */
export function splitByCount(parent: IPNetwork, count: number | bigint): Parsed<SubnetSplit> {
  if (typeof count === 'number' && !Number.isSafeInteger(count)) return fail(`${count} is not a whole number of subnets`)
  const n = BigInt(count)
  if (n < 1n) return fail(`cannot split into ${n} subnets; ask for at least 1`)
  let extraBits = 0
  while (1n << BigInt(extraBits) < n) extraBits++
  const prefixLength = parent.prefixLength + extraBits
  const bits = bitsOf(parent.version)
  if (prefixLength > bits) {
    return fail(
      `${formatNetwork(parent)} cannot be split into ${n} subnets: that needs /${prefixLength}, but IPv${parent.version} prefixes stop at /${bits} (at most ${subnetCount(parent, bits)} subnets)`
    )
  }
  return ok(makeSplit(parent, prefixLength))
}

/**
 * What a split by count did, in words, because equal subnets come only in powers of two: "3 subnets need 2 bits →
 * 4 subnets of /26". Null when the count asked for is exactly what was made.
 */
export function countSplitNote(requested: number | bigint, split: SubnetSplit): string | null {
  const n = BigInt(requested)
  if (n === split.count) return null
  const bits = split.prefixLength - split.parent.prefixLength
  const word = (k: bigint) => `${k.toLocaleString('en-US')} subnet${k === 1n ? '' : 's'}`
  return `${word(n)} need${n === 1n ? 's' : ''} ${bits} bit${bits === 1 ? '' : 's'} → ${word(split.count)} of /${split.prefixLength} (equal subnets come in powers of two; ${(split.count - n).toLocaleString('en-US')} spare)`
}

/** Subnets start … start+limit-1 of a split as an array, at most MAX_EAGER_SUBNETS of them. */
export function listSubnets(split: SubnetSplit, start: number | bigint = 0, limit: number = MAX_EAGER_SUBNETS): IPNetwork[] {
  const first = BigInt(start)
  if (first < 0n) throw new RangeError(`start ${first} is negative`)
  const wanted = BigInt(Math.max(0, Math.min(limit, MAX_EAGER_SUBNETS)))
  const end = first + wanted < split.count ? first + wanted : split.count
  const out: IPNetwork[] = []
  const bits = bitsOf(split.parent.version)
  const step = 1n << BigInt(bits - split.prefixLength)
  let value = networkFirst(split.parent) + first * step
  for (let i = first; i < end; i++) {
    out.push({ version: split.parent.version, address: addressFromBigInt(split.parent.version, value), prefixLength: split.prefixLength })
    value += step
  }
  return out
}
