// The trace against a real three-level hierarchy (knotd for ".", "test.", "example.test." and more on 127.0.53.x:53):
// the steps a user reads, the lame and dead servers tried in turn, CNAME/DNAME across zones, glueless NS, NXDOMAIN,
// NODATA, cancellation and bad root hints; final answers checked against dig asking the authoritative server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { traceInput } from '../../shared/contract/dns'
import { WirebenchError } from '../../shared/errors'
import { parseRootHints, rootHintsInfo } from '../../shared/dns/root-hints'
import { resourcePath } from '../resources'
import { HIERARCHY, startHierarchy, type Hierarchy } from '../testing/dns-hierarchy'
import { hasKnot } from '../testing/knot'
import { bundledRootHints, trace } from './trace'

const BASE = '127.0.53'
/** Nothing listens here: a dead server. */
const DEAD = `${BASE}.9`

const digShort = (server: string, name: string, type: string): string[] =>
  execFileSync('dig', ['+short', '+norec', '+time=2', '+tries=1', `@${server}`, name, type], { encoding: 'utf8' }).trim().split('\n').filter(Boolean)

function run(h: Hierarchy, name: string, type = 'A', extra: Record<string, unknown> = {}, signal = new AbortController().signal, progress: string[] = []) {
  const input = traceInput.parse({ name, type, rootHints: h.rootHints, port: h.port, options: { timeoutMs: 1000, retries: 0 }, ...extra })
  return trace(input, { signal, progress: (p) => progress.push(p.message ?? '') })
}

describe('root hints', () => {
  it('reads the bundled IANA named.root: 13 root servers, IPv4 and IPv6, with its date', () => {
    const text = readFileSync(resourcePath('dns', 'named.root'), 'utf8')
    const hints = parseRootHints(text)
    expect(new Set(hints.map((h) => h.name)).size).toBe(13)
    expect(hints).toHaveLength(26)
    expect(hints[0]).toEqual({ name: 'a.root-servers.net.', address: '198.41.0.4', family: 4 })
    expect(hints.filter((h) => h.family === 6)).toHaveLength(13)
    expect(rootHintsInfo(text)).toEqual({ lastUpdate: 'April 18, 2024', rootZoneVersion: '2024041801' })
    expect(bundledRootHints().label).toBe('bundled (IANA named.root, April 18, 2024, root zone 2024041801)')
  })

  it('refuses hints without a usable server, saying why', () => {
    expect(() => parseRootHints('; nothing here\n')).toThrow(/no "\. NS" record/)
    const noGlue = '. 3600000 NS a.root.test.\nb.root.test. 3600000 A 192.0.2.1\na.root.test. A 300.1.1.1\n'
    try {
      parseRootHints(noGlue)
      expect.unreachable()
    } catch (err) {
      expect(err).toBeInstanceOf(WirebenchError)
      expect((err as WirebenchError).code).toBe('DNS_BAD_ROOT_HINTS')
      expect((err as WirebenchError).message).toMatch(/none of its 1 root server name\(s\) has an A or AAAA/)
    }
  })
})

