// TLS 1.2 and TLS 1.3 side by side for the same host: the request of the Walk section walked twice, once per version,
// and summed up as a learner compares them — round trips before the request can go, handshake messages, their bytes,
// the time, whether the certificate travelled in clear — with each handshake drawn as its flights.
import type { ReactNode } from 'react'
import { useStore } from '../../app/store'
import { ErrorBox } from '../../ui/ErrorBox'
import { cancelCompare, runCompare, show } from './actions'
import { walkStore, type CompareSide } from './store'
import { formatBytes, formatMs, summarizeHandshake, type HandshakeSummary } from './walk-view'

const ROWS: { label: string; explain: string; value: (h: HandshakeSummary) => ReactNode }[] = [
  { label: 'Version', explain: 'What the ServerHello chose (RFC 8446 §4.2.1 supported_versions for 1.3).', value: (h) => h.version },
  { label: 'Cipher suite', explain: 'TLS 1.3 suites name only the AEAD and hash; 1.2 suites name the key exchange and signature too (RFC 8446 §B.4, RFC 5246 §A.5).', value: (h) => h.cipher },
  { label: 'Key exchange group', explain: 'The (EC)DHE group both ends used (RFC 8446 §4.2.7).', value: (h) => h.group },
  { label: 'Round trips before the request', explain: 'Client flights the server had to answer before the first request byte: 1 in TLS 1.3 (RFC 8446 §2), 2 in TLS 1.2 (RFC 5246 §7.3); a HelloRetryRequest adds one.', value: (h) => h.roundTrips },
  { label: 'Handshake messages', explain: 'Handshake messages before the request; ChangeCipherSpec is counted apart (a record, not a handshake message).', value: (h) => `${h.messages}${h.changeCipherSpecs ? ` + ${h.changeCipherSpecs} ChangeCipherSpec` : ''}` },
  { label: 'Handshake bytes', explain: 'The handshake messages’ own bytes (4-byte headers included); records add 5 bytes each, and 17 more when encrypted in TLS 1.3.', value: (h) => formatBytes(h.bytes) },
  { label: 'Handshake time', explain: 'From the ClientHello to the last Finished, on this machine’s clock.', value: (h) => (h.handshakeMs === null ? '—' : formatMs(h.handshakeMs)) },
  { label: 'ClientHello → request', explain: 'When the first request byte could go.', value: (h) => (h.toRequestMs === null ? '—' : formatMs(h.toRequestMs)) },
  { label: 'Whole walkthrough', explain: 'From the first DNS question (or the connect) to the last byte.', value: (h) => formatMs(h.totalMs) },
  { label: 'Certificate sent', explain: 'TLS 1.3 encrypts everything after the ServerHello, the certificate included (RFC 8446 §2); TLS 1.2 sends it in clear for anyone on the path to read.', value: (h) => (h.certificateEncrypted === null ? 'none' : h.certificateEncrypted ? 'encrypted' : 'in clear') },
  { label: 'Decrypted here', explain: 'Every encrypted record opened with the key log.', value: (h) => (h.decrypted ? 'yes' : 'no') }
]

function Side({ side, name }: { side: CompareSide; name: string }) {
  if (side === null) return <p className="small muted">{name}: waiting…</p>
  if ('error' in side) return <ErrorBox error={side.error} />
  const h = summarizeHandshake(side.walk)
  return (
    <div className="walk-flights" data-testid={`walk-flights-${name.replace(/\W/g, '')}`}>
      <ol>
        {h.flights.map((f, i) => (
          <li key={i} className={`walk-flight from-${f.from}`}>
            <span className="walk-flight-dir">{f.from === 'client' ? 'client → server' : 'server → client'}</span>
            <span>{f.titles.join(', ')}</span>
          </li>
        ))}
      </ol>
      <button type="button" className="small-button" onClick={() => show(side.walk)}>
        Step through the {name} walkthrough
      </button>
    </div>
  )
}

export function CompareSection() {
  const form = useStore(walkStore, (s) => s.form)
  const compare = useStore(walkStore, (s) => s.compare)
  const job = useStore(walkStore, (s) => s.compareJob)
  const error = useStore(walkStore, (s) => s.compareError)
  const h12 = compare?.tls12 && 'walk' in compare.tls12 ? summarizeHandshake(compare.tls12.walk) : null
  const h13 = compare?.tls13 && 'walk' in compare.tls13 ? summarizeHandshake(compare.tls13.walk) : null
  return (
    <div className="walk-compare">
      <div className="card">
        <h3>TLS 1.2 and TLS 1.3, side by side, for the same host</h3>
        <p className="small">
          Walks <span className="mono">{form.url || '(no URL)'}</span>
          {form.address.trim() ? ` at ${form.address.trim()}` : ''} twice, offering only TLS 1.2 and then only TLS 1.3, with the other settings of the Walk section. A server that does not offer a version says so in
          its alert.
        </p>
        <div className="walk-row">
          {job ? (
            <button type="button" onClick={cancelCompare} disabled={!job.handle}>
              Cancel
            </button>
          ) : (
            <button type="button" className="primary" onClick={() => void runCompare()}>
              Walk with TLS 1.2 and with TLS 1.3
            </button>
          )}
          {job ? (
            <span className="small muted" role="status">
              {compare?.tls12 ? 'TLS 1.3: ' : 'TLS 1.2: '}
              {job.progress?.message ?? 'recording…'}
            </span>
          ) : null}
        </div>
        <ErrorBox error={error} onDismiss={() => walkStore.set({ compareError: null })} />
      </div>
      {compare ? (
        <div className="card" data-testid="walk-compare">
          <table className="small-table walk-compare-table">
            <thead>
              <tr>
                <th scope="col">What</th>
                <th scope="col">TLS 1.2</th>
                <th scope="col">TLS 1.3</th>
              </tr>
            </thead>
            <tbody>
              {ROWS.map((r) => (
                <tr key={r.label}>
                  <th scope="row" title={r.explain}>
                    {r.label}
                    <span className="walk-compare-explain">{r.explain}</span>
                  </th>
                  <td className="mono">{h12 ? r.value(h12) : '—'}</td>
                  <td className="mono">{h13 ? r.value(h13) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="walk-compare-sides">
            <div>
              <h4>TLS 1.2 handshake, flight by flight</h4>
              <Side side={compare.tls12} name="TLS 1.2" />
            </div>
            <div>
              <h4>TLS 1.3 handshake, flight by flight</h4>
              <Side side={compare.tls13} name="TLS 1.3" />
            </div>
          </div>
        </div>
      ) : null}
    </div>
  )
}
