// One HTTP response shown every way, a pane at a time: parsed and explained, raw with its line endings, hex with
// spans, the request as really sent, cookies, timings, TLS, HTTP/2 frames and findings. The open pane lives in
// response-store, so a tab switch or a new response keeps the reader's place.
import { useDeferredValue, useMemo } from 'react'
import type { HttpRawResult } from '../../../../shared/contract/http'
import { headerValues, plural } from './response-format'
import { useField } from '../../app/store'
import { FindingList } from '../../ui/FindingList'
import { onRovingKeyDown, rovingTabIndex } from '../../ui/roving-focus'
import { formatMs } from '../../ui/Timeline'
import { ResponseCookies } from './ResponseCookies'
import { ResponseHex } from './ResponseHex'
import { ResponseHttp2 } from './ResponseHttp2'
import { ResponseParsed } from './ResponseParsed'
import { ResponseRaw, ResponseRequest } from './ResponseRaw'
import { ResponseTimings } from './ResponseTimings'
import { ResponseTls } from './ResponseTls'
import { pickBytes, responseStore, type ResponsePane } from './response-store'
import './response.css'

export interface ResponseViewProps {
  result: HttpRawResult
  /** When the response arrived (ms since 1970), for cookie lifetimes; now by default. */
  receivedAt?: number
}

export function ResponseView({ result, receivedAt }: ResponseViewProps) {
  const [pane, setPane] = useField(responseStore, 'pane')
  // A new result arrives in the same task as its megabytes of JSON (the store's update renders synchronously); only
  // the summary and the pane tabs are drawn there. The open pane follows in a transition, which React renders in
  // slices of a few milliseconds, so the page never holds for the whole view at once. Until then the previous
  // response's pane stays (marked busy): removing its nodes in the arrival's task would cost as much as drawing.
  const drawn = useDeferredValue<HttpRawResult | null>(result, null)
  const at = useMemo(() => receivedAt ?? Date.now(), [receivedAt, result])
  const cookies = headerValues(result.response.headers, 'set-cookie').length
  const errors = result.findings.filter((f) => f.severity === 'error' || f.severity === 'warning').length
  const panes: { id: ResponsePane; label: string; hidden?: boolean }[] = [
    { id: 'parsed', label: 'Parsed' },
    { id: 'raw', label: 'Raw' },
    { id: 'hex', label: 'Hex' },
    { id: 'request', label: 'Request' },
    { id: 'cookies', label: cookies ? `Cookies (${cookies})` : 'Cookies' },
    { id: 'timings', label: result.repeat ? `Timings ×${result.repeat.n}` : 'Timings' },
    { id: 'tls', label: 'TLS', hidden: !result.tls },
    { id: 'http2', label: 'HTTP/2', hidden: !result.http2 },
    { id: 'findings', label: result.findings.length ? `Findings (${result.findings.length})` : 'Findings' }
  ]
  const shown = panes.filter((p) => !p.hidden)
  const active = shown.some((p) => p.id === pane) ? pane : 'parsed'
  // A pane picked is drawn the same way: the tab shows as chosen at once, its content in slices.
  const drawnPane = useDeferredValue(active)
  const r = result.response
  return (
    <section className="resp" aria-label="Response" data-testid="http-response">
      <div className="resp-summary small">
        <span className={`resp-code ${r.status >= 400 ? (r.status >= 500 ? 'server' : 'client') : r.status >= 300 ? 'redirect' : 'ok'}`}>{r.status}</span>
        <strong>{r.statusWords}</strong>
        <span className="muted">
          {result.http2 ? 'HTTP/2' : r.httpVersion} · {plural(r.bodyLength, 'byte')}{r.decoded.length ? ` (${r.decoded.join(', ')} undone)` : ''} · {formatMs(result.timings.totalMs)}
          {result.tls ? ` · ${result.tls.version}` : ' · clear text'}
        </span>
        {errors ? <span className="resp-badge">{errors} finding{errors === 1 ? '' : 's'}</span> : null}
        {!r.complete ? <span className="resp-badge">incomplete</span> : null}
      </div>
      <div className="subnav resp-subnav" role="tablist" aria-label="Response panes" onKeyDown={onRovingKeyDown}>
        {shown.map((p) => (
          <button
            key={p.id}
            role="tab"
            id={`resp-tab-${p.id}`}
            aria-selected={active === p.id}
            aria-controls="resp-panel"
            tabIndex={rovingTabIndex(active === p.id)}
            className={`subtab ${active === p.id ? 'active' : ''}`}
            onClick={() => setPane(p.id)}
          >
            {p.label}
          </button>
        ))}
      </div>
      <div className="resp-panel" role="tabpanel" id="resp-panel" aria-labelledby={`resp-tab-${active}`}>
        {drawn ? (
          <div aria-busy={drawn !== result} className="resp-pane-wrap">
            <ResponsePaneBody active={drawnPane} result={drawn} receivedAt={at} />
          </div>
        ) : (
          <p className="small muted resp-pane-body" role="status">
            Drawing the response…
          </p>
        )}
      </div>
    </section>
  )
}

/** The open pane's content: drawn in the deferred render, apart from the summary. */
function ResponsePaneBody({ active, result, receivedAt }: { active: ResponsePane; result: HttpRawResult; receivedAt: number }) {
  switch (active) {
    case 'parsed':
      return <ResponseParsed result={result} />
    case 'raw':
      return <ResponseRaw result={result} />
    case 'hex':
      return <ResponseHex result={result} />
    case 'request':
      return <ResponseRequest result={result} />
    case 'cookies':
      return <ResponseCookies result={result} receivedAt={receivedAt} />
    case 'timings':
      return <ResponseTimings result={result} />
    case 'tls':
      return <ResponseTls result={result} />
    case 'http2':
      return result.http2 ? <ResponseHttp2 h2={result.http2} /> : null
    case 'findings':
      return (
        <div className="resp-pane-body">
          <p className="small muted">What a strict parser would reject, framing and smuggling risks, and decoding problems (each with its RFC). A finding that points at bytes opens them in Hex.</p>
          <FindingList
            findings={result.findings}
            onPick={result.http2 ? undefined : (f) => f.span && pickBytes(f.span.offset, f.span.length)}
            empty={<p className="small muted">Nothing to report: a strict parser would accept this response.</p>}
            testId="http-resp-findings"
          />
        </div>
      )
  }
}
