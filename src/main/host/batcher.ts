// Batches engine events for a transport: stream bytes are merged per stream and flushed every few milliseconds,
// so a 100 MB transfer is a few hundred messages, not a hundred thousand. What a batch carries is capped (per
// stream and in all): bytes over the cap are counted in the entry's length but not carried, because the page
// keeps only the latest few megabytes of a stream anyway and the engine must not slow down to feed it. Events
// declared 'latest' (counters, client rows) keep only the newest payload per key, the key the event declares.
import { events, type EventEnvelope, type EventName, type EventSpec, type PayloadOf, type TranscriptEntry } from '../../shared/contract'
import type { EngineEvents } from '../core/events'

export interface BatcherOptions {
  intervalMs?: number
  /** Per batch, bytes beyond this (all streams together) are counted but not carried. */
  maxBatchBytes?: number
  /** Per stream and batch, bytes beyond this are counted but not carried (the UI shows "N bytes not shown"). */
  maxStreamBytesPerBatch?: number
}

interface PendingData {
  streamId: string
  entries: { t: number; dir: 'in' | 'out' | 'info'; chunks: Buffer[]; carried: number; length: number; note?: string; peer?: string }[]
  carried: number
}

type Slot = { kind: 'event'; envelope: EventEnvelope } | { kind: 'data'; pending: PendingData }

export class EventBatcher implements EngineEvents {
  private queue: Slot[] = []
  private openData = new Map<string, PendingData>()
  private latest = new Map<string, Slot>()
  private pendingBytes = 0
  private timer: NodeJS.Timeout | null = null
  private disposed = false
  private readonly intervalMs: number
  private readonly maxBatchBytes: number
  private readonly maxStreamBytes: number

  constructor(
    private readonly sink: (batch: EventEnvelope[]) => void,
    options: BatcherOptions = {}
  ) {
    this.intervalMs = options.intervalMs ?? 16
    this.maxBatchBytes = options.maxBatchBytes ?? 1024 * 1024
    this.maxStreamBytes = options.maxStreamBytesPerBatch ?? 256 * 1024
  }

  emit<E extends EventName>(name: E, payload: PayloadOf<E>): void {
    if (this.disposed) return
    const envelope = { name, payload } as EventEnvelope
    const spec = events[name] as EventSpec<PayloadOf<E>>
    if (spec.batch === 'latest' && spec.key) {
      const key = `${name}:${spec.key(payload)}`
      const existing = this.latest.get(key)
      if (existing && existing.kind === 'event') {
        existing.envelope = envelope
      } else {
        const slot: Slot = { kind: 'event', envelope }
        this.latest.set(key, slot)
        this.queue.push(slot)
      }
    } else {
      // Bytes after a close start a new run, so they are not merged ahead of the close.
      if (name === 'stream.closed') this.openData.delete((payload as PayloadOf<'stream.closed'>).streamId)
      this.queue.push({ kind: 'event', envelope })
    }
    this.schedule()
  }

  data(streamId: string, dir: 'in' | 'out', bytes: Uint8Array, peer?: string): void {
    if (this.disposed || bytes.length === 0) return
    const pending = this.pendingFor(streamId)
    const last = pending.entries[pending.entries.length - 1]
    const room = Math.max(0, Math.min(this.maxStreamBytes - pending.carried, this.maxBatchBytes - this.pendingBytes))
    const carry = Math.min(room, bytes.length)
    // A view, not a copy: engines hand over fresh buffers (socket reads, encoded payloads) and never reuse them.
    const chunk = carry > 0 ? Buffer.from(bytes.buffer, bytes.byteOffset, carry) : null
    if (last && last.dir === dir && peer === undefined && last.peer === undefined) {
      if (chunk) last.chunks.push(chunk)
      last.carried += carry
      last.length += bytes.length
    } else {
      const entry: PendingData['entries'][number] = { t: Date.now(), dir, chunks: chunk ? [chunk] : [], carried: carry, length: bytes.length }
      if (peer !== undefined) entry.peer = peer
      pending.entries.push(entry)
    }
    pending.carried += carry
    this.pendingBytes += carry
    this.schedule()
  }

  note(streamId: string, text: string): void {
    if (this.disposed) return
    this.pendingFor(streamId).entries.push({ t: Date.now(), dir: 'info', chunks: [], carried: 0, length: 0, note: text })
    this.schedule()
  }

  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer)
      this.timer = null
    }
    if (this.queue.length === 0) return
    const batch: EventEnvelope[] = this.queue.map((slot) =>
      slot.kind === 'event' ? slot.envelope : { name: 'stream.data', payload: this.encode(slot.pending) }
    )
    this.queue = []
    this.openData.clear()
    this.latest.clear()
    this.pendingBytes = 0
    this.sink(batch)
  }

  dispose(): void {
    this.flush()
    this.disposed = true
  }

  private pendingFor(streamId: string): PendingData {
    let pending = this.openData.get(streamId)
    if (!pending) {
      pending = { streamId, entries: [], carried: 0 }
      this.openData.set(streamId, pending)
      this.queue.push({ kind: 'data', pending })
    }
    return pending
  }

  private encode(pending: PendingData): { streamId: string; entries: TranscriptEntry[] } {
    return {
      streamId: pending.streamId,
      entries: pending.entries.map((e) => {
        const entry: TranscriptEntry = {
          t: e.t,
          dir: e.dir,
          data: e.chunks.length ? Buffer.concat(e.chunks, e.carried).toString('base64') : '',
          length: e.length
        }
        if (e.note !== undefined) entry.note = e.note
        if (e.peer !== undefined) entry.peer = e.peer
        return entry
      })
    }
  }

  private schedule(): void {
    if (!this.timer) this.timer = setTimeout(() => this.flush(), this.intervalMs)
  }
}
