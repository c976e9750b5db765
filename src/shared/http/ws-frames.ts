// WebSocket framing (RFC 6455 §5) as pure code: both our client and our ws-echo server read and write frames here, so
// the rules a peer breaks (masking direction, control frame sizes, reserved bits, fragment order, UTF-8) are judged
// once and explained with the close code the RFC asks for.
import { WirebenchError, type ErrorCode } from '../errors'
import { toHex } from '../bytes'

export const WS_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11'

export const OP = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const

const OPCODE_NAMES: Record<number, string> = { 0: 'continuation', 1: 'text', 2: 'binary', 8: 'close', 9: 'ping', 10: 'pong' }

export function opcodeName(op: number): string {
  return OPCODE_NAMES[op] ?? `reserved (0x${op.toString(16)})`
}

export const isControl = (op: number): boolean => (op & 0x8) !== 0

/** A frame failed the rules: the close code to send (RFC 6455 §7.4.1) travels with the words. */
export class WsProtocolError extends WirebenchError {
  constructor(
    readonly closeCode: number,
    message: string,
    code: ErrorCode = closeCode === 1009 ? 'WS_MESSAGE_TOO_LARGE' : 'WS_PROTOCOL_ERROR'
  ) {
    super(code, message)
  }
}

export interface WsFrame {
  fin: boolean
  rsv: number
  opcode: number
  masked: boolean
  maskKey: Uint8Array | null
  /** Payload with the mask removed. */
  payload: Uint8Array
  headerLength: number
  /** The frame's bytes as on the wire (masked when masked). */
  raw: Uint8Array
}

export interface EncodeFrame {
  fin?: boolean
  rsv?: number
  opcode: number
  payload: Uint8Array
  /** Four bytes: a client masks every frame (RFC 6455 §5.3); a server never does. */
  maskKey?: Uint8Array
}

export function applyMask(data: Uint8Array, key: Uint8Array): Uint8Array {
  const out = new Uint8Array(data.length)
  for (let i = 0; i < data.length; i++) out[i] = data[i]! ^ key[i & 3]!
  return out
}

/** One frame's bytes (RFC 6455 §5.2): 7, 16 or 64-bit length, the shortest that fits (§5.2 "minimal number of bytes"). */
export function encodeFrame(f: EncodeFrame): Uint8Array {
  const len = f.payload.length
  const ext = len < 126 ? 0 : len < 0x10000 ? 2 : 8
  const maskLen = f.maskKey ? 4 : 0
  const out = new Uint8Array(2 + ext + maskLen + len)
  out[0] = ((f.fin ?? true) ? 0x80 : 0) | (((f.rsv ?? 0) & 7) << 4) | (f.opcode & 0xf)
  out[1] = (f.maskKey ? 0x80 : 0) | (ext === 0 ? len : ext === 2 ? 126 : 127)
  if (ext === 2) {
    out[2] = len >> 8
    out[3] = len & 0xff
  } else if (ext === 8) {
    const hi = Math.floor(len / 2 ** 32)
    const v = new DataView(out.buffer)
    v.setUint32(2, hi)
    v.setUint32(6, len >>> 0)
  }
  let p = 2 + ext
  if (f.maskKey) {
    out.set(f.maskKey.subarray(0, 4), p)
    p += 4
    out.set(applyMask(f.payload, f.maskKey), p)
  } else out.set(f.payload, p)
  return out
}

/** A close frame's payload: the code (2 bytes, network order) and a UTF-8 reason (§5.5.1). */
export function closePayload(code: number | null, reason = ''): Uint8Array {
  if (code === null) return new Uint8Array(0)
  const r = new TextEncoder().encode(reason)
  if (r.length > 123) throw new WirebenchError('WS_BAD_FRAME', `The close reason is ${r.length} bytes of UTF-8; at most 123 fit in a close frame (RFC 6455 §5.5).`)
  const out = new Uint8Array(2 + r.length)
  out[0] = code >> 8
  out[1] = code & 0xff
  out.set(r, 2)
  return out
}

const fatal = new TextDecoder('utf-8', { fatal: true })

/** The text, or null when the bytes are not valid UTF-8 (RFC 3629), as text frames and close reasons must be (§8.1). */
export function utf8OrNull(bytes: Uint8Array): string | null {
  try {
    return fatal.decode(bytes)
  } catch {
    return null
  }
}

export interface WsReaderOptions {
  /** Frames from the peer must be masked (we are a server) or must not be (we are a client), RFC 6455 §5.1. */
  expectMasked: boolean
  /** The largest payload one frame may carry before we stop with 1009. */
  maxPayload: number
  /** RSV bits an extension we agreed on gives meaning to (none: any set bit fails the connection, §5.2). */
  allowedRsv?: number
}

