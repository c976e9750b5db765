// What one authoritative server's response means to an iterative resolver (RFC 1034 §5.3.3 step 4, RFC 2308 for
// negative answers): the answer, a CNAME/DNAME to follow, a referral closer to the name, NXDOMAIN, NODATA, or a
// server that is lame or failing and must be skipped for the next one. Pure: no network here.
import type { DnsMessage, DnsRecord } from '../../shared/dns/model'
import { canonicalName } from '../../shared/dns/names'

export type Classified =
  /** `chain`: CNAME/DNAME records followed inside this response; `records`: the RRset asked for. */
  | { kind: 'answer'; chain: DnsRecord[]; records: DnsRecord[] }
  /** A chain that leaves this server's data: `target` must be asked from its own zone. */
  | { kind: 'cname'; chain: DnsRecord[]; target: string; loop?: boolean }
  | { kind: 'referral'; zone: string; ns: string[]; glue: { name: string; address: string }[] }
  | { kind: 'nxdomain'; chain: DnsRecord[]; name: string }
  | { kind: 'nodata'; chain: DnsRecord[]; name: string }
  /** Skip this server: lame, refusing, failing. */
  | { kind: 'skip'; outcome: string }

/** CNAMEs followed inside one response before we call it a loop (the whole trace has its own limit). */
const MAX_CHAIN = 8

export const sameName = (a: string, b: string): boolean => canonicalName(a) === canonicalName(b)

/** True when `name` is `zone` or below it. */
export function isUnder(name: string, zone: string): boolean {
  const n = canonicalName(name)
  const z = canonicalName(zone)
  return z === '.' || n === z || n.endsWith('.' + z)
}

const typeIs = (r: DnsRecord, type: string): boolean => r.type.toUpperCase() === type.toUpperCase()

/** Follows CNAMEs in the answer section from qname: the chain, and where it ends. */
function followChain(msg: DnsMessage, qname: string, qtype: string): { chain: DnsRecord[]; end: string; records: DnsRecord[]; loop: boolean } {
  const chain: DnsRecord[] = []
  const seen = new Set<string>()
  let current = qname
  for (let hop = 0; hop <= MAX_CHAIN; hop++) {
    const records = msg.answers.filter((r) => sameName(r.name, current) && typeIs(r, qtype))
    if (records.length > 0 || qtype.toUpperCase() === 'CNAME') return { chain, end: current, records, loop: false }
    const cname = msg.answers.find((r) => sameName(r.name, current) && r.type === 'CNAME')
    if (!cname) return { chain, end: current, records: [], loop: false }
    // A DNAME that synthesised this CNAME (RFC 6672 §3.1) is shown with it.
    const dname = msg.answers.find((r) => r.type === 'DNAME' && isUnder(current, r.name) && !sameName(current, r.name))
    if (dname && !chain.includes(dname)) chain.push(dname)
    chain.push(cname)
    seen.add(canonicalName(current))
    current = cname.data
    if (seen.has(canonicalName(current))) return { chain, end: current, records: [], loop: true }
  }
  return { chain, end: current, records: [], loop: true }
}

/**
 * Reads a response from a server of `zone` to (qname, qtype). A server is lame when it answers neither
 * authoritatively nor with a referral to a zone below `zone` on the way to qname (RFC 1912 §2.8, RFC 8499 §7).
 */
