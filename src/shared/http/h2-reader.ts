// Reads one direction of an HTTP/2 connection as it arrives: chunks in, frames out, each with byte spans per field,
// its header block decoded by our HPACK decoder, and findings for what breaks RFC 9113. Also the 'http2' dissector.
import { concatBytes } from '../bytes'
import type { DissectOptions, Dissection, Span } from '../dissect/span'
import { WirebenchError } from '../errors'
import type { Finding } from '../findings'
import { type HpackDecodeResult, HpackDecoder } from './hpack'
import { H2_DEFAULT_MAX_FRAME_SIZE, H2_FLAGS, H2_FRAME_HEADER_LENGTH, H2_PREFACE, type H2Frame, type H2Setting, parseFramePayload, readFrameHeader, typeName } from './h2-frames'
import { frameSpan } from './h2-spans'

export interface H2ReadFrame {
  frame: H2Frame
  /** Absolute offset of the frame header in this direction's byte stream. */
  offset: number
  /** 9 + payload length. */
  length: number
  span: Span
  findings: Finding[]
  /** The decoded header block, on the frame that completes it (END_HEADERS), possibly after CONTINUATIONs. */
  headerBlock?: { streamId: number; promisedStreamId?: number; result: HpackDecodeResult }
}

export interface H2ReaderOptions {
  /** 'client' expects the connection preface first (RFC 9113 §3.4); 'server' starts with frames. */
  role: 'client' | 'server'
  /** The receiver's SETTINGS_MAX_FRAME_SIZE (default 16,384); larger frames are a FRAME_SIZE_ERROR (§4.2). */
  maxFrameSize?: number
  /** The receiver's SETTINGS_HEADER_TABLE_SIZE (default 4096). */
  headerTableSize?: number
  /** We never buffer a frame larger than this, whatever it claims (default 1 MiB); reading stops there. */
  maxFrameBytes?: number
  /** A header block spread over CONTINUATIONs is refused beyond this many octets (default 256 KiB). */
  maxHeaderBlock?: number
}

const DEFAULT_MAX_FRAME_BYTES = 1 << 20

/**
 * One direction of a connection. `push` returns the frames completed by a chunk; `end` reports a cut-off tail.
 * After a fatal problem (bad preface, a frame over `maxFrameBytes`) `failed` is set and later bytes are not read.
 */
export class H2FrameReader {
  readonly role: 'client' | 'server'
  maxFrameSize: number
  failed: string | undefined
  private readonly maxFrameBytes: number
  private readonly maxHeaderBlock: number
  private readonly hpack: HpackDecoder
  private hpackBroken = false
  private chunks: Uint8Array[] = []
  private buffered = 0
  /** Absolute offset of the first buffered byte. */
  private position = 0
  private prefaceDone: boolean
  private framesSeen = 0
  private queuedSettings: H2Setting[][] = []
  private pendingBlock: { streamId: number; promisedStreamId?: number; parts: Uint8Array[]; size: number; firstOffset: number; single: boolean } | undefined

  constructor(options: H2ReaderOptions) {
    this.role = options.role
    this.prefaceDone = options.role === 'server'
    this.maxFrameSize = options.maxFrameSize ?? H2_DEFAULT_MAX_FRAME_SIZE
    this.maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES
    this.maxHeaderBlock = options.maxHeaderBlock ?? 256 * 1024
    this.hpack = new HpackDecoder({ maxTableSize: options.headerTableSize ?? 4096 })
  }

  /** The HPACK table this direction's blocks were decoded with. */
  get decoder(): HpackDecoder {
    return this.hpack
  }

  /**
   * SETTINGS the receiving side (the other direction) sent: they bind this direction from its SETTINGS ACK on (RFC 9113
   * §6.5.3), so they are queued and applied when this reader sees that ACK. Feed both directions in capture order.
   */
  receiverSent(settings: readonly H2Setting[]): void {
    if (this.queuedSettings.length < 64) this.queuedSettings.push([...settings])
  }

