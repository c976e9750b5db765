// Our own HPACK (RFC 7541) decoder, so the HTTP tab can show each header field as it was compressed: which
// representation, which table index, whether Huffman, and the dynamic table after every field. The encoder is in
// hpack-encoder.ts and the building blocks in hpack-core.ts; this module is the one to import.
import type { Span } from '../dissect/span'
import { WirebenchError } from '../errors'
import { compression, decodeInteger, DynamicTable, entryOf, HPACK_LIMITS, readString, utf8 } from './hpack-core'
import type { HeaderField, HpackDecodeResult, HpackFieldExplained, HpackRepresentation, HpackTableEntry } from './hpack-core'
import { HPACK_STATIC_COUNT, HPACK_STATIC_TABLE } from './hpack-static'

export {
  decodeInteger,
  encodeInteger,
  encodeString,
  HPACK_LIMITS,
  type HeaderField,
  type HpackDecodeResult,
  type HpackFieldExplained,
  type HpackRepresentation,
  type HpackTableEntry
} from './hpack-core'
export { HpackEncoder, type HeaderFieldInput, type HpackEncoderOptions } from './hpack-encoder'
const REPRESENTATION_WORDS: Record<HpackRepresentation, string> = {
  indexed: 'Indexed header field (RFC 7541 §6.1)',
  'literal-incremental': 'Literal with incremental indexing (RFC 7541 §6.2.1): added to the dynamic table',
  'literal-without-indexing': 'Literal without indexing (RFC 7541 §6.2.2): not added to the table',
  'literal-never-indexed': 'Literal never indexed (RFC 7541 §6.2.3): sensitive, intermediaries must not index it either',
  'size-update': 'Dynamic table size update (RFC 7541 §6.3)'
}

export interface HpackDecoderOptions {
  /** SETTINGS_HEADER_TABLE_SIZE we advertised: the largest table the peer's encoder may use (default 4096). */
  maxTableSize?: number
  maxHeaderListSize?: number
  maxFields?: number
  maxStringLength?: number
}

/**
 * One direction's decoding context. A thrown WirebenchError (HPACK_COMPRESSION_ERROR) leaves the table in an
 * unknown state: the connection is over (RFC 9113 §4.3), so do not decode more blocks with this decoder.
 */
export class HpackDecoder {
  private table: DynamicTable
  private protocolMax: number
  private pendingUpdate = false
  private readonly opts: Required<Omit<HpackDecoderOptions, 'maxTableSize'>>

  constructor(options: HpackDecoderOptions = {}) {
    this.protocolMax = Math.min(options.maxTableSize ?? HPACK_LIMITS.defaultTableSize, HPACK_LIMITS.maxTableSize)
    this.table = new DynamicTable(this.protocolMax)
    this.opts = {
      maxHeaderListSize: options.maxHeaderListSize ?? HPACK_LIMITS.maxHeaderListSize,
      maxFields: options.maxFields ?? HPACK_LIMITS.maxFields,
      maxStringLength: options.maxStringLength ?? HPACK_LIMITS.maxStringLength
    }
  }

  get dynamicTable(): readonly HpackTableEntry[] {
    return this.table.entries
  }
  get tableSize(): number {
    return this.table.size
  }
  get tableMaxSize(): number {
    return this.table.maxSize
  }

  /** Our SETTINGS_HEADER_TABLE_SIZE changed; when it shrinks below the table's size, the next block must open with a size update (RFC 7541 §4.2). */
  setProtocolMaxTableSize(size: number): void {
    const next = Math.min(size, HPACK_LIMITS.maxTableSize)
    if (next < this.table.maxSize) this.pendingUpdate = true
    this.protocolMax = next
  }

