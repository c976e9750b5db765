// The 'http1' dissector is reachable by name and shows a message, a truncated one, and non-HTTP bytes.
import { describe, expect, it } from 'vitest'
import { dissect, dissectorNames } from '../dissect/table'

const enc = (s: string): Uint8Array => new TextEncoder().encode(s)

describe('http1 dissector', () => {
  it('is registered and builds the span tree with findings', () => {
    expect(dissectorNames()).toContain('http1')
    const d = dissect('http1', enc('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nhi'))
    expect(d.spans.map((s) => s.name)).toEqual(['Status line', 'Header section', 'Body'])
    expect(d.findings.map((f) => f.code)).toEqual(['CONFLICTING_CONTENT_LENGTH'])
    expect(d.spanCount).toBeGreaterThan(8)
  })

  it('reads a close-delimited body to the end and reports truncation', () => {
    expect(dissect('http1', enc('HTTP/1.0 200 OK\r\n\r\nall of it')).findings).toEqual([])
    const cut = dissect('http1', enc('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc'))
    expect(cut.findings.map((f) => f.code)).toEqual(['TRUNCATED'])
    expect(cut.findings[0]!.message).toContain('7 more bytes')
  })

  it('respects the span limit', () => {
    const d = dissect('http1', enc('GET / HTTP/1.1\r\n' + 'X-A: b\r\n'.repeat(50) + '\r\n'), { maxSpans: 10 })
    expect(d.spanCount).toBeLessThanOrEqual(10)
    expect(d.findings.map((f) => f.code)).toContain('SPAN_LIMIT')
  })
})
