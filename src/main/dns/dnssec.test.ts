// DNSSEC validation against real signed zones: a signed root "." delegating example.test to a second knotd (both on
// 127.0.54.x:53), the child signed with each algorithm we verify, with NSEC3, unsigned, or with a corrupted
// signature; the verdicts a user reads (secure, insecure, bogus) and the words that say why.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dnssecInput } from '../../shared/contract/dns'
import { corruptRrsigs } from '../testing/dns-hierarchy'
import { hasKnot, startKnot, type KnotServer, type KnotZone } from '../testing/knot'
import { validateDnssec } from './dnssec'
import { queryOnce } from './query'
import { DEFAULT_QUERY_OPTIONS } from '../../shared/dns/model'
import { parseTrustAnchor } from '../../shared/dns/dnssec/anchor'
import { dsMatches } from './dnssec-keys'
import { zoneKeys, rrsets } from './dnssec-rrsets'
import { fromBase64, toHex } from '../../shared/bytes'
import { nameToLabels } from '../../shared/dns/names'

interface Pair {
  childAddress: string
  rootHints: string
  anchor: string
  childDs: string
  stop(): Promise<void>
}

const CHILD = (address: string): string =>
  ['$TTL 300', '@ SOA ns hostmaster 1 3600 600 86400 300', '@ NS ns', `ns A ${address}`, 'www A 192.0.2.1', 'mail TXT "mail"', 'deep.sub A 192.0.2.2', '*.wild A 192.0.2.3', ''].join('\n')

/** Root on 127.0.54.(11+2i), example.test on the next address; the root carries the child's DS when it is signed. */
async function startPair(i: number, child: Omit<KnotZone, 'origin' | 'text'> & { tamper?: boolean }, rootNsec3 = false): Promise<Pair> {
  const rootAddr = `127.0.54.${11 + 2 * i}`
  const childAddr = `127.0.54.${12 + 2 * i}`
  const servers: KnotServer[] = []
  try {
    const { tamper, ...signing } = child
    let c = await startKnot({ zones: [{ origin: 'example.test', text: CHILD(childAddr), ...signing }], address: childAddr, port: 53 })
    servers.push(c)
    const childDs = signing.dnssec ? c.ds('example.test') : ''
    if (tamper) {
      // Served presigned, so Knot does not repair the signature it would otherwise re-make.
      const text = corruptRrsigs(c.control(['zone-read', 'example.test']), 'www.example.test.')
      await servers.pop()!.stop()
      c = await startKnot({ zones: [{ origin: 'example.test', text: `$ORIGIN example.test.\n${text}` }], address: childAddr, port: 53 })
      servers.push(c)
    }
    const rootText = ['$TTL 300', '. SOA ns.root. hostmaster.root. 1 3600 600 86400 300', '. NS ns.root.', `ns.root. A ${rootAddr}`, 'example.test. NS ns.example.test.', `ns.example.test. A ${childAddr}`, childDs, ''].join('\n')
    const root = await startKnot({ zones: [{ origin: '.', text: rootText, dnssec: true, nsec3: rootNsec3 }], address: rootAddr, port: 53 })
    servers.push(root)
    return { childAddress: childAddr, rootHints: `. 3600 NS ns.root.\nns.root. 3600 A ${rootAddr}\n`, anchor: root.ds('.'), childDs, stop: () => Promise.all(servers.map((s) => s.stop())).then(() => undefined) }
  } catch (err) {
    await Promise.all(servers.map((s) => s.stop()))
    throw err
  }
}

const ALGORITHMS = [
  ['rsasha256', '8 (RSA/SHA-256)'],
  ['rsasha512', '10 (RSA/SHA-512)'],
  ['ecdsap256sha256', '13 (ECDSA P-256 with SHA-256)'],
  ['ecdsap384sha384', '14 (ECDSA P-384 with SHA-384)'],
  ['ed25519', '15 (Ed25519)']
] as const

