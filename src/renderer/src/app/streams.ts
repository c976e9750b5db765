// Transcripts of every stream (client connections, server clients, UDP sockets), fed by main's batched events into
// one store outside any tab, and capped so a 100 MB transfer never means 100 MB held in the page.
import type { TranscriptEntry } from '../../../shared/contract'
import type { WireError } from '../../../shared/errors'
import { fromBase64 } from '../../../shared/bytes'
import { api } from './api'
import { createStore, useStore } from './store'

export interface Entry {
  t: number
  dir: 'in' | 'out' | 'info'
  bytes: Uint8Array
  /** bytes on the wire; more than bytes.length when the display cap cut it */
  length: number
  note?: string
  peer?: string
}

export interface StreamState {
  entries: Entry[]
  bytesIn: number
  bytesOut: number
  /** bytes kept for display; over MAX_BYTES the oldest entries are dropped */
  kept: number
  /** entries dropped from the front, and the bytes they held */
  dropped: number
  droppedBytes: number
  closed: { reason: string; error: WireError | null } | null
  version: number
}

export const MAX_BYTES_PER_STREAM = 8 * 1024 * 1024
const MAX_ENTRIES_PER_STREAM = 50_000

export const streamsStore = createStore<{ byId: Record<string, StreamState> }>({ byId: {} })

function blank(): StreamState {
  return { entries: [], bytesIn: 0, bytesOut: 0, kept: 0, dropped: 0, droppedBytes: 0, closed: null, version: 0 }
}

function put(id: string, next: StreamState): void {
  streamsStore.set((s) => ({ byId: { ...s.byId, [id]: next } }))
}

/** Appends entries and trims the oldest past the caps (exported for tests of the cap). */
export function appendToStream(id: string, incoming: TranscriptEntry[]): void {
  const prev = streamsStore.get().byId[id] ?? blank()
  const entries = prev.entries.slice()
  let { bytesIn, bytesOut, kept, dropped, droppedBytes } = prev
  for (const e of incoming) {
    const bytes = e.data ? fromBase64(e.data) : new Uint8Array()
    const entry: Entry = { t: e.t, dir: e.dir, bytes, length: e.length }
    if (e.note !== undefined) entry.note = e.note
    if (e.peer !== undefined) entry.peer = e.peer
    entries.push(entry)
    if (e.dir === 'in') bytesIn += e.length
    if (e.dir === 'out') bytesOut += e.length
    kept += bytes.length
  }
  let start = 0
  while ((kept > MAX_BYTES_PER_STREAM || entries.length - start > MAX_ENTRIES_PER_STREAM) && start < entries.length - 1) {
    const gone = entries[start] as Entry
    kept -= gone.bytes.length
    droppedBytes += gone.length
    dropped += 1
    start += 1
  }
  put(id, { entries: start ? entries.slice(start) : entries, bytesIn, bytesOut, kept, dropped, droppedBytes, closed: prev.closed, version: prev.version + 1 })
}

export function markStreamClosed(id: string, reason: string, error: WireError | null): void {
  const prev = streamsStore.get().byId[id] ?? blank()
  put(id, { ...prev, closed: { reason, error }, version: prev.version + 1 })
}

/** Empties a transcript on the page (main keeps nothing of it); the byte counters keep counting the wire. */
export function clearStream(id: string): void {
  const prev = streamsStore.get().byId[id]
  if (!prev) return
  put(id, { ...prev, entries: [], kept: 0, dropped: 0, droppedBytes: 0, version: prev.version + 1 })
}

let wired = false
export function wireStreams(): void {
  if (wired) return
  wired = true
  api.on('stream.data', (p) => appendToStream(p.streamId, p.entries))
  api.on('stream.closed', (p) => markStreamClosed(p.streamId, p.reason, p.error))
}

/** Adds a line to a transcript from the page itself (a send that failed, say). */
export function addLocalNote(id: string, note: string): void {
  appendToStream(id, [{ t: Date.now(), dir: 'info', data: '', length: 0, note }])
}

const EMPTY = blank()

export function useStream(id: string | null): StreamState {
  return useStore(streamsStore, (s) => (id ? s.byId[id] ?? EMPTY : EMPTY))
}
