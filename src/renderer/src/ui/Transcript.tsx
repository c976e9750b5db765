// A stream's transcript in two views: text (escaped, line by line) and hex (offset, 16 bytes, ASCII), each
// virtualized; every entry shows its time, direction and byte count.
import { useEffect, useMemo, useRef, type ReactNode } from 'react'
import type { Entry, StreamState } from '../app/streams'
import { clockTime, DIR_LABEL, textLines, type TextMatch } from './transcript-lines'
import { VirtualList } from './VirtualList'
import './transcript.css'

export type TranscriptMode = 'text' | 'hex'
const ROW = 20
const HEX_PER_ROW = 16

interface RowModel {
  /** rows before each entry */
  starts: number[]
  total: number
}

/** What a search found, and which of its matches is the current one (scrolled into view, marked apart). */
export interface TranscriptSearch {
  matches: TextMatch[]
  current: number
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
  return { starts, total }
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

/** The first match on or after a row (matches are in row order). */
function firstMatchFrom(matches: TextMatch[], row: number): number {
  let lo = 0
  let hi = matches.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if ((matches[mid] as TextMatch).row < row) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** One shown line with its matches wrapped in <mark>; the current match carries its own class. */
function highlighted(line: string, row: number, search: TranscriptSearch | undefined): ReactNode {
  if (!search || search.matches.length === 0) return line
  let i = firstMatchFrom(search.matches, row)
  const parts: ReactNode[] = []
  let at = 0
  for (; i < search.matches.length && (search.matches[i] as TextMatch).row === row; i++) {
    const m = search.matches[i] as TextMatch
    if (m.start > at) parts.push(line.slice(at, m.start))
    parts.push(
      <mark key={i} className={i === search.current ? 't-match t-match-current' : 't-match'}>
        {line.slice(m.start, m.end)}
      </mark>
    )
    at = m.end
  }
  if (parts.length === 0) return line
  parts.push(line.slice(at))
  return parts
}
const DIR_TITLE = { in: 'received', out: 'sent', info: 'event' } as const

export function Transcript({ stream, mode, label, search }: { stream: StreamState; mode: TranscriptMode; label: string; search?: TranscriptSearch }) {
  const { entries } = stream
  const m = useMemo(() => model(entries, mode), [entries, mode])
  const box = useRef<HTMLDivElement>(null)
  const currentRow = mode === 'text' ? search?.matches[search.current]?.row : undefined
  useEffect(() => {
    // The list owns its scrolling; moving its scrollTop brings the current match into view and it renders those rows.
    const list = box.current?.querySelector<HTMLElement>('.vlist')
    if (!list || currentRow === undefined) return
    const top = currentRow * ROW
    if (top < list.scrollTop || top + ROW > list.scrollTop + list.clientHeight) list.scrollTop = Math.max(0, top - list.clientHeight / 2)
    // Not on every arrival of data: a live stream must not keep yanking the view back to the match.
  }, [currentRow, search?.current])
  if (entries.length === 0) {
    return <div className="transcript-empty">Nothing sent or received yet.</div>
  }
  return (
    <div ref={box} className="transcript-box">
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
            <span className="t-time">{head ? clockTime(entry.t) : ''}</span>
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
              <span className="t-text">{entry.peer && head ? <span className="t-peer">{entry.peer} </span> : null}{highlighted(textLines(entry)[sub] ?? '', row, search)}</span>
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
    </div>
  )
}
