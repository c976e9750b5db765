// The transport part of a walkthrough: the socket's 4-tuple and connect time always, and, when tcpdump could watch,
// this connection's real segments (SYN, SYN-ACK, ACK, data, FIN/RST) with their IP and TCP fields as spans. Packets
// are never invented: without a capture the step says what the socket alone can tell.
import type { Connection } from '../tls'
import { dissectPacket, type PacketSummary } from '../../shared/net/packets'
import type { StepKind } from '../../shared/walkthrough/model'
import type { CapturedPacket } from './capture'
import type { Span } from '../../shared/dissect/span'
import { hex, type StepDraft } from './steps-common'

/** Bytes one packet step carries: its headers and the start of its payload. The payload is the TLS records (or HTTP)
 * that their own steps show in full; a 32 MiB download is ~1,000 loopback segments of up to 64 KiB, and all of them
 * in full would make a walkthrough of tens of MB that no page can take in without freezing (issue 12: no long task
 * over 100 ms on a 2,000-record walkthrough). */
export const PACKET_BYTES = 1024

/** Spans cut to the bytes kept, so the hex view never points past them. */
function clipSpans(spans: Span[], length: number): Span[] {
  return spans.filter((s) => s.offset < length).map((s) => ({ ...s, length: Math.min(s.length, length - s.offset), ...(s.children ? { children: clipSpans(s.children, length) } : {}) }))
}

const bracket = (a: string): string => (a.includes(':') ? `[${a}]` : a)

/** The socket-level step: what the kernel's three-way handshake gave us, timed by the connector. */
export function connectDraft(conn: Connection, captured: boolean, note: string): StepDraft {
  const t = conn.timings
  const at = t.startedAt + (t.lookupMs ?? 0)
  const local = `${bracket(conn.local.address)}:${conn.local.port}`
  const remote = `${bracket(conn.remote.address)}:${conn.remote.port}`
  return {
    at,
    durationMs: t.connectMs,
    layer: 'transport',
    kind: 'tcp-connect',
    connection: conn.local.port,
    title: `TCP connected ${local} → ${remote} (${t.connectMs} ms)`,
    from: 'client',
    to: 'server',
    bytesHex: '',
    spans: [],
    explain:
      `connect() returned after ${t.connectMs} ms: the kernel did the three-way handshake (SYN, SYN-ACK, ACK) for us. The connection is named by its 4-tuple: ` +
      `local ${local} (an ephemeral port the OS picked, RFC 6335 §6) and remote ${remote} (${conn.remote.family}). ` +
      (captured
        ? 'The segments themselves are the steps around this one; their times are the kernel\'s capture times, so this step starts no later than the SYN it caused.'
        : `No packets were captured (${note}), so only what the socket reports is shown; no segment is invented.`),
    source: 'RFC 9293 §3.5'
  }
}

/** This connection's packets (by its ports), and the DNS exchange's (by the questions' own ports), out of the capture. */
export function connectionPackets(packets: CapturedPacket[], conn: Connection | null, dns: { port: number; localPorts: number[] } | null): CapturedPacket[] {
  const mine = (a?: number, b?: number): boolean => dns !== null && ((a === dns.port && dns.localPorts.includes(b ?? -1)) || (b === dns.port && dns.localPorts.includes(a ?? -1)))
  return packets.filter((p) => {
    const s = safeSummary(p)
    if (!s) return false
    if (mine(s.srcPort, s.dstPort)) return true
    if (s.protocol !== 'tcp' || !conn) return false
    return (s.srcPort === conn.local.port && s.dstPort === conn.remote.port) || (s.dstPort === conn.local.port && s.srcPort === conn.remote.port)
  })
}

/** Each packet is dissected once: picking this connection's packets and making their steps share the result. */
const DISSECTED = new WeakMap<CapturedPacket, ReturnType<typeof dissectPacket> | null>()

function dissected(p: CapturedPacket): ReturnType<typeof dissectPacket> | null {
  if (DISSECTED.has(p)) return DISSECTED.get(p)!
  let d: ReturnType<typeof dissectPacket> | null = null
  try {
    d = dissectPacket(p.bytes, p.linkType)
  } catch {
    d = null
  }
  DISSECTED.set(p, d)
  return d
}

