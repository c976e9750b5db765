// The one-shot description of an address (or an address on a network) that `wirebench ip ADDRESS[/PREFIX] --json`
// prints. Field names are part of the CLI's interface: change them only with the CLI's documentation.

import { calculateCidr } from './cidr'
import { addressToDecimal, explodeAddress, formatAddress, reversePointer } from './format'
import { formatNetwork, parseInterface, parseRange } from './network'
import { type MulticastBlock, multicastBlock } from './multicast'
import { type Parsed, ok, fail, quote, unwrap } from './result'
import { type AddressAdministrator, addressAdministrator } from './rir'
import { type AddressFlags, type SpecialPurposeBlock, addressFlags, specialPurposeBlock } from './special'

export interface AddressDescription {
  version: 4 | 6
  address: string
  network: string
  prefixLength: number
  netmask: string
  hostmask: string
  broadcast: string | null
  /** Why broadcast is null, in words. */
  broadcastNote: string | null
  firstHost: string
  lastHost: string
  numAddresses: string
  usableHosts: string
  compressed: string
  exploded: string
  reversePointer: string
  integer: string
  flags: AddressFlags
  registry: SpecialPurposeBlock | null
  rir: AddressAdministrator | null
  /** The multicast block (RFC 5771, RFC 4291) of a group address; null for unicast. */
  multicast: MulticastBlock | null
}

/**
 * Describes 'ADDRESS', 'ADDRESS/PREFIX' or 'ADDRESS/NETMASK' (an address alone is a /32 or /128; host bits are
 * kept in `address` and cleared in `network`). Flags, registry block and administrator are those of the address.
 */
export function tryDescribeAddress(text: string): Parsed<AddressDescription> {
  const iface = parseInterface(text)
  if (!iface.ok) {
    if (text.indexOf('-') >= 0 && parseRange(text).ok) return fail(`${quote(text.trim())} is a range; describe one address or network`)
    return iface
  }
  const c = calculateCidr(iface.value)
  const a = c.address
  return ok({
    version: c.version,
    address: formatAddress(a),
    network: formatNetwork(c.network),
    prefixLength: c.prefixLength,
    netmask: formatAddress(c.netmask),
    hostmask: formatAddress(c.hostmask),
    broadcast: c.broadcast === null ? null : formatAddress(c.broadcast),
    broadcastNote: c.broadcastNote,
    firstHost: formatAddress(c.firstHost),
    lastHost: formatAddress(c.lastHost),
    numAddresses: c.numAddresses.toString(),
    usableHosts: c.usableHosts.toString(),
    compressed: formatAddress(a),
    exploded: explodeAddress(a),
    reversePointer: reversePointer(a),
    integer: addressToDecimal(a),
    flags: addressFlags(a),
    registry: specialPurposeBlock(a),
    rir: addressAdministrator(a),
    multicast: multicastBlock(a)
  })
}

/** As tryDescribeAddress, throwing a WirebenchError (code INVALID_ADDRESS) for text that is not an address. */
export function describeAddress(text: string): AddressDescription {
  return unwrap(tryDescribeAddress(text))
}
