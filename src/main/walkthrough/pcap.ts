// Reads the classic pcap format (tcpdump's `-w -` output) incrementally as it streams from the capture process, in
// either byte order, with microsecond or nanosecond timestamps. The stream is hostile input like any other: a wrong
// magic, a giant caplen or a cut-short record becomes a finding and reading stops, never a hang or a huge allocation.
import type { Finding } from '../../shared/findings'

export interface PcapPacket {
  /** Capture time since the Unix epoch in microseconds (nanosecond files are rounded down). */
  epochMicros: number
  linkType: number
  bytes: Uint8Array
  /** The packet's length on the wire; more than bytes.length when the snap length cut it. */
  originalLength: number
}

export interface PcapLimits {
  /** Largest record accepted (caplen); tcpdump's `-s 0` is 262,144 bytes. */
  maxPacketBytes?: number
}

/** Source: the pcap file format, draft-ietf-opsawg-pcap (§4 file header, §5 packet record). */
const SOURCE = 'draft-ietf-opsawg-pcap §4–5'
export const PCAP_MAX_PACKET = 262_144 + 65_536
const FILE_HEADER = 24
const RECORD_HEADER = 16

export class PcapStreamReader {
  linkType: number | null = null
  snapLength = 0
  nanoseconds = false
  /** Set once reading stopped for good (bad magic, giant record); later pushes are ignored. */
  failed: Finding | null = null
  private littleEndian = false
  private pending = new Uint8Array(0)
  private consumed = 0
  private readonly maxPacket: number

  constructor(limits: PcapLimits = {}) {
    this.maxPacket = limits.maxPacketBytes ?? PCAP_MAX_PACKET
  }

  /** Bytes read so far (whole records and the file header). */
  get offset(): number {
    return this.consumed
  }

  /** Feeds the next chunk; returns the packets it completed. */
  push(chunk: Uint8Array): PcapPacket[] {
    if (this.failed) return []
    const buf = this.pending.length ? concat(this.pending, chunk) : chunk
    const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength)
    const out: PcapPacket[] = []
    let o = 0
    if (this.linkType === null) {
      if (buf.length < FILE_HEADER) {
        if (buf.length >= 4 && !this.readMagic(view)) return []
        this.pending = buf.slice()
        return []
      }
      if (!this.readMagic(view)) return []
      this.snapLength = view.getUint32(16, this.littleEndian)
      this.linkType = view.getUint32(20, this.littleEndian) & 0xffff
      o = FILE_HEADER
      this.consumed += FILE_HEADER
    }
    const le = this.littleEndian
    while (buf.length - o >= RECORD_HEADER) {
      const sec = view.getUint32(o, le)
      const frac = view.getUint32(o + 4, le)
      const caplen = view.getUint32(o + 8, le)
      const origlen = view.getUint32(o + 12, le)
      if (caplen > this.maxPacket) {
        this.fail('PCAP_GIANT_PACKET', `A packet record at byte ${this.consumed} claims ${caplen.toLocaleString('en-US')} bytes, more than the ${this.maxPacket.toLocaleString('en-US')} a capture can hold: the stream is damaged, so reading stopped.`, this.consumed)
        return out
      }
      if (frac >= (this.nanoseconds ? 1e9 : 1e6)) {
        this.fail('PCAP_BAD_TIMESTAMP', `A packet record at byte ${this.consumed} has a fraction of a second out of range (${frac}): the stream is damaged, so reading stopped.`, this.consumed)
        return out
      }
      if (buf.length - o - RECORD_HEADER < caplen) break
      const bytes = buf.slice(o + RECORD_HEADER, o + RECORD_HEADER + caplen)
      out.push({ epochMicros: sec * 1e6 + (this.nanoseconds ? Math.floor(frac / 1000) : frac), linkType: this.linkType, bytes, originalLength: Math.max(origlen, caplen) })
      o += RECORD_HEADER + caplen
      this.consumed += RECORD_HEADER + caplen
    }
    this.pending = buf.slice(o)
    return out
  }

  /** Findings for the end of the stream: what stopped reading, or a record cut short. */
  finish(): Finding[] {
    if (this.failed) return [this.failed]
    if (this.linkType === null) {
      return [{ severity: 'error', code: 'PCAP_NO_HEADER', message: this.pending.length ? `The capture ended after ${this.pending.length} bytes, inside the 24-byte pcap file header.` : 'The capture produced no data at all.', source: SOURCE }]
    }
    if (this.pending.length) {
      return [{ severity: 'warning', code: 'PCAP_TRUNCATED', message: `The capture ended inside a packet record: its last ${this.pending.length} bytes were left out.`, source: SOURCE, span: { offset: this.consumed, length: this.pending.length } }]
    }
    return []
  }

  private readMagic(view: DataView): boolean {
    const magic = view.getUint32(0, false)
    if (magic === 0xa1b2c3d4 || magic === 0xa1b23c4d) this.littleEndian = false
    else if (magic === 0xd4c3b2a1 || magic === 0x4d3cb2a1) this.littleEndian = true
    else {
      const what = magic === 0x0a0d0d0a ? 'a pcapng file, not classic pcap' : `magic ${magic.toString(16).padStart(8, '0')}`
      this.fail('PCAP_BAD_MAGIC', `This is not a pcap stream (${what}); pcap starts with a1b2c3d4 or a1b23c4d in either byte order.`, 0)
      return false
    }
    this.nanoseconds = magic === 0xa1b23c4d || magic === 0x4d3cb2a1
    return true
  }

  private fail(code: string, message: string, offset: number): void {
    this.failed = { severity: 'error', code, message, source: SOURCE, span: { offset, length: RECORD_HEADER } }
    this.pending = new Uint8Array(0)
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length)
  out.set(a)
  out.set(b, a.length)
  return out
}

/** Reads a whole pcap file held in memory. */
export function readPcap(bytes: Uint8Array, limits?: PcapLimits): { linkType: number | null; packets: PcapPacket[]; findings: Finding[] } {
  const reader = new PcapStreamReader(limits)
  const packets = reader.push(bytes)
  return { linkType: reader.linkType, packets, findings: reader.finish() }
}
