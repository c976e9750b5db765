// HPACK against every example of RFC 7541 Appendix C, byte for byte in both directions with the dynamic table after
// each block, plus the Huffman table, the error cases (COMPRESSION_ERROR) and a fuzz that only WirebenchError escapes.
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { parseHex, toHex } from '../bytes'
import { WirebenchError } from '../errors'
import { decodeInteger, encodeInteger, HpackDecoder, HpackEncoder, type HeaderFieldInput } from './hpack'
import { HUFFMAN_CODES, huffmanDecode, huffmanEncode } from './hpack-huffman'
import { HPACK_STATIC_TABLE } from './hpack-static'

const err = (f: () => unknown): WirebenchError => {
  try {
    f()
  } catch (e) {
    if (e instanceof WirebenchError) return e
    throw e
  }
  throw new Error('did not throw')
}
const h = (name: string, value: string, indexing?: HeaderFieldInput['indexing']): HeaderFieldInput => (indexing ? { name, value, indexing } : { name, value })

interface Step {
  headers: HeaderFieldInput[]
  hex: string
  table: [string, string][]
  size: number
}

function runSequence(steps: Step[], huffman: 'always' | 'never', tableSize?: number): void {
  const opts = tableSize ? { maxTableSize: tableSize } : {}
  const encoder = new HpackEncoder({ ...opts, huffman })
  const decoder = new HpackDecoder(opts)
  for (const step of steps) {
    const wire = parseHex(step.hex)
    expect(toHex(encoder.encode(step.headers), '')).toBe(toHex(wire, ''))
    const r = decoder.decode(wire)
    expect(r.headers).toEqual(step.headers.map(({ name, value }) => ({ name, value })))
    expect(decoder.dynamicTable.map((e) => [e.name, e.value])).toEqual(step.table)
    expect(decoder.tableSize).toBe(step.size)
    expect(encoder.tableSize).toBe(step.size)
    expect(r.fields.at(-1)!.tableAfter.map((e) => [e.name, e.value])).toEqual(step.table)
  }
}

describe('RFC 7541 C.1 integers', () => {
  it('encodes and decodes 10 and 1337 with a 5-bit prefix and 42 at an octet boundary', () => {
    expect(toHex(encodeInteger(10, 5), '')).toBe('0a')
    expect(toHex(encodeInteger(1337, 5), '')).toBe('1f9a0a')
    expect(toHex(encodeInteger(42, 8), '')).toBe('2a')
    expect(decodeInteger(parseHex('1f9a0a'), 0, 5)).toEqual({ value: 1337, next: 3 })
  })
  it('refuses an integer that never ends or overflows', () => {
    expect(err(() => decodeInteger(parseHex('1fffffffffffffff7f'), 0, 5)).code).toBe('HPACK_COMPRESSION_ERROR')
    expect(err(() => decodeInteger(parseHex('1f9a'), 0, 5)).message).toMatch(/ends inside an integer/)
  })
})

describe('RFC 7541 C.2 single representations', () => {
  it('C.2.1 literal with indexing', () => {
    runSequence([{ headers: [h('custom-key', 'custom-header')], hex: '400a637573746f6d2d6b65790d637573746f6d2d686561646572', table: [['custom-key', 'custom-header']], size: 55 }], 'never')
  })
  it('C.2.2 literal without indexing', () => {
    runSequence([{ headers: [h(':path', '/sample/path', 'without')], hex: '040c2f73616d706c652f70617468', table: [], size: 0 }], 'never')
    const f = new HpackDecoder().decode(parseHex('040c2f73616d706c652f70617468')).fields[0]!
    expect(f).toMatchObject({ representation: 'literal-without-indexing', index: 4, indexSource: 'static', valueHuffman: false })
  })
  it('C.2.3 literal never indexed', () => {
    runSequence([{ headers: [h('password', 'secret', 'never')], hex: '100870617373776f726406736563726574', table: [], size: 0 }], 'never')
    expect(new HpackDecoder().decode(parseHex('100870617373776f726406736563726574')).fields[0]!.representation).toBe('literal-never-indexed')
  })
  it('C.2.4 indexed field', () => {
    runSequence([{ headers: [h(':method', 'GET')], hex: '82', table: [], size: 0 }], 'never')
  })
})

const REQUESTS = (hex: [string, string, string]): Step[] => [
  { headers: [h(':method', 'GET'), h(':scheme', 'http'), h(':path', '/'), h(':authority', 'www.example.com')], hex: hex[0], table: [[':authority', 'www.example.com']], size: 57 },
  {
    headers: [h(':method', 'GET'), h(':scheme', 'http'), h(':path', '/'), h(':authority', 'www.example.com'), h('cache-control', 'no-cache')],
    hex: hex[1],
    table: [['cache-control', 'no-cache'], [':authority', 'www.example.com']],
    size: 110
  },
  {
    headers: [h(':method', 'GET'), h(':scheme', 'https'), h(':path', '/index.html'), h(':authority', 'www.example.com'), h('custom-key', 'custom-value')],
    hex: hex[2],
    table: [['custom-key', 'custom-value'], ['cache-control', 'no-cache'], [':authority', 'www.example.com']],
    size: 164
  }
]

