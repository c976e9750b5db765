// This machine's interfaces as main reports them, classified, each one click from the calculator.
import { useEffect } from 'react'
import { useField } from '../../app/store'
import { subnetsStore } from './store'
import { addressFlags, parseAddress } from '../../../../shared/ip'
import { api } from '../../app/api'
import { ErrorBox } from '../../ui/ErrorBox'

function classify(address: string): string {
  const parsed = parseAddress(address)
  if (!parsed.ok) return ''
  const f = addressFlags(parsed.value)
  return (['loopback', 'linkLocal', 'private', 'global', 'multicast', 'reserved', 'unspecified'] as const)
    .filter((k) => f[k])
    .map((k) => (k === 'linkLocal' ? 'link-local' : k))
    .join(', ')
}

/** This machine's interfaces, each address classified and one click from the calculator. */
export function ThisMachine({ onOpen }: { onOpen: (cidr: string) => void }) {
  const [net, setNet] = useField(subnetsStore, 'net')
  const [error, setError] = useField(subnetsStore, 'netError')
  useEffect(() => {
    void api.call('system.network', {}).then((r) => (r.ok ? setNet(r.value) : setError(r.error)))
  }, [])
  if (error) return <ErrorBox error={error} />
  if (!net) return <p className="muted">Reading interfaces…</p>
  return (
    <div className="machine">
      <section className="card wide">
        <h3>Interfaces</h3>
        <table className="small-table" data-testid="interfaces">
          <thead>
            <tr>
              <th>Interface</th>
              <th>Address</th>
              <th>Kind</th>
              <th>MAC</th>
            </tr>
          </thead>
          <tbody>
            {net.interfaces.flatMap((i) =>
              i.addresses.map((a, n) => (
                <tr key={`${i.name}-${a.cidr}`}>
                  <td>{n === 0 ? `${i.name}${i.internal ? ' (internal)' : ''}` : ''}</td>
                  <td>
                    <button className="link-button mono" onClick={() => onOpen(a.cidr)} title="Open in the calculator">
                      {a.cidr}
                    </button>
                  </td>
                  <td className="small">{classify(a.address)}</td>
                  <td className="mono small">{n === 0 ? (i.mac ?? '—') : ''}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </section>
      <section className="card">
        <h3>Routing and DNS</h3>
        <dl className="kvs one">
          <div className="kv">
            <dt>Gateways</dt>
            <dd>
              {net.gateways.length
                ? net.gateways.map((g) => `${g.address} via ${g.interface}`).join(' · ')
                : net.gatewaysExposed
                  ? 'no default route'
                  : 'not exposed by this OS'}
            </dd>
          </div>
          <div className="kv">
            <dt>DNS servers</dt>
            <dd>{net.dnsServers.length ? net.dnsServers.join(' · ') : 'none configured'}</dd>
          </div>
          <div className="kv">
            <dt>Ephemeral ports</dt>
            <dd data-testid="ephemeral-range">
              {net.ephemeralPortRange ? `${net.ephemeralPortRange.low}–${net.ephemeralPortRange.high} (${net.ephemeralPortRange.source})` : 'not exposed by this OS'}
            </dd>
          </div>
        </dl>
      </section>
    </div>
  )
}
