// WebSocket client: open one or several WebSockets (RFC 6455), see the upgrade and its 101 byte for byte, every frame
// both ways with its bytes, send text/binary/ping/pong, and close with a code in words. State in ./ws-store, fed by
// one app-lifetime event subscription, so frames that arrive while this tab is hidden are kept.
import { useEffect } from 'react'
import { closeCodeWords } from '../../../../shared/http/ws-frames'
import { useStore } from '../../app/store'
import { ErrorBox } from '../../ui/ErrorBox'
import { WsComposer } from './WsComposer'
import { WsConnectForm } from './WsConnectForm'
import { WsFrames } from './WsFrames'
import { WsHandshake } from './WsHandshake'
import { forget, refreshFromMain, wireWs, wsStore, type WsConn } from './ws-store'
import './ws.css'

function stateWords(c: WsConn): string {
  if (c.closed) return c.closed.code !== null ? `closed ${c.closed.code}` : 'closed'
  return c.info.state
}

function ConnList() {
  const order = useStore(wsStore, (s) => s.order)
  const conns = useStore(wsStore, (s) => s.conns)
  const active = useStore(wsStore, (s) => s.active)
  if (!order.length) return <p className="muted small">No WebSockets yet. Several can be open at once; each is listed here.</p>
  return (
    <ul className="ws-conns" aria-label="WebSockets" data-testid="ws-conns">
      {order.map((id) => {
        const c = conns[id]!
        return (
          <li key={id} className={id === active ? 'ws-conn active' : 'ws-conn'}>
            <button type="button" className="ws-conn-main" aria-current={id === active} onClick={() => wsStore.set({ active: id })}>
              <span className={`ws-state ${c.closed ? 'closed' : c.info.state}`}>{stateWords(c)}</span>
              <span className="mono ws-conn-url">{c.info.url}</span>
              <span className="muted small">{(c.dropped + c.frames.length).toLocaleString('en-US')} frame{c.dropped + c.frames.length === 1 ? '' : 's'}</span>
            </button>
            {c.closed ? (
              <button type="button" className="link" aria-label={`Forget ${c.info.url}`} title="Remove from the list" onClick={() => forget(id)}>
                ×
              </button>
            ) : null}
          </li>
        )
      })}
    </ul>
  )
}

function Closed({ c }: { c: NonNullable<WsConn['closed']> }) {
  return (
    <div className={`ws-closed ${c.error || (c.code !== null && c.code !== 1000) ? 'bad' : ''}`} data-testid="ws-closed" role="status">
      <div>
        <strong>Closed</strong>
        {c.code !== null ? ` with ${c.code}: ${closeCodeWords(c.code)}` : `: ${closeCodeWords(null)}`}
        {c.reason ? ` — reason “${c.reason}”` : ''}
      </div>
      {c.error ? <ErrorBox error={c.error} /> : null}
    </div>
  )
}

export function WsPanel() {
  const conn = useStore(wsStore, (s) => (s.active ? s.conns[s.active] ?? null : null))
  useEffect(() => {
    wireWs()
    void refreshFromMain()
  }, [])
  return (
    <div className="ws-panel" data-testid="ws-panel">
      <div className="ws-side">
        <WsConnectForm />
        <div className="card">
          <h3>Open and recent WebSockets</h3>
          <ConnList />
        </div>
      </div>
      <div className="ws-main">
        {conn ? (
          <>
            <div className="ws-title">
              <span className="mono">{conn.info.url}</span>
              <span className={`ws-state ${conn.closed ? 'closed' : conn.info.state}`} data-testid="ws-state">
                {stateWords(conn)}
              </span>
            </div>
            {conn.closed ? <Closed c={conn.closed} /> : null}
            <WsHandshake info={conn.info} />
            {conn.closed ? null : <WsComposer open={conn.info.state === 'open'} />}
          </>
        ) : (
          <div className="card ws-intro">
            <h3>What you will see</h3>
            <p className="small">
              The upgrade request as sent (GET with Upgrade: websocket, Connection: Upgrade, a random Sec-WebSocket-Key) and the server’s 101 Switching Protocols as received, with the Sec-WebSocket-Accept check (RFC 6455 §4). Then every
              frame both ways: FIN, opcode, mask, length and payload, with its bytes (§5.2). Pings are answered with pongs automatically; close codes are said in words (§7.4.1).
            </p>
          </div>
        )}
      </div>
      {/* Frames below both columns, the full width: the byte tree needs room, and the side column ends early. */}
      {conn ? (
        <div className="ws-wide">
          <WsFrames conn={conn} />
        </div>
      ) : null}
    </div>
  )
}
