// This machine: resolv.conf and the hosts file exactly as they are, with what ndots and search mean, and a name
// resolved the way programs do (getaddrinfo) beside a DNS answer, every difference in words.
import { useEffect } from 'react'
import type { SystemLookup } from '../../../../shared/dns/model'
import { useField, useStore } from '../../app/store'
import { ErrorBox } from '../../ui/ErrorBox'
import { Segmented } from '../../ui/Segmented'
import { formatMs } from '../../ui/Timeline'
import { loadSystem, runGetaddrinfo } from './actions'
import { dnsStore } from './store'

/** getaddrinfo's answer: the addresses, whether the hosts file gave them, and how it differs from DNS. */
export function SystemLookupView({ gai, testId }: { gai: SystemLookup; testId: string }) {
  return (
    <div data-testid={testId} className="small dns-gai">
      {gai.error ? (
        <p className="bad">
          {gai.error.code}: {gai.error.message}
        </p>
      ) : (
        <p>
          {gai.addresses.length} address{gai.addresses.length === 1 ? '' : 'es'} in {formatMs(gai.timeMs)}:{' '}
          {gai.addresses.map((a) => (
            <span key={a.address} className="mono dns-pill">
              {a.address}
            </span>
          ))}
        </p>
      )}
      <p>{gai.fromHostsFile ? 'The hosts file answered:' : gai.error ? 'The hosts file does not name it.' : 'The hosts file does not name it, so DNS answered.'}</p>
      {gai.hostsMatches.map((m) => (
        <div key={m.line} className="mono muted">
          line {m.line}: {m.text}
        </div>
      ))}
      {gai.comparison.length ? (
        <>
          <h4>Beside a DNS query</h4>
          <ul>
            {gai.comparison.map((c, i) => (
              <li key={i}>{c}</li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  )
}

export function MachineSection() {
  const system = useStore(dnsStore, (s) => s.system)
  const systemError = useStore(dnsStore, (s) => s.systemError)
  const [name, setName] = useField(dnsStore, 'gaiName')
  const [family, setFamily] = useField(dnsStore, 'gaiFamily')
  const [gaiError, setGaiError] = useField(dnsStore, 'gaiError')
  const gai = useStore(dnsStore, (s) => s.gai)
  const busy = useStore(dnsStore, (s) => s.gaiBusy)
  useEffect(() => void loadSystem(), [])
  const rc = system?.resolvConf
  return (
    <div className="dns-machine">
      <form className="card" aria-label="getaddrinfo" onSubmit={(e) => (e.preventDefault(), void runGetaddrinfo())}>
        <h3>Resolve like a program does (getaddrinfo)</h3>
        <p className="muted small">The OS resolver reads the hosts file first, then asks the resolv.conf servers with the search list — so it can disagree with a DNS query.</p>
        <div className="dns-bar-row">
          <label className="grow">
            Host name
            <input className="mono" value={name} onChange={(e) => setName(e.target.value)} aria-label="getaddrinfo name" spellCheck={false} />
          </label>
          <Segmented label="Address family" options={[['0', 'Any'], ['4', 'IPv4'], ['6', 'IPv6']] as const} value={String(family) as '0' | '4' | '6'} onChange={(v) => setFamily(Number(v) as 0 | 4 | 6)} />
          <button type="submit" className="primary" disabled={busy}>
            Resolve
          </button>
        </div>
        {gaiError ? <ErrorBox error={gaiError} onDismiss={() => setGaiError(null)} /> : null}
        {gai ? <SystemLookupView gai={gai} testId="gai-result" /> : null}
      </form>
      {systemError ? <ErrorBox error={systemError} /> : null}
      <div className="dns-machine-files">
        <div className="card" data-testid="resolv-conf">
          <h3>{rc?.path ?? 'resolv.conf'}</h3>
          {rc ? (
            <>
              <p className="small">
                Servers: {rc.nameservers.map((n) => <span key={n} className="mono dns-pill">{n}</span>)} · search: {rc.search.length ? rc.search.join(', ') : '(none)'} · ndots {rc.ndots}
              </p>
              <ul className="small">
                {rc.explain.map((e, i) => (
                  <li key={i}>{e}</li>
                ))}
              </ul>
              <pre className="dns-file">{rc.text}</pre>
            </>
          ) : (
            <p className="muted small">{system ? 'No resolv.conf on this machine.' : 'Reading…'}</p>
          )}
        </div>
        <div className="card" data-testid="hosts-file">
          <h3>{system?.hosts?.path ?? 'hosts file'}</h3>
          {system?.hosts ? <pre className="dns-file">{system.hosts.text}</pre> : <p className="muted small">{system ? 'No hosts file.' : 'Reading…'}</p>}
        </div>
      </div>
    </div>
  )
}
