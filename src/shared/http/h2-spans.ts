// Byte spans for one HTTP/2 frame: the 9-octet header field by field, then each payload field in words, so the hex
// view can show a frame the way RFC 9113 §4.1 and §6 draw it.
import type { Span } from '../dissect/span'
import { toHex } from '../bytes'
import { errorCodeName, H2_FLAGS, H2_SETTINGS, type H2Frame, settingName, typeName } from './h2-frames'

const SECTION: Record<string, string> = {
  DATA: '§6.1',
  HEADERS: '§6.2',
  PRIORITY: '§6.3',
  RST_STREAM: '§6.4',
  SETTINGS: '§6.5',
  PUSH_PROMISE: '§6.6',
  PING: '§6.7',
  GOAWAY: '§6.8',
  WINDOW_UPDATE: '§6.9',
  CONTINUATION: '§6.10'
}

export function flagNames(typeCode: number, flags: number): string[] {
  const names: string[] = []
  const has = (bit: number): boolean => (flags & bit) !== 0
  if ((typeCode === 4 || typeCode === 6) && has(H2_FLAGS.ACK)) names.push('ACK')
  if ((typeCode === 0 || typeCode === 1) && has(H2_FLAGS.END_STREAM)) names.push('END_STREAM')
  if ((typeCode === 1 || typeCode === 5 || typeCode === 9) && has(H2_FLAGS.END_HEADERS)) names.push('END_HEADERS')
  if ((typeCode === 0 || typeCode === 1 || typeCode === 5) && has(H2_FLAGS.PADDED)) names.push('PADDED')
  if (typeCode === 1 && has(H2_FLAGS.PRIORITY)) names.push('PRIORITY')
  return names
}

const typeCodeOf = (f: H2Frame): number => (f.type === 'UNKNOWN' || f.type === 'MALFORMED' ? f.typeCode : ['DATA', 'HEADERS', 'PRIORITY', 'RST_STREAM', 'SETTINGS', 'PUSH_PROMISE', 'PING', 'GOAWAY', 'WINDOW_UPDATE', 'CONTINUATION'].indexOf(f.type))

const clip = (text: string, max = 80): string => (text.length > max ? `${text.slice(0, max)}…` : text)
const preview = (b: Uint8Array): string => {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(b.subarray(0, 64))
  return /^[\x20-\x7e\r\n\t]*$/.test(text) ? JSON.stringify(clip(text, 60)) : clip(toHex(b.subarray(0, 24)), 72)
}

