// Small pure helpers the response panes share: bytes from the contract's base64, sizes in words, CR/LF made
// visible, header lookup. Kept out of the components so they can be tested without a page.
import type { HttpTimings } from '../../../../shared/contract/http'

/** The engine's own decoder (Chromium 140+): a megabyte in a millisecond or two, where a charCodeAt loop takes tens. */
const nativeFromBase64 = (Uint8Array as unknown as { fromBase64?: (s: string) => Uint8Array }).fromBase64

export function bytesFromBase64(b64: string | undefined): Uint8Array {
  if (!b64) return new Uint8Array(0)
  if (nativeFromBase64) {
    try {
      return nativeFromBase64(b64)
    } catch {
      // Not strict base64 (a stray character): atob below is more forgiving.
    }
  }
  const bin = atob(b64)
  const out = new Uint8Array(bin.length)
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i)
  return out
}

/** Binary units (1 KiB = 1024 bytes), named as such so "kB" (1000) is never misread. */
export function formatSize(n: number): string {
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`
  return `${(n / 1024 / 1024).toFixed(1)} MiB`
}

export const grouped = (n: number): string => n.toLocaleString('en-US')

/** "1 byte", "2 bytes": a count with its noun, singular when it is one. */
export const plural = (n: number, one: string, many = `${one}s`): string => `${grouped(n)} ${n === 1 ? one : many}`

/** All values of a header, case-insensitively, in order. */
export function headerValues(headers: readonly (readonly [string, string])[], name: string): string[] {
  const lower = name.toLowerCase()
  return headers.filter(([n]) => n.toLowerCase() === lower).map(([, v]) => v)
}

/** One line of text with its ending, for showing CR and LF as marks. */
export interface MarkedLine {
  text: string
  /** The line's ending as it was: CRLF, a bare LF, a bare CR, or none (the last line). */
  end: '\r\n' | '\n' | '\r' | ''
}

/** Splits text into lines keeping each ending, at most `maxLines` (the rest is counted, not split). */
export function markLines(text: string, maxLines = 20_000): { lines: MarkedLine[]; more: boolean } {
  const lines: MarkedLine[] = []
  let start = 0
  for (let i = 0; i < text.length && lines.length < maxLines; i++) {
    const c = text.charCodeAt(i)
    if (c === 13) {
      const crlf = text.charCodeAt(i + 1) === 10
      lines.push({ text: text.slice(start, i), end: crlf ? '\r\n' : '\r' })
      if (crlf) i++
      start = i + 1
    } else if (c === 10) {
      lines.push({ text: text.slice(start, i), end: '\n' })
      start = i + 1
    }
  }
  const more = lines.length >= maxLines && start < text.length
  if (!more && start < text.length) lines.push({ text: text.slice(start), end: '' })
  return { lines, more }
}

/** Latin-1 text of bytes: one character per byte, so nothing is lost or reinterpreted. */
export function latin1(bytes: Uint8Array): string {
  let out = ''
  for (let i = 0; i < bytes.length; i += 8192) out += String.fromCharCode(...bytes.subarray(i, i + 8192))
  return out
}

/** Control characters (C0 other than CR, LF and tab; DEL; C1) shown as escapes, so nothing hides in the raw view. */
export const escapeControls = (s: string): string =>
  s.replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)

/** The phases of one exchange in order, with what each measures. */
export interface PhaseDef {
  key: Exclude<keyof HttpTimings, 'totalMs'>
  name: string
  words: string
}

export const PHASES: PhaseDef[] = [
  { key: 'dnsMs', name: 'DNS lookup', words: 'Turning the host name into an address (none for an IP or a forced address).' },
  { key: 'connectMs', name: 'TCP connect', words: 'The TCP three-way handshake: one round trip (RFC 9293 §3.5).' },
  { key: 'tlsMs', name: 'TLS handshake', words: 'Agreeing keys and checking the certificate: one round trip in TLS 1.3 (resumed too, minus the certificate and signature; RFC 8446 §2.2), two in 1.2 (one when resumed with the abbreviated handshake, RFC 5246 §7.3); only 0-RTT data goes sooner (RFC 8446 §2.3).' },
  { key: 'sentMs', name: 'Request sent', words: 'Writing the request’s bytes to the socket.' },
  { key: 'firstByteMs', name: 'Wait (first byte)', words: 'From the request sent to the first response byte: the server’s work plus one round trip (“TTFB”).' },
  { key: 'downloadMs', name: 'Download', words: 'From the first byte to the last: the rest of the response arriving.' }
]