describe.runIf(hasKnot())('trace through a local hierarchy', () => {
  let h: Hierarchy
  beforeAll(async () => {
    h = await startHierarchy({ base: BASE })
  })
  afterAll(async () => {
    await h?.stop()
  })

  it('walks ., test., example.test. (lame server first), then follows the CNAME into other.test.', async () => {
    const progress: string[] = []
    const r = await run(h, 'www.example.test', 'A', {}, undefined, progress)
    expect(r.error).toBeNull()
    expect(r.rootHints).toMatch(/your root hints file \(1 server/)
    expect(r.steps.map((s) => [s.zone, s.qname, s.kind])).toEqual([
      ['.', 'www.example.test.', 'referral'],
      ['test.', 'www.example.test.', 'referral'],
      ['example.test.', 'www.example.test.', 'cname'],
      ['test.', 'web.other.test.', 'referral'],
      ['other.test.', 'web.other.test.', 'answer']
    ])
    expect(progress).toEqual(['.', 'test.', 'example.test.', 'test.', 'other.test.'])
    const [root, tld, domain] = r.steps
    expect(root!.referral).toEqual({ zone: 'test.', ns: ['ns.test.'], glue: [{ name: 'ns.test.', address: h.addresses.tld }] })
    expect(tld!.referral!.ns).toEqual(['ns0.example.test.', 'ns1.example.test.'])
    expect(tld!.words).toMatch(/delegates example\.test\. to ns0\.example\.test\., ns1\.example\.test\..*glue/)
    // The lame server was tried first and named lame; the good one answered.
    expect(domain!.servers).toHaveLength(2)
    expect(domain!.servers[0]).toMatchObject({ name: 'ns0.example.test.', address: h.addresses.lame, outcome: expect.stringMatching(/REFUSED.*lame/) })
    expect(domain!.servers[1]).toMatchObject({ name: 'ns1.example.test.', address: h.addresses.domain, outcome: 'answered' })
    expect(domain!.answeredBy).toEqual({ name: 'ns1.example.test.', address: h.addresses.domain })
    expect(domain!.words).toMatch(/www\.example\.test\. is an alias \(CNAME\) for web\.other\.test\./)
    expect(r.rcode).toBe('NOERROR')
    // The final answer is what the authoritative servers say (dig asking them directly).
    expect(r.answers.map((a) => `${a.name} ${a.type} ${a.data}`)).toEqual([
      `www.example.test. CNAME ${digShort(h.addresses.domain, 'www.example.test', 'A')[0]}`,
      `web.other.test. A ${digShort(h.addresses.other, 'web.other.test', 'A')[0]}`
    ])
    expect(r.answers[1]!.data).toBe(HIERARCHY.webA)
    expect(r.steps[4]!.result!.message.flags.aa).toBe(true)
  })

  it('reports NXDOMAIN and NODATA in words', async () => {
    const nx = await run(h, HIERARCHY.nxdomain)
    expect(nx.rcode).toBe('NXDOMAIN')
    expect(nx.error).toBeNull()
    expect(nx.steps.at(-1)).toMatchObject({ zone: 'example.test.', kind: 'nxdomain', words: expect.stringMatching(/nope\.example\.test\. does not exist \(NXDOMAIN/) })
    const nodata = await run(h, HIERARCHY.nodata, HIERARCHY.nodataType)
    expect(nodata.rcode).toBe('NOERROR')
    expect(nodata.answers).toEqual([])
    expect(nodata.steps.at(-1)).toMatchObject({ kind: 'nodata', words: expect.stringMatching(/mail\.example\.test\. exists but has no AAAA record/) })
  })

  it('skips a dead server with "timed out" and goes on with the next', async () => {
    const hints = `. 3600000 NS dead.root.test.\n. 3600000 NS ns.root-servers.test.\ndead.root.test. 3600000 A ${DEAD}\n${h.rootHints}`
    const r = await run(h, 'host.example.test', 'A', { rootHints: hints, options: { timeoutMs: 300, retries: 0 } })
    expect(r.error).toBeNull()
    expect(r.steps[0]!.servers[0]).toMatchObject({ name: 'dead.root.test.', address: DEAD, outcome: expect.stringMatching(/^timed out/) })
    expect(r.steps[0]!.servers[0]!.timeMs).toBeGreaterThanOrEqual(250)
    expect(r.steps[0]!.servers[1]).toMatchObject({ name: 'ns.root-servers.test.', outcome: 'referral to test.' })
    expect(r.answers.map((a) => a.data)).toEqual([HIERARCHY.hostA])
  })

  it('ends with an error value and its steps when every server of a zone fails', async () => {
    const r = await run(h, 'host.example.test', 'A', { rootHints: `. NS dead.root.test.\ndead.root.test. A ${DEAD}\n`, options: { timeoutMs: 200, retries: 0 } })
    expect(r.error).toMatchObject({ code: 'DNS_TRACE_FAILED', message: expect.stringMatching(/dead\.root\.test\. \(127\.0\.53\.9\) timed out/) })
    expect(r.steps).toHaveLength(1)
    expect(r.steps[0]).toMatchObject({ zone: '.', kind: 'error', answeredBy: null })
  })

  it('looks up a glueless name server with a nested trace', async () => {
    const r = await run(h, HIERARCHY.glueless)
    expect(r.error).toBeNull()
    expect(r.answers.map((a) => a.data)).toEqual([HIERARCHY.gluelessA])
    expect(r.steps[0]!.referral).toEqual({ zone: 'alt.', ns: ['ns.alt-host.test.'], glue: [] })
    expect(r.steps[0]!.words).toMatch(/without addresses \(no glue\)/)
    const nested = r.steps.filter((s) => s.depth === 1)
    expect(nested.map((s) => [s.zone, s.qname, s.kind])).toEqual([
      ['.', 'ns.alt-host.test.', 'referral'],
      ['test.', 'ns.alt-host.test.', 'answer']
    ])
    expect(r.steps.at(-1)).toMatchObject({ zone: 'alt.', kind: 'answer', answeredBy: { name: 'ns.alt-host.test.', address: h.addresses.other } })
  })

  it('follows a DNAME and stops on a CNAME loop', async () => {
    const d = await run(h, HIERARCHY.dname)
    expect(d.answers.map((a) => a.type)).toEqual(['DNAME', 'CNAME', 'A'])
    expect(d.answers.at(-1)!.data).toBe(HIERARCHY.webA)
    const loop = await run(h, HIERARCHY.loop)
    expect(loop.error).toMatchObject({ code: 'DNS_TRACE_FAILED', message: expect.stringMatching(/loops/) })
    expect(loop.steps.at(-1)!.words).toMatch(/CNAME loop/)
  })

  it('is cancelled mid-trace, even while waiting on a silent server', async () => {
    const ac = new AbortController()
    const progress: string[] = []
    const p = run(h, 'www.example.test', 'A', {}, ac.signal, progress)
    // Abort as soon as the first step is reported: the trace must stop there.
    const poll = setInterval(() => progress.length > 0 && ac.abort(), 1)
    await expect(p).rejects.toMatchObject({ code: 'CANCELLED' })
    clearInterval(poll)
    expect(progress.length).toBeLessThan(5)

    const ac2 = new AbortController()
    const t0 = Date.now()
    const p2 = run(h, 'www.example.test', 'A', { rootHints: `. NS dead.root.test.\ndead.root.test. A ${DEAD}\n`, options: { timeoutMs: 5000, retries: 0 } }, ac2.signal)
    setTimeout(() => ac2.abort(), 100)
    await expect(p2).rejects.toMatchObject({ code: 'CANCELLED' })
    expect(Date.now() - t0).toBeLessThan(2000)
  })

  it('stops at its step limit and its time budget with the steps so far', async () => {
    const input = traceInput.parse({ name: 'www.example.test', rootHints: h.rootHints, port: h.port, options: { timeoutMs: 1000, retries: 0 } })
    const r = await trace(input, { signal: new AbortController().signal, limits: { steps: 2 } })
    expect(r.error).toMatchObject({ code: 'DNS_TRACE_FAILED', message: expect.stringMatching(/after 2 steps/) })
    expect(r.steps.map((s) => s.zone)).toEqual(['.', 'test.'])
    // A silent server with a long timeout: the trace's own budget cuts the query short.
    const slow = traceInput.parse({ name: 'www.example.test', rootHints: `. NS dead.root.test.\ndead.root.test. A ${DEAD}\n`, port: h.port, options: { timeoutMs: 5000, retries: 0 } })
    const t0 = Date.now()
    const t = await trace(slow, { signal: new AbortController().signal, limits: { totalMs: 300 } })
    expect(t.error).toMatchObject({ code: 'TIMEOUT', message: expect.stringMatching(/longer than 0\.3 s/) })
    expect(Date.now() - t0).toBeLessThan(2000)
  })

  it('refuses root hints with no usable server before asking anyone', async () => {
    await expect(run(h, 'www.example.test', 'A', { rootHints: '. 3600000 NS a.root.test.\n' })).rejects.toMatchObject({ code: 'DNS_BAD_ROOT_HINTS' })
  })
})

describe.runIf(hasKnot())('trace through the signed hierarchy with a broken signature', () => {
  let h: Hierarchy
  beforeAll(async () => {
    h = await startHierarchy({ base: BASE, signed: true, broken: 'domain-rrsig' })
  })
  afterAll(async () => {
    await h?.stop()
  })

  it('still walks the tree (a trace does not validate) and carries the signatures when DO is set', async () => {
    expect(h.trustAnchor).toMatch(/^\.\s+(\d+\s+)?(IN\s+)?DS\s+\d+ 13 2 [0-9a-f]{64}$/im)
    const r = await run(h, 'www.example.test', 'A', { options: { timeoutMs: 1000, retries: 0, do: true } })
    expect(r.error).toBeNull()
    expect(r.steps.map((s) => s.zone)).toEqual(['.', 'test.', 'example.test.', 'test.', 'other.test.'])
    // The parent's referral carries the child's DS (RFC 4035 §3.1.4) and the answer its RRSIG.
    expect(r.steps[1]!.result!.message.authority.some((x) => x.type === 'DS' && x.name === 'example.test.')).toBe(true)
    const cname = r.steps[2]!.result!.message.answers.find((x) => x.type === 'RRSIG')
    expect(cname?.data).toMatch(/^CNAME 13 3 /)
    expect(r.answers.map((a) => a.data)).toEqual([HIERARCHY.webTarget, HIERARCHY.webA])
  })
})
