// One WebSocket frame byte by byte (RFC 6455 §5.2): its header bits and length, the masking key, the payload as it
// crossed the wire, and the payload unmasked; a close frame's code in words.
import { useMemo } from 'react'
import { fromBase64 } from '../../../../shared/bytes'
import type { WsFrameRow } from '../../../../shared/contract/ws'
import type { Span } from '../../../../shared/dissect/span'
import { DissectionView } from '../../ui/DissectionView'
import { FindingList } from '../../ui/FindingList'
import { HexView } from '../../ui/HexView'
import { KeyValue, KeyValueGrid } from '../../ui/KeyValue'

const OPCODE_WORDS: Record<number, string> = {
  0x0: 'continuation: the next piece of a fragmented message',
  0x1: 'text: UTF-8 text',
  0x2: 'binary: any bytes',
  0x8: 'close: starts or answers the closing handshake',
  0x9: 'ping: the peer must answer with a pong carrying the same payload',
  0xa: 'pong: the answer to a ping (or an unsolicited heartbeat)'
}

/** Spans over a frame's bytes as they crossed the wire (exported for its test). */
export function frameSpans(raw: Uint8Array): Span[] {
  if (raw.length < 2) return [{ offset: 0, length: raw.length, name: 'Frame (cut short)' }]
  const b0 = raw[0]!
  const b1 = raw[1]!
  const op = b0 & 0x0f
  const masked = (b1 & 0x80) !== 0
  const len7 = b1 & 0x7f
  const children: Span[] = [
    { offset: 0, length: 1, name: 'FIN, RSV1–3, opcode', value: `FIN=${b0 >> 7}, RSV=${(b0 >> 4) & 7}, opcode 0x${op.toString(16)} (${OPCODE_WORDS[op]?.split(':')[0] ?? 'reserved'})`, explain: `FIN=1 marks the last fragment of a message; RSV bits are 0 unless an extension says otherwise; opcode ${OPCODE_WORDS[op] ?? 'reserved: the connection must be failed'} (RFC 6455 §5.2).` },
    { offset: 1, length: 1, name: 'MASK, payload length', value: `MASK=${masked ? 1 : 0}, length ${len7}${len7 === 126 ? ' → 16-bit length follows' : len7 === 127 ? ' → 64-bit length follows' : ''}`, explain: 'A client masks every frame it sends, a server never does (RFC 6455 §5.1). Lengths up to 125 fit here; 126 and 127 announce a longer length field (§5.2).' }
  ]
  let at = 2
  let length = len7
  if (len7 === 126 && raw.length >= 4) {
    length = (raw[2]! << 8) | raw[3]!
    children.push({ offset: 2, length: 2, name: 'Extended payload length (16 bits)', value: `${length} byte${length === 1 ? '' : 's'}` })
    at = 4
  } else if (len7 === 127 && raw.length >= 10) {
    length = 0
    for (let i = 2; i < 10; i++) length = length * 256 + raw[i]!
    children.push({ offset: 2, length: 8, name: 'Extended payload length (64 bits)', value: `${length.toLocaleString('en-US')} bytes` })
    at = 10
  }
  if (masked && raw.length >= at + 4) {
    const key = Array.from(raw.subarray(at, at + 4), (b) => b.toString(16).padStart(2, '0')).join(' ')
    children.push({ offset: at, length: 4, name: 'Masking key', value: key, explain: 'Payload byte i is XORed with key byte i mod 4 (RFC 6455 §5.3), so a proxy that does not speak WebSocket cannot be fooled by bytes the page chose.' })
    at += 4
  }
  const shown = Math.max(0, raw.length - at)
  children.push({ offset: at, length: shown, name: masked ? 'Payload (masked)' : 'Payload', value: `${length.toLocaleString('en-US')} byte${length === 1 ? '' : 's'}${shown < length ? `, first ${shown.toLocaleString('en-US')} shown` : ''}` })
  // No headerLength on the root: the tree shows a span's length minus its header, and this row stands for the whole frame.
  return [{ offset: 0, length: raw.length, name: `Frame: ${OPCODE_WORDS[op]?.split(':')[0] ?? `reserved opcode 0x${op.toString(16)}`}`, value: `${raw.length.toLocaleString('en-US')} byte${raw.length === 1 ? '' : 's'}: ${at}-byte header, ${shown.toLocaleString('en-US')}-byte payload`, children }]
}

export function WsFrameDetail({ frame, seq }: { frame: WsFrameRow; seq: number }) {
  const raw = useMemo(() => fromBase64(frame.rawBase64), [frame.rawBase64])
  const spans = useMemo(() => frameSpans(raw), [raw])
  const payload = useMemo(() => (frame.payloadBase64 !== undefined ? fromBase64(frame.payloadBase64) : new TextEncoder().encode(frame.text ?? '')), [frame.payloadBase64, frame.text])
  return (
    <div className="card ws-frame-detail" data-testid="ws-frame-detail">
      <h3>
        Frame {seq + 1}: {frame.dir === 'sent' ? 'sent by Wirebench' : 'received from the server'}, {frame.opcodeName}
      </h3>
      <KeyValueGrid>
        <KeyValue label="FIN">{frame.fin ? '1: the last (or only) fragment' : '0: more fragments follow'}</KeyValue>
        <KeyValue label="Opcode">{`0x${frame.opcode.toString(16)} ${OPCODE_WORDS[frame.opcode] ?? 'reserved'}`}</KeyValue>
        <KeyValue label="Mask">{frame.masked ? `key ${frame.maskKey ?? '?'}` : 'not masked'}</KeyValue>
        <KeyValue label="Length">{`${frame.length.toLocaleString('en-US')} byte${frame.length === 1 ? '' : 's'}`}</KeyValue>
        {frame.rsv ? <KeyValue label="RSV">{`${frame.rsv} (set without a negotiated extension: a protocol error, RFC 6455 §5.2)`}</KeyValue> : null}
        {frame.close ? <KeyValue label="Close code" testId="ws-close-words">{`${frame.close.code ?? 'none'}: ${frame.close.words}${frame.close.reason ? ` — reason “${frame.close.reason}”` : ''}`}</KeyValue> : null}
      </KeyValueGrid>
      {frame.text !== undefined && !frame.close ? <pre className="ws-text" data-testid="ws-frame-text">{frame.text}</pre> : null}
      {frame.findings?.length ? <FindingList findings={frame.findings} /> : null}
      <h4>On the wire{frame.masked ? ' (payload masked)' : ''}</h4>
      <DissectionView key={frame.rawBase64} bytes={raw} spans={spans} testIdPrefix="ws-frame" treeLabel="Frame structure" hexLabel="Frame bytes" summary={`${raw.length.toLocaleString('en-US')} bytes`} />
      {frame.masked && payload.length ? (
        <>
          <h4>Payload unmasked (each byte XOR key[i mod 4])</h4>
          <HexView bytes={payload} maxRows={8} label="Unmasked payload" testId="ws-unmasked" />
        </>
      ) : null}
    </div>
  )
}
