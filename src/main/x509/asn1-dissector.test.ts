// The 'asn1' dissector over real certificates generated here: its spans match `openssl asn1parse` byte for byte,
// tile the DER exactly, and damaged or hostile input still gives spans plus a finding instead of an exception.
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { dissect } from '../../shared/dissect'
import { type Span, spanEnd } from '../../shared/dissect/span'
import { findPemBlocks } from '../../shared/x509/pem'
import { openssl, rootCA, serverCert } from '../testing/x509'

let der: Uint8Array

beforeAll(async () => {
  const root = await rootCA('Dissector Root', { key: 'p256' })
  const leaf = await serverCert('dissect.example.test', root, { key: 'rsa2048' })
  der = findPemBlocks(leaf.certPem)[0]!.der as Uint8Array
}, 60_000)

function all(spans: readonly Span[], out: Span[] = []): Span[] {
  for (const s of spans) {
    out.push(s)
    if (s.children) all(s.children, out)
  }
  return out
}

/** Every child lies inside its parent, and every span inside the input. */
function expectNested(spans: readonly Span[], length: number, parent?: Span): void {
  for (const s of spans) {
    expect(s.offset).toBeGreaterThanOrEqual(parent ? parent.offset : 0)
    expect(spanEnd(s)).toBeLessThanOrEqual(parent ? spanEnd(parent) : length)
    expect(s.length).toBeGreaterThanOrEqual(0)
    if (s.children) expectNested(s.children, length, s)
  }
}

describe("the 'asn1' dissector", () => {
  it('finds every element openssl asn1parse finds, at the same offsets and lengths', () => {
    const parsed = openssl(['asn1parse', '-inform', 'DER'], der)
    expect(parsed.status).toBe(0)
    const theirs = parsed.stdout
      .trim()
      .split('\n')
      .map((line) => /^\s*(\d+):d=\s*\d+\s+hl=\s*(\d+)\s+l=\s*(\d+)/.exec(line)!)
      .map((m) => `${m[1]}+${m[2]}+${m[3]}`)
    // openssl does not open DER inside OCTET/BIT STRINGs; leave out what we decoded from inside them
    const ours: string[] = []
    const walk = (s: Span, insideValue: boolean): void => {
      if (!insideValue) ours.push(`${s.offset}+${s.headerLength}+${s.length - (s.headerLength ?? 0)}`)
      const encapsulates = s.explain?.includes('itself DER') ?? false
      s.children?.forEach((c) => walk(c, insideValue || encapsulates))
    }
    const d = dissect('asn1', der)
    walk(d.spans[0]!, false)
    expect(ours).toEqual(theirs)
    expect(d.findings).toEqual([])
  })

  it('tiles the DER exactly: the root covers every byte, children fill their parent’s value without gaps', () => {
    const d = dissect('der', der)
    expect(d.spans).toHaveLength(1)
    expect(d.spans[0]).toMatchObject({ offset: 0, length: der.length, name: 'SEQUENCE' })
    for (const s of all(d.spans)) {
      if (!s.children || s.explain?.includes('itself DER')) continue
      let pos = s.offset + (s.headerLength ?? 0)
      for (const c of s.children) {
        expect(c.offset).toBe(pos)
        pos = spanEnd(c)
      }
      expect(pos).toBe(spanEnd(s))
    }
    expectNested(d.spans, der.length)
    expect(d.spanCount).toBe(all(d.spans).length)
  })

  it('names OIDs and shows values a user can read', () => {
    const values = all(dissect('asn1', der).spans).map((s) => s.value)
    expect(values).toContain('2.5.29.17 (Subject Alternative Name)')
    expect(values).toContain('1.2.840.10045.4.3.2 (ecdsa-with-SHA256)')
    expect(values).toContain('dissect.example.test')
  })

  it('keeps what it read from a truncated certificate and says where it broke', () => {
    for (const cut of [1, 2, 5, 60, Math.floor(der.length / 2), der.length - 1]) {
      const bytes = der.subarray(0, cut)
      const d = dissect('asn1', bytes)
      expect(d.findings.some((f) => f.code === 'TRUNCATED' || f.code === 'INVALID_DER')).toBe(true)
      expectNested(d.spans, bytes.length)
      if (cut >= 4) expect(d.spans[0]).toMatchObject({ offset: 0, name: 'SEQUENCE', length: cut })
    }
    const half = dissect('asn1', der.subarray(0, Math.floor(der.length / 2)))
    expect(all(half.spans).some((s) => s.value === 'Dissector Root')).toBe(true)
  })

  it('reports bytes after the element and stops at the nesting and span limits', () => {
    const trailing = dissect('asn1', Uint8Array.of(...der, 0xde, 0xad))
    expect(trailing.findings[0]).toMatchObject({ code: 'TRAILING_BYTES', span: { offset: der.length, length: 2 } })
    expect(trailing.spans[1]).toMatchObject({ name: 'Trailing bytes', offset: der.length, length: 2 })

    const deep = new Uint8Array(4000)
    for (let i = 0; i < 1000; i++) deep.set([0x30, 0x80], i * 2)
    const nested = dissect('asn1', deep)
    expect(nested.findings.some((f) => /deeper than 64/.test(f.message))).toBe(true)

    const capped = dissect('asn1', der, { maxSpans: 10 })
    expect(capped.spanCount).toBe(10)
    expect(capped.findings).toContainEqual(expect.objectContaining({ code: 'SPAN_LIMIT' }))
  })

  it('never throws and stays in bounds on random or mutated bytes', () => {
    const mutated = fc.tuple(fc.nat(der.length - 1), fc.integer({ min: 0, max: 255 }), fc.nat(der.length)).map(([at, value, cut]) => {
      const copy = der.slice(0, Math.max(1, cut))
      if (at < copy.length) copy[at] = value
      return copy
    })
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }), mutated), (bytes) => {
        const d = dissect('asn1', bytes)
        expectNested(d.spans, bytes.length)
        for (const f of d.findings) if (f.span) expect(f.span.offset + f.span.length).toBeLessThanOrEqual(bytes.length)
      }),
      { numRuns: 400, seed: 7 }
    )
  })
})
