// The TCP/TLS client form; its fields live in the tab's store so they survive a tab switch.
import { useField } from '../../app/store'
import { clientForm } from './store'
import type { ConnectionInfo } from '../../../../shared/contract'
import { connectAttempt } from './connect-attempt'
import { CancelConnect, ConnectTimeoutField } from './ConnectControls'
import { useAction } from '../../app/useAction'
import { VaultPicker } from './VaultPicker'
import { HostPortRow } from './HostPortRow'
import { ActionError, firstFieldError } from './ActionError'
import { checkPort, fieldMessage } from './form-checks'
import './tls.css'

/** Connect to a host and port over TCP, or TLS with SNI, ALPN, verification, an extra CA and a client certificate. */
export function ClientForm({ onConnected }: { onConnected: (info: ConnectionInfo) => void }) {
  const [host, setHost] = useField(clientForm, 'host')
  const [port, setPort] = useField(clientForm, 'port')
  const [useTls, setUseTls] = useField(clientForm, 'useTls')
  const [servername, setServername] = useField(clientForm, 'servername')
  const [alpn, setAlpn] = useField(clientForm, 'alpn')
  const [verify, setVerify] = useField(clientForm, 'verify')
  const [caPem, setCaPem] = useField(clientForm, 'caPem')
  const [certPem, setCertPem] = useField(clientForm, 'certPem')
  const [keyPem, setKeyPem] = useField(clientForm, 'keyPem')
  const [keyId, setKeyId] = useField(clientForm, 'keyId')

  const portCheck = checkPort(port, { listen: false })
  const { busy, error, submit: connect, clearError } = useAction(
    async () =>
      firstFieldError([portCheck]) ??
      connectAttempt({
      host,
      port: portCheck.ok ? portCheck.value : Number.NaN,
      tls: useTls
        ? {
            verify,
            servername: servername.trim() || undefined,
            alpn: alpn.split(',').map((s) => s.trim()).filter(Boolean),
            caPem: caPem.trim() || undefined,
            certPem: certPem.trim() || undefined,
            keyPem: keyId ? undefined : keyPem.trim() || undefined,
            keyId: keyId ?? undefined
          }
        : undefined
    }),
    onConnected,
    'connections.client'
  )

  return (
    <form
      className="form"
      aria-label="TCP client"
      onSubmit={(e) => {
        e.preventDefault()
        void connect()
      }}
    >
      <HostPortRow host={host} port={port} onHost={setHost} onPort={setPort} hostLabel="Host" portLabel="Port" hostPlaceholder="example.com, 192.0.2.1 or ::1" portPlaceholder="1–65535" portMessage={fieldMessage(portCheck, port)} />
      <label className="check">
        <input type="checkbox" checked={useTls} onChange={(e) => setUseTls(e.target.checked)} /> TLS
      </label>
      {useTls ? (
        <fieldset className="tls-options">
          <legend>TLS</legend>
          <label>
            SNI server name
            <input value={servername} onChange={(e) => setServername(e.target.value)} placeholder="defaults to the host name" aria-label="SNI" spellCheck={false} />
          </label>
          <label>
            ALPN protocols
            <input value={alpn} onChange={(e) => setAlpn(e.target.value)} placeholder="h2, http/1.1" aria-label="ALPN" spellCheck={false} />
          </label>
          <label className="check">
            <input type="checkbox" checked={verify} onChange={(e) => setVerify(e.target.checked)} aria-label="Verify certificate" /> Verify the server certificate
          </label>
          {!verify ? (
            <div className="warning" role="alert">
              Verification is off: any server, including an impostor, will be accepted. Use this only to look at a broken server.
            </div>
          ) : null}
          <details>
            <summary>Extra CA and client certificate (mTLS)</summary>
            <label>
              Extra trusted CA (PEM)
              <textarea className="mono" rows={3} value={caPem} onChange={(e) => setCaPem(e.target.value)} aria-label="Extra CA PEM" placeholder="-----BEGIN CERTIFICATE-----" />
            </label>
            <VaultPicker
              label="Client certificate from the Certificates tab"
              keyId={keyId}
              onPick={(pick) => {
                setKeyId(pick?.keyId ?? null)
                if (pick) setCertPem(pick.certPem)
              }}
            />
            <label>
              Client certificate (PEM)
              <textarea className="mono" rows={3} value={certPem} onChange={(e) => setCertPem(e.target.value)} aria-label="Client certificate PEM" placeholder="-----BEGIN CERTIFICATE-----" />
            </label>
            {keyId ? (
              <p className="hint">The private key stays in Wirebench’s main process; only its id is used here.</p>
            ) : (
              <label>
                Client private key (PEM)
                <textarea className="mono" rows={3} value={keyPem} onChange={(e) => setKeyPem(e.target.value)} aria-label="Client key PEM" placeholder="-----BEGIN PRIVATE KEY-----" />
              </label>
            )}
          </details>
        </fieldset>
      ) : null}
      <ConnectTimeoutField />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Connecting…' : 'Connect'}
        </button>
        <ActionError error={error} onDismiss={clearError} testId="client-error" />
      </div>
      <CancelConnect />
    </form>
  )
}
