// The session's cookie jar as main holds it (RFC 6265bis §5.7): each cookie's scope and lifetime in words, with
// delete and clear; requests use it only when "Send cookies from the jar" is on.
import { useEffect } from 'react'
import { describeLifetime } from '../../../../shared/http/cookies'
import { useStore } from '../../app/store'
import { ErrorBox } from '../../ui/ErrorBox'
import { clearJar, deleteCookie, loadJar } from './actions'
import { httpStore } from './store'

export function JarSection() {
  const jar = useStore(httpStore, (s) => s.jar)
  const error = useStore(httpStore, (s) => s.jarError)
  useEffect(() => void loadJar(), [])
  const now = Date.now()
  return (
    <section className="card http-jar" aria-label="Cookie jar">
      <div className="http-row">
        <h3>Cookie jar</h3>
        <span className="small muted">One jar per window. Turn on &quot;Store cookies&quot; to fill it and &quot;Send cookies&quot; to use it.</span>
        <span className="grow" />
        <button type="button" className="small-button" onClick={() => void loadJar()}>
          Refresh
        </button>
        <button type="button" className="small-button" onClick={() => void clearJar()} disabled={!jar?.length}>
          Clear the jar
        </button>
      </div>
      <ErrorBox error={error} onDismiss={() => httpStore.set({ jarError: null })} />
      {jar && jar.length === 0 ? <p className="muted small">The jar is empty.</p> : null}
      {jar?.length ? (
        <table className="http-jar-table" data-testid="http-jar">
          <thead>
            <tr>
              <th>Name = value</th>
              <th>Sent to</th>
              <th>Flags</th>
              <th>Lifetime</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {jar.map((c) => (
              <tr key={`${c.name}|${c.domain}|${c.path}`}>
                <td className="mono">
                  {c.name}={c.value.length > 40 ? `${c.value.slice(0, 40)}…` : c.value}
                </td>
                <td className="mono" title={c.hostOnly ? 'Host-only: no Domain attribute, so only this exact host (RFC 6265bis §5.7)' : 'Domain given: this host and its subdomains'}>
                  {c.hostOnly ? '' : '.'}
                  {c.domain} <span className="muted">path</span> {c.path}
                </td>
                <td className="small">{[c.secure && 'Secure', c.httpOnly && 'HttpOnly', `SameSite=${c.sameSite}`, c.partitioned && 'Partitioned'].filter(Boolean).join(' · ')}</td>
                <td className="small">{describeLifetime(c, now)}</td>
                <td>
                  <button type="button" className="small-button" onClick={() => void deleteCookie(c)} aria-label={`Delete cookie ${c.name}`}>
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  )
}
