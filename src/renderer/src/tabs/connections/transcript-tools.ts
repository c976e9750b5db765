// What the transcript toolbar remembers per stream (the search typed, the current match), outside any component so
// a tab switch keeps it, and how it hands a transcript to the user (a download, the clipboard).
import { createStore } from '../../app/store'

export interface TranscriptToolState {
  query: string
  current: number
  /** Which bytes "Save .bin" writes. */
  binDir: 'in' | 'out' | 'both'
}

export const BLANK_TOOLS: TranscriptToolState = { query: '', current: 0, binDir: 'in' }

export const transcriptTools = createStore({} as Record<string, TranscriptToolState>)

export function updateTools(streamId: string, patch: Partial<TranscriptToolState>): void {
  transcriptTools.set((s) => ({ ...s, [streamId]: { ...(s[streamId] ?? BLANK_TOOLS), ...patch } }))
}

/** A file name that says what and when: wirebench-127.0.0.1-8080-20261201-093412.txt */
export function fileNameFor(title: string, ext: string, now = new Date()): string {
  const slug = title.replace(/[^A-Za-z0-9.]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'transcript'
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)
  return `wirebench-${slug}-${stamp}.${ext}`
}

/** Saves through the browser's download (Electron asks where); the object URL lives only as long as the click. */
export function download(name: string, data: Uint8Array | string, type: string): void {
  const url = URL.createObjectURL(new Blob([data as BlobPart], { type }))
  const a = document.createElement('a')
  a.href = url
  a.download = name
  a.click()
  setTimeout(() => URL.revokeObjectURL(url), 30_000)
}
