// The UDP form: send one datagram, or bind a socket; fields and the last result live in the tab's store.
import { useField } from '../../app/store'
import { udpForm } from './store'
import type { PayloadInput, UdpSocketInfo } from '../../../../shared/contract'
import { toDisplayText, fromBase64 } from '../../../../shared/bytes'
import { api } from '../../app/api'
import { ErrorBox } from '../../ui/ErrorBox'
import { Composer } from './Composer'
import { hostPort } from './model'
import { HostPortRow, portValue } from './HostPortRow'

/** Send one datagram and see the reply, or bind a socket that lists what arrives. */
export function UdpForm({ onBound }: { onBound: (info: UdpSocketInfo) => void }) {
  const [host, setHost] = useField(udpForm, 'host')
  const [port, setPort] = useField(udpForm, 'port')
  const [bindHost, setBindHost] = useField(udpForm, 'bindHost')
  const [bindPort, setBindPort] = useField(udpForm, 'bindPort')
  const [result, setResult] = useField(udpForm, 'result')
  const [error, setError] = useField(udpForm, 'error')

  const send = async (payload: PayloadInput) => {
    setError(null)
    const r = await api.call('udp.send', { host, port: portValue(port), payload, waitForReplyMs: 1000 })
    if (r.ok) setResult(r.value)
    else setError(r.error)
    return r.ok
  }
  const bind = async () => {
    setError(null)
    const r = await api.call('udp.bind', { host: bindHost, port: Number(bindPort) })
    if (r.ok) onBound(r.value)
    else setError(r.error)
  }
  return (
    <div className="form" aria-label="UDP">
      <h3>Send a datagram</h3>
      <HostPortRow host={host} port={port} onHost={setHost} onPort={setPort} hostLabel="UDP host" portLabel="UDP port" />
      <Composer draftKey="udp-send" onSend={send} />
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
      <HostPortRow host={bindHost} port={bindPort} onHost={setBindHost} onPort={setBindPort} hostCaption="Address" hostLabel="UDP bind address" portLabel="UDP bind port" />
      <button className="primary" onClick={() => void bind()}>
        Bind
      </button>
      <ErrorBox error={error} onDismiss={() => setError(null)} />
    </div>
  )
}
