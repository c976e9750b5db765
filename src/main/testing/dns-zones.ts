// The test zone with a record of every type the DNS tab reads (issue 10), shared by the engine, CLI, UI and bench
// tests so each proves the same thing against the same bytes. Served by Knot (testing/knot.ts); signing adds DNSKEY,
// RRSIG, NSEC, CDS and CDNSKEY, and the NSEC3 variant adds NSEC3PARAM and NSEC3.
import type { KnotZone } from './knot'

export const EVERY_TYPE_ORIGIN = 'every.test'
/** The same records under another apex, signed with NSEC3 (RFC 5155) instead of NSEC. */
export const EVERY_TYPE_NSEC3_ORIGIN = 'every3.test'

/**
 * The zone text for `origin` (names relative, so one text serves both apexes). Knot 3.2 cannot parse `dohpath=`
 * (RFC 9461) or `ohttp` in zone files, so they are written as key7/key8 — the same bytes on the wire.
 */
export function everyTypeZoneText(origin: string): string {
  return `$ORIGIN ${origin}.
$TTL 3600
@        IN SOA   ns1 hostmaster 2026120101 7200 3600 1209600 300
@        IN NS    ns1
@        IN NS    ns2
@        IN A     192.0.2.10
@        IN AAAA  2001:db8::10
@        IN MX    10 mail
@        IN MX    20 mail2.example.net.
@        IN TXT   "v=spf1 ip4:192.0.2.0/24 include:_spf.example.net -all"
@        IN CAA   0 issue "letsencrypt.org"
@        IN CAA   0 issuewild ";"
@        IN CAA   128 iodef "mailto:security@${origin}"
@        IN HTTPS 1 . alpn="h2,h3" ipv4hint=192.0.2.10 ech=AEX+DQBBpQAgACBHNFJw6vd5TTGaz3gaoWD2BOyp6WE3pa+q3tL5SWZSXAAEAAEAAQASY2xvdWRmbGFyZS1lY2guY29tAAA= ipv6hint=2001:db8::10
ns1      IN A     192.0.2.53
ns2      IN AAAA  2001:db8::53
mail     IN A     192.0.2.25
mail     IN AAAA  2001:db8::25
www      IN CNAME @
old      IN DNAME new.example.net.
txt      IN TXT   "first string" "second \\"quoted\\" string" "semi;colon and back\\\\slash" "\\001\\255 bytes"
long     IN TXT   "${'a'.repeat(255)}" "b"
_sip._tcp IN SRV  10 60 5060 sip
sip      IN A     192.0.2.60
spf99    IN SPF   "v=spf1 -all" "old type 99"
ptr      IN PTR   host.example.net.
alias    IN HTTPS 0 www.example.net.
svc      IN HTTPS 1 svc.example.net. alpn=h2 port=8443 no-default-alpn
svc      IN HTTPS 2 . mandatory=alpn,port alpn="h3,h2,http/1.1" port=443 ipv4hint=192.0.2.1,192.0.2.2 ipv6hint=2001:db8::1,2001:db8::2 key65000=hello
_dns     IN SVCB  1 dns alpn=dot port=853
_dns     IN SVCB  2 dns alpn=h2 key7="/dns-query{?dns}"
esc      IN SVCB  1 . alpn="h2,part\\\\,two,x\\"y" key8 key9="a b\\\\c" key65534="\\001\\255"
dns      IN A     192.0.2.53
naptr    IN NAPTR 100 10 "S" "SIP+D2U" "" _sip._udp
naptr    IN NAPTR 102 10 "U" "E2U+sip" "!^.*$!sip:info@${origin}!" .
sshfp    IN SSHFP 1 1 DEADBEEFDEADBEEFDEADBEEFDEADBEEFDEADBEEF
sshfp    IN SSHFP 4 2 7F5A55CF3F88BE936FB9440249CB449F3067CCEE4B525D0027DC9278A29C32C1
_443._tcp IN TLSA 3 1 1 0D6FCE3D8E0B1A4E1F5B9C7D3E2A1B0C9D8E7F6A5B4C3D2E1F0A9B8C7D6E5F4A
_25._tcp.mail IN TLSA 2 0 0 308201A2300D06092A864886F70D01010B0500
_465._tcp IN TLSA 3 0 2 ${'AB12'.repeat(32)}
caa      IN CAA   0 issue "ca.example; account=\\"x\\" back\\\\slash"
caa      IN CAA   128 tbs "critical unknown"
enum     IN NAPTR 10 100 "u" "E2U+sip" "!^\\\\+1(.*)$!sip:\\\\1@${origin}!" .
esc2     IN HTTPS 1 . alpn="b\\\\\\\\s,h2" ipv6hint=::ffff:192.0.2.1 mandatory=key65000 key65000=x
unknown  IN TYPE65280 \\# 4 0A000001
empty    IN TYPE65280 \\# 0
child    IN NS    ns.child
ns.child IN A     192.0.2.54
child    IN DS    12345 13 2 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF
`
}

