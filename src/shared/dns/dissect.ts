// The 'dns' dissector: any DNS message as the span tree decodeMessage builds (header bits, sections, records, names
// with their compression pointers, EDNS options). A message that cannot be read still shows its bytes and why.
import { WirebenchError } from '../errors'
import type { DissectOptions, Dissection, Span } from '../dissect/span'
import { decodeMessage } from './message'
import { DNS_LIMITS } from './model'

const count = (spans: readonly Span[]): number => spans.reduce((n, s) => n + 1 + count(s.children ?? []), 0)

export function dissectDns(bytes: Uint8Array, options: DissectOptions = {}): Dissection {
  try {
    const m = decodeMessage(bytes, { maxSpans: options.maxSpans ?? DNS_LIMITS.maxSpans })
    return { spans: m.spans, findings: m.findings, spanCount: count(m.spans) }
  } catch (e) {
    const message = e instanceof WirebenchError ? e.message : String(e)
    return {
      spans: [{ offset: 0, length: bytes.length, name: 'Unreadable DNS message', explain: 'The header or question could not be read (RFC 1035 §4.1)' }],
      findings: [{ severity: 'error', code: 'DNS_MALFORMED', message, source: 'RFC 1035 §4.1' }],
      spanCount: 1
    }
  }
}
