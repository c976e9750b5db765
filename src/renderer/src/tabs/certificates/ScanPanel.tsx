// Certificates › From a server › Scan TLS (issue 14): the button beside Fetch chain, and the report — progress with
// Cancel while it runs, then the grade card, the protocol × suite matrix, groups, features, the certificate and the
// findings with their fixes, exportable as JSON (the CLI's shape) and Markdown (the engine's report).
import { PROTOCOLS } from '../../../../shared/tls/scan-model'
import { useField } from '../../app/store'
import { ErrorBox } from '../../ui/ErrorBox'
import { certificateForms } from './forms-store'
import { ScanFeatures } from './ScanFeatures'
import { ScanFindings } from './ScanFindings'
import { ScanGradeCard } from './ScanGradeCard'
import { ScanMatrixTable } from './ScanMatrixTable'
import { cancelScan, clearScan, exportScanJson, exportScanMarkdown, scanStore, startScan, useScan } from './scan-store'
import './scan.css'

/** True while a scan runs or a report or its error is shown: the section then leaves out its empty-state text. */
export const useScanShown = (): boolean => useScan((s) => s.running !== null || s.result !== null || s.error !== null)

export function ScanTlsButton() {
  const [host] = useField(certificateForms, 'serverHost')
  const running = useScan((s) => s.running !== null)
  return (
    <button type="button" onClick={() => void startScan()} disabled={running || host.trim() === ''} data-testid="scan-tls">
      {running ? 'Scanning…' : 'Scan TLS'}
    </button>
  )
}

function Progress() {
  const running = useScan((s) => s.running)
  if (!running) return null
  const p = running.progress
  return (
    <section className="card scan-progress" aria-label="Scan progress" data-testid="scan-progress">
      <div className="card-head">
        <h3>Scanning {running.target}…</h3>
        <span className="spacer" />
        <button type="button" className="small-button" onClick={cancelScan} disabled={!running.handle}>
          Cancel
        </button>
      </div>
      <progress max={p?.total || 1} value={p?.total ? p.done : undefined} aria-label="Probes done" />
      <p className="small muted" role="status">
        {p ? `${p.message ? `${p.message[0]!.toUpperCase()}${p.message.slice(1)}: ` : ''}${p.done ?? 0} probes of about ${p.total ?? '?'}.` : 'Starting…'} Each probe is one hand-built
        ClientHello on a fresh TCP connection, read up to the ServerHello or the alert.
      </p>
    </section>
  )
}

export function ScanPanel() {
  const result = useScan((s) => s.result)
  const error = useScan((s) => s.error)
  const exportError = useScan((s) => s.exportError)
  return (
    <div className="scan-panel" data-testid="scan-panel">
      <Progress />
      {error ? <ErrorBox error={error} onDismiss={() => scanStore.set({ error: null })} /> : null}
      {result ? (
        <>
          <section className="card scan-head" aria-label="Scan" data-testid="scan-report">
            <div className="card-head">
              <h3>
                TLS scan of {result.target}
                {result.sni ? <span className="muted"> (SNI {result.sni})</span> : null}
              </h3>
              <span className="spacer" />
              <button type="button" className="small-button" onClick={() => void startScan(result)} title="Scan this server again, not from this session’s cache">
                Scan again
              </button>
              <button type="button" className="small-button" onClick={exportScanJson}>
                Export JSON
              </button>
              <button type="button" className="small-button" onClick={() => void exportScanMarkdown()}>
                Export Markdown
              </button>
              <button type="button" className="small-button" onClick={clearScan} aria-label="Close the scan report">
                Close
              </button>
            </div>
            <p className="small muted">
              {result.address} · {result.probes} probes · {(result.timeMs / 1000).toFixed(1)} s. Every probe was our own ClientHello, so the answers do not depend on the
              TLS library this app runs on.
            </p>
            {exportError ? <ErrorBox error={exportError} onDismiss={() => scanStore.set({ exportError: null })} /> : null}
          </section>
          {PROTOCOLS.some((p) => result.protocols[p]) ? (
            <>
              <ScanGradeCard result={result} />
              <ScanMatrixTable result={result} />
              <ScanFeatures result={result} />
            </>
          ) : (
            <p className="card tone-bad" role="status" data-testid="scan-not-tls">
              {result.target} accepted no SSL or TLS version: it does not speak TLS on this port, or it refused every ClientHello (SSL 3.0 to TLS 1.3). The findings
              below show what came back.
            </p>
          )}
          <ScanFindings findings={result.findings} />
        </>
      ) : null}
    </div>
  )
}