const COOKIE = 'foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1'
const D1 = 'Mon, 21 Oct 2013 20:13:21 GMT'
const D2 = 'Mon, 21 Oct 2013 20:13:22 GMT'
const LOC = 'https://www.example.com'
const RESPONSES = (hex: [string, string, string]): Step[] => [
  {
    headers: [h(':status', '302'), h('cache-control', 'private'), h('date', D1), h('location', LOC)],
    hex: hex[0],
    table: [['location', LOC], ['date', D1], ['cache-control', 'private'], [':status', '302']],
    size: 222
  },
  {
    headers: [h(':status', '307'), h('cache-control', 'private'), h('date', D1), h('location', LOC)],
    hex: hex[1],
    table: [[':status', '307'], ['location', LOC], ['date', D1], ['cache-control', 'private']],
    size: 222
  },
  {
    headers: [h(':status', '200'), h('cache-control', 'private'), h('date', D2), h('location', LOC), h('content-encoding', 'gzip'), h('set-cookie', COOKIE)],
    hex: hex[2],
    table: [['set-cookie', COOKIE], ['content-encoding', 'gzip'], ['date', D2]],
    size: 215
  }
]

describe('RFC 7541 C.3–C.6 sequences', () => {
  it('C.3 requests without Huffman', () => {
    runSequence(REQUESTS(['828684410f7777772e6578616d706c652e636f6d', '828684be58086e6f2d6361636865', '828785bf400a637573746f6d2d6b65790c637573746f6d2d76616c7565']), 'never')
  })
  it('C.4 requests with Huffman', () => {
    runSequence(REQUESTS(['828684418cf1e3c2e5f23a6ba0ab90f4ff', '828684be5886a8eb10649cbf', '828785bf408825a849e95ba97d7f8925a849e95bb8e8b4bf']), 'always')
  })
  it('C.5 responses without Huffman, table of 256 octets with evictions', () => {
    runSequence(
      RESPONSES([
        '4803333032580770726976617465611d4d6f6e2c203231204f637420323031332032303a31333a323120474d546e1768747470733a2f2f7777772e6578616d706c652e636f6d',
        '4803333037c1c0bf',
        '88c1611d4d6f6e2c203231204f637420323031332032303a31333a323220474d54c05a04677a69707738666f6f3d4153444a4b48514b425a584f5157454f50495541585157454f49553b206d61782d6167653d333630303b2076657273696f6e3d31'
      ]),
      'never',
      256
    )
  })
  it('C.6 responses with Huffman', () => {
    runSequence(
      RESPONSES([
        '488264025885aec3771a4b6196d07abe941054d444a8200595040b8166e082a62d1bff6e919d29ad171863c78f0b97c8e9ae82ae43d3',
        '4883640effc1c0bf',
        '88c16196d07abe941054d444a8200595040b8166e084a62d1bffc05a839bd9ab77ad94e7821dd7f2e6c7b335dfdfcd5b3960d5af27087f3672c1ab270fb5291f9587316065c003ed4ee5b1063d5007'
      ]),
      'always',
      256
    )
  })
  it('explains each field: representation, index, Huffman, evictions', () => {
    const d = new HpackDecoder({ maxTableSize: 256 })
    d.decode(parseHex('488264025885aec3771a4b6196d07abe941054d444a8200595040b8166e082a62d1bff6e919d29ad171863c78f0b97c8e9ae82ae43d3'))
    const r = d.decode(parseHex('4883640effc1c0bf'), 100)
    expect(r.fields[0]).toMatchObject({ representation: 'literal-incremental', index: 8, indexSource: 'static', valueHuffman: true, offset: 100, length: 5 })
    expect(r.fields[0]!.evicted.map((e) => e.value)).toEqual(['302'])
    expect(r.fields[1]).toMatchObject({ representation: 'indexed', index: 65, indexSource: 'dynamic', name: 'cache-control', value: 'private' })
    expect(r.spans[0]!.explain).toMatch(/RFC 7541 §6\.2\.1/)
    expect(r.headerListSize).toBe(222)
  })
})

