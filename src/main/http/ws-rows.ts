// One frame as the page and the CLI list it (contract WsFrameRow): header fields, the payload as text or base64, the
// bytes as on the wire, and a close frame's code in words — capped, so a 16 MB message is not copied into every event.
import type { WsFrameRow } from '../../shared/contract/ws'
import type { Finding } from '../../shared/findings'
import { closeCodeWords, maskKeyHex, opcodeName, utf8OrNull, type ParsedClose, type WsFrame } from '../../shared/http/ws-frames'

export const SHOWN_PAYLOAD_BYTES = 64 * 1024

const b64 = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.length).toString('base64')

export function frameRow(dir: WsFrameRow['dir'], atMs: number, f: WsFrame, findings?: Finding[], close?: ParsedClose): WsFrameRow {
  const shown = f.payload.subarray(0, SHOWN_PAYLOAD_BYTES)
  const row: WsFrameRow = {
    dir,
    atMs,
    fin: f.fin,
    rsv: f.rsv,
    opcode: f.opcode,
    opcodeName: opcodeName(f.opcode),
    masked: f.masked,
    length: f.payload.length,
    rawBase64: b64(f.raw.subarray(0, f.headerLength + SHOWN_PAYLOAD_BYTES))
  }
  const key = maskKeyHex(f.maskKey)
  if (key) row.maskKey = key
  if (f.opcode === 0x8) {
    const code = f.payload.length >= 2 ? (f.payload[0]! << 8) | f.payload[1]! : null
    const reason = close?.reason ?? utf8OrNull(f.payload.subarray(2)) ?? ''
    row.close = { code, words: closeCodeWords(code), reason }
    if (reason) row.text = reason
  } else {
    // Text frames (and continuations) show as text when their own bytes are whole UTF-8; a split character shows as base64.
    const text = f.opcode === 0x1 || f.opcode === 0x0 || f.opcode === 0x9 || f.opcode === 0xa ? utf8OrNull(shown) : null
    if (text !== null && (f.opcode !== 0x0 || f.payload.length > 0) && (f.opcode <= 1 || /^[\x20-\x7e]*$/.test(text))) row.text = text
    else row.payloadBase64 = b64(shown)
  }
  if (f.payload.length > SHOWN_PAYLOAD_BYTES) {
    ;(findings ??= []).push({ severity: 'info', code: 'WS_PAYLOAD_CUT', message: `Only the first ${SHOWN_PAYLOAD_BYTES} of ${f.payload.length} payload bytes are shown.` })
  }
  if (findings?.length) row.findings = findings
  return row
}
