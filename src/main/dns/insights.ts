// Domain insights on the wire: asks one resolver the questions that say who runs a domain (NS, MX, A/AAAA of the
// name and www, TXT, CAA, the SPF type, _dmarc, _mta-sts, _smtp._tls), follows SPF include:/redirect= and the CAA
// tree climb (RFC 8659 §3), bounded in queries and time, then hands the records to the pure reader in shared/dns.
import { readFile } from 'node:fs/promises'
import type { z } from 'zod'
import type { insightsInput } from '../../shared/contract/dns'
import { WirebenchError } from '../../shared/errors'
import { buildInsights, type RecordSet } from '../../shared/dns/insights'
import type { DnsRecord, DomainInsights, QueryOptions, ResolverSpec } from '../../shared/dns/model'
import { checkName } from '../../shared/dns/names'
import { queryOptionsFrom } from '../../shared/dns/options'
import { line } from '../../shared/dns/policies'
import { parseResolver } from '../../shared/dns/resolvers'
import { analyseSpf, txtString, type SpfFetchResult } from '../../shared/dns/spf'
import { queryOnce } from './query'

export type InsightsInput = z.output<typeof insightsInput>

export interface InsightsContext {
  signal: AbortSignal
  progress(update: { done?: number; total?: number; message?: string }): void
}

export const INSIGHTS_LIMITS = {
  /** Questions in flight at once, so one insight run does not flood the resolver. */
  concurrency: 6,
  /** Every question of one run, SPF includes and the CAA climb included. */
  maxQueries: 80,
  /** SPF expansion: TXT queries at most (a receiver stops at 10 lookups; we go on a little to show the total). */
  spfFetches: 40,
  /** CAA tree climb: parent names asked at most. */
  caaParents: 8,
  /** The whole run. */
  budgetMs: 30_000
} as const

/** The first server in resolv.conf: a DNS message is needed, and getaddrinfo does not show one. */
async function systemDnsServer(): Promise<ResolverSpec> {
  const text = await readFile('/etc/resolv.conf', 'utf8').catch(() => '')
  const server = /^\s*nameserver\s+(\S+)/m.exec(text)?.[1]
  if (!server) throw new WirebenchError('DNS_BAD_RESOLVER', 'No resolver was given and /etc/resolv.conf names no nameserver: give one, such as 127.0.0.1 or https://dns.example/dns-query.')
  return parseResolver(server.replace(/%.*$/, ''), 'udp')
}

/** A counting semaphore, so questions go out a few at a time in the order they were asked. */
function limiter(n: number): <T>(work: () => Promise<T>) => Promise<T> {
  let active = 0
  const waiting: (() => void)[] = []
  return async <T>(work: () => Promise<T>): Promise<T> => {
    if (active >= n) await new Promise<void>((resolve) => waiting.push(resolve))
    active++
    try {
      return await work()
    } finally {
      active--
      waiting.shift()?.()
    }
  }
}

