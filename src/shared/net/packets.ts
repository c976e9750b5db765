// One captured packet as a learner reads it: the link header (Ethernet, Linux cooked, loopback or none), then IPv4 or
// IPv6, then TCP or UDP, each header a span tree over the real bytes, plus a summary the Walkthrough's steps are made
// from (flags, sequence numbers, options, TTL, DF). Pure: the capture itself lives in src/main/walkthrough/capture.ts.
import type { Dissection, Span } from '../dissect/span'
import type { Finding } from '../findings'
import { countSpans, field, hex, truncated, u16, u32, u32le, u8 } from './packets-fields'
import { IP_PROTOCOLS, type IpLayer, dissectIPv4, dissectIPv6 } from './packets-ip'
import { type TcpOption, type TransportLayer, dissectTcp, dissectUdp } from './packets-transport'

export type { TcpOption } from './packets-transport'

/** The pcap/pcapng link types Wirebench reads (tcpdump.org/linktypes.html). */
export const LINKTYPE = { NULL: 0, EN10MB: 1, RAW: 101, LOOP: 108, LINUX_SLL: 113, IPV4: 228, IPV6: 229, LINUX_SLL2: 276 } as const

const LINK_NAMES: Record<number, string> = {
  0: 'BSD loopback (NULL)', 1: 'Ethernet', 101: 'Raw IP', 108: 'OpenBSD loopback (LOOP)', 113: 'Linux cooked capture (SLL)',
  228: 'Raw IPv4', 229: 'Raw IPv6', 276: 'Linux cooked capture v2 (SLL2)'
}

export function linkTypeName(linkType: number): string {
  return LINK_NAMES[linkType] ?? `link type ${linkType}`
}

export interface PacketSummary {
  ipVersion: 4 | 6
  src: string
  dst: string
  /** IPv4 TTL or IPv6 hop limit. */
  ttl: number
  df?: boolean
  protocol: 'tcp' | 'udp' | 'other'
  srcPort?: number
  dstPort?: number
  tcp?: { seq: number; ack: number; flags: string[]; window: number; options: TcpOption[] }
  /** The transport payload within the packet's bytes (0 and 0 when there is none). */
  payloadOffset: number
  payloadLength: number
  /** Set when the packet is not IP (ARP, say, or unreadable): then only the link header was read, and the rest is a placeholder. */
  notIp?: true
}

export interface PacketDissection {
  spans: Span[]
  summary: PacketSummary
  findings: Finding[]
}

const ETHERTYPES: Record<number, string> = { 0x0800: 'IPv4', 0x86dd: 'IPv6', 0x0806: 'ARP', 0x8100: '802.1Q VLAN', 0x88a8: '802.1ad VLAN' }
const etherName = (t: number): string => `${hex(t)} (${ETHERTYPES[t] ?? 'other'})`
const PACKET_TYPES = ['to us', 'broadcast', 'multicast', 'to another host', 'sent by us']
const mac = (b: Uint8Array, o: number, n = 6): string => Array.from(b.subarray(o, o + n), (x) => x.toString(16).padStart(2, '0')).join(':')

interface LinkLayer {
  span?: Span
  /** 4, 6 or null (not IP). */
  ip: 4 | 6 | null
  next: number
  findings: Finding[]
}

