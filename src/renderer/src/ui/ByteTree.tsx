// A dissection's span tree: expand, collapse, select with the mouse or the arrow keys. It is controlled (selection
// and expansion live in the caller) so the hex view beside it can select and reveal nodes too.
import { useEffect, useRef, type KeyboardEvent } from 'react'
import type { Span } from '../../../shared/dissect/span'
import { VirtualList } from './VirtualList'
import { scrollRowIntoView } from './HexView'
import './ui.css'

export const TREE_ROW_HEIGHT = 22

/** A node's key is its path of child indexes joined by dots: "0", "0.2", "0.2.1". */
export interface TreeRow {
  span: Span
  key: string
  depth: number
}

export function flattenSpans(spans: readonly Span[], expanded: ReadonlySet<string>): TreeRow[] {
  const rows: TreeRow[] = []
  const walk = (list: readonly Span[], prefix: string, depth: number) => {
    list.forEach((span, i) => {
      const key = prefix ? `${prefix}.${i}` : String(i)
      rows.push({ span, key, depth })
      if (span.children && expanded.has(key)) walk(span.children, key, depth + 1)
    })
  }
  walk(spans, '', 0)
  return rows
}

/** Every ancestor key of a key ("0.2.1" → "0", "0.2"). */
export function ancestorKeys(key: string): string[] {
  const parts = key.split('.')
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('.'))
}

export interface ByteTreeProps {
  spans: readonly Span[]
  expanded: ReadonlySet<string>
  selected: string | null
  onSelect: (key: string) => void
  onToggle: (key: string) => void
  /** Scrolls the row with this key into view whenever the request object changes. */
  reveal?: { key: string } | null
  label?: string
  testId?: string
}

export function ByteTree({ spans, expanded, selected, onSelect, onToggle, reveal, label = 'Structure', testId }: ByteTreeProps) {
  const wrap = useRef<HTMLDivElement>(null)
  const rows = flattenSpans(spans, expanded)

  useEffect(() => {
    if (!reveal) return
    const index = rows.findIndex((r) => r.key === reveal.key)
    if (index >= 0) requestAnimationFrame(() => scrollRowIntoView(wrap.current, index, TREE_ROW_HEIGHT))
  }, [reveal]) // only a new reveal request scrolls, not every re-render

  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const i = rows.findIndex((r) => r.key === selected)
    const row = rows[i]
    if (!row) return
    let target: string | undefined
    if (e.key === 'ArrowDown') target = rows[Math.min(rows.length - 1, i + 1)]?.key
    else if (e.key === 'ArrowUp') target = rows[Math.max(0, i - 1)]?.key
    else if (e.key === 'ArrowRight' && row.span.children?.length && !expanded.has(row.key)) onToggle(row.key)
    else if (e.key === 'ArrowLeft') {
      if (expanded.has(row.key)) onToggle(row.key)
      else target = ancestorKeys(row.key).pop()
    } else return
    e.preventDefault()
    if (target !== undefined) {
      onSelect(target)
      const index = rows.findIndex((r) => r.key === target)
      requestAnimationFrame(() => scrollRowIntoView(wrap.current, index, TREE_ROW_HEIGHT))
    }
  }

  return (
    <div className="bytetree" ref={wrap} onKeyDown={onKey}>
      <VirtualList
        label={label}
        testId={testId}
        count={rows.length}
        rowHeight={TREE_ROW_HEIGHT}
        renderRow={(i) => {
          const r = rows[i]!
          const hasKids = !!r.span.children?.length
          const open = expanded.has(r.key)
          const valueLength = r.span.length - (r.span.headerLength ?? 0)
          return (
            <div
              className={`bt-row ${r.key === selected ? 'selected' : ''}`}
              style={{ paddingLeft: 6 + r.depth * 14 }}
              onClick={() => onSelect(r.key)}
              // The row cuts a long value with an ellipsis; the tooltip carries all of it (and the explanation).
              title={[r.span.value ? `${r.span.name}: ${r.span.value}` : r.span.name, r.span.explain].filter(Boolean).join('\n')}
              data-path={r.key}
              aria-selected={r.key === selected}
            >
              <button
                className={`bt-caret ${hasKids ? '' : 'leaf'}`}
                tabIndex={-1}
                aria-label={hasKids ? (open ? 'Collapse' : 'Expand') : undefined}
                aria-hidden={!hasKids}
                onClick={(e) => {
                  e.stopPropagation()
                  if (hasKids) onToggle(r.key)
                }}
              >
                {hasKids ? (open ? '▾' : '▸') : ''}
              </button>
              <span className="bt-name">{r.span.name}</span>
              {r.span.value ? <span className="bt-value">{r.span.value}</span> : null}
              <span className="bt-len" title={`${valueLength} bytes of value`}>
                {valueLength}
              </span>
            </div>
          )
        }}
      />
    </div>
  )
}