  /** Applies the receiving side's settings now (when the ACK is not in the bytes this reader sees). */
  applyReceiverSettings(settings: readonly H2Setting[]): void {
    for (const s of settings) {
      if (s.id === 5 && s.value >= H2_DEFAULT_MAX_FRAME_SIZE && s.value <= 16_777_215) this.maxFrameSize = s.value
      if (s.id === 1) this.hpack.setProtocolMaxTableSize(s.value)
    }
  }

  push(chunk: Uint8Array): { frames: H2ReadFrame[]; findings: Finding[] } {
    const frames: H2ReadFrame[] = []
    const findings: Finding[] = []
    if (this.failed || chunk.length === 0) return { frames, findings }
    this.chunks.push(chunk)
    this.buffered += chunk.length
    if (!this.prefaceDone) {
      const n = Math.min(this.buffered, H2_PREFACE.length)
      const head = this.peek(n)
      for (let i = 0; i < n; i++) {
        if (head[i] !== H2_PREFACE[i]) {
          this.failed = 'The client did not start with the HTTP/2 connection preface "PRI * HTTP/2.0\\r\\n\\r\\nSM\\r\\n\\r\\n".'
          findings.push({ severity: 'error', code: 'H2_BAD_PREFACE', message: this.failed, source: 'RFC 9113 §3.4', span: { offset: this.position, length: n } })
          return { frames, findings }
        }
      }
      if (n < H2_PREFACE.length) return { frames, findings }
      this.consume(H2_PREFACE.length)
      this.prefaceDone = true
    }
    while (this.buffered >= H2_FRAME_HEADER_LENGTH) {
      const header = readFrameHeader(this.peek(H2_FRAME_HEADER_LENGTH))
      if (header.length > this.maxFrameBytes) {
        this.failed = `A ${typeName(header.typeCode)} frame claims ${header.length} payload octets, more than Wirebench buffers (${this.maxFrameBytes}); reading stopped.`
        findings.push({ severity: 'error', code: 'H2_FRAME_TOO_LARGE', message: this.failed, source: 'RFC 9113 §4.2', span: { offset: this.position, length: 9 } })
        break
      }
      const total = H2_FRAME_HEADER_LENGTH + header.length
      if (this.buffered < total) break
      const bytes = this.peek(total)
      const offset = this.position
      this.consume(total)
      const frame = parseFramePayload(header, bytes.subarray(H2_FRAME_HEADER_LENGTH))
      frames.push(this.account(frame, header.length, offset, bytes))
    }
    return { frames, findings }
  }

  /** Call when the stream ended: leftover bytes are a truncated frame. */
  end(): Finding[] {
    const out: Finding[] = []
    if (!this.failed && this.buffered > 0) {
      out.push({ severity: 'warning', code: 'H2_TRUNCATED', message: `The stream ended inside a ${this.prefaceDone ? 'frame' : 'connection preface'} (${this.buffered} octets left over).`, source: 'RFC 9113 §4.1', span: { offset: this.position, length: this.buffered } })
    }
    if (this.pendingBlock) out.push({ severity: 'warning', code: 'H2_HEADER_BLOCK_UNFINISHED', message: `The header block of stream ${this.pendingBlock.streamId} never got its END_HEADERS.`, source: 'RFC 9113 §6.10' })
    return out
  }

  private peek(n: number): Uint8Array {
    if (this.chunks[0]!.length >= n) return this.chunks[0]!.subarray(0, n)
    const joined = concatBytes(this.chunks)
    this.chunks = [joined]
    return joined.subarray(0, n)
  }

  private consume(n: number): void {
    this.position += n
    this.buffered -= n
    while (n > 0) {
      const c = this.chunks[0]!
      if (c.length <= n) {
        this.chunks.shift()
        n -= c.length
      } else {
        this.chunks[0] = c.subarray(n)
        n = 0
      }
    }
  }

