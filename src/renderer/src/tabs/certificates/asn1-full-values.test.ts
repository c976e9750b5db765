// The ASN.1 pane shows values whole: long strings, big integers, long OIDs and byte strings are not cut.
import { describe, expect, it } from 'vitest'
import { dissect } from '../../../../shared/dissect'
import type { Span } from '../../../../shared/dissect/span'
import { bits, intRaw, octets, oid, seq, utf8 } from '../../../../shared/x509/der'
import { MAX_VALUE_BYTES, withFullValues } from './asn1-full-values'

const values = (spans: readonly Span[]): string[] => spans.flatMap((s) => [...(s.children ? values(s.children) : [s.value ?? ''])])

describe('withFullValues', () => {
  const longName = 'a-very-long-organisational-unit-name-that-goes-on-'.repeat(4) + 'end'
  const modulusHex = '41' + 'AB'.repeat(255)
  const longOid = '1.3.6.1.4.1.99999.1.2.3.4.5.6.7.8.9.10.11.12.13.14.15.16.17.18.19.20'
  const der = seq(utf8(longName), intRaw(modulusHex), oid(longOid), octets(new Uint8Array(300).fill(0x5a)), bits(new Uint8Array([1, 2, 3])))

  it('replaces the dissector’s shortened previews with the whole values', () => {
    const d = dissect('asn1', der)
    const before = values(d.spans)
    // the dissector itself shortens: this is what the pane used to show
    expect(before.some((v) => v.endsWith('…'))).toBe(true)
    const after = values(withFullValues(der, d.spans))
    expect(after).toContain(longName)
    expect(after).toContain(`0x${modulusHex}`)
    expect(after).toContain(longOid)
    expect(after.find((v) => v.startsWith('5A'))?.split(' ')).toHaveLength(300)
    expect(after).toContain('0 unused bits: 01 02 03')
    expect(after.some((v) => v.includes('…'))).toBe(false)
  })

  it('cuts only values over the cap, saying how big they are and where the rest is', () => {
    const big = octets(new Uint8Array(MAX_VALUE_BYTES + 10))
    const [span] = withFullValues(big, dissect('asn1', big).spans)
    expect(span?.value).toMatch(/… \(4,106 bytes in all; every byte is in the hex view\)$/)
  })
})
