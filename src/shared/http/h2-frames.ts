// The HTTP/2 frame codec (RFC 9113 §4, §6): every frame type parsed into fields and written back byte for byte,
// with the error codes (§7) and settings (§6.5.2) in words. The incremental reader and dissector are in h2-reader.ts.
import { ByteReader, ByteWriter } from '../bytes'
import { WirebenchError } from '../errors'

/** The client connection preface, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" (RFC 9113 §3.4). */
export const H2_PREFACE = new TextEncoder().encode('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n')
export const H2_FRAME_HEADER_LENGTH = 9
/** SETTINGS_MAX_FRAME_SIZE's initial value and its largest (RFC 9113 §4.2, §6.5.2). */
export const H2_DEFAULT_MAX_FRAME_SIZE = 16_384
export const H2_LARGEST_FRAME_SIZE = 16_777_215

export const H2_FRAME_TYPES = ['DATA', 'HEADERS', 'PRIORITY', 'RST_STREAM', 'SETTINGS', 'PUSH_PROMISE', 'PING', 'GOAWAY', 'WINDOW_UPDATE', 'CONTINUATION'] as const
export type H2FrameType = (typeof H2_FRAME_TYPES)[number]

export const H2_FLAGS = { END_STREAM: 0x1, ACK: 0x1, END_HEADERS: 0x4, PADDED: 0x8, PRIORITY: 0x20 } as const

/** Error codes in words (RFC 9113 §7). */
export const H2_ERROR_CODES: Record<number, { name: string; words: string }> = {
  0x0: { name: 'NO_ERROR', words: 'graceful shutdown, no error' },
  0x1: { name: 'PROTOCOL_ERROR', words: 'the peer broke the protocol' },
  0x2: { name: 'INTERNAL_ERROR', words: 'an unexpected internal error in the endpoint' },
  0x3: { name: 'FLOW_CONTROL_ERROR', words: 'the peer broke flow control' },
  0x4: { name: 'SETTINGS_TIMEOUT', words: 'SETTINGS were sent but not acknowledged in time' },
  0x5: { name: 'STREAM_CLOSED', words: 'a frame arrived after the stream was half-closed' },
  0x6: { name: 'FRAME_SIZE_ERROR', words: 'a frame had an invalid size' },
  0x7: { name: 'REFUSED_STREAM', words: 'the stream was refused before any processing; it is safe to retry' },
  0x8: { name: 'CANCEL', words: 'the stream is no longer needed' },
  0x9: { name: 'COMPRESSION_ERROR', words: 'the header compression context could not be maintained' },
  0xa: { name: 'CONNECT_ERROR', words: 'the connection of a CONNECT request was reset or closed' },
  0xb: { name: 'ENHANCE_YOUR_CALM', words: 'the peer generates excessive load' },
  0xc: { name: 'INADEQUATE_SECURITY', words: 'the TLS properties do not meet the minimum (RFC 9113 §9.2)' },
  0xd: { name: 'HTTP_1_1_REQUIRED', words: 'the endpoint requires HTTP/1.1 for this request' }
}

export function errorCodeName(code: number): string {
  const e = H2_ERROR_CODES[code]
  return e ? `${e.name} (${e.words})` : `unknown error code 0x${code.toString(16)} (treated as INTERNAL_ERROR, RFC 9113 §7)`
}

/** Settings in words (RFC 9113 §6.5.2; 8 from RFC 8441, 9 from RFC 9218). */
export const H2_SETTINGS: Record<number, { name: string; words: string }> = {
  0x1: { name: 'SETTINGS_HEADER_TABLE_SIZE', words: 'largest HPACK dynamic table the sender can decode with (initial 4096)' },
  0x2: { name: 'SETTINGS_ENABLE_PUSH', words: 'whether server push is allowed, 0 or 1 (initial 1)' },
  0x3: { name: 'SETTINGS_MAX_CONCURRENT_STREAMS', words: 'most streams the sender lets the peer open at once (initially unlimited)' },
  0x4: { name: 'SETTINGS_INITIAL_WINDOW_SIZE', words: 'initial flow-control window of each stream, in octets (initial 65,535)' },
  0x5: { name: 'SETTINGS_MAX_FRAME_SIZE', words: 'largest frame payload the sender will receive (16,384 to 16,777,215)' },
  0x6: { name: 'SETTINGS_MAX_HEADER_LIST_SIZE', words: 'largest header list the sender will accept, in octets (advisory)' },
  0x8: { name: 'SETTINGS_ENABLE_CONNECT_PROTOCOL', words: 'extended CONNECT allowed, e.g. WebSockets over HTTP/2 (RFC 8441)' },
  0x9: { name: 'SETTINGS_NO_RFC7540_PRIORITIES', words: 'RFC 7540 priority signals are not used (RFC 9218)' }
}

