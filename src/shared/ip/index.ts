// The address library behind the Subnets tab and `wirebench ip`: pure TypeScript (no node:*, no DOM), bigint for
// IPv6. Parsers return Parsed values; the `...OrThrow` functions and describeAddress throw WirebenchError.

import {
  type IPAddress,
  type IPv4Address,
  type IPv6Address,
  parseAddress,
  parseIPv4,
  parseIPv6
} from './address'
import { type IPInterface, type IPNetwork, parseInterface, parseNetwork, parseRange } from './network'
import { unwrap } from './result'

export { type Parsed, ok, fail, unwrap } from './result'
export {
  type IPAddress,
  type IPv4Address,
  type IPv6Address,
  type IPVersion,
  IPV4_BITS,
  IPV6_BITS,
  ipv4,
  ipv6,
  parseAddress,
  parseIPv4,
  parseIPv6,
  addressToBigInt,
  addressFromBigInt,
  addressToBytes,
  addressFromBytes,
  compareAddresses,
  sameAddress,
  ipv4Mapped
} from './address'
export {
  type AddressForms,
  addressForms,
  formatAddress,
  explodeAddress,
  compressHextets,
  addressToDecimal,
  addressToHex,
  addressToBinary,
  addressToByteList,
  reversePointer
} from './format'
export {
  type IPNetwork,
  type IPInterface,
  makeNetwork,
  prefixMask,
  networkFirst,
  networkLast,
  networkSize,
  formatNetwork,
  sameNetwork,
  compareNetworks,
  networkContains,
  networksOverlap,
  parsePrefixLength,
  parseIPv4Mask,
  parseInterface,
  parseNetwork,
  parseRange,
  looksLikeHostName
} from './network'
export {
  type Ipv4Class,
  type HostRange,
  type CidrCalculation,
  type CidrInput,
  ipv4Class,
  hostRange,
  calculateCidr,
  noBroadcastReason,
  calculate,
  parseCidrInput,
  parseCidrInputOrThrow
} from './cidr'
export { summarizeRange, summarizeValues, collapseNetworks } from './summarize'
export {
  type SubnetSplit,
  MAX_EAGER_SUBNETS,
  subnetCount,
  subnetAt,
  splitByPrefix,
  splitByCount,
  countSplitNote,
  listSubnets
} from './split'
export { type MulticastBlock, multicastBlock } from './multicast'
export { type VlsmRequest, type VlsmAllocation, type VlsmPlan, type VlsmOptions, allocateVlsm, prefixForHosts } from './vlsm'
export {
  type AddressFlags,
  type SpecialPurposeBlock,
  FLAG_DEFINITIONS,
  addressFlags,
  specialPurposeBlock,
  specialPurposeBlocks,
  specialPurposeRegistry
} from './special'
export { type AddressAdministrator, type RegistryName, addressAdministrator } from './rir'
export { IANA_SOURCES } from './iana-data'
export {
  type PortProtocol,
  type PortRange,
  type PortEntry,
  type PortTable,
  type PortLookup,
  type PortQueryAnswer,
  PORT_PROTOCOLS,
  portRange,
  buildPortTable,
  lookupPort,
  lookupService,
  queryPorts
} from './ports'
export { type AddressDescription, describeAddress, tryDescribeAddress } from './describe'

// Throwing twins of the parsers, for input that has already been validated or errors that should cross the contract.
export const parseAddressOrThrow = (text: string): IPAddress => unwrap(parseAddress(text))
export const parseIPv4OrThrow = (text: string): IPv4Address => unwrap(parseIPv4(text))
export const parseIPv6OrThrow = (text: string): IPv6Address => unwrap(parseIPv6(text))
export const parseInterfaceOrThrow = (text: string): IPInterface => unwrap(parseInterface(text))
export const parseNetworkOrThrow = (text: string, options?: { strict?: boolean }): IPNetwork =>
  unwrap(parseNetwork(text, options))
export const parseRangeOrThrow = (text: string): { first: IPAddress; last: IPAddress } => unwrap(parseRange(text))
