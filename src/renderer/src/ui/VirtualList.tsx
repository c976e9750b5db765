// A fixed-row-height virtual list: renders only the rows in view, so 10,000 rows or a 50 MB hex dump scroll
// as smoothly as ten. Optionally sticks to the bottom while new rows arrive (a live transcript).
import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react'

export interface VirtualListProps {
  count: number
  rowHeight: number
  renderRow: (index: number) => ReactNode
  overscan?: number
  stickToBottom?: boolean
  className?: string
  label?: string
  testId?: string
}

export function VirtualList({ count, rowHeight, renderRow, overscan = 8, stickToBottom = false, className, label, testId }: VirtualListProps) {
  const ref = useRef<HTMLDivElement>(null)
  const [scrollTop, setScrollTop] = useState(0)
  const [height, setHeight] = useState(400)
  const atBottom = useRef(true)

  useEffect(() => {
    const el = ref.current
    if (!el) return
    // The observer reports the first height itself, after the first layout and before paint; reading clientHeight
    // here would force the layout of the whole page inside the task that mounts the list (~50 ms for a walk of a
    // thousand rows).
    const observer = new ResizeObserver(() => setHeight(el.clientHeight))
    observer.observe(el)
    return () => observer.disconnect()
  }, [])

  useLayoutEffect(() => {
    const el = ref.current
    if (el && stickToBottom && atBottom.current) {
      el.scrollTop = el.scrollHeight
      setScrollTop(el.scrollTop)
    }
  }, [count, stickToBottom])

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan)
  const last = Math.min(count, Math.ceil((scrollTop + height) / rowHeight) + overscan)
  const rows: ReactNode[] = []
  for (let i = first; i < last; i++) {
    rows.push(
      <div key={i} className="vrow" style={{ top: i * rowHeight, height: rowHeight }} role="row" aria-rowindex={i + 1}>
        {renderRow(i)}
      </div>
    )
  }
  return (
    <div
      ref={ref}
      className={`vlist ${className ?? ''}`}
      role="grid"
      aria-label={label}
      aria-rowcount={count}
      data-testid={testId}
      tabIndex={0}
      onScroll={(e) => {
        const el = e.currentTarget
        atBottom.current = el.scrollTop + el.clientHeight >= el.scrollHeight - rowHeight
        setScrollTop(el.scrollTop)
      }}
    >
      <div className="vlist-inner" style={{ height: count * rowHeight }}>
        {rows}
      </div>
    </div>
  )
}
