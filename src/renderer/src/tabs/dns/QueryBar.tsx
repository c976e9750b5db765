// The query bar: a name (or an address for -x), the types, the resolvers (several → side by side), the transport
// and the options, with the history of what was asked (click to ask again). Bad input is said by the field.
import type { WireError } from '../../../../shared/errors'
import { useField, useStore } from '../../app/store'
import { ErrorBox } from '../../ui/ErrorBox'
import { Segmented } from '../../ui/Segmented'
import { COMMON_TYPES, TRANSPORT_WORDS } from './dns-words'
import { QueryOptions } from './QueryOptions'
import { runLookup } from './actions'
import { dnsStore, type Transport } from './store'

const TRANSPORTS: [Transport, string][] = [
  ['udp', 'UDP'],
  ['tcp', 'TCP'],
  ['tls', 'TLS'],
  ['https', 'HTTPS'],
  ['system', 'System (getaddrinfo)']
]

/** Which field an input error is about, so that field (and only it) is marked and described by the words. */
export function errorField(code: string | undefined): 'name' | 'resolvers' | 'types' | null {
  if (!code) return null
  if (code === 'DNS_BAD_RESOLVER') return 'resolvers'
  if (code === 'DNS_BAD_TYPE') return 'types'
  if (/NAME|IDNA/.test(code)) return 'name'
  return null
}

/** The query's error in words, with its Dismiss; shown by the field it is about. */
function QueryError({ error, onDismiss }: { error: WireError; onDismiss: () => void }) {
  return (
    <div className="action-error" id="dns-query-error" data-testid="dns-query-error">
      <ErrorBox error={error} onDismiss={onDismiss} />
    </div>
  )
}

/** ARIA and class for a field that the current error is (or is not) about. */
const marks = (on: boolean) => ({ 'aria-invalid': on, 'aria-describedby': on ? 'dns-query-error' : undefined })

function TypeChips({ error, onDismiss }: { error: WireError | null; onDismiss: () => void }) {
  const [types, setTypes] = useField(dnsStore, 'types')
  const [other, setOther] = useField(dnsStore, 'otherTypes')
  const bad = errorField(error?.code) === 'types'
  const toggle = (t: string) => {
    if (t === 'ALL') return setTypes(types.includes('ALL') ? ['A'] : ['ALL'])
    const without = types.filter((x) => x !== 'ALL')
    const next = without.includes(t) ? without.filter((x) => x !== t) : [...without, t]
    // No chip at all is fine when other types are typed; otherwise A, as dig asks.
    setTypes(next.length || other.trim() ? next : ['A'])
  }
  return (
    <fieldset className="dns-types">
      <legend>Record types (pick several; ALL asks every common type at once)</legend>
      <div className="dns-chips">
        {['ALL', ...COMMON_TYPES].map((t) => (
          <label key={t} className={`dns-chip ${types.includes(t) ? 'on' : ''}`}>
            <input type="checkbox" checked={types.includes(t)} onChange={() => toggle(t)} aria-label={`Type ${t}`} />
            {t}
          </label>
        ))}
      </div>
      <label className="dns-other-types">
        Other types (comma or space separated: SPF, TYPE65280 — any type by its number, RFC 3597 §5)
        <input
          className={`mono ${bad ? 'invalid' : ''}`}
          {...marks(bad)}
          value={other}
          onChange={(e) => setOther(e.target.value)}
          placeholder="SPF, TYPE65280"
          aria-label="Other types"
          spellCheck={false}
        />
      </label>
      {bad && error ? <QueryError error={error} onDismiss={onDismiss} /> : null}
    </fieldset>
  )
}

