import { useState } from 'react'
import { api } from '../../app/api'
import { ClientForm } from './ClientForm'
import { ConnectionView } from './ConnectionView'
import { ServerForm } from './ServerForm'
import { ServerView } from './ServerView'
import { UdpForm } from './UdpForm'
import { StreamPanel } from './StreamPanel'
import { itemTitle, type OpenItem } from './model'
import { useStream } from '../../app/streams'

type Mode = 'client' | 'server' | 'udp'

function ItemButton({ item, active, onSelect, onClose }: { item: OpenItem; active: boolean; onSelect: () => void; onClose: () => void }) {
  const stream = useStream(item.kind === 'server' ? null : item.id)
  const closed = item.kind === 'conn' && stream.closed !== null
  return (
    <li className={`open-item ${active ? 'active' : ''}`}>
      <button className="open-item-main" onClick={onSelect} aria-current={active}>
        <span className={`dot ${closed ? 'dot-closed' : 'dot-ready'}`} aria-hidden="true" />
        <span className="open-item-title">{itemTitle(item)}</span>
      </button>
      <button className="link" onClick={onClose} aria-label={`Close ${itemTitle(item)}`} title={item.kind === 'server' ? 'Stop server' : 'Close'}>
        ×
      </button>
    </li>
  )
}

/** Connections: open a client, start a server or use UDP on the left; what is open, in detail, on the right. */
export function ConnectionsTab() {
  const [mode, setMode] = useState<Mode>('client')
  const [items, setItems] = useState<OpenItem[]>([])
  const [selected, setSelected] = useState<string | null>(null)

  const add = (item: OpenItem) => {
    setItems((prev) => [item, ...prev])
    setSelected(item.id)
  }
  const close = (item: OpenItem) => {
    if (item.kind === 'conn') void api.call('tcp.close', { id: item.id })
    if (item.kind === 'server') void api.call('server.stop', { id: item.id })
    if (item.kind === 'udp') void api.call('udp.close', { id: item.id })
    setItems((prev) => prev.filter((i) => i.id !== item.id))
    if (selected === item.id) setSelected(null)
  }
  const current = items.find((i) => i.id === selected) ?? null

  return (
    <div className="connections">
      <aside className="sidebar">
        <div className="segmented wide" role="radiogroup" aria-label="What to open">
          {(
            [
              ['client', 'Client'],
              ['server', 'Server'],
              ['udp', 'UDP']
            ] as const
          ).map(([id, label]) => (
            <button key={id} role="radio" aria-checked={mode === id} className={mode === id ? 'on' : ''} onClick={() => setMode(id)}>
              {label}
            </button>
          ))}
        </div>
        {mode === 'client' ? <ClientForm onConnected={(info) => add({ kind: 'conn', id: info.id, info })} /> : null}
        {mode === 'server' ? <ServerForm onStarted={(info) => add({ kind: 'server', id: info.id, info })} /> : null}
        {mode === 'udp' ? <UdpForm onBound={(info) => add({ kind: 'udp', id: info.id, info })} /> : null}
        <h2 className="section-title">Open</h2>
        {items.length === 0 ? (
          <p className="muted small">Nothing open yet. Start an echo server, then connect to it.</p>
        ) : (
          <ul className="open-list" aria-label="Open connections and servers">
            {items.map((item) => (
              <ItemButton key={item.id} item={item} active={item.id === selected} onSelect={() => setSelected(item.id)} onClose={() => close(item)} />
            ))}
          </ul>
        )}
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
