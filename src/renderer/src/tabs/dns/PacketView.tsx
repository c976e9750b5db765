// The raw DNS message: its span tree beside its bytes, both ways (pick a node → its bytes; click a byte → its
// span), and selectable from outside, so clicking a record in the answer table selects that record's bytes.
import { useEffect, useMemo, useState } from 'react'
import { type Span, spanAtPath, spanEnd } from '../../../../shared/dissect/span'
import { ByteTree, ancestorKeys } from '../../ui/ByteTree'
import { SelectionText } from '../../ui/DissectionView'
import { HexView } from '../../ui/HexView'
import { grouped } from './dns-words'

/** A request to select the span covering a byte range (a record: owner name to end of RDATA). */
export interface PickRequest {
  offset: number
  end: number
  seq: number
}

const pathOf = (key: string): number[] => key.split('.').map(Number)

/** The deepest span that holds the whole range [offset, end); the walk stops at the deepest exact match. */
export function pathOfRange(spans: readonly Span[], offset: number, end: number): number[] | undefined {
  const path: number[] = []
  let list: readonly Span[] | undefined = spans
  while (list?.length) {
    const i = list.findIndex((s) => s.offset <= offset && spanEnd(s) >= end)
    if (i < 0) break
    path.push(i)
    const s: Span = list[i]!
    // An exact match ends the walk unless a child is exact too (a section holding one record spans the same bytes).
    if (s.offset === offset && spanEnd(s) === end && !s.children?.some((c) => c.offset === offset && spanEnd(c) === end)) break
    list = s.children
  }
  return path.length ? path : undefined
}

/**
 * The field a clicked byte belongs to: the innermost span holding it, except that the walk stops where several
 * children hold it (bit fields such as the header's QR…RCODE, each spanning the same two bytes): a byte cannot
 * choose one bit, so their parent (Flags) is picked and its bits stay reachable from the tree.
 */
export function fieldAtByte(spans: readonly Span[], offset: number): number[] | undefined {
  const path: number[] = []
  let list: readonly Span[] | undefined = spans
  while (list?.length) {
    const holders: number[] = list.flatMap((s, i) => (offset >= s.offset && offset < spanEnd(s) ? [i] : []))
    if (holders.length !== 1 && path.length) break
    const i: number | undefined = holders[0]
    if (i === undefined) break
    path.push(i)
    list = list[i]!.children
  }
  return path.length ? path : undefined
}

function defaultExpanded(spans: readonly Span[]): Set<string> {
  const out = new Set<string>()
  let budget = 300
  const walk = (list: readonly Span[], prefix: string, depth: number) =>
    list.forEach((s, i) => {
      const key = prefix ? `${prefix}.${i}` : String(i)
      if (!s.children?.length || depth > 1 || budget <= 0) return
      budget -= s.children.length
      out.add(key)
      walk(s.children, key, depth + 1)
    })
  walk(spans, '', 0)
  return out
}

export function PacketView({ bytes, spans, pick, testIdPrefix = 'dns-packet' }: { bytes: Uint8Array; spans: readonly Span[]; pick?: PickRequest | null; testIdPrefix?: string }) {
  const [expanded, setExpanded] = useState(() => defaultExpanded(spans))
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
    const path = pathOfRange(spans, pick.offset, pick.end)
    if (path) select(path.join('.'), 'outside')
  }, [pick?.seq])

  const toggle = (key: string) =>
    setExpanded((prev) => {
      const next = new Set(prev)
      if (next.has(key)) next.delete(key)
      else next.add(key)
      return next
    })

  return (
    <div className="dissection dns-packet" data-testid={`${testIdPrefix}-view`}>
      <div className="dissection-status small">
        {span ? (
          <span data-testid={`${testIdPrefix}-selection`}>
            <SelectionText span={span} />
          </span>
        ) : null}
        <span className="spacer" />
        <span className="muted">{grouped(bytes.length)} bytes · click a byte to find its field</span>
      </div>
      {span?.explain ? <p className="muted small dns-explain">{span.explain}</p> : null}
      <div className="dissection-panes">
        <ByteTree
          spans={spans}
          expanded={expanded}
          selected={selected}
          onSelect={(key) => select(key, 'tree')}
          onToggle={toggle}
          reveal={revealTree}
          label="DNS message structure"
          testId={`${testIdPrefix}-tree`}
        />
        <HexView
          bytes={bytes}
          highlight={span ?? null}
          reveal={revealHex}
          label="DNS message bytes"
          testId={`${testIdPrefix}-hex`}
          onByteClick={(offset) => {
            const path = fieldAtByte(spans, offset)
            if (path) select(path.join('.'), 'hex')
          }}
        />
      </div>
    </div>
  )
}