  /** Decodes one complete header block; `base` is added to every offset in the explanation. */
  decode(block: Uint8Array, base = 0): HpackDecodeResult {
    const headers: HeaderField[] = []
    const fields: HpackFieldExplained[] = []
    let listSize = 0
    let pos = 0
    let sawField = false
    while (pos < block.length) {
      if (fields.length >= this.opts.maxFields) throw new WirebenchError('TOO_LARGE', `The header block holds more than ${this.opts.maxFields} fields, over the limit.`)
      const start = pos
      const b = block[pos]!
      const children: Span[] = []
      let f: Omit<HpackFieldExplained, 'offset' | 'length' | 'evicted' | 'tableAfter' | 'tableSizeAfter' | 'tableMaxSizeAfter' | 'span'>
      let evicted: HpackTableEntry[] = []
      if ((b & 0xe0) === 0x20) {
        // §6.3: only before the first field of a block (§4.2), and never above our setting.
        const { value, next } = decodeInteger(block, pos, 5)
        if (sawField) throw compression(`A dynamic table size update at byte ${base + pos} comes after a header field; it must open the block (RFC 7541 §4.2).`)
        if (value > this.protocolMax) throw compression(`The size update asks for ${value} octets, above the ${this.protocolMax} allowed by SETTINGS_HEADER_TABLE_SIZE (RFC 7541 §6.3).`)
        evicted = this.table.resize(value)
        this.pendingUpdate = false
        pos = next
        f = { representation: 'size-update', newMaxSize: value }
      } else {
        if (this.pendingUpdate) throw compression('The settings shrank the header table, but this block does not open with a dynamic table size update (RFC 7541 §4.2).')
        sawField = true
        let fieldSize: number
        if (b & 0x80) {
          const { value: index, next } = decodeInteger(block, pos, 7)
          const entry = this.lookup(index, base + pos)
          fieldSize = entry.size
          pos = next
          f = { representation: 'indexed', index, indexSource: index <= HPACK_STATIC_COUNT ? 'static' : 'dynamic', name: entry.name, value: entry.value }
        } else {
          const representation: HpackRepresentation = b & 0x40 ? 'literal-incremental' : b & 0x10 ? 'literal-never-indexed' : 'literal-without-indexing'
          const { value: index, next } = decodeInteger(block, pos, representation === 'literal-incremental' ? 6 : 4)
          pos = next
          let nameBytes: Uint8Array | undefined
          let nameEntry: HpackTableEntry | undefined
          let nameHuffman: boolean | undefined
          if (index === 0) {
            const s = readString(block, pos, base, 'name', this.opts.maxStringLength)
            nameBytes = s.bytes
            nameHuffman = s.huffman
            pos = s.next
            children.push(s.span)
          } else {
            nameEntry = this.lookup(index, base + start)
          }
          const v = readString(block, pos, base, 'value', this.opts.maxStringLength)
          pos = v.next
          children.push(v.span)
          const entry = nameEntry
            ? { name: nameEntry.name, value: utf8.decode(v.bytes), nameOctets: nameEntry.nameOctets, size: nameEntry.nameOctets + v.bytes.length + 32 }
            : entryOf(nameBytes!, v.bytes)
          f = {
            representation,
            ...(index ? { index, indexSource: index <= HPACK_STATIC_COUNT ? ('static' as const) : ('dynamic' as const) } : {}),
            name: entry.name,
            value: entry.value,
            ...(nameHuffman !== undefined ? { nameHuffman } : {}),
            valueHuffman: v.huffman
          }
          if (representation === 'literal-incremental') evicted = this.table.add(entry)
          fieldSize = entry.size
        }
        listSize += fieldSize
        if (listSize > this.opts.maxHeaderListSize) throw new WirebenchError('TOO_LARGE', `The header list is over ${this.opts.maxHeaderListSize} octets (name + value + 32 per field, RFC 9113 §6.5.2), so decoding stopped.`)
        headers.push({ name: f.name!, value: f.value! })
      }
      const words = REPRESENTATION_WORDS[f.representation]
      const span: Span = {
        offset: base + start,
        length: pos - start,
        name: f.representation === 'size-update' ? 'Table size update' : f.name!,
        value: f.representation === 'size-update' ? `max ${f.newMaxSize} octets` : f.value!,
        explain: `${words}${f.index !== undefined ? `; index ${f.index} (${f.indexSource} table)` : ''}${evicted.length ? `; evicted ${evicted.length} entr${evicted.length === 1 ? 'y' : 'ies'}` : ''}.`,
        ...(children.length ? { children, headerLength: children[0]!.offset - (base + start) } : {})
      }
      fields.push({ ...f, offset: base + start, length: pos - start, evicted, tableAfter: this.table.entries, tableSizeAfter: this.table.size, tableMaxSizeAfter: this.table.maxSize, span })
    }
    if (this.pendingUpdate) throw compression('The settings shrank the header table, but this block does not open with a dynamic table size update (RFC 7541 §4.2).')
    return { headers, fields, spans: fields.map((f) => f.span), headerListSize: listSize }
  }

  private lookup(index: number, at: number): HpackTableEntry {
    if (index === 0) throw compression(`Index 0 at byte ${at} is not a table entry (RFC 7541 §6.1).`)
    if (index <= HPACK_STATIC_COUNT) {
      const [name, value] = HPACK_STATIC_TABLE[index - 1]!
      return { name, value, nameOctets: name.length, size: name.length + value.length + 32 }
    }
    const e = this.table.get(index)
    if (!e) throw compression(`Index ${index} at byte ${at} is past the end of the tables (61 static + ${this.table.entries.length} dynamic), RFC 7541 §2.3.3.`)
    return e
  }
}
