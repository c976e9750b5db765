// The walkthrough at a glance: what was asked and where it went (the DNS answer and why that address, the 4-tuple),
// TLS and HTTP in a line each, the capture note said plainly, the findings, and the exports as downloads (the key
// log, the pcapng and the HTML page — which embeds the key log — carry this connection's secrets, and say so).
import { memo } from 'react'
import type { Walkthrough } from '../../../../shared/walkthrough/model'
import { useStore } from '../../app/store'
import { ErrorBox } from '../../ui/ErrorBox'
import { FindingList } from '../../ui/FindingList'
import { KeyValue, KeyValueGrid } from '../../ui/KeyValue'
import { exportWalk } from './actions'
import { walkStore, type ExportFormat } from './store'
import { grouped } from '../../ui/numbers'
import { formatMs, localTime } from './walk-view'

const EXPORTS: { format: ExportFormat; label: string; title: string }[] = [
  { format: 'json', label: 'JSON', title: 'The walkthrough as data: every step with its bytes, fields and explanation' },
  { format: 'html', label: 'HTML page', title: 'One self-contained page a learner can open anywhere, offline' },
  { format: 'keylog', label: 'Key log', title: 'SSLKEYLOGFILE lines: Wireshark decrypts a capture of this connection with them' },
  { format: 'pcapng', label: 'pcapng', title: 'The captured packets with the key log inside (a Decryption Secrets Block), so Wireshark opens it decrypted' }
]

function Exports({ walk }: { walk: Walkthrough }) {
  const exporting = useStore(walkStore, (s) => s.exporting)
  const error = useStore(walkStore, (s) => s.exportError)
  return (
    <div className="walk-exports">
      <span className="small muted">Export</span>
      {EXPORTS.map((e) => (
        <button key={e.format} type="button" className="small-button" title={e.title} disabled={exporting !== null} onClick={() => void exportWalk(e.format, walk)}>
          {exporting === e.format ? `${e.label}…` : e.label}
        </button>
      ))}
      <span className="small walk-secret-note" data-testid="walk-secret-note">
        The key log, the pcapng and the HTML page hold this connection’s TLS secrets: anyone with them can read everything it carried. Share them only for a test connection.
      </span>
      {walk.capture === 'socket-only' ? <span className="small muted">No packets were captured, so the pcapng holds the secrets and no packets.</span> : null}
      <ErrorBox error={error} onDismiss={() => walkStore.set({ exportError: null })} />
    </div>
  )
}

/** Memoised: stepping re-renders the viewer, never this. */
export const WalkSummary = memo(function WalkSummary({ walk }: { walk: Walkthrough }) {
  return (
    <section className="card walk-summary" aria-label="Walkthrough summary" data-testid="walk-summary">
      <div className="walk-summary-head">
        <h3 className="mono">{walk.url}</h3>
        <span className="small muted">
          {grouped(walk.steps.length)} steps in {formatMs(walk.totalMs)}, made {localTime(walk.startedAt)}
        </span>
        {walk.phases ? (
          <span className="small muted" data-testid="walk-phases" title="Recording: from the start until the whole response was in (DNS, starting the capture, the connection, the request and response with the byte tap and key log on). Explaining: after it, the capture’s flush, decryption, parsing and building the steps, off the main thread.">
            · request recorded in {formatMs(walk.phases.recordMs)}, explained in {formatMs(walk.phases.explainMs)} after it
          </span>
        ) : null}
      </div>
      <KeyValueGrid wideLabels>
        <KeyValue label="DNS">{walk.dns ? `${walk.dns.addresses.join(', ') || 'no address'} from ${walk.dns.resolver} over ${walk.dns.transport}` : 'not looked up: the address was given'}</KeyValue>
        <KeyValue label="Address chosen">{walk.dns ? `${walk.dns.chosen}: ${walk.dns.why}` : walk.remote.address}</KeyValue>
        <KeyValue label="Connection" title="The 4-tuple: local address and ephemeral port, remote address and port (RFC 9293 §3.3.2)">
          {`${walk.local.address}:${walk.local.port} → ${walk.remote.address}:${walk.remote.port}`}
        </KeyValue>
        <KeyValue label="TLS" testId="walk-tls">
          {walk.tls
            ? `${walk.tls.version}, ${walk.tls.cipher}${walk.tls.group ? `, ${walk.tls.group}` : ''}${walk.tls.alpn ? `, ALPN ${walk.tls.alpn}` : ''}${walk.tls.helloRetry ? ', after a HelloRetryRequest' : ''}${walk.tls.resumed ? ', resumed' : ''}`
            : 'none: plain TCP, readable by anyone on the path'}
        </KeyValue>
        {walk.tls ? (
          <KeyValue label="Decrypted">
            {walk.tls.decrypted ? <span className="good">yes: every encrypted record was opened with the key log</span> : <span className="bad">no{walk.tls.decryptNote ? `: ${walk.tls.decryptNote}` : ''}</span>}
          </KeyValue>
        ) : null}
        <KeyValue label="HTTP">{walk.http ? `${walk.http.version} ${walk.http.status} ${walk.http.statusWords}` : 'no response'}</KeyValue>
      </KeyValueGrid>
      <p className={`small walk-capture ${walk.capture === 'packets' ? '' : 'warning'}`} data-testid="walk-capture">
        <strong>{walk.capture === 'packets' ? 'Packets captured: ' : 'Socket-level only: '}</strong>
        {walk.captureNote}
        {walk.capture === 'packets' ? '. Packet times are the kernel’s capture times; socket and TLS steps are timed by the app, so a connect step starts no later than its SYN.' : null}
      </p>
      {walk.findings.length ? <FindingList findings={walk.findings} compact testId="walk-findings" /> : null}
      <Exports walk={walk} />
    </section>
  )
})
