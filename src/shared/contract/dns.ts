// DNS: ask any resolver anything over UDP, TCP, TLS (RFC 7858), HTTPS (RFC 8484) or the OS; trace from the root;
// validate DNSSEC; read what a domain's records say about it. Queries that wait on the network are jobs.
import { z } from 'zod'
import { method, job } from './define'
import type { DnsMessage, DnssecResult, DomainInsights, Lookup, SystemLookup, SystemResolver, TraceResult } from '../dns/model'

export const DNS_INPUT_LIMITS = {
  types: 32,
  resolvers: 8,
  /** Root hints or a trust anchor file. */
  fileChars: 256 * 1024,
  packetHexChars: 2 * 65_535 * 3
} as const

/** Names are checked by the engine (it says which label is too long, and shows IDNA); the schema only caps size. */
const name = z.string().trim().min(1, 'Enter a domain name, for example example.com.').max(1024, 'A domain name is at most 253 characters.')
const typeName = z.string().trim().min(1).max(16)

export const queryOptionsInput = z
  .object({
    rd: z.boolean().default(true),
    cd: z.boolean().default(false),
    ad: z.boolean().default(true),
    /** false sends no OPT record at all. */
    edns: z.boolean().default(true),
    udpSize: z.number().int().min(512, 'The EDNS buffer size is at least 512 bytes.').max(65_535).default(1232),
    do: z.boolean().default(false),
    nsid: z.boolean().default(false),
    cookie: z.boolean().default(false),
    clientSubnet: z.string().trim().max(64).optional(),
    padding: z.number().int().min(0).max(468).optional(),
    timeoutMs: z.number().int().min(50, 'The timeout is at least 0.05 s.').max(60_000, 'The timeout is at most 60 s.').default(3_000),
    retries: z.number().int().min(0).max(10).default(2),
    randomCase: z.boolean().default(false)
  })
  .strict()

export type QueryOptionsInput = z.input<typeof queryOptionsInput>

export const lookupInput = z
  .object({
    name,
    /** Types by mnemonic or TYPEnnn; "ALL" fires every common type in parallel. Empty means A. */
    types: z.array(typeName).max(DNS_INPUT_LIMITS.types).default([]),
    /** "IP", "IP:port", "[v6]:port", a DoT host ("tls://host[:port]"), a DoH URL ("https://…"), or "system"
     *  (the servers in resolv.conf). Empty means "system". Several are asked side by side. */
    resolvers: z.array(z.string().trim().min(1).max(512)).max(DNS_INPUT_LIMITS.resolvers).default([]),
    /** How to reach resolvers given as addresses; a tls:// or https:// resolver says its own. "system" is getaddrinfo. */
    transport: z.enum(['udp', 'tcp', 'tls', 'https', 'system']).default('udp'),
    dohMethod: z.enum(['GET', 'POST']).default('GET'),
    /** Treat name as an IPv4/IPv6 address and ask PTR for its in-addr.arpa / ip6.arpa name. */
    reverse: z.boolean().default(false),
    /** DoT/DoH: verify the server's certificate (on unless turned off knowingly). */
    verify: z.boolean().default(true),
    /** Extra CA certificates (PEM) to trust for DoT/DoH. */
    caPem: z.string().max(1024 * 1024).optional(),
    options: queryOptionsInput.prefault({})
  })
  .strict()

export type LookupInput = z.input<typeof lookupInput>

export const traceInput = z
  .object({
    name,
    type: typeName.default('A'),
    /** A root hints file's text (named.root format); bundled IANA hints when absent. */
    rootHints: z.string().max(DNS_INPUT_LIMITS.fileChars).optional(),
    /** Port the servers in the hints listen on (53; tests use their own). */
    port: z.number().int().min(1).max(65_535).default(53),
    options: queryOptionsInput.prefault({})
  })
  .strict()

export const dnssecInput = z
  .object({
    name,
    type: typeName.default('A'),
    /** Root hints to walk down from (named.root format); bundled when absent. */
    rootHints: z.string().max(DNS_INPUT_LIMITS.fileChars).optional(),
    port: z.number().int().min(1).max(65_535).default(53),
    /** Trust anchor as DS or DNSKEY records in zone-file text; the bundled root KSK when absent. */
    trustAnchor: z.string().max(DNS_INPUT_LIMITS.fileChars).optional(),
    options: queryOptionsInput.prefault({})
  })
  .strict()

export const insightsInput = z
  .object({
    name,
    resolvers: z.array(z.string().trim().min(1).max(512)).max(1).default([]),
    options: queryOptionsInput.prefault({})
  })
  .strict()

export const dnsMethods = {
  'dns.lookup': job<Lookup>()(lookupInput, 'Ask one or more resolvers for one or more record types (dig). A job: it can be cancelled.'),
  'dns.trace': job<TraceResult>()(traceInput, 'Resolve a name iteratively from the root servers, step by step (dig +trace).'),
  'dns.dnssec': job<DnssecResult>()(dnssecInput, "Validate a name's DNSSEC chain of trust from a trust anchor."),
  'dns.insights': job<DomainInsights>()(insightsInput, "What a domain's records say: DNS, mail, CDN and certificate providers, SPF, DMARC."),
  'dns.system': method<SystemResolver>()(z.object({}).strict(), "This machine's resolver: resolv.conf (servers, search, ndots) and the hosts file."),
  'dns.getaddrinfo': method<SystemLookup>()(
    z
      .object({
        name,
        family: z.union([z.literal(0), z.literal(4), z.literal(6)]).default(0),
        /** Compare with a DNS query through the first resolv.conf server. */
        compare: z.boolean().default(true)
      })
      .strict(),
    "Resolve a name the way programs do (getaddrinfo): hosts file, then DNS, with the search list."
  ),
  'dns.decode': method<DnsMessage>()(
    z.object({ hex: z.string().max(DNS_INPUT_LIMITS.packetHexChars) }).strict(),
    'Decode a DNS message given as hex into its sections and annotated bytes.'
  )
} as const
