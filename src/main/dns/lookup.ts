// dig for the DNS tab and the CLI: one name, several types (or "ALL"), several resolvers side by side, asked in
// parallel with a bound; each (resolver, type) is an item with its answer or its error as a value, and the
// differences between resolvers are said in words. Transport 'system' is getaddrinfo (addresses only).
import type { z } from 'zod'
import { WirebenchError, toWireError } from '../../shared/errors'
import type { lookupInput } from '../../shared/contract/dns'
import type { Lookup, LookupItem, ResolverSpec } from '../../shared/dns/model'
import { checkName } from '../../shared/dns/names'
import { reverseName } from '../../shared/dns/reverse'
import { COMMON_TYPES, typeCode } from '../../shared/dns/types'
import { parseResolver } from '../../shared/dns/resolvers'
import { queryOptionsFrom } from '../../shared/dns/options'
import type { JobContext } from '../core/jobs'
import { queryOnce, type QueryContext } from './query'
import { getaddrinfoLookup, systemResolver } from './system'
import { computeDifferences } from './compare'

/** Queries in flight at once for one lookup (17 types × 8 resolvers would otherwise be 136 sockets). */
const CONCURRENCY = 8

interface Target {
  /** As the user gave it (and for "system", which server it became). */
  label: string
  spec: ResolverSpec | null
  /** Why this resolver cannot be asked at all (e.g. resolv.conf has no server). */
  error: WirebenchError | null
}

/** AXFR/IXFR are not questions with an answer but zone transfers: many messages over TCP (RFC 5936 §4, RFC 1995). */
const ZONE_TRANSFER = 'A zone transfer (AXFR, RFC 5936; IXFR, RFC 1995) needs TCP and many messages; Wirebench does not transfer zones. Ask for the types you want (SOA, NS, A…) instead.'

function typesOf(given: string[], reverse: boolean): string[] {
  const out: string[] = []
  for (const t of given.length ? given : [reverse ? 'PTR' : 'A']) {
    const upper = t.trim().toUpperCase()
    for (const x of upper === 'ALL' ? COMMON_TYPES : [upper]) {
      typeCode(x)
      if (x === 'AXFR' || x === 'IXFR') throw new WirebenchError('DNS_BAD_TYPE', ZONE_TRANSFER)
      if (!out.includes(x)) out.push(x)
    }
  }
  return out
}

// A resolver's text → spec is pure and the same for every line of a `-f` file: remembered (a few hundred at most).
const specs = new Map<string, ResolverSpec>()
function resolverSpec(text: string, transport: z.output<typeof lookupInput>['transport'], dohMethod: 'GET' | 'POST'): ResolverSpec {
  const key = `${transport} ${dohMethod} ${text}`
  const known = specs.get(key)
  if (known) return known
  const spec = parseResolver(text, transport, dohMethod)
  if (specs.size >= 256) specs.clear()
  specs.set(key, spec)
  return spec
}

/** Resolvers that are all addresses or URLs need no file read: their targets at once (every line of a -f file). */
function plainTargets(input: z.output<typeof lookupInput>): Target[] | null {
  if (input.resolvers.length === 0) return null
  const out: Target[] = []
  for (const text of input.resolvers) {
    const spec = resolverSpec(text, input.transport, input.dohMethod)
    if (spec.transport === 'system') return null
    out.push({ label: text, spec, error: null })
  }
  return out
}

