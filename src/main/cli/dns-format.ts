// How `wirebench dns` prints: dig-like sections for people, and the issue's per-query JSON document for scripts
// (question, server, transport, rcode, flags, sections, time, size — data in dig's presentation format).
import { rcodeWords } from '../../shared/dns/types'
import { parseResolver, serverAddress } from '../../shared/dns/resolvers'
import type { DnsMessage, DnsRecord, DnsTransport, DnssecResult, DomainInsights, Lookup, LookupItem, SystemLookup, TraceResult } from '../../shared/dns/model'

export interface RecordDoc {
  name: string
  type: string
  /** null for the system resolver: getaddrinfo gives no TTL. */
  ttl: number | null
  data: string
}

/** One try on the wire (the UDP try that came back truncated, then the TCP one). */
export interface AttemptDoc {
  transport: string
  server: string
  outcome: string
  timeMs: number
}

/** One query's answer as the issue specifies it; `error` only when no answer came. */
export interface QueryDoc {
  question: { name: string; type: string }
  server: string
  transport: string
  rcode: string | null
  flags: { aa: boolean; tc: boolean; rd: boolean; ra: boolean; ad: boolean; cd: boolean } | null
  answers: RecordDoc[]
  authority: RecordDoc[]
  additional: RecordDoc[]
  timeMs: number | null
  size: number | null
  idna?: { unicode: string; ascii: string }
  attempts?: AttemptDoc[]
  /** The system resolver: the hosts-file lines that name the host. */
  hostsFile?: { line: number; text: string; address: string }[]
  error?: { code: string; message: string; detail?: string }
}

/** How the lookup reached resolvers given as bare addresses (to describe a resolver that never answered). */
export interface DocContext {
  transport: DnsTransport
  dohMethod: 'GET' | 'POST'
}

/** The CLI's own flags where the engine's words say what to do about a certificate. */
export function cliWords(message: string): string {
  // "Supply it as an extra CA, or turn verification off knowingly.", "…trust it as an extra CA instead."
  if (!/extra CA|verification off/i.test(message) || message.includes('--ca')) return message
  return message.replace(/\.?\s*$/, ' (--ca FILE, or --insecure).')
}

/** The server alone ("127.0.0.1#53", the DoH URL): the transport has its own field. */
const bareServer = (server: string): string => server.replace(/ \((TCP|TLS)\)$/, '')

/** A resolver as typed ("127.0.0.1:5353", "system (10.0.0.1)") described as answers are, when it can be parsed. */
function describeGiven(given: string, how: DocContext): { server: string; transport: string } {
  const text = /^system \((.+)\)$/.exec(given)?.[1] ?? given
  try {
    const spec = parseResolver(text, how.transport === 'system' ? 'udp' : how.transport, how.dohMethod)
    return { server: serverAddress(spec), transport: spec.transport }
  } catch {
    return { server: given, transport: how.transport }
  }
}

const record = (r: DnsRecord): RecordDoc => ({ name: r.name, type: r.type, ttl: r.ttl, data: r.data })

export function queryDocs(lookup: Lookup, how: DocContext = { transport: 'udp', dohMethod: 'GET' }): QueryDoc[] {
  return lookup.items.map((item) => queryDoc(lookup, item, how))
}

function queryDoc(lookup: Lookup, item: LookupItem, how: DocContext): QueryDoc {
  const idna = lookup.idna ? { idna: lookup.idna } : {}
  const r = item.result
  if (!r) {
    const name = lookup.reverse?.name ?? lookup.idna?.ascii ?? lookup.name
    return {
      question: { name, type: item.type },
      ...describeGiven(item.resolver, how),
      rcode: null,
      flags: null,
      answers: [],
      authority: [],
      additional: [],
      timeMs: null,
      size: null,
      ...idna,
      error: {
        code: item.error?.code ?? 'DNS_NO_ANSWER',
        message: cliWords(item.error?.message ?? 'No answer.'),
        ...(item.error?.detail ? { detail: item.error.detail } : {})
      }
    }
  }
  const m = r.message
  const { aa, tc, rd, ra, ad, cd } = m.flags
  return {
    question: r.question,
    server: bareServer(r.server),
    transport: r.transport,
    rcode: m.rcode,
    flags: { aa, tc, rd, ra, ad, cd },
    answers: m.answers.map(record),
    authority: m.authority.map(record),
    additional: m.additional.map(record),
    timeMs: r.timeMs,
    size: m.size,
    ...idna,
    attempts: r.attempts.map((a) => ({ transport: a.transport, server: bareServer(a.server), outcome: a.outcome, timeMs: a.timeMs }))
  }
}

