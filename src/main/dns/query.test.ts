// queryOnce against a real authoritative server (knotd) and against our hostile server: answers match dig, TC makes
// a TCP retry, spoofed-looking messages are ignored, malformed ones are refused with their offset, nothing hangs,
// cancelling works, and no socket is left open.
import { spawnSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_QUERY_OPTIONS, type QueryOptions } from '../../shared/dns/model'
import { WirebenchError } from '../../shared/errors'
import { fromBase64 } from '../../shared/bytes'
import { type KnotServer, startKnot } from '../testing/knot'
import { EVERY_TYPE_ORIGIN, EVERY_TYPE_ZONE } from '../testing/dns-zones'
import { type HostileDns, type HostileMode, HOSTILE_A, startHostileDns } from '../testing/dns-hostile'
import { queryOnce } from './query'
import { decodeHex } from './decode'

const BIG_ZONE = `@ SOA ns hostmaster 1 3600 600 86400 300
@ NS ns
ns A 127.0.0.1
${Array.from({ length: 40 }, (_, i) => `many TXT "record ${i} ${'x'.repeat(60)}"`).join('\n')}
`

const fast: QueryOptions = { ...DEFAULT_QUERY_OPTIONS, timeoutMs: 400, retries: 1 }

/** UDP and TCP handles open in this process (what a leak would leave behind). */
function socketCount(): number {
  return process.getActiveResourcesInfo().filter((r) => /UDP|TCP|TLS|Pipe/i.test(r)).length
}

async function settledSocketCount(target: number): Promise<number> {
  for (let i = 0; i < 50 && socketCount() > target; i++) await new Promise((r) => setTimeout(r, 20))
  return socketCount()
}

async function failure(p: Promise<unknown>): Promise<WirebenchError> {
  try {
    await p
  } catch (err) {
    if (err instanceof WirebenchError) return err
    throw err
  }
  throw new Error('expected the query to fail')
}

let knot: KnotServer
beforeAll(async () => {
  knot = await startKnot({ zones: [{ origin: EVERY_TYPE_ORIGIN, text: EVERY_TYPE_ZONE }, { origin: 'big.test', text: BIG_ZONE }] })
}, 20_000)
afterAll(async () => {
  await knot?.stop()
})

