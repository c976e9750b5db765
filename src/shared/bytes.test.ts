// The one ByteReader/ByteWriter every codec uses: bounds, big-endian integers and clear errors past the end.
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { ByteReader, ByteWriter, encodePayload, fromBase64, parseHex, toBase64, toDisplayText, toHex } from './bytes'

describe('parseHex', () => {
  it('accepts spaced, prefixed and packed hex', () => {
    expect(toHex(parseHex('48 65 6c'))).toBe('48 65 6c')
    expect(toHex(parseHex('0x48,0x65'))).toBe('48 65')
    expect(toHex(parseHex('DEADbeef'))).toBe('de ad be ef')
  })
  it('refuses an odd number of digits, saying how many', () => {
    expect(() => parseHex('48 65 6')).toThrow('odd number of digits (5)')
  })
  it('refuses non-hex characters, saying which and where', () => {
    expect(() => parseHex('48 zz')).toThrow('found "z" at digit 3')
  })
})

describe('encodePayload', () => {
  it('adds the chosen line ending to text', () => {
    expect(encodePayload('text', 'hi', 'crlf')).toEqual(new Uint8Array([0x68, 0x69, 0x0d, 0x0a]))
    expect(encodePayload('text', 'hi', 'lf')).toEqual(new Uint8Array([0x68, 0x69, 0x0a]))
    expect(encodePayload('text', 'hi', 'none')).toEqual(new Uint8Array([0x68, 0x69]))
  })
  it('encodes text as UTF-8', () => {
    expect(encodePayload('text', 'é')).toEqual(new Uint8Array([0xc3, 0xa9]))
  })
})

describe('base64', () => {
  it('round-trips any bytes and agrees with Node', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const b64 = toBase64(bytes)
        expect(b64).toBe(Buffer.from(bytes).toString('base64'))
        expect(fromBase64(b64)).toEqual(bytes)
      })
    )
  })
  it('rejects characters outside the alphabet', () => {
    expect(() => fromBase64('ab$d')).toThrow('invalid character at position 3')
  })
})

describe('toDisplayText', () => {
  it('shows control bytes as escapes instead of hiding them', () => {
    expect(toDisplayText(new Uint8Array([0x41, 0x00, 0x01, 0x7f, 0x0a]))).toBe('A\\0\\x01\\x7f\n')
  })
})

describe('ByteReader / ByteWriter', () => {
  it('reads back what the writer wrote, big-endian, with absolute offsets', () => {
    const bytes = new ByteWriter().u8(0x16).u16(0x0303).u24(0x010203).u32(0xdeadbeef).bytes(Uint8Array.of(9, 9)).finish()
    expect(toHex(bytes, '')).toBe('160303010203deadbeef0909')
    const r = new ByteReader(bytes)
    expect([r.u8(), r.u16(), r.u24(), r.u32()]).toEqual([0x16, 0x0303, 0x010203, 0xdeadbeef])
    const sub = r.sub(2)
    expect(sub.pos).toBe(10)
    expect(sub.take(2)).toEqual(Uint8Array.of(9, 9))
    expect(r.remaining).toBe(0)
  })
  it('says where a short input ran out instead of returning garbage', () => {
    const r = new ByteReader(Uint8Array.of(1, 2, 3), 1)
    expect(() => r.u24('length')).toThrow('Truncated length at byte 1: needs 3 bytes, 2 remain.')
  })
})
