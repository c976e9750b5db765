// De-chunking (RFC 9112 §7.1) under caps: data out, extensions and trailers located, hostile sizes refused.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { WirebenchError } from '../errors'
import { dechunk, scanChunked } from './chunked'

const enc = (s: string): Uint8Array => new TextEncoder().encode(s)
const dec = (b: Uint8Array): string => new TextDecoder().decode(b)

describe('scanChunked and dechunk', () => {
  it('joins the chunk data and finds the trailer section', () => {
    const bytes = enc('4\r\nWiki\r\n5;ext="quoted"\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n000\r\nX-Checksum: 1\r\n\r\nrest')
    const { data, scan } = dechunk(bytes)
    expect(dec(data)).toBe('Wikipedia in\r\n\r\nchunks.')
    expect(scan).toMatchObject({ complete: true, chunkCount: 4, dataLength: 23, end: bytes.length - 4 })
    expect(scan.chunks[1]!.extensions).toEqual([{ name: 'ext', value: 'quoted' }])
    expect(dec(bytes.subarray(scan.trailer!.offset, scan.trailer!.offset + scan.trailer!.length))).toBe('X-Checksum: 1\r\n\r\n')
  })

  it('starts at an offset and gives what arrived when the body is incomplete', () => {
    const bytes = enc('HEAD8\r\nabcd')
    const { data, scan } = dechunk(bytes, 4)
    expect(dec(data)).toBe('abcd')
    expect(scan).toMatchObject({ complete: false, broken: false })
    expect(scan.atLeast).toBeGreaterThanOrEqual(4)
    expect(scanChunked(enc('5\r\nhello\r\n0\r\n')).complete).toBe(false)
  })

  it('refuses data over the cap and unframeable bytes with WirebenchError', () => {
    expect(() => dechunk(enc('a\r\n0123456789\r\n0\r\n\r\n'), 0, { maxBytes: 5 })).toThrow(expect.objectContaining({ code: 'HTTP_BODY_TOO_LARGE' }))
    expect(() => dechunk(enc('g\r\nx\r\n0\r\n\r\n'))).toThrow(expect.objectContaining({ code: 'HTTP_BAD_FRAMING' }))
    expect(() => dechunk(enc('1\r\nxx\r\n0\r\n\r\n'))).toThrow(/CRLF/)
    expect(scanChunked(enc('100000000000\r\n')).findings[0]!.code).toBe('CHUNK_SIZE_TOO_LARGE')
    expect(scanChunked(enc('1'.repeat(5000))).findings[0]!.code).toBe('CHUNK_LINE_TOO_LONG')
    expect(scanChunked(enc('0\r\n' + 'X: y\r\n'.repeat(20_000))).findings[0]!.code).toBe('TRAILER_TOO_LARGE')
  })

  it('notes leniencies: bare LF, whitespace around the size', () => {
    const lf = scanChunked(enc('3\nabc\n0\n\n'))
    expect(lf).toMatchObject({ complete: true, dataLength: 3 })
    expect(lf.findings.map((f) => f.code)).toEqual(['BARE_LF'])
    expect(scanChunked(enc(' 3\r\nabc\r\n0\r\n\r\n')).findings.map((f) => f.code)).toEqual(['CHUNK_SIZE_WHITESPACE'])
    expect(scanChunked(enc('3 \r\nabc\r\n0\r\n\r\n')).findings.map((f) => f.code)).toEqual(['CHUNK_SIZE_WHITESPACE'])
  })

  it('keeps positions for a bounded number of chunks but reads them all', () => {
    const bytes = enc('1\r\na\r\n'.repeat(20_000) + '0\r\n\r\n')
    const { data, scan } = dechunk(bytes)
    expect(scan.chunks.length).toBe(10_000)
    expect(scan.chunkCount).toBe(20_001)
    expect(data.length).toBe(20_000)
  })

  it('random input never throws anything but WirebenchError', () => {
    const parts = ['0', '5', 'a', 'F', ';', '=', ' ', '\r\n', '\n', 'hello', 'x']
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 200 }), fc.array(fc.constantFrom(...parts), { maxLength: 30 }).map((p) => enc(p.join('')))), (bytes) => {
        const scan = scanChunked(bytes)
        expect(scan.end).toBeLessThanOrEqual(bytes.length)
        try {
          const { data } = dechunk(bytes, 0, { maxBytes: 100 })
          expect(data.length).toBe(scan.dataLength)
        } catch (e) {
          expect(e).toBeInstanceOf(WirebenchError)
        }
      }),
      { numRuns: 1000 }
    )
  })
})
