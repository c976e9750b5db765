// What the WebSocket panel does before anything reaches main: the composer's payload per kind (hex for binary, the
// 125-byte cap of control frames), header lines parsed with words, the bearer token found for the first message, the
// page's frame cap, and a frame's bytes cut into the spans the detail view shows.
import { describe, expect, it } from 'vitest'
import { WS_LIMITS, type WsFrameRow, type WsInfo } from '../../../../shared/contract/ws'
import { fromBase64 } from '../../../../shared/bytes'
import { encodeFrame } from '../../../../shared/http/ws-frames'
import { frameSpans } from './WsFrameDetail'
import { appendFrames, bearerFromHeaders, composePayload, parseHeaderLines, type WsConn } from './ws-store'

const row = (n: number): WsFrameRow => ({ dir: 'received', atMs: n, fin: true, rsv: 0, opcode: 1, opcodeName: 'text', masked: false, length: 1, text: String(n), rawBase64: '' })

describe('the composer', () => {
  it('sends text as typed and binary from hex, as base64', () => {
    expect(composePayload('text', 'héllo')).toEqual({ kind: 'text', data: 'héllo' })
    expect(composePayload('binary', 'de ad be ef')).toEqual({ kind: 'binary', data: '3q2+7w==' })
    expect(fromBase64(composePayload('ping', 'are you there').data)).toEqual(new TextEncoder().encode('are you there'))
  })

  it('refuses bad hex and control frames over 125 bytes, with words', () => {
    expect(() => composePayload('binary', 'zz')).toThrow(/0-9 and a-f/)
    expect(() => composePayload('ping', 'x'.repeat(126))).toThrow(/at most 125 bytes.*126/)
    expect(() => composePayload('pong', 'x'.repeat(125))).not.toThrow()
  })
})

describe('upgrade headers and the first message', () => {
  it('parses "Name: value" lines and names the line without a colon', () => {
    expect(parseHeaderLines('Origin: https://a.example\n\nX-Token:  abc:def ')).toEqual([
      ['Origin', 'https://a.example'],
      ['X-Token', 'abc:def']
    ])
    expect(() => parseHeaderLines('Origin: x\nnot a header')).toThrow(/line 2/)
  })

  it('finds the bearer token of an Authorization line, in any case', () => {
    expect(bearerFromHeaders('Origin: x\nauthorization: bearer eyJ.a.b')).toBe('eyJ.a.b')
    expect(bearerFromHeaders('Authorization: Basic dTpw')).toBeNull()
  })
})

describe('the frames the page keeps', () => {
  it(`keeps the newest ${WS_LIMITS.framesKept} and counts what it dropped`, () => {
    const info = {} as WsInfo
    let c: WsConn = { info, frames: [], dropped: 0, closed: null, selected: null }
    c = appendFrames(c, Array.from({ length: WS_LIMITS.framesKept - 1 }, (_, i) => row(i)))
    expect(c.dropped).toBe(0)
    c = appendFrames(c, [row(9001), row(9002), row(9003)])
    expect(c.frames).toHaveLength(WS_LIMITS.framesKept)
    expect(c.dropped).toBe(2)
    expect(c.frames[0]!.text).toBe('2')
    expect(c.frames.at(-1)!.text).toBe('9003')
  })
})

describe('a frame byte by byte', () => {
  it('cuts a masked client frame with a 16-bit length into header bits, length, key and payload', () => {
    const payload = new Uint8Array(300).fill(0x41)
    const raw = encodeFrame({ opcode: 1, payload, maskKey: new Uint8Array([1, 2, 3, 4]) })
    const [frame] = frameSpans(raw)
    // The root row is the whole frame (the tree shows its length), not the payload after an 8-byte header.
    expect(frame).toMatchObject({ offset: 0, length: raw.length, value: '308 bytes: 8-byte header, 300-byte payload' })
    expect(frame!.headerLength).toBeUndefined()
    expect(frame!.children!.map((s) => [s.name, s.offset, s.length])).toEqual([
      ['FIN, RSV1–3, opcode', 0, 1],
      ['MASK, payload length', 1, 1],
      ['Extended payload length (16 bits)', 2, 2],
      ['Masking key', 4, 4],
      ['Payload (masked)', 8, 300]
    ])
    expect(frame!.children![3]!.value).toBe('01 02 03 04')
  })

  it('reads an unmasked close frame and a frame cut short without throwing', () => {
    const close = encodeFrame({ opcode: 8, payload: new Uint8Array([0x03, 0xe8]) })
    const [f] = frameSpans(close)
    expect(f!.name).toMatch(/^Frame: close/)
    expect(f!.children!.at(-1)).toMatchObject({ name: 'Payload', offset: 2, length: 2 })
    expect(frameSpans(new Uint8Array([0x81]))[0]!.name).toBe('Frame (cut short)')
  })
})
