// The dissector table: lookup by protocol name, registration of a new protocol, and failures reported as findings.
import { describe, expect, it } from 'vitest'
import { dissect, dissectorNames, lookupDissector, registerDissector } from './table'
import { innermostAt, spanAtPath } from './span'

describe('dissector table', () => {
  it('has the built-in protocols by name', () => {
    expect(dissectorNames()).toEqual(expect.arrayContaining(['asn1', 'der', 'tls-records']))
    expect(lookupDissector('asn1')).toBe(lookupDissector('der'))
  })

  it('reports an unknown protocol as a finding over the whole input', () => {
    const d = dissect('gopher', Uint8Array.of(1, 2, 3))
    expect(d.findings[0]).toMatchObject({ severity: 'error', code: 'UNKNOWN_PROTOCOL' })
    expect(d.spans).toEqual([{ offset: 0, length: 3, name: 'Bytes' }])
  })

  it('takes a new protocol in one line, and turns a throwing dissector into a finding', () => {
    registerDissector('test-two-bytes', (b) => ({ spans: [{ offset: 0, length: Math.min(2, b.length), name: 'Two' }], findings: [], spanCount: 1 }))
    expect(dissect('test-two-bytes', Uint8Array.of(7, 7, 7)).spans[0]).toMatchObject({ name: 'Two', length: 2 })
    registerDissector('test-broken', () => {
      throw new Error('boom')
    })
    const d = dissect('test-broken', Uint8Array.of(1))
    expect(d.findings[0]).toMatchObject({ code: 'DISSECTOR_FAILED', message: 'The test-broken dissector failed: boom' })
  })

  it('finds the innermost span holding a byte, and the span at a path', () => {
    const spans = [
      { offset: 0, length: 4, name: 'outer', children: [{ offset: 0, length: 1, name: 'a' }, { offset: 1, length: 3, name: 'b', children: [{ offset: 2, length: 1, name: 'c' }] }] },
      { offset: 4, length: 2, name: 'next' }
    ]
    expect(innermostAt(spans, 2)).toEqual([0, 1, 0])
    expect(innermostAt(spans, 3)).toEqual([0, 1])
    expect(innermostAt(spans, 5)).toEqual([1])
    expect(innermostAt(spans, 6)).toBeUndefined()
    expect(spanAtPath(spans, [0, 1, 0])?.name).toBe('c')
    expect(spanAtPath(spans, [0, 9])).toBeUndefined()
  })
})