function validate(p: Pair, name: string, type = 'A', extra: Record<string, unknown> = {}, now?: number) {
  const input = dnssecInput.parse({ name, type, rootHints: p.rootHints, port: 53, trustAnchor: p.anchor, options: { timeoutMs: 1000, retries: 0 }, ...extra })
  return validateDnssec(input, { signal: new AbortController().signal, ...(now ? { now } : {}) })
}

describe.runIf(hasKnot())('DNSSEC validation against knotd-signed zones', () => {
  const pairs: Pair[] = []
  let nsec3: Pair, unsigned: Pair, unsignedNsec3: Pair, tampered: Pair
  beforeAll(async () => {
    const started = await Promise.all([
      ...ALGORITHMS.map(([algorithm], i) => startPair(i, { dnssec: true, algorithm })),
      startPair(5, { dnssec: true, nsec3: true }),
      startPair(6, {}),
      startPair(7, {}, true),
      startPair(8, { dnssec: true, tamper: true })
    ])
    pairs.push(...started)
    ;[nsec3, unsigned, unsignedNsec3, tampered] = started.slice(5) as [Pair, Pair, Pair, Pair]
  }, 60_000)
  afterAll(async () => {
    await Promise.all(pairs.map((p) => p.stop()))
  })

  it.each(ALGORITHMS.map(([a, words], i) => [a, words, i] as const))('a zone signed with %s validates secure', async (_alg, words, i) => {
    const r = await validate(pairs[i]!, 'www.example.test.')
    expect(r.status, r.words).toBe('secure')
    expect(r.answers.map((a) => a.data)).toEqual(['192.0.2.1'])
    expect(r.links.at(-1)).toMatchObject({ zone: 'example.test.', kind: 'rrsig', status: 'secure', title: 'www.example.test. A signed by example.test.' })
    expect(r.links.at(-1)!.words).toContain(`over www.example.test. A (${words}) verifies`)
    expect(r.zones.find((z) => z.zone === 'example.test.')!.keys.map((k) => k.role).sort()).toEqual(['KSK', 'ZSK'])
  })

  it("computes the same DS digests as keymgr for the zone's KSK (SHA-256 and SHA-384)", async () => {
    for (const [i, p] of pairs.slice(0, 5).entries()) {
      const r = await queryOnce({ transport: 'udp', host: p.childAddress, port: 53 }, { name: 'example.test.', type: 'DNSKEY' }, { ...DEFAULT_QUERY_OPTIONS, rd: false })
      const packet = { bytes: fromBase64(r.raw), message: r.message }
      const keys = zoneKeys(packet, rrsets(packet, r.message.answers).find((s) => s.type === 'DNSKEY'))
      const expected = parseTrustAnchor(p.childDs).ds
      expect(expected.map((d) => d.digestType), ALGORITHMS[i]![0]).toEqual([2, 4])
      for (const d of expected) expect(keys.some((k) => dsMatches(d, nameToLabels('example.test.'), k)), `${ALGORITHMS[i]![0]} DS ${d.keyTag} ${toHex(d.digest, '')}`).toBe(true)
      // And a digest one bit off matches nothing.
      const off = { ...expected[0]!, digest: Uint8Array.from(expected[0]!.digest, (b, j) => (j === 0 ? b ^ 1 : b)) }
      expect(keys.some((k) => dsMatches(off, nameToLabels('example.test.'), k))).toBe(false)
    }
  })

  it('a corrupted RRSIG is bogus, and the words say which signature and why', async () => {
    const r = await validate(tampered, 'www.example.test.')
    expect(r.status).toBe('bogus')
    expect(r.links.at(-1)).toMatchObject({ zone: 'example.test.', kind: 'rrsig', status: 'bogus' })
    expect(r.words).toMatch(/^Bogus: RRSIG by key \d+ over www\.example\.test\. A does not verify: the signature is wrong \(RFC 4035 §5\.3\.3\)/)
    // The rest of the zone is still fine.
    expect((await validate(tampered, 'mail.example.test.', 'TXT')).status).toBe('secure')
  })

  it('an expired signature is bogus (validated a year after it ends)', async () => {
    const r = await validate(pairs[2]!, 'www.example.test.', 'A', {}, Math.floor(Date.now() / 1000) + 365 * 86400)
    expect(r.status).toBe('bogus')
    expect(r.words).toMatch(/has expired: it was valid until \d{14} UTC \(RFC 4035 §5\.3\.1\)/)
    const early = await validate(pairs[2]!, 'www.example.test.', 'A', {}, Math.floor(Date.now() / 1000) - 365 * 86400)
    expect(early.words).toMatch(/is not valid yet: its inception is \d{14} UTC/)
  })

  it('NXDOMAIN and NODATA proven by NSEC3 are secure', async () => {
    const nx = await validate(nsec3, 'nope.example.test.')
    expect(nx.status, nx.words).toBe('secure')
    expect(nx.links.at(-1)).toMatchObject({ kind: 'denial', status: 'secure', details: { method: 'NSEC3 (RFC 5155)' } })
    expect(nx.links.at(-1)!.words).toMatch(/^Closest encloser example\.test\. exists .* nope\.example\.test\. does not exist \(RFC 5155 §8\.4\)/)
    const below = await validate(nsec3, 'a.b.deep.sub.example.test.')
    expect(below.status, below.words).toBe('secure')
    expect(below.links.at(-1)!.words).toMatch(/^Closest encloser deep\.sub\.example\.test\./)
    const nodata = await validate(nsec3, 'www.example.test.', 'TXT')
    expect(nodata.status, nodata.words).toBe('secure')
    expect(nodata.links.at(-1)!.words).toMatch(/NSEC3 matching www\.example\.test\. .* does not list the type asked/)
  })

  it('a wildcard answer is secure only with proof that no closer name exists (NSEC and NSEC3)', async () => {
    for (const p of [pairs[2]!, nsec3]) {
      const r = await validate(p, 'x.wild.example.test.')
      expect(r.status, r.words).toBe('secure')
      expect(r.answers.map((a) => a.data)).toEqual(['192.0.2.3'])
      expect(r.links.at(-2)!.words).toContain('it is a wildcard expansion (RFC 4035 §5.3.4)')
      expect(r.links.at(-1)).toMatchObject({ kind: 'denial', status: 'secure', title: 'x.wild.example.test. has no closer match than the wildcard' })
      expect(r.links.at(-1)!.words).toMatch(/answered by the wildcard \*\.wild\.example\.test\./)
    }
  })

  it('an unsigned child (no DS, proven by the root NSEC or NSEC3) is insecure', async () => {
    for (const p of [unsigned, unsignedNsec3]) {
      const r = await validate(p, 'www.example.test.')
      expect(r.status, r.words).toBe('insecure')
      expect(r.answers.map((a) => a.data)).toEqual(['192.0.2.1'])
      expect(r.zones.map((z) => z.zone)).toEqual(['.', 'example.test.'])
      expect(r.zones[1]).toEqual({ zone: 'example.test.', keys: [], ds: [] })
      expect(r.links.at(-1)).toMatchObject({ zone: 'example.test.', kind: 'denial', status: 'insecure', title: 'example.test. is an unsigned delegation' })
      expect(r.words).toMatch(/^Insecure: The parent's NSEC3? .*example\.test\..* lists NS but no DS: an unsigned delegation, proven/)
    }
  })

  it('an anchor below the root (the child\'s own DS) starts the chain there', async () => {
    const r = await validate(pairs[0]!, 'www.example.test.', 'A', { trustAnchor: pairs[0]!.childDs })
    expect(r.status, r.words).toBe('secure')
    expect(r.zones.map((z) => z.zone)).toEqual(['example.test.'])
    const outside = await validate(pairs[0]!, 'ns.root.', 'A', { trustAnchor: pairs[0]!.childDs })
    expect(outside.status).toBe('indeterminate')
    expect(outside.words).toMatch(/not under the trust anchor's zone example\.test\./)
  })

  it('an unusable trust anchor is an input error', async () => {
    await expect(validate(pairs[0]!, 'www.example.test.', 'A', { trustAnchor: 'not a record' })).rejects.toMatchObject({ code: 'DNS_BAD_ANCHOR' })
  })
})