export function settingName(id: number): string {
  return H2_SETTINGS[id]?.name ?? `unknown setting 0x${id.toString(16)} (ignored, RFC 9113 §6.5.2)`
}

export interface H2Priority {
  exclusive: boolean
  dependency: number
  /** The weight as sent (0–255); the effective weight is one more (RFC 9113 §6.3, RFC 7540 §5.3.2). */
  weight: number
}

export interface H2Setting {
  id: number
  value: number
}

/** Fields common to every frame. */
interface FrameBase {
  flags: number
  streamId: number
  /** The reserved bit of the stream identifier, which must be unset (RFC 9113 §4.1). */
  reserved?: boolean
}

export type H2Frame = FrameBase &
  (
    | { type: 'DATA'; data: Uint8Array; padding?: Uint8Array }
    | { type: 'HEADERS'; fragment: Uint8Array; priority?: H2Priority; padding?: Uint8Array }
    | { type: 'PRIORITY'; priority: H2Priority }
    | { type: 'RST_STREAM'; errorCode: number }
    | { type: 'SETTINGS'; settings: H2Setting[] }
    | { type: 'PUSH_PROMISE'; promisedStreamId: number; fragment: Uint8Array; padding?: Uint8Array }
    | { type: 'PING'; opaque: Uint8Array }
    | { type: 'GOAWAY'; lastStreamId: number; errorCode: number; debugData: Uint8Array }
    | { type: 'WINDOW_UPDATE'; increment: number }
    | { type: 'CONTINUATION'; fragment: Uint8Array }
    /** A type this codec does not know, kept whole (receivers ignore it, RFC 9113 §4.1, §5.5). */
    | { type: 'UNKNOWN'; typeCode: number; payload: Uint8Array }
    /** A known type whose payload cannot be read; `problem` says why (a connection error per RFC 9113 §6). */
    | { type: 'MALFORMED'; typeCode: number; payload: Uint8Array; problem: string; rfc: string }
  )

export interface H2FrameHeader {
  length: number
  typeCode: number
  flags: number
  streamId: number
  reserved: boolean
}

export function typeName(code: number): string {
  return H2_FRAME_TYPES[code] ?? `unknown type 0x${code.toString(16)}`
}

export function readFrameHeader(bytes: Uint8Array, offset = 0): H2FrameHeader {
  const r = new ByteReader(bytes, offset)
  const length = r.u24('frame length')
  const typeCode = r.u8('frame type')
  const flags = r.u8('frame flags')
  const sid = r.u32('stream identifier')
  return { length, typeCode, flags, streamId: sid % 0x80000000, reserved: sid >= 0x80000000 }
}

const readPriority = (r: ByteReader): H2Priority => {
  const dep = r.u32('stream dependency')
  return { exclusive: dep >= 0x80000000, dependency: dep % 0x80000000, weight: r.u8('weight') }
}

/**
 * Parses one frame's payload (the 9-byte header already read). Never throws for a bad payload: it becomes MALFORMED
 * with the rule it breaks, so a viewer still shows it.
 */
