// Trace from the root (what `dig +trace` shows, done as a resolver does it): iterative resolution per RFC 1034
// §5.3.3 from root hints, one step per zone asked, every server tried in turn with why it was left (timeout, REFUSED,
// lame), referrals with their glue, glueless NS names looked up by a nested trace, CNAME/DNAME chains followed across
// zones. Bounded in steps, queries, CNAME hops, nesting depth and total time; cancelled through the job's signal.
import { readFileSync } from 'node:fs'
import type { z } from 'zod'
import type { traceInput } from '../../shared/contract/dns'
import type { DnsRecord, QueryOptions, QueryResult, TraceResult, TraceStep } from '../../shared/dns/model'
import { canonicalName, checkName } from '../../shared/dns/names'
import { queryOptionsFrom } from '../../shared/dns/options'
import { parseRootHints, rootHintsInfo } from '../../shared/dns/root-hints'
import { typeCode, typeName } from '../../shared/dns/types'
import { WirebenchError, type ErrorCode } from '../../shared/errors'
import { resourcePath } from '../resources'
import { queryOnce } from './query'
import { classify, isUnder, stepWords, tidy } from './trace-classify'

export type TraceInput = z.output<typeof traceInput>

export interface TraceContext {
  signal: AbortSignal
  progress?: (update: { done?: number; total?: number; message?: string }) => void
  /** Tighter limits (tests); never looser than TRACE_LIMITS. */
  limits?: Partial<TraceLimits>
}

export interface TraceLimits {
  steps: number
  queries: number
  cnameHops: number
  nestingDepth: number
  totalMs: number
}

export const TRACE_LIMITS: TraceLimits = {
  steps: 30,
  queries: 60,
  /** CNAME/DNAME hops over the whole trace (RFC 1034 §3.6.2 asks resolvers to bound them). */
  cnameHops: 8,
  /** Glueless NS names resolved inside a trace inside a trace… */
  nestingDepth: 2,
  totalMs: 60_000
}

interface Server {
  name: string
  /** Empty for an NS name that came without glue. */
  addresses: string[]
}

/** A failure that ends the trace but keeps its steps: the result says what went wrong. */
class Stop extends Error {
  constructor(readonly code: ErrorCode, message: string) {
    super(tidy(message))
  }
}

class Tracer {
  readonly steps: TraceStep[] = []
  queries = 0
  cnameHops = 0
  /** Zone cuts learnt from referrals (and the root from the hints): where a CNAME target's resolution starts. */
  readonly cuts = new Map<string, Server[]>()
  private readonly started = performance.now()
  /** The whole trace's time budget, also cutting short a query in flight; the user's cancel is told apart. */
  private readonly deadline: AbortSignal
  private readonly signal: AbortSignal
  private readonly limits: TraceLimits

  constructor(
    private readonly options: QueryOptions,
    private readonly port: number,
    private readonly ctx: TraceContext
  ) {
    const l = ctx.limits ?? {}
    const min = (k: keyof TraceLimits): number => Math.min(TRACE_LIMITS[k], l[k] ?? Infinity)
    this.limits = { steps: min('steps'), queries: min('queries'), cnameHops: min('cnameHops'), nestingDepth: min('nestingDepth'), totalMs: min('totalMs') }
    this.deadline = AbortSignal.timeout(this.limits.totalMs)
    this.signal = AbortSignal.any([ctx.signal, this.deadline])
  }

  private checkBudget(): void {
    if (this.ctx.signal.aborted) throw new WirebenchError('CANCELLED', undefined, 'The trace was cancelled.')
    if (this.steps.length >= this.limits.steps) throw new Stop('DNS_TRACE_FAILED', `The trace stopped after ${this.limits.steps} steps, its limit: the delegation chain is too long or loops.`)
    if (this.queries >= this.limits.queries) throw new Stop('DNS_TRACE_FAILED', `The trace stopped after ${this.limits.queries} queries, its limit: too many servers failed or the delegations loop.`)
    if (this.deadline.aborted || performance.now() - this.started > this.limits.totalMs) throw this.overTime()
  }

  private overTime(): Stop {
    return new Stop('TIMEOUT', `The trace took longer than ${this.limits.totalMs / 1000} s, its limit, and was stopped.`)
  }

  private push(step: TraceStep): void {
    this.steps.push(step)
    this.ctx.progress?.({ done: this.steps.length, message: step.zone })
  }

