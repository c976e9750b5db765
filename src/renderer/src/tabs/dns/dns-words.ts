// The words the DNS tab teaches with: what each record type, header flag, rcode and query option means, each with
// the RFC that defines it, so a hover or a side note explains the answer instead of just showing it.

export const TYPE_WORDS: Record<string, string> = {
  A: 'An IPv4 address of the name (RFC 1035 §3.4.1).',
  AAAA: 'An IPv6 address of the name (RFC 3596 §2.1).',
  CNAME: 'This name is an alias: the canonical name is the target, and resolvers follow it (RFC 1035 §3.3.1).',
  DNAME: 'Redirects a whole subtree to another domain (RFC 6672).',
  MX: 'A mail server for the domain, lower preference tried first (RFC 1035 §3.3.9, RFC 5321 §5.1).',
  TXT: 'Free text strings: SPF, DMARC, domain-verification tokens live here (RFC 1035 §3.3.14).',
  NS: 'An authoritative name server of the zone (RFC 1035 §3.3.11).',
  SOA: 'Start of authority: the zone\'s primary server, contact, serial and timers; the minimum is the negative-caching TTL (RFC 1035 §3.3.13, RFC 2308 §4).',
  SRV: 'Where a service runs: priority, weight, port and target host (RFC 2782).',
  PTR: 'A pointer to a name: the host name of an address under in-addr.arpa or ip6.arpa (RFC 1035 §3.3.12).',
  CAA: 'Which certificate authorities may issue certificates for the name (RFC 8659).',
  HTTPS: 'How to reach the HTTPS service: ALPN, port, address hints, ECH config (RFC 9460).',
  SVCB: 'Service binding: an alternative endpoint and its parameters (RFC 9460).',
  NAPTR: 'A rewrite rule mapping a name to a URI or service (RFC 3403).',
  SSHFP: 'A fingerprint of an SSH host key (RFC 4255).',
  TLSA: 'Which TLS certificate or key the service must present (DANE, RFC 6698).',
  DS: 'Delegation signer: the parent\'s digest of the child zone\'s key, the link in the chain of trust (RFC 4034 §5).',
  DNSKEY: 'A public key the zone signs with; flags 257 is a key-signing key, 256 a zone-signing key (RFC 4034 §2).',
  RRSIG: 'A signature over a record set, with its validity window and key tag (RFC 4034 §3).',
  NSEC: 'Proves a name or type does not exist by naming the next name in the zone (RFC 4034 §4).',
  NSEC3: 'Hashed denial of existence: proves absence without listing the zone\'s names (RFC 5155).',
  NSEC3PARAM: 'The NSEC3 hash parameters the zone uses (RFC 5155 §4).',
  CDS: 'The child asks its parent to publish this DS (RFC 7344).',
  CDNSKEY: 'The child asks its parent to publish a DS for this key (RFC 7344).',
  OPT: 'The EDNS pseudo-record: buffer size, DO bit and options (RFC 6891).'
}

export function typeWords(type: string): string {
  return TYPE_WORDS[type] ?? (/^TYPE\d+$/.test(type) ? 'A type this tool has no codec for: shown as raw RDATA (RFC 3597 §5).' : `Record type ${type}.`)
}

export const RCODE_WORDS: Record<string, string> = {
  NOERROR: 'No error: the name exists (the answer may still be empty: no records of this type).',
  FORMERR: 'Format error: the server could not read the query (RFC 1035 §4.1.1).',
  SERVFAIL: 'Server failure: the server could not answer, for example a DNSSEC failure or an unreachable authority (RFC 1035 §4.1.1).',
  NXDOMAIN: 'No such name: the name does not exist at all (RFC 1035 §4.1.1, RFC 8020).',
  NOTIMP: 'Not implemented: the server does not do this kind of query.',
  REFUSED: 'Refused: the server will not answer this client, for policy reasons (often: not a recursive resolver for you).',
  YXDOMAIN: 'A name exists that should not (dynamic update, RFC 2136).',
  BADVERS: 'The server does not speak this EDNS version (RFC 6891 §6.1.3).',
  BADCOOKIE: 'Bad server cookie: retry with the cookie the server returned (RFC 7873 §5.2.3).'
}

