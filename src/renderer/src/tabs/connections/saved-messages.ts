// Messages the user named to send again in one click (a request line, a handshake, a ping), kept in localStorage so
// they outlive the window; bounded in count and size so they never crowd the page's storage.
import type { PayloadInput } from '../../../../shared/contract'
import { createStore } from '../../app/store'

export interface SavedMessage {
  name: string
  format: 'text' | 'hex'
  lineEnding: 'none' | 'lf' | 'crlf'
  data: string
}

const KEY = 'wirebench.savedMessages'
export const MAX_SAVED = 50
export const MAX_SAVED_CHARS = 64 * 1024

function load(): SavedMessage[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(KEY) ?? '[]')
    if (!Array.isArray(parsed)) return []
    return parsed
      .filter((m): m is SavedMessage => typeof m?.name === 'string' && typeof m?.data === 'string' && (m.format === 'text' || m.format === 'hex') && ['none', 'lf', 'crlf'].includes(m.lineEnding))
      .slice(0, MAX_SAVED)
  } catch {
    return []
  }
}

export const savedMessages = createStore({ list: typeof localStorage === 'undefined' ? [] : load() })

function persist(list: SavedMessage[]): string | null {
  try {
    localStorage.setItem(KEY, JSON.stringify(list))
  } catch {
    return 'The browser would not store it (its storage is full).'
  }
  savedMessages.set({ list })
  return null
}

/** Saves (or replaces, by name) a message; answers why not in words when it cannot. */
export function saveMessage(message: SavedMessage): string | null {
  const name = message.name.trim()
  if (!name) return 'Give the message a name.'
  if (name.length > 60) return 'A name is at most 60 characters.'
  if (!message.data) return 'There is nothing to save: type the message first.'
  if (message.data.length > MAX_SAVED_CHARS) return `A saved message is at most ${MAX_SAVED_CHARS / 1024} KiB; this one is ${Math.ceil(message.data.length / 1024)} KiB.`
  const list = savedMessages.get().list.filter((m) => m.name !== name)
  if (list.length >= MAX_SAVED) return `At most ${MAX_SAVED} messages are kept; remove one first.`
  return persist([...list, { ...message, name }])
}

export function removeMessage(name: string): void {
  persist(savedMessages.get().list.filter((m) => m.name !== name))
}

export function payloadOf(m: SavedMessage): PayloadInput {
  return { format: m.format, data: m.data, lineEnding: m.format === 'text' ? m.lineEnding : 'none' }
}
