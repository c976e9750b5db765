// The response's span tree beside its bytes, like DissectionView, plus two things the response needs: a selection
// asked for from outside (a finding picked in Findings selects the bytes it points at), and the selected field's
// explanation with its RFC under the status line.
import { useEffect, useMemo, useState } from 'react'
import { type Span, innermostAt, spanAtPath, spanEnd } from '../../../../shared/dissect/span'
import { ByteTree, ancestorKeys } from '../../ui/ByteTree'
import { SelectionText } from '../../ui/DissectionView'
import { ResponseHexDump } from './ResponseHexDump'

/** A request to select the bytes [offset, offset + length); `seq` tells a new request from one handled. */
export interface BytePick {
  offset: number
  length: number
  seq: number
}

const pathOf = (key: string): number[] => key.split('.').map(Number)

/** The deepest span holding the whole range, so a finding on one field selects that field. */
export function pathOfRange(spans: readonly Span[], offset: number, end: number): number[] | undefined {
  const path: number[] = []
  let list: readonly Span[] | undefined = spans
  while (list?.length) {
    const i: number = list.findIndex((s) => s.offset <= offset && spanEnd(s) >= end)
    if (i < 0) break
    path.push(i)
    list = list[i]!.children
  }
  return path.length ? path : undefined
}

/** Spans opened at first: levels up to `maxDepth` (-1: none, so a list of frames shows as a list), ~400 rows at most. */
function defaultExpanded(spans: readonly Span[], maxDepth: number): Set<string> {
  const out = new Set<string>()
  let budget = 400
  const walk = (list: readonly Span[], prefix: string, depth: number) =>
    list.forEach((s, i) => {
      const key = prefix ? `${prefix}.${i}` : String(i)
      if (!s.children?.length || depth > maxDepth || budget <= 0) return
      budget -= s.children.length
      out.add(key)
      walk(s.children, key, depth + 1)
    })
  walk(spans, '', 0)
  return out
}

export interface ResponseDissectionProps {
  bytes: Uint8Array
  spans: readonly Span[]
  testIdPrefix: string
  summary: string
  pick?: BytePick | null
  treeLabel: string
  hexLabel: string
  /** Deepest level opened at first (default 2; -1 opens none). */
  expandDepth?: number
}

export function ResponseDissection({ bytes, spans, testIdPrefix, summary, pick, treeLabel, hexLabel, expandDepth = 2 }: ResponseDissectionProps) {
  const [expanded, setExpanded] = useState(() => defaultExpanded(spans, expandDepth))
  const [selected, setSelected] = useState<string | null>(spans.length ? '0' : null)
  const [revealTree, setRevealTree] = useState<{ key: string } | null>(null)
  const [revealHex, setRevealHex] = useState<{ offset: number } | null>(null)
  const span = useMemo(() => (selected === null ? undefined : spanAtPath(spans, pathOf(selected))), [spans, selected])

  const select = (key: string, from: 'tree' | 'hex' | 'outside') => {
    setSelected(key)
    const missing = ancestorKeys(key).filter((a) => !expanded.has(a))
    if (missing.length) setExpanded((prev) => new Set([...prev, ...missing]))
    if (from !== 'tree') setRevealTree({ key })
    if (from !== 'hex') {
      const s = spanAtPath(spans, pathOf(key))
      if (s) setRevealHex({ offset: s.offset })
    }
  }

  useEffect(() => {
    if (!pick) return
    const path = pathOfRange(spans, pick.offset, pick.offset + Math.max(1, pick.length))
    if (path) select(path.join('.'), 'outside')
  }, [pick?.seq, spans])

  const toggle = (key: string) =>
    setExpanded((prev) => {
      const next = new Set(prev)
      if (next.has(key)) next.delete(key)
      else next.add(key)
      return next
    })

  return (
    <div className="dissection" data-testid={`${testIdPrefix}-view`}>
      <div className="dissection-status small">
        {span ? (
          <span data-testid={`${testIdPrefix}-selection`}>
            <SelectionText span={span} />
          </span>
        ) : null}
        <span className="spacer" />
        <span className="muted">{summary}</span>
      </div>
      {span?.explain ? (
        <p className="muted small resp-explain" data-testid={`${testIdPrefix}-explain`}>
          {span.explain}
        </p>
      ) : null}
      <div className="dissection-panes">
        <ByteTree spans={spans} expanded={expanded} selected={selected} onSelect={(key) => select(key, 'tree')} onToggle={toggle} reveal={revealTree} label={treeLabel} testId={`${testIdPrefix}-tree`} />
        <ResponseHexDump
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