export async function domainInsights(input: InsightsInput, ctx: InsightsContext): Promise<DomainInsights> {
  const started = performance.now()
  const name = checkName(input.name).ascii.toLowerCase()
  if (name === '.') throw new WirebenchError('DNS_BAD_NAME', 'Insights need a domain name, not the root.')
  const first = input.resolvers[0]
  const parsed = first === undefined ? null : parseResolver(first, 'udp')
  const resolver = parsed === null || parsed.transport === 'system' ? await systemDnsServer() : parsed
  const options: QueryOptions = queryOptionsFrom(input.options)
  const budget = AbortSignal.timeout(INSIGHTS_LIMITS.budgetMs)
  const signal = AbortSignal.any([ctx.signal, budget])
  const run = limiter(INSIGHTS_LIMITS.concurrency)
  const cache = new Map<string, Promise<RecordSet>>()
  let asked = 0
  let done = 0
  let total = 0

  const ask = (owner: string, type: string): Promise<RecordSet> => {
    const key = `${owner.toLowerCase()}|${type}`
    const hit = cache.get(key)
    if (hit) return hit
    total++
    const p = run(async (): Promise<RecordSet> => {
      if (ctx.signal.aborted) throw new WirebenchError('CANCELLED')
      if (budget.aborted) return { name: owner, type, records: [], rcode: '', error: `the ${INSIGHTS_LIMITS.budgetMs / 1000} s budget for insights ran out` }
      if (++asked > INSIGHTS_LIMITS.maxQueries) return { name: owner, type, records: [], rcode: '', error: `not asked: insights stop after ${INSIGHTS_LIMITS.maxQueries} questions` }
      try {
        const r = await queryOnce(resolver, { name: owner, type }, options, { signal, spans: false })
        // RFC 7208 §4.4: only NOERROR and NXDOMAIN are answers; any other rcode is a failed lookup (temperror).
        const failed = r.message.rcode !== 'NOERROR' && r.message.rcode !== 'NXDOMAIN'
        return { name: owner, type, records: r.message.answers, rcode: r.message.rcode, error: failed ? `the server answered ${r.message.rcode}` : null }
      } catch (e) {
        if (ctx.signal.aborted) throw new WirebenchError('CANCELLED')
        return { name: owner, type, records: [], rcode: '', error: e instanceof Error ? e.message : String(e) }
      } finally {
        done++
        ctx.progress({ done, total, message: `Asked ${done} of ${total} questions about ${name.replace(/\.$/, '')}…` })
      }
    })
    cache.set(key, p)
    return p
  }

  const www = `www.${name}`
  const basic: [string, string][] = [
    [name, 'NS'], [name, 'MX'], [name, 'A'], [name, 'AAAA'], [name, 'TXT'], [name, 'CAA'], [name, 'SPF'],
    [www, 'A'], [www, 'AAAA'], [`_dmarc.${name}`, 'TXT'], [`_mta-sts.${name}`, 'TXT'], [`_smtp._tls.${name}`, 'TXT']
  ]
  const sets = await Promise.all(basic.map(([owner, type]) => ask(owner, type)))
  if (sets.every((s) => s.error !== null)) {
    throw new WirebenchError('DNS_NO_ANSWER', `${first ?? resolver.host} answered none of the questions about ${name.replace(/\.$/, '')}: ${sets[0]!.error}`)
  }

  // SPF: the name's TXT answer is already here; includes and redirects are asked through the same cache.
  const fetchTxt = async (domain: string): Promise<SpfFetchResult> => {
    const owner = domain.replace(/\.?$/, '.')
    const s = await ask(owner, 'TXT')
    if (s.error !== null) return { texts: [], lines: [], rcode: s.rcode, error: s.error }
    const txt = s.records.filter((r) => r.type === 'TXT' && r.name.toLowerCase() === owner.toLowerCase())
    return { texts: txt.map((r) => txtString(r.data)), lines: txt.map(line), rcode: s.rcode, error: null }
  }
  const txtAtName = sets[4]!
  const spf = txtAtName.error === null ? await analyseSpf(name, fetchTxt, { maxDepth: 10, maxFetches: INSIGHTS_LIMITS.spfFetches }) : null
  const caa = await caaClimb(name, sets[5]!, ask)
  if (ctx.signal.aborted) throw new WirebenchError('CANCELLED')
  // Only the name's own questions are read for claims: an include's TXT holds no verification of this domain.
  return { ...buildInsights({ name, sets, spf, caa }), timeMs: Math.round(performance.now() - started) }
}

/** RFC 8659 §3: the CAA set that applies is the name's own, or else its closest ancestor's (not the root's). */
async function caaClimb(name: string, own: RecordSet, ask: (owner: string, type: string) => Promise<RecordSet>): Promise<{ owner: string | null; records: DnsRecord[] } | null> {
  const caaOf = (s: RecordSet): DnsRecord[] => s.records.filter((r) => r.type === 'CAA')
  if (own.error !== null) return null
  if (caaOf(own).length > 0) return { owner: name, records: caaOf(own) }
  const labels = name.replace(/\.$/, '').split('.')
  for (let i = 1; i < labels.length && i <= INSIGHTS_LIMITS.caaParents; i++) {
    const parent = labels.slice(i).join('.') + '.'
    const s = await ask(parent, 'CAA')
    // A parent nobody answers for (REFUSED, a timeout) says nothing: stop rather than guess.
    if (s.error !== null || (s.rcode !== 'NOERROR' && s.rcode !== 'NXDOMAIN')) break
    if (caaOf(s).length > 0) return { owner: parent, records: caaOf(s) }
  }
  return { owner: null, records: [] }
}
