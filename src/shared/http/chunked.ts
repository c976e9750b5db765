// The chunked transfer coding (RFC 9112 §7.1) read leniently and without copying: where each chunk's size line,
// data and line ending lie, and where the trailer section is. Smuggling hides in exactly these bytes (an odd size,
// a missing CRLF), so every deviation is a finding; dechunk copies the data out only when asked, under a cap.
import { WirebenchError } from '../errors'
import type { Finding } from '../findings'
import { latin1 } from './message-head'

export interface ChunkedLimits {
  /** Chunks recorded with their positions; later chunks are still read (and counted), just not kept. */
  maxChunkRecords: number
  /** A chunk-size line (size and extensions) longer than this cannot be framed safely. */
  maxSizeLineBytes: number
  /** The whole trailer section. */
  maxTrailerBytes: number
  /** A size above this is treated as hostile (RFC 9112 §7.1 warns of integer overflow). */
  maxChunkSize: number
}

export const CHUNKED_LIMITS: ChunkedLimits = { maxChunkRecords: 10_000, maxSizeLineBytes: 4096, maxTrailerBytes: 64 * 1024, maxChunkSize: 2 ** 40 }

export interface ChunkExtension {
  name: string
  value?: string
}

export interface Chunk {
  /** Offset of the chunk-size line. */
  offset: number
  /** The size line with its line ending. */
  sizeLineLength: number
  size: number
  dataOffset: number
  /** Data bytes present so far (less than size while incomplete). */
  dataPresent: number
  /** Bytes of the line ending after the data: 2 (CRLF), 1 (bare LF), 0 (missing or not yet arrived). */
  endLength: number
  extensions: ChunkExtension[]
}

export interface ChunkedScan {
  /** The chunks recorded (at most maxChunkRecords), the last chunk (size 0) included when it arrived. */
  chunks: Chunk[]
  chunkCount: number
  /** Sum of the data bytes present. */
  dataLength: number
  /** The trailer section, its closing empty line included, once the last chunk arrived. */
  trailer?: { offset: number; length: number }
  complete: boolean
  /** Offset just past what could be read; the end of the coded body when complete. */
  end: number
  /** When incomplete and not broken: at least this many more bytes are needed. */
  atLeast: number
  /** The bytes cannot be framed (bad chunk size, missing CRLF): more bytes will not help. */
  broken: boolean
  findings: Finding[]
}

const SRC = 'RFC 9112 §7.1'
const HEX = (b: number): number => (b >= 0x30 && b <= 0x39 ? b - 0x30 : b >= 0x41 && b <= 0x46 ? b - 0x37 : b >= 0x61 && b <= 0x66 ? b - 0x57 : -1)
const isWs = (b: number | undefined): boolean => b === 0x20 || b === 0x09

