// The DNS registries in one place (IANA "Domain Name System (DNS) Parameters"): record types, classes, opcodes and
// rcodes by number and by name, each with a line of words, so the decoder, the query form and the CLI agree.
import { WirebenchError } from '../errors'

/** Record types we name, with one line each for the explanation pane. */
export const TYPES: Record<string, { code: number; words: string }> = {
  A: { code: 1, words: 'An IPv4 address of the name (RFC 1035 §3.4.1).' },
  NS: { code: 2, words: 'A name server authoritative for the zone (RFC 1035 §3.3.11).' },
  CNAME: { code: 5, words: 'This name is an alias; the canonical name holds the data (RFC 1035 §3.3.1).' },
  SOA: { code: 6, words: 'Start of authority: the zone\'s primary server, contact, serial and timers (RFC 1035 §3.3.13).' },
  PTR: { code: 12, words: 'A pointer to another name, used for reverse lookups (RFC 1035 §3.3.12).' },
  HINFO: { code: 13, words: 'Host information: CPU and OS; also RFC 8482\'s minimal answer to ANY.' },
  MX: { code: 15, words: 'A mail exchanger for the name, with its preference (RFC 1035 §3.3.9).' },
  TXT: { code: 16, words: 'Free text strings (SPF, DMARC, site verification) (RFC 1035 §3.3.14).' },
  RP: { code: 17, words: 'Responsible person (RFC 1183 §2.2).' },
  AFSDB: { code: 18, words: 'AFS database location (RFC 1183 §1).' },
  SIG: { code: 24, words: 'Old-style signature, used today for SIG(0) (RFC 2931).' },
  KEY: { code: 25, words: 'Old-style key, used today for SIG(0) and TKEY (RFC 2535).' },
  AAAA: { code: 28, words: 'An IPv6 address of the name (RFC 3596 §2).' },
  LOC: { code: 29, words: 'Geographic location (RFC 1876).' },
  SRV: { code: 33, words: 'Where a service runs: priority, weight, port and target host (RFC 2782).' },
  NAPTR: { code: 35, words: 'Naming authority pointer: rewrite rules to URIs or names (RFC 3403 §4).' },
  KX: { code: 36, words: 'Key exchanger (RFC 2230).' },
  CERT: { code: 37, words: 'A certificate or CRL (RFC 4398).' },
  DNAME: { code: 39, words: 'Redirects a whole subtree to another name (RFC 6672).' },
  OPT: { code: 41, words: 'The EDNS pseudo-record: buffer size, flags and options (RFC 6891 §6.1).' },
  APL: { code: 42, words: 'Address prefix lists (RFC 3123).' },
  DS: { code: 43, words: 'Delegation signer: a hash of the child zone\'s key, held by the parent (RFC 4034 §5).' },
  SSHFP: { code: 44, words: 'SSH host key fingerprint (RFC 4255).' },
  IPSECKEY: { code: 45, words: 'IPsec public key (RFC 4025).' },
  RRSIG: { code: 46, words: 'A DNSSEC signature over a record set (RFC 4034 §3).' },
  NSEC: { code: 47, words: 'Authenticated denial: the next name and the types present (RFC 4034 §4).' },
  DNSKEY: { code: 48, words: 'A zone\'s DNSSEC public key (RFC 4034 §2).' },
  DHCID: { code: 49, words: 'DHCP client identifier (RFC 4701).' },
  NSEC3: { code: 50, words: 'Hashed authenticated denial (RFC 5155 §3).' },
  NSEC3PARAM: { code: 51, words: 'The NSEC3 parameters of the zone (RFC 5155 §4).' },
  TLSA: { code: 52, words: 'DANE: the TLS certificate or key a service must present (RFC 6698 §2).' },
  SMIMEA: { code: 53, words: 'DANE for S/MIME certificates (RFC 8162).' },
  HIP: { code: 55, words: 'Host identity protocol (RFC 8005).' },
  CDS: { code: 59, words: 'Child DS: the DS the child wants its parent to publish (RFC 7344 §3.1).' },
  CDNSKEY: { code: 60, words: 'Child DNSKEY: the key the child wants its parent to trust (RFC 7344 §3.2).' },
  OPENPGPKEY: { code: 61, words: 'OpenPGP public key (RFC 7929).' },
  CSYNC: { code: 62, words: 'Child-to-parent synchronisation (RFC 7477).' },
  ZONEMD: { code: 63, words: 'A digest of the whole zone (RFC 8976).' },
  SVCB: { code: 64, words: 'Service binding: endpoints and parameters of a service (RFC 9460).' },
  HTTPS: { code: 65, words: 'Service binding for HTTPS: ALPN, ports, addresses, ECH (RFC 9460 §9).' },
  SPF: { code: 99, words: 'Obsolete SPF type; SPF lives in TXT (RFC 7208 §14.1).' },
  NID: { code: 104, words: 'ILNP node identifier (RFC 6742).' },
  L32: { code: 105, words: 'ILNP 32-bit locator (RFC 6742).' },
  L64: { code: 106, words: 'ILNP 64-bit locator (RFC 6742).' },
  LP: { code: 107, words: 'ILNP locator pointer (RFC 6742).' },
  EUI48: { code: 108, words: 'A 48-bit MAC address (RFC 7043).' },
  EUI64: { code: 109, words: 'A 64-bit EUI address (RFC 7043).' },
  TKEY: { code: 249, words: 'Transaction key establishment (RFC 2930).' },
  TSIG: { code: 250, words: 'Transaction signature (RFC 8945).' },
  IXFR: { code: 251, words: 'Incremental zone transfer (RFC 1995).' },
  AXFR: { code: 252, words: 'Whole zone transfer (RFC 5936).' },
  MAILB: { code: 253, words: 'Mailbox-related records (RFC 1035 §3.2.3, obsolete).' },
  ANY: { code: 255, words: 'All records: servers may answer with a minimal set (RFC 8482).' },
  URI: { code: 256, words: 'A URI for a service (RFC 7553).' },
  CAA: { code: 257, words: 'Which certificate authorities may issue for the name (RFC 8659).' },
  AVC: { code: 258, words: 'Application visibility and control.' },
  DOA: { code: 259, words: 'Digital object architecture.' },
  AMTRELAY: { code: 260, words: 'Automatic multicast tunneling relay (RFC 8777).' },
  TA: { code: 32768, words: 'DNSSEC trust authorities.' },
  DLV: { code: 32769, words: 'DNSSEC lookaside validation (RFC 8749, historic).' }
}

