// The opened list: one fixed-height row per item, virtualized, so a bundle of 10,000 certificates scrolls like ten.
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react'
import { api } from '../../app/api'
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

/**
 * "Clear all" means all: with keys in main's vault it asks once whether to forget them too (naming how many, and
 * that a running server keeps its own), instead of leaving keys behind a list that looks empty.
 */
function ClearAllConfirm({ items, keys, onClearList, onForgotten, onClose }: { items: number; keys: number; onClearList: () => void; onForgotten: () => void; onClose: () => void }) {
  const [error, setError] = useState<string | null>(null)
  const clearEverything = async () => {
    const r = await api.call('x509.forgetKeys', {})
    if (!r.ok) {
      setError(r.error.message)
      return
    }
    onClose()
    onClearList()
    onForgotten()
  }
  return (
    <div className="warning" role="alertdialog" aria-label="Clear all" data-testid="clear-all-confirm">
      <p>
        Clear the {items.toLocaleString('en-US')} opened item{items === 1 ? '' : 's'} and forget the {keys.toLocaleString('en-US')} private key
        {keys === 1 ? '' : 's'} Wirebench holds for this window? Forgotten keys cannot be exported or sign anything any more; a server already running
        keeps the key it loaded.
      </p>
      <div className="button-row">
        <button className="primary" onClick={() => void clearEverything()}>
          Clear all and forget {keys === 1 ? 'the key' : `${keys.toLocaleString('en-US')} keys`}
        </button>
        <button
          onClick={() => {
            onClose()
            onClearList()
          }}
        >
          Clear the list, keep the keys
        </button>
        <button onClick={onClose}>Cancel</button>
      </div>
      {error ? <p className="field-error">{error}</p> : null}
    </div>
  )
}

export function ItemList() {
  const store = useCertStore()
  const [filter, setFilter] = useState('')
  const [askingClear, setAskingClear] = useState(false)
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
        <button className="link-button small" onClick={() => (store.vault.length > 0 ? setAskingClear(true) : store.clear())}>
          Clear all
        </button>
      </div>
      {askingClear ? (
        <ClearAllConfirm
          items={store.entries.length}
          keys={store.vault.length}
          onClearList={store.clear}
          onForgotten={store.refreshVault}
          onClose={() => setAskingClear(false)}
        />
      ) : null}
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
