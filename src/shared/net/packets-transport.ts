// The transport layer of a captured packet: the TCP header with its options (RFC 9293 §3.1, RFC 7323, RFC 2018) and
// the UDP header (RFC 768), each field a span explained in words, so SYN, SYN-ACK and ACK show their real numbers.
import type { Span } from '../dissect/span'
import type { Finding } from '../findings'
import type { IpLayer } from './packets-ip'
import { field, finishChecksum, hex, onesSum, truncated, u16, u32, u8 } from './packets-fields'

export interface TcpOption {
  kind: number
  name: string
  value: string
}

export interface TcpInfo {
  seq: number
  ack: number
  /** 'SYN', 'ACK', 'FIN', 'RST', 'PSH', 'URG', 'ECE', 'CWR' in that order of importance. */
  flags: string[]
  window: number
  options: TcpOption[]
}

export interface TransportLayer {
  span: Span
  srcPort: number
  dstPort: number
  tcp?: TcpInfo
  payloadOffset: number
  payloadLength: number
  findings: Finding[]
}

const TCP = 'RFC 9293 §3.1'
const FLAG_BITS: [number, string, string][] = [
  [0x02, 'SYN', 'synchronize sequence numbers: opens a connection (RFC 9293 §3.5)'],
  [0x10, 'ACK', 'the acknowledgment number is valid; set on every segment after the first (RFC 9293 §3.1)'],
  [0x01, 'FIN', 'no more data from the sender: one direction closes (RFC 9293 §3.6)'],
  [0x04, 'RST', 'reset: the connection is aborted at once (RFC 9293 §3.5.2)'],
  [0x08, 'PSH', 'push: deliver the data to the application without waiting (RFC 9293 §3.9.1)'],
  [0x20, 'URG', 'the urgent pointer is valid (RFC 9293 §3.8.5, RFC 6093)'],
  [0x40, 'ECE', 'ECN echo: congestion was signalled on the path (RFC 3168 §6.1)'],
  [0x80, 'CWR', 'congestion window reduced in answer to ECE (RFC 3168 §6.1)']
]

const WELL_KNOWN: Record<number, string> = { 53: 'DNS', 80: 'HTTP', 443: 'HTTPS (TLS)', 853: 'DNS over TLS', 8080: 'HTTP alternate', 8443: 'HTTPS alternate' }
const portWords = (p: number): string => `${p}${WELL_KNOWN[p] ? ` (${WELL_KNOWN[p]})` : p >= 32768 ? ' (ephemeral)' : ''}`

function checksumField(b: Uint8Array, ip: IpLayer, start: number, end: number, at: number, proto: string, findings: Finding[]): Span {
  const value = u16(b, at)
  const len = end - start
  const zeroed = onesSum(b, at + 2, end, onesSum(b, start, at, ip.pseudoSum(len)))
  const expected = finishChecksum(zeroed) || (proto === 'UDP' ? 0xffff : 0)
  const source = proto === 'UDP' ? 'RFC 768' : TCP
  if (proto === 'UDP' && value === 0 && ip.version === 4) {
    return field(at, 2, 'Checksum', '0x0000 (none: the sender did not compute one)', 'Over IPv4 a UDP checksum of 0 means "not computed" (RFC 768); over IPv6 it is required (RFC 8200 §8.1).')
  }
  const ok = value === expected || onesSum(b, start, end, ip.pseudoSum(len)) === 0xffff
  if (!ok) {
    findings.push({ severity: 'info', code: `${proto}_CHECKSUM`, message: `The ${proto} checksum is ${hex(value)}, the bytes sum to ${hex(expected)}. Captured on the sending host this is normal: the kernel leaves the checksum to the network card or, on loopback, skips it (checksum offload).`, source, span: { offset: at, length: 2 } })
  }
  return field(at, 2, 'Checksum', `${hex(value)} (${ok ? 'correct' : `not ${hex(expected)}: offloaded?`})`, `The one's-complement sum over a pseudo-header (addresses, protocol, length), the ${proto} header and the data (${source}, RFC 1071).`)
}

