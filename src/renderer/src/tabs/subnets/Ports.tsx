// Port numbers and service names from the IANA registry; the query and answer live in the tab's store.
import { useEffect } from 'react'
import { useField } from '../../app/store'
import { subnetsStore } from './store'
import { api } from '../../app/api'
import { ErrorBox } from '../../ui/ErrorBox'
import { Listening } from './Listening'

const RANGE_WORDS = { system: 'System port (0–1023)', user: 'User port (1024–49151)', dynamic: 'Dynamic / private port (49152–65535)' } as const

/** Port numbers and service names, both ways, from the IANA registry (RFC 6335 ranges). */
export function Ports() {
  const [query, setQuery] = useField(subnetsStore, 'query')
  const [answer, setAnswer] = useField(subnetsStore, 'answer')
  const [error, setError] = useField(subnetsStore, 'portError')
  useEffect(() => {
    if (!query.trim()) {
      setAnswer(null)
      setError(null)
      return
    }
    let alive = true
    const timer = setTimeout(() => {
      void api.call('ports.lookup', { query }).then((r) => {
        if (!alive) return
        setAnswer(r.ok ? r.value : null)
        setError(r.ok ? null : r.error)
      })
    }, 120)
    return () => {
      alive = false
      clearTimeout(timer)
    }
  }, [query])
  return (
    <div className="ports">
      <label className="big-input">
        Port number or service name (optionally /tcp, /udp, /sctp, /dccp)
        <input value={query} onChange={(e) => setQuery(e.target.value)} aria-label="Port or service" spellCheck={false} placeholder="443 · ssh · 5353/udp" />
      </label>
      <ErrorBox error={error} />
      {answer ? (
        <section className="card wide" data-testid="port-answer">
          {answer.kind === 'port' ? (
            <>
              <h3>
                Port {answer.port}: {RANGE_WORDS[answer.range]}
              </h3>
              {answer.ephemeral ? (
                <p className="small">
                  This machine picks ephemeral (client) ports from {answer.ephemeral.low}–{answer.ephemeral.high}:{' '}
                  {answer.ephemeral.contains ? 'this port is one it may hand out.' : 'this port is outside that range.'}
                </p>
              ) : null}
              {answer.services.length === 0 ? <p className="muted">No service is registered for this port with IANA.</p> : null}
            </>
          ) : (
            <h3>
              Service “{answer.name}”{answer.services.length === 0 ? ': no IANA registration' : ''}
            </h3>
          )}
          {answer.services.length ? (
            <table className="small-table">
              <thead>
                <tr>
                  <th>Port</th>
                  <th>Protocol</th>
                  <th>Names</th>
                  <th>Description</th>
                </tr>
              </thead>
              <tbody>
                {answer.services.slice(0, 500).map((s, i) => (
                  <tr key={i}>
                    <td className="mono">{s.port}</td>
                    <td>{s.protocol}</td>
                    <td className="mono">{s.names.join(', ') || '—'}</td>
                    <td>{s.description}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          <p className="muted small">From the IANA Service Name and Transport Protocol Port Number Registry, shipped with Wirebench; ranges per RFC 6335.</p>
        </section>
      ) : null}
      <Listening port={answer?.kind === 'port' ? answer.port : null} />
    </div>
  )
}
