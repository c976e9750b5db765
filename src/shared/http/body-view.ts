// How a response body is shown: JSON pretty-printed (up to a size), HTML and XML as source, PNG/JPEG/GIF/WebP as an
// image (a data URL), SVG as source text only (it can carry script, so it is never rendered), else text or hex. The
// Content-Type decides first; when it is missing, generic or contradicts the bytes, sniffing decides and says so.
import { toBase64 } from '../bytes'

export type BodyKind = 'empty' | 'json' | 'html' | 'xml' | 'svg' | 'image' | 'text' | 'hex'

export interface BodyView {
  kind: BodyKind
  /** The text to show (json, html, xml, svg, text). */
  text?: string
  /** data: URL of a complete raster image (image). */
  dataUrl?: string
  /** The media type the view was chosen for (from Content-Type or sniffed). */
  mediaType: string
  /** How the kind was chosen and anything a user should know (a cut, a mismatch), in words. */
  notes: string[]
  /** Bytes this view shows, and how many the body has in all. */
  shownBytes: number
  totalBytes: number
}

export const BODY_VIEW_LIMITS = {
  /** JSON above this is shown as received, not re-indented (pretty-printing a large document holds the page). */
  prettyJsonBytes: 1024 * 1024,
  /** Text shown at most (characters). */
  textChars: 512 * 1024,
  /** An image larger than this is not turned into a data URL. */
  imageBytes: 8 * 1024 * 1024
} as const

const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp'])

const startsWith = (b: Uint8Array, sig: readonly number[], at = 0): boolean => sig.every((x, i) => b[at + i] === x)