/** Cuts a byte stream into frames as they complete; checks each header before buffering its payload. */
export class WsFrameReader {
  private chunks: Uint8Array[] = []
  private buffered = 0
  constructor(private readonly o: WsReaderOptions) {}

  get pendingBytes(): number {
    return this.buffered
  }

  push(bytes: Uint8Array): WsFrame[] {
    if (bytes.length) {
      this.chunks.push(bytes)
      this.buffered += bytes.length
    }
    const frames: WsFrame[] = []
    for (;;) {
      const f = this.next()
      if (!f) return frames
      frames.push(f)
    }
  }

  private peek(n: number): Uint8Array {
    const head = this.chunks[0]!
    if (head.length >= n) return head.subarray(0, n)
    const joined = new Uint8Array(this.buffered)
    let p = 0
    for (const c of this.chunks) {
      joined.set(c, p)
      p += c.length
    }
    this.chunks = [joined]
    return joined.subarray(0, n)
  }

  private consume(n: number): Uint8Array {
    const out = this.peek(n).slice()
    const first = this.chunks[0]!
    if (first.length === n) this.chunks.shift()
    else this.chunks[0] = first.subarray(n)
    this.buffered -= n
    return out
  }

  private next(): WsFrame | null {
    if (this.buffered < 2) return null
    const h = this.peek(2)
    const b0 = h[0]!
    const b1 = h[1]!
    const fin = (b0 & 0x80) !== 0
    const rsv = (b0 >> 4) & 7
    const opcode = b0 & 0xf
    const masked = (b1 & 0x80) !== 0
    const len7 = b1 & 0x7f
    const ext = len7 === 126 ? 2 : len7 === 127 ? 8 : 0
    const headerLength = 2 + ext + (masked ? 4 : 0)
    if (rsv & ~(this.o.allowedRsv ?? 0)) throw new WsProtocolError(1002, `A frame has reserved bits set (RSV ${rsv.toString(2).padStart(3, '0')}) but no extension giving them meaning was agreed (RFC 6455 §5.2).`)
    if (!OPCODE_NAMES[opcode]) throw new WsProtocolError(1002, `A frame uses the reserved opcode 0x${opcode.toString(16)} (RFC 6455 §5.2, §11.8).`)
    if (isControl(opcode) && !fin) throw new WsProtocolError(1002, `A ${opcodeName(opcode)} frame is fragmented; control frames must not be (RFC 6455 §5.5).`)
    if (isControl(opcode) && len7 > 125) throw new WsProtocolError(1002, `A ${opcodeName(opcode)} frame claims a payload over 125 bytes; control frames carry at most 125 (RFC 6455 §5.5).`)
    if (masked !== this.o.expectMasked) {
      throw new WsProtocolError(
        1002,
        this.o.expectMasked ? 'A client sent an unmasked frame; every client frame must be masked (RFC 6455 §5.1).' : 'The server sent a masked frame; a server must not mask its frames (RFC 6455 §5.1).'
      )
    }
    if (this.buffered < 2 + ext) return null
    let length = len7
    // Past 2^53 a number is not exact: the length is printed from a BigInt, as sent.
    let lengthText = ''
    if (ext) {
      const e = this.peek(2 + ext)
      const v = new DataView(e.buffer, e.byteOffset, e.byteLength)
      if (ext === 2) length = v.getUint16(2)
      else {
        const hi = v.getUint32(2)
        if (hi & 0x80000000) throw new WsProtocolError(1002, 'A frame has a 64-bit length with its most significant bit set, which RFC 6455 §5.2 forbids.')
        length = hi * 2 ** 32 + v.getUint32(6)
        lengthText = (BigInt(hi) * BigInt(2 ** 32) + BigInt(v.getUint32(6))).toString()
      }
    }
    if (length > this.o.maxPayload) throw new WsProtocolError(1009, `A frame announces ${lengthText || length} bytes of payload; Wirebench holds at most ${this.o.maxPayload} (RFC 6455 §10.4).`)
    if (this.buffered < headerLength + length) return null
    const raw = this.consume(headerLength + length)
    const maskKey = masked ? raw.slice(2 + ext, headerLength) : null
    const body = raw.subarray(headerLength)
    return { fin, rsv, opcode, masked, maskKey, payload: maskKey ? applyMask(body, maskKey) : body.slice(), headerLength, raw }
  }
}

export type WsEvent = { kind: 'message'; opcode: 1 | 2; data: Uint8Array; text?: string } | { kind: 'control'; frame: WsFrame; close?: ParsedClose }

export interface ParsedClose {
  code: number | null
  reason: string
}

