// The core record codecs both ways: zone-file text → fields → wire → fields and dig's text again, so the hostile
// server and the tests can build records from the same text dig prints; plus the presentation helpers' edge cases.
import { describe, expect, it } from 'vitest'
import { ByteReader, ByteWriter } from '../bytes'
import { WirebenchError } from '../errors'
import type { RdataContext } from './rdata/codec'
import { codecNamed } from './rdata/table'
import { CORE_CODECS } from './rdata/core-types'
import { parseUnknown, decodeUnknown, encodeUnknown } from './rdata/unknown'
import { readName, writeName } from './names'
import { genericRdata, parseCharacterStrings, quoteString, ttlWords } from './presentation'

const ctx = (spans: string[] = []): RdataContext => ({
  readName(r) {
    const n = readName(r.bytes, r.pos)
    r.pos = n.end
    return n.name
  },
  span(name) {
    spans.push(name)
  }
})

function roundTrip(type: string, text: string, canonical = false): { data: string; wire: Uint8Array; fields: Record<string, unknown> } {
  const codec = codecNamed(type)!
  const fields = codec.parse!(text)
  const w = new ByteWriter()
  codec.encode(fields, w, (ww, name) => writeName(ww, name, canonical), { canonical })
  const wire = w.finish()
  const r = new ByteReader(wire)
  const decoded = codec.decode(r, wire.length, ctx())
  expect(r.pos).toBe(wire.length)
  return { data: decoded.data, wire, fields: decoded.fields }
}

describe('core codecs', () => {
  it.each([
    ['A', '192.0.2.1'],
    ['AAAA', '2001:db8::1'],
    ['AAAA', '::ffff:192.0.2.1'],
    ['NS', 'ns1.example.'],
    ['CNAME', 'target.example.'],
    ['DNAME', 'other.example.'],
    ['PTR', 'host.example.'],
    ['MX', '10 mail.example.'],
    ['TXT', '"v=spf1 include:_spf.example -all"'],
    ['TXT', '"a \\"quoted\\" word" "back\\\\slash" "\\000\\255"'],
    ['SOA', 'ns1.example. hostmaster.example. 2026120101 7200 3600 1209600 300'],
    ['SRV', '10 60 5060 sip.example.']
  ])('%s %s survives text → wire → text', (type, text) => {
    expect(roundTrip(type, text).data).toBe(text)
  })

  it('writes names uncompressed and lower-cased only when canonical (RFC 4034 §6.2)', () => {
    expect(roundTrip('MX', '10 Mail.Example.').data).toBe('10 Mail.Example.')
    expect(roundTrip('MX', '10 Mail.Example.', true).data).toBe('10 mail.example.')
    expect([...roundTrip('NS', 'a.b.').wire]).toEqual([1, 0x61, 1, 0x62, 0])
  })

  it('accepts relative names and bare words in parse, as zone files do', () => {
    expect(roundTrip('CNAME', 'target.example').data).toBe('target.example.')
    expect(roundTrip('TXT', 'two words').data).toBe('"two" "words"')
  })

  it('refuses malformed text and data in words', () => {
    expect(() => codecNamed('A')!.encode({ address: '192.0.2' }, new ByteWriter(), () => {}, { canonical: false })).toThrow(WirebenchError)
    expect(() => codecNamed('MX')!.parse!('mail.example.')).toThrow(/preference exchange/)
    expect(() => codecNamed('SOA')!.parse!('a. b. 1 2 3')).toThrow(/mname rname serial/)
    expect(() => codecNamed('A')!.decode(new ByteReader(new Uint8Array(5)), 5, ctx())).toThrow(/4 bytes, this one 5/)
    expect(() => codecNamed('AAAA')!.decode(new ByteReader(new Uint8Array(4)), 4, ctx())).toThrow(/16 bytes/)
    expect(() => parseCharacterStrings('"open')).toThrow(/closing quote/)
    expect(() => parseCharacterStrings('x'.repeat(256))).toThrow(/at most 255/)
  })

  it('marks every field of the RDATA as a span', () => {
    const spans: string[] = []
    const wire = Uint8Array.of(0, 10, 0, 20, 0x13, 0xc4, 0)
    codecNamed('SRV')!.decode(new ByteReader(wire), wire.length, ctx(spans))
    expect(spans).toEqual(['Priority', 'Weight', 'Port'])
    expect(CORE_CODECS.map((c) => c.type).sort()).toEqual(['A', 'AAAA', 'CNAME', 'DNAME', 'MX', 'NS', 'PTR', 'SOA', 'SPF', 'SRV', 'TXT'])
    for (const c of CORE_CODECS) expect(c.explain).toMatch(/RFC \d+/)
  })
})

describe('presentation helpers', () => {
  it('quotes strings exactly as dig does', () => {
    expect(quoteString(new TextEncoder().encode('say "hi"\\'))).toBe('"say \\"hi\\"\\\\"')
    expect(quoteString(Uint8Array.of(0x41, 0x09, 0x7f, 0xc3, 0xa9))).toBe('"A\\009\\127\\195\\169"')
    expect(quoteString(new Uint8Array(0))).toBe('""')
  })

  it('writes unknown data in RFC 3597 form, broken every 28 bytes like dig', () => {
    expect(genericRdata(new Uint8Array(0))).toBe('\\# 0')
    expect(genericRdata(Uint8Array.of(10, 0, 0, 1))).toBe('\\# 4 0A000001')
    expect(genericRdata(new Uint8Array(30)).split(' ').map((p) => p.length)).toEqual([2, 2, 56, 4])
    const fields = parseUnknown('\\# 4 0A000001')
    const w = new ByteWriter()
    encodeUnknown(fields, w)
    const bytes = w.finish()
    expect(decodeUnknown(new ByteReader(bytes), 4, ctx()).data).toBe('\\# 4 0A000001')
    expect(() => parseUnknown('\\# 5 0A000001')).toThrow(/does not match/)
  })

  it('says TTLs in words', () => {
    expect(ttlWords(300)).toBe('300 (5 minutes)')
    expect(ttlWords(86400)).toBe('86400 (1 day)')
    expect(ttlWords(3661)).toBe('3661 (1 hour 1 minute)')
    expect(ttlWords(0)).toBe('0 (not to be cached)')
  })
})
