// The last requests sent, kept in localStorage so they outlive the window (history is local to this machine); bounded
// in count and size so a few large requests never fill the page's storage.
import type { TargetForm } from './store'

export interface HistoryEntry {
  id: string
  /** When it was sent (ms since 1970). */
  at: number
  target: TargetForm
  raw: string
  status?: number
  statusWords?: string
  totalMs?: number
  /** The error's words when it failed. */
  error?: string
}

const KEY = 'wirebench.httpHistory'
export const MAX_HISTORY = 100
/** A request larger than this is kept without its text (the entry says so). */
export const MAX_ENTRY_CHARS = 64 * 1024
/** An extra CA (PEM) larger than this is left out of the entry. */
export const MAX_CA_CHARS = 16 * 1024
/** The whole list, as JSON. */
export const MAX_HISTORY_CHARS = 1024 * 1024

const valid = (e: unknown): e is HistoryEntry => {
  const h = e as HistoryEntry
  return typeof h?.id === 'string' && typeof h.at === 'number' && typeof h.raw === 'string' && typeof h.target?.host === 'string' && typeof h.target?.port === 'string'
}

export function loadHistory(): HistoryEntry[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(KEY) ?? '[]')
    return Array.isArray(parsed) ? parsed.filter(valid).slice(0, MAX_HISTORY) : []
  } catch {
    return []
  }
}

/** The list with `entry` first, cut to the count and size bounds (oldest go first). */
export function boundHistory(list: HistoryEntry[]): HistoryEntry[] {
  const out = list.slice(0, MAX_HISTORY).map((e) => {
    // A large extra CA is not worth a history slot: the entry keeps the rest of the target.
    const entry = e.target.caPem.length > MAX_CA_CHARS ? { ...e, target: { ...e.target, caPem: '' } } : e
    return entry.raw.length > MAX_ENTRY_CHARS ? { ...entry, raw: '', error: entry.error ?? `The request (${Math.ceil(entry.raw.length / 1024)} KiB) was too large to keep in the history.` } : entry
  })
  let size = JSON.stringify(out).length
  while (out.length > 1 && size > MAX_HISTORY_CHARS) size -= JSON.stringify(out.pop()).length + 1
  return out
}

/** Saves the list; answers why not in words when the browser refuses. */
export function saveHistory(list: HistoryEntry[]): string | null {
  try {
    if (list.length) localStorage.setItem(KEY, JSON.stringify(list))
    else localStorage.removeItem(KEY)
    return null
  } catch {
    return 'The browser would not store the history (its storage is full).'
  }
}