  private account(frame: H2Frame, payloadLength: number, offset: number, bytes: Uint8Array): H2ReadFrame {
    const findings: Finding[] = []
    const at = { offset, length: bytes.length }
    const flag = (severity: Finding['severity'], code: string, message: string, source: string): void => {
      findings.push({ severity, code, message, source, span: at })
    }
    const first = this.framesSeen++ === 0
    if (first && frame.type !== 'SETTINGS') flag('error', 'H2_PREFACE_NOT_SETTINGS', `The first frame must be SETTINGS; this is ${frame.type === 'UNKNOWN' || frame.type === 'MALFORMED' ? typeName(frame.typeCode) : frame.type}.`, 'RFC 9113 §3.4')
    if (payloadLength > this.maxFrameSize) flag('error', 'H2_FRAME_SIZE', `The payload is ${payloadLength} octets, over SETTINGS_MAX_FRAME_SIZE (${this.maxFrameSize}): a FRAME_SIZE_ERROR.`, 'RFC 9113 §4.2')
    if (frame.reserved) flag('info', 'H2_RESERVED_BIT', 'The reserved bit of the stream identifier is set; it must be unset when sent and is ignored.', 'RFC 9113 §4.1')
    const type = frame.type === 'MALFORMED' ? typeName(frame.typeCode) : frame.type
    const zeroOnly = type === 'SETTINGS' || type === 'PING' || type === 'GOAWAY'
    const streamOnly = ['DATA', 'HEADERS', 'PRIORITY', 'RST_STREAM', 'PUSH_PROMISE', 'CONTINUATION'].includes(type)
    const section: Record<string, string> = { DATA: '6.1', HEADERS: '6.2', PRIORITY: '6.3', RST_STREAM: '6.4', SETTINGS: '6.5', PUSH_PROMISE: '6.6', PING: '6.7', GOAWAY: '6.8', CONTINUATION: '6.10' }
    if (zeroOnly && frame.streamId !== 0) flag('error', 'H2_STREAM_ID', `${type} applies to the connection and must be sent on stream 0, not ${frame.streamId}: a PROTOCOL_ERROR.`, `RFC 9113 §${section[type]}`)
    if (streamOnly && frame.streamId === 0) flag('error', 'H2_STREAM_ZERO', `${type} must be sent on a stream, not stream 0: a PROTOCOL_ERROR.`, `RFC 9113 §${section[type]}`)
    if (frame.type === 'MALFORMED') flag('error', 'H2_MALFORMED', `The ${type} frame is malformed: ${frame.problem}.`, frame.rfc)
    // A header block we cannot read may have changed the peer's table: later blocks cannot be trusted (§4.3).
    if (frame.type === 'MALFORMED' && (type === 'HEADERS' || type === 'PUSH_PROMISE')) this.hpackBroken = true
    if (frame.type === 'UNKNOWN') flag('info', 'H2_UNKNOWN_TYPE', `Frame type 0x${frame.typeCode.toString(16)} is not defined here; receivers ignore unknown types.`, 'RFC 9113 §4.1, §5.5')
    if (frame.type === 'WINDOW_UPDATE' && frame.increment === 0) flag('error', 'H2_WINDOW_ZERO', 'A WINDOW_UPDATE increment of 0 is a PROTOCOL_ERROR.', 'RFC 9113 §6.9')
    if (frame.type === 'HEADERS' && frame.priority?.dependency === frame.streamId && frame.streamId) flag('error', 'H2_SELF_DEPENDENCY', 'A stream cannot depend on itself: a PROTOCOL_ERROR.', 'RFC 7540 §5.3.1')
    if (frame.type === 'PRIORITY' && frame.priority.dependency === frame.streamId && frame.streamId) flag('error', 'H2_SELF_DEPENDENCY', 'A stream cannot depend on itself: a PROTOCOL_ERROR.', 'RFC 7540 §5.3.1')
    if (frame.type === 'HEADERS' && this.role === 'client' && frame.streamId % 2 === 0 && frame.streamId) flag('error', 'H2_EVEN_STREAM', `Streams a client opens have odd numbers; ${frame.streamId} is even.`, 'RFC 9113 §5.1.1')
    if (frame.type === 'PUSH_PROMISE' && this.role === 'client') flag('error', 'H2_CLIENT_PUSH', 'A client cannot send PUSH_PROMISE: a PROTOCOL_ERROR.', 'RFC 9113 §8.4')
    if (frame.type === 'SETTINGS') for (const f of settingsFindings(frame.settings)) flag(f[0], f[1], f[2], 'RFC 9113 §6.5.2')
    if (frame.type === 'SETTINGS' && frame.flags & H2_FLAGS.ACK) {
      const acked = this.queuedSettings.shift()
      if (acked) this.applyReceiverSettings(acked)
    }

    // Header blocks: HEADERS/PUSH_PROMISE then CONTINUATIONs on the same stream, nothing in between (§6.10).
    let headerBlock: H2ReadFrame['headerBlock']
    const pending = this.pendingBlock
    if (pending && (frame.type !== 'CONTINUATION' || frame.streamId !== pending.streamId)) {
      flag('error', 'H2_EXPECTED_CONTINUATION', `The header block of stream ${pending.streamId} is not finished, so only a CONTINUATION on that stream may come next: a PROTOCOL_ERROR.`, 'RFC 9113 §6.10')
      this.pendingBlock = undefined
      this.hpackBroken = true
    }
    let fragment: Uint8Array | undefined
    if (frame.type === 'HEADERS' || frame.type === 'PUSH_PROMISE') {
      fragment = frame.fragment
      this.pendingBlock = { streamId: frame.streamId, ...(frame.type === 'PUSH_PROMISE' ? { promisedStreamId: frame.promisedStreamId } : {}), parts: [], size: 0, firstOffset: offset + (frame.fragment.byteOffset - bytes.byteOffset), single: true }
    } else if (frame.type === 'CONTINUATION') {
      if (!this.pendingBlock) flag('error', 'H2_UNEXPECTED_CONTINUATION', 'A CONTINUATION must follow a HEADERS, PUSH_PROMISE or CONTINUATION without END_HEADERS: a PROTOCOL_ERROR.', 'RFC 9113 §6.10')
      else {
        fragment = frame.fragment
        this.pendingBlock.single = false
      }
    }
    const block = this.pendingBlock
    if (fragment && block) {
      block.parts.push(fragment)
      block.size += fragment.length
      if (block.size > this.maxHeaderBlock) {
        flag('error', 'H2_HEADER_BLOCK_TOO_LARGE', `The header block of stream ${block.streamId} is over ${this.maxHeaderBlock} octets; it was not decoded.`, 'RFC 9113 §10.5.1')
        this.pendingBlock = undefined
        this.hpackBroken = true
      } else if (frame.flags & H2_FLAGS.END_HEADERS) {
        this.pendingBlock = undefined
        if (this.hpackBroken) flag('warning', 'H2_HPACK_SKIPPED', 'An earlier header block could not be decoded, so the HPACK table is unknown and this block was not decoded.', 'RFC 9113 §4.3')
        else {
          try {
            // A block in one frame gets absolute spans; a block over several frames gets offsets within the block.
            const result = this.hpack.decode(concatBytes(block.parts), block.single ? block.firstOffset : 0)
            headerBlock = { streamId: block.streamId, ...(block.promisedStreamId !== undefined ? { promisedStreamId: block.promisedStreamId } : {}), result }
          } catch (e) {
            this.hpackBroken = true
            const message = e instanceof WirebenchError ? e.message : String(e)
            flag('error', 'H2_COMPRESSION_ERROR', `The header block of stream ${block.streamId} could not be decoded: ${message}`, 'RFC 9113 §4.3, RFC 7541')
          }
        }
      }
    }
    const span = frameSpan(frame, offset, bytes, headerBlock?.result.spans.length && block?.single ? headerBlock.result.spans : undefined)
    return { frame, offset, length: bytes.length, span, findings, ...(headerBlock ? { headerBlock } : {}) }
  }
}