export const FLAG_WORDS: Record<string, string> = {
  qr: 'QR: this is a response (RFC 1035 §4.1.1).',
  aa: 'AA: authoritative answer: the server owns the zone.',
  tc: 'TC: truncated: the answer did not fit; ask again over TCP (RFC 7766).',
  rd: 'RD: recursion desired: the client asked the server to resolve fully.',
  ra: 'RA: recursion available: the server resolves for clients.',
  z: 'Z: reserved, must be zero.',
  ad: 'AD: authenticated data: the resolver validated the answer with DNSSEC (RFC 4035 §3.2.3).',
  cd: 'CD: checking disabled: the client asked the resolver not to validate (RFC 4035 §3.2.2).'
}

/** Each query option, what it does and where it is defined. */
export const OPTION_WORDS = {
  rd: 'Recursion desired: ask the server to chase the answer for you. Off asks an authoritative server only for what it knows (RFC 1035 §4.1.1).',
  cd: 'Checking disabled: get the answer even if DNSSEC validation fails, to see what a broken zone returns (RFC 4035 §3.2.2).',
  do: 'DNSSEC OK: ask for RRSIG, NSEC and DS records with the answer (RFC 3225).',
  ad: 'Set AD in the query to ask whether the resolver validated the answer (RFC 6840 §5.7).',
  edns: 'Send an OPT record: larger UDP answers and options. Off sends a plain RFC 1035 query (RFC 6891).',
  udpSize: 'The largest UDP answer you accept; 1232 avoids IP fragmentation (DNS flag day 2020, RFC 6891 §6.2.5).',
  nsid: 'Ask the server to say which instance answered (RFC 5001) — useful behind anycast.',
  cookie: 'Send a client cookie so the server can tell you from a spoofed address (RFC 7873).',
  clientSubnet: 'Tell the resolver which network the answer is for, as a CDN would see it, e.g. 192.0.2.0/24 (RFC 7871).',
  padding: 'Pad the query to a multiple of this many bytes so its size leaks less over TLS/HTTPS (RFC 7830, RFC 8467: 128).',
  timeoutMs: 'How long to wait for each try, in milliseconds.',
  retries: 'Extra UDP tries after the first (a lost datagram is normal on UDP).',
  randomCase: 'Randomise the letter case of the name (0x20): a spoofer must guess it too; the answer must echo it (draft-vixie-dnsext-dns0x20).'
} as const

export const TRANSPORT_WORDS: Record<string, string> = {
  udp: 'UDP to port 53; a truncated answer (TC) is asked again over TCP (RFC 1035 §4.2.1, RFC 7766).',
  tcp: 'TCP to port 53, each message with a 2-byte length (RFC 1035 §4.2.2, RFC 7766).',
  tls: 'DNS over TLS to port 853, the server certificate checked (RFC 7858).',
  https: 'DNS over HTTPS to a URL such as https://dns.example/dns-query (RFC 8484).',
  system: 'The operating system\'s resolver (getaddrinfo): hosts file first, then the resolv.conf servers.'
}

/** "ALL" and the common types a user picks from, in the order they are offered. */
export const COMMON_TYPES = ['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'NS', 'SOA', 'SRV', 'PTR', 'CAA', 'HTTPS', 'SVCB', 'NAPTR', 'SSHFP', 'TLSA', 'DS', 'DNSKEY', 'RRSIG', 'NSEC', 'NSEC3', 'NSEC3PARAM', 'CDS', 'CDNSKEY', 'DNAME'] as const

/**
 * A count with thousands separators, as en-US writes it (2000 → "2,000"). Not toLocaleString: its first call loads
 * ICU's number data, ~25 ms on a busy machine, which would land inside the render of a large answer.
 */
export { grouped } from '../../ui/numbers'

/** A TTL as a person reads it: 3600 → "1h", 86400 → "1d", 90 → "1m 30s". */
export function ttlWords(ttl: number): string {
  if (ttl <= 0) return 'expired'
  const d = Math.floor(ttl / 86400)
  const h = Math.floor((ttl % 86400) / 3600)
  const m = Math.floor((ttl % 3600) / 60)
  const s = ttl % 60
  return [d ? `${d}d` : '', h ? `${h}h` : '', m ? `${m}m` : '', s ? `${s}s` : ''].filter(Boolean).slice(0, 2).join(' ')
}
