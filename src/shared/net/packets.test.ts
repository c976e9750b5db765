// Packet dissection on hand-built packets whose every byte is known: a Linux SYN with its options, IPv6 with an
// extension header, each link header, and hostile bytes (cut short, lying lengths, random) that must become findings
// with spans inside the packet, never an exception.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Span } from '../dissect/span'
import { dissect } from '../dissect/table'
import { LINKTYPE, dissectPacket } from './packets'

const hex = (s: string): Uint8Array => Uint8Array.from(s.replace(/\s+/g, '').match(/../g)!.map((b) => parseInt(b, 16)))

/** RFC 1071 checksum, written out independently of the dissector's. */
function checksum(bytes: number[]): number {
  let sum = 0
  for (let i = 0; i < bytes.length; i += 2) sum += (bytes[i]! << 8) + (bytes[i + 1] ?? 0)
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16)
  return ~sum & 0xffff
}

/** An IPv4 packet 127.0.0.1 → 127.0.0.1 (TTL 64, DF) carrying `transport`, both checksums correct. */
function ipv4(protocol: number, transport: number[], checksumAt: number): Uint8Array {
  const total = 20 + transport.length
  const ip = [0x45, 0, total >> 8, total & 0xff, 0x12, 0x34, 0x40, 0, 64, protocol, 0, 0, 127, 0, 0, 1, 127, 0, 0, 1]
  const ipSum = checksum(ip)
  ip[10] = ipSum >> 8
  ip[11] = ipSum & 0xff
  const t = [...transport]
  const pseudo = [127, 0, 0, 1, 127, 0, 0, 1, 0, protocol, t.length >> 8, t.length & 0xff]
  const sum = checksum([...pseudo, ...t])
  t[checksumAt] = sum >> 8
  t[checksumAt + 1] = sum & 0xff
  return Uint8Array.from([...ip, ...t])
}

// Linux's SYN: ports 51000 → 443, ISN 0x01020304, window 65495, options MSS 65495, SACK-permitted, timestamps, NOP, window scale 7.
const SYN_TCP = [...hex('c7 38 01 bb 01 02 03 04 00 00 00 00 a0 02 ff d7 00 00 00 00'), ...hex('02 04 ff d7 04 02 08 0a 00 00 03 e8 00 00 00 00 01 03 03 07')]
const SLL2 = (ethertype: number): number[] => [ethertype >> 8, ethertype & 0xff, 0, 0, 0, 0, 0, 1, 0x03, 0x04, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0]

function allSpans(spans: readonly Span[], out: Span[] = []): Span[] {
  for (const s of spans) {
    out.push(s)
    if (s.children) allSpans(s.children, out)
  }
  return out
}
const find = (spans: readonly Span[], name: string): Span | undefined => allSpans(spans).find((s) => s.name === name)

