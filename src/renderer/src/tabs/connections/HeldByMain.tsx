// What main holds for this window, straight from main's lists: the proof that nothing is left open unseen, and a
// way to close each thing even if the page lost track of it.
import { closeHeld, heldItems, heldStore } from '../../app/held'
import { useStore } from '../../app/store'
import { removeItem } from './store'

export function HeldByMain() {
  const servers = useStore(heldStore, (s) => s.servers)
  const connections = useStore(heldStore, (s) => s.connections)
  const udp = useStore(heldStore, (s) => s.udp)
  const websockets = useStore(heldStore, (s) => s.websockets)
  const items = heldItems({ servers, connections, udp, websockets })
  // Two clients to the same server differ only in the local port the OS gave each.
  const localPorts = new Map(connections.map((c) => [c.id, c.localPort]))
  return (
    <section className="held" aria-label="Held by main">
      <h2 className="section-title">
        Held by main <span className="held-count" data-testid="held-count">{items.length}</span>
      </h2>
      {items.length === 0 ? (
        <p className="muted small">Main holds no server, connection or socket for this window.</p>
      ) : (
        <ul className="held-list" data-testid="held-list">
          {items.map((item) => (
            <li key={item.id} className="held-item">
              <span className="mono small">
                {item.label}
                {localPorts.has(item.id) ? <span className="muted" title={`local port ${localPorts.get(item.id)}`}> from :{localPorts.get(item.id)}</span> : null}
              </span>
              <button
                className="link"
                aria-label={`Close ${item.label} in main`}
                title={item.kind === 'server' ? 'Stop server' : 'Close'}
                onClick={() => {
                  // Gone from the page only once main has closed it: until then the port may still answer.
                  void closeHeld(item)
                    .catch(() => undefined)
                    .then(() => removeItem(item.id))
                }}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
