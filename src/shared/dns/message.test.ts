// decodeMessage and encodeQuery: round trips, messages built by another implementation (dns-packet), hostile bytes
// (fast-check: only WirebenchError, never a hang), pointer loops, a 64 KiB message, spans that nest, and findings.
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import packet from 'dns-packet'
import { WirebenchError } from '../errors'
import type { Span } from '../dissect/span'
import { decodeMessage } from './message'
import { encodeQuery } from './query-encode'
import { dissectDns } from './dissect'
import { dissect } from '../dissect/table'

const fixed = (n: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => 0xa0 + i)
const u8 = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.length)

function checkSpans(spans: readonly Span[], size: number, parent?: Span): number {
  let n = 0
  for (const s of spans) {
    expect(s.offset).toBeGreaterThanOrEqual(parent?.offset ?? 0)
    expect(s.offset + s.length).toBeLessThanOrEqual(parent ? parent.offset + parent.length : size)
    expect(s.explain ?? '', `span ${s.name} explains itself`).not.toBe('')
    n += 1 + checkSpans(s.children ?? [], size, s)
  }
  return n
}

describe('encodeQuery → decodeMessage', () => {
  it('round-trips the flags, the question with its case, and every EDNS option', () => {
    const bytes = encodeQuery({
      id: 0xbeef, name: 'WwW.ExAmple.com', type: 'HTTPS', rd: true, cd: true, ad: true,
      edns: { udpSize: 1232, do: true, nsid: true, cookie: true, clientSubnet: '2001:db8:abcd:12ff::/52', padding: 128 },
      random: fixed
    })
    expect(bytes.length % 128).toBe(0)
    const m = decodeMessage(bytes)
    expect(m.id).toBe(0xbeef)
    expect(m.flags).toMatchObject({ qr: false, rd: true, cd: true, ad: true, aa: false, z: false })
    expect(m.questions).toEqual([{ name: 'WwW.ExAmple.com.', type: 'HTTPS', class: 'IN' }])
    expect(m.edns).toMatchObject({ udpSize: 1232, do: true, version: 0 })
    expect(m.edns!.options.map((o) => [o.name, o.data])).toEqual([
      ['NSID', '(asked for, empty)'],
      ['ECS', '2001:db8:abcd:1000::/52/0'],
      ['COOKIE', 'client a0a1a2a3a4a5a6a7 (no server cookie)'],
      ['Padding', `${m.edns!.options[3]!.fields.length} bytes`]
    ])
    expect(m.findings).toEqual([])
    checkSpans(m.spans, bytes.length)
  })

  it('sends no OPT without EDNS, a given cookie as is, and pads to the block exactly', () => {
    const plain = encodeQuery({ id: 1, name: 'example.', type: 1, rd: false, cd: false, ad: false, edns: null })
    expect(plain.length).toBe(12 + 9 + 4)
    expect(decodeMessage(plain).edns).toBeNull()
    for (const block of [16, 128, 468]) {
      const b = encodeQuery({ id: 1, name: 'a.example.', type: 'A', rd: true, cd: false, ad: false, edns: { udpSize: 4096, do: false, nsid: false, cookie: '0102030405060708', padding: block } })
      expect(b.length % block).toBe(0)
      expect(decodeMessage(b).edns!.options[0]!.data).toBe('client 0102030405060708 (no server cookie)')
    }
    expect(() => encodeQuery({ id: 1, name: 'a..b', type: 'A', rd: true, cd: false, ad: false, edns: null })).toThrow(/empty label/)
    expect(() => encodeQuery({ id: 1, name: 'a.b', type: 'BOGUS', rd: true, cd: false, ad: false, edns: null })).toThrow(WirebenchError)
  })
})