/** Values a setting may not take (RFC 9113 §6.5.2) and settings this codec does not know. */
export function settingsFindings(settings: readonly H2Setting[]): [Finding['severity'], string, string][] {
  const out: [Finding['severity'], string, string][] = []
  for (const s of settings) {
    if (s.id === 2 && s.value > 1) out.push(['error', 'H2_BAD_SETTING', `SETTINGS_ENABLE_PUSH must be 0 or 1, not ${s.value}: a PROTOCOL_ERROR.`])
    if (s.id === 4 && s.value > 0x7fffffff) out.push(['error', 'H2_BAD_SETTING', `SETTINGS_INITIAL_WINDOW_SIZE above 2^31-1 (${s.value}) is a FLOW_CONTROL_ERROR.`])
    if (s.id === 5 && (s.value < 16_384 || s.value > 16_777_215)) out.push(['error', 'H2_BAD_SETTING', `SETTINGS_MAX_FRAME_SIZE must be 16,384 to 16,777,215, not ${s.value}: a PROTOCOL_ERROR.`])
    if (s.id === 8 && s.value > 1) out.push(['error', 'H2_BAD_SETTING', `SETTINGS_ENABLE_CONNECT_PROTOCOL must be 0 or 1, not ${s.value} (RFC 8441 §3).`])
    if (![1, 2, 3, 4, 5, 6, 8, 9].includes(s.id)) out.push(['info', 'H2_UNKNOWN_SETTING', `Setting 0x${s.id.toString(16)} is not known here; receivers ignore unknown settings.`])
  }
  return out
}