  /** The deepest zone cut we know that holds `name`. */
  closestCut(name: string): { zone: string; servers: Server[] } {
    let best = '.'
    for (const zone of this.cuts.keys()) if (isUnder(name, zone) && zone.length > best.length) best = zone
    return { zone: best, servers: this.cuts.get(best) ?? [] }
  }

  /** Resolves (qname, qtype) from the closest known cut; returns the final records, the chain and the rcode. */
  async resolve(qname: string, qtype: string, depth: number): Promise<{ records: DnsRecord[]; rcode: string }> {
    const collected: DnsRecord[] = []
    const seenNames = new Set<string>([canonicalName(qname)])
    let name = qname
    let { zone, servers } = this.closestCut(name)
    for (;;) {
      const step = await this.askZone(zone, servers, name, qtype, depth)
      const c = step.classified
      if ('chain' in c) collected.push(...c.chain)
      switch (c.kind) {
        case 'answer':
          return { records: [...collected, ...c.records], rcode: 'NOERROR' }
        case 'nxdomain':
          return { records: collected, rcode: 'NXDOMAIN' }
        case 'nodata':
          return { records: collected, rcode: 'NOERROR' }
        case 'referral': {
          // IPv4 first: many machines have no IPv6 route, and a failed send costs a whole try.
          const next = c.ns.map((ns) => ({ name: ns, addresses: c.glue.filter((g) => g.name === ns).map((g) => g.address).sort((a, b) => Number(a.includes(':')) - Number(b.includes(':'))) }))
          this.cuts.set(c.zone, next)
          zone = c.zone
          servers = next
          break
        }
        case 'cname': {
          this.cnameHops += c.chain.filter((r) => r.type === 'CNAME').length
          if (this.cnameHops > this.limits.cnameHops) throw new Stop('DNS_TRACE_FAILED', `The trace followed ${this.limits.cnameHops} CNAMEs, its limit (RFC 1034 §3.6.2): the chain is too long.`)
          const target = canonicalName(c.target)
          if (c.loop) throw new Stop('DNS_TRACE_FAILED', `The CNAME chain loops: ${c.chain.map((r) => r.name).join(' → ')} → ${c.target}.`)
          if (seenNames.has(target)) throw new Stop('DNS_TRACE_FAILED', `The CNAME chain loops: ${c.target} was already visited (${[...seenNames].join(' → ')}).`)
          seenNames.add(target)
          name = c.target
          ;({ zone, servers } = this.closestCut(name))
          break
        }
      }
    }
  }

  /** Asks the zone's servers in turn until one answers usefully; a step either way. */
  private async askZone(zone: string, servers: Server[], qname: string, qtype: string, depth: number): Promise<TraceStep & { classified: Exclude<ReturnType<typeof classify>, { kind: 'skip' }> }> {
    this.checkBudget()
    const tried: TraceStep['servers'] = []
    // Servers with addresses first; glueless ones only when those fail (as resolvers do, RFC 1034 §5.3.3 step 3).
    const queue = [...servers.filter((s) => s.addresses.length > 0), ...servers.filter((s) => s.addresses.length === 0)]
    for (const server of queue) {
      let addresses = server.addresses
      if (addresses.length === 0) addresses = await this.addressesOf(server.name, zone, depth, tried)
      for (const address of addresses) {
        this.checkBudget()
        this.queries++
        const t0 = performance.now()
        let result: QueryResult
        try {
          result = await queryOnce({ transport: 'udp', host: address, port: this.port }, { name: qname, type: qtype }, this.options, { signal: this.signal, spans: false })
        } catch (err) {
          if (this.ctx.signal.aborted) throw new WirebenchError('CANCELLED', undefined, 'The trace was cancelled.')
          if (this.deadline.aborted) throw this.overTime()
          tried.push({ name: server.name, address, timeMs: round(performance.now() - t0), outcome: failureWords(err, this.options) })
          continue
        }
        const classified = classify(result.message, zone, qname, qtype)
        if (classified.kind === 'skip') {
          tried.push({ name: server.name, address, timeMs: result.timeMs, outcome: classified.outcome })
          continue
        }
        tried.push({ name: server.name, address, timeMs: result.timeMs, outcome: classified.kind === 'referral' ? `referral to ${classified.zone}` : 'answered' })
        const by = `${server.name} (${address})`
        const step = {
          zone,
          qname,
          qtype,
          servers: tried,
          answeredBy: { name: server.name, address },
          kind: classified.kind,
          referral: classified.kind === 'referral' ? { zone: classified.zone, ns: classified.ns, glue: classified.glue } : null,
          result,
          words: stepWords(classified, zone, qname, qtype, by),
          ...(depth > 0 ? { depth } : {}),
          classified
        }
        this.push(withoutClassified(step))
        return step
      }
    }
    const words = tidy(
      queue.length === 0
        ? `No server of ${zone} has a usable address, so ${qname} could not be asked.`
        : `None of the ${tried.length} server address(es) of ${zone} answered usefully: ${tried.map((t) => `${t.name} (${t.address}) ${t.outcome}`).join('; ')}.`
    )
    this.push({ zone, qname, qtype, servers: tried, answeredBy: null, kind: 'error', referral: null, result: null, words, ...(depth > 0 ? { depth } : {}) })
    throw new Stop('DNS_TRACE_FAILED', words)
  }