export function QueryBar() {
  const [name, setName] = useField(dnsStore, 'name')
  const [resolvers, setResolvers] = useField(dnsStore, 'resolvers')
  const [transport, setTransport] = useField(dnsStore, 'transport')
  const [reverse, setReverse] = useField(dnsStore, 'reverse')
  const [dohMethod, setDohMethod] = useField(dnsStore, 'dohMethod')
  const [verify, setVerify] = useField(dnsStore, 'verify')
  const [caPem, setCaPem] = useField(dnsStore, 'caPem')
  const [error, setError] = useField(dnsStore, 'lookupError')
  const job = useStore(dnsStore, (s) => s.lookupJob)
  const history = useStore(dnsStore, (s) => s.history)
  const field = errorField(error?.code)
  const secure = transport === 'tls' || transport === 'https' || /\b(tls|https):\/\//.test(resolvers)
  return (
    <form
      className="card dns-query-bar"
      aria-label="DNS query"
      onSubmit={(e) => {
        e.preventDefault()
        void runLookup()
      }}
    >
      <div className="dns-bar-row">
        <label className="grow">
          {reverse ? 'Address (IPv4 or IPv6) to look up by PTR' : 'Name'}
          <input
            className={`mono dns-name ${field === 'name' ? 'invalid' : ''}`}
            {...marks(field === 'name')}
            value={name} onChange={(e) => setName(e.target.value)} placeholder={reverse ? '192.0.2.1 or 2001:db8::1' : 'example.com'} aria-label="Name" spellCheck={false} />
        </label>
        <label className="grow">
          Resolvers (comma-separated to compare)
          <input
            className={`mono ${field === 'resolvers' ? 'invalid' : ''}`}
            {...marks(field === 'resolvers')}
            value={resolvers}
            onChange={(e) => setResolvers(e.target.value)}
            placeholder="system, 127.0.0.1:5353, tls://dns.example, https://dns.example/dns-query"
            aria-label="Resolvers"
            spellCheck={false}
          />
        </label>
        <label className="check dns-reverse" title="-x: ask PTR for the address's in-addr.arpa or ip6.arpa name (RFC 1035 §3.5, RFC 3596 §2.5)">
          <input type="checkbox" checked={reverse} onChange={(e) => setReverse(e.target.checked)} /> Reverse (-x)
        </label>
        {job ? (
          <button type="button" onClick={() => job.handle?.cancel()} disabled={!job.handle}>
            Cancel
          </button>
        ) : (
          <button type="submit" className="primary">
            Ask
          </button>
        )}
      </div>
      {error && (field !== 'types' || reverse) ? <QueryError error={error} onDismiss={() => setError(null)} /> : null}
      <div className="dns-bar-row">
        <Segmented label="Transport" options={TRANSPORTS} value={transport} onChange={setTransport} />
        <span className="muted small dns-transport-words">{TRANSPORT_WORDS[transport]}</span>
        {transport === 'https' ? <Segmented label="DoH method" options={[['GET', 'GET'], ['POST', 'POST']] as const} value={dohMethod} onChange={setDohMethod} /> : null}
        {secure ? (
          <label className="check">
            <input type="checkbox" checked={verify} onChange={(e) => setVerify(e.target.checked)} /> Verify the server certificate
          </label>
        ) : null}
      </div>
      {secure ? (
        <details className="dns-options-box">
          <summary>Extra CA certificates{caPem.trim() ? ' (given)' : ''}</summary>
          <label>
            CA certificates (PEM) to trust for DNS over TLS or HTTPS, beside the system&apos;s — a lab&apos;s own CA, for example
            <textarea className="mono" rows={3} value={caPem} onChange={(e) => setCaPem(e.target.value)} aria-label="Extra CA certificates" spellCheck={false} placeholder="-----BEGIN CERTIFICATE-----" />
          </label>
        </details>
      ) : null}
      {reverse ? null : <TypeChips error={error} onDismiss={() => setError(null)} />}
      <QueryOptions />
      {job ? (
        <p className="small muted" role="status" data-testid="dns-progress">
          Asking… {job.progress?.message ?? ''}
          {job.progress?.total ? ` (${job.progress.done ?? 0} of ${job.progress.total})` : ''}
        </p>
      ) : null}
      {history.length ? (
        <div className="dns-history" aria-label="Past queries">
          <span className="muted small">History:</span>
          {history.slice(0, 12).map((h, i) => (
            <button type="button" key={i} className="small-button mono" onClick={() => void runLookup(h)} disabled={!!job} title="Ask again">
              {h.reverse ? `-x ${h.name}` : `${h.name} ${h.types.join(' ')}`}
              {h.resolvers && h.resolvers !== 'system' ? ` @${h.resolvers}` : ''}
              {h.transport !== 'udp' ? ` +${h.transport}` : ''}
            </button>
          ))}
        </div>
      ) : null}
    </form>
  )
}
