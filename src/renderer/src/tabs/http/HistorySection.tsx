// The requests sent lately (this machine only, in localStorage): click one to put it back in the editor; export the
// ones this session still has answers for as HAR; clear them all.
import { useState } from 'react'
import { useStore } from '../../app/store'
import { clearHistory, exportHar, restore } from './actions'
import { httpStore } from './store'

const firstLine = (raw: string): string => raw.split(/\r?\n/, 1)[0]!.slice(0, 200)

export function HistorySection() {
  const history = useStore(httpStore, (s) => s.history)
  const exchanges = useStore(httpStore, (s) => s.exchanges)
  const [note, setNote] = useState<string | null>(null)
  const withResults = history.filter((h) => exchanges[h.id]).length
  return (
    <section className="card http-history" aria-label="History">
      <div className="http-row">
        <h3>History</h3>
        <span className="small muted">
          The last {history.length} request{history.length === 1 ? '' : 's'} (at most 100), kept on this machine only.
        </span>
        <span className="grow" />
        <button type="button" className="small-button" disabled={!withResults} onClick={() => setNote(`Exported ${exportHar('history')} exchanges as HAR 1.2.`)}>
          Export HAR ({withResults} with answers this session)
        </button>
        <button type="button" className="small-button" disabled={!history.length} onClick={() => {
            clearHistory()
            setNote(null)
          }}>
          Clear history
        </button>
      </div>
      {note ? <p className="small muted" role="status">{note}</p> : null}
      {history.length === 0 ? <p className="muted small">Nothing sent yet. Requests appear here as you send them.</p> : null}
      <ol className="http-history-list" data-testid="http-history">
        {history.map((h) => (
          <li key={h.id}>
            <button type="button" className="http-history-item" onClick={() => restore(h)} title="Put this request back in the editor">
              <span className="mono http-history-line">{firstLine(h.raw) || '(request too large to keep)'}</span>
              <span className="mono muted">
                {h.target.tls ? 'https' : 'http'}://{h.target.host}:{h.target.port}
                {h.target.address ? ` → ${h.target.address}` : ''}
              </span>
              <span className={h.error ? 'http-bad' : 'http-status'}>{h.error ? h.error : `${h.status} ${h.statusWords ?? ''}`}</span>
              <span className="muted small">
                {new Date(h.at).toLocaleTimeString('en-GB')}
                {h.totalMs !== undefined ? ` · ${h.totalMs.toFixed(1)} ms` : ''}
              </span>
            </button>
          </li>
        ))}
      </ol>
    </section>
  )
}