export function classify(msg: DnsMessage, zone: string, qname: string, qtype: string): Classified {
  const rcode = msg.rcode
  if (rcode === 'REFUSED') return { kind: 'skip', outcome: `REFUSED: this server does not serve ${zone} (a lame delegation, RFC 8499 §7)` }
  if (rcode === 'SERVFAIL') return { kind: 'skip', outcome: 'SERVFAIL: the server could not answer for this zone (RFC 1035 §4.1.1)' }
  if (rcode !== 'NOERROR' && rcode !== 'NXDOMAIN') return { kind: 'skip', outcome: `${rcode}: not an answer a resolver can use` }

  const { chain, end, records, loop } = followChain(msg, qname, qtype)
  // A loop inside one answer is the answer's fault, not the server's: the trace stops on it with the chain shown.
  if (loop && msg.flags.aa) return { kind: 'cname', chain, target: end, loop: true }
  if (loop) return { kind: 'skip', outcome: `a CNAME loop at ${end} in the answer` }
  if (msg.flags.aa) {
    if (records.length > 0) return { kind: 'answer', chain, records }
    // After a chain, the answer's rcode is about the chain's last name (RFC 6604 §3).
    if (chain.length > 0 && !isUnder(end, zone)) return { kind: 'cname', chain, target: end }
    if (rcode === 'NXDOMAIN') return { kind: 'nxdomain', chain, name: end }
    // A chain whose target lies below a cut inside this zone carries a referral (read below); otherwise NODATA.
    const referral = chain.length > 0 && !msg.authority.some((r) => r.type === 'SOA') && msg.authority.some((r) => r.type === 'NS')
    if (!referral) return { kind: 'nodata', chain, name: end }
  }

  // A referral (RFC 1034 §4.3.2 step 3b): NS records for a zone closer to the name, no AA.
  const cuts = msg.authority.filter((r) => r.type === 'NS')
  const cut = cuts[0]?.name
  if (cut && cuts.every((r) => sameName(r.name, cut))) {
    if (!isUnder(qname, cut) && !isUnder(end, cut)) return { kind: 'skip', outcome: `lame: it referred to ${cut}, which does not contain ${qname}` }
    if (!isUnder(cut, zone) || sameName(cut, zone)) {
      return { kind: 'skip', outcome: `lame: it referred to ${cut}, which is not below ${zone} (an upward or sideways referral)` }
    }
    const ns = [...new Set(cuts.map((r) => canonicalName(r.data)))]
    // Glue is believed only for names under the zone we asked (RFC 2181 §5.4.1): out-of-bailiwick addresses are ignored.
    const glue = msg.additional
      .filter((r) => (r.type === 'A' || r.type === 'AAAA') && ns.includes(canonicalName(r.name)) && isUnder(r.name, zone))
      .map((r) => ({ name: canonicalName(r.name), address: r.data }))
    if (chain.length > 0 && !isUnder(qname, cut)) return { kind: 'cname', chain, target: end }
    return { kind: 'referral', zone: canonicalName(cut), ns, glue }
  }
  if (!msg.flags.aa && msg.answers.length > 0) {
    return { kind: 'skip', outcome: 'lame: it answered without the AA bit (from a cache, not as an authority for this zone)' }
  }
  return { kind: 'skip', outcome: 'lame: neither an authoritative answer nor a referral closer to the name' }
}

/** Names end in a dot; a sentence ending in one does not need a second ("… web.other.test."). */
export const tidy = (words: string): string => words.replace(/\.\.(?=\s|$)/g, '.')

/** The step's sentence for the user. */
export function stepWords(c: Exclude<Classified, { kind: 'skip' }>, zone: string, qname: string, qtype: string, by: string): string {
  return tidy(rawWords(c, zone, qname, qtype, by))
}

function rawWords(c: Exclude<Classified, { kind: 'skip' }>, zone: string, qname: string, qtype: string, by: string): string {
  const chainWords = 'chain' in c && c.chain.length > 0 ? ` ${c.chain.map((r) => `${r.name} is an alias (${r.type}) for ${r.data}`).join('; ')}.` : ''
  switch (c.kind) {
    case 'referral':
      return `${by} does not hold ${qname} itself: it delegates ${c.zone} to ${c.ns.join(', ')} (a referral, RFC 1034 §4.3.2)${c.glue.length ? `, with the address${c.glue.length > 1 ? 'es' : ''} (glue) ${c.glue.map((g) => `${g.name} ${g.address}`).join(', ')}` : ', without addresses (no glue): the name servers\' own names must be looked up first'}.`
    case 'answer':
      return `${by} answered with authority (AA) for ${zone}:${chainWords} ${c.records.length} ${qtype} record(s) for ${c.records[0]?.name ?? qname}.`
    case 'cname':
      if (c.loop) return `${by} answered with authority for ${zone}:${chainWords} The chain comes back to ${c.target}: a CNAME loop, so there is no answer.`
      return `${by} answered with authority for ${zone}:${chainWords} ${c.target} is outside this zone, so the trace follows it from the closest zone it knows (RFC 1034 §5.3.3 step 4c).`
    case 'nxdomain':
      return `${by} answered with authority for ${zone}:${chainWords} ${c.name} does not exist (NXDOMAIN, RFC 8020: nothing exists below it either).`
    case 'nodata':
      return `${by} answered with authority for ${zone}:${chainWords} ${c.name} exists but has no ${qtype} record (NODATA, RFC 2308 §2.2).`
  }
}
