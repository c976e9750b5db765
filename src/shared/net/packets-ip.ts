// The network layer of a captured packet: the IPv4 header (RFC 791 §3.1) and the IPv6 header with its extension
// headers (RFC 8200 §3–4), each field a span with words, so a learner sees TTL, DF and the addresses on their own bytes.
import type { Span } from '../dissect/span'
import type { Finding } from '../findings'
import { compressHextets, formatIPv4 } from '../ip/format'
import { field, finishChecksum, hex, onesSum, truncated, u16, u32, u8 } from './packets-fields'

export interface IpLayer {
  span: Span
  version: 4 | 6
  src: string
  dst: string
  ttl: number
  df?: boolean
  /** The transport protocol number (after any IPv6 extension headers). */
  protocol: number
  /** Where the transport header starts and where the IP packet ends (Ethernet padding excluded). */
  payloadOffset: number
  payloadEnd: number
  /** A fragment after the first: it carries no transport header (RFC 791 §3.2). */
  laterFragment: boolean
  /** The pseudo-header sum for the TCP/UDP checksum (RFC 9293 §3.1, RFC 8200 §8.1). */
  pseudoSum(transportLength: number): number
  findings: Finding[]
}

/** What came back when the header could not be read: the findings, and a span for what was there. */
export interface IpFailure {
  version?: undefined
  findings: Finding[]
  span?: Span
}

export const IP_PROTOCOLS: Record<number, string> = {
  0: 'IPv6 Hop-by-Hop Options', 1: 'ICMP', 2: 'IGMP', 6: 'TCP', 17: 'UDP', 41: 'IPv6 (encapsulated)', 43: 'IPv6 Routing header',
  44: 'IPv6 Fragment header', 47: 'GRE', 50: 'ESP', 51: 'AH', 58: 'ICMPv6', 59: 'No Next Header', 60: 'IPv6 Destination Options', 132: 'SCTP'
}

const protocolName = (p: number): string => `${p} (${IP_PROTOCOLS[p] ?? 'unassigned or rare'})`

const V4 = 'RFC 791 §3.1'
const V6 = 'RFC 8200 §3'
const ECN = ['Not-ECT (no ECN)', 'ECT(1)', 'ECT(0)', 'CE (congestion experienced)']