/** The raster type from the file's magic bytes (WHATWG MIME Sniffing §6.1), or undefined. */
export function sniffImage(b: Uint8Array): string | undefined {
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png'
  if (startsWith(b, [0xff, 0xd8, 0xff])) return 'image/jpeg'
  if (startsWith(b, [0x47, 0x49, 0x46, 0x38]) && (b[4] === 0x37 || b[4] === 0x39) && b[5] === 0x61) return 'image/gif'
  if (startsWith(b, [0x52, 0x49, 0x46, 0x46]) && startsWith(b, [0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp'
  return undefined
}

/** Text-ish kind from the first characters (leading whitespace and a BOM skipped). */
function sniffText(head: string): BodyKind | undefined {
  const t = head.replace(/^\ufeff/, '').trimStart().slice(0, 256).toLowerCase()
  if (t.startsWith('{') || t.startsWith('[')) return 'json'
  if (t.startsWith('<!doctype html') || t.startsWith('<html') || t.startsWith('<head') || t.startsWith('<body')) return 'html'
  if (t.startsWith('<svg') || (t.startsWith('<?xml') && t.includes('<svg'))) return 'svg'
  if (t.startsWith('<?xml')) return 'xml'
  return undefined
}

/** The media type and charset of a Content-Type value (RFC 9110 §8.3.1), lower-cased. */
export function parseContentType(value: string | undefined): { mediaType: string; charset?: string } {
  if (!value) return { mediaType: '' }
  const [type, ...params] = value.split(';')
  const out: { mediaType: string; charset?: string } = { mediaType: type!.trim().toLowerCase() }
  for (const p of params) {
    const m = /^\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(p)
    if (m) out.charset = m[1]!.toLowerCase()
  }
  return out
}

function kindOfType(t: string): BodyKind | undefined {
  if (t === 'application/json' || t.endsWith('+json') || t === 'text/json') return 'json'
  if (t === 'text/html' || t === 'application/xhtml+xml') return 'html'
  if (t === 'image/svg+xml') return 'svg'
  if (t === 'application/xml' || t === 'text/xml' || t.endsWith('+xml')) return 'xml'
  if (IMAGE_TYPES.has(t)) return 'image'
  if (t.startsWith('text/') || t === 'application/javascript' || t === 'application/x-www-form-urlencoded') return 'text'
  return undefined
}

/** True when the bytes read as text: valid UTF-8 (a cut at the end forgiven) with few control characters. */
function decodeText(b: Uint8Array, charset: string | undefined): string | undefined {
  let text: string
  try {
    const label = charset && charset !== 'utf-8' && charset !== 'utf8' ? charset : 'utf-8'
    text = new TextDecoder(label, { fatal: label === 'utf-8' }).decode(b)
  } catch {
    // A multi-byte character cut by the display cap is not a reason to call the body binary.
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(b.subarray(0, Math.max(0, b.length - 3)))
    } catch {
      return undefined
    }
  }
  const sample = text.slice(0, 4096)
  const controls = sample.replace(/[^\x00-\x08\x0e-\x1f\x7f]/g, '').length
  return controls > sample.length / 50 ? undefined : text
}

export interface BodyInput {
  contentType?: string
  /** The (decoded) body bytes held in the page: maybe only the first part. */
  bytes: Uint8Array
  /** The whole body's length (bodyLength), when more than `bytes` exists. */
  totalBytes?: number
}

/** Chooses how to show a body; never throws, never holds more than the caps. */
export function classifyBody(input: BodyInput): BodyView {
  const { bytes } = input
  const totalBytes = Math.max(input.totalBytes ?? bytes.length, bytes.length)
  const complete = bytes.length >= totalBytes
  const ct = parseContentType(input.contentType)
  const notes: string[] = []
  const base = (kind: BodyKind, mediaType: string, extra: Partial<BodyView> = {}): BodyView => ({ kind, mediaType, notes, shownBytes: bytes.length, totalBytes, ...extra })
  if (totalBytes === 0) return base('empty', ct.mediaType)

  const declared = kindOfType(ct.mediaType)
  const image = sniffImage(bytes)
  if (image && declared !== 'image') notes.push(ct.mediaType ? `Content-Type says ${ct.mediaType}, but the bytes are ${image} (sniffed from the magic number).` : `No Content-Type: the bytes are ${image} (sniffed).`)
  if (image || declared === 'image') {
    const mediaType = image ?? ct.mediaType
    if (!image) notes.push(`Content-Type says ${ct.mediaType}, but the bytes do not start like one; shown as bytes.`)
    else if (!complete) notes.push(`Only ${bytes.length.toLocaleString('en-US')} of ${totalBytes.toLocaleString('en-US')} bytes are here, so the image is not drawn.`)
    else if (bytes.length > BODY_VIEW_LIMITS.imageBytes) notes.push('The image is too large to draw here.')
    else return base('image', mediaType, { dataUrl: `data:${mediaType};base64,${toBase64(bytes)}` })
    return base('hex', mediaType)
  }

  const text = decodeText(bytes, ct.charset)
  if (text === undefined) {
    if (declared && declared !== 'text') notes.push(`Content-Type says ${ct.mediaType}, but the bytes are not text; shown as hex.`)
    return base('hex', ct.mediaType || 'application/octet-stream')
  }
  const shown = text.length > BODY_VIEW_LIMITS.textChars ? text.slice(0, BODY_VIEW_LIMITS.textChars) : text
  if (shown.length < text.length) notes.push(`Showing the first ${BODY_VIEW_LIMITS.textChars / 1024} K characters.`)
  const sniffed = sniffText(text)
  const kind: BodyKind = declared ?? sniffed ?? 'text'
  if (!declared && sniffed) notes.push(`No specific Content-Type${ct.mediaType ? ` (${ct.mediaType})` : ''}: read as ${sniffed.toUpperCase()} from its first characters.`)
  if (kind === 'svg') notes.push('SVG can hold script, so it is shown as source, never drawn.')

  if (kind === 'json') {
    if (!complete) {
      notes.push('Only part of the JSON is here, so it is shown as received.')
      return base('json', ct.mediaType || 'application/json', { text: shown })
    }
    if (bytes.length > BODY_VIEW_LIMITS.prettyJsonBytes) {
      notes.push(`Over ${BODY_VIEW_LIMITS.prettyJsonBytes / 1024 / 1024} MiB: shown as received, not re-indented.`)
      return base('json', ct.mediaType || 'application/json', { text: shown })
    }
    try {
      const pretty = JSON.stringify(JSON.parse(text), null, 2)
      return base('json', ct.mediaType || 'application/json', { text: pretty.length > BODY_VIEW_LIMITS.textChars ? pretty.slice(0, BODY_VIEW_LIMITS.textChars) : pretty })
    } catch (err) {
      notes.push(`Not valid JSON (${err instanceof Error ? err.message : String(err)}); shown as received.`)
      return base(declared === 'json' ? 'json' : 'text', ct.mediaType || 'text/plain', { text: shown })
    }
  }
  return base(kind, ct.mediaType || 'text/plain', { text: shown })
}
