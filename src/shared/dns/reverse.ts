// The name a reverse lookup asks (RFC 1035 §3.5 in-addr.arpa, RFC 3596 §2.5 ip6.arpa): the address's octets or
// nibbles in reverse order, so `dig -x` and our lookup ask the same PTR name.
import { WirebenchError } from '../errors'
import { addressToBytes, parseAddress } from '../ip/address'

export function reverseName(address: string): string {
  const text = address.trim().replace(/^\[(.*)\]$/, '$1')
  const parsed = parseAddress(text)
  if (!parsed.ok || (parsed.value.version === 6 && parsed.value.zone)) {
    throw new WirebenchError('INVALID_ADDRESS', `"${address.slice(0, 60)}" is not an IPv4 or IPv6 address, so it has no reverse name (RFC 1035 §3.5, RFC 3596 §2.5).`)
  }
  const bytes = addressToBytes(parsed.value)
  if (parsed.value.version === 4) return `${[...bytes].reverse().join('.')}.in-addr.arpa.`
  const nibbles: string[] = []
  for (const b of bytes) nibbles.push((b >> 4).toString(16), (b & 15).toString(16))
  return `${nibbles.reverse().join('.')}.ip6.arpa.`
}
