// Writes the captured packets as pcapng with the TLS key log inside it (a Decryption Secrets Block), so Wireshark and
// tshark open the file already decrypted, with no key log file to pass around (pcapng spec, draft-ietf-opsawg-pcapng).
import type { CapturedPacket } from './capture'

const BLOCK = { SHB: 0x0a0d0d0a, IDB: 0x00000001, EPB: 0x00000006, DSB: 0x0000000a } as const
/** Secrets type "TLSK": an NSS key log file (draft-ietf-opsawg-pcapng §4.7). */
export const SECRETS_TLS_KEYLOG = 0x544c534b
const SNAP_LENGTH = 262_144

/** Little-endian pieces, each block padded to 32 bits as the format requires (§3.1). */
class LeWriter {
  private parts: Uint8Array[] = []
  private length = 0

  u16(v: number): this {
    const b = new Uint8Array(2)
    new DataView(b.buffer).setUint16(0, v, true)
    return this.bytes(b)
  }

  u32(v: number): this {
    const b = new Uint8Array(4)
    new DataView(b.buffer).setUint32(0, v >>> 0, true)
    return this.bytes(b)
  }

  bytes(b: Uint8Array): this {
    this.parts.push(b)
    this.length += b.length
    return this
  }

  pad(): this {
    const extra = (4 - (this.length % 4)) % 4
    return extra ? this.bytes(new Uint8Array(extra)) : this
  }

  get size(): number {
    return this.length
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.length)
    let o = 0
    for (const p of this.parts) {
      out.set(p, o)
      o += p.length
    }
    return out
  }
}

/** Options: (code, length, value padded to 32 bits)…, then opt_endofopt (§3.5). */
function options(list: [number, Uint8Array][]): Uint8Array {
  if (!list.length) return new Uint8Array(0)
  const w = new LeWriter()
  for (const [code, value] of list) w.u16(code).u16(value.length).bytes(value).pad()
  return w.u16(0).u16(0).finish()
}

/** Block Type, Block Total Length, body, Block Total Length again (§3.1). */
function block(type: number, body: Uint8Array): Uint8Array {
  const total = 12 + body.length
  return new LeWriter().u32(type).u32(total).bytes(body).u32(total).finish()
}

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s)

export interface PcapngInput {
  packets: CapturedPacket[]
  /** NSS key log lines (SSLKEYLOGFILE format); empty writes no Decryption Secrets Block. */
  keylog: string
  comment?: string
}

export function writePcapng(o: PcapngInput): Uint8Array {
  const blocks: Uint8Array[] = []
  // Section Header Block (§4.1): byte-order magic, version 1.0, section length unknown (-1).
  const shbOptions: [number, Uint8Array][] = [[4, utf8('Wirebench')]]
  if (o.comment) shbOptions.unshift([1, utf8(o.comment)])
  blocks.push(block(BLOCK.SHB, new LeWriter().u32(0x1a2b3c4d).u16(1).u16(0).u32(0xffffffff).u32(0xffffffff).bytes(options(shbOptions)).finish()))
  // The key log before any packet, so a reader has the secrets when the first TLS record comes (§4.7).
  const keylog = o.keylog.trim() ? utf8(o.keylog.endsWith('\n') ? o.keylog : `${o.keylog}\n`) : null
  if (keylog) {
    blocks.push(block(BLOCK.DSB, new LeWriter().u32(SECRETS_TLS_KEYLOG).u32(keylog.length).bytes(keylog).pad().finish()))
  }
  // One Interface Description Block per link type (§4.2); timestamps in microseconds (the default if_tsresol of 6).
  const interfaces = new Map<number, number>()
  for (const p of o.packets) {
    if (interfaces.has(p.linkType)) continue
    interfaces.set(p.linkType, interfaces.size)
    blocks.push(block(BLOCK.IDB, new LeWriter().u16(p.linkType).u16(0).u32(SNAP_LENGTH).bytes(options([[9, Uint8Array.of(6)]])).finish()))
  }
  // Enhanced Packet Blocks (§4.3): interface, 64-bit timestamp as high and low halves, lengths, data padded.
  for (const p of o.packets) {
    const micros = BigInt(Math.round(Number(p.epochMicros)))
    const w = new LeWriter()
      .u32(interfaces.get(p.linkType) as number)
      .u32(Number(micros >> 32n))
      .u32(Number(micros & 0xffffffffn))
      .u32(p.bytes.length)
      .u32(Math.max(p.originalLength ?? p.bytes.length, p.bytes.length))
      .bytes(p.bytes)
      .pad()
    blocks.push(block(BLOCK.EPB, w.finish()))
  }
  const out = new LeWriter()
  for (const b of blocks) out.bytes(b)
  return out.finish()
}