export function parseFramePayload(header: H2FrameHeader, payload: Uint8Array): H2Frame {
  const { typeCode, flags, streamId } = header
  const base: FrameBase = { flags, streamId, ...(header.reserved ? { reserved: true } : {}) }
  const bad = (problem: string, rfc: string): H2Frame => ({ ...base, type: 'MALFORMED', typeCode, payload, problem, rfc })
  const r = new ByteReader(payload)
  const padded = (typeCode === 0 || typeCode === 1 || typeCode === 5) && (flags & H2_FLAGS.PADDED) !== 0
  let padLength = 0
  if (padded) {
    if (payload.length < 1) return bad('PADDED is set but the payload has no Pad Length field', 'RFC 9113 §6.1')
    padLength = r.u8()
    if (padLength >= payload.length) return bad(`the padding (${padLength} octets) is as long as the payload or longer, a PROTOCOL_ERROR`, typeCode === 0 ? 'RFC 9113 §6.1' : typeCode === 1 ? 'RFC 9113 §6.2' : 'RFC 9113 §6.6')
  }
  const bodyEnd = payload.length - padLength
  const padding = padded ? { padding: payload.subarray(bodyEnd) } : {}
  switch (typeCode) {
    case 0:
      return { ...base, type: 'DATA', data: payload.subarray(r.pos, bodyEnd), ...padding }
    case 1: {
      let priority: H2Priority | undefined
      if (flags & H2_FLAGS.PRIORITY) {
        if (bodyEnd - r.pos < 5) return bad('PRIORITY is set but the payload is too short for the priority fields', 'RFC 9113 §6.2')
        priority = readPriority(r)
      }
      return { ...base, type: 'HEADERS', fragment: payload.subarray(r.pos, bodyEnd), ...(priority ? { priority } : {}), ...padding }
    }
    case 2:
      if (payload.length !== 5) return bad(`a PRIORITY frame is 5 octets, this one ${payload.length} (FRAME_SIZE_ERROR)`, 'RFC 9113 §6.3')
      return { ...base, type: 'PRIORITY', priority: readPriority(r) }
    case 3:
      if (payload.length !== 4) return bad(`an RST_STREAM frame is 4 octets, this one ${payload.length} (FRAME_SIZE_ERROR)`, 'RFC 9113 §6.4')
      return { ...base, type: 'RST_STREAM', errorCode: r.u32() }
    case 4: {
      if (payload.length % 6 !== 0) return bad(`a SETTINGS payload is a multiple of 6 octets, this one ${payload.length} (FRAME_SIZE_ERROR)`, 'RFC 9113 §6.5')
      if (flags & H2_FLAGS.ACK && payload.length) return bad('a SETTINGS acknowledgement must be empty (FRAME_SIZE_ERROR)', 'RFC 9113 §6.5')
      const settings: H2Setting[] = []
      while (r.remaining) settings.push({ id: r.u16(), value: r.u32() })
      return { ...base, type: 'SETTINGS', settings }
    }
    case 5: {
      if (bodyEnd - r.pos < 4) return bad('a PUSH_PROMISE payload is too short for the promised stream ID', 'RFC 9113 §6.6')
      const promised = r.u32() % 0x80000000
      return { ...base, type: 'PUSH_PROMISE', promisedStreamId: promised, fragment: payload.subarray(r.pos, bodyEnd), ...padding }
    }
    case 6:
      if (payload.length !== 8) return bad(`a PING payload is 8 octets, this one ${payload.length} (FRAME_SIZE_ERROR)`, 'RFC 9113 §6.7')
      return { ...base, type: 'PING', opaque: payload }
    case 7: {
      if (payload.length < 8) return bad(`a GOAWAY payload is at least 8 octets, this one ${payload.length}`, 'RFC 9113 §6.8')
      const last = r.u32() % 0x80000000
      return { ...base, type: 'GOAWAY', lastStreamId: last, errorCode: r.u32(), debugData: payload.subarray(8) }
    }
    case 8:
      if (payload.length !== 4) return bad(`a WINDOW_UPDATE payload is 4 octets, this one ${payload.length} (FRAME_SIZE_ERROR)`, 'RFC 9113 §6.9')
      return { ...base, type: 'WINDOW_UPDATE', increment: r.u32() % 0x80000000 }
    case 9:
      return { ...base, type: 'CONTINUATION', fragment: payload }
    default:
      return { ...base, type: 'UNKNOWN', typeCode, payload }
  }
}

/** Parses one whole frame at `offset`; throws INVALID_INPUT when the bytes end before the frame does. */
export function decodeFrame(bytes: Uint8Array, offset = 0): { frame: H2Frame; length: number } {
  const header = readFrameHeader(bytes, offset)
  const start = offset + H2_FRAME_HEADER_LENGTH
  if (bytes.length - start < header.length) throw new WirebenchError('INVALID_INPUT', `The frame at byte ${offset} says ${header.length} payload octets but only ${bytes.length - start} follow (RFC 9113 §4.1).`)
  return { frame: parseFramePayload(header, bytes.subarray(start, start + header.length)), length: H2_FRAME_HEADER_LENGTH + header.length }
}