const BY_CODE = new Map<number, string>(Object.entries(TYPES).map(([name, t]) => [t.code, name]))

/** The ALL set for one name. */
export const COMMON_TYPES = ['A', 'AAAA', 'CNAME', 'DNAME', 'MX', 'TXT', 'NS', 'SOA', 'CAA', 'HTTPS', 'SVCB', 'SRV', 'NAPTR', 'SSHFP', 'TLSA', 'DS', 'DNSKEY'] as const

/** "A", "aaaa", "TYPE65280" (RFC 3597 §5) or a bare number → the type code. */
export function typeCode(text: string | number): number {
  if (typeof text === 'number') {
    if (Number.isInteger(text) && text >= 0 && text <= 65535) return text
    throw new WirebenchError('DNS_BAD_TYPE', `Record type ${text} is outside 0–65535.`)
  }
  const t = text.trim().toUpperCase()
  const known = TYPES[t]
  if (known) return known.code
  const m = /^(?:TYPE)?([0-9]{1,5})$/.exec(t)
  if (m) {
    const n = Number(m[1])
    if (n <= 65535) return n
    throw new WirebenchError('DNS_BAD_TYPE', `"${text}" is outside 0–65535: a record type is 16 bits (RFC 3597 §5).`)
  }
  throw new WirebenchError('DNS_BAD_TYPE', `"${text.slice(0, 40)}" is not a DNS record type: use a mnemonic such as A, AAAA, MX, TXT, HTTPS, or TYPE followed by its number (RFC 3597 §5).`)
}

export const typeName = (code: number): string => BY_CODE.get(code) ?? `TYPE${code}`

export const typeWords = (code: number): string => {
  const n = BY_CODE.get(code)
  return n ? (TYPES[n] as { words: string }).words : `Type ${code} is not one Wirebench knows; its data is shown as bytes (RFC 3597 §5).`
}

export const CLASSES: Record<string, number> = { IN: 1, CH: 3, HS: 4, NONE: 254, ANY: 255 }
const CLASS_BY_CODE = new Map<number, string>(Object.entries(CLASSES).map(([n, c]) => [c, n]))

