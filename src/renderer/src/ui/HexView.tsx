// One byte array as offsets, hex and ASCII, virtualized so a megabyte scrolls like a line. A highlighted range shows
// its framing darker than its content; clicking a byte reports its offset, so any dissection can be explored.
import { useEffect, useRef, type MouseEvent } from 'react'
import { VirtualList } from './VirtualList'
import './ui.css'

export const HEX_ROW_HEIGHT = 20

export interface HexHighlight {
  offset: number
  length: number
  /** Leading framing bytes, drawn darker. */
  headerLength?: number
}

export interface HexViewProps {
  bytes: Uint8Array
  highlight?: HexHighlight | null
  onByteClick?: (offset: number) => void
  /** Scrolls the row holding this offset into view whenever the request object changes. */
  reveal?: { offset: number } | null
  bytesPerRow?: number
  /** Sized to its content up to this many rows (scrolling beyond), instead of filling its container. */
  maxRows?: number
  label?: string
  testId?: string
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).toUpperCase().padStart(2, '0'))

/** Scrolls a virtual list so that a row is visible, a third from the top, only when it is out of view. */
export function scrollRowIntoView(wrap: HTMLElement | null, row: number, rowHeight: number): void {
  const list = wrap?.querySelector<HTMLElement>('.vlist')
  if (!list) return
  const top = row * rowHeight
  if (top < list.scrollTop || top + rowHeight > list.scrollTop + list.clientHeight) list.scrollTop = Math.max(0, top - list.clientHeight / 3)
}

export function HexView({ bytes, highlight, onByteClick, reveal, bytesPerRow = 16, maxRows, label = 'Bytes', testId }: HexViewProps) {
  const wrap = useRef<HTMLDivElement>(null)
  const digits = Math.max(4, bytes.length.toString(16).length)
  const hs = highlight ? highlight.offset : -1
  const cs = highlight ? highlight.offset + (highlight.headerLength ?? 0) : -1
  const ce = highlight ? highlight.offset + highlight.length : -1
  const rows = Math.ceil(bytes.length / bytesPerRow)
  const style = maxRows ? { height: Math.max(1, Math.min(rows, maxRows)) * HEX_ROW_HEIGHT + 2, flex: 'none' } : undefined

  useEffect(() => {
    if (reveal) requestAnimationFrame(() => scrollRowIntoView(wrap.current, Math.floor(reveal.offset / bytesPerRow), HEX_ROW_HEIGHT))
  }, [reveal, bytesPerRow])

  const onClick = (e: MouseEvent<HTMLDivElement>) => {
    const off = (e.target as HTMLElement).closest<HTMLElement>('[data-off]')?.dataset.off
    if (off !== undefined) onByteClick?.(Number(off))
  }

  return (
    <div className="hexview" ref={wrap} onClick={onClick} style={style}>
      <VirtualList
        label={label}
        testId={testId}
        count={rows}
        rowHeight={HEX_ROW_HEIGHT}
        renderRow={(row) => {
          const start = row * bytesPerRow
          const cells = []
          const ascii = []
          for (let o = start; o < Math.min(bytes.length, start + bytesPerRow); o++) {
            const b = bytes[o]!
            const cls = o >= hs && o < cs ? 'hx-h' : o >= cs && o < ce ? 'hx-c' : ''
            cells.push(
              <span key={o} data-off={o} className={`hx ${cls} ${(o - start) % 8 === 7 ? 'gap' : ''}`}>
                {HEX[b]}
              </span>
            )
            ascii.push(
              <span key={o} data-off={o} className={cls}>
                {b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.'}
              </span>
            )
          }
          return (
            <div className="hex-row">
              <span className="hex-off">{start.toString(16).padStart(digits, '0')}</span>
              <span className="hex-bytes">{cells}</span>
              <span className="hex-ascii">{ascii}</span>
            </div>
          )
        }}
      />
    </div>
  )
}
