// A (RFC 1035 §3.4.1): four bytes of IPv4 address, printed dotted-quad.
import { WirebenchError } from '../../errors'
import type { RdataCodec } from './codec'

export function parseIPv4Bytes(text: string): Uint8Array {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text.trim())
  const parts = m ? m.slice(1).map(Number) : []
  if (!m || parts.some((p) => p > 255)) throw new WirebenchError('INVALID_ADDRESS', `"${text}" is not an IPv4 address (four numbers 0–255 with dots).`)
  return Uint8Array.from(parts)
}

export const A: RdataCodec = {
  type: 'A',
  code: 1,
  explain: 'An IPv4 address of the name (RFC 1035 §3.4.1).',
  decode(r, length, ctx) {
    if (length !== 4) throw new WirebenchError('DNS_MALFORMED', `An A record's data is 4 bytes, this one ${length} (RFC 1035 §3.4.1).`)
    const start = r.pos
    const address = [...r.take(4)].join('.')
    ctx.span('Address', start, 4, address, 'IPv4 address (RFC 1035 §3.4.1)')
    return { fields: { address }, data: address }
  },
  encode(fields, w) {
    w.bytes(parseIPv4Bytes(String(fields.address)))
  },
  parse: (text) => ({ address: text.trim() })
}