function tcpOption(kind: number, body: Uint8Array): { name: string; value: string; explain: string } {
  const n = (o: number): number => u32(body, o)
  switch (kind) {
    case 2:
      return { name: 'Maximum segment size', value: body.length === 2 ? `${u16(body, 0)} bytes` : 'bad length', explain: 'The largest segment this side will receive, sent only on SYN; on loopback it follows the 65,536-byte MTU, on Ethernet usually 1460 (RFC 9293 §3.7.1, RFC 6691).' }
    case 3: {
      const shift = u8(body, 0)
      return { name: 'Window scale', value: body.length === 1 ? `shift ${shift} (× ${2 ** Math.min(shift, 14)})` : 'bad length', explain: 'Lets the 16-bit window field mean more than 64 KiB: later windows from this side are multiplied by 2^shift; only on SYN, in effect when both sides send it, at most 14 (RFC 7323 §2).' }
    }
    case 4:
      return { name: 'SACK permitted', value: 'yes', explain: 'This side can take selective acknowledgments, so a lost segment does not force resending everything after it (RFC 2018 §2).' }
    case 5: {
      const blocks: string[] = []
      for (let o = 0; o + 8 <= body.length; o += 8) blocks.push(`${n(o)}–${n(o + 4)}`)
      return { name: 'SACK', value: blocks.join(', ') || 'empty', explain: 'Blocks of data received beyond a gap (left edge – right edge, sequence numbers), so the sender resends only what is missing (RFC 2018 §3).' }
    }
    case 8:
      return { name: 'Timestamps', value: body.length === 8 ? `TSval ${n(0)}, TSecr ${n(4)}` : 'bad length', explain: "TSval is the sender's clock, TSecr echoes the peer's latest TSval: round-trip time measurement and protection against wrapped sequence numbers (PAWS) (RFC 7323 §3, §5)." }
    case 19:
      return { name: 'TCP MD5 signature', value: `${body.length} bytes`, explain: 'A keyed MD5 over the segment, used between BGP routers; obsoleted by TCP-AO (RFC 2385, RFC 5925).' }
    case 29:
      return { name: 'TCP authentication option', value: `${body.length} bytes`, explain: 'Authenticates segments with a MAC (RFC 5925).' }
    case 30:
      return { name: 'Multipath TCP', value: `subtype ${u8(body, 0) >> 4}`, explain: 'Multipath TCP signalling (RFC 8684 §2).' }
    case 34:
      return { name: 'TCP Fast Open cookie', value: body.length ? `${body.length}-byte cookie` : 'cookie request', explain: 'Lets data ride on the SYN of a later connection (RFC 7413 §4.1.1).' }
    default:
      return { name: `Option ${kind}`, value: `${body.length} bytes`, explain: 'An option this view does not name (IANA TCP Option Kind Numbers).' }
  }
}

function tcpOptions(b: Uint8Array, start: number, end: number, findings: Finding[]): { spans: Span[]; options: TcpOption[] } {
  const spans: Span[] = []
  const options: TcpOption[] = []
  let o = start
  while (o < end) {
    const kind = u8(b, o)
    if (kind === 0) {
      spans.push(field(o, end - o, 'End of option list', `${end - o} byte${end - o === 1 ? '' : 's'}`, 'Kind 0: no more options; the rest is padding to a 32-bit boundary (RFC 9293 §3.1).'))
      options.push({ kind, name: 'EOL', value: '' })
      break
    }
    if (kind === 1) {
      spans.push(field(o, 1, 'No operation', 'NOP', 'Kind 1: one byte of padding so the next option starts on a word boundary (RFC 9293 §3.1).'))
      options.push({ kind, name: 'NOP', value: '' })
      o++
      continue
    }
    const len = o + 1 < end ? u8(b, o + 1) : 0
    if (len < 2 || o + len > end) {
      findings.push({ severity: 'error', code: 'TCP_BAD_OPTION', message: `TCP option kind ${kind} at byte ${o} has length ${len}, which does not fit the ${end - o} option bytes left.`, source: TCP, span: { offset: o, length: end - o } })
      spans.push(field(o, end - o, 'Malformed option', `kind ${kind}, length ${len}`))
      break
    }
    const info = tcpOption(kind, b.subarray(o + 2, o + len))
    spans.push(field(o, len, info.name, info.value, `Kind ${kind}, length ${len}. ${info.explain}`))
    options.push({ kind, name: info.name, value: info.value })
    o += len
  }
  return { spans, options }
}

