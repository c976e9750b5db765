// The ASN.1 dissector keeps its values short for the one-line tree (strings cut at 80 characters, integers and
// bytes at a preview), which hid the very thing a user opens this pane to read. This gives every primitive span its
// whole value, read again from the DER at the span's own offset, so the tooltip and the selection line can show it
// all; only a value over MAX_VALUE_BYTES is cut, and then it says so and where the rest is.
import { readNode } from '../../../../shared/x509/asn1'
import { describeValue, type ValueLimits } from '../../../../shared/dissect/asn1'
import type { Span } from '../../../../shared/dissect/span'

/** Bigger values (a 16 KiB blob inside an extension) stay in the hex view rather than in one line of text. */
export const MAX_VALUE_BYTES = 4096

const WHOLE: ValueLimits = {
  bytes: MAX_VALUE_BYTES,
  chars: Number.MAX_SAFE_INTEGER,
  integerHexDigits: Number.MAX_SAFE_INTEGER,
  cutNote: (total) => `(${total.toLocaleString('en-US')} bytes in all; every byte is in the hex view)`
}

/** The whole value of the DER element at the span, or undefined to keep the dissector's words. */
function fullValue(der: Uint8Array, span: Span): string | undefined {
  if (span.children?.length || span.value === undefined || span.headerLength === undefined) return undefined
  try {
    const value = describeValue(readNode(der, span.offset, span.offset + span.length), WHOLE)
    return value === undefined || value.startsWith('malformed:') ? undefined : value
  } catch {
    return undefined
  }
}

/** The span tree with whole values; spans whose value cannot be read again keep the dissector's. */
export function withFullValues(der: Uint8Array, spans: readonly Span[]): Span[] {
  return spans.map((span) => {
    const children = span.children ? withFullValues(der, span.children) : undefined
    const value = fullValue(der, span) ?? span.value
    return children ? { ...span, value, children } : { ...span, value }
  })
}
