// The opened list: one fixed-height row per item, virtualized, so a bundle of 10,000 certificates scrolls like ten.
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react'
import { VirtualList } from '../../ui/VirtualList'
import { KIND_BADGE, entryTitle, expiryBadge, type Entry } from './model'
import { useCertStore } from './store'

const ROW_HEIGHT = 50

function matches(entry: Entry, q: string): boolean {
  const it = entry.item
  const hay =
    it.kind === 'certificate'
      ? `${it.certificate.subject.text} ${it.certificate.issuer.text} ${it.certificate.subjectAltNames.map((n) => n.value).join(' ')} ${it.certificate.serial}`
      : it.kind === 'csr'
        ? it.csr.subject.text
        : entryTitle(entry)
  return `${hay} ${entry.source} ${KIND_BADGE[it.kind].label}`.toLowerCase().includes(q)
}

export function ItemRow({ entry, number, active, onSelect }: { entry: Entry; number: number; active: boolean; onSelect: () => void }) {
  const it = entry.item
  const badge = KIND_BADGE[it.kind]
  const isCA = it.kind === 'certificate' && it.certificate.isCA
  const expiry = it.kind === 'certificate' ? expiryBadge(it.certificate.validity) : null
  const sub =
    it.kind === 'certificate'
      ? it.certificate.selfSigned
        ? 'self-signed'
        : `by ${it.certificate.issuer.commonName ?? it.certificate.issuer.text}`
      : it.kind === 'privateKey'
        ? it.key.encrypted
          ? 'encrypted'
          : it.key.format
        : it.kind === 'error'
          ? it.error.code
          : badge.label.toLowerCase()
  return (
    <button className={`cert-row ${active ? 'active' : ''}`} onClick={onSelect} aria-current={active} title={`${badge.label} #${number} from ${entry.source}`}>
      <span className={`kind-badge kind-${it.kind} ${isCA ? 'kind-ca' : ''}`} aria-label={isCA ? 'CA certificate' : badge.label}>
        {isCA ? 'CA' : badge.text}
      </span>
      <span className="cert-row-text">
        <span className="cert-row-line">
          <span className="cert-row-title">{entryTitle(entry)}</span>
          {entry.keyId && it.kind !== 'privateKey' ? (
            <span className="key-dot" title="Its private key is held by Wirebench (never shown to this page)" aria-label="private key available">
              ⚷
            </span>
          ) : null}
        </span>
        <span className="cert-row-line">
          <span className="cert-row-sub">
            <span className="cert-row-num">#{number}</span> {sub} · {entry.source}
          </span>
          {expiry ? <span className={`expiry-badge tone-${expiry.tone}`}>{it.kind === 'certificate' && it.certificate.validity.status === 'expired' ? 'expired' : expiry.text}</span> : null}
        </span>
      </span>
    </button>
  )
}

export function ItemList() {
  const store = useCertStore()
  const [filter, setFilter] = useState('')
  const wrap = useRef<HTMLDivElement>(null)
  const q = filter.trim().toLowerCase()
  // Positions into store.entries of the rows shown.
  const rows = useMemo(() => {
    const out: number[] = []
    store.entries.forEach((e, i) => {
      if (!q || matches(e, q)) out.push(i)
    })
    return out
  }, [store.entries, q])

  const rowsRef = useRef(rows)
  rowsRef.current = rows
  const scrollToRow = (index: number) => {
    const list = wrap.current?.querySelector<HTMLElement>('.vlist')
    if (!list || index < 0) return
    const top = index * ROW_HEIGHT
    if (top < list.scrollTop) list.scrollTop = top
    else if (top + ROW_HEIGHT > list.scrollTop + list.clientHeight) list.scrollTop = top + ROW_HEIGHT - list.clientHeight
  }
  // A newly selected item (just opened, generated or picked elsewhere) is scrolled into view; manual scrolling is
  // left alone otherwise.
  const entriesRef = useRef(store.entries)
  entriesRef.current = store.entries
  useEffect(() => {
    scrollToRow(rowsRef.current.findIndex((i) => entriesRef.current[i]?.uid === store.selected))
  }, [store.selected])

  const move = (e: KeyboardEvent<HTMLDivElement>) => {
    if (!['ArrowDown', 'ArrowUp', 'Home', 'End'].includes(e.key) || rows.length === 0) return
    e.preventDefault()
    const current = rows.findIndex((i) => store.entries[i]?.uid === store.selected)
    let next = current
    if (e.key === 'ArrowDown') next = Math.min(rows.length - 1, current + 1)
    else if (e.key === 'ArrowUp') next = Math.max(0, current - 1)
    else if (e.key === 'Home') next = 0
    else next = rows.length - 1
    const entry = store.entries[rows[next]!]
    if (!entry) return
    store.select(entry.uid)
    scrollToRow(next)
  }

  return (
    <div className="cert-list-wrap" ref={wrap}>
      <div className="cert-list-bar">
        <input
          type="search"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          placeholder="Filter: name, issuer, SAN, serial, file"
          aria-label="Filter opened items"
          spellCheck={false}
        />
      </div>
      <div className="cert-list-count muted small">
        <span data-testid="opened-count">
          {q ? `${rows.length.toLocaleString('en-US')} of ` : ''}
          {store.entries.length.toLocaleString('en-US')} item{store.entries.length === 1 ? '' : 's'}
        </span>
        <span className="spacer" />
        <button className="link-button small" onClick={store.clear}>
          Clear all
        </button>
      </div>
      <div className="cert-list-frame" onKeyDown={move}>
        <VirtualList
          className="cert-list"
          label="Opened items"
          testId="opened-list"
          count={rows.length}
          rowHeight={ROW_HEIGHT}
          renderRow={(r) => {
            const i = rows[r]!
            const entry = store.entries[i]!
            return <ItemRow entry={entry} number={i + 1} active={entry.uid === store.selected} onSelect={() => store.select(entry.uid)} />
          }}
        />
        {rows.length === 0 && q ? <p className="muted small cert-list-none">Nothing matches “{filter}”.</p> : null}
      </div>
    </div>
  )
}
