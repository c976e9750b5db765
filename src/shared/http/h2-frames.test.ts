// HTTP/2 frames: every type written and read back byte for byte, the RFC 9113 rules the reader flags, incremental
// reading across arbitrary chunk boundaries, the 'http2' dissector, and a fuzz where only WirebenchError escapes.
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { concatBytes, parseHex, toHex } from '../bytes'
import { dissect } from '../dissect/table'
import { WirebenchError } from '../errors'
import { HpackEncoder } from './hpack'
import { decodeFrame, encodeFrame, errorCodeName, H2_PREFACE, type H2Frame } from './h2-frames'
import { dissectHttp2, H2FrameReader } from './h2-reader'

const b = (...v: number[]): Uint8Array => Uint8Array.from(v)
const FRAMES: H2Frame[] = [
  { type: 'DATA', flags: 1, streamId: 1, data: new TextEncoder().encode('hello') },
  { type: 'DATA', flags: 8, streamId: 3, data: b(1, 2), padding: new Uint8Array(4) },
  { type: 'HEADERS', flags: 0x25, streamId: 1, fragment: b(0x82, 0x86), priority: { exclusive: true, dependency: 0, weight: 15 } },
  { type: 'HEADERS', flags: 0x0c, streamId: 5, fragment: b(0x82), padding: new Uint8Array(3) },
  { type: 'PRIORITY', flags: 0, streamId: 7, priority: { exclusive: false, dependency: 3, weight: 200 } },
  { type: 'RST_STREAM', flags: 0, streamId: 1, errorCode: 8 },
  { type: 'SETTINGS', flags: 0, streamId: 0, settings: [{ id: 3, value: 100 }, { id: 4, value: 65535 }, { id: 0x99, value: 1 }] },
  { type: 'SETTINGS', flags: 1, streamId: 0, settings: [] },
  { type: 'PUSH_PROMISE', flags: 4, streamId: 1, promisedStreamId: 2, fragment: b(0x82) },
  { type: 'PING', flags: 1, streamId: 0, opaque: b(1, 2, 3, 4, 5, 6, 7, 8) },
  { type: 'GOAWAY', flags: 0, streamId: 0, lastStreamId: 5, errorCode: 0xb, debugData: new TextEncoder().encode('calm') },
  { type: 'WINDOW_UPDATE', flags: 0, streamId: 0, increment: 0x7fffffff },
  { type: 'CONTINUATION', flags: 4, streamId: 1, fragment: b(0x84) },
  { type: 'UNKNOWN', flags: 0xff, streamId: 9, typeCode: 0xfa, payload: b(1, 2, 3) }
]

describe('frame codec (RFC 9113 §4.1, §6)', () => {
  it('writes each type and reads it back the same', () => {
    for (const f of FRAMES) {
      const bytes = encodeFrame(f)
      const back = decodeFrame(bytes)
      expect(back.length).toBe(bytes.length)
      expect(back.frame).toEqual(f)
      expect(encodeFrame(back.frame)).toEqual(bytes)
    }
  })
  it('lays out the header and a SETTINGS payload as the RFC draws them', () => {
    expect(toHex(encodeFrame(FRAMES[6]!), '')).toBe('00001204000000000000030000006400040000ffff009900000001')
    expect(toHex(encodeFrame(FRAMES[2]!), '')).toBe('000007012500000001800000000f8286')
  })
  it('reads bad payloads as MALFORMED with the rule, never throwing', () => {
    const bad = (hex: string): H2Frame => decodeFrame(parseHex(hex)).frame
    expect(bad('000003040000000000000000')).toMatchObject({ type: 'MALFORMED', rfc: 'RFC 9113 §6.5' })
    expect(bad('000002000800000001' + '0201')).toMatchObject({ type: 'MALFORMED', rfc: 'RFC 9113 §6.1' })
    expect(bad('000004060000000000' + '01020304')).toMatchObject({ type: 'MALFORMED', rfc: 'RFC 9113 §6.7' })
    expect(bad('0000060401000000000001' + '00000001')).toMatchObject({ type: 'MALFORMED' })
    expect(() => decodeFrame(parseHex('0000050000000000010102'))).toThrow(WirebenchError)
  })
  it('names error codes in words (§7)', () => {
    expect(errorCodeName(0xd)).toMatch(/^HTTP_1_1_REQUIRED/)
    expect(errorCodeName(0x99)).toMatch(/unknown error code 0x99/)
  })
  it('refuses fields out of range when writing', () => {
    expect(() => encodeFrame({ type: 'WINDOW_UPDATE', flags: 0, streamId: 0, increment: 2 ** 31 })).toThrow(WirebenchError)
    expect(() => encodeFrame({ type: 'PING', flags: 0, streamId: 0, opaque: b(1) })).toThrow(/8 octets/)
  })
})

