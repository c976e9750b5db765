// TCP segment steps on hand-built segments whose every field is known: a retransmitted segment and duplicate ACKs are
// labelled (RFC 9293 §3.8.1, RFC 5681 §2), and the window is shown scaled once both SYNs agreed (RFC 7323 §2.2).
import { describe, expect, it } from 'vitest'
import type { Connection } from '../tls'
import { LINKTYPE } from '../../shared/net/packets'
import type { Span } from '../../shared/dissect/span'
import type { CapturedPacket } from './capture'
import { segmentDrafts } from './steps-tcp'

const CLIENT = 51000
const SERVER = 443
const FLAGS = { FIN: 1, SYN: 2, RST: 4, PSH: 8, ACK: 16 }

/** One IPv4 packet 127.0.0.1 → 127.0.0.1 (raw IP link type) with a TCP header, window scale `shift` on a SYN. */
function segment(at: number, fromClient: boolean, flags: (keyof typeof FLAGS)[], seq: number, ack: number, window: number, data = 0, shift?: number): CapturedPacket {
  const opts = shift === undefined ? [] : [1, 3, 3, shift]
  const tcp = [
    ...[fromClient ? CLIENT : SERVER, fromClient ? SERVER : CLIENT].flatMap((p) => [p >> 8, p & 255]),
    ...[seq, ack].flatMap((n) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]),
    ((20 + opts.length) / 4) << 4,
    flags.reduce((a, f) => a | FLAGS[f], 0),
    window >> 8,
    window & 255,
    0, 0, 0, 0,
    ...opts,
    ...new Array<number>(data).fill(0x17)
  ]
  const total = 20 + tcp.length
  const ip = [0x45, 0, total >> 8, total & 255, 0, 0, 0x40, 0, 64, 6, 0, 0, 127, 0, 0, 1, 127, 0, 0, 1]
  const bytes = Uint8Array.from([...ip, ...tcp])
  return { at, epochMicros: at * 1000, linkType: LINKTYPE.RAW, bytes }
}

const conn = { local: { address: '127.0.0.1', port: CLIENT, family: 'IPv4' }, remote: { address: '127.0.0.1', port: SERVER, family: 'IPv4' } } as unknown as Connection

function find(spans: readonly Span[], name: string): Span | undefined {
  for (const s of spans) {
    if (s.name === name) return s
    const c = s.children ? find(s.children, name) : undefined
    if (c) return c
  }
  return undefined
}

describe('segmentDrafts', () => {
  const C = 1000
  const S = 5000
  const handshake = (clientShift?: number, serverShift?: number): CapturedPacket[] => [
    segment(1, true, ['SYN'], C, 0, 65495, 0, clientShift),
    segment(2, false, ['SYN', 'ACK'], S, C + 1, 65483, 0, serverShift),
    segment(3, true, ['ACK'], C + 1, S + 1, 512)
  ]

  it('shows the window scaled once both SYNs carried window scale, with the raw field beside it', () => {
    const d = segmentDrafts([...handshake(7, 7), segment(4, true, ['PSH', 'ACK'], C + 1, S + 1, 512, 100)], conn)
    expect(d[0]!.title).toBe('TCP SYN seq=0 win=65495')
    expect(d[2]!.title).toBe('TCP ACK seq=1 ack=1 win=65536')
    expect(d[3]!.title).toMatch(/ seq=1 ack=1 win=65536 len=100$/)
    expect(find(d[2]!.spans, 'Window')!.value).toBe('512 (× 2^7 = 65536 bytes)')
    expect(d[2]!.explain).toMatch(/512 × 2\^7 = 65536 bytes \(RFC 7323 §2\.2\)/)
  })

  it('leaves the window raw when only one side offered scaling', () => {
    const d = segmentDrafts(handshake(7, undefined), conn)
    expect(d[2]!.title).toBe('TCP ACK seq=1 ack=1 win=512')
    expect(find(d[2]!.spans, 'Window')!.value).toBe('512')
  })

  it('labels a segment sent again with the same sequence number and length a retransmission, and repeated ACKs duplicates', () => {
    const d = segmentDrafts(
      [
        ...handshake(),
        segment(4, true, ['PSH', 'ACK'], C + 1, S + 1, 512, 100),
        segment(5, true, ['PSH', 'ACK'], C + 101, S + 1, 512, 50),
        segment(6, false, ['ACK'], S + 1, C + 101, 600),
        segment(7, false, ['ACK'], S + 1, C + 101, 600),
        segment(8, true, ['PSH', 'ACK'], C + 101, S + 1, 512, 50),
        segment(9, false, ['ACK'], S + 1, C + 151, 600)
      ],
      conn
    )
    const titles = d.map((x) => x.title)
    expect(titles[3]).not.toMatch(/\[/)
    expect(titles[4]).not.toMatch(/\[/)
    expect(titles[5]).not.toMatch(/\[/)
    expect(titles[6]).toMatch(/ack=101 win=600 \[duplicate ACK\]$/)
    expect(titles[7]).toMatch(/seq=101 ack=1 win=512 len=50 \[retransmission\]$/)
    expect(d[7]!.explain).toMatch(/RFC 9293 §3\.8\.1/)
    expect(titles[8]).not.toMatch(/\[/)
  })
})
