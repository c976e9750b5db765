// One HTTP/2 frame as a row of the frame list: its type, flags in words, a one-line summary, and for a header block
// how HPACK encoded each field ("indexed (static 2)", "literal with incremental indexing, name from static 4"…).
import type { Http2FrameRow } from '../../shared/contract/http'
import { encodeFrame, H2_ERROR_CODES, H2_FLAGS, H2_FRAME_TYPES, typeName, type H2Frame } from '../../shared/http/h2-frames'
import type { H2ReadFrame } from '../../shared/http/h2-reader'
import type { HpackFieldExplained } from '../../shared/http/hpack'

/** Frame bytes kept per row, as the contract says. */
export const ROW_RAW_BYTES = 64 * 1024

const FLAG_NAMES: Record<string, [number, string][]> = {
  DATA: [[H2_FLAGS.END_STREAM, 'END_STREAM'], [H2_FLAGS.PADDED, 'PADDED']],
  HEADERS: [[H2_FLAGS.END_STREAM, 'END_STREAM'], [H2_FLAGS.END_HEADERS, 'END_HEADERS'], [H2_FLAGS.PADDED, 'PADDED'], [H2_FLAGS.PRIORITY, 'PRIORITY']],
  SETTINGS: [[H2_FLAGS.ACK, 'ACK']],
  PING: [[H2_FLAGS.ACK, 'ACK']],
  PUSH_PROMISE: [[H2_FLAGS.END_HEADERS, 'END_HEADERS'], [H2_FLAGS.PADDED, 'PADDED']],
  CONTINUATION: [[H2_FLAGS.END_HEADERS, 'END_HEADERS']]
}

/** Flag bits by name for the frame's type; bits the type does not define are shown in hex. */
export function flagNames(type: string, flags: number): string[] {
  const out: string[] = []
  let rest = flags
  for (const [bit, name] of FLAG_NAMES[type] ?? []) {
    if (flags & bit) {
      out.push(name)
      rest &= ~bit
    }
  }
  if (rest) out.push(`0x${rest.toString(16).padStart(2, '0')}`)
  return out
}

const SHORT_SETTING: Record<number, string> = { 1: 'HEADER_TABLE_SIZE', 2: 'ENABLE_PUSH', 3: 'MAX_CONCURRENT_STREAMS', 4: 'INITIAL_WINDOW_SIZE', 5: 'MAX_FRAME_SIZE', 6: 'MAX_HEADER_LIST_SIZE', 8: 'ENABLE_CONNECT_PROTOCOL', 9: 'NO_RFC7540_PRIORITIES' }
export const settingShortName = (id: number): string => SHORT_SETTING[id] ?? `0x${id.toString(16)}`

const codeName = (code: number): string => H2_ERROR_CODES[code]?.name ?? `0x${code.toString(16)}`
const printable = (b: Uint8Array): string => new TextDecoder('utf-8', { fatal: false }).decode(b.subarray(0, 200)).replace(/[\u0000-\u001f\u007f]/g, '.')

/** How HPACK carried one field, in words (RFC 7541 §6). */
export function representationWords(f: HpackFieldExplained): string {
  const from = f.index !== undefined ? `${f.indexSource} ${f.index}` : ''
  const huffman = f.nameHuffman && f.valueHuffman ? ', Huffman' : f.valueHuffman ? ', Huffman value' : f.nameHuffman ? ', Huffman name' : ''
  const name = from ? `name from ${from}` : 'new name'
  switch (f.representation) {
    case 'indexed':
      return `indexed (${from})`
    case 'literal-incremental':
      return `literal with incremental indexing, ${name}${huffman}`
    case 'literal-without-indexing':
      return `literal without indexing, ${name}${huffman}`
    case 'literal-never-indexed':
      return `literal never indexed, ${name}${huffman}`
    case 'size-update':
      return `dynamic table size update to ${f.newMaxSize}`
  }
}