describe('dissectPacket', () => {
  it('reads a SYN on Linux cooked v2: flags, sequence number, window, options, TTL and DF with spans', () => {
    const packet = Uint8Array.from([...SLL2(0x0800), ...ipv4(6, SYN_TCP, 16)])
    const d = dissectPacket(packet, LINKTYPE.LINUX_SLL2)
    expect(d.findings).toEqual([])
    expect(d.summary).toMatchObject({ ipVersion: 4, src: '127.0.0.1', dst: '127.0.0.1', ttl: 64, df: true, protocol: 'tcp', srcPort: 51000, dstPort: 443, payloadOffset: 80, payloadLength: 0 })
    expect(d.summary.tcp).toEqual({
      seq: 0x01020304,
      ack: 0,
      flags: ['SYN'],
      window: 65495,
      options: [
        { kind: 2, name: 'Maximum segment size', value: '65495 bytes' },
        { kind: 4, name: 'SACK permitted', value: 'yes' },
        { kind: 8, name: 'Timestamps', value: 'TSval 1000, TSecr 0' },
        { kind: 1, name: 'NOP', value: '' },
        { kind: 3, name: 'Window scale', value: 'shift 7 (× 128)' }
      ]
    })
    // The spans point at the right bytes: TTL is IPv4 byte 8 after the 20-byte SLL2 header.
    expect(find(d.spans, 'Time to live')).toMatchObject({ offset: 28, length: 1, value: '64' })
    expect(find(d.spans, 'Flags')?.value).toBe("DF (don't fragment)")
    expect(find(d.spans, 'Sequence number')).toMatchObject({ offset: 44, length: 4, value: String(0x01020304) })
    expect(find(d.spans, 'Window scale')).toMatchObject({ offset: 77, length: 3 })
    expect(find(d.spans, 'Window scale')!.explain).toMatch(/RFC 7323/)
    expect(find(d.spans, 'SACK permitted')!.explain).toMatch(/RFC 2018/)
    expect(find(d.spans, 'Header checksum')!.value).toMatch(/correct/)
    expect(find(d.spans, 'Sequence number')!.explain).toMatch(/RFC 9293/)
    expect(d.spans[0]).toMatchObject({ name: 'Linux cooked capture v2', offset: 0, length: 20 })
  })

  it('reads data with ACK and PSH, and points the payload at the bytes after the header', () => {
    const tcp = [...hex('01 bb c7 38 00 00 00 10 01 02 03 05 50 18 01 00 00 00 00 00'), ...Array.from(new TextEncoder().encode('hello'))]
    const d = dissectPacket(ipv4(6, tcp, 16), LINKTYPE.RAW)
    expect(d.summary.tcp!.flags).toEqual(['ACK', 'PSH'])
    expect(d.summary.tcp!.ack).toBe(0x01020305)
    expect(new TextDecoder().decode(ipv4(6, tcp, 16).subarray(d.summary.payloadOffset, d.summary.payloadOffset + d.summary.payloadLength))).toBe('hello')
    expect(d.findings).toEqual([])
  })

  it('says a wrong TCP checksum is likely offload, and a wrong IPv4 header checksum is an error a router acts on', () => {
    const packet = ipv4(6, SYN_TCP, 16)
    packet[36] = 0 // TCP checksum, as Linux leaves it on loopback
    packet[37] = 0
    packet[10] = packet[10]! ^ 0xff // the IP header checksum
    const codes = dissectPacket(packet, LINKTYPE.RAW).findings.map((f) => [f.code, f.severity])
    expect(codes).toEqual([['IP_CHECKSUM', 'warning'], ['TCP_CHECKSUM', 'info']])
  })

  it('reads IPv6 on Ethernet through a Hop-by-Hop header to UDP, with RFC 5952 addresses', () => {
    const udp = [0xd4, 0x31, 0x00, 0x35, 0x00, 0x0a, 0x00, 0x00, 0xab, 0xcd]
    const hopByHop = [17, 0, 1, 4, 0, 0, 0, 0]
    const payload = [...hopByHop, ...udp]
    const src = hex('2001 0db8 0000 0000 0000 0000 0000 0001')
    const dst = hex('2001 0db8 0000 0000 0001 0000 0000 0053')
    const ip6 = [0x60, 0x0b, 0xcd, 0xef, 0, payload.length, 0, 57, ...src, ...dst]
    // The UDP checksum over the IPv6 pseudo-header (RFC 8200 §8.1).
    const sum = checksum([...src, ...dst, 0, 0, 0, udp.length, 0, 0, 0, 17, ...udp])
    udp[6] = sum >> 8
    udp[7] = sum & 0xff
    const frame = Uint8Array.from([...hex('02 00 00 00 00 02 02 00 00 00 00 01 86 dd'), ...ip6, ...hopByHop, ...udp])
    const d = dissectPacket(frame, LINKTYPE.EN10MB)
    expect(d.findings).toEqual([])
    expect(d.summary).toMatchObject({ ipVersion: 6, src: '2001:db8::1', dst: '2001:db8::1:0:0:53' /* the first of two equal zero runs is compressed, RFC 5952 §4.2.3 */, ttl: 57, protocol: 'udp', srcPort: 54321, dstPort: 53, payloadLength: 2 })
    expect(d.summary.df).toBeUndefined()
    expect(find(d.spans, 'Hop-by-Hop Options header')).toMatchObject({ offset: 54, length: 8 })
    expect(find(d.spans, 'Flow label')!.value).toBe('0xbcdef')
    expect(find(d.spans, 'DNS message')).toMatchObject({ offset: 70, length: 2 })
  })

  it('reads BSD loopback headers in either byte order and Ethernet padding is not payload', () => {
    const ip = ipv4(17, [0x30, 0x39, 0x00, 0x35, 0x00, 0x09, 0, 0, 0x41], 6)
    expect(dissectPacket(Uint8Array.from([2, 0, 0, 0, ...ip]), LINKTYPE.NULL).summary.protocol).toBe('udp')
    expect(dissectPacket(Uint8Array.from([0, 0, 0, 2, ...ip]), LINKTYPE.LOOP).summary.srcPort).toBe(12345)
    const padded = Uint8Array.from([...hex('ffffffffffff 020000000001 0800'), ...ip, ...new Array(17).fill(0)])
    expect(dissectPacket(padded, LINKTYPE.EN10MB).summary.payloadLength).toBe(1)
  })

  it('turns cut-short and lying headers into findings', () => {
    const syn = ipv4(6, SYN_TCP, 16)
    expect(dissectPacket(syn.subarray(0, 30), LINKTYPE.RAW).findings.map((f) => f.code)).toEqual(['TRUNCATED', 'TRUNCATED'])
    const badIhl = Uint8Array.from(syn)
    badIhl[0] = 0x43
    expect(dissectPacket(badIhl, LINKTYPE.RAW).findings.map((f) => f.code)).toEqual(['BAD_IHL'])
    const badOption = Uint8Array.from(syn)
    badOption[41] = 40 // the MSS option claims 40 bytes
    expect(dissectPacket(badOption, LINKTYPE.RAW).findings.map((f) => f.code)).toContain('TCP_BAD_OPTION')
    expect(dissectPacket(Uint8Array.from([1, 2, 3]), LINKTYPE.LINUX_SLL2).findings[0]!.code).toBe('TRUNCATED')
    const arp = dissectPacket(Uint8Array.from([...SLL2(0x0806), 0, 1]), LINKTYPE.LINUX_SLL2)
    expect(arp.summary.notIp).toBe(true)
    expect(dissectPacket(syn, 9999).findings[0]!.code).toBe('UNKNOWN_LINK_TYPE')
  })

  it('never throws on random bytes, and every span stays inside the packet', () => {
    const types = [0, 1, 101, 108, 113, 228, 229, 276]
    fc.assert(
      fc.property(fc.constantFrom(...types), fc.uint8Array({ maxLength: 120 }), fc.boolean(), (linkType, tail, asIp) => {
        // Half the cases start with a valid-looking header so the fuzzing reaches IP, TCP and UDP.
        const head = asIp ? (linkType === 276 ? [...SLL2(0x0800)] : linkType === 1 ? [...hex('ffffffffffff 020000000001 0800')] : linkType === 0 ? [2, 0, 0, 0] : []) : []
        const bytes = Uint8Array.from([...head, ...(asIp ? [0x45, 0, 0, 40 + (tail[0] ?? 0), 0, 0, 0, 0, 64, (tail[1] ?? 0) & 1 ? 6 : 17] : []), ...tail])
        const d = dissectPacket(bytes, linkType)
        for (const s of allSpans(d.spans)) {
          expect(s.offset).toBeGreaterThanOrEqual(0)
          expect(s.offset + s.length).toBeLessThanOrEqual(bytes.length)
        }
      }),
      { numRuns: 1500 }
    )
  })

  it('is in the dissector table by link type', () => {
    const d = dissect('packet-sll2', Uint8Array.from([...SLL2(0x0800), ...ipv4(6, SYN_TCP, 16)]))
    expect(d.findings).toEqual([])
    expect(d.spans.map((s) => s.name)).toEqual(['Linux cooked capture v2', 'Internet Protocol version 4'])
    expect(d.spanCount).toBeGreaterThan(20)
    expect(dissect('packet-raw', ipv4(6, SYN_TCP, 16)).spans[0]!.name).toBe('Internet Protocol version 4')
  })
})