export const className = (code: number): string => CLASS_BY_CODE.get(code) ?? `CLASS${code}`

export function classCode(text: string): number {
  const t = text.trim().toUpperCase()
  const c = CLASSES[t]
  if (c !== undefined) return c
  const m = /^CLASS([0-9]{1,5})$/.exec(t)
  if (m && Number(m[1]) <= 65535) return Number(m[1])
  throw new WirebenchError('INVALID_INPUT', `"${text}" is not a DNS class: IN, CH, HS, or CLASS followed by its number (RFC 3597 §5).`)
}

export const OPCODES: Record<number, { name: string; words: string }> = {
  0: { name: 'QUERY', words: 'A standard query (RFC 1035 §4.1.1).' },
  1: { name: 'IQUERY', words: 'An inverse query, retired by RFC 3425.' },
  2: { name: 'STATUS', words: 'A server status request (RFC 1035 §4.1.1).' },
  4: { name: 'NOTIFY', words: 'A zone change notification (RFC 1996).' },
  5: { name: 'UPDATE', words: 'A dynamic update (RFC 2136).' },
  6: { name: 'DSO', words: 'DNS stateful operations (RFC 8490).' }
}

export const opcodeName = (code: number): string => OPCODES[code]?.name ?? `OPCODE${code}`

export interface RcodeInfo {
  name: string
  words: string
  rfc: string
}

export const RCODES: Record<number, RcodeInfo> = {
  0: { name: 'NOERROR', words: 'No error: the query succeeded (the answer may still be empty: NODATA).', rfc: 'RFC 1035 §4.1.1' },
  1: { name: 'FORMERR', words: 'Format error: the server could not read the query.', rfc: 'RFC 1035 §4.1.1' },
  2: { name: 'SERVFAIL', words: 'Server failure: the server could not answer (often a DNSSEC validation failure or an unreachable authority).', rfc: 'RFC 1035 §4.1.1' },
  3: { name: 'NXDOMAIN', words: 'The name does not exist.', rfc: 'RFC 1035 §4.1.1, RFC 8020' },
  4: { name: 'NOTIMP', words: 'Not implemented: the server does not support this kind of query.', rfc: 'RFC 1035 §4.1.1' },
  5: { name: 'REFUSED', words: 'Refused: the server will not answer this query for policy reasons (not a resolver for you, or not authoritative).', rfc: 'RFC 1035 §4.1.1' },
  6: { name: 'YXDOMAIN', words: 'A name that should not exist does exist.', rfc: 'RFC 2136 §2.2' },
  7: { name: 'YXRRSET', words: 'A record set that should not exist does exist.', rfc: 'RFC 2136 §2.2' },
  8: { name: 'NXRRSET', words: 'A record set that should exist does not.', rfc: 'RFC 2136 §2.2' },
  9: { name: 'NOTAUTH', words: 'The server is not authoritative for the zone (or the TSIG key is not accepted).', rfc: 'RFC 2136 §2.2, RFC 8945' },
  10: { name: 'NOTZONE', words: 'A name is not within the zone.', rfc: 'RFC 2136 §2.2' },
  11: { name: 'DSOTYPENI', words: 'DSO type not implemented.', rfc: 'RFC 8490' },
  16: { name: 'BADVERS', words: 'The server does not support this EDNS version.', rfc: 'RFC 6891 §7' },
  17: { name: 'BADKEY', words: 'The TSIG key is not recognised.', rfc: 'RFC 8945' },
  18: { name: 'BADTIME', words: 'The TSIG signature is outside its time window.', rfc: 'RFC 8945' },
  19: { name: 'BADMODE', words: 'Bad TKEY mode.', rfc: 'RFC 2930' },
  20: { name: 'BADNAME', words: 'Duplicate key name.', rfc: 'RFC 2930' },
  21: { name: 'BADALG', words: 'Algorithm not supported.', rfc: 'RFC 2930' },
  22: { name: 'BADTRUNC', words: 'Bad truncation.', rfc: 'RFC 8945' },
  23: { name: 'BADCOOKIE', words: 'Bad or missing server cookie: retry with the server cookie it sent.', rfc: 'RFC 7873 §8' }
}

export const rcodeName = (code: number): string => RCODES[code]?.name ?? `RCODE${code}`
export const rcodeWords = (code: number): string => RCODES[code]?.words ?? `Rcode ${code} is not registered.`