/** --system --json: getaddrinfo's answer in the same document shape (no DNS message: no flags, TTLs or size). */
export function systemDoc(s: SystemLookup, type: string): QueryDoc {
  // getaddrinfo's "no such name" (EAI_NONAME, which Node calls ENOTFOUND) is an answer, as NXDOMAIN is.
  const nx = s.error?.code === 'ENOTFOUND'
  return {
    question: { name: `${s.name}.`, type },
    server: 'getaddrinfo (system)',
    transport: 'system',
    rcode: s.error && !nx ? null : nx ? 'NXDOMAIN' : 'NOERROR',
    flags: null,
    answers: s.addresses.map((a) => ({ name: `${s.name}.`, type: a.family === 6 ? 'AAAA' : 'A', ttl: null, data: a.address })),
    authority: [],
    additional: [],
    timeMs: s.timeMs,
    size: null,
    hostsFile: s.hostsMatches,
    ...(s.error && !nx ? { error: s.error } : {})
  }
}

/** -x ADDRESS --system: getnameinfo's name for the address, in the same shape. */
export function systemReverseDoc(reverseName: string, host: string | null, timeMs: number, error: { code: string; message: string } | null): QueryDoc {
  const nx = error?.code === 'ENOTFOUND'
  return {
    question: { name: reverseName, type: 'PTR' },
    server: 'getnameinfo (system)',
    transport: 'system',
    rcode: error && !nx ? null : nx ? 'NXDOMAIN' : 'NOERROR',
    flags: null,
    answers: host ? [{ name: reverseName, type: 'PTR', ttl: null, data: host.endsWith('.') ? host : `${host}.` }] : [],
    authority: [],
    additional: [],
    timeMs,
    size: null,
    ...(error && !nx ? { error } : {})
  }
}

/** dig +short: the answers' data, one per line. */
export function shortLines(lookup: Lookup): string[] {
  return lookup.items.flatMap((i) => i.result?.message.answers.map((a) => a.data) ?? [])
}

const FLAG_WORDS: [keyof DnsMessage['flags'], string][] = [
  ['qr', 'response'],
  ['aa', 'authoritative answer'],
  ['tc', 'truncated'],
  ['rd', 'recursion desired'],
  ['ra', 'recursion available'],
  ['ad', 'authentic data'],
  ['cd', 'checking disabled']
]

const tab = (r: DnsRecord): string => `${r.name.padEnd(24)}\t${r.ttl}\t${r.class}\t${r.type}\t${r.data}`

function section(title: string, records: DnsRecord[]): string[] {
  return records.length ? ['', `;; ${title} SECTION:`, ...records.map(tab)] : []
}

