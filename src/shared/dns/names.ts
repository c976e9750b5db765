// Domain names as users type them and as the wire carries them (RFC 1035 §2.3.4, §3.1, §4.1.4): checking what was
// typed (with IDNA through the WHATWG URL parser, which does UTS-46 in Node and in browsers), escaping labels as dig
// prints them, and reading compressed names without ever following a pointer loop.
import type { ByteWriter } from '../bytes'
import { WirebenchError } from '../errors'
import { DNS_LIMITS } from './model'

const bad = (words: string): WirebenchError => new WirebenchError('DNS_BAD_NAME', words)
const utf8 = new TextEncoder()

/** Presentation text → labels as bytes, undoing dig's escapes (`\.`, `\\`, `\DDD`, RFC 1035 §5.1). */
export function nameToLabels(name: string): Uint8Array[] {
  const text = name.trim()
  if (text === '' || text === '.') return []
  const labels: Uint8Array[] = []
  let current: number[] = []
  let i = 0
  const finish = (): void => {
    if (current.length === 0) throw bad(`"${name}" has an empty label (two dots in a row, or a leading dot); every label needs 1 to 63 octets (RFC 1035 §2.3.4).`)
    if (current.length > DNS_LIMITS.maxLabelOctets) {
      throw bad(`The label "${labelText(Uint8Array.from(current)).slice(0, 70)}" is ${current.length} octets; a label may have at most 63 (RFC 1035 §2.3.4).`)
    }
    labels.push(new Uint8Array(current))
    current = []
  }
  while (i < text.length) {
    const c = text[i] as string
    if (c === '\\') {
      const d = text.slice(i + 1, i + 4)
      if (/^[0-9]{3}$/.test(d)) {
        const v = Number(d)
        if (v > 255) throw bad(`"\\${d}" in "${name}" is not a byte (RFC 1035 §5.1 escapes are \\000 to \\255).`)
        current.push(v)
        i += 4
      } else if (i + 1 < text.length) {
        const e = text.charCodeAt(i + 1)
        if (e < 0x80) current.push(e)
        else current.push(...utf8.encode(text[i + 1] as string))
        i += 2
      } else throw bad(`"${name}" ends with a lone backslash.`)
    } else if (c === '.') {
      finish()
      i++
      if (i === text.length) break
    } else {
      // ASCII (nearly every name) is its own byte; anything else is UTF-8 encoded as before.
      const code = text.charCodeAt(i)
      if (code < 0x80) current.push(code)
      else current.push(...utf8.encode(c))
      i++
    }
  }
  if (current.length > 0) finish()
  return labels
}

/** Octets of the name on the wire (length bytes, labels, the root), refused over 255 (RFC 1035 §2.3.4). */
function wireLength(name: string, labels: readonly Uint8Array[]): number {
  let total = 1
  for (const l of labels) total += l.length + 1
  if (total > DNS_LIMITS.maxNameOctets) throw bad(`"${name.slice(0, 80)}…" is ${total} octets on the wire; a name may have at most 255 (RFC 1035 §2.3.4).`)
  return total
}

/** Uncompressed wire form of a presentation name (relative names are taken as absolute). */
export function nameToWire(name: string): Uint8Array {
  const labels = nameToLabels(name)
  const total = wireLength(name, labels)
  // Length byte, label, …, then the root's zero (already there in a fresh array).
  const out = new Uint8Array(total)
  let at = 0
  for (const l of labels) {
    out[at++] = l.length
    out.set(l, at)
    at += l.length
  }
  return out
}

/** Writes a name uncompressed; lower-cased ASCII when canonical (RFC 4034 §6.2). */
export function writeName(w: ByteWriter, name: string, canonical = false): void {
  w.bytes(nameToWire(canonical ? canonicalName(name) : name))
}

// dig escapes these with a backslash inside names (BIND dns_name_totext): " ( ) . ; \ @ $
const SPECIAL = new Set([0x22, 0x28, 0x29, 0x2e, 0x3b, 0x5c, 0x40, 0x24])

/** One label as dig prints it: specials backslash-escaped, bytes outside 0x21–0x7e as \DDD. */
export function labelText(label: Uint8Array): string {
  // Most labels are letters, digits, '-' and '_': those are their own text.
  let plain = true
  for (let i = 0; i < label.length && plain; i++) {
    const b = label[i] as number
    plain = b > 0x20 && b < 0x7f && !SPECIAL.has(b)
  }
  if (plain) return String.fromCharCode.apply(null, label as unknown as number[])
  let s = ''
  for (const b of label) {
    if (SPECIAL.has(b)) s += '\\' + String.fromCharCode(b)
    else if (b > 0x20 && b < 0x7f) s += String.fromCharCode(b)
    else s += '\\' + String(b).padStart(3, '0')
  }
  return s
}

export const labelsToName = (labels: readonly Uint8Array[]): string => (labels.length === 0 ? '.' : labels.map(labelText).join('.') + '.')

/** The name with its trailing dot ("." is the root). */
export function fqdn(name: string): string {
  const t = name.trim()
  if (t === '' || t === '.') return '.'
  if (t.endsWith('.') && !t.endsWith('\\.')) return t
  if (t.endsWith('\\.')) {
    // "a\." is a label ending in a dot, unless the backslash is itself escaped.
    const m = /(\\+)\.$/.exec(t)
    if (m && (m[1] as string).length % 2 === 0) return t
  }
  return t + '.'
}

/** Lower-case ASCII letters only (RFC 4034 §6.2; RFC 4343: DNS is case-insensitive for ASCII only). */
export const canonicalName = (name: string): string => fqdn(name).replace(/[A-Z]/g, (c) => c.toLowerCase())

