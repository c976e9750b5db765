// The store every tab keeps its state in, and the transcript cap built on it: what survives, what is dropped.
import { describe, expect, it } from 'vitest'
import { createStore } from './store'
import { appendToStream, MAX_BYTES_PER_STREAM, streamsStore } from './streams'

describe('createStore', () => {
  it('merges patches, runs listeners once per change, and none after unsubscribing', () => {
    const store = createStore({ host: '127.0.0.1', port: '', items: [] as string[] })
    let calls = 0
    const off = store.subscribe(() => calls++)
    store.set({ port: '443' })
    store.set((s) => ({ ...s, items: [...s.items, 'server'] }))
    expect(store.get()).toEqual({ host: '127.0.0.1', port: '443', items: ['server'] })
    expect(calls).toBe(2)
    // An updater that returns the same state is no change: nothing re-renders.
    store.set((s) => s)
    expect(calls).toBe(2)
    off()
    store.set({ host: '::1' })
    expect(calls).toBe(2)
    expect(store.get().host).toBe('::1')
    store.reset()
    expect(store.get()).toEqual({ host: '127.0.0.1', port: '', items: [] })
  })
})

describe('transcript cap', () => {
  it('keeps only the latest bytes of a stream and counts what it dropped', () => {
    const chunk = Buffer.alloc(1024 * 1024, 0x61).toString('base64')
    const entries = Array.from({ length: 10 }, (_, i) => ({ t: i, dir: 'in' as const, data: chunk, length: 1024 * 1024 }))
    appendToStream('s1', entries)
    const s = streamsStore.get().byId['s1']!
    expect(s.bytesIn).toBe(10 * 1024 * 1024)
    expect(s.kept).toBeLessThanOrEqual(MAX_BYTES_PER_STREAM)
    expect(s.droppedBytes + s.kept).toBe(10 * 1024 * 1024)
    expect(s.droppedBytes).toBe(2 * 1024 * 1024)
    // The newest entry is the one kept last.
    expect(s.entries.at(-1)!.t).toBe(9)
    expect(streamsStore.get().byId['other']).toBeUndefined()
  })
})
