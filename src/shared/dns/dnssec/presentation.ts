// Text forms DNSSEC records share in dig's presentation format: base64 and hex split into 56-character chunks as
// BIND prints them, Base32hex without padding for NSEC3 hashes (RFC 4648 §7, RFC 5155 §3.3), and RRSIG times as
// YYYYMMDDHHmmSS in UTC (RFC 4034 §3.2).
import { toBase64, fromBase64, parseHex, toHex } from '../../bytes'
import { WirebenchError } from '../../errors'

/** BIND splits long base64/hex fields into 56-character words in `dig +short` (and 44 for +multi; we follow +short). */
export function chunk56(text: string): string {
  const parts: string[] = []
  for (let i = 0; i < text.length; i += 56) parts.push(text.slice(i, i + 56))
  return parts.join(' ')
}

export const base64Text = (bytes: Uint8Array): string => chunk56(toBase64(bytes))
export const hexUpper = (bytes: Uint8Array): string => toHex(bytes, '').toUpperCase()
export const hexText = (bytes: Uint8Array): string => chunk56(hexUpper(bytes))
export const hexToBytes = (hex: string): Uint8Array => parseHex(hex.replace(/\s+/g, ''))
export const base64ToBytes = (text: string): Uint8Array => fromBase64(text.replace(/\s+/g, ''))

const B32 = '0123456789ABCDEFGHIJKLMNOPQRSTUV'

export function toBase32Hex(bytes: Uint8Array): string {
  let out = ''
  let buffer = 0
  let bits = 0
  for (const b of bytes) {
    buffer = (buffer << 8) | b
    bits += 8
    while (bits >= 5) {
      bits -= 5
      out += B32[(buffer >> bits) & 31]
    }
    buffer &= (1 << bits) - 1
  }
  if (bits > 0) out += B32[(buffer << (5 - bits)) & 31]
  return out
}

export function fromBase32Hex(text: string): Uint8Array {
  const clean = text.replace(/=+$/, '').toUpperCase()
  const out: number[] = []
  let buffer = 0
  let bits = 0
  for (let i = 0; i < clean.length; i++) {
    const v = B32.indexOf(clean[i]!)
    if (v < 0) throw new WirebenchError('INVALID_INPUT', `Base32hex (RFC 4648 §7) has no character "${clean[i]}" (position ${i + 1}).`)
    buffer = (buffer << 5) | v
    bits += 5
    if (bits >= 8) {
      bits -= 8
      out.push((buffer >> bits) & 0xff)
    }
    buffer &= (1 << bits) - 1
  }
  return Uint8Array.from(out)
}

/** RRSIG times are seconds since 1970 modulo 2^32 (RFC 4034 §3.1.5); shown as YYYYMMDDHHmmSS UTC. */
export function formatSigTime(seconds: number): string {
  const d = new Date(seconds * 1000)
  const p = (n: number, w = 2): string => String(n).padStart(w, '0')
  return `${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`
}

/** Accepts YYYYMMDDHHmmSS or a plain number of seconds (RFC 4034 §3.2). */
export function parseSigTime(text: string): number {
  if (/^\d{14}$/.test(text)) {
    const n = (a: number, b: number): number => Number(text.slice(a, b))
    return Math.floor(Date.UTC(n(0, 4), n(4, 6) - 1, n(6, 8), n(8, 10), n(10, 12), n(12, 14)) / 1000) >>> 0
  }
  if (/^\d{1,10}$/.test(text)) return Number(text) >>> 0
  throw new WirebenchError('INVALID_INPUT', `"${text}" is not an RRSIG time: write YYYYMMDDHHmmSS (RFC 4034 §3.2).`)
}

/** Splits presentation text into words, refusing too few. */
export function words(text: string, min: number, what: string): string[] {
  const w = text.trim().split(/\s+/).filter(Boolean)
  if (w.length < min) throw new WirebenchError('INVALID_INPUT', `${what} needs at least ${min} fields; got ${w.length}.`)
  return w
}

export function intField(text: string | undefined, max: number, what: string): number {
  const v = Number(text)
  if (text === undefined || !/^\d+$/.test(text) || v > max) throw new WirebenchError('INVALID_INPUT', `${what} must be a number from 0 to ${max}; got "${text ?? ''}".`)
  return v
}