export function dissectIPv4(b: Uint8Array, start: number): IpLayer | IpFailure {
  const have = b.length - start
  if (have < 20) return { findings: [truncated('IPv4 header', start, 20, have, V4)] }
  const ihl = u8(b, start) & 0x0f
  const headerLength = ihl * 4
  const findings: Finding[] = []
  if (ihl < 5) {
    findings.push({ severity: 'error', code: 'BAD_IHL', message: `The IPv4 header length field says ${ihl} words (${headerLength} bytes); the minimum is 5 (20 bytes).`, source: V4, span: { offset: start, length: 1 } })
    return { findings }
  }
  if (have < headerLength) return { findings: [truncated('IPv4 header with its options', start, headerLength, have, V4)] }
  const totalLength = u16(b, start + 2)
  let end = start + totalLength
  if (totalLength === 0) {
    end = b.length
    findings.push({ severity: 'info', code: 'IP_LENGTH_ZERO', message: 'The total length is 0: the kernel captured a segment before the network card split it (TCP segmentation offload), so its real length is what was captured.', source: V4 })
  } else if (totalLength < headerLength) {
    findings.push({ severity: 'error', code: 'BAD_TOTAL_LENGTH', message: `The total length (${totalLength}) is shorter than the header (${headerLength}).`, source: V4, span: { offset: start + 2, length: 2 } })
    end = start + headerLength
  } else if (end > b.length) {
    findings.push(truncated('IPv4 packet', start, totalLength, have, V4))
    end = b.length
  }
  const tos = u8(b, start + 1)
  const flagsFrag = u16(b, start + 6)
  const df = (flagsFrag & 0x4000) !== 0
  const mf = (flagsFrag & 0x2000) !== 0
  const fragOffset = (flagsFrag & 0x1fff) * 8
  const ttl = u8(b, start + 8)
  const protocol = u8(b, start + 9)
  const checksum = u16(b, start + 10)
  const expected = finishChecksum(onesSum(b, start + 12, start + headerLength, onesSum(b, start, start + 10)))
  const checksumOk = expected === checksum || onesSum(b, start, start + headerLength) === 0xffff
  if (!checksumOk) {
    findings.push({ severity: 'warning', code: 'IP_CHECKSUM', message: `The IPv4 header checksum is ${hex(checksum)} but the header sums to ${hex(expected)}: a router or receiver would drop this packet.`, source: 'RFC 791 §3.1, RFC 1071', span: { offset: start + 10, length: 2 } })
  }
  const src = formatIPv4(u32(b, start + 12))
  const dst = formatIPv4(u32(b, start + 16))
  const flagWords = [df ? "DF (don't fragment)" : null, mf ? 'MF (more fragments)' : null].filter(Boolean).join(', ') || 'none'
  const children: Span[] = [
    field(start, 1, 'Version', '4', 'The first 4 bits: 4 for IPv4 (RFC 791 §3.1).'),
    field(start, 1, 'Header length (IHL)', `${ihl} × 4 = ${headerLength} bytes`, 'The low 4 bits: the header length in 32-bit words, 5 when there are no options (RFC 791 §3.1).'),
    field(start + 1, 1, 'DSCP / ECN', `DSCP ${tos >> 2}, ECN ${ECN[tos & 3]}`, 'The old Type of Service byte: 6 bits of Differentiated Services code point for queueing priority (RFC 2474 §3) and 2 bits of Explicit Congestion Notification (RFC 3168 §5).'),
    field(start + 2, 2, 'Total length', `${totalLength} bytes`, 'Header plus data, in bytes; at most 65,535 (RFC 791 §3.1).'),
    field(start + 4, 2, 'Identification', `${u16(b, start + 4)} (${hex(u16(b, start + 4))})`, 'Groups the fragments of one datagram; unique per source, destination and protocol while fragments may be in flight (RFC 791 §3.1, RFC 6864 §4).'),
    field(start + 6, 2, 'Flags', flagWords, "3 bits: reserved, DF (don't fragment: a router must drop rather than split it, the basis of path MTU discovery, RFC 1191) and MF (more fragments follow) (RFC 791 §3.1)."),
    field(start + 6, 2, 'Fragment offset', `${fragOffset} bytes`, 'Where this fragment belongs in the datagram, in units of 8 bytes; 0 for an unfragmented packet (RFC 791 §3.1).'),
    field(start + 8, 1, 'Time to live', `${ttl}`, 'Each router decrements it and drops the packet at 0, so a routing loop cannot keep it forever; Linux starts at 64, Windows at 128 (RFC 791 §3.1, RFC 1812 §5.3.1).'),
    field(start + 9, 1, 'Protocol', protocolName(protocol), 'What the data is: 6 TCP, 17 UDP, 1 ICMP (IANA Assigned Internet Protocol Numbers; RFC 791 §3.1).'),
    field(start + 10, 2, 'Header checksum', `${hex(checksum)} (${checksumOk ? 'correct' : `wrong, should be ${hex(expected)}`})`, "The one's-complement sum of the header's 16-bit words, recomputed by every router because TTL changes (RFC 791 §3.1, RFC 1071)."),
    field(start + 12, 4, 'Source address', src, 'Who sent the packet (RFC 791 §3.1).'),
    field(start + 16, 4, 'Destination address', dst, 'Who it is for (RFC 791 §3.1).')
  ]
  if (headerLength > 20) children.push(field(start + 20, headerLength - 20, 'Options', `${headerLength - 20} bytes`, 'IPv4 options (record route, timestamps…), rare today (RFC 791 §3.1).'))
  const span = field(start, end - start, 'Internet Protocol version 4', `${src} → ${dst}, TTL ${ttl}${df ? ', DF' : ''}`, 'The network layer: addresses that routers forward on, hop by hop (RFC 791).', children)
  span.headerLength = headerLength
  const laterFragment = fragOffset > 0
  if (laterFragment || mf) {
    findings.push({ severity: 'info', code: 'IP_FRAGMENT', message: laterFragment ? `A later fragment (offset ${fragOffset}): it carries no ${IP_PROTOCOLS[protocol] ?? 'transport'} header of its own.` : 'The first fragment of a fragmented datagram: the rest follows in other packets.', source: 'RFC 791 §3.2' })
  }
  const srcSum = onesSum(b, start + 12, start + 20)
  return {
    span, version: 4, src, dst, ttl, df, protocol, payloadOffset: start + headerLength, payloadEnd: end, laterFragment, findings,
    pseudoSum: (len) => onesSum(new Uint8Array([0, protocol, len >> 8, len & 0xff]), 0, 4, srcSum)
  }
}

/** Extension headers that share the generic (next header, length in 8-byte units − 1) shape (RFC 8200 §4). */
const EXTENSIONS: Record<number, string> = { 0: 'Hop-by-Hop Options', 43: 'Routing', 60: 'Destination Options', 135: 'Mobility', 139: 'HIP', 140: 'Shim6' }
const MAX_EXTENSIONS = 8

