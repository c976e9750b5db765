// The server form (TCP, TLS or UDP, behaviour, defences); its fields live in the tab's store.
import { useField } from '../../app/store'
import { serverForm } from './store'
import type { ServerBehaviour, ServerInfo } from '../../../../shared/contract'
import { SERVER_BEHAVIOURS, serverBehaviours } from '../../../../shared/net/behaviours'
import { api } from '../../app/api'
import { useAction } from '../../app/useAction'
import { VaultPicker } from './VaultPicker'
import { ActionError, FieldMessage, firstFieldError } from './ActionError'
import { checkCount, checkPort, checkSeconds, fieldMessage } from './form-checks'
import { DefenceRow } from './DefenceRow'

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost'])

function unescape(text: string): string {
  return text.replace(/\\([rnt\\])/g, (_m, c: string) => ({ r: '\r', n: '\n', t: '\t', '\\': '\\' })[c] as string)
}

/** Start a TCP, TLS or UDP server with a behaviour and its defences. */
export function ServerForm({ onStarted }: { onStarted: (info: ServerInfo) => void }) {
  const [protocol, setProtocol] = useField(serverForm, 'protocol')
  const [host, setHost] = useField(serverForm, 'host')
  const [port, setPort] = useField(serverForm, 'port')
  const [behaviour, setBehaviour] = useField(serverForm, 'behaviour')
  const [fixedReply, setFixedReply] = useField(serverForm, 'fixedReply')
  const [idleSeconds, setIdleSeconds] = useField(serverForm, 'idleSeconds')
  const [idleOff, setIdleOff] = useField(serverForm, 'idleOff')
  const [lineDeadlineSeconds, setLineDeadlineSeconds] = useField(serverForm, 'lineDeadlineSeconds')
  const [lineDeadlineOff, setLineDeadlineOff] = useField(serverForm, 'lineDeadlineOff')
  const [maxLine, setMaxLine] = useField(serverForm, 'maxLine')
  const [maxConnections, setMaxConnections] = useField(serverForm, 'maxConnections')
  const [useTls, setUseTls] = useField(serverForm, 'useTls')
  const [selfSigned, setSelfSigned] = useField(serverForm, 'selfSigned')
  const [certPem, setCertPem] = useField(serverForm, 'certPem')
  const [keyPem, setKeyPem] = useField(serverForm, 'keyPem')
  const [keyId, setKeyId] = useField(serverForm, 'keyId')
  const [requireClientCert, setRequireClientCert] = useField(serverForm, 'requireClientCert')
  const [clientCaPem, setClientCaPem] = useField(serverForm, 'clientCaPem')

  // Checked here, in seconds and words; an "off" switch stands for 0, which main reads as off.
  const portCheck = checkPort(port, { listen: true })
  const idleCheck = idleOff ? ({ ok: true, value: 0 } as const) : checkSeconds(idleSeconds, 'Idle timeout')
  const deadlineCheck = lineDeadlineOff ? ({ ok: true, value: 0 } as const) : checkSeconds(lineDeadlineSeconds, 'Line deadline')
  const maxLineCheck = checkCount(maxLine, 'Max line', 'bytes', 1, 16 * 1024 * 1024)
  const maxConnectionsCheck = checkCount(maxConnections, 'Max connections', 'connections', 1, 100_000)
  const idleIsOff = idleCheck.ok && idleCheck.value === 0
  const deadlineIsOff = deadlineCheck.ok && deadlineCheck.value === 0
  const valueOf = (c: { ok: boolean; value?: number }) => c.value ?? Number.NaN

  const { busy, error, submit: start, clearError } = useAction(
    async () =>
      firstFieldError([portCheck, idleCheck, deadlineCheck, maxLineCheck, maxConnectionsCheck]) ??
      api.call('server.start', {
      protocol,
      host,
      port: valueOf(portCheck),
      behaviour,
      fixedReply: behaviour === 'fixed' ? { format: 'text', data: unescape(fixedReply), lineEnding: 'none' } : undefined,
      limits: { idleTimeoutMs: valueOf(idleCheck), lineDeadlineMs: valueOf(deadlineCheck), maxLineLength: valueOf(maxLineCheck), maxConnections: valueOf(maxConnectionsCheck) },
      tls:
        useTls && protocol === 'tcp'
          ? {
              selfSigned,
              certPem: selfSigned ? undefined : certPem,
              keyPem: selfSigned || keyId ? undefined : keyPem,
              keyId: selfSigned || !keyId ? undefined : keyId,
              requireClientCert,
              clientCaPem: requireClientCert ? clientCaPem : undefined
            }
          : undefined
    }),
    onStarted,
    'connections.server'
  )

  return (
    <form
      className="form"
      aria-label="Server"
      onSubmit={(e) => {
        e.preventDefault()
        void start()
      }}
    >
      <div className="field-row">
        <label>
          Protocol
          <select value={protocol} onChange={(e) => setProtocol(e.target.value as 'tcp' | 'udp')} aria-label="Protocol">
            <option value="tcp">TCP</option>
            <option value="udp">UDP</option>
          </select>
        </label>
        <label className="grow">
          Behaviour
          <select value={behaviour} onChange={(e) => setBehaviour(e.target.value as ServerBehaviour)} aria-label="Behaviour">
            {serverBehaviours.map((id) => (
              <option key={id} value={id}>
                {SERVER_BEHAVIOURS[id].label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="hint">{SERVER_BEHAVIOURS[behaviour].hint}</p>
      {behaviour === 'fixed' ? (
        <label>
          Reply (type \r and \n for CR and LF; a new line in the box is LF)
          <textarea className="mono" rows={4} value={fixedReply} onChange={(e) => setFixedReply(e.target.value)} aria-label="Fixed reply" />
        </label>
      ) : null}
      <div className="field-row">
        <label className="grow">
          Bind address
          <input list="bind-addresses" value={host} onChange={(e) => setHost(e.target.value)} aria-label="Bind address" spellCheck={false} />
          <datalist id="bind-addresses">
            <option value="127.0.0.1">IPv4 loopback: this machine only</option>
            <option value="::1">IPv6 loopback: this machine only</option>
            <option value="0.0.0.0">every IPv4 interface</option>
            <option value="::">every interface</option>
          </datalist>
        </label>
        <label className="port">
          Port
          <input
            value={port}
            onChange={(e) => setPort(e.target.value)}
            aria-label="Listen port"
            inputMode="numeric"
            title="0 lets the OS choose a free port"
            className={fieldMessage(portCheck, port) ? 'invalid' : undefined}
            aria-invalid={fieldMessage(portCheck, port) ? true : undefined}
            aria-describedby={fieldMessage(portCheck, port) ? 'listen-port-message' : undefined}
          />
        </label>
      </div>
      <FieldMessage id="listen-port-message" message={fieldMessage(portCheck, port)} />
      {!LOOPBACK.has(host.trim()) ? (
        <div className="warning" role="alert">
          {host.trim() === '0.0.0.0' || host.trim() === '::'
            ? 'Binding to every interface lets other machines on your networks connect to this server.'
            : 'Binding beyond loopback lets other machines on that network connect to this server.'}
        </div>
      ) : null}
      {protocol === 'tcp' ? (
        <>
          <label className="check">
            <input type="checkbox" checked={useTls} onChange={(e) => setUseTls(e.target.checked)} /> TLS
          </label>
          {useTls ? (
            <fieldset className="tls-options">
              <legend>TLS</legend>
              <label className="check">
                <input type="radio" checked={selfSigned} onChange={() => setSelfSigned(true)} /> Throwaway self-signed certificate for localhost
              </label>
              <label className="check">
                <input type="radio" checked={!selfSigned} onChange={() => setSelfSigned(false)} /> My certificate and key (PEM)
              </label>
              {!selfSigned ? (
                <>
                  <VaultPicker
                    label="From the Certificates tab"
                    keyId={keyId}
                    onPick={(pick) => {
                      setKeyId(pick?.keyId ?? null)
                      if (pick) setCertPem(pick.certPem)
                    }}
                  />
                  <textarea className="mono" rows={3} value={certPem} onChange={(e) => setCertPem(e.target.value)} aria-label="Server certificate PEM" placeholder="-----BEGIN CERTIFICATE-----" />
                  {keyId ? (
                    <p className="hint">The private key stays in Wirebench’s main process; only its id is used here.</p>
                  ) : (
                    <textarea className="mono" rows={3} value={keyPem} onChange={(e) => setKeyPem(e.target.value)} aria-label="Server key PEM" placeholder="-----BEGIN PRIVATE KEY-----" />
                  )}
                </>
              ) : null}
              <label className="check">
                <input type="checkbox" checked={requireClientCert} onChange={(e) => setRequireClientCert(e.target.checked)} /> Require a client certificate (mTLS)
              </label>
              {requireClientCert ? (
                <textarea className="mono" rows={3} value={clientCaPem} onChange={(e) => setClientCaPem(e.target.value)} aria-label="Client CA PEM" placeholder="CA that signs client certificates (PEM)" />
              ) : null}
            </fieldset>
          ) : null}
        </>
      ) : null}
      <details className="defences-panel" data-testid="defences">
        <summary>Defences: idle timeout, line deadline, line length, connections</summary>
        <div className="defences">
          <DefenceRow label="Idle timeout (seconds)" ariaLabel="Idle timeout seconds" value={idleSeconds} onValue={setIdleSeconds} inputMode="decimal" message={idleOff ? null : fieldMessage(idleCheck, idleSeconds, true)} off={idleOff} onOff={setIdleOff} offLabel="Idle timeout off" />
          <DefenceRow label="Line deadline (seconds)" ariaLabel="Line deadline seconds" value={lineDeadlineSeconds} onValue={setLineDeadlineSeconds} inputMode="decimal" message={lineDeadlineOff ? null : fieldMessage(deadlineCheck, lineDeadlineSeconds, true)} off={lineDeadlineOff} onOff={setLineDeadlineOff} offLabel="Line deadline off" />
          <DefenceRow label="Max line (bytes)" ariaLabel="Max line length" value={maxLine} onValue={setMaxLine} message={fieldMessage(maxLineCheck, maxLine, true)} />
          <DefenceRow label="Max connections" ariaLabel="Max connections" value={maxConnections} onValue={setMaxConnections} message={fieldMessage(maxConnectionsCheck, maxConnections, true)} />
        </div>
      </details>
      {protocol === 'tcp' && (idleIsOff || deadlineIsOff) ? (
        <div className="warning" data-testid="defences-off">
          {idleIsOff ? 'Idle timeout off: a client that connects and says nothing keeps its connection (and a slot) until it leaves. ' : ''}
          {deadlineIsOff ? 'Line deadline off: a client that drips a line a byte at a time (slowloris) can hold a slot for ever.' : ''}
        </div>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Starting…' : 'Start server'}
        </button>
        <ActionError error={error} onDismiss={clearError} testId="server-error" />
      </div>
    </form>
  )
}
