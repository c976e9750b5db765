// "Decode this hex": a DNS message pasted or dropped by the user, read with the same limits as one from the wire.
import { parseHex } from '../../shared/bytes'
import { WirebenchError } from '../../shared/errors'
import { DNS_LIMITS, type DnsMessage } from '../../shared/dns/model'
import { decodeMessage } from '../../shared/dns/message'

/** Hex digits, spaces, 0x and commas allowed; at most one DNS message (65,535 bytes, RFC 1035 §4.2.2). */
export async function decodeHex(hex: string): Promise<DnsMessage> {
  // Two hex digits per byte plus separators: anything longer cannot be one message, so say so before parsing.
  if (hex.length > DNS_LIMITS.maxMessageBytes * 3 * 2) {
    throw new WirebenchError('TOO_LARGE', `That is ${hex.length.toLocaleString('en')} characters of hex, more than one DNS message (at most ${DNS_LIMITS.maxMessageBytes.toLocaleString('en')} bytes, RFC 1035 §4.2.2) can take.`)
  }
  const bytes = parseHex(hex)
  if (bytes.length === 0) throw new WirebenchError('INVALID_HEX', 'There are no bytes to decode: paste a DNS message as hex.')
  if (bytes.length > DNS_LIMITS.maxMessageBytes) {
    throw new WirebenchError('TOO_LARGE', `That is ${bytes.length.toLocaleString('en')} bytes; a DNS message is at most ${DNS_LIMITS.maxMessageBytes.toLocaleString('en')} bytes (RFC 1035 §4.2.2).`)
  }
  return decodeMessage(bytes)
}