/** One answer, dig-like: header with flags and rcode in words, the sections, EDNS, the tries, time, server, size. */
export function humanItem(item: LookupItem): string[] {
  const r = item.result
  if (!r) return [`;; ${item.type} from ${item.resolver}: ${item.error?.message ?? 'no answer'}`]
  const m = r.message
  const set = FLAG_WORDS.filter(([f]) => m.flags[f])
  const lines = [
    `;; ->>HEADER<<- opcode: ${m.opcode}, status: ${m.rcode}, id: ${m.id}`,
    `;; flags: ${set.map(([f]) => f).join(' ')}${set.length ? ` (${set.map(([, w]) => w).join(', ')})` : ''}; QUERY: ${m.questions.length}, ANSWER: ${m.answers.length}, AUTHORITY: ${m.authority.length}, ADDITIONAL: ${m.additional.length + (m.edns ? 1 : 0)}`,
    `;; ${m.rcode}: ${rcodeWords(m.rcodeCode)}`
  ]
  if (m.edns) {
    const e = m.edns
    lines.push('', ';; OPT PSEUDOSECTION:', `; EDNS: version: ${e.version}, flags:${e.do ? ' do' : ''}; udp: ${e.udpSize}`)
    for (const o of e.options) lines.push(`; ${o.name}: ${o.data}`)
  }
  lines.push('', ';; QUESTION SECTION:', ...m.questions.map((q) => `;${q.name.padEnd(23)}\t\t${q.class}\t${q.type}`))
  lines.push(...section('ANSWER', m.answers), ...section('AUTHORITY', m.authority), ...section('ADDITIONAL', m.additional))
  lines.push('', `;; Query time: ${Math.round(r.timeMs)} msec`, `;; SERVER: ${bareServer(r.server)} (${r.transport.toUpperCase()})`, `;; MSG SIZE  rcvd: ${m.size}`)
  for (const a of r.attempts) {
    lines.push(`;; TRY: ${a.transport.toUpperCase()} to ${a.server.replace(/ \(\w+\)$/, '')}, id ${a.id}${a.localPort !== null ? `, from port ${a.localPort}` : ''}, ${a.sentBytes} bytes sent: ${a.outcome} (${Math.round(a.timeMs)} ms)`)
  }
  if (r.tls) {
    const t = r.tls
    lines.push(`;; TLS: ${t.protocol ?? '?'} ${t.cipher ?? ''}; certificate ${t.subject ?? '?'}, issuer ${t.issuer ?? '?'}; verified ${t.authorized ? 'yes' : `no (${t.authorizationError ?? 'not checked'})`}`)
  }
  for (const f of [...m.findings, ...r.findings]) lines.push(`;; ${f.severity.toUpperCase()}: ${f.message}${f.source ? ` (${f.source})` : ''}`)
  return lines
}

export function humanLookup(lookup: Lookup, command: string): string[] {
  const lines: string[] = []
  if (lookup.idna) lines.push(`; IDNA: ${lookup.idna.unicode} is sent as ${lookup.idna.ascii} (RFC 5891)`)
  if (lookup.reverse) lines.push(`; Reverse: ${lookup.reverse.address} is asked as ${lookup.reverse.name} PTR`)
  // A query that got no answer is said on stderr (see commands/dns.ts), so stdout holds answers only.
  lookup.items.forEach((item) => {
    if (!item.result) return
    if (lines.length) lines.push('')
    lines.push(`; <<>> ${command} <<>> ${item.result?.question.name ?? lookup.name} ${item.type} @${item.resolver}`, ...humanItem(item))
  })
  if (lookup.differences.length) lines.push('', ';; DIFFERENCES BETWEEN RESOLVERS:', ...lookup.differences.map((d) => `;  ${d}`))
  return lines
}

export function humanSystem(s: SystemLookup): string[] {
  const family = s.family === 0 ? 'any family' : `IPv${s.family} only`
  const lines = [`;; getaddrinfo("${s.name}", ${family}) in ${Math.round(s.timeMs)} ms${s.error ? `: ${s.error.message}` : ''}`]
  for (const a of s.addresses) lines.push(`${a.address}\tIPv${a.family}`)
  if (s.hostsMatches.length) {
    lines.push(`;; The hosts file answered${s.fromHostsFile ? '' : ' (it names this host)'}:`)
    for (const h of s.hostsMatches) lines.push(`;  line ${h.line}: ${h.text}`)
  } else if (s.addresses.length) lines.push(';; Not in the hosts file: the answer came from DNS (or another NSS source).')
  if (s.comparison.length) lines.push(';; Beside DNS:', ...s.comparison.map((c) => `;  ${c}`))
  return lines
}

