// PEM (RFC 7468) blocks found anywhere in a text, with strict base64 so a damaged body is reported where it is
// damaged instead of silently decoding to garbage.

export interface PemBlock {
  /** The label between BEGIN and END, e.g. "CERTIFICATE" or "ENCRYPTED PRIVATE KEY". */
  label: string
  /** RFC 1421 headers such as Proc-Type and DEK-Info (legacy encrypted keys). */
  headers: Record<string, string>
  /** Decoded body, or undefined when the block is damaged (see error). */
  der?: Uint8Array
  error?: string
  /** Character offsets of the block in the text, and its 1-based first line. */
  start: number
  end: number
  line: number
}

const B64_VALUES = (() => {
  const t = new Int16Array(256).fill(-1)
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
  for (let i = 0; i < alphabet.length; i++) t[alphabet.charCodeAt(i)] = i
  // base64url as well: some tools paste it
  t['-'.charCodeAt(0)] = 62
  t['_'.charCodeAt(0)] = 63
  return t
})()

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12
}

export class Base64Error extends Error {
  constructor(
    message: string,
    /** Offset of the offending character in the decoded text. */
    readonly at: number
  ) {
    super(message)
  }
}

/** Strict base64: whitespace is ignored, '=' only as final padding, anything else is an error with its position. */
export function decodeBase64(text: string, from = 0, to = text.length): Uint8Array {
  const out = new Uint8Array(Math.floor(((to - from) * 3) / 4) + 3)
  let acc = 0
  let n = 0
  let o = 0
  let padding = 0
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i)
    if (isSpace(c)) continue
    if (c === 61) {
      padding++
      continue
    }
    const v = c < 256 ? (B64_VALUES[c] as number) : -1
    if (v < 0 || padding > 0) {
      const shown = v < 0 ? JSON.stringify(text[i]) : '"=" before the end'
      throw new Base64Error(`unexpected character ${shown}`, i)
    }
    acc = (acc << 6) | v
    n++
    if (n === 4) {
      out[o++] = (acc >> 16) & 0xff
      out[o++] = (acc >> 8) & 0xff
      out[o++] = acc & 0xff
      acc = 0
      n = 0
    }
  }
  if (n === 1) throw new Base64Error('the base64 text has a stray final character (truncated or damaged)', to)
  if (n === 2) out[o++] = (acc >> 4) & 0xff
  if (n === 3) {
    out[o++] = (acc >> 10) & 0xff
    out[o++] = (acc >> 2) & 0xff
  }
  if (padding > 2 || (padding > 0 && (n + padding) % 4 !== 0)) {
    throw new Base64Error('the base64 padding ("=") is wrong (truncated or damaged)', to)
  }
  return out.slice(0, o)
}

const B64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
/** Two base64 characters per 12 bits: half as many string operations as one per 6 bits. */
const B64_PAIRS: string[] = Array.from({ length: 4096 }, (_, i) => (B64_ALPHABET[i >> 6] as string) + (B64_ALPHABET[i & 63] as string))

export function encodeBase64(bytes: Uint8Array): string {
  const parts: string[] = []
  let i = 0
  for (; i + 2 < bytes.length; i += 3) {
    const v = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number)
    parts.push((B64_PAIRS[v >> 12] as string) + (B64_PAIRS[v & 4095] as string))
  }
  const rest = bytes.length - i
  if (rest === 1) {
    const v = (bytes[i] as number) << 16
    parts.push(`${B64_PAIRS[v >> 12]}==`)
  } else if (rest === 2) {
    const v = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8)
    parts.push(`${B64_PAIRS[v >> 12]}${B64_ALPHABET[(v >> 6) & 63]}=`)
  }
  return parts.join('')
}

export function encodePem(der: Uint8Array, label: string): string {
  const b64 = encodeBase64(der)
  let body = ''
  for (let i = 0; i < b64.length; i += 64) body += b64.slice(i, i + 64) + '\n'
  return `-----BEGIN ${label}-----\n${body}-----END ${label}-----\n`
}

function lineOf(text: string, offset: number, from: number, fromLine: number): number {
  let line = fromLine
  for (let i = text.indexOf('\n', from); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++
  return line
}

const BEGIN = /-----BEGIN ([A-Z0-9][A-Z0-9 #_.-]{0,63})-----/g

/**
 * Every PEM block in the text, in order. Text around and between blocks is ignored (OpenSSL writes
 * "subject=..." lines, people paste e-mails). At most `limit` blocks are returned.
 */
export function findPemBlocks(text: string, limit = Infinity): PemBlock[] {
  const blocks: PemBlock[] = []
  BEGIN.lastIndex = 0
  let line = 1
  let lineScanned = 0
  for (let m = BEGIN.exec(text); m && blocks.length < limit; m = BEGIN.exec(text)) {
    const label = m[1] as string
    const start = m.index
    // line numbers are counted incrementally so a 20,000-block file stays linear
    for (let i = text.indexOf('\n', lineScanned); i !== -1 && i < start; i = text.indexOf('\n', i + 1)) line++
    lineScanned = start
    const bodyStart = start + m[0].length
    const endMarker = `-----END ${label}-----`
    const nextBegin = text.indexOf('-----BEGIN ', bodyStart)
    // the END is looked for only up to the next BEGIN, so a file of BEGIN lines without ENDs stays linear
    const endInBlock = text.slice(bodyStart, nextBegin === -1 ? text.length : nextBegin).indexOf(endMarker)
    const endAt = endInBlock === -1 ? -1 : bodyStart + endInBlock
    if (endAt === -1) {
      blocks.push({ label, headers: {}, start, end: bodyStart, line, error: `has no "${endMarker}" line (truncated or cut short)` })
      BEGIN.lastIndex = bodyStart
      continue
    }
    const block: PemBlock = { label, headers: {}, start, end: endAt + endMarker.length, line }
    let from = bodyStart
    // RFC 1421 headers: "Name: value" lines, then a blank line
    const headerRe = /[ \t]*\r?\n?([A-Za-z][A-Za-z0-9-]*):[ \t]*([^\r\n]*)\r?\n/y
    if (text.slice(bodyStart, Math.min(endAt, bodyStart + 200)).includes(':')) {
      headerRe.lastIndex = bodyStart
      for (let h = headerRe.exec(text); h && headerRe.lastIndex <= endAt; h = headerRe.exec(text)) {
        block.headers[h[1] as string] = (h[2] as string).trim()
        from = headerRe.lastIndex
      }
    }
    try {
      const der = decodeBase64(text, from, endAt)
      if (der.length === 0) block.error = 'has an empty body'
      else block.der = der
    } catch (err) {
      const at = err instanceof Base64Error ? err.at : from
      block.error = `has a damaged base64 body: ${err instanceof Error ? err.message : String(err)} on line ${lineOf(text, Math.min(at, endAt), start, line)}`
    }
    blocks.push(block)
    BEGIN.lastIndex = block.end
  }
  return blocks
}

/** True when the text is nothing but base64 (a DER file pasted without PEM armour). */
export function looksLikeBareBase64(text: string): boolean {
  const t = text.trim()
  return t.length >= 64 && /^[A-Za-z0-9+/=\s]+$/.test(t)
}