const settings = encodeFrame({ type: 'SETTINGS', flags: 0, streamId: 0, settings: [] })
const codes = (r: H2FrameReader, ...chunks: Uint8Array[]): string[] => chunks.flatMap((c) => { const o = r.push(c); return [...o.findings, ...o.frames.flatMap((f) => f.findings)].map((x) => x.code) })

describe('H2FrameReader', () => {
  it('reads frames split at every byte, with offsets in the whole stream', () => {
    const enc = new HpackEncoder()
    const headers = encodeFrame({ type: 'HEADERS', flags: 5, streamId: 1, fragment: enc.encode([{ name: ':method', value: 'GET' }, { name: 'x-a', value: 'b' }]) })
    const stream = concatBytes([H2_PREFACE, settings, headers, encodeFrame(FRAMES[0]!)])
    const r = new H2FrameReader({ role: 'client' })
    const got = [...stream].flatMap((byte) => r.push(b(byte)).frames)
    expect(got.map((f) => f.frame.type)).toEqual(['SETTINGS', 'HEADERS', 'DATA'])
    expect(got.map((f) => f.offset)).toEqual([24, 33, 33 + headers.length])
    expect(got[1]!.headerBlock!.result.headers).toEqual([{ name: ':method', value: 'GET' }, { name: 'x-a', value: 'b' }])
    expect(got.flatMap((f) => f.findings)).toEqual([])
    expect(r.end()).toEqual([])
    const fieldSpan = got[1]!.span.children!.find((s) => s.name === 'Field Block Fragment')!
    expect(fieldSpan.children![0]).toMatchObject({ offset: 42, name: ':method', value: 'GET' })
  })
  it('joins CONTINUATION fragments and decodes the block once', () => {
    const block = new HpackEncoder().encode([{ name: 'x-long', value: 'v'.repeat(50) }])
    const r = new H2FrameReader({ role: 'server' })
    const out = r.push(concatBytes([settings, encodeFrame({ type: 'HEADERS', flags: 0, streamId: 1, fragment: block.subarray(0, 10) }), encodeFrame({ type: 'CONTINUATION', flags: 4, streamId: 1, fragment: block.subarray(10) })]))
    expect(out.frames[1]!.headerBlock).toBeUndefined()
    expect(out.frames[2]!.headerBlock!.result.headers).toEqual([{ name: 'x-long', value: 'v'.repeat(50) }])
  })
  it('flags the rules of §3.4, §4.2, §6 and §6.10', () => {
    expect(codes(new H2FrameReader({ role: 'client' }), new TextEncoder().encode('GET / HTTP/1.1\r\n'))).toEqual(['H2_BAD_PREFACE'])
    expect(codes(new H2FrameReader({ role: 'server' }), encodeFrame(FRAMES[9]!))).toEqual(['H2_PREFACE_NOT_SETTINGS'])
    const r = new H2FrameReader({ role: 'server' })
    expect(codes(r, settings, encodeFrame({ type: 'DATA', flags: 0, streamId: 1, data: new Uint8Array(16_385) }))).toEqual(['H2_FRAME_SIZE'])
    r.applyReceiverSettings([{ id: 5, value: 32_768 }])
    expect(codes(r, encodeFrame({ type: 'DATA', flags: 0, streamId: 1, data: new Uint8Array(16_385) }))).toEqual([])
    const s = new H2FrameReader({ role: 'server' })
    expect(codes(s, settings, encodeFrame({ type: 'DATA', flags: 0, streamId: 0, data: b() }), encodeFrame({ ...FRAMES[9]!, streamId: 3 } as H2Frame))).toEqual(['H2_STREAM_ZERO', 'H2_STREAM_ID'])
    expect(codes(s, encodeFrame({ type: 'WINDOW_UPDATE', flags: 0, streamId: 1, increment: 0 }), parseHex('000002000800000001' + '0201'))).toEqual(['H2_WINDOW_ZERO', 'H2_MALFORMED'])
    expect(codes(s, encodeFrame({ type: 'SETTINGS', flags: 0, streamId: 0, settings: [{ id: 2, value: 2 }, { id: 5, value: 100 }, { id: 4, value: 2 ** 31 }] }))).toEqual(['H2_BAD_SETTING', 'H2_BAD_SETTING', 'H2_BAD_SETTING'])
    expect(codes(s, encodeFrame({ type: 'HEADERS', flags: 0, streamId: 3, fragment: b(0x82) }), encodeFrame(FRAMES[0]!))).toEqual(['H2_EXPECTED_CONTINUATION'])
    expect(codes(s, encodeFrame(FRAMES[12]!))).toEqual(['H2_UNEXPECTED_CONTINUATION'])
    expect(codes(s, encodeFrame(FRAMES[13]!))).toEqual(['H2_UNKNOWN_TYPE'])
  })
  it('applies the receiving side\'s SETTINGS from this side\'s ACK on (§6.5.3), shrinking the HPACK table', () => {
    const r = new H2FrameReader({ role: 'server' })
    r.receiverSent([{ id: 5, value: 20_000 }, { id: 1, value: 0 }])
    const big = encodeFrame({ type: 'DATA', flags: 0, streamId: 1, data: new Uint8Array(18_000) })
    expect(codes(r, settings, big)).toEqual(['H2_FRAME_SIZE'])
    expect(codes(r, encodeFrame({ type: 'SETTINGS', flags: 1, streamId: 0, settings: [] }), big)).toEqual([])
    expect(codes(r, encodeFrame({ type: 'HEADERS', flags: 4, streamId: 1, fragment: b(0x82) }))).toEqual(['H2_COMPRESSION_ERROR'])
  })
  it('reports a broken header block as a COMPRESSION_ERROR and stops trusting the table', () => {
    const r = new H2FrameReader({ role: 'server' })
    expect(codes(r, settings, encodeFrame({ type: 'HEADERS', flags: 4, streamId: 1, fragment: b(0xbe) }))).toEqual(['H2_COMPRESSION_ERROR'])
    expect(codes(r, encodeFrame({ type: 'HEADERS', flags: 4, streamId: 3, fragment: b(0x82) }))).toEqual(['H2_HPACK_SKIPPED'])
  })
  it('stops at a frame larger than it buffers, and reports a cut-off tail', () => {
    const r = new H2FrameReader({ role: 'server', maxFrameBytes: 1000 })
    expect(codes(r, parseHex('ffffff00000000000100'))).toEqual(['H2_FRAME_TOO_LARGE'])
    expect(r.failed).toMatch(/more than Wirebench buffers/)
    const t = new H2FrameReader({ role: 'server' })
    t.push(settings.subarray(0, 5))
    expect(t.end().map((f) => f.code)).toEqual(['H2_TRUNCATED'])
  })
})