export function humanTrace(t: TraceResult): string[] {
  const lines = [`;; Trace of ${t.name} ${t.type} from ${t.rootHints}`]
  t.steps.forEach((s, i) => {
    const by = s.answeredBy ? `${s.answeredBy.name} (${s.answeredBy.address})` : 'no server'
    lines.push('', `[${i + 1}] zone ${s.zone} — ${s.qname} ${s.qtype} answered by ${by}: ${s.kind}`, `    ${s.words}`)
    for (const sv of s.servers) lines.push(`    tried ${sv.name} (${sv.address})${sv.timeMs !== null ? ` ${Math.round(sv.timeMs)} ms` : ''}: ${sv.outcome}`)
    if (s.referral) {
      lines.push(`    referral to ${s.referral.zone}: NS ${s.referral.ns.join(', ')}`)
      if (s.referral.glue.length) lines.push(`    glue: ${s.referral.glue.map((g) => `${g.name} ${g.address}`).join(', ')}`)
    }
    if (s.kind === 'answer' || s.kind === 'cname') for (const r of s.result?.message.answers ?? []) lines.push(`    ${tab(r)}`)
  })
  lines.push('', `;; ${t.rcode}${t.answers.length ? `, ${t.answers.length} answer${t.answers.length > 1 ? 's' : ''}` : ''} in ${Math.round(t.timeMs)} ms`)
  lines.push(...t.answers.map(tab))
  if (t.error) lines.push(`;; ${t.error.message}`)
  return lines
}

export function humanDnssec(d: DnssecResult): string[] {
  const lines = [`;; DNSSEC ${d.name} ${d.type}: ${d.status.toUpperCase()} — ${d.words}`, `;; Trust anchor: ${d.anchor}`, '']
  for (const l of d.links) {
    lines.push(`[${l.status}] ${l.zone} ${l.kind}: ${l.title}`, `    ${l.words}`)
    const details = Object.entries(l.details)
    if (details.length) lines.push(`    ${details.map(([k, v]) => `${k}: ${v}`).join('; ')}`)
  }
  if (d.answers.length) lines.push('', ';; ANSWER:', ...d.answers.map(tab))
  lines.push('', `;; ${Math.round(d.timeMs)} ms`)
  return lines
}

export function humanInsights(d: DomainInsights): string[] {
  const lines = [`;; What the records of ${d.name} say (${Math.round(d.timeMs)} ms)`]
  for (const i of d.insights) {
    lines.push('', `[${i.category}${i.severity === 'warning' ? ', warning' : ''}] ${i.claim}`, ...i.evidence.map((e) => `    ${e}`))
    if (i.source) lines.push(`    source: ${i.source}`)
  }
  if (d.spf) {
    lines.push('', `;; SPF: ${d.spf.record ?? 'none'}`, `;  ${d.spf.lookups} of 10 DNS lookups (RFC 7208 §4.6.4)${d.spf.overLimit ? ': OVER THE LIMIT, receivers fail it (permerror)' : ''}`)
    const walk = (tree: NonNullable<DomainInsights['spf']>['tree'], depth: number): void => {
      for (const n of tree) {
        lines.push(`;  ${'  '.repeat(depth)}${n.domain}: ${n.error ?? n.record ?? 'no SPF record'}`)
        walk(n.children, depth + 1)
      }
    }
    walk(d.spf.tree, 1)
  }
  if (d.dmarc) lines.push(`;; DMARC: ${d.dmarc.record}`, `;  ${d.dmarc.words}`)
  if (d.mtaSts) lines.push(`;; MTA-STS: ${d.mtaSts.record}`, `;  ${d.mtaSts.words}`)
  if (d.caa) lines.push(`;; CAA: ${d.caa.issuers.join(', ') || 'none'}`, `;  ${d.caa.words}`)
  return lines
}