/**
 * The 'http2' dissector: one direction's bytes (a client's, starting with the preface, or a server's). Frame sizes
 * are checked against the default 16,384 since the peer's SETTINGS are not in these bytes.
 */
export function dissectHttp2(bytes: Uint8Array, options: DissectOptions = {}): Dissection {
  const isClient = bytes.length >= 3 && bytes[0] === 0x50 && bytes[1] === 0x52 && bytes[2] === 0x49 // "PRI"
  const reader = new H2FrameReader({ role: isClient ? 'client' : 'server', maxFrameBytes: H2_LARGEST_FRAME_BYTES })
  const { frames, findings } = reader.push(bytes)
  const spans: Span[] = []
  const all: Finding[] = [...findings]
  if (isClient && frames.length + findings.length > 0) spans.push({ offset: 0, length: H2_PREFACE.length, name: 'Connection preface', value: 'PRI * HTTP/2.0', explain: 'Every HTTP/2 client opens with these 24 octets, then a SETTINGS frame (RFC 9113 §3.4).' })
  const maxSpans = options.maxSpans ?? 10_000
  let count = spans.length
  for (const f of frames) {
    // The peer may have raised SETTINGS_MAX_FRAME_SIZE in bytes we do not see: a warning, not an error, here.
    all.push(...f.findings.map((x) => (x.code === 'H2_FRAME_SIZE' ? { ...x, severity: 'warning' as const, message: `${x.message} (unless the peer raised it)` } : x)))
    const n = countSpans(f.span)
    if (count + n > maxSpans) {
      all.push({ severity: 'warning', code: 'SPAN_LIMIT', message: `Only the first ${spans.length} frames are shown; the rest were left out.` })
      break
    }
    spans.push(f.span)
    count += n
  }
  all.push(...reader.end())
  return { spans, findings: all, spanCount: count }
}

const H2_LARGEST_FRAME_BYTES = 16_777_215
const countSpans = (s: Span): number => 1 + (s.children ?? []).reduce((n, c) => n + countSpans(c), 0)
