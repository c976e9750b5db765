// Agreement with dig: every DNSSEC record type Knot serves (signed on the fly, and written literally with salts and
// unknown types in bit maps) decodes to exactly the text `dig +short` prints for the same query. Knot does not
// answer NSEC3 by type, so NSEC3 is compared from a negative answer's authority section.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { DEFAULT_QUERY_OPTIONS } from '../../shared/dns/model'
import { hasKnot, startKnot, type KnotServer } from '../testing/knot'
import { queryOnce } from './query'

const LITERAL = [
  '$TTL 300',
  '@ SOA ns hostmaster 1 3600 600 86400 300',
  '@ NS ns',
  'ns A 127.0.0.1',
  'sub NS ns.sub',
  'ns.sub A 127.0.0.1',
  'sub DS 60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118',
  'sub DS 13232 8 4 467aaff48d8597efab96c3b9f8df0e002054c15f17efc08bc01dd928d9f97e752c97364c2d541f0a322ac806f87dedf9',
  'lit CDS 0 0 0 00',
  'lit CDNSKEY 0 3 0 AA==',
  'lit NSEC3PARAM 1 0 12 aabbccdd',
  'lit NSEC host.lit.test. A MX RRSIG NSEC TYPE1234 CAA',
  'lit RRSIG A 13 3 300 20301215110953 20261201093953 31500 lit.test. b2FTO9jaA+4Bq6Hgc1oY5sw4Aac4aPTRgyjXmdHnkroblDO3xQuztZR4 t/3adnZ2GReyK3V2WSa4wNqwh7OObhh6qij7L4A=',
  ''
].join('\n')

const SIGNED = ['$TTL 300', '@ SOA ns hostmaster 1 3600 600 86400 300', '@ NS ns', 'ns A 127.0.0.1', 'www A 192.0.2.1', ''].join('\n')

describe.runIf(hasKnot())('DNSSEC records read exactly as dig prints them', () => {
  let knot: KnotServer
  beforeAll(async () => {
    knot = await startKnot({
      zones: [
        { origin: 'lit.test', text: LITERAL },
        { origin: 'signed.test', text: SIGNED, dnssec: true, algorithm: 'rsasha256' },
        { origin: 'signed3.test', text: SIGNED, dnssec: true, nsec3: true }
      ]
    })
  }, 30_000)
  afterAll(async () => {
    await knot?.stop()
  })

  // dig's own words (";; communications error … timed out" on a loaded machine) are not an answer: it tries again
  const dig = (name: string, type: string): string[] =>
    execFileSync('dig', ['+short', '+norec', '+time=2', '+tries=3', '-p', String(knot.port), `@${knot.address}`, name, type], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .filter((l) => l && !l.startsWith(';'))
      .sort()

  it.each([
    ['sub.lit.test.', 'DS'],
    ['lit.lit.test.', 'CDS'],
    ['lit.lit.test.', 'CDNSKEY'],
    ['lit.lit.test.', 'NSEC3PARAM'],
    ['lit.lit.test.', 'NSEC'],
    ['lit.lit.test.', 'RRSIG'],
    ['signed.test.', 'DNSKEY'],
    ['signed.test.', 'RRSIG'],
    ['signed.test.', 'NSEC'],
    ['signed.test.', 'CDS'],
    ['signed.test.', 'CDNSKEY'],
    ['signed3.test.', 'NSEC3PARAM'],
    ['signed3.test.', 'DNSKEY']
  ])('%s %s', async (name, type) => {
    const r = await queryOnce({ transport: 'udp', host: knot.address, port: knot.port }, { name, type }, { ...DEFAULT_QUERY_OPTIONS, rd: false, timeoutMs: 2000, retries: 0 })
    const ours = r.message.answers.filter((a) => a.type === type).map((a) => a.data).sort()
    const theirs = dig(name, type)
    expect(theirs.length).toBeGreaterThan(0)
    expect(ours).toEqual(theirs)
  })

  it('reads the NSEC3 records of a negative answer as dig does', async () => {
    const r = await queryOnce({ transport: 'udp', host: knot.address, port: knot.port }, { name: 'nope.signed3.test.', type: 'A' }, { ...DEFAULT_QUERY_OPTIONS, rd: false, edns: { ...DEFAULT_QUERY_OPTIONS.edns!, do: true } })
    const ours = r.message.authority.filter((a) => a.type === 'NSEC3').map((a) => `${a.name} ${a.data}`).sort()
    const theirs = execFileSync('dig', ['+dnssec', '+norec', '+noall', '+authority', '-p', String(knot.port), `@${knot.address}`, 'nope.signed3.test.', 'A'], { encoding: 'utf8' })
      .split('\n')
      .map((l) => l.split(/\s+/))
      .filter((f) => f[3] === 'NSEC3')
      .map((f) => `${f[0]} ${f.slice(4).join(' ')}`)
      .sort()
    expect(ours.length).toBeGreaterThan(0)
    expect(ours).toEqual(theirs)
  })
})