export function dissectTcp(b: Uint8Array, ip: IpLayer): TransportLayer | { span?: undefined; findings: Finding[] } {
  const start = ip.payloadOffset
  const end = ip.payloadEnd
  if (end - start < 20) return { findings: [truncated('TCP header', start, 20, end - start, TCP)] }
  const findings: Finding[] = []
  const dataOffset = u8(b, start + 12) >> 4
  const headerLength = dataOffset * 4
  if (dataOffset < 5 || start + headerLength > end) {
    findings.push({ severity: 'error', code: 'TCP_BAD_OFFSET', message: `The data offset says ${headerLength} header bytes, but ${dataOffset < 5 ? 'the minimum is 20' : `only ${end - start} are there`}.`, source: TCP, span: { offset: start + 12, length: 1 } })
    return { findings }
  }
  const srcPort = u16(b, start)
  const dstPort = u16(b, start + 2)
  const seq = u32(b, start + 4)
  const ack = u32(b, start + 8)
  const flagByte = u8(b, start + 13)
  const flags = FLAG_BITS.filter(([bit]) => flagByte & bit).map(([, name]) => name)
  const window = u16(b, start + 14)
  const { spans: optionSpans, options } = tcpOptions(b, start + 20, start + headerLength, findings)
  const syn = (flagByte & 0x02) !== 0
  const children: Span[] = [
    field(start, 2, 'Source port', portWords(srcPort), "The sender's port; a client's is an ephemeral port the OS picked for this connection (RFC 9293 §3.1, RFC 6335 §6)."),
    field(start + 2, 2, 'Destination port', portWords(dstPort), 'The receiving port: with the two addresses and the source port it names this connection (RFC 9293 §3.1).'),
    field(start + 4, 4, 'Sequence number', `${seq}`, syn ? 'On SYN: the initial sequence number, chosen unpredictably so an off-path attacker cannot guess it (RFC 9293 §3.4.1, RFC 6528); the data starts at ISN + 1.' : 'The number of the first data byte in this segment (RFC 9293 §3.4).'),
    field(start + 8, 4, 'Acknowledgment number', (flagByte & 0x10) !== 0 ? `${ack}` : `${ack} (not used: ACK not set)`, 'The next sequence number the sender expects from the peer: everything before it arrived (RFC 9293 §3.4).'),
    field(start + 12, 1, 'Data offset', `${dataOffset} × 4 = ${headerLength} bytes`, 'The header length in 32-bit words: 5 plus the options (RFC 9293 §3.1).'),
    field(start + 12, 2, 'Flags', flags.join(', ') || 'none', FLAG_BITS.map(([, n, w]) => `${n}: ${w}`).join('; ') + '.'),
    field(start + 14, 2, 'Window', `${window}`, syn ? 'How many bytes the sender can receive now; on a SYN never scaled (RFC 7323 §2.2).' : 'How many more bytes the sender can receive now, multiplied by 2^shift when both SYNs carried window scale (RFC 9293 §3.8.6, RFC 7323 §2.2).'),
    checksumField(b, ip, start, end, start + 16, 'TCP', findings),
    field(start + 18, 2, 'Urgent pointer', `${u16(b, start + 18)}`, 'Only meaningful with URG; new applications should not use it (RFC 9293 §3.8.5, RFC 6093).')
  ]
  if (optionSpans.length) children.push(field(start + 20, headerLength - 20, 'Options', options.filter((x) => x.kind > 1).map((x) => x.name).join(', ') || 'padding', 'TCP options, negotiated on the SYN and SYN-ACK (RFC 9293 §3.1).', optionSpans))
  const payloadLength = end - start - headerLength
  const span = field(start, end - start, 'Transmission Control Protocol', `${portWords(srcPort)} → ${portWords(dstPort)} [${flags.join(', ')}] seq ${seq}${(flagByte & 0x10) !== 0 ? ` ack ${ack}` : ''} win ${window}, ${payloadLength} data bytes`, 'The transport layer: a reliable, ordered byte stream between two ports (RFC 9293).', children)
  span.headerLength = headerLength
  if (flagByte & 0x04) findings.push({ severity: 'warning', code: 'TCP_RESET', message: 'RST: this segment aborts the connection (RFC 9293 §3.5.2).', source: 'RFC 9293 §3.5.2', span: { offset: start + 13, length: 1 } })
  return { span, srcPort, dstPort, tcp: { seq, ack, flags, window, options }, payloadOffset: start + headerLength, payloadLength, findings }
}

export function dissectUdp(b: Uint8Array, ip: IpLayer): TransportLayer | { span?: undefined; findings: Finding[] } {
  const start = ip.payloadOffset
  let end = ip.payloadEnd
  if (end - start < 8) return { findings: [truncated('UDP header', start, 8, end - start, 'RFC 768')] }
  const findings: Finding[] = []
  const srcPort = u16(b, start)
  const dstPort = u16(b, start + 2)
  const length = u16(b, start + 4)
  if (length >= 8 && start + length < end) end = start + length
  else if (length < 8 || start + length > end) findings.push({ severity: 'warning', code: 'UDP_BAD_LENGTH', message: `The UDP length says ${length} bytes; ${end - start} are there.`, source: 'RFC 768', span: { offset: start + 4, length: 2 } })
  const children: Span[] = [
    field(start, 2, 'Source port', portWords(srcPort), "The sender's port; optional in UDP (0 when no answer is wanted) (RFC 768)."),
    field(start + 2, 2, 'Destination port', portWords(dstPort), 'The receiving port (RFC 768).'),
    field(start + 4, 2, 'Length', `${length} bytes`, 'Header (8 bytes) plus data (RFC 768).'),
    checksumField(b, ip, start, end, start + 6, 'UDP', findings)
  ]
  const payloadLength = end - start - 8
  const span = field(start, end - start, 'User Datagram Protocol', `${portWords(srcPort)} → ${portWords(dstPort)}, ${payloadLength} data bytes`, 'The transport layer without connections: one datagram, no delivery guarantee, no order (RFC 768).', children)
  span.headerLength = 8
  return { span, srcPort, dstPort, payloadOffset: start + 8, payloadLength, findings }
}