const check = (ok: boolean, message: string): void => {
  if (!ok) throw new WirebenchError('H2_FRAME_ERROR', message)
}
const u31 = (v: number, what: string): number => {
  check(Number.isInteger(v) && v >= 0 && v < 0x80000000, `${what} must be 0 to 2^31-1 (RFC 9113 §4.1).`)
  return v
}

/** The type code and payload a frame is written with; flags are taken as given (PADDED/PRIORITY follow the fields). */
function payloadOf(frame: H2Frame): { code: number; flags: number; payload: Uint8Array } {
  const w = new ByteWriter()
  let flags = frame.flags
  const padded = (body: () => void, padding: Uint8Array | undefined): void => {
    if (padding) {
      check(padding.length <= 255, 'Padding is at most 255 octets (RFC 9113 §6.1).')
      w.u8(padding.length)
      flags |= H2_FLAGS.PADDED
    } else flags &= ~H2_FLAGS.PADDED
    body()
    if (padding) w.bytes(padding)
  }
  const prio = (p: H2Priority): void => {
    w.u32(u31(p.dependency, 'The stream dependency') + (p.exclusive ? 0x80000000 : 0)).u8(p.weight)
  }
  switch (frame.type) {
    case 'DATA':
      padded(() => w.bytes(frame.data), frame.padding)
      return { code: 0, flags, payload: w.finish() }
    case 'HEADERS':
      padded(() => {
        if (frame.priority) prio(frame.priority)
        w.bytes(frame.fragment)
      }, frame.padding)
      flags = frame.priority ? flags | H2_FLAGS.PRIORITY : flags & ~H2_FLAGS.PRIORITY
      return { code: 1, flags, payload: w.finish() }
    case 'PRIORITY':
      prio(frame.priority)
      return { code: 2, flags, payload: w.finish() }
    case 'RST_STREAM':
      return { code: 3, flags, payload: w.u32(frame.errorCode).finish() }
    case 'SETTINGS':
      for (const s of frame.settings) w.u16(s.id).u32(s.value)
      return { code: 4, flags, payload: w.finish() }
    case 'PUSH_PROMISE':
      padded(() => w.u32(u31(frame.promisedStreamId, 'The promised stream ID')).bytes(frame.fragment), frame.padding)
      return { code: 5, flags, payload: w.finish() }
    case 'PING':
      check(frame.opaque.length === 8, 'PING carries exactly 8 octets (RFC 9113 §6.7).')
      return { code: 6, flags, payload: frame.opaque }
    case 'GOAWAY':
      return { code: 7, flags, payload: w.u32(u31(frame.lastStreamId, 'The last stream ID')).u32(frame.errorCode).bytes(frame.debugData).finish() }
    case 'WINDOW_UPDATE':
      return { code: 8, flags, payload: w.u32(u31(frame.increment, 'The window increment')).finish() }
    case 'CONTINUATION':
      return { code: 9, flags, payload: frame.fragment }
    case 'UNKNOWN':
    case 'MALFORMED':
      return { code: frame.typeCode, flags, payload: frame.payload }
  }
}

/** Writes a frame: the 9-octet header (§4.1) and its payload. */
export function encodeFrame(frame: H2Frame): Uint8Array {
  const { code, flags, payload } = payloadOf(frame)
  check(payload.length <= H2_LARGEST_FRAME_SIZE, `A frame payload is at most ${H2_LARGEST_FRAME_SIZE} octets (RFC 9113 §4.2).`)
  check(Number.isInteger(code) && code >= 0 && code <= 255 && Number.isInteger(flags) && flags >= 0 && flags <= 255, 'Type and flags are one octet each (RFC 9113 §4.1).')
  const sid = u31(frame.streamId, 'The stream ID') + (frame.reserved ? 0x80000000 : 0)
  return new ByteWriter().u24(payload.length).u8(code).u8(flags).u32(sid).bytes(payload).finish()
}
