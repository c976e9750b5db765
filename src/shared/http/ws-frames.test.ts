// The frame codec against RFC 6455's own examples (§5.7) and the rules a hostile peer breaks.
import { describe, expect, it } from 'vitest'
import { parseHex } from '../bytes'
import { OP, WsFrameReader, WsMessageAssembler, WsProtocolError, closeCodeMaySend, closeCodeWords, closePayload, encodeFrame, parseClose } from './ws-frames'

const client = (): WsFrameReader => new WsFrameReader({ expectMasked: false, maxPayload: 1 << 20 })
const server = (): WsFrameReader => new WsFrameReader({ expectMasked: true, maxPayload: 1 << 20 })
const closeCodeOf = (fn: () => unknown): number => {
  try {
    fn()
  } catch (e) {
    if (e instanceof WsProtocolError) return e.closeCode
    throw e
  }
  throw new Error('did not throw')
}

describe('RFC 6455 §5.7 examples', () => {
  it('reads an unmasked "Hello" and writes the same bytes', () => {
    const bytes = parseHex('81 05 48 65 6c 6c 6f')
    const [f] = client().push(bytes)
    expect(new TextDecoder().decode(f!.payload)).toBe('Hello')
    expect(encodeFrame({ opcode: OP.text, payload: f!.payload })).toEqual(bytes)
  })
  it('unmasks a masked "Hello" with key 37fa213d', () => {
    const bytes = parseHex('81 85 37 fa 21 3d 7f 9f 4d 51 58')
    const [f] = server().push(bytes)
    expect(new TextDecoder().decode(f!.payload)).toBe('Hello')
    expect(encodeFrame({ opcode: OP.text, payload: f!.payload, maskKey: parseHex('37fa213d') })).toEqual(bytes)
  })
  it('puts a fragmented "Hel" + "lo" back together', () => {
    const frames = client().push(parseHex('01 03 48 65 6c 80 02 6c 6f'))
    const a = new WsMessageAssembler(100)
    expect(a.push(frames[0]!)).toBeNull()
    expect(a.push(frames[1]!)).toMatchObject({ kind: 'message', text: 'Hello' })
  })
  it('uses 16-bit and 64-bit lengths (256 bytes, 65536 bytes) and reads them byte by byte', () => {
    for (const n of [0, 125, 126, 256, 65535, 65536]) {
      const raw = encodeFrame({ opcode: OP.binary, payload: new Uint8Array(n).fill(7) })
      expect(raw[1]).toBe(n < 126 ? n : n < 65536 ? 126 : 127)
      const r = client()
      const got = []
      for (let i = 0; i < raw.length; i += 997) got.push(...r.push(raw.subarray(i, i + 997)))
      expect(got).toHaveLength(1)
      expect(got[0]!.payload.length).toBe(n)
      expect(r.pendingBytes).toBe(0)
    }
  })
})

