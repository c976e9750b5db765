// Where a WebSocket connects and what its upgrade carries: URL, extra headers, subprotocols, the address to connect
// to, certificate checks (off only with a warning), and the "token as the first message" pattern one click away.
import { useField, useStore } from '../../app/store'
import { ErrorBox } from '../../ui/ErrorBox'
import { cancelConnect, connect, fillFirstMessage, wsStore } from './ws-store'

export function WsConnectForm() {
  const [url, setUrl] = useField(wsStore, 'url')
  const [headers, setHeaders] = useField(wsStore, 'headers')
  const [subprotocols, setSubprotocols] = useField(wsStore, 'subprotocols')
  const [address, setAddress] = useField(wsStore, 'address')
  const [verify, setVerify] = useField(wsStore, 'verify')
  const [caPem, setCaPem] = useField(wsStore, 'caPem')
  const [firstMessage, setFirstMessage] = useField(wsStore, 'firstMessage')
  const [error, setError] = useField(wsStore, 'connectError')
  const connecting = useStore(wsStore, (s) => s.connecting !== null)
  const tls = /^\s*wss:/i.test(url)
  return (
    <form className="card ws-connect" aria-label="Open a WebSocket" onSubmit={(e) => (e.preventDefault(), void connect())}>
      <h3>Open a WebSocket</h3>
      <label>
        URL (ws:// or wss://)
        <input className="mono" value={url} onChange={(e) => setUrl(e.target.value)} aria-label="WebSocket URL" spellCheck={false} placeholder="wss://echo.example/socket" />
      </label>
      <label>
        Extra headers for the upgrade, one “Name: value” a line
        <textarea className="mono" rows={2} value={headers} onChange={(e) => setHeaders(e.target.value)} aria-label="Extra headers" spellCheck={false} placeholder={'Origin: https://app.example\nAuthorization: Bearer eyJ…'} />
      </label>
      <div className="ws-row">
        <label className="grow">
          Subprotocols offered (comma separated)
          <input className="mono" value={subprotocols} onChange={(e) => setSubprotocols(e.target.value)} aria-label="Subprotocols" placeholder="graphql-transport-ws, chat" />
        </label>
        <label className="grow">
          Connect to address (instead of looking the host up)
          <input className="mono" value={address} onChange={(e) => setAddress(e.target.value)} aria-label="Connect to address" placeholder="127.0.0.1" />
        </label>
      </div>
      {tls ? (
        <>
          <label className="check">
            <input type="checkbox" checked={verify} onChange={(e) => setVerify(e.target.checked)} />
            Verify the server’s certificate
          </label>
          {!verify ? (
            <p className="warning" data-testid="ws-insecure-warning">
              Certificate checks are off: anyone between you and the server can read and change this WebSocket, tokens included. Use it only against your own test server.
            </p>
          ) : null}
          <details>
            <summary>Trust an extra CA (PEM){caPem.trim() ? ' · set' : ''}</summary>
            <textarea className="mono" rows={3} value={caPem} onChange={(e) => setCaPem(e.target.value)} aria-label="CA certificate PEM" spellCheck={false} placeholder="-----BEGIN CERTIFICATE-----" />
          </details>
        </>
      ) : null}
      <fieldset className="ws-first">
        <legend>First message (sent right after the 101)</legend>
        <textarea className="mono" rows={2} value={firstMessage} onChange={(e) => setFirstMessage(e.target.value)} aria-label="First message" spellCheck={false} placeholder='{"type":"auth","token":"eyJ…"}' />
        <div className="ws-row">
          <span className="small muted">Token from:</span>
          <button type="button" className="small-button" onClick={() => fillFirstMessage('jwt', 'raw')}>
            JWT section
          </button>
          <button type="button" className="small-button" onClick={() => fillFirstMessage('jwt', 'json')}>
            JWT section, as {'{"type":"auth"}'}
          </button>
          <button type="button" className="small-button" onClick={() => fillFirstMessage('header', 'raw')}>
            Authorization: Bearer line
          </button>
        </div>
        <p className="hint ws-first-words">
          A browser’s WebSocket API cannot set an Authorization header, so many servers take the token as the first message. The server must then refuse everything else until that message has been checked.
        </p>
      </fieldset>
      <div className="ws-row">
        <button type="submit" className="primary" disabled={connecting}>
          {connecting ? 'Connecting…' : 'Connect'}
        </button>
        {connecting ? (
          <button type="button" onClick={cancelConnect}>
            Cancel
          </button>
        ) : null}
      </div>
      {error ? (
        <div data-testid="ws-connect-error">
          <ErrorBox error={error} onDismiss={() => setError(null)} />
        </div>
      ) : null}
    </form>
  )
}
