// "What is listening on this port here?" and this machine's listening sockets, each with its bind address in words:
// 127.0.0.1 vs 0.0.0.0 vs :: is the question web developers ask most.
import { useEffect } from 'react'
import { useStore } from '../../app/store'
import { ErrorBox } from '../../ui/ErrorBox'
import { listeningStore, refreshListening } from './listening-store'
import './listening.css'

const hostPort = (address: string, port: number) => (address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`)

/** Listening sockets on this machine, narrowed to `port` when the lookup above holds a port number. */
export function Listening({ port }: { port: number | null }) {
  const { result, error, busy, port: shownPort } = useStore(listeningStore, (s) => s)
  useEffect(() => {
    void refreshListening(port)
  }, [port])
  const sockets = result?.sockets ?? []
  return (
    <section className="card wide listening-card" data-testid="listening" aria-label="Listening here">
      <div className="listening-head">
        <h3>{shownPort === null ? 'Listening on this machine' : `Listening on port ${shownPort} here`}</h3>
        <button onClick={() => void refreshListening(shownPort)} disabled={busy}>
          {busy ? 'Looking…' : 'Refresh'}
        </button>
        {port !== null ? (
          <button onClick={() => void refreshListening(shownPort === null ? port : null)} disabled={busy}>
            {shownPort === null ? `Only port ${port}` : 'Every port'}
          </button>
        ) : null}
      </div>
      <ErrorBox error={error} />
      {result && !result.available ? <p className="muted">{result.reason}</p> : null}
      {result?.available && sockets.length === 0 ? (
        <p data-testid="listening-none">{shownPort === null ? 'Nothing is listening here.' : `Nothing is listening on port ${shownPort} here: a connection to it would be refused.`}</p>
      ) : null}
      {sockets.length ? (
        <table className="small-table listening-table" data-testid="listening-table">
          <thead>
            <tr>
              <th>Protocol</th>
              <th>Bound to</th>
              <th>Who can reach it</th>
              <th>Process</th>
            </tr>
          </thead>
          <tbody>
            {sockets.slice(0, 1000).map((s) => (
              <tr key={`${s.protocol}-${s.inode}-${s.address}-${s.port}`}>
                <td>{s.protocol.toUpperCase()}</td>
                <td className="mono">{hostPort(s.address, s.port)}</td>
                <td className={`reach-${s.reach}`}>{s.words}</td>
                <td className="mono">{s.process ? `${s.process.name} (${s.process.pid})` : <span className="muted">not readable</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {result?.available ? (
        <p className="muted small">
          Read from /proc/net (TCP listeners and bound UDP sockets). The owner shows where this user may read the process’s descriptors
          {result.processSearchCut ? '; the search for owners stopped at its time budget' : ''}. A firewall can narrow who reaches a socket further.
        </p>
      ) : null}
    </section>
  )
}
