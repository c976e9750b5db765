// DNSSEC validation across a real signed hierarchy (knotd for ".", "test.", "example.test.", "other.test." and
// "alt." on 127.0.54.x:53, each child's DS in its parent): secure answers through a lame server and a CNAME that
// crosses zones, NXDOMAIN and NODATA proven by NSEC, a glueless delegation, a broken signature shown as bogus in
// words, and a wrong trust anchor that fails at the root.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dnssecInput } from '../../shared/contract/dns'
import { HIERARCHY, startHierarchy, type Hierarchy } from '../testing/dns-hierarchy'
import { hasKnot } from '../testing/knot'
import { BUNDLED_ANCHOR_LABEL, validateDnssec } from './dnssec'

const run = (h: Hierarchy, name: string, type = 'A', extra: Record<string, unknown> = {}) =>
  validateDnssec(dnssecInput.parse({ name, type, rootHints: h.rootHints, port: h.port, trustAnchor: h.trustAnchor!, options: { timeoutMs: 1000, retries: 0 }, ...extra }), { signal: new AbortController().signal })

describe.runIf(hasKnot())('DNSSEC over a signed hierarchy', () => {
  let h: Hierarchy
  beforeAll(async () => {
    h = await startHierarchy({ base: '127.0.54', signed: true })
  }, 30_000)
  afterAll(async () => {
    await h?.stop()
  })

  it('validates host.example.test. A from the root anchor: secure, with every link and the zones pictured', async () => {
    const r = await run(h, HIERARCHY.host)
    expect(r.status, r.words + '\n' + JSON.stringify(r.links, null, 1)).toBe('secure')
    expect(r.answers.map((a) => a.data)).toEqual([HIERARCHY.hostA])
    expect(r.zones.map((z) => z.zone)).toEqual(['.', 'test.', 'example.test.'])
    expect(r.zones[0]!.keys.some((k) => k.role === 'KSK' && k.status === 'secure')).toBe(true)
    // Knot publishes a SHA-256 and a SHA-384 DS for each KSK: both match, two links per zone cut.
    expect(r.links.map((l) => l.kind)).toEqual(['anchor', 'anchor', 'dnskey', 'rrsig', 'ds', 'ds', 'dnskey', 'rrsig', 'ds', 'ds', 'dnskey', 'rrsig'])
    expect(r.links.filter((l) => l.kind === 'ds').map((l) => l.title)).toEqual([
      expect.stringMatching(/^DS \d+ \(SHA-256\) from \. matches DNSKEY \d+ of test\.$/),
      expect.stringMatching(/^DS \d+ \(SHA-384\) from \. matches DNSKEY \d+ of test\.$/),
      expect.stringMatching(/^DS \d+ \(SHA-256\) from test\. matches DNSKEY \d+ of example\.test\.$/),
      expect.stringMatching(/^DS \d+ \(SHA-384\) from test\. matches DNSKEY \d+ of example\.test\.$/)
    ])
    expect(r.links.at(-1)!.words).toMatch(/^RRSIG by key \d+ over host\.example\.test\. A \(13 \(ECDSA P-256 with SHA-256\)\) verifies/)
    expect(r.anchor).toMatch(/^your trust anchor: \. DS \d+/)
  })

  it('follows a CNAME into another zone and validates both', async () => {
    const r = await run(h, HIERARCHY.www)
    expect(r.status, r.words).toBe('secure')
    expect(r.links.some((l) => l.title === 'www.example.test. CNAME signed by example.test.')).toBe(true)
    expect(r.links.some((l) => l.title === 'web.other.test. A signed by other.test.')).toBe(true)
  })

  it('proves NXDOMAIN and NODATA with NSEC', async () => {
    const nx = await run(h, HIERARCHY.nxdomain)
    expect(nx.status, nx.words).toBe('secure')
    expect(nx.links.at(-1)).toMatchObject({ kind: 'denial', status: 'secure', title: 'nope.example.test. does not exist' })
    expect(nx.links.at(-1)!.words).toMatch(/covers nope\.example\.test\..*wildcard \*\.example\.test\..*RFC 4035 §5\.4/)
    const nodata = await run(h, HIERARCHY.nodata, HIERARCHY.nodataType)
    expect(nodata.status, nodata.words).toBe('secure')
    expect(nodata.links.at(-1)).toMatchObject({ kind: 'denial', title: 'mail.example.test. has no record of that type' })
  })

  it('validates the DNAME behind a synthesized CNAME', async () => {
    const r = await run(h, HIERARCHY.dname)
    expect(r.status, r.words).toBe('secure')
    expect(r.links.find((l) => l.title === 'alias.example.test. DNAME signed by example.test.')?.words).toMatch(/synthesized from this DNAME \(RFC 6672 §5\.3\.1\)/)
    expect(r.answers.map((a) => a.data)).toContain(HIERARCHY.webA)
  })

  it('walks a glueless delegation', async () => {
    const r = await run(h, HIERARCHY.glueless)
    expect(r.status, r.words).toBe('secure')
    expect(r.answers.map((a) => a.data)).toEqual([HIERARCHY.gluelessA])
  })

  it('a wrong trust anchor is bogus at the root, in words', async () => {
    const r = await run(h, HIERARCHY.host, 'A', { trustAnchor: '. IN DS 20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D' })
    expect(r.status).toBe('bogus')
    expect(r.links[0]).toMatchObject({ zone: '.', kind: 'anchor', status: 'bogus' })
    expect(r.words).toMatch(/^Bogus: The trust anchor names key 20326, but \.'s keys are .* none has a matching digest: the chain of trust is broken \(RFC 4035 §5\.2\)/)
  })

  it('uses the bundled root anchor (KSK-2017 and KSK-2024) when none is given: the test root is not the real one', async () => {
    const r = await run(h, HIERARCHY.host, 'A', { trustAnchor: undefined })
    expect(r.anchor).toBe(BUNDLED_ANCHOR_LABEL)
    expect(r.status).toBe('bogus')
    expect(r.words).toMatch(/^Bogus: The trust anchor names key 20326, 38696, but/)
  })

  it('cancels when asked', async () => {
    const c = new AbortController()
    c.abort()
    const input = dnssecInput.parse({ name: HIERARCHY.host, rootHints: h.rootHints, port: h.port, trustAnchor: h.trustAnchor! })
    await expect(validateDnssec(input, { signal: c.signal })).rejects.toMatchObject({ code: 'CANCELLED' })
  })
})

describe.runIf(hasKnot())('DNSSEC over a hierarchy with NSEC3 and one broken signature', () => {
  let h: Hierarchy
  beforeAll(async () => {
    h = await startHierarchy({ base: '127.0.54', signed: true, nsec3: true, broken: 'domain-rrsig' })
  }, 30_000)
  afterAll(async () => {
    await h?.stop()
  })

  it('flags the corrupted RRSIG over www.example.test. CNAME as bogus, and only that link', async () => {
    const r = await run(h, HIERARCHY.www)
    expect(r.status).toBe('bogus')
    const bad = r.links.filter((l) => l.status === 'bogus')
    expect(bad).toHaveLength(1)
    expect(bad[0]).toMatchObject({ zone: 'example.test.', kind: 'rrsig', title: 'www.example.test. CNAME signed by example.test.' })
    expect(bad[0]!.words).toMatch(/^RRSIG by key \d+ over www\.example\.test\. CNAME does not verify: the signature is wrong \(RFC 4035 §5\.3\.3\)/)
    expect(r.zones.map((z) => z.zone)).toEqual(['.', 'test.', 'example.test.'])
  })

  it('still proves NXDOMAIN in the same zone with NSEC3', async () => {
    const r = await run(h, HIERARCHY.nxdomain)
    expect(r.status, r.words).toBe('secure')
    expect(r.links.at(-1)).toMatchObject({ kind: 'denial', status: 'secure', details: { method: 'NSEC3 (RFC 5155)' } })
  })
})