describe('decodeMessage reads what dns-packet writes', () => {
  const answers = [
    { type: 'A', name: 'example.com', ttl: 300, data: '192.0.2.1' },
    { type: 'AAAA', name: 'example.com', ttl: 300, data: '2001:db8::1' },
    { type: 'CNAME', name: 'www.example.com', ttl: 60, data: 'example.com' },
    { type: 'MX', name: 'example.com', ttl: 3600, data: { preference: 10, exchange: 'mail.example.com' } },
    { type: 'TXT', name: 'example.com', ttl: 1, data: ['v=spf1 -all', 'say "hi" \\ there', Buffer.from([0, 9, 200])] },
    { type: 'SOA', name: 'example.com', ttl: 86400, data: { mname: 'ns1.example.com', rname: 'host.example.com', serial: 2026120101, refresh: 7200, retry: 3600, expire: 1209600, minimum: 300 } },
    { type: 'SRV', name: '_sip._tcp.example.com', ttl: 5, data: { priority: 1, weight: 2, port: 5060, target: 'sip.example.com' } },
    { type: 'NS', name: 'example.com', ttl: 5, data: 'ns1.example.com' },
    { type: 'PTR', name: '1.2.0.192.in-addr.arpa', ttl: 5, data: 'example.com' },
    { type: 'DNAME', name: 'old.example.com', ttl: 5, data: 'new.example.com' },
    { type: 'UNKNOWN_65280', name: 'x.example.com', ttl: 5, data: Buffer.from([1, 2, 0xfe]) }
  ]
  const expected = [
    '192.0.2.1', '2001:db8::1', 'example.com.', '10 mail.example.com.', '"v=spf1 -all" "say \\"hi\\" \\\\ there" "\\000\\009\\200"',
    'ns1.example.com. host.example.com. 2026120101 7200 3600 1209600 300', '1 2 5060 sip.example.com.', 'ns1.example.com.',
    'example.com.', 'new.example.com.', '\\# 3 0102FE'
  ]

  it('prints every record as dig would', () => {
    const wire = u8(packet.encode({ type: 'response', id: 7, flags: packet.AUTHORITATIVE_ANSWER | packet.RECURSION_DESIRED, questions: [{ type: 'A', name: 'example.com' }], answers } as never))
    const m = decodeMessage(wire)
    expect(m.answers.map((r) => r.data)).toEqual(expected)
    expect(m.answers.map((r) => r.type)).toEqual(['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'SOA', 'SRV', 'NS', 'PTR', 'DNAME', 'TYPE65280'])
    expect(m.answers[3]!.fields).toEqual({ preference: 10, exchange: 'mail.example.com.' })
    expect(m.flags).toMatchObject({ qr: true, aa: true, rd: true })
    expect(m.findings).toEqual([])
    checkSpans(m.spans, wire.length)
  })

  it('reads EDNS in the response: extended rcode, EDE words, server cookie, NSID', () => {
    const wire = u8(packet.encode({
      type: 'response', id: 9, flags: 3, questions: [{ type: 'A', name: 'example.com' }],
      additionals: [{ type: 'OPT', name: '.', udpPayloadSize: 1400, extendedRcode: 1, flags: packet.DNSSEC_OK, options: [
        { code: 15, data: Buffer.concat([Buffer.from([0, 15]), Buffer.from('blocked by policy')]) },
        { code: 10, data: Buffer.from('0102030405060708aabbccddeeff0011', 'hex') },
        { code: 3, data: Buffer.from('ns1.fra') },
        { code: 65001, data: Buffer.from([0xca, 0xfe]) }
      ] }]
    } as never))
    const m = decodeMessage(wire)
    // header rcode 3 with extended bits 1 → 19: (1 << 4) | 3 (RFC 6891 §6.1.3)
    expect(m.rcodeCode).toBe(19)
    expect(m.edns).toMatchObject({ udpSize: 1400, do: true, extendedRcode: 1 })
    expect(m.edns!.options.map((o) => `${o.name}: ${o.data}`)).toEqual([
      'EDE: 15 Blocked: blocked by policy',
      'COOKIE: client 0102030405060708, server aabbccddeeff0011',
      'NSID: ns1.fra (6e73312e667261)',
      'OPT65001: cafe'
    ])
    expect(m.additional).toEqual([])
    const badvers = u8(packet.encode({ type: 'response', id: 9, flags: 0, additionals: [{ type: 'OPT', name: '.', udpPayloadSize: 512, extendedRcode: 1 }] } as never))
    expect(decodeMessage(badvers).rcode).toBe('BADVERS')
  })
})

describe('decodeMessage on hostile bytes', () => {
  const header = (qd: number, an: number, ns = 0, ar = 0): number[] => [0x12, 0x34, 0x81, 0x80, 0, qd, 0, an, 0, ns, 0, ar]

  it('refuses a too-short header in words', () => {
    expect(() => decodeMessage(new Uint8Array(5))).toThrow('The answer is 5 bytes, too short for a DNS header (12 bytes).')
  })

  it('throws DNS_MALFORMED on a compression loop, wherever it is', () => {
    const question = [...header(1, 0), 0xc0, 12, 0, 1, 0, 1]
    const e = (() => { try { decodeMessage(Uint8Array.from(question)) } catch (x) { return x } })() as WirebenchError
    expect(e.code).toBe('DNS_MALFORMED')
    expect(e.message).toMatch(/^compression pointer loop at byte 12/)
    const inAnswer = [...header(1, 1), 1, 0x61, 0, 0, 1, 0, 1, 0xc0, 21, 0, 1, 0, 1, 0, 0, 0, 5, 0, 4, 1, 2, 3, 4]
    expect(() => decodeMessage(Uint8Array.from(inAnswer))).toThrow(/compression pointer loop at byte 19/)
  })

  it('turns what a strict reader rejects into findings and keeps the rest', () => {
    const rec = (ttl: number[]): number[] => [0xc0, 12, 0, 1, 0, 1, ...ttl, 0, 4, 192, 0, 2, 1]
    const bytes = Uint8Array.from([0x12, 0x34, 0x81, 0xc0, 0, 1, 0, 3, 0, 0, 0, 0, 1, 0x61, 0, 0, 1, 0, 1, ...rec([0x80, 0, 0, 1]), ...rec([0, 0, 0, 9]), 0xc0])
    const m = decodeMessage(bytes)
    expect(m.answers.map((r) => r.data)).toEqual(['192.0.2.1', '192.0.2.1'])
    const codes = m.findings.map((f) => f.code)
    expect(codes).toEqual(expect.arrayContaining(['Z_BIT_SET', 'TTL_TOP_BIT', 'COUNT_MISMATCH']))
    expect(m.findings.find((f) => f.code === 'COUNT_MISMATCH')!.message).toMatch(/promises 3 answer records, but record 3 at byte 51/)
    const trailing = decodeMessage(Uint8Array.from([...header(1, 0), 1, 0x61, 0, 0, 1, 0, 1, 9, 9, 9]))
    expect(trailing.findings.map((f) => [f.code, f.span])).toEqual([['TRAILING_BYTES', { offset: 19, length: 3 }]])
  })

  it('flags OPT outside the additional section and a second OPT (RFC 6891 §6.1.1)', () => {
    const opt = [0, 0, 41, 0x04, 0xd0, 0, 0, 0, 0, 0, 0]
    const m = decodeMessage(Uint8Array.from([...header(0, 1, 0, 1), ...opt, ...opt]))
    expect(m.findings.map((f) => f.code)).toEqual(['OPT_NOT_ADDITIONAL', 'MULTIPLE_OPT'])
    expect(m.edns?.udpSize).toBe(1232)
  })

  it('shows malformed RDATA as RFC 3597 bytes with a finding', () => {
    const m = decodeMessage(Uint8Array.from([...header(0, 1), 0, 0, 1, 0, 1, 0, 0, 0, 5, 0, 3, 1, 2, 3]))
    expect(m.answers[0]!.data).toBe('\\# 3 010203')
    expect(m.findings[0]!.code).toBe('RDATA_MALFORMED')
  })

  it('reads a 64 KiB message of records within limits', () => {
    const records: number[] = []
    const n = Math.floor((65535 - 12 - 17) / 16)
    for (let i = 0; i < n; i++) records.push(0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 10, (i >> 16) & 255, (i >> 8) & 255, i & 255)
    const q = [7, ...new TextEncoder().encode('example'), 0, 0, 1, 0, 1]
    const bytes = Uint8Array.from([0, 1, 0x81, 0x80, 0, 1, n >> 8, n & 255, 0, 0, 0, 0, ...q, ...records])
    const started = Date.now()
    const m = decodeMessage(bytes)
    expect(Date.now() - started).toBeLessThan(2000)
    expect(m.answers).toHaveLength(n)
    expect(m.answers[n - 1]!.data).toBe(`10.0.${((n - 1) >> 8) & 255}.${(n - 1) & 255}`)
    expect(m.findings.map((f) => f.code)).toEqual(['SPAN_LIMIT'])
    const capped = decodeMessage(bytes, { maxRecords: 100 })
    expect(capped.answers).toHaveLength(100)
    expect(capped.findings.map((f) => f.code)).toContain('TOO_MANY_RECORDS')
  })

  it('random bytes only ever give a message or a WirebenchError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 300 }), (bytes) => {
        try {
          const m = decodeMessage(bytes)
          checkSpans(m.spans, bytes.length)
        } catch (e) {
          expect(e).toBeInstanceOf(WirebenchError)
          expect((e as WirebenchError).code).toBe('DNS_MALFORMED')
        }
      }),
      { numRuns: 3000 }
    )
    // Header-shaped prefixes make the fuzzer reach the records.
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 200 }), fc.nat(3), fc.nat(3), (tail, qd, an) => {
        const bytes = Uint8Array.from([0, 0, 0x81, 0x80, 0, qd, 0, an, 0, 1, 0, 1, ...tail])
        try {
          checkSpans(decodeMessage(bytes).spans, bytes.length)
        } catch (e) {
          expect((e as WirebenchError).code).toBe('DNS_MALFORMED')
        }
      }),
      { numRuns: 3000 }
    )
  })

  it('without spans (the CLI) reads every message the same — records, findings, errors — and only leaves the tree out', () => {
    const outcome = (bytes: Uint8Array, spans: boolean): unknown => {
      try {
        return decodeMessage(bytes, { spans })
      } catch (e) {
        return { error: (e as WirebenchError).code, message: (e as Error).message }
      }
    }
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 200 }), fc.nat(3), fc.nat(3), (tail, qd, an) => {
        const bytes = Uint8Array.from([0, 0, 0x81, 0x80, 0, qd, 0, an, 0, 1, 0, 1, ...tail])
        const full = outcome(bytes, true) as { spans?: unknown[] }
        const lean = outcome(bytes, false) as { spans?: unknown[] }
        if (full.spans) {
          expect(lean.spans).toEqual([])
          expect({ ...lean, spans: full.spans }).toEqual(full)
        } else expect(lean).toEqual(full)
      }),
      { numRuns: 2000 }
    )
  })

  it('is the "dns" dissector, which never throws', () => {
    expect(dissect('dns', new Uint8Array(3)).findings[0]!.code).toBe('DNS_MALFORMED')
    const q = encodeQuery({ id: 1, name: 'example.com', type: 'A', rd: true, cd: false, ad: false, edns: null })
    const d = dissectDns(q)
    expect(d.spans.map((s) => s.name)).toEqual(['Header', 'Question section'])
    const pointer = decodeMessage(Uint8Array.from([...header(1, 1), 1, 0x61, 0, 0, 1, 0, 1, 0xc0, 12, 0, 1, 0, 1, 0, 0, 1, 44, 0, 4, 1, 2, 3, 4]))
    const record = pointer.spans[2]!.children![0]!
    expect(record.children![0]!.children![0]!.value).toBe('pointer to offset 12 → a.')
    expect(record.children!.find((s) => s.name === 'TTL')!.value).toBe('300 (5 minutes)')
  })
})

describe('the AD bit in words', () => {
  const ad = (spans: readonly Span[]): Span | undefined => spans.flatMap((s) => [s, ...(s.children ?? []).flatMap((c) => [c, ...(c.children ?? [])])]).find((s) => s.name === 'AD')
  it('in a query asks for validation (RFC 6840 §5.7); only in a response does it say the data was validated', () => {
    const q = u8(packet.encode({ type: 'query', id: 1, flags: packet.AUTHENTIC_DATA | packet.RECURSION_DESIRED, questions: [{ type: 'A', name: 'example.test' }] }))
    const r = u8(packet.encode({ type: 'response', id: 1, flags: packet.AUTHENTIC_DATA, questions: [{ type: 'A', name: 'example.test' }] }))
    const inQuery = ad(decodeMessage(q).spans)!
    expect(inQuery.value).toBe('1')
    expect(inQuery.explain).toMatch(/asks the server to say in its answer whether the data was validated.*RFC 6840 §5\.7/)
    expect(inQuery.explain).not.toMatch(/validated the answer/)
    expect(ad(decodeMessage(r).spans)!.explain).toMatch(/in a response, the resolver validated the answer with DNSSEC/)
  })
})