export function dissectIPv6(b: Uint8Array, start: number): IpLayer | IpFailure {
  const have = b.length - start
  if (have < 40) return { findings: [truncated('IPv6 header', start, 40, have, V6)] }
  const findings: Finding[] = []
  const first = u32(b, start)
  const trafficClass = (first >>> 20) & 0xff
  const flowLabel = first & 0xfffff
  const payloadLength = u16(b, start + 4)
  let next = u8(b, start + 6)
  const hopLimit = u8(b, start + 7)
  const addr = (o: number): string => compressHextets(Array.from({ length: 8 }, (_, i) => u16(b, o + i * 2)))
  const src = addr(start + 8)
  const dst = addr(start + 24)
  let end = start + 40 + payloadLength
  if (payloadLength === 0) {
    end = b.length
    if (have > 40) findings.push({ severity: 'info', code: 'IP_LENGTH_ZERO', message: 'The payload length is 0 yet data follows: a jumbogram (RFC 2675) or a segment captured before offload split it.', source: V6 })
  } else if (end > b.length) {
    findings.push(truncated('IPv6 packet', start, 40 + payloadLength, have, V6))
    end = b.length
  }
  const children: Span[] = [
    field(start, 1, 'Version', '6', 'The first 4 bits: 6 for IPv6 (RFC 8200 §3).'),
    field(start, 2, 'Traffic class', `DSCP ${trafficClass >> 2}, ECN ${ECN[trafficClass & 3]}`, 'Like IPv4’s DSCP/ECN byte: priority (RFC 2474 §3) and congestion notification (RFC 3168 §5) (RFC 8200 §7).'),
    field(start + 1, 3, 'Flow label', `${hex(flowLabel, 5)}`, 'A 20-bit label the sender sets per flow so routers can keep a flow on one path without reading the transport header (RFC 6437, RFC 8200 §6).'),
    field(start + 4, 2, 'Payload length', `${payloadLength} bytes`, 'Bytes after this 40-byte header, extension headers included (RFC 8200 §3).'),
    field(start + 6, 1, 'Next header', protocolName(next), 'What follows: an extension header or the transport protocol (IANA protocol numbers; RFC 8200 §3).'),
    field(start + 7, 1, 'Hop limit', `${hopLimit}`, 'IPv4’s TTL renamed: each router decrements it and drops the packet at 0 (RFC 8200 §3).'),
    field(start + 8, 16, 'Source address', src, 'Who sent the packet (RFC 8200 §3, text form RFC 5952).'),
    field(start + 24, 16, 'Destination address', dst, 'Who it is for (RFC 8200 §3).')
  ]
  let offset = start + 40
  let laterFragment = false
  for (let n = 0; ; n++) {
    const generic = EXTENSIONS[next]
    if (generic === undefined && next !== 44 && next !== 51) break
    if (n >= MAX_EXTENSIONS) {
      findings.push({ severity: 'warning', code: 'TOO_MANY_EXTENSIONS', message: `More than ${MAX_EXTENSIONS} extension headers: the rest were not read.`, source: 'RFC 8200 §4.1' })
      break
    }
    if (end - offset < 8) {
      findings.push(truncated('IPv6 extension header', offset, 8, end - offset, 'RFC 8200 §4'))
      return { findings, span: field(start, end - start, 'Internet Protocol version 6', `${src} → ${dst}`, undefined, children) }
    }
    const length = next === 44 ? 8 : next === 51 ? (u8(b, offset + 1) + 2) * 4 : (u8(b, offset + 1) + 1) * 8
    const name = next === 44 ? 'Fragment' : next === 51 ? 'Authentication Header' : (generic as string)
    if (offset + length > end) {
      findings.push(truncated(`IPv6 ${name} header`, offset, length, end - offset, 'RFC 8200 §4'))
      return { findings, span: field(start, end - start, 'Internet Protocol version 6', `${src} → ${dst}`, undefined, children) }
    }
    if (next === 44) laterFragment = (u16(b, offset + 2) & 0xfff8) !== 0
    const following = u8(b, offset)
    children.push(field(offset, length, `${name} header`, `${length} bytes, next ${protocolName(following)}`, `An IPv6 extension header, chained by its Next Header field (RFC 8200 §4${next === 44 ? '.5' : ''}).`))
    next = following
    offset += length
  }
  const span = field(start, end - start, 'Internet Protocol version 6', `${src} → ${dst}, hop limit ${hopLimit}`, 'The network layer: 128-bit addresses routers forward on, hop by hop (RFC 8200).', children)
  span.headerLength = offset - start
  const addrSum = onesSum(b, start + 8, start + 40)
  return {
    span, version: 6, src, dst, ttl: hopLimit, protocol: next, payloadOffset: offset, payloadEnd: end, laterFragment, findings,
    pseudoSum: (len) => onesSum(new Uint8Array([len >>> 24, (len >> 16) & 0xff, (len >> 8) & 0xff, len & 0xff, 0, 0, 0, next]), 0, 8, addrSum)
  }
}
