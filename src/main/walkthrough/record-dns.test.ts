// The walkthrough's DNS phase against knotd on loopback: a name that does not exist is said to not exist (NXDOMAIN,
// RFC 8020), not reported as a missing address record, in the error and in the answer steps.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WirebenchError } from '../../shared/errors'
import { hasKnot, startKnot, type KnotServer } from '../testing/knot'
import { parseResolver } from '../../shared/dns/resolvers'
import { dnsPhase } from './record-dns'

let knot: KnotServer | null = null

beforeAll(async () => {
  if (!hasKnot()) return
  knot = await startKnot({ zones: [{ origin: 'walkdns.test', text: '$TTL 300\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n@ IN NS ns1\nns1 IN A 127.0.0.1\nmail IN MX 10 ns1\n' }] })
}, 20_000)
afterAll(async () => {
  await knot?.stop()
})

describe.skipIf(!hasKnot())('dnsPhase', () => {
  it('says an NXDOMAIN name does not exist (error DNS_NXDOMAIN, answer steps explain it)', async () => {
    const spec = parseResolver(`127.0.0.1:${knot!.port}`, 'udp')
    const e = await dnsPhase('nothing-here.walkdns.test', { spec }).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(WirebenchError)
    expect((e as WirebenchError).code).toBe('DNS_NXDOMAIN')
    expect((e as WirebenchError).message).toMatch(/nothing-here\.walkdns\.test does not exist: .*NXDOMAIN.*RFC 8020/)
    expect((e as WirebenchError).message).not.toMatch(/no A or AAAA/)
  }, 15_000)

  it('says a name with no address record exists but has none (NODATA)', async () => {
    const spec = parseResolver(`127.0.0.1:${knot!.port}`, 'udp')
    const e = await dnsPhase('mail.walkdns.test', { spec }).catch((x: unknown) => x)
    expect((e as WirebenchError).code).toBe('DNS_NO_ANSWER')
    expect((e as WirebenchError).message).toMatch(/exists but has no A or AAAA record \(NODATA, RFC 2308 §2\.2\)/)
  }, 15_000)
})
