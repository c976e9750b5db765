// Cuts a DNS message into its span tree off the page's thread (a 4,000-record answer is ~36,000 spans, tens of ms
// to build), and sends it back in parts small enough that taking each apart never holds the page for long.
import type { Span } from '../../../../shared/dissect/span'
import { PART_SPANS, decodeSpans, type SpansReply, type SpansRequest } from './packet-spans'

// Typed by hand: this program is compiled with the DOM's types, not the worker's.
const scope = self as unknown as { onmessage: ((e: MessageEvent<SpansRequest>) => void) | null; postMessage(reply: SpansReply): void }

scope.onmessage = (e) => {
  const { id, bytes } = e.data
  const spans = decodeSpans(bytes)
  const big = (s: Span): boolean => (s.children?.length ?? 0) > PART_SPANS
  scope.postMessage({ id, kind: 'top', spans: spans.map((s) => (big(s) ? { ...s, children: [] } : s)) })
  spans.forEach((s, section) => {
    if (!big(s)) return
    for (let from = 0; from < s.children!.length; from += PART_SPANS) scope.postMessage({ id, kind: 'part', section, spans: s.children!.slice(from, from + PART_SPANS) })
  })
  scope.postMessage({ id, kind: 'done' })
}