/** The link header: what carries the IP packet on this interface, and which IP version follows. */
function dissectLink(b: Uint8Array, linkType: number): LinkLayer {
  const need = (n: number, what: string, source: string): LinkLayer | null =>
    b.length < n ? { ip: null, next: 0, findings: [truncated(what, 0, n, b.length, source)] } : null
  const byEthertype = (t: number): 4 | 6 | null => (t === 0x0800 ? 4 : t === 0x86dd ? 6 : null)
  switch (linkType) {
    case LINKTYPE.EN10MB: {
      const short = need(14, 'Ethernet header', 'IEEE 802.3 §3.1')
      if (short) return short
      let type = u16(b, 12)
      let next = 14
      const children = [
        field(0, 6, 'Destination MAC', mac(b, 0), 'The next hop’s hardware address on this link (IEEE 802.3 §3.2.3).'),
        field(6, 6, 'Source MAC', mac(b, 6), 'This interface’s hardware address (IEEE 802.3 §3.2.3).')
      ]
      for (let tags = 0; (type === 0x8100 || type === 0x88a8) && tags < 2 && b.length >= next + 4; tags++) {
        children.push(field(next - 2, 4, 'VLAN tag', `VLAN ${u16(b, next) & 0xfff}`, 'An 802.1Q tag: which virtual LAN the frame belongs to (IEEE 802.1Q §9.6).'))
        type = u16(b, next + 2)
        next += 4
      }
      children.push(field(next - 2, 2, 'EtherType', etherName(type), 'What the frame carries: 0x0800 IPv4, 0x86dd IPv6 (IEEE 802.3 §3.2.6, RFC 9542).'))
      return { span: field(0, next, 'Ethernet II', `${mac(b, 6)} → ${mac(b, 0)}`, 'The link layer: one hop on a local network, addressed by MAC (IEEE 802.3).', children), ip: byEthertype(type), next, findings: [] }
    }
    case LINKTYPE.LINUX_SLL: {
      const short = need(16, 'Linux cooked header', 'tcpdump.org LINKTYPE_LINUX_SLL')
      if (short) return short
      const type = u16(b, 14)
      const pt = u16(b, 0)
      const children = [
        field(0, 2, 'Packet type', PACKET_TYPES[pt] ?? `${pt}`, 'Which way the packet went, as the Linux kernel saw it.'),
        field(2, 2, 'ARPHRD type', `${u16(b, 2)}${u16(b, 2) === 772 ? ' (loopback)' : u16(b, 2) === 1 ? ' (Ethernet)' : ''}`, 'The kind of interface (Linux if_arp.h).'),
        field(4, 2, 'Address length', `${u16(b, 4)}`),
        field(6, 8, 'Link-layer address', mac(b, 6, Math.min(8, u16(b, 4)))),
        field(14, 2, 'Protocol', etherName(type), 'The EtherType of what follows.')
      ]
      return { span: field(0, 16, 'Linux cooked capture', PACKET_TYPES[pt] ?? '', 'Not bytes on a wire: tcpdump on the "any" interface replaces each link header with this pseudo-header (tcpdump.org LINKTYPE_LINUX_SLL).', children), ip: byEthertype(type), next: 16, findings: [] }
    }
    case LINKTYPE.LINUX_SLL2: {
      const short = need(20, 'Linux cooked v2 header', 'tcpdump.org LINKTYPE_LINUX_SLL2')
      if (short) return short
      const type = u16(b, 0)
      const pt = u8(b, 10)
      const children = [
        field(0, 2, 'Protocol', etherName(type), 'The EtherType of what follows.'),
        field(2, 2, 'Reserved', hex(u16(b, 2))),
        field(4, 4, 'Interface index', `${u32(b, 4)}`, 'Which interface the packet crossed (the index `ip link` shows; 1 is usually loopback).'),
        field(8, 2, 'ARPHRD type', `${u16(b, 8)}${u16(b, 8) === 772 ? ' (loopback)' : u16(b, 8) === 1 ? ' (Ethernet)' : ''}`, 'The kind of interface (Linux if_arp.h).'),
        field(10, 1, 'Packet type', PACKET_TYPES[pt] ?? `${pt}`, 'Which way the packet went, as the Linux kernel saw it.'),
        field(11, 1, 'Address length', `${u8(b, 11)}`),
        field(12, 8, 'Link-layer address', mac(b, 12, Math.min(8, u8(b, 11))))
      ]
      return { span: field(0, 20, 'Linux cooked capture v2', `interface ${u32(b, 4)}, ${PACKET_TYPES[pt] ?? pt}`, 'Not bytes on a wire: tcpdump on the "any" interface replaces each link header with this pseudo-header (tcpdump.org LINKTYPE_LINUX_SLL2).', children), ip: byEthertype(type), next: 20, findings: [] }
    }
    case LINKTYPE.NULL:
    case LINKTYPE.LOOP: {
      const short = need(4, 'loopback header', 'tcpdump.org LINKTYPE_NULL')
      if (short) return short
      // NULL is in the capturing host's byte order, LOOP in network order; a family fits in the low byte either way.
      const family = linkType === LINKTYPE.LOOP ? u32(b, 0) : u32le(b, 0) > 0xffff ? u32(b, 0) : u32le(b, 0)
      const ip = family === 2 ? 4 : family === 24 || family === 28 || family === 30 ? 6 : null
      return { span: field(0, 4, 'Loopback header', `address family ${family}${ip ? ` (IPv${ip})` : ''}`, 'The BSD loopback pseudo-header: the address family of what follows (2 IPv4; 24, 28 or 30 IPv6 by OS).'), ip, next: 4, findings: [] }
    }
    case LINKTYPE.RAW:
    case LINKTYPE.IPV4:
    case LINKTYPE.IPV6:
    case 12:
    case 14: {
      const v = b.length ? u8(b, 0) >> 4 : 0
      return { ip: v === 4 ? 4 : v === 6 ? 6 : null, next: 0, findings: [] }
    }
    default:
      return { ip: null, next: 0, findings: [{ severity: 'error', code: 'UNKNOWN_LINK_TYPE', message: `This view does not read ${linkTypeName(linkType)} packets.`, source: 'tcpdump.org/linktypes.html' }] }
  }
}

