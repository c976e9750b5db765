// The tail buffer keeps exactly the newest bytes up to its limit, whatever sizes the chunks come in.
import { describe, expect, it } from 'vitest'
import { TailBuffer } from './tail-buffer'

describe('TailBuffer', () => {
  it('keeps the last N bytes in order and counts what it dropped', () => {
    const tail = new TailBuffer(10)
    const all: number[] = []
    for (let i = 0; i < 50; i++) {
      const chunk = Uint8Array.from({ length: (i % 7) + 1 }, (_, j) => (i * 7 + j) & 0xff)
      all.push(...chunk)
      tail.push(chunk)
      expect(tail.bytes().length).toBe(Math.min(10, all.length))
    }
    expect([...tail.bytes()]).toEqual(all.slice(-10))
    expect(tail.total).toBe(all.length)
    expect(tail.dropped).toBe(all.length - 10)
  })

  it('a chunk larger than the limit leaves only its own tail', () => {
    const tail = new TailBuffer(4)
    tail.push(Uint8Array.of(1, 2))
    tail.push(Uint8Array.of(3, 4, 5, 6, 7, 8))
    expect([...tail.bytes()]).toEqual([5, 6, 7, 8])
    expect(tail.dropped).toBe(4)
  })
})
