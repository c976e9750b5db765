// AAAA (RFC 3596 §2.2): sixteen bytes of IPv6 address, printed in the compressed form of RFC 5952 as dig does.
import { WirebenchError } from '../../errors'
import { addressFromBytes, addressToBytes, parseIPv6 } from '../../ip/address'
import { formatAddress } from '../../ip/format'
import type { RdataCodec } from './codec'

export function parseIPv6Bytes(text: string): Uint8Array {
  const p = parseIPv6(text.trim())
  if (!p.ok) throw new WirebenchError('INVALID_ADDRESS', `"${text}" is not an IPv6 address: ${p.error}.`)
  return addressToBytes(p.value)
}

export function formatIPv6Bytes(bytes: Uint8Array): string {
  const p = addressFromBytes(bytes)
  if (!p.ok) throw new WirebenchError('DNS_MALFORMED', `An IPv6 address is 16 bytes, not ${bytes.length}.`)
  // glibc's inet_ntop, which dig uses, keeps the dotted tail of IPv4-compatible addresses (::192.0.2.1) too.
  if (bytes.subarray(0, 12).every((b) => b === 0) && (bytes[12]! | bytes[13]!) !== 0) return `::${bytes.subarray(12).join('.')}`
  return formatAddress(p.value)
}

export const AAAA: RdataCodec = {
  type: 'AAAA',
  code: 28,
  explain: 'An IPv6 address of the name (RFC 3596 §2).',
  decode(r, length, ctx) {
    if (length !== 16) throw new WirebenchError('DNS_MALFORMED', `An AAAA record's data is 16 bytes, this one ${length} (RFC 3596 §2.2).`)
    const start = r.pos
    const address = formatIPv6Bytes(r.take(16))
    ctx.span('Address', start, 16, address, 'IPv6 address (RFC 3596 §2.2)')
    return { fields: { address }, data: address }
  },
  encode(fields, w) {
    w.bytes(parseIPv6Bytes(String(fields.address)))
  },
  parse: (text) => ({ address: text.trim() })
}
