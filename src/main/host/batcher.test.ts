// The event batcher: merged stream bytes, caps, and 'latest' events merged by the key each event declares.
import { afterEach, describe, expect, it } from 'vitest'
import type { EventEnvelope, PayloadOf } from '../../shared/contract'
import { EventBatcher } from './batcher'

const batches: EventEnvelope[][] = []
afterEach(() => {
  batches.length = 0
})

describe('EventBatcher', () => {
  it('turns 10,000 small writes into a handful of messages without losing a byte', async () => {
    const b = new EventBatcher((batch) => batches.push(batch), { intervalMs: 5 })
    for (let i = 0; i < 10_000; i++) b.data('s1', 'in', new Uint8Array([i & 0xff]))
    await new Promise((r) => setTimeout(r, 20))
    expect(batches.length).toBeLessThanOrEqual(2)
    const entries = batches.flat().flatMap((e) => (e.payload as PayloadOf<'stream.data'>).entries)
    expect(entries.reduce((n, e) => n + e.length, 0)).toBe(10_000)
    const bytes = Buffer.concat(entries.map((e) => Buffer.from(e.data, 'base64')))
    expect(bytes[9_999]).toBe(9_999 & 0xff)
  })

  it('keeps the direction of each run and orders close after data', () => {
    const b = new EventBatcher((batch) => batches.push(batch))
    b.data('s1', 'out', new Uint8Array([1]))
    b.data('s1', 'in', new Uint8Array([2]))
    b.data('s1', 'in', new Uint8Array([3]))
    b.emit('stream.closed', { streamId: 's1', reason: 'closed', error: null })
    b.flush()
    const [data, closed] = batches[0]!
    expect((data!.payload as PayloadOf<'stream.data'>).entries.map((e) => [e.dir, e.length])).toEqual([
      ['out', 1],
      ['in', 2]
    ])
    expect(closed!.name).toBe('stream.closed')
  })

  it('keeps only the newest counters per server in a batch', () => {
    const b = new EventBatcher((batch) => batches.push(batch))
    for (let i = 0; i < 100; i++) b.emit('server.stats', { serverId: 's1', stats: { accepted: i } as never })
    b.emit('server.stats', { serverId: 's2', stats: { accepted: 7 } as never })
    b.flush()
    expect(batches[0]!.map((e) => (e.payload as { stats: { accepted: number } }).stats.accepted)).toEqual([99, 7])
  })

  it('carries at most the display cap per stream and counts the rest', () => {
    const b = new EventBatcher((batch) => batches.push(batch), { maxStreamBytesPerBatch: 1000 })
    b.data('s1', 'in', new Uint8Array(800))
    b.data('s1', 'in', new Uint8Array(800))
    b.flush()
    const [entry] = (batches[0]![0]!.payload as PayloadOf<'stream.data'>).entries
    expect(entry!.length).toBe(1600)
    expect(Buffer.from(entry!.data, 'base64').length).toBe(1000)
  })

  it('caps what one batch carries across all streams', () => {
    const b = new EventBatcher((batch) => batches.push(batch), { maxBatchBytes: 1500, maxStreamBytesPerBatch: 1000 })
    b.data('a', 'in', new Uint8Array(1000))
    b.data('b', 'in', new Uint8Array(1000))
    b.flush()
    const carried = batches[0]!.map((e) => Buffer.from((e.payload as PayloadOf<'stream.data'>).entries[0]!.data, 'base64').length)
    expect(carried).toEqual([1000, 500])
    // Room again in the next batch.
    b.data('b', 'in', new Uint8Array(10))
    b.flush()
    expect((batches[1]![0]!.payload as PayloadOf<'stream.data'>).entries[0]!.data).toBe(Buffer.alloc(10).toString('base64'))
  })

  it('merges latest events by the key they declare, not by guessing from field names', () => {
    const b = new EventBatcher((batch) => batches.push(batch))
    for (let i = 1; i <= 50; i++) b.emit('job.progress', { jobId: 'j1', done: i, total: 50 })
    b.emit('job.progress', { jobId: 'j2', done: 1 })
    // server.client declares its key as the client's stream id: two clients of one server stay two rows.
    const client = (streamId: string, bytesIn: number) => ({ client: { streamId, serverId: 's1', bytesIn } as never })
    b.emit('server.client', client('a', 1))
    b.emit('server.client', client('b', 1))
    b.emit('server.client', client('a', 2))
    b.emit('job.finished', { jobId: 'j1', result: null })
    b.emit('job.finished', { jobId: 'j1', result: null })
    b.flush()
    expect(batches[0]!.map((e) => [e.name, JSON.stringify(e.payload)])).toEqual([
      ['job.progress', JSON.stringify({ jobId: 'j1', done: 50, total: 50 })],
      ['job.progress', JSON.stringify({ jobId: 'j2', done: 1 })],
      ['server.client', JSON.stringify(client('a', 2))],
      ['server.client', JSON.stringify(client('b', 1))],
      ['job.finished', JSON.stringify({ jobId: 'j1', result: null })],
      ['job.finished', JSON.stringify({ jobId: 'j1', result: null })]
    ])
  })
})
