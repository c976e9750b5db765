// The packet view's span tree when main sends an answer without it: cut from the raw bytes here (in node there is
// no Worker, so this is the fallback path; the worker path runs in e2e), and counts written as en-US writes them.
import { describe, expect, it } from 'vitest'
import { grouped } from './dns-words'
import { loadPacketSpans } from './packet-spans'

/** A response for big.test. A with `n` answers 10.0.x.y, each owner a pointer to the question's name. */
function bigAnswer(n: number): Uint8Array {
  const b = [0x12, 0x34, 0x81, 0x80, 0, 1, n >> 8, n & 255, 0, 0, 0, 0, 3, ...Buffer.from('big'), 4, ...Buffer.from('test'), 0, 0, 1, 0, 1]
  for (let i = 0; i < n; i++) b.push(0xc0, 12, 0, 1, 0, 1, 0, 0, 2, 88, 0, 4, 10, 0, i >> 8, i & 255)
  return Uint8Array.from(b)
}

describe('the packet span tree', () => {
  it('is cut from the raw bytes when main left it out: every record of a 4,000-record answer, at its offset', async () => {
    const spans = await loadPacketSpans(bigAnswer(4000), { spans: [], findings: [] })
    expect(spans.map((s) => s.name)).toEqual(['Header', 'Question section', 'Answer section'])
    const answer = spans[2]!
    expect(answer.children).toHaveLength(4000)
    expect(answer.children![3999]).toMatchObject({ offset: 12 + 14 + 3999 * 16, length: 16, value: '10.0.15.159' })
  })

  it('is the one main sent when whole, and empty (not an exception) for bytes that are not a message', async () => {
    const given = [{ offset: 0, length: 12, name: 'Header' }]
    expect(await loadPacketSpans(bigAnswer(1), { spans: given, findings: [] })).toBe(given)
    expect(await loadPacketSpans(Uint8Array.from([1, 2, 3]), { spans: [], findings: [] })).toEqual([])
  })

  it("is cut again when main's tree stopped at its span limit", async () => {
    const cut = { spans: [{ offset: 0, length: 12, name: 'Header' }], findings: [{ severity: 'warning' as const, code: 'SPAN_LIMIT', message: 'Only the first 20,000 fields are shown.' }] }
    const spans = await loadPacketSpans(bigAnswer(3000), cut)
    expect(spans[2]?.children).toHaveLength(3000)
  })
})

describe('counts', () => {
  it('group thousands with commas', () => {
    expect([0, 999, 1000, 4000, 65535, 1234567].map(grouped)).toEqual(['0', '999', '1,000', '4,000', '65,535', '1,234,567'])
  })
})

describe('a click on a byte', () => {
  it('in the header flags selects Flags, not its first bit: the bits share those two bytes', async () => {
    const { fieldAtByte } = await import('./PacketView')
    const spans = await loadPacketSpans(bigAnswer(1), { spans: [], findings: [] })
    const at = (offset: number) => {
      const path = fieldAtByte(spans, offset)!
      let list = spans
      let name = ''
      for (const i of path) {
        name = list[i]!.name
        list = list[i]!.children ?? []
      }
      return name
    }
    expect(at(2)).toBe('Flags')
    expect(at(3)).toBe('Flags')
    expect(at(0)).toBe('ID')
    expect(at(4)).toBe('QDCOUNT')
  })
})
