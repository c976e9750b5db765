// Builds the bytes of one query (RFC 1035 §4.1): header bits, one IN question with the name's case kept exactly
// (0x20 randomisation is the caller's), and an OPT record with the EDNS options asked for (RFC 6891 §6.1.2),
// padded last so the whole message is a multiple of the block size (RFC 7830, RFC 8467 §4.1).
import { WirebenchError } from '../errors'
import type { EdnsQueryOptions } from './model'
import { fqdn, nameToWire } from './names'
import { typeCode } from './types'
import { queryOptions, type RawOption } from './edns'

export interface QuerySpec {
  id: number
  name: string
  type: string | number
  rd: boolean
  cd: boolean
  ad: boolean
  edns: EdnsQueryOptions | null
  /** Random bytes for the client cookie (tests pass a fixed source). */
  random?: (n: number) => Uint8Array
}

export function encodeQuery(q: QuerySpec): Uint8Array {
  if (!Number.isInteger(q.id) || q.id < 0 || q.id > 0xffff) throw new WirebenchError('INVALID_INPUT', `A DNS message ID is 0 to 65535, not ${q.id}.`)
  // Bytes go into one plain array and become a Uint8Array once: a query is tens of bytes, and a typed array per
  // field cost more than the query itself when a thousand are sent.
  const b: number[] = []
  const u16 = (v: number): void => void b.push((v >> 8) & 0xff, v & 0xff)
  const put = (bytes: Uint8Array): void => {
    for (let i = 0; i < bytes.length; i++) b.push(bytes[i] as number)
  }
  const flags = (q.rd ? 0x0100 : 0) | (q.ad ? 0x0020 : 0) | (q.cd ? 0x0010 : 0)
  u16(q.id)
  u16(flags)
  u16(1)
  u16(0)
  u16(0)
  u16(q.edns ? 1 : 0)
  put(nameToWire(fqdn(q.name)))
  u16(typeCode(q.type))
  u16(1)
  if (!q.edns) return Uint8Array.from(b)
  const e = q.edns
  if (!Number.isInteger(e.udpSize) || e.udpSize < 0 || e.udpSize > 65535) throw new WirebenchError('INVALID_INPUT', `The EDNS UDP size is 0 to 65535 bytes, not ${e.udpSize} (RFC 6891 §6.2.5).`)
  const options: RawOption[] = queryOptions(e, q.random)
  const optionBytes = (list: RawOption[]): number => list.reduce((n, o) => n + 4 + o.data.length, 0)
  if (e.padding !== undefined && e.padding > 0) {
    const block = e.padding
    if (!Number.isInteger(block) || block > 65535) throw new WirebenchError('INVALID_INPUT', `The padding block size must be a whole number of bytes (RFC 8467 recommends 128), not ${block}.`)
    // header+question so far, OPT fixed part (11 bytes), options, then the padding option's own 4 bytes.
    const before = b.length + 11 + optionBytes(options) + 4
    options.push({ code: 12, data: new Uint8Array((block - (before % block)) % block) })
  }
  // OPT: root owner, TYPE 41, CLASS = UDP size, TTL = extended rcode 0, version 0, DO bit and zero flags.
  b.push(0)
  u16(41)
  u16(e.udpSize)
  b.push(0, 0)
  u16(e.do ? 0x8000 : 0)
  u16(optionBytes(options))
  for (const o of options) {
    u16(o.code)
    u16(o.data.length)
    put(o.data)
  }
  return Uint8Array.from(b)
}
