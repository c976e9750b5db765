// Transcripts of every stream (client connections, server clients, UDP sockets), fed by main's batched events
// and capped so a 100 MB transfer never means 100 MB held in the page.
import { useSyncExternalStore } from 'react'
import type { TranscriptEntry } from '../../../shared/contract'
import type { WireError } from '../../../shared/errors'
import { fromBase64 } from '../../../shared/bytes'
import { api } from './api'

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
  dropped: number
  closed: { reason: string; error: WireError | null } | null
  version: number
}

export const MAX_BYTES_PER_STREAM = 8 * 1024 * 1024
const MAX_ENTRIES_PER_STREAM = 50_000

const streams = new Map<string, StreamState>()
const subscribers = new Map<string, Set<() => void>>()

function blank(): StreamState {
  return { entries: [], bytesIn: 0, bytesOut: 0, kept: 0, dropped: 0, closed: null, version: 0 }
}

function notify(id: string): void {
  for (const s of subscribers.get(id) ?? []) s()
}

function append(id: string, incoming: TranscriptEntry[]): void {
  const prev = streams.get(id) ?? blank()
  const entries = prev.entries.slice()
  let { bytesIn, bytesOut, kept, dropped } = prev
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
    kept -= (entries[start] as Entry).bytes.length
    dropped += 1
    start += 1
  }
  streams.set(id, { entries: start ? entries.slice(start) : entries, bytesIn, bytesOut, kept, dropped, closed: prev.closed, version: prev.version + 1 })
  notify(id)
}

let wired = false
export function wireStreams(): void {
  if (wired) return
  wired = true
  api.on('stream.data', (p) => append(p.streamId, p.entries))
  api.on('stream.closed', (p) => {
    const prev = streams.get(p.streamId) ?? blank()
    streams.set(p.streamId, { ...prev, closed: { reason: p.reason, error: p.error }, version: prev.version + 1 })
    notify(p.streamId)
  })
}

/** Adds a line to a transcript from the page itself (a send that failed, say). */
export function addLocalNote(id: string, note: string): void {
  append(id, [{ t: Date.now(), dir: 'info', data: '', length: 0, note }])
}

const EMPTY = blank()

export function useStream(id: string | null): StreamState {
  return useSyncExternalStore(
    (cb) => {
      if (!id) return () => {}
      let set = subscribers.get(id)
      if (!set) subscribers.set(id, (set = new Set()))
      set.add(cb)
      return () => set.delete(cb)
    },
    () => (id ? streams.get(id) ?? EMPTY : EMPTY)
  )
}
