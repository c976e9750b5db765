// Tapped bytes → TLS records with times: the connector's ByteTap gives chunks as the socket saw them (a chunk may hold
// several records, a record may span chunks); decryption and the steps want whole records, each timed by the chunk
// that held its first byte, both directions on one clock.
import { readRecords } from '../../shared/tls/records'
import type { TimedRecord } from './tls-decrypt'

export interface TapChunkLike {
  dir: 'in' | 'out'
  at: number
  bytes: Uint8Array
}

/** Records both ways in time order ('out' is the client's side); `cutBytes` counts bytes of a record cut off at the end. */
export function timedRecordsFromTap(chunks: readonly TapChunkLike[]): { records: TimedRecord[]; cutBytes: { client: number; server: number } } {
  const one = (dir: 'in' | 'out'): { records: TimedRecord[]; cut: number } => {
    const mine = chunks.filter((c) => c.dir === dir)
    const total = mine.reduce((n, c) => n + c.bytes.length, 0)
    const stream = new Uint8Array(total)
    const starts: number[] = []
    let at = 0
    for (const c of mine) {
      starts.push(at)
      stream.set(c.bytes, at)
      at += c.bytes.length
    }
    const from = dir === 'out' ? 'client' : 'server'
    let chunk = 0
    const records = readRecords(stream).map((r) => {
      while (chunk + 1 < starts.length && (starts[chunk + 1] as number) <= r.offset) chunk++
      return { from, at: (mine[chunk] as TapChunkLike).at, bytes: stream.subarray(r.offset, r.offset + 5 + r.body.length) } as TimedRecord
    })
    const used = records.reduce((n, r) => n + r.bytes.length, 0)
    return { records, cut: total - used }
  }
  const client = one('out')
  const server = one('in')
  // Stable merge by time: each direction keeps its own order whatever the clock says.
  const records: TimedRecord[] = []
  let i = 0
  let j = 0
  while (i < client.records.length || j < server.records.length) {
    const c = client.records[i]
    const s = server.records[j]
    if (c && (!s || c.at <= s.at)) {
      records.push(c)
      i++
    } else if (s) {
      records.push(s)
      j++
    }
  }
  return { records, cutBytes: { client: client.cut, server: server.cut } }
}
