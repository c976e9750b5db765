// The type bit maps of NSEC and NSEC3 (RFC 4034 §4.1.2, RFC 5155 §3.2.1): which record types exist at a name, in
// windows of 256 types, each a block of up to 32 octets. Kept apart because both records share it, and denial of
// existence (dnssec/denial.ts) reads it. Mnemonics come from the one registry table, ../types.ts.
import type { ByteReader, ByteWriter } from '../../bytes'
import { WirebenchError } from '../../errors'
import { typeCode as registryTypeCode, typeName as registryTypeName } from '../types'

/** "A", or "TYPE1234" for a type without a mnemonic (RFC 3597 §5). */
export const typeName = registryTypeName

/** The type code of a mnemonic or of "TYPEnnn"; undefined when it is neither. */
export function typeCode(name: string): number | undefined {
  try {
    return registryTypeCode(name)
  } catch {
    return undefined
  }
}

/** Reads the bit map to the reader's end; windows must ascend and be 1–32 octets long (RFC 4034 §4.1.2). */
export function readTypeBitmap(r: ByteReader): number[] {
  const types: number[] = []
  let lastWindow = -1
  while (r.remaining > 0) {
    const window = r.u8('type bit map window')
    const length = r.u8('type bit map length')
    if (window <= lastWindow) throw new WirebenchError('DNS_MALFORMED', `Type bit map windows must ascend (window ${window} after ${lastWindow}), RFC 4034 §4.1.2.`)
    if (length < 1 || length > 32) throw new WirebenchError('DNS_MALFORMED', `A type bit map block is 1 to 32 octets long; this one says ${length} (RFC 4034 §4.1.2).`)
    lastWindow = window
    const block = r.take(length, 'type bit map block')
    for (let i = 0; i < block.length; i++) {
      for (let bit = 0; bit < 8; bit++) if ((block[i]! & (0x80 >> bit)) !== 0) types.push(window * 256 + i * 8 + bit)
    }
  }
  return types
}

/** Writes the types (any order, duplicates ignored) as ascending windows without trailing zero octets. */
export function writeTypeBitmap(w: ByteWriter, codes: readonly number[]): void {
  const sorted = [...new Set(codes)].sort((a, b) => a - b)
  let i = 0
  while (i < sorted.length) {
    const window = sorted[i]! >> 8
    const block = new Uint8Array(32)
    let used = 0
    while (i < sorted.length && sorted[i]! >> 8 === window) {
      const low = sorted[i]! & 0xff
      block[low >> 3]! |= 0x80 >> (low & 7)
      used = (low >> 3) + 1
      i++
    }
    w.u8(window).u8(used).bytes(block.subarray(0, used))
  }
}

/** Type names from fields (names or numbers) to codes; unknown names are an input error. */
export function typeCodes(types: readonly unknown[]): number[] {
  return types.map((t) => {
    const code = typeof t === 'number' ? t : typeCode(String(t))
    if (code === undefined) throw new WirebenchError('DNS_BAD_TYPE', `"${String(t)}" is not a record type.`)
    return code
  })
}
