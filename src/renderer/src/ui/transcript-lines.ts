// A transcript entry as the lines the text view shows, shared by the view, its search and "save as text", so what
// a search finds is exactly what the user sees and what a saved file holds.
import { toDisplayText } from '../../../shared/bytes'
import type { Entry } from '../app/streams'

/** Characters per shown line before it wraps. */
export const TEXT_WRAP = 160

const cache = new WeakMap<Entry, string[]>()

/** The shown lines of one entry: bytes as escaped text, line endings and tabs made visible, long lines wrapped. */
export function textLines(entry: Entry): string[] {
  let lines = cache.get(entry)
  if (lines) return lines
  if (entry.dir === 'info') lines = [entry.note ?? '']
  else {
    const out: string[] = []
    const raw = toDisplayText(entry.bytes).split('\n')
    raw.forEach((line, i) => {
      // Line endings and tabs are bytes too: show them as escapes rather than hide them.
      const shown = line.replace(/\t/g, '\\t').replace(/\r$/, '\\r') + (i < raw.length - 1 ? '\\n' : '')
      if (shown === '' && i === raw.length - 1 && i > 0) return
      for (let o = 0; o < Math.max(1, shown.length); o += TEXT_WRAP) out.push(shown.slice(o, o + TEXT_WRAP))
    })
    if (entry.length > entry.bytes.length) out.push(`… ${entry.length - entry.bytes.length} more bytes not shown`)
    lines = out
  }
  cache.set(entry, lines)
  return lines
}

export function clockTime(t: number): string {
  const d = new Date(t)
  return `${d.toTimeString().slice(0, 8)}.${String(d.getMilliseconds()).padStart(3, '0')}`
}

export const DIR_LABEL = { in: '←', out: '→', info: '•' } as const

/** The whole transcript as plain text, one line per shown line, each entry headed by its time, direction and size. */
export function transcriptAsText(entries: readonly Entry[]): string {
  const out: string[] = []
  for (const e of entries) {
    const head = `${clockTime(e.t)} ${DIR_LABEL[e.dir]} ${e.dir === 'info' ? '' : `${e.length} B`}`.trimEnd()
    const lines = textLines(e)
    out.push(`${head}  ${lines[0] ?? ''}`)
    for (const l of lines.slice(1)) out.push(`${' '.repeat(head.length)}  ${l}`)
  }
  return out.join('\n') + (out.length ? '\n' : '')
}

/** The raw bytes of one direction (or both, in wire order), as kept by the page. */
export function transcriptBytes(entries: readonly Entry[], dir: 'in' | 'out' | 'both'): Uint8Array {
  const parts = entries.filter((e) => e.dir !== 'info' && (dir === 'both' || e.dir === dir))
  const out = new Uint8Array(parts.reduce((n, e) => n + e.bytes.length, 0))
  let at = 0
  for (const e of parts) {
    out.set(e.bytes, at)
    at += e.bytes.length
  }
  return out
}

export interface TextMatch {
  /** The text-view row it sits on, and where on that row. */
  row: number
  start: number
  end: number
}

/** Searching stops counting here: a count of 10,000+ answers the question as well as 1,234,567 would. */
export const MAX_MATCHES = 10_000

/** Per entry, the hits of the last query as [line, start] pairs: a live stream re-searches only what is new. */
const hitCache = new WeakMap<Entry, { needle: string; hits: number[] }>()

function hitsIn(entry: Entry, needle: string): number[] {
  const cached = hitCache.get(entry)
  if (cached?.needle === needle) return cached.hits
  const hits: number[] = []
  textLines(entry).forEach((line, i) => {
    const hay = line.toLowerCase()
    for (let at = hay.indexOf(needle); at >= 0 && hits.length < MAX_MATCHES * 2; at = hay.indexOf(needle, at + needle.length)) hits.push(i, at)
  })
  hitCache.set(entry, { needle, hits })
  return hits
}

/** Every case-insensitive occurrence of `query` in the text view's rows, in order, up to MAX_MATCHES. */
export function findInTranscript(entries: readonly Entry[], query: string): TextMatch[] {
  const matches: TextMatch[] = []
  if (!query) return matches
  const needle = query.toLowerCase()
  let row = 0
  for (const e of entries) {
    const hits = hitsIn(e, needle)
    for (let i = 0; i < hits.length; i += 2) {
      const start = hits[i + 1] as number
      matches.push({ row: row + (hits[i] as number), start, end: start + needle.length })
      if (matches.length >= MAX_MATCHES) return matches
    }
    row += textLines(e).length
  }
  return matches
}
