// A dissection shown as its span tree beside its bytes, selectable both ways: pick a node to highlight its bytes
// (framing darker), click a byte to select the innermost span holding it. Any protocol's dissector feeds it.
import { useMemo, useState, type ReactNode } from 'react'
import { type Span, innermostAt, spanAtPath } from '../../../shared/dissect/span'
import { ByteTree, ancestorKeys } from './ByteTree'
import { HexView } from './HexView'
import { grouped } from './numbers'
import './ui.css'

export interface DissectionViewProps {
  bytes: Uint8Array
  spans: readonly Span[]
  /** Prefix of the test ids: `<prefix>-tree`, `<prefix>-hex`, `<prefix>-selection`. */
  testIdPrefix: string
  /** Shown at the right of the status line (counts, limits). */
  summary?: ReactNode
  treeLabel?: string
  hexLabel?: string
}

function countSpans(spans: readonly Span[]): number {
  let n = 0
  for (const s of spans) n += 1 + (s.children ? countSpans(s.children) : 0)
  return n
}

/** Everything open when the tree is small; the first three levels when it is large. */
function defaultExpanded(spans: readonly Span[]): Set<string> {
  const out = new Set<string>()
  const all = countSpans(spans) <= 400
  const walk = (list: readonly Span[], prefix: string, depth: number) =>
    list.forEach((s, i) => {
      const key = prefix ? `${prefix}.${i}` : String(i)
      if (!s.children?.length) return
      if (all || depth < 3) out.add(key)
      walk(s.children, key, depth + 1)
    })
  walk(spans, '', 0)
  return out
}

const pathOf = (key: string): number[] => key.split('.').map(Number)

export function SelectionText({ span }: { span: Span }) {
  const last = span.offset + span.length - 1
  const header = span.headerLength ?? 0
  const size = header
    ? `${header}-byte header + ${grouped(span.length - header)}-byte value`
    : `${grouped(span.length)} bytes`
  return (
    <>
      <strong>{span.name}</strong> at byte {span.offset}: {size}
      {span.length > 0 ? ` (bytes ${span.offset}–${last})` : ''}
      {span.value ? <span className="muted"> · {span.value}</span> : null}
    </>
  )
}

export function DissectionView({ bytes, spans, testIdPrefix, summary, treeLabel = 'Structure', hexLabel = 'Bytes' }: DissectionViewProps) {
  const [expanded, setExpanded] = useState(() => defaultExpanded(spans))
  const [selected, setSelected] = useState<string | null>(spans.length ? '0' : null)
  const [revealTree, setRevealTree] = useState<{ key: string } | null>(null)
  const [revealHex, setRevealHex] = useState<{ offset: number } | null>(null)
  const span = useMemo(() => (selected === null ? undefined : spanAtPath(spans, pathOf(selected))), [spans, selected])

  const select = (key: string, from: 'tree' | 'hex') => {
    setSelected(key)
    const missing = ancestorKeys(key).filter((a) => !expanded.has(a))
    if (missing.length) setExpanded(new Set([...expanded, ...missing]))
    if (from === 'hex') setRevealTree({ key })
    else {
      const s = spanAtPath(spans, pathOf(key))
      if (s) setRevealHex({ offset: s.offset })
    }
  }

  const toggle = (key: string) => {
    const next = new Set(expanded)
    if (next.has(key)) next.delete(key)
    else next.add(key)
    setExpanded(next)
  }

  return (
    <div className="dissection" data-testid={`${testIdPrefix}-view`}>
      <div className="dissection-status small">
        {span ? (
          <span data-testid={`${testIdPrefix}-selection`}>
            <SelectionText span={span} />
          </span>
        ) : null}
        <span className="spacer" />
        {summary ? <span className="muted">{summary}</span> : null}
      </div>
      <div className="dissection-panes">
        <ByteTree
          spans={spans}
          expanded={expanded}
          selected={selected}
          onSelect={(key) => select(key, 'tree')}
          onToggle={toggle}
          reveal={revealTree}
          label={treeLabel}
          testId={`${testIdPrefix}-tree`}
        />
        <HexView
          bytes={bytes}
          highlight={span ?? null}
          reveal={revealHex}
          label={hexLabel}
          testId={`${testIdPrefix}-hex`}
          onByteClick={(offset) => {
            const path = innermostAt(spans, offset)
            if (path) select(path.join('.'), 'hex')
          }}
        />
      </div>
    </div>
  )
}