function safeSummary(p: CapturedPacket): PacketSummary | null {
  return dissected(p)?.summary ?? null
}

const OPTION_WORDS = 'MSS (RFC 9293 §3.7.1), window scale and timestamps (RFC 7323), SACK permitted (RFC 2018)'

/** The window-scale shift a SYN or SYN-ACK offers (RFC 7323 §2.3: at most 14), or undefined. */
function shiftOffered(options: readonly { kind: number; value: string }[]): number | undefined {
  const o = options.find((x) => x.kind === 3)
  const m = o ? /shift (\d+)/.exec(o.value) : null
  return m ? Math.min(Number(m[1]), 14) : undefined
}

/** The segment's spans with the Window field saying what the raw value means once scaling is in effect. */
function withScaledWindow(spans: Span[], raw: number, shift: number): Span[] {
  return spans.map((sp) => {
    if (sp.name === 'Window' && sp.value === `${raw}`) return { ...sp, value: `${raw} (× 2^${shift} = ${raw * 2 ** shift} bytes)` }
    return sp.children ? { ...sp, children: withScaledWindow(sp.children, raw, shift) } : sp
  })
}

/** One step per TCP segment of the connection, with relative sequence numbers as Wireshark shows them. */
export function segmentDrafts(packets: CapturedPacket[], conn: Connection): StepDraft[] {
  const isn: { client?: number; server?: number } = {}
  let sawSynAck = false
  let handshakeAcked = false
  const out: StepDraft[] = []
  // Window scaling (RFC 7323 §2.2): each side's shift from its SYN, in effect only when both SYNs carried the option.
  const shift: { client?: number; server?: number } = {}
  // Per direction: segments seen (seq and length) for retransmissions, the highest sequence sent, and the last ACK
  // with its window for duplicate ACKs (RFC 5681 §2).
  const seen = { client: new Set<string>(), server: new Set<string>() }
  const sentUpTo: { client?: number; server?: number } = {}
  const lastAck: { client?: { ack: number; window: number }; server?: { ack: number; window: number } } = {}
  for (const p of packets) {
    const d = dissected(p)
    if (!d) continue
    const s = d.summary
    if (s.protocol !== 'tcp' || !s.tcp) continue
    const fromClient = s.srcPort === conn.local.port
    const side = fromClient ? 'client' : 'server'
    const other = fromClient ? 'server' : 'client'
    const f = new Set(s.tcp.flags)
    if (f.has('SYN')) {
      isn[side] = s.tcp.seq
      shift[side] = shiftOffered(s.tcp.options)
    }
    const scaling = !f.has('SYN') && shift.client !== undefined && shift.server !== undefined ? shift[side]! : null
    const window = scaling === null ? s.tcp.window : s.tcp.window * 2 ** scaling
    // RFC 9293 §3.8.1: a segment carrying sequence space (data, SYN or FIN) sent again with the same start and length.
    const occupies = s.payloadLength + (f.has('SYN') ? 1 : 0) + (f.has('FIN') ? 1 : 0)
    const key = `${s.tcp.seq}:${occupies}`
    const retransmission = occupies > 0 && !f.has('RST') && seen[side].has(key)
    if (occupies > 0) seen[side].add(key)
    const end = (s.tcp.seq + occupies) >>> 0
    if (occupies > 0 && (sentUpTo[side] === undefined || ((end - sentUpTo[side]!) | 0) > 0)) sentUpTo[side] = end
    // RFC 5681 §2: no data, no SYN/FIN, the same ack and window as the last ACK, while the other side has data unacknowledged.
    const prev = lastAck[side]
    const bare = f.has('ACK') && occupies === 0 && !f.has('RST')
    const duplicateAck = bare && prev !== undefined && prev.ack === s.tcp.ack && prev.window === s.tcp.window && sentUpTo[other] !== undefined && ((sentUpTo[other]! - s.tcp.ack) | 0) > 0
    if (f.has('ACK')) lastAck[side] = { ack: s.tcp.ack, window: s.tcp.window }
    const rel = (n: number, who: 'client' | 'server'): number => (isn[who] === undefined ? n : (n - isn[who]! + 0x100000000) % 0x100000000)
    const seq = rel(s.tcp.seq, side)
    const ack = f.has('ACK') ? rel(s.tcp.ack, other) : null
    let kind: StepKind = 'tcp-data'
    let what: string
    if (f.has('RST')) {
      kind = 'tcp-rst'
      what = 'RST: the connection is aborted at once, without the FIN exchange (RFC 9293 §3.5.2).'
    } else if (f.has('SYN') && f.has('ACK')) {
      kind = 'tcp-synack'
      sawSynAck = true
      what = `SYN-ACK: the server accepts, acknowledges the client's SYN (ack = 1) and sends its own initial sequence number; its options answer the client's: ${OPTION_WORDS}.`
    } else if (f.has('SYN')) {
      kind = 'tcp-syn'
      what = `SYN: the client opens the connection with a random initial sequence number (RFC 9293 §3.4.1, RFC 6528) and offers its options: ${OPTION_WORDS}.`
    } else if (f.has('FIN')) {
      kind = 'tcp-fin'
      what = `FIN: the ${side} has no more data to send; the other side acknowledges it and closes its half too (RFC 9293 §3.6).`
    } else if (fromClient && sawSynAck && !handshakeAcked && s.payloadLength === 0) {
      kind = 'tcp-ack'
      handshakeAcked = true
      what = 'ACK: the third segment of the three-way handshake; both sides now know each other\'s sequence numbers and the connection is established (RFC 9293 §3.5).'
    } else if (s.payloadLength > 0) {
      what = `${s.payloadLength} bytes of data (here: TLS records or HTTP) from the ${side}; the receiver acknowledges them by raising its ack number (RFC 9293 §3.4).`
    } else {
      what = `A bare ACK: the ${side} acknowledges data up to ${ack} without sending any (RFC 9293 §3.8.6.3 allows delaying it).`
    }
    if (retransmission) what = `[retransmission] The ${side} sends again a segment it already sent (same sequence number and length): it saw no acknowledgment for it in time, or enough duplicate ACKs (RFC 9293 §3.8.1, RFC 6298, RFC 5681 §3.2). ${what}`
    else if (duplicateAck) what = `[duplicate ACK] The ${side} acknowledges the same byte again with the same window and no data: a segment after it arrived out of order or one is missing; three in a row make the sender retransmit at once (RFC 5681 §2, §3.2). ${what}`
    const windowWords = scaling === null ? '' : ` The window field says ${s.tcp.window}; both SYNs agreed window scaling, so it means ${s.tcp.window} × 2^${scaling} = ${window} bytes (RFC 7323 §2.2).`
    const opts = s.tcp.options.map((o) => `${o.name}${o.value ? ` ${o.value}` : ''}`).join(', ')
    const ip = `IPv${s.ipVersion} ${s.src} → ${s.dst}, TTL ${s.ttl}${s.df === undefined ? '' : s.df ? ', DF set (do not fragment: path MTU discovery, RFC 1191)' : ', DF clear'}`
    out.push({
      at: p.at,
      layer: 'transport',
      kind,
      connection: conn.local.port,
      title: `TCP ${s.tcp.flags.join(',') || 'none'} seq=${seq}${ack === null ? '' : ` ack=${ack}`} win=${window}${s.payloadLength ? ` len=${s.payloadLength}` : ''}${retransmission ? ' [retransmission]' : duplicateAck ? ' [duplicate ACK]' : ''}`,
      from: side,
      to: other,
      bytesHex: hex(p.bytes, PACKET_BYTES),
      spans: ((sp) => (scaling === null ? sp : withScaledWindow(sp, s.tcp!.window, scaling)))(p.bytes.length > PACKET_BYTES ? clipSpans(d.spans, PACKET_BYTES) : d.spans),
      explain: `${what}${windowWords} Carried in ${ip}. Sequence numbers are shown relative to each side's initial one.${opts ? ` Options: ${opts}.` : ''} The network layer (IP) moves the packet between hosts; TCP, the transport layer, makes it a reliable byte stream between two ports.`,
      source: 'RFC 9293 §3.1',
      ...(d.findings.length ? { findings: d.findings } : {})
    })
  }
  return out
}
