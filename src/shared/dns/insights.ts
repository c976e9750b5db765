// What a domain's records say about it, as claims a person can check: who runs its DNS, mail, CDN and hosting,
// which CAs may issue for it, which services it proved ownership to, and what its SPF, DMARC, MTA-STS and missing
// AAAA records mean. Pure: record sets in, Insight[] out; each claim carries the records that support it.
import type { DnsRecord, DomainInsights, Insight, SpfAnalysis } from './model'
import { caaInsights, dmarcInsights, line, mtaStsInsights } from './policies'
import { bundledProviders, type ProviderEntry, type ProviderIndex, type ProviderMatch } from './providers'
import { txtString, type SpfReport } from './spf'

/** The answer to one question: its records (every section's answer records) or why there are none. */
export interface RecordSet {
  name: string
  type: string
  records: DnsRecord[]
  rcode: string
  error: string | null
}

export interface InsightsInput {
  /** Fully qualified, with the trailing dot. */
  name: string
  sets: RecordSet[]
  spf: SpfReport | null
  /** Where the CAA RRset that applies was found (the name or its closest ancestor with one, RFC 8659 §3). */
  caa: { owner: string | null; records: DnsRecord[] } | null
  providers?: ProviderIndex
}

const lower = (n: string): string => n.toLowerCase().replace(/\.?$/, '.')

/** Groups provider matches by provider name, keeping each one's evidence, in first-seen order. */
function group(hits: { match: ProviderMatch; evidence: string }[]): { entry: ProviderEntry; evidence: string[] }[] {
  const out = new Map<string, { entry: ProviderEntry; evidence: string[] }>()
  for (const { match, evidence } of hits) {
    const key = `${match.entry.provider}|${match.entry.category}`
    const g = out.get(key) ?? { entry: match.entry, evidence: [] }
    if (!g.evidence.includes(evidence)) g.evidence.push(evidence)
    out.set(key, g)
  }
  return [...out.values()]
}

