// A TLS server's failed handshakes — who, when and why — so a refused client is never just a number in a counter.
import { useEffect, useState } from 'react'
import type { HandshakeFailure } from '../../../../shared/contract'
import { api } from '../../app/api'
import { hostPort } from './model'
import './tls.css'

const keyOf = (f: HandshakeFailure) => `${f.remoteAddress}:${f.remotePort}@${f.at}`

/** The server's list of failed handshakes, newest first: listed from main on mount, then kept current by events. */
export function FailedHandshakes({ serverId, initial }: { serverId: string; initial: HandshakeFailure[] }) {
  const [failures, setFailures] = useState<HandshakeFailure[]>(initial)
  useEffect(() => {
    let alive = true
    void api.call('server.list', {}).then((r) => {
      const current = r.ok ? r.value.find((s) => s.id === serverId) : undefined
      if (alive && current?.failedHandshakes) setFailures(current.failedHandshakes)
    })
    // A reason can arrive after its entry (Node reports the close and the error in either order): replace in place.
    const off = api.on('server.handshakeFailed', (p) => {
      if (p.serverId !== serverId) return
      setFailures((prev) => {
        const i = prev.findIndex((f) => keyOf(f) === keyOf(p.failure))
        if (i < 0) return [p.failure, ...prev].slice(0, 100)
        const next = prev.slice()
        next[i] = p.failure
        return next
      })
    })
    return () => {
      alive = false
      off()
    }
  }, [serverId])

  return (
    <section className="failed-handshakes" aria-label="Failed TLS handshakes" data-testid="failed-handshakes">
      <h3>Failed TLS handshakes {failures.length > 0 ? <span className="muted">({failures.length}{failures.length >= 100 ? ', newest kept' : ''})</span> : null}</h3>
      {failures.length === 0 ? (
        <p className="hint">None yet. A client that fails the handshake (no or a wrong certificate, plain text, no shared cipher) is listed here with the reason.</p>
      ) : (
        <ol className="failed-list">
          {failures.map((f) => (
            <li key={keyOf(f)} className="failed-row">
              <span className="mono failed-peer">{hostPort(f.remoteAddress, f.remotePort)}</span>
              <span className="muted failed-time">{new Date(f.at).toLocaleTimeString()}</span>
              <span className="failed-reason" title={f.code ?? undefined}>
                {f.reason}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  )
}