  /** A glueless NS name: a nested trace for its A (then AAAA) records, shown as steps of their own. */
  private async addressesOf(nsName: string, zone: string, depth: number, tried: TraceStep['servers']): Promise<string[]> {
    // An NS name inside the zone it serves cannot be found without glue (RFC 1034 §4.2.1): the chain has no start.
    if (depth >= this.limits.nestingDepth || isUnder(nsName, zone)) {
      tried.push({ name: nsName, address: '', timeMs: null, outcome: depth >= this.limits.nestingDepth ? 'skipped: no glue, and look-ups are nested too deep' : `skipped: no glue, and the name lies inside ${zone} itself` })
      return []
    }
    const out: string[] = []
    for (const type of ['A', 'AAAA']) {
      try {
        const r = await this.resolve(nsName, type, depth + 1)
        out.push(...r.records.filter((x) => x.type === type).map((x) => x.data))
      } catch (err) {
        if (!(err instanceof Stop)) throw err
      }
      if (out.length > 0) break
    }
    if (out.length === 0) tried.push({ name: nsName, address: '', timeMs: null, outcome: 'skipped: no glue, and its address could not be found' })
    return out
  }
}

const round = (n: number): number => Math.round(n * 100) / 100

const withoutClassified = ({ classified: _c, ...step }: TraceStep & { classified: unknown }): TraceStep => step

function failureWords(err: unknown, options: QueryOptions): string {
  if (err instanceof WirebenchError && err.code === 'DNS_NO_ANSWER') {
    const tries = options.retries + 1
    return /Could not/.test(err.message) ? err.message : `timed out: no answer in ${options.timeoutMs} ms${tries > 1 ? ` (${tries} tries)` : ''}`
  }
  return err instanceof Error ? err.message : String(err)
}

/** The bundled IANA root hints and how to name them in a result (also for the DNSSEC walk). */
export function bundledRootHints(): { text: string; label: string } {
  const text = readFileSync(resourcePath('dns', 'named.root'), 'utf8')
  const info = rootHintsInfo(text)
  return { text, label: `bundled (IANA named.root, ${info.lastUpdate ?? 'undated'}${info.rootZoneVersion ? `, root zone ${info.rootZoneVersion}` : ''})` }
}

/** Resolves input.name/type iteratively from the root hints; failures after the start come back in `error`. */
export async function trace(input: TraceInput, ctx: TraceContext): Promise<TraceResult> {
  const started = performance.now()
  const { ascii } = checkName(input.name)
  const type = typeName(typeCode(input.type))
  const hints = input.rootHints === undefined ? bundledRootHints() : { text: input.rootHints, label: 'your root hints file' }
  const roots = parseRootHints(hints.text)
  const rootServers: Server[] = []
  for (const h of roots) {
    const s = rootServers.find((x) => x.name === h.name)
    if (s) s.addresses.push(h.address)
    else rootServers.push({ name: h.name, addresses: [h.address] })
  }
  // Iterative: RD off, as a resolver asks authoritative servers (RFC 1034 §5.3.3); the user's EDNS, DO and timeouts.
  const options: QueryOptions = { ...queryOptionsFrom(input.options), rd: false }
  const tracer = new Tracer(options, input.port, ctx)
  tracer.cuts.set('.', rootServers)
  const label = input.rootHints === undefined ? hints.label : `${hints.label} (${rootServers.length} server(s))`
  const base = { name: ascii, type, rootHints: label }
  try {
    const { records, rcode } = await tracer.resolve(ascii, type, 0)
    return { ...base, steps: tracer.steps, answers: records, rcode, timeMs: round(performance.now() - started), error: null }
  } catch (err) {
    if (!(err instanceof Stop)) throw err
    return { ...base, steps: tracer.steps, answers: [], rcode: 'SERVFAIL', timeMs: round(performance.now() - started), error: { code: err.code, message: err.message } }
  }
}
