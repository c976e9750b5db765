// A stream's transcript in two views: text (escaped, line by line) and hex (offset, 16 bytes, ASCII), each
// virtualized; every entry shows its time, direction and byte count.
import { useMemo } from 'react'
import { toDisplayText } from '../../../shared/bytes'
import type { Entry, StreamState } from '../app/streams'
import { VirtualList } from './VirtualList'

export type TranscriptMode = 'text' | 'hex'
const ROW = 20
const TEXT_WRAP = 160
const HEX_PER_ROW = 16

interface RowModel {
  /** rows before each entry */
  starts: number[]
  total: number
  linesOf: (entry: Entry) => string[]
}

const textCache = new WeakMap<Entry, string[]>()
function textLines(entry: Entry): string[] {
  let lines = textCache.get(entry)
  if (!lines) {
    if (entry.dir === 'info') lines = [entry.note ?? '']
    else {
      lines = []
      const text = toDisplayText(entry.bytes)
      const raw = text.split('\n')
      raw.forEach((line, i) => {
        // Line endings and tabs are bytes too: show them as escapes rather than hide them.
        const shown = line.replace(/\t/g, '\\t').replace(/\r$/, '\\r') + (i < raw.length - 1 ? '\\n' : '')
        if (shown === '' && i === raw.length - 1 && i > 0) return
        for (let o = 0; o < Math.max(1, shown.length); o += TEXT_WRAP) lines!.push(shown.slice(o, o + TEXT_WRAP))
      })
      if (entry.length > entry.bytes.length) lines.push(`… ${entry.length - entry.bytes.length} more bytes not shown`)
    }
    textCache.set(entry, lines)
  }
  return lines
}

function hexRowCount(entry: Entry): number {
  if (entry.dir === 'info') return 1
  return Math.max(1, Math.ceil(entry.bytes.length / HEX_PER_ROW)) + (entry.length > entry.bytes.length ? 1 : 0)
}

function hexRow(entry: Entry, row: number): { hex: string; ascii: string; offset: string } {
  const start = row * HEX_PER_ROW
  const slice = entry.bytes.subarray(start, start + HEX_PER_ROW)
  let hex = ''
  let ascii = ''
  for (let i = 0; i < HEX_PER_ROW; i++) {
    if (i === 8) hex += ' '
    const b = slice[i]
    hex += b === undefined ? '   ' : b.toString(16).padStart(2, '0') + ' '
    if (b !== undefined) ascii += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.'
  }
  return { hex, ascii, offset: start.toString(16).padStart(8, '0') }
}

function model(entries: Entry[], mode: TranscriptMode): RowModel {
  const starts: number[] = new Array(entries.length)
  let total = 0
  for (let i = 0; i < entries.length; i++) {
    starts[i] = total
    const e = entries[i] as Entry
    total += mode === 'text' ? textLines(e).length : hexRowCount(e)
  }
  return { starts, total, linesOf: textLines }
}

function entryAt(starts: number[], row: number): number {
  let lo = 0
  let hi = starts.length - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if ((starts[mid] as number) <= row) lo = mid
    else hi = mid - 1
  }
  return lo
}

function time(t: number): string {
  const d = new Date(t)
  return `${d.toTimeString().slice(0, 8)}.${String(d.getMilliseconds()).padStart(3, '0')}`
}

const DIR_LABEL = { in: '←', out: '→', info: '•' } as const
const DIR_TITLE = { in: 'received', out: 'sent', info: 'event' } as const

export function Transcript({ stream, mode, label }: { stream: StreamState; mode: TranscriptMode; label: string }) {
  const { entries } = stream
  const m = useMemo(() => model(entries, mode), [entries, mode])
  if (entries.length === 0) {
    return <div className="transcript-empty">Nothing sent or received yet.</div>
  }
  return (
    <VirtualList
      className={`transcript transcript-${mode}`}
      label={label}
      testId={`transcript-${mode}`}
      count={m.total}
      rowHeight={ROW}
      stickToBottom
      renderRow={(row) => {
        const index = entryAt(m.starts, row)
        const entry = entries[index] as Entry
        const sub = row - (m.starts[index] as number)
        const head = sub === 0
        const meta = (
          <>
            <span className="t-time">{head ? time(entry.t) : ''}</span>
            <span className={`t-dir t-${entry.dir}`} title={DIR_TITLE[entry.dir]}>
              {head ? DIR_LABEL[entry.dir] : ''}
            </span>
            <span className="t-len">{head && entry.dir !== 'info' ? `${entry.length} B` : ''}</span>
          </>
        )
        if (entry.dir === 'info') {
          return (
            <div className="t-row t-info-row">
              {meta}
              <span className="t-note">{entry.note}</span>
            </div>
          )
        }
        if (mode === 'text') {
          return (
            <div className={`t-row t-${entry.dir}-row`}>
              {meta}
              <span className="t-text">{entry.peer && head ? <span className="t-peer">{entry.peer} </span> : null}{textLines(entry)[sub]}</span>
            </div>
          )
        }
        const rows = Math.max(1, Math.ceil(entry.bytes.length / HEX_PER_ROW))
        if (sub >= rows) {
          return (
            <div className={`t-row t-${entry.dir}-row`}>
              {meta}
              <span className="t-note">… {entry.length - entry.bytes.length} more bytes not shown</span>
            </div>
          )
        }
        const r = hexRow(entry, sub)
        return (
          <div className={`t-row t-${entry.dir}-row`}>
            {meta}
            <span className="t-offset">{r.offset}</span>
            <span className="t-hex">{r.hex}</span>
            <span className="t-ascii">{r.ascii}</span>
          </div>
        )
      }}
    />
  )
}
