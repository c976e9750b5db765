// The policy records a domain publishes beside its data, read into words: DMARC (RFC 7489) at _dmarc, MTA-STS
// (RFC 8461) at _mta-sts, TLS-RPT (RFC 8460) at _smtp._tls, and CAA (RFC 8659). Pure: records in, insights out.
import type { DnsRecord, DomainInsights, Insight } from './model'
import type { ProviderIndex } from './providers'
import { txtString } from './spf'

export const line = (r: Pick<DnsRecord, 'name' | 'ttl' | 'class' | 'type' | 'data'>): string => `${r.name} ${r.ttl} ${r.class} ${r.type} ${r.data}`

/** "v=DMARC1; p=reject; rua=mailto:a@b" → tags by lower-case name (RFC 7489 §6.4; RFC 8461 §3.1 is the same shape). */
export function tagList(text: string): Map<string, string> {
  const tags = new Map<string, string>()
  for (const part of text.split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0) tags.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim())
  }
  return tags
}

const POLICY_WORDS: Record<string, string> = {
  none: 'monitoring only: mail that fails DMARC is delivered as usual',
  quarantine: 'mail that fails DMARC should be treated as suspicious (usually the spam folder)',
  reject: 'mail that fails DMARC should be rejected'
}

export function dmarcInsights(name: string, records: DnsRecord[]): { insights: Insight[]; dmarc: DomainInsights['dmarc'] } {
  const owner = `_dmarc.${name.replace(/\.$/, '')}`
  const dmarc = records.filter((r) => r.type === 'TXT' && /^v=DMARC1\s*(;|$)/i.test(txtString(r.data)))
  const base = { category: 'security' as const, provider: null, source: null }
  if (dmarc.length === 0) {
    return {
      insights: [{ ...base, severity: 'warning', evidence: [], claim: `No DMARC record at ${owner}: receivers apply no policy to mail that fails SPF and DKIM alignment (RFC 7489 §6.1). For a subdomain, the organisational domain's record applies instead (§6.6.3).` }],
      dmarc: null
    }
  }
  const evidence = dmarc.map(line)
  if (dmarc.length > 1) {
    const words = `${owner} has ${dmarc.length} DMARC records: receivers ignore them all, as if there were none (RFC 7489 §6.6.3).`
    return { insights: [{ ...base, severity: 'warning', evidence, claim: words }], dmarc: { record: txtString(dmarc[0]!.data), policy: null, words } }
  }
  const text = txtString(dmarc[0]!.data)
  const tags = tagList(text)
  const p = tags.get('p')?.toLowerCase() ?? null
  const parts: string[] = []
  if (p === null || !(p in POLICY_WORDS)) parts.push(`the record has no valid p= policy${p ? ` ("${p}")` : ''}, so receivers may ignore it (RFC 7489 §6.3)`)
  else parts.push(`p=${p}: ${POLICY_WORDS[p]}`)
  const sp = tags.get('sp')?.toLowerCase()
  if (sp && sp in POLICY_WORDS) parts.push(`subdomains: sp=${sp}, ${POLICY_WORDS[sp]}`)
  const pct = tags.get('pct')
  if (pct !== undefined && pct !== '100') parts.push(`pct=${pct}: the policy applies to only ${pct}% of failing mail; the rest is treated one step more leniently (RFC 7489 §6.6.4)`)
  const rua = tags.get('rua')
  parts.push(rua ? `daily aggregate reports go to ${rua}` : 'no rua=, so nobody receives aggregate reports')
  const ruf = tags.get('ruf')
  if (ruf) parts.push(`failure reports go to ${ruf}`)
  if (tags.get('adkim')?.toLowerCase() === 's' || tags.get('aspf')?.toLowerCase() === 's') parts.push('alignment is strict: the domains must match exactly, not just share the organisational domain')
  const words = parts.join('; ') + '.'
  const severity = p === 'reject' || p === 'quarantine' ? (pct === undefined || pct === '100' ? 'ok' : 'info') : p === 'none' ? 'info' : 'warning'
  return { insights: [{ ...base, severity, evidence, claim: `DMARC: ${words}` }], dmarc: { record: text, policy: p, words } }
}

export function mtaStsInsights(name: string, sts: DnsRecord[], tlsRpt: DnsRecord[]): { insights: Insight[]; mtaSts: DomainInsights['mtaSts'] } {
  const base = { category: 'security' as const, provider: null, source: null }
  name = name.replace(/\.$/, '')
  const insights: Insight[] = []
  let mtaSts: DomainInsights['mtaSts'] = null
  const records = sts.filter((r) => r.type === 'TXT' && /^v=STSv1\s*(;|$)/i.test(txtString(r.data)))
  if (records.length === 0) {
    insights.push({ ...base, severity: 'info', evidence: [], claim: `No MTA-STS record at _mta-sts.${name}: senders may deliver mail to this domain without TLS if an attacker strips it (RFC 8461 §1).` })
  } else if (records.length > 1) {
    const words = `_mta-sts.${name} has ${records.length} MTA-STS records: senders treat that as no policy at all (RFC 8461 §3.1).`
    insights.push({ ...base, severity: 'warning', evidence: records.map(line), claim: words })
    mtaSts = { record: txtString(records[0]!.data), words }
  } else {
    const text = txtString(records[0]!.data)
    const id = tagList(text).get('id')
    const words = id
      ? `MTA-STS is published (id=${id}): senders fetch the policy from https://mta-sts.${name}/.well-known/mta-sts.txt and, in enforce mode, deliver only over verified TLS (RFC 8461 §3.2, §5). A new id tells them the policy changed.`
      : `The MTA-STS record has no id=, so senders ignore it (RFC 8461 §3.1).`
    insights.push({ ...base, severity: id ? 'ok' : 'warning', evidence: records.map(line), claim: words })
    mtaSts = { record: text, words }
  }
  const rpt = tlsRpt.filter((r) => r.type === 'TXT' && /^v=TLSRPTv1\s*(;|$)/i.test(txtString(r.data)))
  if (rpt.length > 0) {
    const rua = tagList(txtString(rpt[0]!.data)).get('rua')
    insights.push({ ...base, severity: 'ok', evidence: rpt.map(line), claim: `TLS reporting (TLS-RPT) is on: senders report failed TLS deliveries to ${rua ?? '(no rua= given)'} (RFC 8460 §3).` })
  }
  return { insights, mtaSts }
}

