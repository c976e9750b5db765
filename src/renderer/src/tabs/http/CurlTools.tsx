// curl in and out: "Copy as curl" writes the request as a command (to the clipboard, and shown), "Import curl" reads a
// pasted command into the target and the raw request, with what it could not carry listed as findings.
import { useField, useStore } from '../../app/store'
import { FindingList } from '../../ui/FindingList'
import { copyCurl, importCurl } from './actions'
import { httpStore } from './store'

export function CurlTools() {
  const curl = useStore(httpStore, (s) => s.curl)
  const findings = useStore(httpStore, (s) => s.importFindings)
  const [importText, setImportText] = useField(httpStore, 'importText')
  return (
    <details className="card http-curl" open={!!curl || !!findings}>
      <summary>curl: copy this request as a command, or import one</summary>
      <div className="http-row">
        <button type="button" className="small-button" onClick={copyCurl}>
          Copy as curl
        </button>
        {curl?.copied ? <span className="small muted" role="status">Copied to the clipboard.</span> : null}
      </div>
      {curl ? (
        <>
          <pre className="mono http-curl-command" data-testid="http-curl-command" tabIndex={0}>
            {curl.command}
          </pre>
          {curl.notes.length ? (
            <ul className="small muted">
              {curl.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          ) : null}
        </>
      ) : null}
      <label>
        Paste a curl command line (our own tokenizer reads the shell quoting; nothing is run)
        <textarea className="mono" rows={3} value={importText} onChange={(e) => setImportText(e.target.value)} aria-label="curl command to import" spellCheck={false} placeholder="curl -H 'Accept: application/json' https://example.test/api" />
      </label>
      <div className="http-row">
        <button type="button" className="small-button" onClick={importCurl}>
          Import curl
        </button>
        <span className="small muted">Fills the target and replaces the raw request.</span>
      </div>
      {findings ? (
        <div data-testid="http-import-findings">
          <FindingList findings={findings} compact empty={<p className="small muted">Imported; nothing was left out.</p>} />
        </div>
      ) : null}
    </details>
  )
}
