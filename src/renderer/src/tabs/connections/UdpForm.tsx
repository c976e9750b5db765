import { useState } from 'react'
import type { PayloadInput, UdpSendResult, UdpSocketInfo } from '../../../../shared/contract'
import type { WireError } from '../../../../shared/errors'
import { toDisplayText, fromBase64 } from '../../../../shared/bytes'
import { api } from '../../app/api'
import { ErrorBox } from '../../ui/ErrorBox'
import { Composer } from './Composer'
import { hostPort } from './model'
import { HostPortRow, portValue } from './HostPortRow'

/** Send one datagram and see the reply, or bind a socket that lists what arrives. */
export function UdpForm({ onBound }: { onBound: (info: UdpSocketInfo) => void }) {
  const [host, setHost] = useState('127.0.0.1')
  const [port, setPort] = useState('')
  const [bindHost, setBindHost] = useState('127.0.0.1')
  const [bindPort, setBindPort] = useState('0')
  const [result, setResult] = useState<UdpSendResult | null>(null)
  const [error, setError] = useState<WireError | null>(null)

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
      <Composer onSend={send} />
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
