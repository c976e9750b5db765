// The DNS part of a walkthrough: the A and AAAA questions actually sent (through the DNS engine, to the resolver the
// user named or the system's first nameserver), their answers as packets with spans, the OS resolver's answer beside
// them (getaddrinfo), and which addresses will be tried in which order, and why.
import net from 'node:net'
import { getaddrinfoLookup, queryOnce, systemResolver } from '../dns'
import { fromBase64 } from '../../shared/bytes'
import { decodeMessage } from '../../shared/dns/message'
import { DEFAULT_QUERY_OPTIONS, type QueryResult, type ResolverSpec, type SystemLookup } from '../../shared/dns/model'
import { describeResolver, isIpLiteral, parseResolver } from '../../shared/dns/resolvers'
import { WirebenchError, toWireError } from '../../shared/errors'
import type { Finding } from '../../shared/findings'
import { noLookup, type DnsPhase } from './record-address'
import { hex, type StepDraft } from './steps-common'

export type { DnsPhase }

const QUERY_BUDGET_MS = 2_500
const GETADDRINFO_WAIT_MS = 3_000

const SOURCE_QUERY = 'RFC 1035 §4.1, RFC 3596 §2.1'

/** The resolver to ask: the one typed, else the first address in resolv.conf (what the C library would ask first). */
export async function walkResolver(text: string | undefined): Promise<ResolverSpec | null> {
  if (text) {
    const r = parseResolver(text, 'udp')
    if (r.transport !== 'udp') throw new WirebenchError('INVALID_INPUT', 'The walkthrough asks a DNS server over UDP: give its ADDRESS or ADDRESS:PORT.')
    return r
  }
  const system = await systemResolver()
  const first = system.resolvConf?.nameservers.find(isIpLiteral)
  return first ? parseResolver(first, 'udp') : null
}

/** getaddrinfo with a short wait of our own: the walkthrough shows it beside DNS, it never waits long for it. */
type OsAnswer = { kind: 'ok'; lookup: SystemLookup } | { kind: 'late' } | { kind: 'failed'; message: string }

async function osAnswer(name: string, signal?: AbortSignal): Promise<OsAnswer> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<OsAnswer>((resolve) => (timer = setTimeout(() => resolve({ kind: 'late' }), GETADDRINFO_WAIT_MS)))
  try {
    return await Promise.race([getaddrinfoLookup({ name, compare: false }, {}, signal).then((lookup): OsAnswer => ({ kind: 'ok', lookup })), late])
  } catch (e) {
    return { kind: 'failed', message: toWireError(e).message }
  } finally {
    clearTimeout(timer)
  }
}

function addressesOf(r: QueryResult | null, type: 'A' | 'AAAA'): string[] {
  return (r?.message.answers ?? []).filter((a) => a.type === type).map((a) => a.data)
}

