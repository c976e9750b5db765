// The certificate as DER: the ASN.1 tree beside the bytes. Selecting a node highlights its bytes (header darker
// than content); clicking a byte selects the deepest node that contains it.
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react'
import type { WireError } from '../../../../shared/errors'
import type { Asn1Tree, Asn1TreeNode } from '../../../../shared/x509/types'
import { ErrorBox } from '../../ui/ErrorBox'
import { VirtualList } from '../../ui/VirtualList'
import { inspectCertificate } from './inspect'
import { pemToDer } from './model'

const TREE_ROW = 22
const HEX_ROW = 20
const PER_ROW = 16

interface Row {
  node: Asn1TreeNode
  depth: number
  path: string
}

const end = (n: Asn1TreeNode) => n.offset + n.headerLength + n.length

function defaultExpanded(tree: Asn1Tree): Set<string> {
  const out = new Set<string>()
  const all = tree.nodeCount <= 400
  const walk = (n: Asn1TreeNode, path: string, depth: number) => {
    if (!n.children?.length) return
    if (all || depth < 3) out.add(path)
    n.children.forEach((c, i) => walk(c, `${path}.${i}`, depth + 1))
  }
  walk(tree.root, '0', 0)
  return out
}

function flatten(root: Asn1TreeNode, expanded: Set<string>): Row[] {
  const rows: Row[] = []
  const walk = (node: Asn1TreeNode, path: string, depth: number) => {
    rows.push({ node, depth, path })
    if (node.children && expanded.has(path)) node.children.forEach((c, i) => walk(c, `${path}.${i}`, depth + 1))
  }
  walk(root, '0', 0)
  return rows
}

function nodeAt(root: Asn1TreeNode, path: string): Asn1TreeNode | null {
  let node: Asn1TreeNode | undefined = root
  for (const part of path.split('.').slice(1)) node = node?.children?.[Number(part)]
  return node ?? null
}

/** The path of the deepest node whose bytes include `offset`. */
function deepestAt(root: Asn1TreeNode, offset: number): string | null {
  if (offset < root.offset || offset >= end(root)) return null
  let node = root
  let path = '0'
  for (;;) {
    const i: number = node.children?.findIndex((c) => offset >= c.offset && offset < end(c)) ?? -1
    if (i < 0) return path
    node = node.children![i]!
    path = `${path}.${i}`
  }
}

function ancestors(path: string): string[] {
  const parts = path.split('.')
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('.'))
}

function scrollListTo(wrap: HTMLElement | null, top: number, rowHeight: number) {
  const list = wrap?.querySelector<HTMLElement>('.vlist')
  if (!list) return
  if (top < list.scrollTop || top + rowHeight > list.scrollTop + list.clientHeight) list.scrollTop = Math.max(0, top - list.clientHeight / 3)
}

const hex2 = (b: number) => b.toString(16).toUpperCase().padStart(2, '0')

