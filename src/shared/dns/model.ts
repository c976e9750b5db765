// The DNS model every room shares: a decoded message (RFC 1035 §4) with its records in dig's presentation format
// and a span tree over the original bytes, plus the query options the engine and the CLI accept. Codecs live in
// this folder (one file per record type under rdata/, looked up in a table); the engine in main/dns only moves bytes.
import type { Span } from '../dissect/span'
import type { Finding } from '../findings'

/** Header flags (RFC 1035 §4.1.1; AD and CD from RFC 4035 §3.2). */
export interface DnsFlags {
  qr: boolean
  aa: boolean
  tc: boolean
  rd: boolean
  ra: boolean
  /** The reserved Z bit (must be zero). */
  z: boolean
  ad: boolean
  cd: boolean
}

export interface DnsQuestion {
  /** Fully qualified, with the trailing dot, as sent (0x20 case kept). */
  name: string
  /** Mnemonic ("A", "HTTPS") or "TYPE65534" for an unknown one (RFC 3597 §5). */
  type: string
  class: string
}

export interface DnsRecord {
  /** Fully qualified owner name with the trailing dot. */
  name: string
  type: string
  typeCode: number
  class: string
  ttl: number
  /** RDATA in dig's presentation format (what `dig +short` prints); RFC 3597 `\# len hex` for unknown types. */
  data: string
  /** The RDATA's fields by name, decoded (names fully qualified), for explanations and validation. */
  fields: Record<string, unknown>
  /** Offset of this record's owner name in the message, and of its RDATA and RDATA length (to reach the bytes). */
  offset: number
  rdataOffset: number
  rdataLength: number
}

export interface EdnsOption {
  code: number
  /** "NSID", "COOKIE", "EDE", "ECS", "Padding", or "OPT65001". */
  name: string
  /** The option in words, e.g. NSID "ns1.example (6e73312e…)", EDE "15 Blocked: …". */
  data: string
  fields: Record<string, unknown>
}

/** The OPT pseudo-record (RFC 6891 §6.1). */
export interface DnsEdns {
  udpSize: number
  /** The upper 8 bits of the 12-bit rcode. */
  extendedRcode: number
  version: number
  do: boolean
  options: EdnsOption[]
}

export interface DnsMessage {
  id: number
  opcode: string
  flags: DnsFlags
  /** "NOERROR", "NXDOMAIN", "BADVERS"… (the OPT record's extended bits included). */
  rcode: string
  rcodeCode: number
  questions: DnsQuestion[]
  answers: DnsRecord[]
  authority: DnsRecord[]
  /** Without the OPT pseudo-record, which is in `edns`. */
  additional: DnsRecord[]
  edns: DnsEdns | null
  size: number
  /** The whole message cut into spans: header bits, each section, each record, each name and its pointers. */
  spans: Span[]
  /** What a strict reader would reject or a user should know (trailing bytes, Z bit set, odd TTLs…). */
  findings: Finding[]
}

export interface DecodeLimits {
  /** Records over all sections. */
  maxRecords: number
  /** Compression pointers followed for one name (a loop is refused long before). */
  maxPointers: number
  maxSpans: number
}

export const DNS_LIMITS = {
  /** A DNS message over TCP/DoT/DoH is at most 65,535 bytes (RFC 1035 §4.2.2). */
  maxMessageBytes: 65_535,
  maxRecords: 4_096,
  maxPointers: 64,
  maxSpans: 20_000,
  /** RFC 1035 §2.3.4. */
  maxNameOctets: 255,
  maxNameTextLength: 253,
  maxLabelOctets: 63
} as const

export type DnsTransport = 'udp' | 'tcp' | 'tls' | 'https' | 'system'

export interface EdnsQueryOptions {
  /** Advertised UDP payload size (RFC 6891 §6.2.5); 1232 by default (DNS flag day 2020). */
  udpSize: number
  do: boolean
  nsid: boolean
  /** Send a client cookie (RFC 7873): 8 random bytes, or these as hex. */
  cookie: boolean | string
  /** EDNS Client Subnet (RFC 7871), e.g. "192.0.2.0/24". */
  clientSubnet?: string
  /** Pad the query to a multiple of this many bytes (RFC 7830, RFC 8467 recommends 128). */
  padding?: number
}

