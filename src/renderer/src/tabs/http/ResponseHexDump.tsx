// A hex dump for response bodies of megabytes: like ui/HexView (offsets, hex, ASCII, a highlighted field, click a
// byte to find its field) but each row is a few runs of text instead of a box per byte. A row of 16 byte boxes is
// ~70 layout objects, and laying out a screenful of them held a loaded page for tens of milliseconds; a row of text
// runs is a dozen. Which byte was clicked is read from the caret position in the monospaced text.
import { useEffect, useRef, type MouseEvent, type ReactNode } from 'react'
import { HEX_ROW_HEIGHT, scrollRowIntoView, type HexHighlight } from '../../ui/HexView'
import { VirtualList } from '../../ui/VirtualList'

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).toUpperCase().padStart(2, '0'))
const BYTES_PER_ROW = 16

export interface ResponseHexDumpProps {
  bytes: Uint8Array
  highlight?: HexHighlight | null
  onByteClick?: (offset: number) => void
  /** Scrolls the row holding this offset into view whenever the request object changes. */
  reveal?: { offset: number } | null
  /** Sized to its content up to this many rows (scrolling beyond), instead of filling its container. */
  maxRows?: number
  label: string
  testId?: string
}

/** What follows byte `o` of a row in the hex column: a space, two after the eighth, none after the last. */
const sepAfter = (o: number, start: number, end: number): string => (o === end - 1 ? '' : (o - start) % 8 === 7 ? '  ' : ' ')

function hexText(bytes: Uint8Array, from: number, to: number, start: number, end: number): string {
  let s = ''
  for (let o = from; o < to; o++) s += HEX[bytes[o]!] + sepAfter(o, start, end)
  return s
}

function asciiText(bytes: Uint8Array, from: number, to: number): string {
  let s = ''
  for (let o = from; o < to; o++) {
    const b = bytes[o]!
    s += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.'
  }
  return s
}

/** The byte under a caret at `index` of a hex run that starts at byte `from` (a separator belongs to the byte before). */
function byteAtHexIndex(index: number, from: number, to: number, start: number, end: number): number {
  let p = 0
  for (let o = from; o < to; o++) {
    p += 2 + sepAfter(o, start, end).length
    if (index < p) return o
  }
  return to - 1
}

/** The row's bytes cut where the highlight's framing and content begin and end: at most four runs per column. */
function runs(start: number, end: number, h: HexHighlight | null | undefined): { from: number; to: number; cls: string }[] {
  if (!h) return [{ from: start, to: end, cls: '' }]
  const hs = h.offset
  const cs = h.offset + (h.headerLength ?? 0)
  const ce = h.offset + h.length
  const cuts = [start, ...[hs, cs, ce].filter((x) => x > start && x < end), end].sort((a, b) => a - b)
  const out: { from: number; to: number; cls: string }[] = []
  for (let i = 0; i < cuts.length - 1; i++) {
    const from = cuts[i]!
    const to = cuts[i + 1]!
    if (from === to) continue
    out.push({ from, to, cls: from >= hs && from < cs ? 'hx-h' : from >= cs && from < ce ? 'hx-c' : '' })
  }
  return out
}

export function ResponseHexDump({ bytes, highlight, onByteClick, reveal, maxRows, label, testId }: ResponseHexDumpProps) {
  const wrap = useRef<HTMLDivElement>(null)
  const digits = Math.max(4, bytes.length.toString(16).length)
  const rows = Math.ceil(bytes.length / BYTES_PER_ROW)
  const style = maxRows ? { height: Math.max(1, Math.min(rows, maxRows)) * HEX_ROW_HEIGHT + 2, flex: 'none' } : undefined

  useEffect(() => {
    if (reveal) requestAnimationFrame(() => scrollRowIntoView(wrap.current, Math.floor(reveal.offset / BYTES_PER_ROW), HEX_ROW_HEIGHT))
  }, [reveal])

  const onClick = (e: MouseEvent<HTMLDivElement>) => {
    if (!onByteClick) return
    const caret = document.caretRangeFromPoint?.(e.clientX, e.clientY)
    const run = (caret?.startContainer.parentElement ?? (e.target as HTMLElement)).closest<HTMLElement>('[data-from]')
    if (!run || !caret) return
    const from = Number(run.dataset.from)
    const to = Number(run.dataset.to)
    const start = from - (from % BYTES_PER_ROW)
    const end = Math.min(bytes.length, start + BYTES_PER_ROW)
    const off = run.dataset.col === 'a' ? Math.min(to - 1, from + caret.startOffset) : byteAtHexIndex(caret.startOffset, from, to, start, end)
    onByteClick(off)
  }

  const renderRow = (row: number): ReactNode => {
    const start = row * BYTES_PER_ROW
    const end = Math.min(bytes.length, start + BYTES_PER_ROW)
    const parts = runs(start, end, highlight)
    return (
      <div className="hex-row">
        <span className="hex-off">{start.toString(16).padStart(digits, '0')}</span>
        <span className="resp-hexdump-bytes">
          {parts.map((p) => (
            <span key={p.from} className={p.cls || undefined} data-from={p.from} data-to={p.to} data-col="h">
              {hexText(bytes, p.from, p.to, start, end)}
            </span>
          ))}
        </span>
        <span className="resp-hexdump-ascii">
          {parts.map((p) => (
            <span key={p.from} className={p.cls || undefined} data-from={p.from} data-to={p.to} data-col="a">
              {asciiText(bytes, p.from, p.to)}
            </span>
          ))}
        </span>
      </div>
    )
  }

  return (
    <div className={`hexview resp-hexdump ${onByteClick ? 'clickable' : ''}`} ref={wrap} onClick={onClick} style={style}>
      <VirtualList label={label} testId={testId} count={rows} rowHeight={HEX_ROW_HEIGHT} renderRow={renderRow} />
    </div>
  )
}
