// Connections: open a client, start a server or use UDP on the left; what is open, in detail, on the right. All
// state lives in ./store, so the tab can unmount and come back as it was.
import { useEffect } from 'react'
import { closeHeld, heldStore, refreshHeld } from '../../app/held'
import { useStore } from '../../app/store'
import { useStream } from '../../app/streams'
import { Segmented } from '../../ui/Segmented'
import { ClientForm } from './ClientForm'
import { ConnectionView } from './ConnectionView'
import { HeldByMain } from './HeldByMain'
import { ServerForm } from './ServerForm'
import { ServerView } from './ServerView'
import { UdpForm } from './UdpForm'
import { StreamPanel } from './StreamPanel'
import { connectionState, itemDetail, itemTitle, type OpenItem } from './model'
import { addItem, connectionsStore, removeItem, type Mode } from './store'

const STATE_DOTS = { open: 'dot-ready', half: 'dot-connecting', closed: 'dot-closed' } as const

function ItemButton({ item, active, onSelect, onClose }: { item: OpenItem; active: boolean; onSelect: () => void; onClose: () => void }) {
  const stream = useStream(item.kind === 'server' ? null : item.id)
  // Closed as soon as either says so: the stream's own event, or main's list no longer holding it.
  const held = useStore(heldStore, (s) => !s.loaded || s.servers.some((v) => v.id === item.id) || s.connections.some((c) => c.id === item.id) || s.udp.some((u) => u.id === item.id))
  const { state, words } = connectionState(stream, held)
  const detail = [itemDetail(item), state === 'open' ? null : words].filter(Boolean).join(' · ')
  const detailId = `open-item-${item.id}-detail`
  // The name stays the title (what people and tests look for); the row's detail tells same-titled rows apart.
  return (
    <li className={`open-item ${active ? 'active' : ''}`}>
      <button className="open-item-main" onClick={onSelect} aria-current={active} aria-label={itemTitle(item)} aria-describedby={detail ? detailId : undefined} data-state={state}>
        <span className={`dot ${STATE_DOTS[state]}`} aria-hidden="true" title={words} />
        <span className="open-item-text">
          <span className="open-item-title">{itemTitle(item)}</span>
          {detail ? (
            <span className="open-item-detail" id={detailId}>
              {detail}
            </span>
          ) : null}
        </span>
      </button>
      <button className="link" onClick={onClose} aria-label={`Close ${itemTitle(item)}`} title={item.kind === 'server' ? 'Stop server' : 'Close'}>
        ×
      </button>
    </li>
  )
}

const MODES: [Mode, string][] = [
  ['client', 'Client'],
  ['server', 'Server'],
  ['udp', 'UDP']
]

export function ConnectionsTab() {
  const mode = useStore(connectionsStore, (s) => s.mode)
  const items = useStore(connectionsStore, (s) => s.items)
  const selected = useStore(connectionsStore, (s) => s.selected)
  // Main is the truth for what is open: ask it each time the tab appears.
  useEffect(() => void refreshHeld(), [])

  const select = (id: string | null) => connectionsStore.set({ selected: id })
  const close = (item: OpenItem) => {
    removeItem(item.id)
    void closeHeld(item)
  }
  const current = items.find((i) => i.id === selected) ?? null

  return (
    <div className="connections">
      <aside className="sidebar">
        <Segmented wide label="What to open" options={MODES} value={mode} onChange={(id) => connectionsStore.set({ mode: id })} />
        {mode === 'client' ? <ClientForm onConnected={(info) => addItem({ kind: 'conn', id: info.id, info })} /> : null}
        {mode === 'server' ? <ServerForm onStarted={(info) => addItem({ kind: 'server', id: info.id, info })} /> : null}
        {mode === 'udp' ? <UdpForm onBound={(info) => addItem({ kind: 'udp', id: info.id, info })} /> : null}
        <h2 className="section-title">Open</h2>
        {items.length === 0 ? (
          <p className="muted small">Nothing open yet. Start an echo server, then connect to it.</p>
        ) : (
          <ul className="open-list" aria-label="Open connections and servers">
            {items.map((item) => (
              <ItemButton key={item.id} item={item} active={item.id === selected} onSelect={() => select(item.id)} onClose={() => close(item)} />
            ))}
          </ul>
        )}
        <HeldByMain />
      </aside>
      <section className="content" aria-label="Details">
        {current === null ? (
          <div className="empty-state">
            <h2>Sockets, ports and servers</h2>
            <p>
              A TCP connection is two addresses and two ports. Start a server on 127.0.0.1 (port 0 lets the OS pick a free one), connect to it,
              and watch each byte go out and come back — as text or hex — with the ephemeral port the OS gave your client.
            </p>
          </div>
        ) : current.kind === 'conn' ? (
          <ConnectionView key={current.id} info={current.info} />
        ) : current.kind === 'server' ? (
          <ServerView key={current.id} info={current.info} />
        ) : (
          <div className="detail" key={current.id}>
            <p data-testid="udp-bound">
              UDP socket bound to {current.info.address} port {current.info.port}
            </p>
            {current.info.warning ? <div className="warning">{current.info.warning}</div> : null}
            <StreamPanel streamId={current.id} title="Datagrams received" />
          </div>
        )}
      </section>
    </div>
  )
}