async function targetsOf(input: z.output<typeof lookupInput>): Promise<Target[]> {
  const out: Target[] = []
  for (const text of input.resolvers.length ? input.resolvers : ['system']) {
    const spec = resolverSpec(text, input.transport, input.dohMethod)
    if (spec.transport !== 'system') {
      out.push({ label: text, spec, error: null })
      continue
    }
    // "system" as a resolver: the servers resolv.conf names, asked directly (DoH has no address to reuse).
    const conf = (await systemResolver()).resolvConf
    const servers = (conf?.nameservers ?? []).slice(0, 3)
    if (servers.length === 0) {
      out.push({ label: text, spec: null, error: new WirebenchError('DNS_BAD_RESOLVER', 'resolv.conf names no nameserver, so "system" has no server to ask.') })
      continue
    }
    const transport = input.transport === 'tcp' || input.transport === 'tls' ? input.transport : 'udp'
    for (const s of servers) {
      try {
        out.push({ label: `system (${s})`, spec: parseResolver(s, transport), error: null })
      } catch (err) {
        out.push({ label: `system (${s})`, spec: null, error: err instanceof WirebenchError ? err : new WirebenchError('DNS_BAD_RESOLVER') })
      }
    }
  }
  return out
}

/** Runs tasks with at most `limit` in flight, in order of submission. */
async function bounded<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const i = next++
      results[i] = await tasks[i]!()
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker))
  return results
}

const errorValue = (err: unknown): LookupItem['error'] => {
  const w = toWireError(err)
  return w.detail === undefined ? { code: w.code, message: w.message } : { code: w.code, message: w.message, detail: w.detail }
}

/** `engine.spans: false` leaves the answers' byte spans out (the CLI prints records, never the packet view). */
export async function lookup(input: z.output<typeof lookupInput>, ctx: JobContext, engine: Pick<QueryContext, 'spans'> = {}): Promise<Lookup> {
  let name: string
  let idna: Lookup['idna'] = null
  let reverse: Lookup['reverse'] = null
  if (input.reverse) {
    name = reverseName(input.name.trim())
    reverse = { address: input.name.trim(), name }
  } else {
    const checked = checkName(input.name)
    name = checked.ascii
    if (checked.unicode) idna = { unicode: checked.unicode, ascii: checked.ascii }
  }
  const types = typesOf(input.types, input.reverse)
  const options = queryOptionsFrom(input.options)

  if (input.transport === 'system') {
    const other = types.filter((t) => t !== 'A' && t !== 'AAAA')
    if (other.length) {
      throw new WirebenchError('INVALID_INPUT', `The system resolver (getaddrinfo) returns addresses only, so it can answer A and AAAA but not ${other.join(', ')}; ask a DNS server for those.`)
    }
    const items: LookupItem[] = []
    for (const type of types) {
      if (ctx.signal.aborted) throw new WirebenchError('CANCELLED')
      const system = await getaddrinfoLookup({ name, family: type === 'A' ? 4 : 6, compare: false })
      items.push({ resolver: 'system (getaddrinfo)', type, result: null, error: system.error, system })
    }
    return { name, idna, reverse, items, differences: [] }
  }

  const targets = plainTargets(input) ?? (await targetsOf(input))
  const total = targets.length * types.length
  let done = 0
  ctx.progress({ done, total, message: `Asking ${targets.length} resolver(s) for ${types.join(', ')}` })
  const tasks = targets.flatMap((target) =>
    types.map((type) => async (): Promise<LookupItem> => {
      const item: LookupItem = { resolver: target.label, type, result: null, error: null }
      try {
        if (!target.spec) throw target.error ?? new WirebenchError('DNS_BAD_RESOLVER')
        item.result = await queryOnce(target.spec, { name, type }, options, { signal: ctx.signal, verify: input.verify, ...(input.caPem ? { caPem: input.caPem } : {}), ...(engine.spans === false ? { spans: false } : {}) })
      } catch (err) {
        item.error = errorValue(err)
      }
      done++
      ctx.progress({ done, total, message: `${type} from ${target.label}: ${item.result ? item.result.message.rcode : item.error?.code}` })
      return item
    })
  )
  // One type from one resolver (every line of a -f file) needs no workers.
  const items = tasks.length === 1 ? [await (tasks[0] as () => Promise<LookupItem>)()] : await bounded(tasks, CONCURRENCY)
  if (ctx.signal.aborted) throw new WirebenchError('CANCELLED', undefined, `Cancelled after ${done} of ${total} queries.`)
  return { name, idna, reverse, items, differences: computeDifferences(items) }
}