/** Asks A and AAAA side by side (as a stub resolver does) and getaddrinfo beside them. */
export async function dnsPhase(host: string, o: { spec: ResolverSpec | null; address?: string; signal?: AbortSignal }): Promise<DnsPhase> {
  const findings: Finding[] = []
  const bare = host.replace(/^\[|\]$/g, '')
  if (o.address || net.isIP(bare)) return noLookup(host, o.address ?? bare, o.address !== undefined)
  const spec = o.spec
  const drafts: StepDraft[] = []
  const gai = osAnswer(bare, o.signal)
  const answers: Partial<Record<'A' | 'AAAA', QueryResult | null>> = {}
  if (spec) {
    const options = { ...DEFAULT_QUERY_OPTIONS, timeoutMs: QUERY_BUDGET_MS, retries: 0 }
    await Promise.all(
      (['A', 'AAAA'] as const).map(async (type) => {
        const at = performance.now()
        try {
          const r = await queryOnce(spec, { name: bare, type }, options, { signal: o.signal })
          answers[type] = r
          drafts.push(...queryDrafts(r, type, at))
        } catch (e) {
          answers[type] = null
          const w = toWireError(e)
          if (w.code === 'CANCELLED') throw e
          findings.push({ severity: 'warning', code: w.code, message: `The ${type} question to ${describeResolver(spec)} got no answer: ${w.message}`, source: SOURCE_QUERY })
        }
      })
    )
  } else {
    findings.push({ severity: 'warning', code: 'DNS_NO_RESOLVER', message: 'resolv.conf names no nameserver by address, so no DNS question was sent; only getaddrinfo answered.', source: 'resolv.conf(5)' })
  }
  const os = await gai
  const osAt = performance.now()
  const osAddresses = os.kind === 'ok' ? os.lookup.addresses.map((a) => a.address) : []
  drafts.push(osDraft(bare, os, osAt))

  const v4 = addressesOf(answers.A ?? null, 'A')
  const v6 = addressesOf(answers.AAAA ?? null, 'AAAA')
  const fromDns = [...v6, ...v4]
  // The OS's order (RFC 6724 sorting) when it knew the name and agrees with DNS; else DNS's, IPv6 first (RFC 8305 §4).
  const agreeing = osAddresses.filter((a) => fromDns.includes(a))
  let candidates: string[]
  let why: string
  if (fromDns.length === 0 && osAddresses.length > 0) {
    candidates = osAddresses
    why = `DNS gave no address, so the OS resolver's answer is used, in its order (RFC 6724 §6 destination address selection).`
  } else if (agreeing.length > 0) {
    candidates = [...agreeing, ...fromDns.filter((a) => !agreeing.includes(a))]
    why = `getaddrinfo and DNS agree; the OS's order decides (RFC 6724 §6 sorts the destinations by scope, preference and family).`
  } else {
    candidates = interleave(v6, v4)
    why =
      osAddresses.length > 0
        ? `The OS resolver answered differently (${osAddresses.join(', ')}); the walkthrough follows the DNS answer it shows.`
        : `The OS resolver does not know ${bare} (only the resolver asked here does), so the DNS answer shown is used.`
    if (v6.length && v4.length) why += ' Both families are present: IPv6 first, then alternating (Happy Eyeballs, RFC 8305 §4).'
  }
  if (candidates.length === 0) {
    const said = [answers.A, answers.AAAA].filter((r): r is QueryResult => Boolean(r))
    // NXDOMAIN: nothing exists at this name, nor below it (RFC 8020) — not merely "no address record".
    if (said.some((r) => r.message.rcodeCode === 3)) throw new WirebenchError('DNS_NXDOMAIN', `The name ${bare} does not exist: ${said[0]!.server} answered NXDOMAIN (RCODE 3, RFC 1035 §4.1.1), so there is no record of any type at it or below it (RFC 8020).`)
    const nodata = said.length === 2 && said.every((r) => r.message.rcodeCode === 0)
    throw new WirebenchError('DNS_NO_ANSWER', `The name ${bare} could not be looked up: ${nodata ? `it exists but has no A or AAAA record (NODATA, RFC 2308 §2.2).` : findings.map((f) => f.message).join(' ') || 'no A or AAAA record came back.'}`)
  }
  const resolver = spec ? { host: spec.host, port: spec.port } : null
  return {
    drafts,
    dns: { resolver: spec ? describeResolver(spec) : 'getaddrinfo', transport: answers.A?.transport ?? answers.AAAA?.transport ?? 'udp', addresses: fromDns.length ? fromDns : osAddresses, chosen: candidates[0]!, why },
    candidates,
    resolver,
    localPorts: [answers.A, answers.AAAA].flatMap((r) => (r?.attempts ?? []).map((a) => a.localPort).filter((p): p is number => typeof p === 'number')),
    findings
  }
}

function interleave(a: string[], b: string[]): string[] {
  const out: string[] = []
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i]) out.push(a[i]!)
    if (b[i]) out.push(b[i]!)
  }
  return out
}