/** What one query asks of the wire. */
export interface QueryOptions {
  rd: boolean
  cd: boolean
  /** Set AD in the query (RFC 6840 §5.7) to ask for the AD bit back. */
  ad: boolean
  /** null: no OPT record at all. */
  edns: EdnsQueryOptions | null
  /** Per try (ms). */
  timeoutMs: number
  /** Extra tries after the first (UDP only). */
  retries: number
  /** Randomise the case of the name (draft-vixie-dnsext-dns0x20) and check the answer echoes it. */
  randomCase: boolean
}

export const DEFAULT_QUERY_OPTIONS: QueryOptions = {
  rd: true,
  cd: false,
  ad: true,
  edns: { udpSize: 1232, do: false, nsid: false, cookie: false },
  timeoutMs: 3_000,
  retries: 2,
  randomCase: false
}

/** Where a query went and how. */
export interface ResolverSpec {
  transport: DnsTransport
  /** IP address (udp/tcp/tls), host name (tls), or URL (https); empty for 'system'. */
  host: string
  port: number
  /** DoH: "https://host/dns-query"; method GET (RFC 8484 §4.1, dns= base64url) or POST. */
  url?: string
  method?: 'GET' | 'POST'
  /** DoT: the name to verify the certificate against, when host is an address. */
  tlsName?: string
}

/** One try on the wire, so the UI can show a UDP answer with TC set and the TCP retry that followed. */
export interface QueryAttempt {
  transport: DnsTransport
  server: string
  /** Random message ID and the local port the OS gave (shown, RFC 5452 §9.2). */
  id: number
  localPort: number | null
  sentBytes: number
  receivedBytes: number | null
  timeMs: number
  /** "answered", "truncated → retry over TCP", "timed out", "wrong ID 0x1234 (ignored)"… */
  outcome: string
}

/** The answer to one query: the message, the bytes it came from, and how it got here. */
export interface QueryResult {
  question: { name: string; type: string }
  /** "127.0.0.1#53", "dns.example#853 (TLS)", "https://…/dns-query". */
  server: string
  /** The transport that answered: 'tcp' when a truncated UDP answer was asked again over TCP (RFC 7766 §5). */
  transport: DnsTransport
  message: DnsMessage
  /** The response exactly as received, base64 (the contract is JSON). */
  raw: string
  /** The query exactly as sent, base64. */
  query: string
  timeMs: number
  attempts: QueryAttempt[]
  /** DoT: the server's certificate chain summary (subject, issuer, verified or why not). */
  tls?: { protocol: string | null; cipher: string | null; authorized: boolean; authorizationError: string | null; subject: string | null; issuer: string | null; chainBase64: string[] }
  /** Response checks: ID and question match, 0x20 echo, size; each with words. */
  findings: Finding[]
}

/** One (resolver, type) pair of a lookup: an answer or the error that stopped it. */
export interface LookupItem {
  /** The resolver as the user gave it ("127.0.0.1:5353", "system", "tls://dns.example", "https://…"). */
  resolver: string
  type: string
  result: QueryResult | null
  error: { code: string; message: string; detail?: string } | null
  /** Transport 'system': getaddrinfo's answer for this family (A → IPv4, AAAA → IPv6); `result` is null then. */
  system?: SystemLookup
}

export interface Lookup {
  name: string
  /** IDNA: the name as typed and the A-label form sent (RFC 5891), when they differ. */
  idna: { unicode: string; ascii: string } | null
  /** For -x: the address and the reverse name asked (in-addr.arpa / ip6.arpa). */
  reverse: { address: string; name: string } | null
  items: LookupItem[]
  /** Several resolvers: where their answers differ (answers, rcode, TTLs, flags), in words. */
  differences: string[]
}

/** The OS resolver: getaddrinfo's answer beside what the hosts file says (RFC 952 hosts; man 5 hosts). */
export interface SystemLookup {
  name: string
  family: 0 | 4 | 6
  addresses: { address: string; family: 4 | 6 }[]
  timeMs: number
  error: { code: string; message: string } | null
  /** The hosts-file lines that name this host, with their line numbers; non-empty means the hosts file answered. */
  hostsMatches: { line: number; text: string; address: string }[]
  fromHostsFile: boolean
  /** getaddrinfo beside a DNS lookup of A/AAAA through the first resolv.conf server: each difference explained. */
  comparison: string[]
}

export interface ResolvConf {
  path: string
  text: string
  nameservers: string[]
  search: string[]
  ndots: number
  options: string[]
  /** How a name with fewer dots than ndots is tried with the search list, in words (resolv.conf(5)). */
  explain: string[]
}

