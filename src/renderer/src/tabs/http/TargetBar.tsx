// The target bar: where the bytes go (host, port, TLS, SNI, ALPN, a forced address), kept apart from the Host header
// inside them, because that gap is virtual hosting; plus the protocol, the cookie jar, repeat, and Send/Cancel.
import { useMemo, useState } from 'react'
import { useField, useStore } from '../../app/store'
import { Segmented } from '../../ui/Segmented'
import { applyUrl, cancel, send, urlOf } from './actions'
import { httpStore, setTarget } from './store'

export function TargetBar() {
  const url = useStore(httpStore, (s) => s.url)
  const t = useStore(httpStore, (s) => s.target)
  const job = useStore(httpStore, (s) => s.job)
  const raw = useStore(httpStore, (s) => s.raw)
  // The box shows the URL the fields below make, except while it is being typed in (a half-typed URL is kept).
  const [typing, setTyping] = useState(false)
  const derived = useMemo(() => urlOf(t, raw), [t, raw])
  const [cookiesSend, setCookiesSend] = useField(httpStore, 'cookiesSend')
  const [cookiesStore, setCookiesStore] = useField(httpStore, 'cookiesStore')
  const [repeatOn, setRepeatOn] = useField(httpStore, 'repeatOn')
  const [repeatN, setRepeatN] = useField(httpStore, 'repeatN')
  const [repeatMode, setRepeatMode] = useField(httpStore, 'repeatMode')
  const [resumeTls, setResumeTls] = useField(httpStore, 'resumeTls')
  return (
    <form
      className="card http-target"
      aria-label="Target"
      onSubmit={(e) => {
        e.preventDefault()
        void send()
      }}
    >
      <div className="http-row">
        <label className="grow">
          URL (fills the host, port and TLS below, and the request line and Host header)
          <input
            className="mono"
            value={typing ? url : derived}
            onFocus={() => {
              httpStore.set({ url: derived })
              setTyping(true)
            }}
            onBlur={() => setTyping(false)}
            onChange={(e) => applyUrl(e.target.value)}
            aria-label="URL"
            placeholder="https://example.test/path"
            spellCheck={false}
          />
        </label>
        {job ? (
          <button type="button" onClick={cancel} disabled={!job.handle}>
            Cancel
          </button>
        ) : (
          <button type="submit" className="primary" title="Send (Ctrl+Enter)">
            Send
          </button>
        )}
      </div>
      <div className="http-row">
        <label className="grow">
          Host (looked up, and the TLS name by default)
          <input className="mono" value={t.host} onChange={(e) => setTarget({ host: e.target.value })} aria-label="Host" spellCheck={false} />
        </label>
        <label className="http-port">
          Port
          <input className="mono" inputMode="numeric" value={t.port} onChange={(e) => setTarget({ port: e.target.value })} aria-label="Port" />
        </label>
        <label className="check">
          <input type="checkbox" checked={t.tls} onChange={(e) => setTarget({ tls: e.target.checked, port: t.port === '80' && e.target.checked ? '443' : t.port === '443' && !e.target.checked ? '80' : t.port })} /> TLS
        </label>
        <label className="grow">
          Connect to address (optional, like curl --resolve)
          <input className="mono" value={t.address} onChange={(e) => setTarget({ address: e.target.value })} aria-label="Connect to address" placeholder="192.0.2.10" spellCheck={false} />
        </label>
        <Segmented label="Protocol" options={[['http1.1', 'HTTP/1.1'], ['http2', 'HTTP/2']] as const} value={t.protocol} onChange={(protocol) => setTarget({ protocol })} />
      </div>
      {t.address.trim() ? (
        <p className="hint http-explain">
          The connection goes to {t.address.trim()} without looking up {t.host || 'the host'}; {t.tls ? 'the Host header, the SNI and the certificate check still name the site' : 'the Host header still names the site'}. One
          address often serves many sites (virtual hosting, RFC 9110 §7.2): the server picks the site by Host{t.tls ? ' and SNI' : ''}, so the IP alone gets its default site.
        </p>
      ) : null}
      {t.protocol === 'http2' ? (
        <p className="hint http-explain">
          HTTP/2 sends the same request as frames (HEADERS with HPACK, DATA — RFC 9113 §8). {t.tls ? 'ALPN offers h2 first; if the server picks http/1.1, the bytes go as typed.' : 'In clear text this is "prior knowledge" (RFC 9113 §3.3): the server must expect it.'}
        </p>
      ) : null}
      {t.tls ? (
        <div className="http-row">
          <label className="grow">
            SNI (empty: the host)
            <input className="mono" value={t.sni} onChange={(e) => setTarget({ sni: e.target.value })} aria-label="SNI" placeholder={t.host} spellCheck={false} />
          </label>
          <label className="grow">
            ALPN (comma separated; empty: what the protocol needs)
            <input className="mono" value={t.alpn} onChange={(e) => setTarget({ alpn: e.target.value })} aria-label="ALPN" placeholder={t.protocol === 'http2' ? 'h2, http/1.1' : 'http/1.1'} spellCheck={false} />
          </label>
          <label className="check">
            <input type="checkbox" checked={t.verify} onChange={(e) => setTarget({ verify: e.target.checked })} /> Verify the certificate
          </label>
        </div>
      ) : null}
      {t.tls && !t.verify ? (
        <p className="warning" role="note" data-testid="http-verify-off">
          Verification is off: any certificate is accepted, so anyone on the path could answer in the server&apos;s name. Use it to look at a broken server, not to trust what comes back.
        </p>
      ) : null}
      {t.tls ? (
        <details className="http-more">
          <summary>Extra CA certificates{t.caPem.trim() ? ' (given)' : ''}</summary>
          <label>
            CA certificates (PEM) to trust beside the system&apos;s — a lab&apos;s own CA, for example
            <textarea className="mono" rows={3} value={t.caPem} onChange={(e) => setTarget({ caPem: e.target.value })} aria-label="Extra CA certificates" spellCheck={false} placeholder="-----BEGIN CERTIFICATE-----" />
          </label>
        </details>
      ) : null}
      <div className="http-row http-options">
        <label className="check" title="Add a Cookie header from this session's jar (RFC 6265bis §5.8.3); the request shown says so">
          <input type="checkbox" checked={cookiesSend} onChange={(e) => setCookiesSend(e.target.checked)} /> Send cookies from the jar
        </label>
        <label className="check" title="Keep what Set-Cookie sets in this session's jar (RFC 6265bis §5.7)">
          <input type="checkbox" checked={cookiesStore} onChange={(e) => setCookiesStore(e.target.checked)} /> Store cookies in the jar
        </label>
        <label className="check">
          <input type="checkbox" checked={repeatOn} onChange={(e) => setRepeatOn(e.target.checked)} /> Repeat
        </label>
        {repeatOn ? (
          <>
            <label className="http-port">
              Times
              <input className="mono" inputMode="numeric" value={repeatN} onChange={(e) => setRepeatN(e.target.value)} aria-label="Repeat times" />
            </label>
            <Segmented
              label="Repeat over"
              options={[['sequential', 'New connection each'], ['keep-alive', 'One keep-alive connection']] as const}
              value={repeatMode}
              onChange={setRepeatMode}
            />
            {t.tls && repeatMode === 'sequential' ? (
              <label className="check" title="Offer the first TLS session back on each new connection (RFC 8446 §2.2): no certificate or signature; TLS 1.3 resumption still takes one round trip, only TLS 1.2’s abbreviated handshake saves one (RFC 5246 §7.3)">
                <input type="checkbox" checked={resumeTls} onChange={(e) => setResumeTls(e.target.checked)} /> Resume TLS
              </label>
            ) : null}
          </>
        ) : null}
      </div>
      {job ? (
        <p className="small muted" role="status" data-testid="http-progress">
          {job.progress?.message ?? 'Sending…'}
        </p>
      ) : null}
    </form>
  )
}
