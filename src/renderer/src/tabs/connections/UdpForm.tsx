// The UDP form: send one datagram, or bind a socket; fields, the last result and each action's error live in the
// tab's store, and each error sits by the button that caused it.
import { useField } from '../../app/store'
import { udpForm } from './store'
import type { PayloadInput, UdpSocketInfo } from '../../../../shared/contract'
import { toDisplayText, fromBase64 } from '../../../../shared/bytes'
import { api } from '../../app/api'
import { Composer } from './Composer'
import { hostPort } from './model'
import { HostPortRow } from './HostPortRow'
import { ActionError, firstFieldError } from './ActionError'
import { checkPort, fieldMessage } from './form-checks'

/** Send one datagram and see the reply, or bind a socket that lists what arrives. */
export function UdpForm({ onBound }: { onBound: (info: UdpSocketInfo) => void }) {
  const [host, setHost] = useField(udpForm, 'host')
  const [port, setPort] = useField(udpForm, 'port')
  const [bindHost, setBindHost] = useField(udpForm, 'bindHost')
  const [bindPort, setBindPort] = useField(udpForm, 'bindPort')
  const [result, setResult] = useField(udpForm, 'result')
  const [sendError, setSendError] = useField(udpForm, 'sendError')
  const [bindError, setBindError] = useField(udpForm, 'bindError')
  const portCheck = checkPort(port, { listen: false })
  const bindPortCheck = checkPort(bindPort, { listen: true })

  const send = async (payload: PayloadInput) => {
    // A new send replaces the last one's answer: an old reply must not read as this send's.
    setResult(null)
    setSendError(null)
    const r = firstFieldError([portCheck]) ?? (await api.call('udp.send', { host, port: portCheck.ok ? portCheck.value : Number.NaN, payload, waitForReplyMs: 1000 }))
    if (r.ok) setResult(r.value)
    else setSendError(r.error)
    return r.ok
  }
  const bind = async () => {
    setBindError(null)
    const r = firstFieldError([bindPortCheck]) ?? (await api.call('udp.bind', { host: bindHost, port: bindPortCheck.ok ? bindPortCheck.value : Number.NaN }))
    if (r.ok) onBound(r.value)
    else setBindError(r.error)
  }
  return (
    <div className="form" aria-label="UDP">
      <h3>Send a datagram</h3>
      <HostPortRow host={host} port={port} onHost={setHost} onPort={setPort} hostLabel="UDP host" portLabel="UDP port" portMessage={fieldMessage(portCheck, port)} />
      <Composer draftKey="udp-send" onSend={send} />
      <ActionError error={sendError} onDismiss={() => setSendError(null)} testId="udp-send-error" />
      {result ? (
        <div className="result-card" data-testid="udp-result">
          <div>
            Sent {result.bytes} B from {hostPort(result.localAddress, result.localPort)} to {hostPort(result.remoteAddress, result.remotePort)}
          </div>
          {result.reply ? (
            <div>
              Reply from {hostPort(result.reply.from, result.reply.port)} in {result.reply.rttMs} ms ({result.reply.length} B):
              <pre className="mono">{toDisplayText(fromBase64(result.reply.data))}</pre>
            </div>
          ) : (
            <div className="muted">No reply within 1 s. UDP has no acknowledgements: a silent peer and a lost datagram look the same.</div>
          )}
        </div>
      ) : null}
      <h3>Bind a socket</h3>
      <HostPortRow
        host={bindHost}
        port={bindPort}
        onHost={setBindHost}
        onPort={setBindPort}
        hostCaption="Address"
        hostLabel="UDP bind address"
        portLabel="UDP bind port"
        portMessage={fieldMessage(bindPortCheck, bindPort)}
      />
      <button className="primary" onClick={() => void bind()}>
        Bind
      </button>
      <ActionError error={bindError} onDismiss={() => setBindError(null)} testId="udp-bind-error" />
    </div>
  )
}