export interface HostsFile {
  path: string
  text: string
  entries: { line: number; address: string; names: string[] }[]
}

export interface SystemResolver {
  resolvConf: ResolvConf | null
  hosts: HostsFile | null
}

/** One step of an iterative resolution from the root (RFC 1034 §5.3.3). */
export interface TraceStep {
  /** The zone whose servers were asked ("." first). */
  zone: string
  /** The name asked at this step (a CNAME target after a CNAME). */
  qname: string
  qtype: string
  /** Every server tried, in order, with why it was left (timeout, REFUSED, lame: no AA and no referral…). */
  servers: { name: string; address: string; timeMs: number | null; outcome: string }[]
  /** The server that answered. */
  answeredBy: { name: string; address: string } | null
  kind: 'referral' | 'answer' | 'cname' | 'nxdomain' | 'nodata' | 'error'
  /** A referral: the zone cut, its NS set and the glue given with it. */
  referral: { zone: string; ns: string[]; glue: { name: string; address: string }[] } | null
  result: QueryResult | null
  words: string
  /** 0 (or absent) for the name asked; 1+ for a nested look-up of a glueless name server's address. */
  depth?: number
}

export interface TraceResult {
  name: string
  type: string
  steps: TraceStep[]
  /** The final answer records (after CNAMEs), dig presentation. */
  answers: DnsRecord[]
  rcode: string
  /** Root hints used: "bundled (IANA named.root, <date>)" or the user's file. */
  rootHints: string
  timeMs: number
  error: { code: string; message: string } | null
}

/** One link of a DNSSEC chain of trust (RFC 4033 §5, RFC 4035 §5). */
export interface DnssecLink {
  /** The zone this link is about. */
  zone: string
  kind: 'anchor' | 'ds' | 'dnskey' | 'rrsig' | 'denial'
  /** E.g. "DS 20326 (SHA-256) from . matches DNSKEY 20326 of example." */
  title: string
  status: 'secure' | 'insecure' | 'bogus' | 'indeterminate'
  words: string
  /** Key tags, algorithms, validity window, the record set signed… */
  details: Record<string, string>
}

export interface DnssecResult {
  name: string
  type: string
  /** RFC 4035 §4.3: secure, insecure, bogus or indeterminate. */
  status: 'secure' | 'insecure' | 'bogus' | 'indeterminate'
  words: string
  links: DnssecLink[]
  /** Zones from the anchor down, each with its DNSKEYs and DS: what the picture draws. */
  zones: { zone: string; keys: { tag: number; algorithm: string; flags: number; role: 'KSK' | 'ZSK' | 'key'; status: DnssecLink['status'] }[]; ds: { tag: number; digestType: string; status: DnssecLink['status'] }[] }[]
  /** The anchor used: "bundled root KSK-2017 20326 (IANA root-anchors.xml, <date>)" or the user's. */
  anchor: string
  answers: DnsRecord[]
  timeMs: number
}

/** A claim about a domain, with the records that support it. */
export interface Insight {
  category: 'dns' | 'mail' | 'cdn' | 'hosting' | 'certificates' | 'verification' | 'security' | 'ipv6'
  /** "Cloudflare runs this domain's DNS". */
  claim: string
  provider: string | null
  /** The records that support the claim, in presentation form ("example. 300 IN NS a.ns.cloudflare.com."). */
  evidence: string[]
  /** Where the provider mapping comes from (the bundled table's source). */
  source: string | null
  severity: 'info' | 'warning' | 'ok'
}

export interface SpfAnalysis {
  record: string | null
  /** Every include/redirect expanded, depth-first, with what each one allows. */
  tree: { domain: string; record: string | null; mechanisms: string[]; children: SpfAnalysis['tree']; error: string | null; provider?: string | null }[]
  /** DNS-querying terms counted against the limit of 10 (RFC 7208 §4.6.4). */
  lookups: number
  overLimit: boolean
  all: string | null
  /** Lookups that found nothing (NXDOMAIN or no records), limit 2 (RFC 7208 §4.6.4). */
  voidLookups?: number
}

export interface DomainInsights {
  name: string
  insights: Insight[]
  spf: SpfAnalysis | null
  dmarc: { record: string; policy: string | null; words: string } | null
  mtaSts: { record: string; words: string } | null
  caa: { issuers: string[]; words: string } | null
  timeMs: number
}