describe('hostile frames fail the connection with the right close code', () => {
  it('a masked frame from a server, an unmasked one from a client', () => {
    expect(closeCodeOf(() => client().push(parseHex('81 85 37 fa 21 3d 7f 9f 4d 51 58')))).toBe(1002)
    expect(closeCodeOf(() => server().push(parseHex('81 05 48 65 6c 6c 6f')))).toBe(1002)
  })
  it('a 64-bit length with its top bit set, and a length over the cap (before the payload arrives)', () => {
    expect(closeCodeOf(() => client().push(parseHex('82 7f 80 00 00 00 00 00 00 01')))).toBe(1002)
    expect(closeCodeOf(() => client().push(parseHex('82 7f 00 00 00 01 00 00 00 00')))).toBe(1009)
  })
  it('control frames over 125 bytes or fragmented; reserved opcodes; RSV bits', () => {
    expect(closeCodeOf(() => client().push(parseHex('89 7e 00 7e')))).toBe(1002)
    expect(closeCodeOf(() => client().push(parseHex('09 00')))).toBe(1002)
    expect(closeCodeOf(() => client().push(parseHex('83 00')))).toBe(1002)
    expect(closeCodeOf(() => client().push(parseHex('c1 00')))).toBe(1002)
    expect(() => client().push(parseHex('83 00'))).toThrow(/reserved opcode 0x3/)
    // A 64-bit length past 2^53 is named exactly (2^62 + 1 = 4611686018427387905), not rounded by a double.
    expect(() => client().push(parseHex('82 7f 40 00 00 00 00 00 00 01'))).toThrow(/announces 4611686018427387905 bytes/)
  })
  it('fragments out of order, a message over the cap, invalid UTF-8 text (1007)', () => {
    const a = new WsMessageAssembler(4)
    expect(closeCodeOf(() => a.push(client().push(parseHex('80 01 41'))[0]!))).toBe(1002)
    const b = new WsMessageAssembler(100)
    b.push(client().push(parseHex('01 01 41'))[0]!)
    expect(closeCodeOf(() => b.push(client().push(parseHex('81 01 41'))[0]!))).toBe(1002)
    const c = new WsMessageAssembler(4)
    c.push(client().push(parseHex('02 03 01 02 03'))[0]!)
    expect(closeCodeOf(() => c.push(client().push(parseHex('80 02 04 05'))[0]!))).toBe(1009)
    expect(closeCodeOf(() => new WsMessageAssembler(100).push(client().push(parseHex('81 02 c3 28'))[0]!))).toBe(1007)
  })
})

describe('close frames', () => {
  it('reads a code and reason, and refuses one byte, codes never sent, and a bad UTF-8 reason', () => {
    expect(parseClose(closePayload(4000, 'bye'))).toEqual({ code: 4000, reason: 'bye' })
    expect(parseClose(new Uint8Array(0))).toEqual({ code: null, reason: '' })
    expect(closeCodeOf(() => parseClose(parseHex('03')))).toBe(1002)
    expect(closeCodeOf(() => parseClose(parseHex('03 ed')))).toBe(1002) // 1005
    expect(closeCodeOf(() => parseClose(parseHex('03 e8 ff')))).toBe(1007)
    expect(() => closePayload(1000, 'x'.repeat(124))).toThrow(/123/)
  })
  it('puts codes in words, registered and private ranges included', () => {
    expect(closeCodeWords(1000)).toMatch(/Normal closure/)
    expect(closeCodeWords(1001)).toMatch(/Going away/)
    expect(closeCodeWords(1007)).toMatch(/UTF-8/)
    expect(closeCodeWords(3001)).toMatch(/IANA/)
    expect(closeCodeWords(4000)).toMatch(/Private use/)
    expect(closeCodeWords(2000)).toMatch(/Reserved/)
    expect(closeCodeWords(null)).toMatch(/No status/)
    expect([1000, 1011, 3000, 4999].every(closeCodeMaySend)).toBe(true)
    expect([999, 1004, 1005, 1006, 1015, 2000, 5000].some(closeCodeMaySend)).toBe(false)
  })
})

describe("the 'websocket' dissector", () => {
  it('cuts a masked frame into its fields with the payload unmasked, and flags a truncated one', async () => {
    const { dissect } = await import('../dissect/table')
    const d = dissect('websocket', parseHex('81 85 37 fa 21 3d 7f 9f 4d 51 58 88 02 03 e8'))
    expect(d.findings).toEqual([])
    expect(d.spans.map((s) => s.name)).toEqual(['Frame: text', 'Frame: close'])
    expect(d.spans[0]!.children!.map((c) => [c.name, c.value])).toEqual([
      ['FIN, RSV1-3, opcode', 'FIN 1, RSV 000, text (0x1)'],
      ['MASK, payload length', 'MASK 1, 5'],
      ['Masking key', '37fa213d'],
      ['Payload (unmasked here)', '"Hello"']
    ])
    expect(d.spans[1]!.children!.at(-1)!.value).toMatch(/^1000 Normal closure/)
    expect(dissect('websocket', parseHex('82 7e 01 00 00')).findings[0]).toMatchObject({ code: 'WS_TRUNCATED', message: expect.stringMatching(/256 bytes; 1 are here/) })
  })
})
