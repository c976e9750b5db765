// Fast membership tests of an address in a fixed list of prefixes, on 32-bit words rather than bigint, because
// classification runs for every address the user types or pastes (the benchmark classifies a million).

import { type IPAddress, type IPVersion, addressWords } from './address'
import { parseNetwork } from './network'
import { unwrap } from './result'

export interface CompiledPrefix {
  readonly version: IPVersion
  readonly prefixLength: number
  /** Per word: the mask and the masked network bits, as signed int32 so `&` results compare directly. */
  readonly masks: Int32Array
  readonly bits: Int32Array
}

export function compilePrefix(cidr: string): CompiledPrefix {
  const network = unwrap(parseNetwork(cidr), 'INTERNAL')
  const words = addressWords(network.address)
  const used = Math.ceil(network.prefixLength / 32)
  const masks = new Int32Array(used)
  const bits = new Int32Array(used)
  for (let k = 0; k < used; k++) {
    const take = Math.min(32, network.prefixLength - k * 32)
    const mask = take === 32 ? -1 : ~(-1 >>> take)
    masks[k] = mask
    bits[k] = words[k]! & mask
  }
  return { version: network.version, prefixLength: network.prefixLength, masks, bits }
}

/** Whether the address words (from addressWords) fall in the prefix. The versions must match. */
export function wordsInPrefix(words: readonly number[], prefix: CompiledPrefix): boolean {
  const { masks, bits } = prefix
  for (let k = 0; k < masks.length; k++) if ((words[k]! & masks[k]!) !== bits[k]) return false
  return true
}

export function wordsInAny(words: readonly number[], prefixes: readonly CompiledPrefix[]): boolean {
  for (const p of prefixes) if (wordsInPrefix(words, p)) return true
  return false
}

export function addressInPrefix(address: IPAddress, prefix: CompiledPrefix): boolean {
  return address.version === prefix.version && wordsInPrefix(addressWords(address), prefix)
}