/** Reads a close frame's payload, judging the code and the reason's UTF-8 (RFC 6455 §5.5.1, §7.4). */
export function parseClose(payload: Uint8Array): ParsedClose {
  if (payload.length === 0) return { code: null, reason: '' }
  if (payload.length === 1) throw new WsProtocolError(1002, 'A close frame carries a single byte; its code needs two (RFC 6455 §5.5.1).')
  const code = (payload[0]! << 8) | payload[1]!
  if (!closeCodeMaySend(code)) throw new WsProtocolError(1002, `A close frame carries code ${code}, which may not be sent on the wire (RFC 6455 §7.4.1, §7.4.2).`)
  const reason = utf8OrNull(payload.subarray(2))
  if (reason === null) throw new WsProtocolError(1007, 'A close frame’s reason is not valid UTF-8 (RFC 6455 §5.5.1).')
  return { code, reason }
}

/** Puts fragments back together (RFC 6455 §5.4), capped, and checks their order and the text's UTF-8. */
export class WsMessageAssembler {
  private parts: Uint8Array[] = []
  private size = 0
  private opcode: 1 | 2 | null = null
  constructor(private readonly maxMessage: number) {}

  push(f: WsFrame): WsEvent | null {
    if (isControl(f.opcode)) return { kind: 'control', frame: f, close: f.opcode === OP.close ? parseClose(f.payload) : undefined }
    if (f.opcode === OP.continuation) {
      if (this.opcode === null) throw new WsProtocolError(1002, 'A continuation frame arrived with no fragmented message to continue (RFC 6455 §5.4).')
    } else {
      if (this.opcode !== null) throw new WsProtocolError(1002, `A new ${opcodeName(f.opcode)} message started before the fragmented one ended (RFC 6455 §5.4).`)
      this.opcode = f.opcode as 1 | 2
    }
    this.size += f.payload.length
    if (this.size > this.maxMessage) throw new WsProtocolError(1009, `A message grew past ${this.maxMessage} bytes, more than Wirebench holds (RFC 6455 §10.4).`)
    this.parts.push(f.payload)
    if (!f.fin) return null
    const data = this.parts.length === 1 ? this.parts[0]! : joinParts(this.parts, this.size)
    const opcode = this.opcode
    this.parts = []
    this.size = 0
    this.opcode = null
    if (opcode === OP.text) {
      const text = utf8OrNull(data)
      if (text === null) throw new WsProtocolError(1007, 'A text message is not valid UTF-8 (RFC 6455 §8.1).')
      return { kind: 'message', opcode, data, text }
    }
    return { kind: 'message', opcode, data }
  }
}

function joinParts(parts: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size)
  let p = 0
  for (const x of parts) {
    out.set(x, p)
    p += x.length
  }
  return out
}

const CLOSE_WORDS: Record<number, string> = {
  1000: 'Normal closure: the purpose of the connection was fulfilled',
  1001: 'Going away: the server is shutting down or the page is navigating away',
  1002: 'Protocol error: the peer broke the WebSocket rules',
  1003: 'Unsupported data: a type of message the endpoint cannot accept',
  1004: 'Reserved (no meaning defined)',
  1005: 'No status received: the close frame carried no code (never sent on the wire)',
  1006: 'Abnormal closure: the connection dropped without a close frame (never sent on the wire)',
  1007: 'Invalid frame payload data: e.g. a text message that is not UTF-8',
  1008: 'Policy violation: the message broke the endpoint’s policy',
  1009: 'Message too big to process',
  1010: 'Mandatory extension: the client expected an extension the server did not agree to',
  1011: 'Internal error: the server hit an unexpected condition',
  1012: 'Service restart (IANA registry)',
  1013: 'Try again later (IANA registry)',
  1014: 'Bad gateway: a gateway got an invalid response upstream (IANA registry)',
  1015: 'TLS handshake failed (never sent on the wire)'
}

/** A close code in words: RFC 6455 §7.4.1 and the IANA WebSocket Close Code Number Registry (§11.7). */
export function closeCodeWords(code: number | null): string {
  if (code === null) return CLOSE_WORDS[1005]!
  const known = CLOSE_WORDS[code]
  if (known) return known
  if (code >= 3000 && code <= 3999) return 'Registered with IANA for libraries, frameworks and applications (RFC 6455 §7.4.2)'
  if (code >= 4000 && code <= 4999) return 'Private use: its meaning is agreed between this application’s client and server (RFC 6455 §7.4.2)'
  if (code >= 1016 && code <= 2999) return 'Reserved for future WebSocket standards (RFC 6455 §7.4.2)'
  return 'Not a valid close code (RFC 6455 §7.4.2)'
}

/** Codes a peer may put in a close frame: 1005, 1006 and 1015 only describe what happened locally (§7.4.1). */
export function closeCodeMaySend(code: number): boolean {
  if (code >= 3000 && code <= 4999) return true
  return code >= 1000 && code <= 1014 && code !== 1004 && code !== 1005 && code !== 1006
}

export const maskKeyHex = (k: Uint8Array | null): string | undefined => (k ? toHex(k, '') : undefined)