function extensionsOf(text: string): ChunkExtension[] {
  const out: ChunkExtension[] = []
  for (const part of text.split(';').slice(1)) {
    const eq = part.indexOf('=')
    const name = (eq < 0 ? part : part.slice(0, eq)).trim()
    if (eq < 0) out.push({ name })
    else out.push({ name, value: part.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1') })
  }
  return out
}

/** Reads a chunked body starting at `start`. Never throws; what it cannot read becomes a finding. */
export function scanChunked(bytes: Uint8Array, start = 0, limits: Partial<ChunkedLimits> = {}, onData?: (offset: number, length: number) => void): ChunkedScan {
  const lim = { ...CHUNKED_LIMITS, ...limits }
  const findings: Finding[] = []
  const once = new Set<string>()
  const note = (f: Finding, key = f.code): void => {
    if (once.has(key) || findings.length >= 100) return
    once.add(key)
    findings.push(f)
  }
  const chunks: Chunk[] = []
  let chunkCount = 0
  let dataLength = 0
  let p = start
  const result = (complete: boolean, atLeast: number, broken: boolean, trailer?: ChunkedScan['trailer']): ChunkedScan => {
    const r: ChunkedScan = { chunks, chunkCount, dataLength, complete, end: p, atLeast, broken, findings }
    if (trailer) r.trailer = trailer
    return r
  }
  const broke = (code: string, message: string, offset: number, length: number): ChunkedScan => {
    findings.push({ severity: 'error', code, message, source: SRC, span: { offset, length } })
    return result(false, 0, true)
  }
  for (;;) {
    // The chunk-size line: 1*HEXDIG [ chunk-ext ] CRLF.
    const limit = Math.min(bytes.length, p + lim.maxSizeLineBytes)
    let lf = p
    while (lf < limit && bytes[lf] !== 0x0a) lf++
    if (lf >= limit) {
      if (limit - p >= lim.maxSizeLineBytes) return broke('CHUNK_LINE_TOO_LONG', `A chunk-size line is longer than ${lim.maxSizeLineBytes} bytes; the body cannot be framed.`, p, limit - p)
      return result(false, 1, false)
    }
    const crlf = lf > p && bytes[lf - 1] === 0x0d
    const lineEnd = crlf ? lf - 1 : lf
    if (!crlf) note({ severity: 'warning', code: 'BARE_LF', message: 'A chunk line ends in LF without CR; strict parsers reject it (RFC 9112 §2.2), and parsers that disagree on line endings can be desynchronised.', source: 'RFC 9112 §2.2', span: { offset: lf, length: 1 } }, 'BARE_LF_CHUNK')
    let q = p
    if (isWs(bytes[q])) {
      note({ severity: 'error', code: 'CHUNK_SIZE_WHITESPACE', message: 'Whitespace before a chunk size: the grammar has none, and parsers that skip it and parsers that reject it disagree (a smuggling vector).', source: SRC, span: { offset: p, length: 1 } })
      while (q < lineEnd && isWs(bytes[q])) q++
    }
    let size = 0
    const digits = q
    while (q < lineEnd && HEX(bytes[q]!) >= 0) {
      size = size * 16 + HEX(bytes[q]!)
      if (size > lim.maxChunkSize) return broke('CHUNK_SIZE_TOO_LARGE', `A chunk size is over ${lim.maxChunkSize} bytes; such numbers overflow integer parsing in some servers (RFC 9112 §7.1), so the body is not read further.`, p, lf + 1 - p)
      q++
    }
    if (q === digits) return broke('INVALID_CHUNK_SIZE', `The chunk size "${latin1(bytes, p, Math.min(lineEnd, p + 40))}" is not a hexadecimal number, so where the chunk ends is unknown.`, p, lf + 1 - p)
    let rest = q
    while (rest < lineEnd && isWs(bytes[rest])) rest++
    if (rest < lineEnd && bytes[rest] !== 0x3b) return broke('INVALID_CHUNK_SIZE', `The chunk-size line "${latin1(bytes, p, Math.min(lineEnd, p + 40))}" has characters after the size that are not a chunk extension.`, p, lf + 1 - p)
    if (rest === lineEnd && rest > q) note({ severity: 'warning', code: 'CHUNK_SIZE_WHITESPACE', message: 'Whitespace after a chunk size with no extension: the grammar allows it only before ";".', source: SRC, span: { offset: q, length: rest - q } }, 'CHUNK_SIZE_TRAILING_WS')
    const extText = rest < lineEnd ? latin1(bytes, rest, lineEnd) : ''
    if (extText) note({ severity: 'info', code: 'CHUNK_EXTENSION', message: 'A chunk carries an extension (RFC 9112 §7.1.1); most servers ignore them, and parsers have disagreed on their syntax.', source: 'RFC 9112 §7.1.1', span: { offset: rest, length: lineEnd - rest } })
    const chunk: Chunk = { offset: p, sizeLineLength: lf + 1 - p, size, dataOffset: lf + 1, dataPresent: 0, endLength: 0, extensions: extText ? extensionsOf(extText) : [] }
    chunkCount++
    if (chunks.length < lim.maxChunkRecords) chunks.push(chunk)
    p = lf + 1
    if (size === 0) break
    // chunk-data CRLF
    const present = Math.min(size, bytes.length - p)
    chunk.dataPresent = present
    dataLength += present
    if (present > 0) onData?.(p, present)
    if (present < size) {
      p += present
      return result(false, size - present + 2 + 3, false)
    }
    p += size
    if (p >= bytes.length) return result(false, 2 + 3, false)
    if (bytes[p] === 0x0d) {
      if (p + 1 >= bytes.length) return result(false, 1 + 3, false)
      if (bytes[p + 1] !== 0x0a) return broke('CHUNK_NOT_TERMINATED', `Chunk data is not followed by CRLF: the chunk is longer than its size says (${size} bytes), a classic request-smuggling shape.`, p, 2)
      chunk.endLength = 2
    } else if (bytes[p] === 0x0a) {
      note({ severity: 'warning', code: 'BARE_LF', message: 'A chunk line ends in LF without CR; strict parsers reject it (RFC 9112 §2.2).', source: 'RFC 9112 §2.2', span: { offset: p, length: 1 } }, 'BARE_LF_CHUNK')
      chunk.endLength = 1
    } else {
      return broke('CHUNK_NOT_TERMINATED', `Chunk data is not followed by CRLF: the chunk is longer than its size says (${size} bytes), a classic request-smuggling shape.`, p, 1)
    }
    p += chunk.endLength
  }
  // trailer-section CRLF: field lines until an empty line.
  const trailerStart = p
  for (;;) {
    const limit = Math.min(bytes.length, trailerStart + lim.maxTrailerBytes)
    let lf = p
    while (lf < limit && bytes[lf] !== 0x0a) lf++
    if (lf >= limit) {
      if (limit - trailerStart >= lim.maxTrailerBytes) return broke('TRAILER_TOO_LARGE', `The trailer section is over ${lim.maxTrailerBytes} bytes.`, trailerStart, limit - trailerStart)
      return result(false, 1, false)
    }
    const empty = lf === p || (lf === p + 1 && bytes[p] === 0x0d)
    if (lf === p) note({ severity: 'warning', code: 'BARE_LF', message: 'The chunked body ends with LF without CR; strict parsers reject it (RFC 9112 §2.2).', source: 'RFC 9112 §2.2', span: { offset: lf, length: 1 } }, 'BARE_LF_CHUNK')
    p = lf + 1
    if (empty) break
  }
  return result(true, 0, false, { offset: trailerStart, length: p - trailerStart })
}

/**
 * The data of a chunked body, copied into one array. Throws HTTP_BODY_TOO_LARGE past `maxBytes` and HTTP_BAD_FRAMING
 * when the chunks cannot be read; an incomplete body gives the data that arrived (scan.complete says so).
 */
export function dechunk(bytes: Uint8Array, start = 0, options: { maxBytes?: number; limits?: Partial<ChunkedLimits> } = {}): { data: Uint8Array; scan: ChunkedScan } {
  const maxBytes = options.maxBytes ?? 64 * 1024 * 1024
  const pieces: [number, number][] = []
  let total = 0
  const scan = scanChunked(bytes, start, options.limits, (offset, length) => {
    pieces.push([offset, length])
    total += length
  })
  if (scan.broken) throw new WirebenchError('HTTP_BAD_FRAMING', scan.findings.find((f) => f.severity === 'error')?.message)
  if (total > maxBytes) throw new WirebenchError('HTTP_BODY_TOO_LARGE', `The chunked body holds ${total} bytes, over the ${maxBytes}-byte limit for decoding it in memory.`)
  if (pieces.length === 1) return { data: bytes.subarray(pieces[0]![0], pieces[0]![0] + pieces[0]![1]), scan }
  const data = new Uint8Array(total)
  let o = 0
  for (const [offset, length] of pieces) {
    data.set(bytes.subarray(offset, offset + length), o)
    o += length
  }
  return { data, scan }
}
