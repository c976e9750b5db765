// The shared DNS codec judged by dig: a real knotd zone is queried twice for each type — once by `dig +short`, once
// with our encodeQuery bytes over node:dgram — and our decode of the raw answer must print exactly what dig prints.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import dgram from 'node:dgram'
import { execFileSync } from 'node:child_process'
import { hasKnot, startKnot, type KnotServer } from '../testing/knot'
import { encodeQuery } from '../../shared/dns/query-encode'
import { decodeMessage } from '../../shared/dns/message'

const ZONE = `$TTL 300
@ IN SOA ns1.codec.test. hostmaster.codec.test. 2026120101 7200 3600 1209600 300
@ IN NS ns1
@ IN NS ns2.elsewhere.test.
ns1 IN A 192.0.2.53
@ IN A 192.0.2.1
@ IN A 192.0.2.2
@ IN AAAA 2001:db8::1
@ IN AAAA 2001:db8:0:0:1:0:0:1
@ IN AAAA ::ffff:192.0.2.9
@ IN AAAA ::192.0.2.10
@ IN AAAA 1:0:0:1::
@ IN AAAA 2001:db8:0:1:0:0:0:1
@ IN MX 10 mail
@ IN MX 20 mail.other.test.
www IN CNAME @
sub IN DNAME target.other.test.
1.2 IN PTR host.codec.test.
@ IN TXT "v=spf1 -all"
multi IN TXT "first string" "second \\"quoted\\" \\\\ back" "tab\\009 high\\200 semi;colon"
empty IN TXT ""
_sip._tcp IN SRV 10 60 5060 sip.codec.test.
odd IN TYPE65280 \\# 6 0102030405ff
odd IN TYPE65281 \\# 0
long IN TYPE65283 \\# 100 00112233445566778899001122334455667788990011223344556677889900112233445566778899001122334455667788990011223344556677889900112233445566778899001122334455667788990011223344556677889900112233445566778899
long IN TYPE65282 \\# 40 0102030405ff0102030405ff0102030405ff0102030405ff0102030405ff0102030405ff01020304
weird\\.dot IN A 192.0.2.77
chars IN CNAME a\\@b\\$c\\(d\\)\\;e\\"f\\032g\\255.codec.test.
`

const QUERIES: [string, string][] = [
  ['codec.test', 'A'],
  ['codec.test', 'AAAA'],
  ['codec.test', 'NS'],
  ['www.codec.test', 'CNAME'],
  ['sub.codec.test', 'DNAME'],
  ['1.2.codec.test', 'PTR'],
  ['codec.test', 'MX'],
  ['codec.test', 'TXT'],
  ['multi.codec.test', 'TXT'],
  ['empty.codec.test', 'TXT'],
  ['codec.test', 'SOA'],
  ['_sip._tcp.codec.test', 'SRV'],
  ['odd.codec.test', 'TYPE65280'],
  ['odd.codec.test', 'TYPE65281'],
  ['long.codec.test', 'TYPE65282'],
  ['long.codec.test', 'TYPE65283'],
  ['chars.codec.test', 'CNAME'],
  ['www.codec.test', 'A']
]

let knot: KnotServer

function ask(name: string, type: string): Promise<Uint8Array> {
  const query = encodeQuery({ id: 0x4242, name, type, rd: false, cd: false, ad: false, edns: { udpSize: 1232, do: false, nsid: false, cookie: false } })
  return new Promise((resolve, reject) => {
    const s = dgram.createSocket('udp4')
    const timer = setTimeout(() => {
      s.close()
      reject(new Error('no answer'))
    }, 2000)
    s.on('message', (m) => {
      clearTimeout(timer)
      s.close()
      resolve(new Uint8Array(m))
    })
    s.send(query, knot.port, knot.address)
  })
}

const dig = (name: string, type: string): string[] =>
  execFileSync('dig', ['+short', '+norec', '+time=2', '+tries=1', `@${knot.address}`, '-p', String(knot.port), name, type], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)

describe.runIf(hasKnot())('decodeMessage against dig +short on a real knotd zone', () => {
  beforeAll(async () => {
    knot = await startKnot({ zones: [{ origin: 'codec.test', text: ZONE }] })
  })
  afterAll(async () => {
    await knot?.stop()
  })

  it.each(QUERIES)('%s %s prints what dig prints', async (name, type) => {
    const message = decodeMessage(await ask(name, type))
    const expected = dig(name, type)
    expect(expected.length).toBeGreaterThan(0)
    // dig +short prints the answer section's data, CNAME chain included, in the server's order.
    expect(message.answers.map((r) => r.data).sort()).toEqual([...expected].sort())
    expect(message.findings).toEqual([])
    expect(message.edns?.udpSize).toBeGreaterThan(0)
  })

  it('reads escaped owner names as dig prints them', async () => {
    const message = decodeMessage(await ask('weird\\.dot.codec.test', 'A'))
    expect(message.answers[0]?.name).toBe('weird\\.dot.codec.test.')
    expect(message.questions[0]?.name).toBe('weird\\.dot.codec.test.')
    expect(message.answers[0]?.data).toBe('192.0.2.77')
  })

  it('says NXDOMAIN with the SOA in authority', async () => {
    const message = decodeMessage(await ask('nope.codec.test', 'A'))
    expect(message.rcode).toBe('NXDOMAIN')
    expect(message.flags.aa).toBe(true)
    expect(message.authority[0]?.type).toBe('SOA')
    expect(message.authority[0]?.data).toBe(dig('codec.test', 'SOA')[0])
  })
})