function summaryOf(frame: H2Frame, header?: H2ReadFrame['headerBlock']): string {
  switch (frame.type) {
    case 'DATA':
      return `DATA ${frame.data.length} bytes${frame.padding ? ` (+${frame.padding.length + 1} padding)` : ''}${frame.flags & H2_FLAGS.END_STREAM ? ', end of stream' : ''}`
    case 'HEADERS':
    case 'CONTINUATION': {
      if (!header) return `${frame.type} ${frame.fragment.length} octets of header block${frame.flags & H2_FLAGS.END_HEADERS ? '' : ', more in CONTINUATION'}`
      const h = header.result.headers
      const pseudo = h.filter((f) => f.name.startsWith(':')).map((f) => `${f.name} ${f.value}`)
      return `${frame.type} ${pseudo.join(' ') || 'trailers'}${pseudo.length ? ',' : ':'} ${h.length - pseudo.length} field${h.length - pseudo.length === 1 ? '' : 's'}`
    }
    case 'PRIORITY':
      return `PRIORITY depends on ${frame.priority.dependency}${frame.priority.exclusive ? ' (exclusive)' : ''}, weight ${frame.priority.weight + 1}`
    case 'RST_STREAM':
      return `RST_STREAM ${codeName(frame.errorCode)}`
    case 'SETTINGS':
      return frame.flags & H2_FLAGS.ACK ? 'SETTINGS ACK' : `SETTINGS ${frame.settings.map((s) => `${settingShortName(s.id)}=${s.value}`).join(' ') || '(none: all initial values)'}`
    case 'PUSH_PROMISE':
      return `PUSH_PROMISE promised stream ${frame.promisedStreamId}`
    case 'PING':
      return `PING ${Buffer.from(frame.opaque).toString('hex')}${frame.flags & H2_FLAGS.ACK ? ' ACK' : ''}`
    case 'GOAWAY':
      return `GOAWAY ${codeName(frame.errorCode)} last=${frame.lastStreamId}${frame.debugData.length ? ` "${printable(frame.debugData)}"` : ''}`
    case 'WINDOW_UPDATE':
      return `WINDOW_UPDATE +${frame.increment}`
    case 'UNKNOWN':
      return `${typeName(frame.typeCode)} ${frame.payload.length} octets (ignored)`
    case 'MALFORMED':
      return `${typeName(frame.typeCode)} malformed: ${frame.problem}`
  }
}

/** The frame list's row for one frame read by H2FrameReader (either direction). */
export function frameRow(dir: Http2FrameRow['dir'], atMs: number, read: H2ReadFrame, bytes: Uint8Array, keepRaw: number): Http2FrameRow {
  const f = read.frame
  const typeCode = f.type === 'UNKNOWN' || f.type === 'MALFORMED' ? f.typeCode : H2_FRAME_TYPES.indexOf(f.type)
  const type = f.type === 'UNKNOWN' || f.type === 'MALFORMED' ? typeName(f.typeCode) : f.type
  const fields = read.headerBlock?.result.fields
  return {
    dir,
    atMs: Math.round(atMs * 100) / 100,
    type,
    typeCode,
    flags: flagNames(type, f.flags),
    streamId: f.streamId,
    length: read.length - 9,
    rawBase64: Buffer.from(bytes.subarray(0, Math.max(9, Math.min(keepRaw, ROW_RAW_BYTES)))).toString('base64'),
    summary: summaryOf(f, read.headerBlock),
    ...(fields ? { headers: fields.map((x) => ({ name: x.name ?? '(table size update)', value: x.value ?? String(x.newMaxSize ?? ''), representation: representationWords(x), ...(x.index !== undefined ? { index: x.index } : {}) })) } : {})
  }
}

/**
 * The frame list of one connection, under caps. Sent frames keep their exact bytes; a received frame is written back
 * by our codec, which keeps every field, padding and unknown payload, so the bytes are the ones that came. Past the
 * byte budget a row keeps only the 9-octet header; past the frame budget frames are only counted.
 */
export class FrameLog {
  readonly rows: Http2FrameRow[] = []
  notKept = 0
  private bytesKept = 0
  constructor(private readonly maxFrames = 5000, private readonly maxBytes = 2 * 1024 * 1024) {}

  keep(dir: Http2FrameRow['dir'], atMs: number, read: H2ReadFrame, exact?: Uint8Array): void {
    if (this.rows.length >= this.maxFrames) {
      this.notKept++
      return
    }
    const allowed = Math.min(ROW_RAW_BYTES, Math.max(0, this.maxBytes - this.bytesKept))
    let bytes = allowed > 9 ? exact : undefined
    if (allowed > 9 && !bytes) {
      try {
        bytes = encodeFrame(read.frame)
      } catch {
        bytes = undefined
      }
    }
    bytes ??= headerOnly(read)
    this.bytesKept += Math.min(bytes.length, allowed)
    this.rows.push(frameRow(dir, atMs, read, bytes, allowed))
  }
}

/** The 9-octet frame header alone (RFC 9113 §4.1). */
function headerOnly(read: H2ReadFrame): Uint8Array {
  const f = read.frame
  const code = f.type === 'UNKNOWN' || f.type === 'MALFORMED' ? f.typeCode : H2_FRAME_TYPES.indexOf(f.type)
  const len = read.length - 9
  const sid = f.streamId + (f.reserved ? 0x80000000 : 0)
  return Uint8Array.of(len >>> 16, (len >>> 8) & 255, len & 255, code, f.flags, sid >>> 24, (sid >>> 16) & 255, (sid >>> 8) & 255, sid & 255)
}