/** Zone text for origin `every.test` with at least one record of every type the DNS tab reads. */
export const EVERY_TYPE_ZONE = everyTypeZoneText(EVERY_TYPE_ORIGIN)
export const EVERY_TYPE_NSEC3_ZONE = everyTypeZoneText(EVERY_TYPE_NSEC3_ORIGIN)

/** Both zones, signed (ECDSA P-256): NSEC for every.test, NSEC3 for every3.test. Pass to startKnot({zones}). */
export const EVERY_TYPE_KNOT_ZONES: KnotZone[] = [
  { origin: EVERY_TYPE_ORIGIN, text: EVERY_TYPE_ZONE, dnssec: true },
  { origin: EVERY_TYPE_NSEC3_ORIGIN, text: EVERY_TYPE_NSEC3_ZONE, dnssec: true, nsec3: true }
]

export interface ZoneQuery {
  /** Fully qualified, with the trailing dot. */
  name: string
  type: string
}

const q = (name: string, type: string, origin = EVERY_TYPE_ORIGIN): ZoneQuery => ({
  name: name === '@' ? `${origin}.` : `${name}.${origin}.`,
  type
})

/** A (name, type) for every record set above, plus the DNSSEC types signing adds (both zones served). */
export const EVERY_TYPE_QUERIES: ZoneQuery[] = [
  q('@', 'SOA'),
  q('@', 'NS'),
  q('@', 'A'),
  q('@', 'AAAA'),
  q('@', 'MX'),
  q('@', 'TXT'),
  q('@', 'CAA'),
  q('@', 'HTTPS'),
  q('mail', 'AAAA'),
  q('www', 'CNAME'),
  q('old', 'DNAME'),
  q('txt', 'TXT'),
  q('long', 'TXT'),
  q('_sip._tcp', 'SRV'),
  q('ptr', 'PTR'),
  q('spf99', 'SPF'),
  q('alias', 'HTTPS'),
  q('svc', 'HTTPS'),
  q('_dns', 'SVCB'),
  q('esc', 'SVCB'),
  q('esc2', 'HTTPS'),
  q('naptr', 'NAPTR'),
  q('enum', 'NAPTR'),
  q('caa', 'CAA'),
  q('_465._tcp', 'TLSA'),
  q('sshfp', 'SSHFP'),
  q('_443._tcp', 'TLSA'),
  q('_25._tcp.mail', 'TLSA'),
  q('unknown', 'TYPE65280'),
  q('empty', 'TYPE65280'),
  q('child', 'DS'),
  q('@', 'DNSKEY'),
  q('@', 'CDS'),
  q('@', 'CDNSKEY'),
  q('@', 'NSEC'),
  q('@', 'RRSIG'),
  q('@', 'NSEC3PARAM', EVERY_TYPE_NSEC3_ORIGIN),
  q('@', 'DNSKEY', EVERY_TYPE_NSEC3_ORIGIN),
  q('svc', 'HTTPS', EVERY_TYPE_NSEC3_ORIGIN)
]
