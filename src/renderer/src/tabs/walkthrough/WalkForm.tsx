// The request to walk: a URL (or the HTTP tab's request as it is), where to connect and whom to ask for the name,
// the protocol and TLS version, packet capture (and what it needs), certificate checking (warned when off), and the
// walkthroughs main still holds. Walk starts the recording from ./actions; Cancel stops it.
import { useEffect } from 'react'
import { useStore } from '../../app/store'
import { ErrorBox } from '../../ui/ErrorBox'
import { Segmented } from '../../ui/Segmented'
import { cancelWalk, dropHttpRequest, forgetHeld, openHeld, refreshHeld, runWalk, takeHttpRequest } from './actions'
import { setForm, walkStore } from './store'
import { localTime } from './walk-view'

function firstLine(raw: string): string {
  return raw.split(/\r?\n/, 1)[0] ?? ''
}

function HeldList() {
  const held = useStore(walkStore, (s) => s.held)
  const error = useStore(walkStore, (s) => s.heldError)
  const shown = useStore(walkStore, (s) => s.walk?.id)
  useEffect(() => {
    void refreshHeld()
  }, [])
  if (!held?.length && !error) return null
  return (
    <details className="walk-held">
      <summary>Held by Wirebench this session ({held?.length ?? 0}) — for exports, and to reopen after a reload</summary>
      <ul className="held-list">
        {(held ?? []).map((h) => (
          <li key={h.id} className="held-item">
            <span className="mono">{h.url}</span>
            <span className="small muted">
              {localTime(h.startedAt).slice(11)} · {h.steps} steps
            </span>
            <button type="button" className="small-button" disabled={h.id === shown} onClick={() => void openHeld(h.id)}>
              {h.id === shown ? 'Shown' : 'Open'}
            </button>
            <button type="button" className="small-button" onClick={() => void forgetHeld(h.id)} title="Drop it from main, with its packets and TLS secrets">
              Forget
            </button>
          </li>
        ))}
      </ul>
      <ErrorBox error={error} onDismiss={() => walkStore.set({ heldError: null })} />
    </details>
  )
}

export function WalkForm() {
  const f = useStore(walkStore, (s) => s.form)
  const job = useStore(walkStore, (s) => s.job)
  const error = useStore(walkStore, (s) => s.error)
  const https = /^https:/i.test(f.url.trim())
  return (
    <form
      className="card walk-form"
      aria-label="Request to walk"
      onSubmit={(e) => {
        e.preventDefault()
        void runWalk()
      }}
    >
      <div className="walk-row">
        <label className="grow">
          URL to walk (its name is looked up, connected to, and the request sent; every step is recorded)
          <input className="mono" value={f.url} onChange={(e) => setForm({ url: e.target.value })} aria-label="URL to walk" placeholder="https://example.test/" spellCheck={false} />
        </label>
        {job ? (
          <button type="button" onClick={cancelWalk} disabled={!job.handle}>
            Cancel
          </button>
        ) : (
          <button type="submit" className="primary">
            Walk
          </button>
        )}
      </div>
      {job ? (
        <p className="small muted" role="status" data-testid="walk-progress">
          {job.progress?.message ?? 'Recording…'}
        </p>
      ) : null}
      <div className="walk-row">
        <label>
          Connect to address (optional, like curl --resolve)
          <input className="mono" value={f.address} onChange={(e) => setForm({ address: e.target.value })} aria-label="Connect to address" placeholder="127.0.0.1 or ::1" spellCheck={false} />
        </label>
        <label>
          DNS server (optional; the system’s first nameserver otherwise)
          <input className="mono" value={f.resolver} onChange={(e) => setForm({ resolver: e.target.value })} aria-label="DNS server" placeholder="127.0.0.1:5353" spellCheck={false} />
        </label>
        <div className="walk-seg">
          <span className="walk-seg-label">HTTP</span>
          <Segmented label="HTTP version" options={[['auto', 'Auto'], ['http1.1', '1.1'], ['http2', '2']] as const} value={f.protocol} onChange={(protocol) => setForm({ protocol })} />
        </div>
        <div className="walk-seg">
          <span className="walk-seg-label">TLS</span>
          <Segmented label="TLS version" options={[['auto', 'Auto'], ['1.2', '1.2'], ['1.3', '1.3']] as const} value={f.tlsVersion} onChange={(tlsVersion) => setForm({ tlsVersion })} />
        </div>
      </div>
      <div className="walk-row walk-checks">
        <label className="check" title="tcpdump, run as root or with CAP_NET_RAW, sees this connection's real packets">
          <input type="checkbox" checked={f.capture} onChange={(e) => setForm({ capture: e.target.checked })} /> Capture packets
        </label>
        <span className="small muted walk-capture-words">
          {f.capture
            ? 'Needs tcpdump and root or CAP_NET_RAW; where that is missing the walkthrough says so and shows what the sockets saw, never invented packets.'
            : 'Off: socket-level events only (connect time, the 4-tuple), no SYN/ACK segments.'}
        </span>
        <label className="check">
          <input type="checkbox" checked={f.verify} onChange={(e) => setForm({ verify: e.target.checked })} disabled={!https} /> Verify the certificate
        </label>
        <button type="button" className="small-button" onClick={takeHttpRequest} title="Take the HTTP tab's URL, address, protocol and raw request (the HTTP tab is not changed)">
          Use the HTTP tab’s request
        </button>
      </div>
      {https && !f.verify ? (
        <p className="warning" data-testid="walk-verify-off">
          Certificate checking is off: the walkthrough will go on with any certificate, even an attacker’s (RFC 9110 §4.3.4). The Certificate step still shows what was sent.
        </p>
      ) : null}
      {f.raw !== null ? (
        <p className="small walk-raw" data-testid="walk-raw">
          Sending the HTTP tab’s request{f.protocol === 'http2' ? ' (its method and headers, as HTTP/2 fields; a body is not sent)' : ' byte for byte'}: <span className="mono">{firstLine(f.raw)}</span>{' '}
          <button type="button" className="link-button" onClick={dropHttpRequest}>
            send a plain GET instead
          </button>
        </p>
      ) : null}
      <details>
        <summary>Extra CA certificates (PEM){f.caPem.trim() ? ' — set' : ''}</summary>
        <textarea className="mono" rows={4} value={f.caPem} onChange={(e) => setForm({ caPem: e.target.value })} aria-label="Extra CA certificates (PEM)" placeholder="-----BEGIN CERTIFICATE-----" spellCheck={false} />
      </details>
      <ErrorBox error={error} onDismiss={() => walkStore.set({ error: null })} />
      <HeldList />
    </form>
  )
}
