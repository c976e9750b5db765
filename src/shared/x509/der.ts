// A minimal DER writer: enough to build certificates, CSRs, extensions and PKCS#12 files. Each function returns
// the complete encoding of one element, so structures read like their ASN.1 definitions.
import { concatBytes as concat } from '../bytes'

export { concat }
export type Der = Uint8Array

function lengthBytes(n: number): number[] {
  if (n < 0x80) return [n]
  const out: number[] = []
  while (n > 0) {
    out.unshift(n & 0xff)
    n = Math.floor(n / 256)
  }
  return [0x80 | out.length, ...out]
}


export function tlv(tagByte: number, content: Uint8Array): Der {
  const len = lengthBytes(content.length)
  const out = new Uint8Array(1 + len.length + content.length)
  out[0] = tagByte
  out.set(len, 1)
  out.set(content, 1 + len.length)
  return out
}

export const seq = (...items: Der[]): Der => tlv(0x30, concat(items))

/** SET OF, sorted by encoding as DER requires. */
export function setOf(...items: Der[]): Der {
  const sorted = [...items].sort((a, b) => {
    for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number)
    return a.length - b.length
  })
  return tlv(0x31, concat(sorted))
}

export const nullValue = (): Der => new Uint8Array([0x05, 0x00])
export const bool = (v: boolean): Der => new Uint8Array([0x01, 0x01, v ? 0xff : 0x00])
export const octets = (bytes: Uint8Array): Der => tlv(0x04, bytes)
export const bits = (bytes: Uint8Array, unusedBits = 0): Der => tlv(0x03, concat([new Uint8Array([unusedBits]), bytes]))

/** Context-specific tag: explicit (constructed, wraps a whole element) or implicit (replaces the tag). */
export const explicit = (n: number, inner: Der): Der => tlv(0xa0 | n, inner)
export const implicitPrimitive = (n: number, content: Uint8Array): Der => tlv(0x80 | n, content)
export const implicitConstructed = (n: number, content: Uint8Array): Der => tlv(0xa0 | n, content)

/** INTEGER from non-negative magnitude bytes (a 00 sign byte is added when needed). */
export function uintBytes(mag: Uint8Array): Der {
  let i = 0
  while (i < mag.length - 1 && mag[i] === 0) i++
  let body = mag.subarray(i)
  if (body.length === 0) body = new Uint8Array([0])
  if (((body[0] as number) & 0x80) !== 0) body = concat([new Uint8Array([0]), body])
  return tlv(0x02, body)
}

export function int(n: number): Der {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`int(${n}) expects a non-negative safe integer`)
  const bytes: number[] = []
  do {
    bytes.unshift(n & 0xff)
    n = Math.floor(n / 256)
  } while (n > 0)
  return uintBytes(new Uint8Array(bytes))
}

/** INTEGER whose content octets are exactly `hex` (two's complement as given; lets tests build odd serials). */
export function intRaw(hex: string): Der {
  return tlv(0x02, hexBytes(hex))
}

export function oid(dotted: string): Der {
  const arcs = dotted.split('.').map((a) => BigInt(a))
  if (arcs.length < 2) throw new RangeError(`bad OID ${dotted}`)
  const out: number[] = []
  const push = (v: bigint): void => {
    const tmp: number[] = [Number(v & 0x7fn)]
    v >>= 7n
    while (v > 0n) {
      tmp.unshift(Number(v & 0x7fn) | 0x80)
      v >>= 7n
    }
    out.push(...tmp)
  }
  push(arcs[0]! * 40n + arcs[1]!)
  for (const a of arcs.slice(2)) push(a)
  return tlv(0x06, new Uint8Array(out))
}

const enc = new TextEncoder()
export const utf8 = (s: string): Der => tlv(0x0c, enc.encode(s))
export const printable = (s: string): Der => tlv(0x13, enc.encode(s))
export const ia5 = (s: string): Der => tlv(0x16, enc.encode(s))

/** RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050. */
export function time(ms: number): Der {
  const d = new Date(Math.floor(ms / 1000) * 1000)
  const y = d.getUTCFullYear()
  const p = (n: number, w = 2): string => String(n).padStart(w, '0')
  const rest = `${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`
  if (y >= 1950 && y < 2050) return tlv(0x17, enc.encode(`${p(y % 100)}${rest}`))
  return tlv(0x18, enc.encode(`${p(y, 4)}${rest}`))
}

export function hexBytes(hex: string): Uint8Array {
  const clean = hex.replace(/[\s:]/g, '')
  if (clean.length % 2 !== 0 || /[^0-9a-fA-F]/.test(clean)) throw new RangeError(`bad hex "${hex.slice(0, 20)}"`)
  const out = new Uint8Array(clean.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16)
  return out
}
