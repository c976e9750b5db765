// HTTP: the exact bytes you typed, on the wire, and everything that came back; with JWT, WebSocket, the cookie jar and
// the history beside it. State lives in ./store, so a tab switch loses nothing (a running send keeps its Cancel).
import type { KeyboardEvent } from 'react'
import { useField, useStore } from '../../app/store'
import { ErrorBox } from '../../ui/ErrorBox'
import { onRovingKeyDown, rovingTabIndex } from '../../ui/roving-focus'
import { exportHar, send } from './actions'
import { CurlTools } from './CurlTools'
import { HistorySection } from './HistorySection'
import { JarSection } from './JarSection'
import { JwtPanel } from './JwtPanel'
import { RequestEditor } from './RequestEditor'
import { ResponseView } from './ResponseView'
import { httpStore, type Section } from './store'
import { TargetBar } from './TargetBar'
import { WsPanel } from './WsPanel'
import './http.css'

const SECTIONS: { id: Section; label: string }[] = [
  { id: 'request', label: 'Request' },
  { id: 'jwt', label: 'JWT' },
  { id: 'ws', label: 'WebSocket' },
  { id: 'cookies', label: 'Cookies' },
  { id: 'history', label: 'History' }
]

function Answer() {
  const shown = useStore(httpStore, (s) => s.shown)
  const [error, setError] = useField(httpStore, 'error')
  return (
    <>
      {error ? (
        <div className="action-error" data-testid="http-error">
          <ErrorBox error={error} onDismiss={() => setError(null)} />
        </div>
      ) : null}
      {shown ? (
        <section className="http-answer" aria-label="Response" data-testid="http-answer">
          <div className="http-row">
            <span className="small muted">
              Sent {new Date(shown.startedAt).toLocaleTimeString('en-GB')} to {shown.result.remote.address}:{shown.result.remote.port}
              {shown.input.address ? ` (address forced: ${shown.input.target.host} was not looked up)` : ''}
            </span>
            <span className="grow" />
            <button type="button" className="small-button" onClick={() => exportHar('shown')} title="HAR 1.2: what was really sent and received, with the measured timings">
              Export HAR
            </button>
          </div>
          <ResponseView result={shown.result} receivedAt={shown.startedAt + shown.result.timings.totalMs} />
        </section>
      ) : null}
    </>
  )
}

function RequestSection() {
  return (
    <div className="http-request">
      <TargetBar />
      <RequestEditor />
      <Answer />
      <CurlTools />
    </div>
  )
}

export function HttpTab() {
  const [section, setSection] = useField(httpStore, 'section')
  // Ctrl+Enter (Cmd+Enter) sends from anywhere in the request section, as in curl-like tools and Burp Repeater.
  const onKeyDown = (e: KeyboardEvent) => {
    if (section === 'request' && e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault()
      void send()
    }
  }
  return (
    <div className="http-tab" onKeyDown={onKeyDown}>
      <div className="subnav" role="tablist" aria-label="HTTP sections" onKeyDown={onRovingKeyDown}>
        {SECTIONS.map((s) => (
          <button key={s.id} role="tab" aria-selected={section === s.id} tabIndex={rovingTabIndex(section === s.id)} className={`subtab ${section === s.id ? 'active' : ''}`} onClick={() => setSection(s.id)}>
            {s.label}
          </button>
        ))}
      </div>
      <div className="http-body">
        {section === 'request' ? <RequestSection /> : null}
        {section === 'jwt' ? <JwtPanel /> : null}
        {section === 'ws' ? <WsPanel /> : null}
        {section === 'cookies' ? <JarSection /> : null}
        {section === 'history' ? <HistorySection /> : null}
      </div>
    </div>
  )
}