interface CaaEntry {
  critical: boolean
  tag: string
  value: string
  record: DnsRecord
}

/** `0 issue "letsencrypt.org; validationmethods=dns-01"` → its parts (RFC 8659 §4.1). */
export function parseCaa(record: DnsRecord): CaaEntry | null {
  const m = /^(\d+)\s+([A-Za-z0-9]+)\s+(.*)$/s.exec(record.data.trim())
  if (!m) return null
  const raw = m[3]!.trim()
  const value = raw.startsWith('"') ? txtString(raw) : raw
  return { critical: (Number(m[1]) & 128) !== 0, tag: m[2]!.toLowerCase(), value, record }
}

/** Who may issue: the CAA RRset that applies (the name's own or its closest ancestor's, RFC 8659 §3). */
export function caaInsights(name: string, owner: string | null, records: DnsRecord[], providers: ProviderIndex): { insights: Insight[]; caa: DomainInsights['caa'] } {
  const entries = records.filter((r) => r.type === 'CAA').map(parseCaa).filter((e): e is CaaEntry => e !== null)
  if (entries.length === 0) {
    const words = `No CAA records for ${name} or its parent domains: any certificate authority may issue certificates for it (RFC 8659 §4).`
    return { insights: [{ category: 'certificates', severity: 'info', provider: null, source: null, evidence: [], claim: words }], caa: { issuers: [], words } }
  }
  const insights: Insight[] = []
  const inherited = owner !== null && owner.toLowerCase() !== name.toLowerCase() ? ` (inherited from ${owner}, RFC 8659 §3)` : ''
  const unknownCritical = entries.filter((e) => e.critical && !['issue', 'issuewild', 'iodef', 'issuemail', 'contactemail', 'contactphone'].includes(e.tag))
  const issue = entries.filter((e) => e.tag === 'issue')
  const wild = entries.filter((e) => e.tag === 'issuewild')
  const issuerOf = (e: CaaEntry): string => e.value.split(';')[0]!.trim().toLowerCase()
  const issuers = [...new Set(issue.map(issuerOf).filter((i) => i !== ''))]
  const describe = (domain: string): string => {
    const hit = providers.byName('caa', domain)[0]
    return hit ? `${hit.entry.provider} (${domain})` : domain
  }
  // One issuer: the summary below names it and carries its provider; several: one claim each, for the provider list.
  for (const domain of issuers.length > 1 ? issuers : []) {
    const hit = providers.byName('caa', domain)[0]
    const evidence = issue.filter((e) => issuerOf(e) === domain).map((e) => line(e.record))
    insights.push({ category: 'certificates', severity: 'info', provider: hit?.entry.provider ?? null, source: hit?.entry.source ?? null, evidence, claim: `${hit ? hit.entry.provider : domain} may issue certificates for ${name}${inherited}.` })
  }
  let words: string
  if (unknownCritical.length > 0) {
    words = `A CAA record has the critical flag on a tag CAs do not know (${unknownCritical.map((e) => e.tag).join(', ')}): no CA may issue (RFC 8659 §4.1).`
  } else if (issue.length === 0) {
    words = `CAA records exist but none has the "issue" tag: any CA may issue ordinary certificates${inherited} (RFC 8659 §4.2).`
  } else if (issuers.length === 0) {
    words = `CAA says no CA may issue certificates for ${name}${inherited} (an empty "issue" value, RFC 8659 §4.2).`
  } else {
    words = `Only ${issuers.map(describe).join(', ')} may issue certificates for ${name}${inherited} (RFC 8659 §4).`
  }
  if (wild.length > 0) {
    const w = [...new Set(wild.map(issuerOf))]
    words += w.every((x) => x === '') ? ' No CA may issue wildcard certificates (issuewild, RFC 8659 §4.3).' : ` Wildcard certificates: only ${w.filter((x) => x !== '').map(describe).join(', ')} (issuewild, RFC 8659 §4.3).`
  }
  const iodef = entries.filter((e) => e.tag === 'iodef')
  if (iodef.length > 0) words += ` CAs report refused requests to ${iodef.map((e) => e.value).join(', ')} (iodef, RFC 8659 §4.4).`
  const single = issuers.length === 1 && unknownCritical.length === 0 ? providers.byName('caa', issuers[0]!)[0]?.entry : undefined
  insights.unshift({ category: 'certificates', severity: 'ok', provider: single?.provider ?? null, source: single?.source ?? null, evidence: entries.map((e) => line(e.record)), claim: words })
  return { insights, caa: { issuers, words } }
}