/** The question as sent and the answer as received, each with the DNS dissector's spans. */
function queryDrafts(r: QueryResult, type: 'A' | 'AAAA', at: number): StepDraft[] {
  const sent = fromBase64(r.query)
  const got = fromBase64(r.raw)
  const attempt = r.attempts[r.attempts.length - 1]
  const port = attempt?.localPort ? ` from local port ${attempt.localPort}` : ''
  let querySpans: StepDraft['spans'] = []
  try {
    querySpans = decodeMessage(sent).spans
  } catch {
    querySpans = [{ offset: 0, length: sent.length, name: 'DNS query' }]
  }
  const found = addressesOf(r, type)
  const answerAt = at + r.timeMs
  const transport = r.transport === 'tcp' ? 'TCP (the UDP answer was truncated, RFC 7766 §5)' : 'UDP'
  return [
    {
      at,
      durationMs: r.timeMs,
      layer: 'application',
      kind: 'dns-query',
      title: `DNS query ${type} ${r.question.name} → ${r.server}`,
      from: 'client',
      to: 'resolver',
      bytesHex: hex(sent),
      spans: querySpans,
      explain: `The stub resolver asks ${r.server} for the ${type} records (${type === 'A' ? 'IPv4' : 'IPv6'} addresses) of ${r.question.name}: a ${sent.length}-byte DNS message over ${transport}${port}, ID 0x${r.message.id.toString(16).padStart(4, '0')} chosen at random (RFC 5452 §9.2), RD set so the server recurses for us. DNS is an application-layer protocol; the transport layer carries it (UDP, port 53 unless the server says otherwise, RFC 1035 §4.2.1).`,
      source: type === 'A' ? 'RFC 1035 §4.1' : 'RFC 3596 §2.1'
    },
    {
      at: answerAt,
      layer: 'application',
      kind: 'dns-answer',
      title: `DNS answer ${type}: ${found.length ? found.join(', ') : r.message.rcodeCode === 3 ? 'NXDOMAIN, the name does not exist' : r.message.rcode === 'NOERROR' ? 'no record' : r.message.rcode} (${r.timeMs} ms)`,
      from: 'resolver',
      to: 'client',
      bytesHex: hex(got),
      spans: r.message.spans,
      explain: `${r.server} answered in ${r.timeMs} ms with ${r.message.rcode}${found.length ? `: ${found.join(', ')}` : ''}.${rcodeMeaning(r, type, found.length)} The answer repeats the ID and the question so the client can match it to its query and refuse forgeries (RFC 5452 §3); each record carries a TTL saying how long it may be cached.`,
      source: 'RFC 1035 §4.1.3',
      ...(r.findings.length ? { findings: r.findings } : {})
    }
  ]
}

/** What an answer without addresses means: NXDOMAIN says the name is not there at all, NODATA only that this type is not. */
function rcodeMeaning(r: QueryResult, type: 'A' | 'AAAA', found: number): string {
  if (r.message.rcodeCode === 3) return ` NXDOMAIN: the name ${r.question.name} does not exist — no record of any type at it or below it (RFC 1035 §4.1.1, RFC 8020); the SOA in the authority section says how long that may be cached (RFC 2308 §5).`
  if (r.message.rcodeCode === 0 && found === 0) return ` NODATA: the name exists but has no ${type} record (RFC 2308 §2.2).`
  return ''
}

function osDraft(name: string, answer: OsAnswer, at: number): StepDraft {
  const base = { at, durationMs: 0, layer: 'application' as const, kind: 'os-resolver' as const, from: 'client' as const, to: 'client' as const, bytesHex: '', spans: [], source: 'RFC 3493 §6.1 (getaddrinfo)' }
  if (answer.kind === 'late') return { ...base, title: `getaddrinfo(${name}): no answer within ${GETADDRINFO_WAIT_MS / 1000} s`, explain: 'The operating system resolver (what browsers and curl use) had not answered; the walkthrough did not wait for it.' }
  if (answer.kind === 'failed') return { ...base, title: `getaddrinfo(${name}) failed`, explain: answer.message }
  const os = answer.lookup
  const list = os.addresses.map((a) => a.address)
  const how = os.fromHostsFile ? `The hosts file answered (line ${os.hostsMatches.map((m) => m.line).join(', ')}), without DNS.` : 'The OS asked its own resolvers (resolv.conf) or caches.'
  return {
    ...base,
    durationMs: os.timeMs,
    at: at - os.timeMs,
    title: list.length ? `getaddrinfo(${name}) → ${list.join(', ')}` : `getaddrinfo(${name}): ${os.error?.message ?? 'no address'}`,
    explain: `Beside the DNS packets above: what the operating system's resolver (getaddrinfo, as curl and browsers use it) answered, in its order. ${list.length ? how : (os.error?.message ?? '')}`
  }
}
