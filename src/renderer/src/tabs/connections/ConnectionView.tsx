// One client connection in detail: addresses, timings, TLS facts, its transcript and the composer.
import { useState } from 'react'
import type { ConnectionInfo, PayloadInput } from '../../../../shared/contract'
import type { WireError } from '../../../../shared/errors'
import { api } from '../../app/api'
import { useStream } from '../../app/streams'
import { ErrorBox } from '../../ui/ErrorBox'
import { Composer } from './Composer'
import { StreamPanel } from './StreamPanel'
import { hostPort } from './model'
import { KeyValue } from '../../ui/KeyValue'
import './tls.css'

/** One client connection: where it goes and from where, TLS details, the transcript and the composer. */
export function ConnectionView({ info }: { info: ConnectionInfo }) {
  const stream = useStream(info.id)
  const [error, setError] = useState<WireError | null>(null)
  const closed = stream.closed !== null
  const send = async (payload: PayloadInput) => {
    const r = await api.call('tcp.send', { id: info.id, payload })
    setError(r.ok ? null : r.error)
    return r.ok
  }
  const tls = info.tls
  return (
    <div className="detail">
      <dl className="kvs">
        <KeyValue label="Remote" testId="remote-address">
          {hostPort(info.remoteAddress, info.remotePort)} <span className="muted">({info.family}{info.host !== info.remoteAddress ? `, from ${info.host}` : ''})</span>
        </KeyValue>
        <KeyValue label="Local" testId="local-address">
          {hostPort(info.localAddress, info.localPort)} <span className="muted">(ephemeral port chosen by the OS)</span>
        </KeyValue>
        <KeyValue label="Timings">
          {info.timings.lookupMs !== null ? `DNS ${info.timings.lookupMs} ms · ` : ''}connect {info.timings.connectMs} ms
          {info.timings.tlsMs !== null ? ` · TLS ${info.timings.tlsMs} ms` : ''}
        </KeyValue>
        {tls ? (
          <>
            <KeyValue label="TLS" testId="tls-summary">
              {tls.protocol} · {tls.cipherStandardName || tls.cipher} · ALPN {tls.alpn ?? 'none'} · SNI {tls.servername ?? 'none'}
            </KeyValue>
            <KeyValue label="Verified">
              {tls.verified ? <span className="good">yes</span> : <span className="bad">no — {tls.verifyError}</span>}
            </KeyValue>
            {tls.peerCertificate ? (
              <>
                <KeyValue label="Subject" testId="peer-subject">
                  {tls.peerCertificate.subject}
                </KeyValue>
                <KeyValue label="Issuer">{tls.peerCertificate.issuer}</KeyValue>
                <KeyValue label="Valid">
                  {tls.peerCertificate.validFrom.slice(0, 10)} to {tls.peerCertificate.validTo.slice(0, 10)}
                </KeyValue>
                {tls.peerCertificate.subjectAltName ? <KeyValue label="SAN">{tls.peerCertificate.subjectAltName}</KeyValue> : null}
              </>
            ) : null}
            {tls.peerChain && (tls.verifyError || tls.peerChain.length > 1) ? (
              <KeyValue label={tls.verifyError ? 'Chain as sent' : 'Chain'} testId="peer-chain">
                <ol className="sent-chain">
                  {tls.peerChain.map((c) => (
                    <li key={c.fingerprint256}>
                      {c.subject} <span className="muted">· issued by {c.issuer} · valid {c.validFrom.slice(0, 10)} to {c.validTo.slice(0, 10)}</span>
                    </li>
                  ))}
                </ol>
              </KeyValue>
            ) : null}
          </>
        ) : null}
      </dl>
      {info.warning ? (
        <div className="warning" role="alert">
          {info.warning}
        </div>
      ) : null}
      <StreamPanel streamId={info.id} title="Transcript" />
      <Composer
        draftKey={info.id}
        onSend={send}
        disabled={closed}
        extra={
          <>
            <button onClick={() => void api.call('tcp.end', { id: info.id })} disabled={closed} title="Send FIN but keep reading">
              Half-close
            </button>
            <button onClick={() => void api.call('tcp.close', { id: info.id })} disabled={closed}>
              Close
            </button>
          </>
        }
      />
      <ErrorBox error={error} onDismiss={() => setError(null)} />
    </div>
  )
}
