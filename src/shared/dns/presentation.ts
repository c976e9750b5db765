// Presentation format (RFC 1035 §5.1) pieces shared by the codecs, written to match what dig prints byte for byte:
// quoted character-strings, RFC 3597 `\# len HEX` for unknown data, TTLs in words, and a record as a zone-file line.
import { toHex } from '../bytes'
import { WirebenchError } from '../errors'
import type { DnsRecord } from './model'

/** One <character-string> as dig prints it: quoted, `"` and `\` escaped, bytes outside 0x20–0x7e as \DDD. */
export function quoteString(bytes: Uint8Array): string {
  let s = '"'
  for (const b of bytes) {
    if (b === 0x22 || b === 0x5c) s += '\\' + String.fromCharCode(b)
    else if (b >= 0x20 && b < 0x7f) s += String.fromCharCode(b)
    else s += '\\' + String(b).padStart(3, '0')
  }
  return s + '"'
}

/** Zone-file text → character-strings: quoted ("a b") or bare words, with `\X` and `\DDD` escapes (RFC 1035 §5.1). */
export function parseCharacterStrings(text: string): Uint8Array[] {
  const out: Uint8Array[] = []
  const enc = new TextEncoder()
  let i = 0
  const t = text.trim()
  while (i < t.length) {
    while (i < t.length && /\s/.test(t[i] as string)) i++
    if (i >= t.length) break
    const quoted = t[i] === '"'
    if (quoted) i++
    const bytes: number[] = []
    while (i < t.length) {
      const c = t[i] as string
      if (quoted ? c === '"' : /\s/.test(c)) break
      if (c === '\\') {
        const d = t.slice(i + 1, i + 4)
        if (/^[0-9]{3}$/.test(d)) {
          bytes.push(Number(d) & 0xff)
          i += 4
          continue
        }
        bytes.push(...enc.encode(t[i + 1] ?? ''))
        i += 2
        continue
      }
      bytes.push(...enc.encode(c))
      i++
    }
    if (quoted) {
      if (t[i] !== '"') throw new WirebenchError('INVALID_INPUT', 'A quoted string is missing its closing quote.')
      i++
    }
    if (bytes.length > 255) throw new WirebenchError('INVALID_INPUT', `A character-string holds at most 255 bytes, this one ${bytes.length} (RFC 1035 §3.3).`)
    out.push(Uint8Array.from(bytes))
  }
  return out
}

/** Upper-case hex cut into groups of `chunk` bytes with spaces, as BIND's isc_hex_totext does on one line. */
export function hexChunks(bytes: Uint8Array, chunk = 28): string {
  const parts: string[] = []
  for (let i = 0; i < bytes.length; i += chunk) parts.push(toHex(bytes.subarray(i, i + chunk), '').toUpperCase())
  return parts.join(' ')
}

/** Unknown RDATA as RFC 3597 §5 writes it and dig prints it: `\# 4 0A000001` (an empty one is `\# 0`); dig
 *  breaks the hex every 28 bytes. */
export function genericRdata(bytes: Uint8Array): string {
  return bytes.length === 0 ? '\\# 0' : `\\# ${bytes.length} ${hexChunks(bytes)}`
}

/** "300 (5 minutes)", "86400 (1 day)". */
export function ttlWords(ttl: number): string {
  if (ttl === 0) return '0 (not to be cached)'
  const units: [number, string][] = [
    [604800, 'week'],
    [86400, 'day'],
    [3600, 'hour'],
    [60, 'minute'],
    [1, 'second']
  ]
  const parts: string[] = []
  let rest = ttl
  for (const [n, word] of units) {
    const q = Math.floor(rest / n)
    if (q > 0) {
      parts.push(`${q} ${word}${q === 1 ? '' : 's'}`)
      rest -= q * n
    }
    if (parts.length === 2) break
  }
  return `${ttl} (${parts.join(' ')})`
}

/** A record as a zone-file line, as dig's answer section prints it (tabs between fields). */
export function recordLine(r: Pick<DnsRecord, 'name' | 'ttl' | 'class' | 'type' | 'data'>): string {
  return `${r.name}\t${r.ttl}\t${r.class}\t${r.type}\t${r.data}`
}
