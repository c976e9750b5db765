// lookup as the DNS tab and the CLI use it: several resolvers side by side (two knotd that disagree, one silent),
// "ALL" types, reverse names, IDNA, the getaddrinfo transport, per-item errors as values, progress and cancelling.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type LookupInput, lookupInput } from '../../shared/contract/dns'
import { COMMON_TYPES } from '../../shared/dns/types'
import { type KnotServer, startKnot } from '../testing/knot'
import { EVERY_TYPE_ORIGIN, EVERY_TYPE_ZONE } from '../testing/dns-zones'
import { type HostileDns, startHostileDns } from '../testing/dns-hostile'
import type { JobContext } from '../core/jobs'
import { lookup } from './lookup'

let a: KnotServer
let b: KnotServer
let silent: HostileDns
beforeAll(async () => {
  // The second server has a shorter TTL and one more address: what a stale or split view looks like.
  const other = EVERY_TYPE_ZONE.replace('$TTL 3600', '$TTL 60').replace('@        IN A     192.0.2.10', '@        IN A     192.0.2.10\n@        IN A     192.0.2.11')
  ;[a, b, silent] = await Promise.all([
    startKnot({ zones: [{ origin: EVERY_TYPE_ORIGIN, text: EVERY_TYPE_ZONE }] }),
    startKnot({ zones: [{ origin: EVERY_TYPE_ORIGIN, text: other }] }),
    startHostileDns('silent')
  ])
}, 20_000)
afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop(), silent?.stop()])
})

const fastOptions = { timeoutMs: 300, retries: 0 }
function ctx(signal = new AbortController().signal): JobContext & { updates: { done?: number; total?: number }[] } {
  const updates: { done?: number; total?: number }[] = []
  return { signal, updates, progress: (u) => updates.push(u) }
}
const run = (input: LookupInput, c = ctx()) => lookup(lookupInput.parse(input), c)
const at = (s: { address: string; port: number }): string => `${s.address}:${s.port}`

describe('lookup', () => {
  it('asks several resolvers side by side and says where they differ', async () => {
    const r = await run({ name: EVERY_TYPE_ORIGIN, types: ['A'], resolvers: [at(a), at(b)], options: fastOptions })
    expect(r.items.map((i) => [i.resolver, i.type, i.result?.message.answers.length])).toEqual([
      [at(a), 'A', 1],
      [at(b), 'A', 2]
    ])
    expect(r.differences).toContain(`A: the answers differ — only ${at(b)} gives 192.0.2.11. (Round-robin, geo-DNS, a stale cache or a filtering resolver can each explain it.)`)
    expect(r.differences.find((d) => d.startsWith('A: TTLs differ'))).toMatch(/192\.0\.2\.10: 3600 s vs 60 s/)
  })

  it('keeps a failing resolver as an item error, next to the answers', async () => {
    const c = ctx()
    const r = await run({ name: EVERY_TYPE_ORIGIN, types: ['A', 'MX'], resolvers: [at(a), at(silent)], options: fastOptions }, c)
    expect(r.items).toHaveLength(4)
    const failed = r.items.filter((i) => i.error)
    expect(failed.map((i) => [i.resolver, i.error?.code])).toEqual([
      [at(silent), 'DNS_NO_ANSWER'],
      [at(silent), 'DNS_NO_ANSWER']
    ])
    expect(r.differences.some((d) => d.includes(`but ${at(silent)} failed (DNS_NO_ANSWER`))).toBe(true)
    expect(c.updates.at(-1)).toMatchObject({ done: 4, total: 4 })
  })

  it('fires every common type for ALL', async () => {
    const r = await run({ name: EVERY_TYPE_ORIGIN, types: ['ALL'], resolvers: [at(a)], transport: 'tcp', options: fastOptions })
    expect(r.items.map((i) => i.type)).toEqual([...COMMON_TYPES])
    expect(r.items.every((i) => i.result !== null)).toBe(true)
    expect(r.items.find((i) => i.type === 'CAA')!.result!.message.answers).toHaveLength(3)
  })

  it('asks PTR for the reverse name of an address', async () => {
    const r = await run({ name: '192.0.2.1', reverse: true, resolvers: [at(a)], options: fastOptions })
    expect(r.reverse).toEqual({ address: '192.0.2.1', name: '1.2.0.192.in-addr.arpa.' })
    expect(r.items[0]!.type).toBe('PTR')
    expect(r.items[0]!.result?.question.name).toBe('1.2.0.192.in-addr.arpa.')
  })

  it('shows the IDNA form it sent for a Unicode name', async () => {
    const r = await run({ name: `bücher.${EVERY_TYPE_ORIGIN}`, resolvers: [at(a)], options: fastOptions })
    expect(r.idna?.ascii).toMatch(/^xn--bcher-kva\.every\.test\.?$/)
    expect(r.items[0]!.result?.message.rcode).toBe('NXDOMAIN')
  })

  it('uses getaddrinfo for transport system, addresses only', async () => {
    const r = await run({ name: 'localhost', types: ['A'], transport: 'system' })
    expect(r.items[0]!.result).toBeNull()
    expect(r.items[0]!.system?.addresses).toContainEqual({ address: '127.0.0.1', family: 4 })
    await expect(run({ name: 'localhost', types: ['MX'], transport: 'system' })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/can answer A and AAAA but not MX/) })
  })

  it('refuses a bad resolver, type or name as input errors', async () => {
    await expect(run({ name: 'x.test', resolvers: ['300.1.1.1'] })).rejects.toMatchObject({ code: 'DNS_BAD_RESOLVER' })
    await expect(run({ name: 'x.test', types: ['NOPE'], resolvers: [at(a)] })).rejects.toMatchObject({ code: 'DNS_BAD_TYPE' })
    await expect(run({ name: 'a..b', resolvers: [at(a)] })).rejects.toMatchObject({ code: 'DNS_BAD_NAME' })
  })

  it('stops when cancelled', async () => {
    const controller = new AbortController()
    const t0 = Date.now()
    const p = run({ name: 'x.test', types: ['A', 'AAAA'], resolvers: [at(silent)], options: { timeoutMs: 10_000 } }, ctx(controller.signal))
    setTimeout(() => controller.abort(), 100)
    await expect(p).rejects.toMatchObject({ code: 'CANCELLED' })
    expect(Date.now() - t0).toBeLessThan(1500)
  })
})