export function buildInsights(input: InsightsInput): Omit<DomainInsights, 'timeMs'> {
  const providers = input.providers ?? bundledProviders()
  const name = lower(input.name)
  const shown = name.replace(/\.$/, '')
  const www = `www.${name}`
  const set = (owner: string, type: string): RecordSet | undefined => input.sets.find((s) => lower(s.name) === lower(owner) && s.type === type)
  const records = (owner: string, type: string, want = type): DnsRecord[] => (set(owner, type)?.records ?? []).filter((r) => r.type === want)
  const insights: Insight[] = []
  const claim = (i: Omit<Insight, 'source' | 'provider'> & { entry?: ProviderEntry }): void => {
    const { entry, ...rest } = i
    insights.push({ ...rest, provider: entry?.provider ?? null, source: entry?.source ?? null })
  }
  /** An absence is only a claim when the question was answered (a timeout says nothing about the records). */
  const answered = (owner: string, type: string): boolean => {
    const s = set(owner, type)
    return s !== undefined && s.error === null && (s.rcode === 'NOERROR' || s.rcode === 'NXDOMAIN')
  }
  for (const s of input.sets.filter((x) => x.error !== null || (x.rcode !== 'NOERROR' && x.rcode !== 'NXDOMAIN'))) {
    claim({ category: 'dns', severity: 'warning', evidence: [], claim: `The ${s.type} query for ${s.name.replace(/\.$/, '')} got no usable answer (${s.error ?? s.rcode}), so nothing is said about those records.` })
  }
  const apex = input.sets.filter((s) => lower(s.name) === name && s.error === null)
  if (apex.length > 0 && apex.every((s) => s.rcode === 'NXDOMAIN')) {
    claim({ category: 'dns', severity: 'warning', evidence: [], claim: `${shown} does not exist: its servers answer NXDOMAIN (RFC 1035 §4.1.1), so it has no records to read.` })
    return { name, insights, spf: null, dmarc: null, mtaSts: null, caa: null }
  }

  // DNS: the NS set at the name (RFC 1034 §4.2.1).
  const ns = records(name, 'NS').filter((r) => lower(r.name) === name)
  const nsHits = ns.flatMap((r) => providers.byName('ns', nsTarget(r)).map((match) => ({ match, evidence: line(r) })))
  for (const g of group(nsHits)) claim({ category: 'dns', severity: 'info', entry: g.entry, evidence: g.evidence, claim: `${g.entry.provider} runs ${shown}'s DNS.` })
  const nsOther = ns.filter((r) => providers.byName('ns', nsTarget(r)).length === 0)
  if (nsOther.length > 0) {
    claim({ category: 'dns', severity: 'info', evidence: nsOther.map(line), claim: `${shown}'s DNS is served by ${nsOther.map(nsTarget).join(', ')} (no provider in the bundled table matches).` })
  }
  if (ns.length === 1) claim({ category: 'dns', severity: 'warning', evidence: ns.map(line), claim: `${shown} has a single name server: if it fails the domain disappears; use at least two (RFC 1034 §4.1).` })
  if (ns.length === 0 && answered(name, 'NS')) claim({ category: 'dns', severity: 'info', evidence: [], claim: `${shown} has no NS records of its own: it is not a zone apex, so its parent zone's servers answer for it.` })

  // Mail: MX (RFC 5321 §5.1), the null MX (RFC 7505).
  const mx = records(name, 'MX').filter((r) => lower(r.name) === name)
  const mxHost = (r: DnsRecord): string => r.data.trim().split(/\s+/)[1] ?? '.'
  if (mx.length === 1 && mxHost(mx[0]!) === '.') {
    claim({ category: 'mail', severity: 'info', evidence: mx.map(line), claim: `${shown} accepts no mail: it publishes a null MX (RFC 7505).` })
  } else {
    for (const g of group(mx.flatMap((r) => providers.byName('mx', mxHost(r)).map((match) => ({ match, evidence: line(r) }))))) {
      claim({ category: 'mail', severity: 'info', entry: g.entry, evidence: g.evidence, claim: `${g.entry.provider} handles ${shown}'s incoming mail.` })
    }
    const other = mx.filter((r) => providers.byName('mx', mxHost(r)).length === 0)
    if (other.length > 0) claim({ category: 'mail', severity: 'info', evidence: other.map(line), claim: `Mail for ${shown} goes to ${other.map(mxHost).join(', ')} (no provider in the bundled table matches).` })
    if (mx.length === 0 && answered(name, 'MX')) claim({ category: 'mail', severity: 'info', evidence: [], claim: `${shown} has no MX records: senders fall back to its A/AAAA address (RFC 5321 §5.1).` })
  }

  // SPF: who the record lets send (each include with the provider it names), then its problems.
  const spf = input.spf
  if ((spf === null || spf.analysis.record === null) && answered(name, 'TXT')) {
    const multiple = spf?.issues.find((i) => /SPF records/.test(i.text))
    if (multiple) claim({ category: 'security', severity: 'warning', evidence: multiple.evidence, claim: multiple.text })
    else claim({ category: 'security', severity: 'warning', evidence: [], claim: `${shown} publishes no SPF record: receivers cannot tell which servers may send mail as it (RFC 7208 §2.1).` })
  } else if (spf !== null && spf.analysis.record !== null) {
    const hits = spf.authorised.flatMap((a) => providers.byName('spf', a.domain).map((match) => ({ match, a })))
    const byProvider = new Map<string, { entry: ProviderEntry; domains: string[]; evidence: string[] }>()
    for (const { match, a } of hits) {
      const g = byProvider.get(match.entry.provider) ?? { entry: match.entry, domains: [], evidence: [] }
      if (!g.domains.includes(a.domain)) g.domains.push(a.domain)
      for (const e of a.evidence) if (!g.evidence.includes(e)) g.evidence.push(e)
      byProvider.set(match.entry.provider, g)
    }
    for (const g of byProvider.values()) {
      claim({ category: 'mail', severity: 'info', entry: g.entry, evidence: g.evidence, claim: `SPF lets ${g.entry.provider} send mail as ${shown} (${g.domains.map((d) => `include:${d}`).join(', ')}).` })
    }
    for (const a of spf.authorised.filter((x) => x.depth === 1 && providers.byName('spf', x.domain).length === 0)) {
      claim({ category: 'mail', severity: 'info', evidence: a.evidence, claim: `SPF lets the servers listed at ${a.domain} send mail as ${shown} (${a.via}; no provider in the bundled table matches).` })
    }
    // The record's own address terms: the domain's web (a) and mail (mx) hosts, and literal ranges (RFC 7208 §5.3–5.6).
    const own = (spf.analysis.tree[0]?.mechanisms ?? []).filter((m) => /^[+?~]?(a|mx|ip4|ip6)(?=$|[:/])/i.test(m))
    if (own.length > 0) {
      claim({ category: 'mail', severity: 'info', evidence: spf.evidence, claim: `SPF also lets ${own.map((m) => m.replace(/^\+/, '')).join(', ')} send mail as ${shown} (its own hosts and address ranges).` })
    }
    for (const issue of spf.issues) claim({ category: 'security', severity: issue.severity, evidence: issue.evidence, claim: issue.text })
  }
  const spf99 = records(name, 'SPF')
  if (spf99.length > 0) {
    claim({ category: 'security', severity: 'warning', evidence: spf99.map(line), claim: `${shown} still publishes the SPF record type (99), which RFC 7208 retired (§3.1, §14.1): receivers read only the TXT record.` })
  }

  // CDN and hosting: CNAME targets and addresses of the name and of www.
  for (const owner of [name, www]) {
    const ownerShown = owner.replace(/\.$/, '')
    const answers = [...(set(owner, 'A')?.records ?? []), ...(set(owner, 'AAAA')?.records ?? [])]
    const hits: { match: ProviderMatch; evidence: string }[] = []
    for (const r of answers) {
      if (r.type === 'CNAME') hits.push(...providers.byName('cname', r.data).map((match) => ({ match, evidence: line(r) })))
      if (r.type === 'A' || r.type === 'AAAA') hits.push(...providers.byAddress(r.data).map((match) => ({ match, evidence: line(r) })))
    }
    for (const g of group(hits)) {
      const category = g.entry.category === 'cdn' ? 'cdn' : 'hosting'
      const what = category === 'cdn' ? `${g.entry.provider} is the CDN in front of ${ownerShown}` : `${g.entry.provider} hosts ${ownerShown}`
      claim({ category, severity: 'info', entry: g.entry, evidence: g.evidence, claim: `${what} (${describeHit(g.evidence)}).` })
    }
  }

  // Certificates: CAA.
  const caa = input.caa ? caaInsights(shown, input.caa.owner?.replace(/\.$/, '') ?? null, input.caa.records, providers) : { insights: [], caa: null }
  insights.push(...caa.insights)

  // Verification TXT records: at the name, and any other TXT owner that was asked (_github-challenge-ORG…).
  const verifyHits: { match: ProviderMatch; evidence: string }[] = []
  for (const s of input.sets.filter((x) => x.type === 'TXT')) {
    for (const r of s.records.filter((x) => x.type === 'TXT')) verifyHits.push(...providers.byTxt(r.name, txtString(r.data)).map((match) => ({ match, evidence: line(r) })))
  }
  for (const g of group(verifyHits)) {
    claim({ category: 'verification', severity: 'info', entry: g.entry, evidence: g.evidence, claim: `${shown} has proven its ownership to ${g.entry.provider} with a verification TXT record.` })
  }

  // DMARC, MTA-STS, TLS-RPT.
  const dmarc = answered(`_dmarc.${name}`, 'TXT') ? dmarcInsights(name, records(`_dmarc.${name}`, 'TXT')) : { insights: [], dmarc: null }
  insights.push(...dmarc.insights)
  const sts = answered(`_mta-sts.${name}`, 'TXT') ? mtaStsInsights(name, records(`_mta-sts.${name}`, 'TXT'), records(`_smtp._tls.${name}`, 'TXT')) : { insights: [], mtaSts: null }
  insights.push(...sts.insights)

  // IPv6 (RFC 6146/6147: an IPv6-only client reaches an IPv4-only name only through NAT64/DNS64).
  for (const owner of [name, www]) {
    const ownerShown = owner.replace(/\.$/, '')
    const a = records(owner, 'A')
    const aaaa = records(owner, 'AAAA')
    if (aaaa.length > 0) {
      claim({ category: 'ipv6', severity: 'ok', evidence: aaaa.map(line), claim: `${ownerShown} is reachable over IPv6 (${aaaa.map((r) => r.data).join(', ')}).` })
    } else if (a.length > 0 && answered(owner, 'AAAA')) {
      claim({ category: 'ipv6', severity: 'warning', evidence: a.map(line), claim: `${ownerShown} has no AAAA record: it is not reachable over IPv6-only networks without NAT64/DNS64 (RFC 6146, RFC 6147).` })
    } else if (owner === name && answered(owner, 'A') && answered(owner, 'AAAA')) {
      claim({ category: 'ipv6', severity: 'info', evidence: [], claim: `${ownerShown} has no A or AAAA records: it is not a web host itself.` })
    }
  }

  // Each node of the SPF tree names the provider its domain belongs to, so the tree reads as who may send.
  const label = (nodes: SpfAnalysis['tree']): void => {
    for (const n of nodes) {
      n.provider = providers.byName('spf', n.domain)[0]?.entry.provider ?? null
      label(n.children)
    }
  }
  if (spf) label(spf.analysis.tree)

  const order: Insight['category'][] = ['dns', 'mail', 'cdn', 'hosting', 'certificates', 'verification', 'security', 'ipv6']
  insights.sort((x, y) => order.indexOf(x.category) - order.indexOf(y.category))
  return { name, insights, spf: spf?.analysis ?? null, dmarc: dmarc.dmarc, mtaSts: sts.mtaSts, caa: caa.caa }
}

function nsTarget(r: DnsRecord): string {
  return r.data.trim()
}

function describeHit(evidence: string[]): string {
  const cname = evidence.find((e) => / CNAME /.test(e))
  if (cname) return `CNAME to ${cname.trim().split(/\s+/).pop()}`
  const addrs = evidence.map((e) => e.trim().split(/\s+/).pop()).slice(0, 3)
  return `${addrs.join(', ')}${evidence.length > 3 ? '…' : ''} in its published address ranges`
}
