// The opening handshake exactly as it crossed the wire (RFC 6455 §4): the GET with Upgrade and Sec-WebSocket-Key, the
// 101 Switching Protocols, and the Sec-WebSocket-Accept check said in words.
import type { WsInfo } from '../../../../shared/contract/ws'
import { FindingList } from '../../ui/FindingList'
import { KeyValue, KeyValueGrid } from '../../ui/KeyValue'

/** Shows CR and LF as visible \\r \\n marks, so "the exact bytes" can be checked by eye. */
function RawHead({ text, testId, label }: { text: string; testId: string; label: string }) {
  const lines = text.split('\n')
  return (
    <pre className="ws-raw" data-testid={testId} aria-label={label}>
      {lines.map((line, i) => {
        const last = i === lines.length - 1
        if (last && line === '') return null
        const cr = line.endsWith('\r')
        return (
          <span key={i}>
            {cr ? line.slice(0, -1) : line}
            <span className="ws-eol" aria-hidden="true">
              {cr ? '\\r' : ''}
              {last ? '' : '\\n'}
            </span>
            {last ? '' : '\n'}
          </span>
        )
      })}
    </pre>
  )
}

export function WsHandshake({ info }: { info: WsInfo }) {
  const status = info.responseRaw.split('\r\n')[0] ?? ''
  return (
    <details className="card ws-handshake" open data-testid="ws-handshake">
      <summary>
        <h3>Opening handshake</h3>
        <span className="mono small">{status}</span>
        <span className={`ws-check ${info.acceptValid ? 'ok' : 'bad'}`} data-testid="ws-accept">
          {info.acceptValid ? '✓ Sec-WebSocket-Accept matches the key' : '✗ Sec-WebSocket-Accept does not match the key'}
        </span>
      </summary>
      <p className="small ws-accept-words">
        {info.acceptValid
          ? 'The server answered with base64(SHA-1(Sec-WebSocket-Key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")), proving it read this upgrade and speaks WebSocket (RFC 6455 §4.2.2, §4.1).'
          : 'The Accept value is not base64(SHA-1(key + GUID)): a client must fail the connection, because the server (or a proxy) did not really read this upgrade (RFC 6455 §4.1).'}
      </p>
      <KeyValueGrid>
        <KeyValue label="Status">{`${info.status}${info.status === 101 ? ' Switching Protocols: from here on the connection carries WebSocket frames, not HTTP (RFC 9110 §15.2.2)' : ''}`}</KeyValue>
        <KeyValue label="Subprotocol">{info.subprotocol ?? 'none chosen'}</KeyValue>
        <KeyValue label="Extensions">{info.extensions ?? 'none (no compression)'}</KeyValue>
        <KeyValue label="Remote">{`${info.remote.address} port ${info.remote.port}`}</KeyValue>
        <KeyValue label="Local">{`${info.local.address} port ${info.local.port}`}</KeyValue>
        <KeyValue label="TLS">{info.tls ? `${info.tls.version}, ${info.tls.cipher}${info.tls.alpn ? `, ALPN ${info.tls.alpn}` : ''}` : 'none (ws://): readable by anyone on the path'}</KeyValue>
      </KeyValueGrid>
      <div className="ws-heads">
        <div>
          <h4>Upgrade request (sent)</h4>
          <RawHead text={info.requestRaw} testId="ws-request-raw" label="Upgrade request as sent" />
        </div>
        <div>
          <h4>Response (received)</h4>
          <RawHead text={info.responseRaw} testId="ws-response-raw" label="Response head as received" />
        </div>
      </div>
      <FindingList findings={info.findings} />
    </details>
  )
}
