// The pcap stream reader on files whose bytes we wrote ourselves (both byte orders, micro- and nanosecond magic) and
// on hostile ones (wrong magic, giant caplen, cut short, random): the packets that are there come out whole, the
// rest becomes a finding, quickly, however the stream is chunked.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { PcapStreamReader, readPcap } from './pcap'

interface Rec {
  sec: number
  frac: number
  bytes: number[]
  orig?: number
}

function pcapFile(o: { le: boolean; ns: boolean; linkType: number; records: Rec[] }): Uint8Array {
  const size = 24 + o.records.reduce((n, r) => n + 16 + r.bytes.length, 0)
  const out = new Uint8Array(size)
  const v = new DataView(out.buffer)
  v.setUint32(0, o.ns ? 0xa1b23c4d : 0xa1b2c3d4, o.le)
  v.setUint16(4, 2, o.le)
  v.setUint16(6, 4, o.le)
  v.setUint32(16, 262144, o.le)
  v.setUint32(20, o.linkType, o.le)
  let p = 24
  for (const r of o.records) {
    v.setUint32(p, r.sec, o.le)
    v.setUint32(p + 4, r.frac, o.le)
    v.setUint32(p + 8, r.bytes.length, o.le)
    v.setUint32(p + 12, r.orig ?? r.bytes.length, o.le)
    out.set(r.bytes, p + 16)
    p += 16 + r.bytes.length
  }
  return out
}

const RECORDS: Rec[] = [
  { sec: 1_700_000_000, frac: 123_456, bytes: [0x45, 1, 2, 3] },
  { sec: 1_700_000_001, frac: 999_999, bytes: [0x60, 9, 8, 7, 6, 5], orig: 1500 }
]

describe('pcap reader', () => {
  it('reads both byte orders and microsecond or nanosecond timestamps alike', () => {
    for (const le of [true, false]) {
      for (const ns of [false, true]) {
        const records = RECORDS.map((r) => ({ ...r, frac: ns ? r.frac * 1000 + 789 : r.frac }))
        const { linkType, packets, findings } = readPcap(pcapFile({ le, ns, linkType: 276, records }))
        expect(findings).toEqual([])
        expect(linkType).toBe(276)
        expect(packets.map((p) => [p.epochMicros, [...p.bytes], p.originalLength, p.linkType])).toEqual([
          [1_700_000_000_123_456, [0x45, 1, 2, 3], 4, 276],
          [1_700_000_001_999_999, [0x60, 9, 8, 7, 6, 5], 1500, 276]
        ])
      }
    }
  })

  it('gives the same packets however the stream is cut into chunks', () => {
    const file = pcapFile({ le: true, ns: false, linkType: 1, records: RECORDS })
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: file.length }), { maxLength: 6 }), (cuts) => {
        const reader = new PcapStreamReader()
        const points = [...new Set(cuts)].sort((a, b) => a - b)
        const got = []
        let from = 0
        for (const to of [...points, file.length]) {
          got.push(...reader.push(file.subarray(from, to)))
          from = to
        }
        expect(got.map((p) => p.bytes.length)).toEqual([4, 6])
        expect(reader.finish()).toEqual([])
      }),
      { numRuns: 200 }
    )
  })

  it('refuses a stream that is not pcap, naming pcapng when it is that', () => {
    expect(readPcap(new TextEncoder().encode('GET / HTTP/1.1\r\n\r\nmore than twenty-four bytes')).findings[0]).toMatchObject({ code: 'PCAP_BAD_MAGIC' })
    const pcapng = Uint8Array.from([0x0a, 0x0d, 0x0d, 0x0a, ...new Array(30).fill(0)])
    expect(readPcap(pcapng).findings[0]!.message).toMatch(/pcapng/)
  })

  it('stops at a giant caplen at once instead of waiting for (or allocating) gigabytes', () => {
    const file = pcapFile({ le: true, ns: false, linkType: 1, records: RECORDS })
    new DataView(file.buffer).setUint32(24 + 16 + 4 + 8, 0xfffffff0, true) // the second record's caplen
    const reader = new PcapStreamReader()
    const packets = reader.push(file)
    expect(packets).toHaveLength(1)
    expect(reader.failed?.code).toBe('PCAP_GIANT_PACKET')
    expect(reader.push(new Uint8Array(1000))).toEqual([]) // nothing more is read once it failed
    expect(reader.finish().map((f) => f.code)).toEqual(['PCAP_GIANT_PACKET'])
  })

  it('keeps the whole packets of a stream cut short and says where it ended', () => {
    const file = pcapFile({ le: false, ns: false, linkType: 1, records: RECORDS })
    const cut = readPcap(file.subarray(0, file.length - 3))
    expect(cut.packets).toHaveLength(1)
    expect(cut.findings.map((f) => f.code)).toEqual(['PCAP_TRUNCATED'])
    expect(readPcap(file.subarray(0, 10)).findings.map((f) => f.code)).toEqual(['PCAP_NO_HEADER'])
    expect(readPcap(new Uint8Array(0)).findings[0]!.message).toMatch(/no data/)
  })

  it('rejects a timestamp fraction out of range (a damaged stream)', () => {
    const file = pcapFile({ le: true, ns: false, linkType: 1, records: [{ sec: 1, frac: 2_000_000, bytes: [1] }] })
    expect(readPcap(file).findings.map((f) => f.code)).toEqual(['PCAP_BAD_TIMESTAMP'])
  })

  it('never throws on random bytes after a valid header', () => {
    const header = pcapFile({ le: true, ns: false, linkType: 1, records: [] })
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (tail) => {
        const r = readPcap(Uint8Array.from([...header, ...tail]))
        for (const p of r.packets) expect(p.bytes.length).toBeLessThanOrEqual(200)
      }),
      { numRuns: 500 }
    )
  })
})