/** The span tree of one frame; `headerSpans` are the HPACK field spans when the block sits whole in this frame. */
export function frameSpan(frame: H2Frame, offset: number, bytes: Uint8Array, headerSpans?: Span[]): Span {
  const code = typeCodeOf(frame)
  const name = typeName(code)
  const sec = SECTION[name] ?? '§4.1'
  const flags = flagNames(code, frame.flags)
  const payloadLength = bytes.length - 9
  const children: Span[] = [
    { offset, length: 3, name: 'Length', value: String(payloadLength), explain: 'Payload length in octets, excluding this 9-octet header (RFC 9113 §4.1).' },
    { offset: offset + 3, length: 1, name: 'Type', value: `${name} (0x${code.toString(16)})`, explain: `The frame type (RFC 9113 §4.1, ${sec}).` },
    { offset: offset + 4, length: 1, name: 'Flags', value: `0x${frame.flags.toString(16).padStart(2, '0')}${flags.length ? ` ${flags.join(' | ')}` : ''}`, explain: 'Type-specific boolean flags; undefined flags are ignored (RFC 9113 §4.1).' },
    { offset: offset + 5, length: 4, name: 'Stream Identifier', value: `${frame.streamId}${frame.reserved ? ' (reserved bit set)' : ''}`, explain: 'Stream 0 is the connection itself; client-opened streams are odd, server-pushed even (RFC 9113 §5.1.1).' }
  ]
  let p = offset + 9
  const field = (length: number, fname: string, value: string, explain: string, sub?: Span[]): void => {
    if (length <= 0 && !sub) return
    children.push({ offset: p, length, name: fname, value, explain, ...(sub?.length ? { children: sub } : {}) })
    p += length
  }
  const padded = 'padding' in frame && frame.padding !== undefined
  if (padded) field(1, 'Pad Length', String(frame.padding!.length), `Octets of padding at the end, to hide the true size (RFC 9113 ${sec}).`)
  let summary = ''
  switch (frame.type) {
    case 'DATA':
      field(frame.data.length, 'Data', `${frame.data.length} octets ${preview(frame.data)}`, 'Application data: the message body, counted by flow control (RFC 9113 §6.1).')
      summary = `${frame.data.length} octets`
      break
    case 'HEADERS':
    case 'PUSH_PROMISE':
      if (frame.type === 'PUSH_PROMISE') field(4, 'Promised Stream ID', String(frame.promisedStreamId), 'The stream the server reserves for the pushed response (RFC 9113 §6.6).')
      if (frame.type === 'HEADERS' && frame.priority) prioritySpans(field, frame.priority)
      field(frame.fragment.length, 'Field Block Fragment', `${frame.fragment.length} octets of HPACK`, 'Compressed header fields (RFC 9113 §4.3, RFC 7541).', headerSpans)
      summary = frame.type === 'PUSH_PROMISE' ? `promises stream ${frame.promisedStreamId}` : ''
      break
    case 'PRIORITY':
      prioritySpans(field, frame.priority)
      summary = `depends on ${frame.priority.dependency}`
      break
    case 'RST_STREAM':
      field(4, 'Error Code', errorCodeName(frame.errorCode), 'Why the stream was reset (RFC 9113 §7).')
      summary = H2_ERROR_NAME(frame.errorCode)
      break
    case 'SETTINGS':
      for (const s of frame.settings) {
        const known = H2_SETTINGS[s.id]
        children.push({
          offset: p,
          length: 6,
          name: settingName(s.id),
          value: String(s.value),
          explain: `${known ? known.words : 'not defined here, ignored'} (RFC 9113 §6.5.2).`,
          headerLength: 2
        })
        p += 6
      }
      summary = frame.flags & H2_FLAGS.ACK ? 'ACK' : `${frame.settings.length} setting${frame.settings.length === 1 ? '' : 's'}`
      break
    case 'PING':
      field(8, 'Opaque Data', toHex(frame.opaque, ''), 'Echoed back in a PING with ACK, to measure round trips or check liveness (RFC 9113 §6.7).')
      summary = frame.flags & H2_FLAGS.ACK ? 'ACK' : ''
      break
    case 'GOAWAY':
      field(4, 'Last-Stream-ID', String(frame.lastStreamId), 'The highest stream the sender may have processed; higher ones can be retried elsewhere (RFC 9113 §6.8).')
      field(4, 'Error Code', errorCodeName(frame.errorCode), 'Why the connection is closing (RFC 9113 §7).')
      field(frame.debugData.length, 'Additional Debug Data', preview(frame.debugData), 'Diagnostic data, opaque to the protocol (RFC 9113 §6.8).')
      summary = H2_ERROR_NAME(frame.errorCode)
      break
    case 'WINDOW_UPDATE':
      field(4, 'Window Size Increment', String(frame.increment), `Octets the sender may now send on ${frame.streamId ? `stream ${frame.streamId}` : 'the connection'} (RFC 9113 §6.9).`)
      summary = `+${frame.increment}`
      break
    case 'CONTINUATION':
      field(frame.fragment.length, 'Field Block Fragment', `${frame.fragment.length} octets of HPACK`, 'The rest of a header block (RFC 9113 §6.10).', headerSpans)
      break
    case 'UNKNOWN':
    case 'MALFORMED':
      field(payloadLength, 'Payload', preview(frame.payload), frame.type === 'MALFORMED' ? `Could not be read: ${frame.problem} (${frame.rfc}).` : 'An unknown frame type: kept, and ignored by receivers (RFC 9113 §5.5).')
      summary = frame.type === 'MALFORMED' ? 'malformed' : ''
      break
  }
  if (padded) field(frame.padding!.length, 'Padding', `${frame.padding!.length} octets`, `Must be zero (RFC 9113 ${sec}).`)
  const head = [frame.streamId ? `stream ${frame.streamId}` : 'connection', ...flags, summary].filter(Boolean).join(', ')
  return { offset, length: bytes.length, name: `${name} frame`, value: head, explain: `HTTP/2 ${name} frame (RFC 9113 ${sec}).`, headerLength: 9, children }
}

type Field = (length: number, name: string, value: string, explain: string) => void

function prioritySpans(field: Field, p: { exclusive: boolean; dependency: number; weight: number }): void {
  field(4, 'Stream Dependency', `${p.dependency}${p.exclusive ? ' (exclusive)' : ''}`, 'The stream this one depends on, the RFC 7540 priority scheme that RFC 9113 §5.3.2 deprecates (RFC 7540 §5.3).')
  field(1, 'Weight', `${p.weight + 1}`, 'Weight 1–256, sent as one less (RFC 9113 §6.3, RFC 7540 §5.3.2).')
}

function H2_ERROR_NAME(code: number): string {
  return errorCodeName(code).split(' ')[0]!
}