function placeholder(): PacketSummary {
  return { ipVersion: 4, src: '', dst: '', ttl: 0, protocol: 'other', payloadOffset: 0, payloadLength: 0, notIp: true }
}

/** Reads one captured packet; never throws: what could not be read becomes a finding. */
export function dissectPacket(bytes: Uint8Array, linkType: number): PacketDissection {
  const link = dissectLink(bytes, linkType)
  const spans: Span[] = link.span ? [link.span] : []
  const findings = [...link.findings]
  if (link.ip === null) {
    if (!findings.length) findings.push({ severity: 'info', code: 'NOT_IP', message: 'This packet does not carry IPv4 or IPv6, so only its link header was read.' })
    if (bytes.length > link.next) spans.push(field(link.next, bytes.length - link.next, 'Data', `${bytes.length - link.next} bytes`))
    return { spans, summary: placeholder(), findings }
  }
  const ip = link.ip === 4 ? dissectIPv4(bytes, link.next) : dissectIPv6(bytes, link.next)
  findings.push(...ip.findings)
  if (ip.version === undefined) {
    if (ip.span) spans.push(ip.span)
    else if (bytes.length > link.next) spans.push(field(link.next, bytes.length - link.next, `IPv${link.ip} (unreadable)`, `${bytes.length - link.next} bytes`))
    return { spans, summary: placeholder(), findings }
  }
  spans.push(ip.span)
  const summary: PacketSummary = { ipVersion: ip.version, src: ip.src, dst: ip.dst, ttl: ip.ttl, protocol: 'other', payloadOffset: ip.payloadOffset, payloadLength: ip.payloadEnd - ip.payloadOffset }
  if (ip.df !== undefined) summary.df = ip.df
  if (ip.laterFragment || (ip.protocol !== 6 && ip.protocol !== 17)) {
    if (ip.payloadEnd > ip.payloadOffset) ip.span.children?.push(field(ip.payloadOffset, ip.payloadEnd - ip.payloadOffset, ip.laterFragment ? 'Fragment data' : IP_PROTOCOLS[ip.protocol] ?? `Protocol ${ip.protocol}`, `${ip.payloadEnd - ip.payloadOffset} bytes`))
    return { spans, summary, findings }
  }
  const transport = ip.protocol === 6 ? dissectTcp(bytes, ip) : dissectUdp(bytes, ip)
  findings.push(...transport.findings)
  if (transport.span === undefined) return { spans, summary, findings }
  addTransport(ip, transport, summary, ip.protocol === 6 ? 'tcp' : 'udp')
  return { spans, summary, findings }
}

function addTransport(ip: IpLayer, t: TransportLayer, summary: PacketSummary, protocol: 'tcp' | 'udp'): void {
  ip.span.children?.push(t.span)
  if (t.payloadLength > 0) {
    const dns = t.srcPort === 53 || t.dstPort === 53
    t.span.children?.push(field(t.payloadOffset, t.payloadLength, dns ? 'DNS message' : protocol === 'tcp' ? 'TCP payload' : 'UDP payload', `${t.payloadLength} bytes`, dns ? 'The application data: a DNS message (RFC 1035 §4.1).' : 'The application data this segment carries (a TLS record or part of one, for HTTPS).'))
  }
  summary.protocol = protocol
  summary.srcPort = t.srcPort
  summary.dstPort = t.dstPort
  if (t.tcp) summary.tcp = t.tcp
  summary.payloadOffset = t.payloadOffset
  summary.payloadLength = t.payloadLength
}

function asDissection(linkType: number): (bytes: Uint8Array) => Dissection {
  return (bytes) => {
    const d = dissectPacket(bytes, linkType)
    return { spans: d.spans, findings: d.findings, spanCount: countSpans(d.spans) }
  }
}

/** Table entries for src/shared/dissect/table.ts (its dissectors take no link type, so one per link type). */
export const dissectEthernetPacket = asDissection(LINKTYPE.EN10MB)
export const dissectSll2Packet = asDissection(LINKTYPE.LINUX_SLL2)
export const dissectRawIpPacket = asDissection(LINKTYPE.RAW)
