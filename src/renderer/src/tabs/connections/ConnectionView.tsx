import { useState } from 'react'
import type { ConnectionInfo, PayloadInput } from '../../../../shared/contract'
import type { WireError } from '../../../../shared/errors'
import { api } from '../../app/api'
import { useStream } from '../../app/streams'
import { ErrorBox } from '../../ui/ErrorBox'
import { Composer } from './Composer'
import { StreamPanel } from './StreamPanel'
import { hostPort } from './model'

function Field({ label, children, testId }: { label: string; children: React.ReactNode; testId?: string }) {
  return (
    <div className="kv">
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  )
}

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
        <Field label="Remote" testId="remote-address">
          {hostPort(info.remoteAddress, info.remotePort)} <span className="muted">({info.family}{info.host !== info.remoteAddress ? `, from ${info.host}` : ''})</span>
        </Field>
        <Field label="Local" testId="local-address">
          {hostPort(info.localAddress, info.localPort)} <span className="muted">(ephemeral port chosen by the OS)</span>
        </Field>
        <Field label="Timings">
          {info.timings.lookupMs !== null ? `DNS ${info.timings.lookupMs} ms · ` : ''}connect {info.timings.connectMs} ms
          {info.timings.tlsMs !== null ? ` · TLS ${info.timings.tlsMs} ms` : ''}
        </Field>
        {tls ? (
          <>
            <Field label="TLS" testId="tls-summary">
              {tls.protocol} · {tls.cipherStandardName || tls.cipher} · ALPN {tls.alpn ?? 'none'} · SNI {tls.servername ?? 'none'}
            </Field>
            <Field label="Verified">
              {tls.verified ? <span className="good">yes</span> : <span className="bad">no — {tls.verifyError}</span>}
            </Field>
            {tls.peerCertificate ? (
              <>
                <Field label="Subject" testId="peer-subject">
                  {tls.peerCertificate.subject}
                </Field>
                <Field label="Issuer">{tls.peerCertificate.issuer}</Field>
                <Field label="Valid">
                  {tls.peerCertificate.validFrom.slice(0, 10)} to {tls.peerCertificate.validTo.slice(0, 10)}
                </Field>
                {tls.peerCertificate.subjectAltName ? <Field label="SAN">{tls.peerCertificate.subjectAltName}</Field> : null}
              </>
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