describe('Huffman code (Appendix B) and tables (Appendix A)', () => {
  it('derives the RFC codes from the lengths', () => {
    expect(HUFFMAN_CODES[0]).toBe(0x1ff8)
    expect(HUFFMAN_CODES[48]).toBe(0x0)
    expect(HUFFMAN_CODES[122]).toBe(0x7b)
    expect(HUFFMAN_CODES[255]).toBe(0x3ffffee)
    expect(HUFFMAN_CODES[256]).toBe(0x3fffffff)
    expect(HPACK_STATIC_TABLE).toHaveLength(61)
    expect(HPACK_STATIC_TABLE[60]).toEqual(['www-authenticate', ''])
  })
  it('round-trips every octet', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i)
    expect(huffmanDecode(huffmanEncode(all), 1000)).toEqual(all)
  })
  it('refuses EOS, long padding and padding that is not ones (§5.2)', () => {
    expect(err(() => huffmanDecode(parseHex('ffffffff'), 100)).message).toMatch(/EOS/)
    expect(err(() => huffmanDecode(parseHex('ff'), 100)).message).toMatch(/8 bits of padding/)
    expect(err(() => huffmanDecode(parseHex('00'), 100)).message).toMatch(/not the high bits of EOS/) // '0' + 000
    expect(err(() => huffmanDecode(huffmanEncode(new TextEncoder().encode('aaaa')), 3)).message).toMatch(/over the limit/)
  })
})

describe('decoder errors and limits', () => {
  it('refuses index 0 and indexes past the tables', () => {
    expect(err(() => new HpackDecoder().decode(parseHex('80'))).code).toBe('HPACK_COMPRESSION_ERROR')
    expect(err(() => new HpackDecoder().decode(parseHex('be'))).message).toMatch(/past the end/)
  })
  it('applies size updates at the start only, and never above the setting', () => {
    const d = new HpackDecoder()
    d.decode(parseHex('400a637573746f6d2d6b65790d637573746f6d2d686561646572'))
    const r = d.decode(parseHex('3f11')) // 0x20|31, 17 → 48 octets: the 55-octet entry goes
    expect(r.fields[0]).toMatchObject({ representation: 'size-update', newMaxSize: 48, tableSizeAfter: 0 })
    expect(r.fields[0]!.evicted).toHaveLength(1)
    expect(err(() => d.decode(parseHex('8220'))).message).toMatch(/must open the block/)
    expect(err(() => new HpackDecoder().decode(parseHex('3fe21f'))).message).toMatch(/above the 4096/)
  })
  it('requires a size update after the setting shrinks (§4.2)', () => {
    const d = new HpackDecoder()
    d.setProtocolMaxTableSize(100)
    expect(err(() => d.decode(parseHex('82'))).message).toMatch(/does not open with a dynamic table size update/)
    const e = new HpackEncoder()
    e.setMaxTableSize(100)
    const d2 = new HpackDecoder()
    d2.setProtocolMaxTableSize(100)
    expect(d2.decode(e.encode([h(':method', 'GET')])).headers).toEqual([{ name: ':method', value: 'GET' }])
  })
  it('caps the header list size and string lengths', () => {
    const block = new HpackEncoder().encode([h('x', 'y'.repeat(5000), 'without')])
    expect(err(() => new HpackDecoder({ maxHeaderListSize: 1000 }).decode(block)).code).toBe('TOO_LARGE')
    expect(err(() => new HpackDecoder({ maxStringLength: 100 }).decode(block)).message).toMatch(/over the 100-byte limit/)
    expect(err(() => new HpackDecoder().decode(parseHex('400a6375'))).message).toMatch(/only 2 remain/)
  })
})

describe('fuzz', () => {
  it('decodes random bytes with nothing but WirebenchError escaping', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        try {
          new HpackDecoder().decode(bytes)
        } catch (e) {
          if (!(e instanceof WirebenchError)) throw e
        }
      }),
      { numRuns: 3000 }
    )
  })
  it('round-trips random header lists through encoder and decoder, tables in step', () => {
    const field = fc.record({
      name: fc.constantFrom(':path', 'cookie', 'x-a', 'date', 'content-type', 'x-b'),
      value: fc.string({ maxLength: 40 }),
      indexing: fc.constantFrom<'incremental' | 'without' | 'never'>('incremental', 'without', 'never')
    })
    fc.assert(
      fc.property(fc.array(fc.array(field, { maxLength: 12 }), { maxLength: 6 }), fc.integer({ min: 0, max: 400 }), (blocks, size) => {
        const e = new HpackEncoder({ maxTableSize: size })
        const d = new HpackDecoder({ maxTableSize: size })
        for (const b of blocks) {
          expect(d.decode(e.encode(b)).headers).toEqual(b.map(({ name, value }) => ({ name, value })))
          expect(d.dynamicTable).toEqual(e.dynamicTable)
        }
      }),
      { numRuns: 300 }
    )
  })
})
