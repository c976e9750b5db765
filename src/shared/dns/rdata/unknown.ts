// Any type without a codec (and any RDATA a codec could not read): RFC 3597 §5's `\# len HEX`, as dig prints it.
import { WirebenchError } from '../../errors'
import { parseHex } from '../../bytes'
import { genericRdata } from '../presentation'
import type { DecodedRdata, RdataContext } from './codec'
import type { ByteReader, ByteWriter } from '../../bytes'

export function decodeUnknown(r: ByteReader, length: number, ctx: RdataContext): DecodedRdata {
  const start = r.pos
  const bytes = r.take(length, 'RDATA')
  const data = genericRdata(bytes)
  if (length > 0) ctx.span('Data', start, length, data, 'Bytes of a type Wirebench does not read, shown in RFC 3597 §5 form')
  return { fields: { hex: Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('') }, data }
}

export function encodeUnknown(fields: Record<string, unknown>, w: ByteWriter): void {
  w.bytes(parseHex(String(fields.hex ?? '')))
}

/** `\# 4 0A000001` → {hex} (RFC 3597 §5). */
export function parseUnknown(text: string): Record<string, unknown> {
  const m = /^\s*\\#\s+(\d+)\s*([0-9a-fA-F\s]*)$/.exec(text)
  if (!m) throw new WirebenchError('INVALID_INPUT', `"${text}" is not RFC 3597 data: "\\# length hex".`)
  const hex = (m[2] as string).replace(/\s/g, '')
  if (hex.length !== Number(m[1]) * 2) throw new WirebenchError('INVALID_INPUT', `The length ${m[1]} does not match the ${hex.length / 2} bytes of hex (RFC 3597 §5).`)
  return { hex: hex.toLowerCase() }
}
