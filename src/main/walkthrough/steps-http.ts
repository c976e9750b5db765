// The HTTP part of a walkthrough: the request and the response as the connection carried them (decrypted application
// data under TLS, the tap's bytes in clear), cut into spans by the 'http1' or 'http2' dissector, and checked against
// the bytes the HTTP engine itself read, so what the walkthrough shows is what the request really got.
import type { Dissection } from '../../shared/dissect/span'
import { dissect } from '../../shared/dissect/table'
import type { Finding } from '../../shared/findings'
import { bytesKey, Memo, memoable } from './memo'
import { hex, STEP_BYTES, type StepDraft } from './steps-common'

export interface HttpSide {
  bytes: Uint8Array
  /** When its first byte crossed (performance.now()); null when nothing came. */
  at: number | null
  /** The TLS records that carried it (absent in clear). */
  wire?: Uint8Array[]
}

export interface HttpStepsInput {
  protocol: 'http1' | 'http2'
  request: HttpSide
  response: HttpSide
  /** The response bytes as the HTTP engine read them (up to its display cap) and how many there were in all. */
  engine: { raw: Uint8Array; total: number; status: number; reason: string; version: string }
  tls: boolean
  /** When the last response byte was read (the engine's timing), for the response's duration. */
  lastAt: number | null
}

/** Requests dissected, by bytes: the recorder knows its request before it is sent, so the prime dissects it (memo.ts). */
const REQUESTS = new Memo<Dissection>(8)

/** The request's spans: made ahead by the prime (the same call) when the bytes are known before sending. */
export function dissectRequest(protocol: 'http1' | 'http2', bytes: Uint8Array): Dissection {
  const shown = bytes.subarray(0, STEP_BYTES)
  return REQUESTS.get(() => (memoable(shown) ? bytesKey(protocol, shown) : null), () => dissect(protocol, shown))
}

const equalBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.length).equals(Buffer.from(b.buffer, b.byteOffset, b.length))

const wireHexOf = (wire?: Uint8Array[]): string | undefined => (wire?.length ? hex(new Uint8Array(Buffer.concat(wire.map((w) => Buffer.from(w.buffer, w.byteOffset, w.length)))), STEP_BYTES) : undefined)

/** The request and response steps, and a finding when the decrypted bytes differ from what the engine received. */
export function httpSteps(i: HttpStepsInput): { drafts: StepDraft[]; findings: Finding[] } {
  const findings: Finding[] = []
  const drafts: StepDraft[] = []
  const h2 = i.protocol === 'http2'
  const how = i.tls ? 'decrypted from the TLS application-data records that carried it' : 'as it crossed the TCP connection in clear (anyone on the path could read it)'
  const cut = (b: Uint8Array): string => (b.length > STEP_BYTES ? ` (the first ${STEP_BYTES} of ${b.length} bytes are shown)` : '')
  if (i.request.at !== null) {
    const d = dissectRequest(i.protocol, i.request.bytes)
    const firstLine = h2 ? 'HTTP/2 frames' : new TextDecoder('latin1').decode(i.request.bytes.subarray(0, 200)).split(/\r?\n/)[0]
    drafts.push({
      at: i.request.at,
      ...(i.response.at !== null ? { durationMs: Math.max(0, i.response.at - i.request.at) } : {}),
      layer: 'application',
      kind: 'http-request',
      title: `HTTP request: ${firstLine}`,
      from: 'client',
      to: 'server',
      bytesHex: hex(i.request.bytes),
      spans: d.spans,
      explain: `The request, ${i.request.bytes.length} bytes, ${how}${cut(i.request.bytes)}. ${h2 ? 'HTTP/2 sends the connection preface, SETTINGS, then the request as a HEADERS frame whose fields are compressed with HPACK (RFC 7541).' : 'HTTP/1.1 is text: a request line, header fields, an empty line (RFC 9112 §2.1).'} HTTP is the application layer (7).`,
      source: h2 ? 'RFC 9113 §8.1' : 'RFC 9112 §3',
      ...(i.tls ? { decrypted: true } : {}),
      ...(wireHexOf(i.request.wire) ? { wireHex: wireHexOf(i.request.wire) } : {}),
      ...(d.findings.length ? { findings: d.findings.slice(0, 50) } : {})
    })
  }
  if (i.response.at !== null) {
    const d = dissect(h2 ? 'http2' : 'http1', i.response.bytes.subarray(0, STEP_BYTES))
    drafts.push({
      at: i.response.at,
      ...(i.lastAt !== null ? { durationMs: Math.max(0, i.lastAt - i.response.at) } : {}),
      layer: 'application',
      kind: 'http-response',
      title: `HTTP response: ${i.engine.version} ${i.engine.status} ${i.engine.reason}`.trim(),
      from: 'server',
      to: 'client',
      bytesHex: hex(i.response.bytes),
      spans: d.spans,
      explain: `The response, ${i.response.bytes.length} bytes, ${how}${cut(i.response.bytes)}. ${h2 ? 'HEADERS (HPACK-compressed fields, :status first) then DATA frames for the body, END_STREAM on the last (RFC 9113 §8.1).' : 'A status line, header fields, an empty line, then the body framed by Content-Length or chunked coding (RFC 9112 §6).'}`,
      source: h2 ? 'RFC 9113 §8.1' : 'RFC 9112 §4',
      ...(i.tls ? { decrypted: true } : {}),
      ...(wireHexOf(i.response.wire) ? { wireHex: wireHexOf(i.response.wire) } : {}),
      ...(d.findings.length ? { findings: d.findings.slice(0, 50) } : {})
    })
  }
  // The engine read these bytes from the TLS socket; decrypting the tap with the key log must give the same ones.
  const got = i.response.bytes
  const engine = i.engine.raw
  if (i.tls && got.length === 0 && engine.length > 0) {
    // Nothing decrypted (a suite or key log the walkthrough cannot open): the TLS steps say why; no cap is involved.
    findings.push({ severity: 'info', code: 'WALK_BYTES_SHORT', message: `The HTTP engine read ${i.engine.total} response bytes; the TLS records carrying them were not decrypted (see the TLS note), so the walkthrough cannot show or compare them.` })
  } else if (engine.length > got.length) {
    findings.push({ severity: got.length === 0 ? 'warning' : 'info', code: 'WALK_BYTES_SHORT', message: `The HTTP engine read ${i.engine.total} response bytes; the walkthrough holds ${got.length} of them (its capture of the connection is capped), so only those are compared and shown.` })
    if (!equalBytes(got, engine.subarray(0, got.length))) findings.push(mismatch(i.tls))
  } else if (!equalBytes(got.subarray(0, engine.length), engine)) {
    findings.push(mismatch(i.tls))
  }
  return { drafts, findings }
}

function mismatch(tls: boolean): Finding {
  return {
    severity: 'error',
    code: 'WALK_BYTES_DIFFER',
    message: tls
      ? 'The response decrypted from the recorded records differs from the bytes the HTTP engine received: the walkthrough would not show what really arrived.'
      : 'The response bytes recorded on the socket differ from the bytes the HTTP engine received.',
    source: 'RFC 8446 §5.2'
  }
}