describe('queryOnce against knotd', () => {
  it('answers over UDP exactly as dig sees it, with a random ID and source port shown', async () => {
    const r = await queryOnce({ transport: 'udp', host: knot.address, port: knot.port }, { name: `mail.${EVERY_TYPE_ORIGIN}`, type: 'AAAA' }, fast)
    const dig = spawnSync('dig', ['+short', `@${knot.address}`, '-p', String(knot.port), `mail.${EVERY_TYPE_ORIGIN}`, 'AAAA'], { encoding: 'utf8' }).stdout.trim()
    expect(r.message.answers.map((a) => a.data)).toEqual([dig])
    expect(r.message.flags.aa).toBe(true)
    expect(r.server).toBe(`${knot.address}#${knot.port}`)
    expect(r.attempts).toHaveLength(1)
    expect(r.attempts[0]!.localPort).toBeGreaterThan(1023)
    expect(r.attempts[0]!.id).toBe(r.message.id)
    // The raw bytes are the answer: decoding them again gives the same message.
    const again = await decodeHex(Buffer.from(fromBase64(r.raw)).toString('hex'))
    expect(again.answers).toEqual(r.message.answers)
  })

  it('asks over TCP with the two-byte length prefix', async () => {
    const r = await queryOnce({ transport: 'tcp', host: knot.address, port: knot.port }, { name: EVERY_TYPE_ORIGIN, type: 'MX' }, fast)
    expect(r.message.answers.map((a) => a.data).sort()).toEqual(['10 mail.every.test.', '20 mail2.example.net.'])
    expect(r.attempts.map((a) => a.transport)).toEqual(['tcp'])
  })

  it('retries over TCP when the UDP answer is truncated, and shows both tries', async () => {
    const r = await queryOnce({ transport: 'udp', host: knot.address, port: knot.port }, { name: 'many.big.test', type: 'TXT' }, fast)
    expect(r.message.answers).toHaveLength(40)
    expect(r.attempts.map((a) => [a.transport, a.outcome])).toEqual([
      ['udp', 'truncated (TC) → retried over TCP'],
      ['tcp', 'answered']
    ])
    expect(r.findings.map((f) => f.code)).toContain('TRUNCATED')
  })

  it('randomises the letter case (0x20) and checks the echo', async () => {
    const r = await queryOnce({ transport: 'udp', host: knot.address, port: knot.port }, { name: `www.${EVERY_TYPE_ORIGIN}`, type: 'CNAME' }, { ...fast, randomCase: true })
    expect(r.message.questions[0]!.name).toBe(r.question.name)
    expect(r.findings.map((f) => f.code)).toContain('CASE_ECHOED')
  })

  it('matches an answer whose name has escapes or special characters: NXDOMAIN, not a timeout', async () => {
    for (const name of [`x(y.${EVERY_TYPE_ORIGIN}`, `a\\065b.${EVERY_TYPE_ORIGIN}`, `sp\\032ace.${EVERY_TYPE_ORIGIN}`]) {
      const r = await queryOnce({ transport: 'udp', host: knot.address, port: knot.port }, { name, type: 'A' }, { ...fast, randomCase: true })
      expect(r.message.rcode, name).toBe('NXDOMAIN')
      expect(r.findings.map((f) => f.code)).toContain('CASE_ECHOED')
    }
  })

  it('asks over IPv6 ([::1]:port) on UDP and TCP', async () => {
    const v6 = await startKnot({ address: '::1', zones: [{ origin: EVERY_TYPE_ORIGIN, text: EVERY_TYPE_ZONE }] })
    try {
      for (const transport of ['udp', 'tcp'] as const) {
        const r = await queryOnce({ transport, host: '::1', port: v6.port }, { name: EVERY_TYPE_ORIGIN, type: 'A' }, fast)
        expect(r.message.answers.map((x) => x.data)).toEqual(['192.0.2.10'])
        expect(r.server).toMatch(/^\[::1\]#\d+/)
      }
    } finally {
      await v6.stop()
    }
  })

  it('refuses a type it does not know, and the system resolver, in words', async () => {
    const bad = await failure(queryOnce({ transport: 'udp', host: knot.address, port: knot.port }, { name: 'x.test', type: 'NOPE' }, fast))
    expect(bad.code).toBe('DNS_BAD_TYPE')
    const system = await failure(queryOnce({ transport: 'system', host: '', port: 0 }, { name: 'x.test', type: 'A' }, fast))
    expect(system.code).toBe('INVALID_INPUT')
  })
})

describe('queryOnce against a hostile server', () => {
  const servers = new Map<HostileMode, HostileDns>()
  const modes: HostileMode[] = ['truncated', 'wrong-id', 'wrong-question', 'foreign-source', 'no-case-echo', 'pointer-loop', 'oversize', 'silent', 'garbage', 'short-header', 'wrong-cookie']
  beforeAll(async () => {
    for (const m of modes) servers.set(m, await startHostileDns(m))
  })
  afterAll(async () => {
    await Promise.all([...servers.values()].map((s) => s.stop()))
  })
  const ask = (mode: HostileMode, transport: 'udp' | 'tcp', options: Partial<QueryOptions> = {}) => {
    const s = servers.get(mode)!
    return queryOnce({ transport, host: s.address, port: s.port }, { name: 'www.example.test', type: 'A' }, { ...fast, ...options })
  }

  it('follows TC=1 to TCP for the full answer', async () => {
    const r = await ask('truncated', 'udp')
    expect(r.message.answers.map((a) => a.data)).toContain(HOSTILE_A)
    expect(r.attempts.map((a) => a.transport)).toEqual(['udp', 'tcp'])
  })

  it.each(['udp', 'tcp'] as const)('ignores a wrong ID and waits for the right one (%s)', async (transport) => {
    const r = await ask('wrong-id', transport)
    expect(r.message.answers.map((a) => a.data)).toEqual([HOSTILE_A])
    expect(r.attempts[0]!.outcome).toMatch(/^answered; ignored 1 message\(s\): wrong ID 0x[0-9a-f]{4}/)
    expect(r.findings.map((f) => f.code)).toContain('ID_MISMATCH')
  })

  it('ignores an answer echoing another client cookie and takes the one echoing ours (RFC 7873 §5.3)', async () => {
    const r = await ask('wrong-cookie', 'udp', { edns: { udpSize: 1232, do: false, nsid: false, cookie: true } })
    expect(r.message.answers.map((a) => a.data)).toEqual([HOSTILE_A])
    expect(r.findings.map((f) => f.code)).toContain('COOKIE_MISMATCH')
    expect(r.attempts[0]!.outcome).toMatch(/ignored 1 message\(s\): it echoes client cookie/)
    const sent = Buffer.from(r.query, 'base64')
    const echoed = r.message.edns!.options.find((o) => o.code === 10)!.fields['client'] as string
    expect(sent.toString('hex')).toContain(echoed.replace(/[^0-9a-f]/gi, '').toLowerCase())
  })

  it('ignores an answer from another port (RFC 5452)', async () => {
    const r = await ask('foreign-source', 'udp')
    expect(r.attempts[0]!.outcome).toMatch(/ignored 1 message\(s\): a datagram from 127\.0\.0\.1#\d+, not from the server we asked/)
    expect(r.findings.map((f) => f.code)).toContain('FOREIGN_SOURCE')
  })

  it('ignores an answer for another question, then gives up with DNS_NO_ANSWER saying why', async () => {
    const t0 = Date.now()
    const e = await failure(ask('wrong-question', 'udp'))
    expect(e.code).toBe('DNS_NO_ANSWER')
    expect(e.message).toMatch(/after 2 tries over UDP, 400 ms each; the messages that did come were ignored/)
    expect(e.detail).toMatch(/it answers other\.example\. IN A, not www\.example\.test\. IN A/)
    expect(Date.now() - t0).toBeLessThan(3000)
  })

  it('reports a server that does not echo the random case', async () => {
    const r = await ask('no-case-echo', 'udp', { randomCase: true })
    const f = r.findings.find((x) => x.code === 'CASE_NOT_ECHOED')
    expect(f?.message).toMatch(/the answer says www\.example\.test\./)
  })

  it.each(['udp', 'tcp'] as const)('refuses a compression pointer loop with its offset (%s)', async (transport) => {
    const e = await failure(ask('pointer-loop', transport))
    expect(e.code).toBe('DNS_MALFORMED')
    expect(e.message).toMatch(/pointer loop at byte \d+/)
  })

  it('refuses a header shorter than 12 bytes', async () => {
    const e = await failure(ask('short-header', 'udp'))
    expect(e.code).toBe('DNS_MALFORMED')
    expect(e.message).toMatch(/6 bytes, too short for a DNS header/)
    expect(e.detail).toMatch(/^try 1: UDP .* malformed answer: /)
  })

  it('flags a UDP answer bigger than the buffer we advertised', async () => {
    const r = await ask('oversize', 'udp')
    expect(r.message.answers.length).toBe(200)
    expect(r.findings.find((f) => f.code === 'UDP_OVERSIZE')?.message).toMatch(/more than the 1232 bytes/)
  })

  it('reads at most the announced 65,535 bytes of an endless TCP stream and hangs up', async () => {
    const t0 = Date.now()
    const r = await ask('oversize', 'tcp', { timeoutMs: 3000 })
    expect(r.attempts[0]!.receivedBytes).toBeGreaterThanOrEqual(65_537)
    expect(r.attempts[0]!.receivedBytes).toBeLessThan(4 * 1024 * 1024)
    expect(r.message.findings.length).toBeGreaterThan(0)
    expect(Date.now() - t0).toBeLessThan(3000)
  })

  it('says how many tries went unanswered by a silent server, within the budget', async () => {
    const t0 = Date.now()
    const e = await failure(ask('silent', 'udp', { retries: 2, timeoutMs: 200 }))
    expect(e.code).toBe('DNS_NO_ANSWER')
    expect(e.message).toBe(`No answer from 127.0.0.1#${servers.get('silent')!.port} after 3 tries over UDP, 200 ms each.`)
    expect(e.detail?.split('\n')).toHaveLength(3)
    expect(Date.now() - t0).toBeLessThan(2000)
    const tcp = await failure(ask('silent', 'tcp', { timeoutMs: 200 }))
    expect(tcp.message).toMatch(/No answer from .* \(TCP\) within 200 ms\./)
  })

  it('treats garbage as not ours over UDP, and as a cut-off message over TCP', async () => {
    const udp = await failure(ask('garbage', 'udp', { retries: 0 }))
    expect(udp.code).toBe('DNS_NO_ANSWER')
    expect(udp.detail).toMatch(/wrong ID 0x4854/)
    const tcp = await failure(ask('garbage', 'tcp'))
    expect(tcp.code).toBe('DNS_MALFORMED')
    expect(tcp.message).toMatch(/closed the connection after \d+ of the 18516 bytes it announced/)
  })

  it('stops at once when cancelled, over UDP and TCP, and leaves no socket open', async () => {
    const before = socketCount()
    for (const transport of ['udp', 'tcp'] as const) {
      const controller = new AbortController()
      const s = servers.get('silent')!
      const t0 = Date.now()
      const p = queryOnce({ transport, host: s.address, port: s.port }, { name: 'x.test', type: 'A' }, { ...fast, timeoutMs: 10_000 }, { signal: controller.signal })
      setTimeout(() => controller.abort(), 100)
      const e = await failure(p)
      expect(e.code).toBe('CANCELLED')
      expect(Date.now() - t0).toBeLessThan(1500)
    }
    // Every mode once more: whatever happened, the sockets are gone afterwards.
    for (const m of modes) await Promise.allSettled([ask(m, 'udp', { retries: 0, timeoutMs: 150 }), ask(m, 'tcp', { timeoutMs: 150 })])
    expect(await settledSocketCount(before)).toBeLessThanOrEqual(before)
  })
})