describe("'http2' dissector", () => {
  it('shows the preface and each frame with fields in words', () => {
    const d = dissect('http2', concatBytes([H2_PREFACE, encodeFrame(FRAMES[6]!), encodeFrame(FRAMES[10]!)]))
    expect(d.spans.map((s) => s.name)).toEqual(['Connection preface', 'SETTINGS frame', 'GOAWAY frame'])
    expect(d.spans[1]!.children!.map((c) => c.name)).toContain('SETTINGS_MAX_CONCURRENT_STREAMS')
    expect(d.spans[2]!.children!.find((c) => c.name === 'Error Code')!.value).toMatch(/^ENHANCE_YOUR_CALM/)
    expect(d.findings.map((f) => f.code)).toEqual(['H2_UNKNOWN_SETTING'])
  })
  it('never throws on random bytes, with or without a preface', () => {
    const arb = fc.tuple(fc.boolean(), fc.uint8Array({ maxLength: 400 }))
    fc.assert(
      fc.property(arb, ([preface, bytes]) => {
        const input = preface ? concatBytes([H2_PREFACE, settings, bytes]) : bytes
        const d = dissectHttp2(input)
        for (const s of d.spans) expect(s.offset + s.length).toBeLessThanOrEqual(input.length)
      }),
      { numRuns: 2000 }
    )
  })
  it('reads random valid frames in random chunks the same as whole, only WirebenchError escaping', () => {
    const frame = fc.constantFrom(...FRAMES.map(encodeFrame))
    fc.assert(
      fc.property(fc.array(frame, { maxLength: 12 }), fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 10 }), (frames, cuts) => {
        const all = concatBytes([settings, ...frames])
        const whole = new H2FrameReader({ role: 'server' }).push(all).frames.map((f) => toHex(encodeFrame(f.frame)))
        const r = new H2FrameReader({ role: 'server' })
        const got: string[] = []
        for (let i = 0, k = 0; i < all.length; k++) {
          const n = cuts[k % cuts.length]!
          got.push(...r.push(all.subarray(i, i + n)).frames.map((f) => toHex(encodeFrame(f.frame))))
          i += n
        }
        expect(got).toEqual(whole)
        expect(whole).toHaveLength(frames.length + 1)
      }),
      { numRuns: 300 }
    )
  })
})