/** Labels of the name, not counting the root or a leading wildcard "*" (RFC 4034 §3.1.3). */
export function labelCount(name: string): number {
  const labels = nameToLabels(name)
  const first = labels[0]
  return first && first.length === 1 && first[0] === 0x2a ? labels.length - 1 : labels.length
}

/**
 * What the user typed → the name to send. Trims, accepts a trailing dot, turns Unicode into A-labels (UTS-46 via
 * the URL parser) and says in words what is wrong with a name DNS cannot carry. Underscores are fine (_dmarc, SRV).
 */
export function checkName(text: string): { ascii: string; unicode: string | null } {
  const t = text.trim()
  if (t === '') throw bad('The name is empty: type a domain name such as example.com.')
  if (t === '.') return { ascii: '.', unicode: null }
  const body = t.endsWith('.') && !t.endsWith('\\.') ? t.slice(0, -1) : t
  if (body.startsWith('.') || body.includes('..')) {
    throw bad(`"${t}" has an empty label (two dots in a row, or a leading dot); every label needs 1 to 63 octets (RFC 1035 §2.3.4).`)
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(body)) throw bad(`"${t.slice(0, 80)}" is a URL; type only its host name (for https://example.com/x, example.com).`)
  if (/\s/.test(body)) throw bad(`"${t}" contains a space or other white space, which no host name has; did you mean to type two names?`)
  let ascii = body
  if (/[^\x00-\x7f]/.test(body)) {
    if (/[\\\s/?#@:%[\]]/.test(body)) throw bad(`"${t}" mixes Unicode with characters a host name cannot hold.`)
    try {
      ascii = new URL('http://' + body + '/').hostname
    } catch {
      throw bad(`"${t}" is not a name IDNA can convert to ASCII (RFC 5891, UTS #46): check for symbols or disallowed characters.`)
    }
  }
  if (ascii.length > DNS_LIMITS.maxNameTextLength) {
    throw bad(`The name is ${ascii.length} characters; DNS allows at most 253 (RFC 1035 §2.3.4).`)
  }
  const labels = nameToLabels(ascii)
  labels.forEach((l, i) => {
    if (l.length > DNS_LIMITS.maxLabelOctets) throw bad(`Label ${i + 1} ("${labelText(l).slice(0, 40)}…") is ${l.length} octets; a label may have at most 63 (RFC 1035 §2.3.4).`)
  })
  wireLength(ascii, labels)
  const unicode = ascii.toLowerCase() !== body.toLowerCase() ? body : null
  return { ascii: fqdn(ascii), unicode: unicode === null ? null : fqdn(unicode) }
}

export interface NameLimits {
  maxPointers: number
}

export interface ReadName {
  /** Fully qualified presentation form, escaped as dig prints it. */
  name: string
  /** Offset just after the name where it started (after the first pointer, if any). */
  end: number
  pointers: { offset: number; target: number }[]
  labels: Uint8Array[]
}

/**
 * Reads a possibly compressed name at `offset` (RFC 1035 §4.1.4). Each pointer must point before the one that led to
 * it, so loops (and forward chains that could loop) are refused; so are more than maxPointers jumps and names over
 * 255 octets. Throws DNS_MALFORMED with the offset.
 */
export function readName(bytes: Uint8Array, offset: number, limits: NameLimits = { maxPointers: DNS_LIMITS.maxPointers }): ReadName {
  const labels: Uint8Array[] = []
  const pointers: { offset: number; target: number }[] = []
  let pos = offset
  let end = -1
  let octets = 1
  let bound = offset // a pointer must point before this
  for (;;) {
    if (pos >= bytes.length) throw new WirebenchError('DNS_MALFORMED', `The name at byte ${offset} runs past the end of the message (byte ${pos}).`)
    const len = bytes[pos] as number
    if (len === 0) {
      if (end < 0) end = pos + 1
      break
    }
    const kind = len & 0xc0
    if (kind === 0xc0) {
      if (pos + 1 >= bytes.length) throw new WirebenchError('DNS_MALFORMED', `The compression pointer at byte ${pos} is cut off by the end of the message.`)
      const target = ((len & 0x3f) << 8) | (bytes[pos + 1] as number)
      if (target >= bound) {
        throw new WirebenchError('DNS_MALFORMED', `compression pointer loop at byte ${pos}: it points to byte ${target}, not back to an earlier name (RFC 1035 §4.1.4).`, 'pointer-loop')
      }
      if (pointers.length >= limits.maxPointers) {
        throw new WirebenchError('DNS_MALFORMED', `The name at byte ${offset} follows more than ${limits.maxPointers} compression pointers (at byte ${pos}).`, 'pointer-loop')
      }
      pointers.push({ offset: pos, target })
      if (end < 0) end = pos + 2
      bound = target
      pos = target
      continue
    }
    if (kind !== 0) {
      throw new WirebenchError('DNS_MALFORMED', `The label at byte ${pos} has type bits ${(kind >> 6).toString(2).padStart(2, '0')}, which RFC 6891 §5 retired; it cannot be read.`)
    }
    if (pos + 1 + len > bytes.length) throw new WirebenchError('DNS_MALFORMED', `The label at byte ${pos} says ${len} octets but the message ends first.`)
    octets += len + 1
    if (octets > DNS_LIMITS.maxNameOctets) throw new WirebenchError('DNS_MALFORMED', `The name at byte ${offset} is over 255 octets (RFC 1035 §2.3.4).`)
    labels.push(bytes.subarray(pos + 1, pos + 1 + len))
    pos += 1 + len
  }
  return { name: labelsToName(labels), end, pointers, labels }
}
