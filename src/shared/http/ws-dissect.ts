// The 'websocket' dissector: WebSocket frames (RFC 6455 §5.2) as spans — each header bit field, the length forms,
// the masking key and the payload unmasked in words — so a frame row's bytes open in the same hex view as any protocol.
import type { Finding } from '../findings'
import type { DissectOptions, Dissection, Span } from '../dissect/span'
import { applyMask, closeCodeWords, isControl, opcodeName, utf8OrNull } from './ws-frames'

const S = 'RFC 6455 §5.2'

function payloadValue(opcode: number, payload: Uint8Array): string {
  if (opcode === 0x8) {
    if (payload.length < 2) return 'no code'
    const code = (payload[0]! << 8) | payload[1]!
    const reason = utf8OrNull(payload.subarray(2))
    return `${code} ${closeCodeWords(code)}${reason ? ` — "${reason}"` : ''}`
  }
  const text = opcode === 0x2 ? null : utf8OrNull(payload.subarray(0, 256))
  if (text !== null) return JSON.stringify(text) + (payload.length > 256 ? '…' : '')
  return `${payload.length} bytes`
}

/** Reads frames one after another; a frame cut short ends the walk with a finding. Never throws. */
export function dissectWebSocket(bytes: Uint8Array, options: DissectOptions = {}): Dissection {
  const spans: Span[] = []
  const findings: Finding[] = []
  const maxSpans = options.maxSpans ?? 10_000
  let count = 0
  let p = 0
  while (p < bytes.length) {
    if (count + 7 > maxSpans) {
      findings.push({ severity: 'warning', code: 'SPAN_LIMIT', message: `Only the first ${spans.length} frames are shown.` })
      break
    }
    const start = p
    if (bytes.length - p < 2) {
      findings.push({ severity: 'error', code: 'WS_TRUNCATED', message: 'The bytes end inside a frame header.', source: S, span: { offset: p, length: bytes.length - p } })
      break
    }
    const b0 = bytes[p]!
    const b1 = bytes[p + 1]!
    const fin = (b0 & 0x80) !== 0
    const rsv = (b0 >> 4) & 7
    const opcode = b0 & 0xf
    const masked = (b1 & 0x80) !== 0
    const len7 = b1 & 0x7f
    const ext = len7 === 126 ? 2 : len7 === 127 ? 8 : 0
    const headerLength = 2 + ext + (masked ? 4 : 0)
    if (bytes.length - p < headerLength) {
      findings.push({ severity: 'error', code: 'WS_TRUNCATED', message: 'The bytes end inside a frame header.', source: S, span: { offset: p, length: bytes.length - p } })
      break
    }
    let length = len7
    if (ext === 2) length = (bytes[p + 2]! << 8) | bytes[p + 3]!
    if (ext === 8) {
      const v = new DataView(bytes.buffer, bytes.byteOffset + p + 2, 8)
      if (v.getUint32(0) & 0x80000000) findings.push({ severity: 'error', code: 'WS_LENGTH_MSB', message: 'A 64-bit length with its most significant bit set.', source: S, span: { offset: p + 2, length: 8 } })
      length = (v.getUint32(0) & 0x7fffffff) * 2 ** 32 + v.getUint32(4)
    }
    const children: Span[] = [
      { offset: p, length: 1, name: 'FIN, RSV1-3, opcode', value: `FIN ${fin ? 1 : 0}, RSV ${rsv.toString(2).padStart(3, '0')}, ${opcodeName(opcode)} (0x${opcode.toString(16)})`, explain: 'FIN marks the last fragment of a message; RSV bits belong to extensions; the opcode says what the payload is (RFC 6455 §5.2).' },
      { offset: p + 1, length: 1, name: 'MASK, payload length', value: `MASK ${masked ? 1 : 0}, ${len7}${ext ? ` (length follows in ${ext * 8} bits)` : ''}`, explain: 'Clients mask every frame, servers never do (§5.1); 126 and 127 announce a 16- or 64-bit length (§5.2).' }
    ]
    if (ext) children.push({ offset: p + 2, length: ext, name: 'Extended payload length', value: String(length) })
    const maskKey = masked ? bytes.subarray(p + 2 + ext, p + headerLength) : null
    if (maskKey) children.push({ offset: p + 2 + ext, length: 4, name: 'Masking key', value: [...maskKey].map((b) => b.toString(16).padStart(2, '0')).join(''), explain: 'XORed over the payload so a proxy cannot be tricked into caching it (RFC 6455 §5.3, §10.3).' })
    const available = Math.min(length, bytes.length - p - headerLength)
    const raw = bytes.subarray(p + headerLength, p + headerLength + available)
    const payload = maskKey ? applyMask(raw, maskKey) : raw
    children.push({ offset: p + headerLength, length: available, name: masked ? 'Payload (unmasked here)' : 'Payload', value: payloadValue(opcode, payload) })
    if (rsv) findings.push({ severity: 'warning', code: 'WS_RSV', message: 'RSV bits set: only an agreed extension (permessage-deflate) may set them.', source: S, span: { offset: p, length: 1 } })
    if (!opcodeName(opcode).match(/^[a-z]+$/)) findings.push({ severity: 'error', code: 'WS_RESERVED_OPCODE', message: `Reserved opcode 0x${opcode.toString(16)}.`, source: S, span: { offset: p, length: 1 } })
    if (isControl(opcode) && (length > 125 || !fin)) findings.push({ severity: 'error', code: 'WS_CONTROL_FRAME', message: 'A control frame must have FIN set and at most 125 bytes (RFC 6455 §5.5).', source: 'RFC 6455 §5.5', span: { offset: p, length: headerLength } })
    p += headerLength + available
    spans.push({ offset: start, length: p - start, name: `Frame: ${opcodeName(opcode)}${fin ? '' : ' (fragment)'}`, value: `${length} bytes${masked ? ', masked' : ''}`, headerLength, children })
    count += 1 + children.length
    if (available < length) {
      findings.push({ severity: 'error', code: 'WS_TRUNCATED', message: `The payload announces ${length} bytes; ${available} are here.`, source: S, span: { offset: start, length: p - start } })
      break
    }
  }
  return { spans, findings, spanCount: count }
}
