// Our own HPACK (RFC 7541) encoder: exact matches become indexed fields, the lowest-index name match is reused,
// literals are Huffman-coded when asked or when shorter, and table size changes open the next block (§4.2).
import { ByteWriter } from '../bytes'
import { WirebenchError } from '../errors'
import { DynamicTable, enc, encodeInteger, encodeString, entryOf, HPACK_LIMITS, type HeaderField, type HpackTableEntry } from './hpack-core'
import { huffmanEncodedLength } from './hpack-huffman'
import { HPACK_STATIC_TABLE } from './hpack-static'

export interface HeaderFieldInput extends HeaderField {
  /** How to send a literal (default incremental); 'never' also keeps it out of our own table (RFC 7541 §6.2.3). */
  indexing?: 'incremental' | 'without' | 'never'
}

export interface HpackEncoderOptions {
  /** The peer's SETTINGS_HEADER_TABLE_SIZE (default 4096); the table starts at this size. */
  maxTableSize?: number
  /** Huffman for every literal, none, or only when shorter (default). */
  huffman?: 'always' | 'never' | 'shorter'
}

/** One direction's encoding context: exact matches become indexed fields, the lowest-index name match is reused. */
export class HpackEncoder {
  private table: DynamicTable
  private pendingSizes: number[] = []
  private readonly huffman: 'always' | 'never' | 'shorter'

  constructor(options: HpackEncoderOptions = {}) {
    this.table = new DynamicTable(Math.min(options.maxTableSize ?? HPACK_LIMITS.defaultTableSize, HPACK_LIMITS.maxTableSize))
    this.huffman = options.huffman ?? 'shorter'
  }

  get dynamicTable(): readonly HpackTableEntry[] {
    return this.table.entries
  }
  get tableSize(): number {
    return this.table.size
  }

  /** Changes the table's maximum size; the next block opens with the size update (RFC 7541 §4.2, §6.3). */
  setMaxTableSize(size: number): void {
    if (!Number.isSafeInteger(size) || size < 0 || size > HPACK_LIMITS.maxTableSize) throw new WirebenchError('INVALID_INPUT', `A header table size must be 0 to ${HPACK_LIMITS.maxTableSize} octets.`)
    this.pendingSizes.push(size)
  }

  encode(headers: readonly HeaderFieldInput[]): Uint8Array {
    const w = new ByteWriter()
    // Send the smallest size asked for, then the final one, so the peer evicts as far as we did (RFC 7541 §4.2).
    if (this.pendingSizes.length) {
      const min = Math.min(...this.pendingSizes)
      const last = this.pendingSizes[this.pendingSizes.length - 1]!
      for (const s of min < last ? [min, last] : [last]) {
        this.table.resize(s)
        w.bytes(encodeInteger(s, 5, 0x20))
      }
      this.pendingSizes = []
    }
    for (const h of headers) {
      const indexing = h.indexing ?? 'incremental'
      let nameIndex = 0
      let exact = 0
      const all = this.indexable()
      for (let i = 0; i < all.length; i++) {
        const [n, v] = all[i]!
        if (n !== h.name) continue
        if (!nameIndex) nameIndex = i + 1
        if (v === h.value && indexing !== 'never') {
          exact = i + 1
          break
        }
      }
      if (exact) {
        w.bytes(encodeInteger(exact, 7, 0x80))
        continue
      }
      const [prefix, flags] = indexing === 'incremental' ? [6, 0x40] : indexing === 'never' ? [4, 0x10] : [4, 0]
      w.bytes(encodeInteger(nameIndex, prefix, flags))
      if (!nameIndex) w.bytes(this.literal(h.name))
      w.bytes(this.literal(h.value))
      if (indexing === 'incremental') this.table.add(entryOf(h.name, h.value))
    }
    return w.finish()
  }

  private indexable(): (readonly [string, string])[] {
    return [...HPACK_STATIC_TABLE, ...this.table.entries.map((e) => [e.name, e.value] as const)]
  }

  private literal(text: string): Uint8Array {
    const bytes = enc.encode(text)
    const huff = this.huffman === 'always' || (this.huffman === 'shorter' && huffmanEncodedLength(bytes) < bytes.length)
    return encodeString(bytes, huff)
  }
}