export function Asn1View({ certPem }: { certPem: string }) {
  const [tree, setTree] = useState<Asn1Tree | null>(null)
  const [error, setError] = useState<WireError | null>(null)
  const [expanded, setExpanded] = useState<Set<string>>(new Set())
  const [selected, setSelected] = useState<string>('0')
  const treeWrap = useRef<HTMLDivElement>(null)
  const hexWrap = useRef<HTMLDivElement>(null)
  const der = useMemo(() => pemToDer(certPem), [certPem])

  useEffect(() => {
    let live = true
    void inspectCertificate(certPem).then((r) => {
      if (!live) return
      if (r.ok) {
        setTree(r.value.asn1)
        setExpanded(defaultExpanded(r.value.asn1))
      } else setError(r.error)
    })
    return () => {
      live = false
    }
  }, [certPem])

  const rows = useMemo(() => (tree ? flatten(tree.root, expanded) : []), [tree, expanded])
  const node = tree ? nodeAt(tree.root, selected) : null

  const selectPath = (path: string, from: 'tree' | 'hex') => {
    setSelected(path)
    if (!tree) return
    const opened = new Set(expanded)
    for (const a of ancestors(path)) opened.add(a)
    if (opened.size !== expanded.size) setExpanded(opened)
    const n = nodeAt(tree.root, path)
    // Scroll the other pane to what was picked in this one.
    requestAnimationFrame(() => {
      if (from === 'hex') {
        const index = flatten(tree.root, opened).findIndex((r) => r.path === path)
        if (index >= 0) scrollListTo(treeWrap.current, index * TREE_ROW, TREE_ROW)
      } else if (n) {
        scrollListTo(hexWrap.current, Math.floor(n.offset / PER_ROW) * HEX_ROW, HEX_ROW)
      }
    })
  }

  const toggle = (path: string) => {
    const next = new Set(expanded)
    if (next.has(path)) next.delete(path)
    else next.add(path)
    setExpanded(next)
  }

  const onTreeKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const i = rows.findIndex((r) => r.path === selected)
    const row = rows[i]
    if (!row) return
    let target: string | null = null
    if (e.key === 'ArrowDown') target = rows[Math.min(rows.length - 1, i + 1)]?.path ?? null
    else if (e.key === 'ArrowUp') target = rows[Math.max(0, i - 1)]?.path ?? null
    else if (e.key === 'ArrowRight' && row.node.children?.length && !expanded.has(row.path)) toggle(row.path)
    else if (e.key === 'ArrowLeft') {
      if (expanded.has(row.path)) toggle(row.path)
      else target = ancestors(row.path).pop() ?? null
    } else return
    e.preventDefault()
    if (target) {
      selectPath(target, 'tree')
      const index = rows.findIndex((r) => r.path === target)
      requestAnimationFrame(() => scrollListTo(treeWrap.current, index * TREE_ROW, TREE_ROW))
    }
  }

  const onHexClick = (e: MouseEvent<HTMLDivElement>) => {
    const off = (e.target as HTMLElement).closest<HTMLElement>('[data-off]')?.dataset.off
    if (off === undefined || !tree) return
    const path = deepestAt(tree.root, Number(off))
    if (path) selectPath(path, 'hex')
  }

  if (error) return <ErrorBox error={error} />
  if (!der) return <ErrorBox error={{ code: 'INVALID_PEM', message: 'The certificate’s PEM could not be decoded in the page.' }} />
  if (!tree) {
    return (
      <div className="busy-line" role="status">
        <span className="spinner" aria-hidden="true" /> Reading the ASN.1 structure…
      </div>
    )
  }

  const hs = node ? node.offset : -1
  const cs = node ? node.offset + node.headerLength : -1
  const ce = node ? end(node) : -1

  return (
    <div className="asn1-view" data-testid="asn1-view">
      <div className="asn1-status small">
        {node ? (
          <span data-testid="asn1-selection">
            <strong>{node.name}</strong> at byte {node.offset}: {node.headerLength}-byte header + {node.length.toLocaleString('en-US')}-byte value (bytes{' '}
            {node.offset}–{ce - 1})
          </span>
        ) : null}
        <span className="spacer" />
        <span className="muted">
          {tree.nodeCount.toLocaleString('en-US')} nodes · {der.length.toLocaleString('en-US')} bytes{tree.truncated ? ' · tree cut short at the node limit' : ''}
        </span>
      </div>
      <div className="asn1-panes">
        <div className="asn1-tree" ref={treeWrap} onKeyDown={onTreeKey}>
          <VirtualList
            label="ASN.1 tree"
            testId="asn1-tree"
            count={rows.length}
            rowHeight={TREE_ROW}
            renderRow={(i) => {
              const r = rows[i]!
              const hasKids = !!r.node.children?.length
              const open = expanded.has(r.path)
              return (
                <div
                  className={`asn1-row ${r.path === selected ? 'selected' : ''}`}
                  style={{ paddingLeft: 6 + r.depth * 14 }}
                  onClick={() => selectPath(r.path, 'tree')}
                  title={r.node.preview ?? r.node.name}
                  data-path={r.path}
                >
                  <button
                    className={`asn1-caret ${hasKids ? '' : 'leaf'}`}
                    tabIndex={-1}
                    aria-label={hasKids ? (open ? 'Collapse' : 'Expand') : undefined}
                    aria-hidden={!hasKids}
                    onClick={(e) => {
                      e.stopPropagation()
                      if (hasKids) toggle(r.path)
                    }}
                  >
                    {hasKids ? (open ? '▾' : '▸') : ''}
                  </button>
                  <span className={`asn1-name ${r.node.encapsulates ? 'encaps' : ''}`} title={r.node.encapsulates ? 'Its value is itself DER, decoded below it' : undefined}>
                    {r.node.name}
                  </span>
                  {r.node.preview ? <span className="asn1-preview">{r.node.preview}</span> : null}
                  <span className="asn1-len">{r.node.length}</span>
                </div>
              )
            }}
          />
        </div>
        <div className="asn1-hex" ref={hexWrap} onClick={onHexClick}>
          <VirtualList
            label="DER bytes"
            testId="asn1-hex"
            count={Math.ceil(der.length / PER_ROW)}
            rowHeight={HEX_ROW}
            renderRow={(row) => {
              const start = row * PER_ROW
              const cells = []
              const ascii = []
              for (let o = start; o < Math.min(der.length, start + PER_ROW); o++) {
                const b = der[o]!
                const cls = o >= hs && o < cs ? 'hx-h' : o >= cs && o < ce ? 'hx-c' : ''
                cells.push(
                  <span key={o} data-off={o} className={`hx ${cls} ${(o - start) % 8 === 7 ? 'gap' : ''}`}>
                    {hex2(b)}
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
                  <span className="hex-off">{start.toString(16).padStart(5, '0')}</span>
                  <span className="hex-bytes">{cells}</span>
                  <span className="hex-ascii">{ascii}</span>
                </div>
              )
            }}
          />
        </div>
      </div>
      <p className="muted small asn1-help">Click a node to highlight its bytes (header darker), or click a byte to find the field it belongs to. Arrow keys move in the tree.</p>
    </div>
  )
}
