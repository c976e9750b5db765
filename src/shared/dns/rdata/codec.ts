// What one record type's codec is: it reads RDATA into named fields and dig's presentation text, writes fields back
// to wire bytes (uncompressed; canonical form for DNSSEC, RFC 4034 §6.2), and marks each field's bytes as a span.
// One file per type in this folder, one line per type in table.ts (after dns-packet's codec-per-type layout).
import type { ByteReader } from '../../bytes'
import type { ByteWriter } from '../../bytes'

/** What a codec may ask of the message it is reading. */
export interface RdataContext {
  /** Reads a domain name at the reader (following compression pointers into the whole message, RFC 1035 §4.1.4)
   *  and returns it fully qualified with the trailing dot, escaped as dig prints it (`\.`, `\032`, `\\`). */
  readName(r: ByteReader, field: string): string
  /** Records a field's bytes as a child span of the RDATA span (offsets absolute in the message). */
  span(name: string, offset: number, length: number, value?: string, explain?: string): void
}

export interface DecodedRdata {
  fields: Record<string, unknown>
  /** dig's presentation format, exactly as `dig +short` prints it for this type. */
  data: string
}

export interface EncodeOptions {
  /** RFC 4034 §6.2 (as corrected by RFC 6840 §5.1): lower-case the names inside RDATA of the listed types. */
  canonical: boolean
}

/** Writes a domain name uncompressed (lower-cased when canonical). */
export type NameWriter = (w: ByteWriter, name: string) => void

export interface RdataCodec {
  type: string
  code: number
  /** One line for the explanation pane: what the type is for, with its RFC. */
  explain: string
  /** Reads exactly `length` bytes (the reader ends there); throws a WirebenchError for malformed RDATA. */
  decode(r: ByteReader, length: number, ctx: RdataContext): DecodedRdata
  /** Writes `fields` (as decode produced them, or as parsed from presentation text by `parse`) to RDATA bytes. */
  encode(fields: Record<string, unknown>, w: ByteWriter, writeName: NameWriter, options: EncodeOptions): void
  /** Presentation text → fields (zone-file syntax), where the type supports it; used by tests and the hostile server. */
  parse?(text: string): Record<string, unknown>
}
