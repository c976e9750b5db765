// The 'http1' dissector: an HTTP/1.x request or response as the span tree our lenient reader builds (start line,
// each field, chunk sizes and data, trailers), with what a strict parser would reject as findings.
import type { DissectOptions, Dissection, Span } from '../dissect/span'
import { parseHttp1 } from './message'

const count = (spans: readonly Span[]): number => spans.reduce((n, s) => n + 1 + count(s.children ?? []), 0)

export function dissectHttp1(bytes: Uint8Array, options: DissectOptions = {}): Dissection {
  // The bytes given are all there is, so a body that runs until close ends here.
  const m = parseHttp1(bytes, options.maxSpans === undefined ? { closed: true } : { closed: true, maxSpans: options.maxSpans })
  const findings = [...m.findings]
  if (!m.complete && !m.broken) {
    findings.push({ severity: 'warning', code: 'TRUNCATED', message: m.bodyOffset >= bytes.length && !m.headers.length && !m.startLine ? 'No complete HTTP start line.' : `The message is incomplete: at least ${m.needMore} more bytes were expected.`, source: 'RFC 9112 §8' })
  }
  const spans = m.spans.length ? m.spans : [{ offset: 0, length: bytes.length, name: 'Bytes', explain: 'Not readable as an HTTP/1.x message (RFC 9112)' }]
  return { spans, findings, spanCount: count(spans) }
}
