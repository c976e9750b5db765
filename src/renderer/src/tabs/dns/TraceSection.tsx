// Trace from the root (dig +trace): each step a card — the zone asked, every server tried with its outcome, the
// referral's NS and glue, timing — with progress while it runs. Root hints and port can be given (tests, labs).
import { useField, useStore } from '../../app/store'
import { ErrorBox } from '../../ui/ErrorBox'
import { formatMs } from '../../ui/Timeline'
import { RecordTable } from './RecordTable'
import { runTrace } from './actions'
import { dnsStore } from './store'

const KIND_WORDS: Record<string, string> = {
  referral: 'Referral: "not mine, ask these servers" (RFC 1034 §4.3.2)',
  answer: 'Answer',
  cname: 'Alias (CNAME): following it from the root again',
  nxdomain: 'NXDOMAIN: the name does not exist',
  nodata: 'NODATA: the name exists, but has no records of this type',
  error: 'Failed'
}

export function TraceForm({ prefix, onSubmit, busy, onCancel }: { prefix: 'trace' | 'sec'; onSubmit: () => void; busy: boolean; onCancel?: () => void }) {
  const [name, setName] = useField(dnsStore, prefix === 'trace' ? 'traceName' : 'secName')
  const [type, setType] = useField(dnsStore, prefix === 'trace' ? 'traceType' : 'secType')
  const [hints, setHints] = useField(dnsStore, prefix === 'trace' ? 'traceHints' : 'secHints')
  const [port, setPort] = useField(dnsStore, prefix === 'trace' ? 'tracePort' : 'secPort')
  return (
    <>
      <div className="dns-bar-row">
        <label className="grow">
          Name
          <input className="mono" value={name} onChange={(e) => setName(e.target.value)} aria-label={`${prefix === 'trace' ? 'Trace' : 'DNSSEC'} name`} spellCheck={false} />
        </label>
        <label>
          Type
          <input className="mono dns-type-input" value={type} onChange={(e) => setType(e.target.value.toUpperCase())} aria-label={`${prefix === 'trace' ? 'Trace' : 'DNSSEC'} type`} />
        </label>
        {busy ? (
          <button type="button" onClick={onCancel} disabled={!onCancel}>
            Cancel
          </button>
        ) : (
          <button type="submit" className="primary" onClick={(e) => (e.preventDefault(), onSubmit())}>
            {prefix === 'trace' ? 'Trace' : 'Validate'}
          </button>
        )}
      </div>
      <details className="dns-options-box">
        <summary>Root hints and port{hints.trim() ? ' (your hints)' : ''}</summary>
        <label>
          Root hints (named.root format: NS records with A/AAAA glue); empty uses the bundled IANA hints
          <textarea className="mono" rows={4} value={hints} onChange={(e) => setHints(e.target.value)} aria-label={`${prefix === 'trace' ? 'Trace' : 'DNSSEC'} root hints`} spellCheck={false} />
        </label>
        <label className="dns-port">
          Port the servers listen on
          <input className="mono" value={port} onChange={(e) => setPort(e.target.value)} aria-label={`${prefix === 'trace' ? 'Trace' : 'DNSSEC'} port`} />
        </label>
      </details>
    </>
  )
}

export function TraceSection() {
  const trace = useStore(dnsStore, (s) => s.trace)
  const [error, setError] = useField(dnsStore, 'traceError')
  const job = useStore(dnsStore, (s) => s.traceJob)
  return (
    <div className="dns-trace">
      <form className="card" aria-label="Trace from the root" onSubmit={(e) => (e.preventDefault(), void runTrace())}>
        <h3>Trace from the root</h3>
        <p className="muted small">Resolve the name the way a recursive resolver does: ask a root server, follow each referral down to the zone that answers (RFC 1034 §5.3.3).</p>
        <TraceForm prefix="trace" busy={!!job} onSubmit={() => void runTrace()} onCancel={job?.handle ? () => job.handle!.cancel() : undefined} />
        {job ? (
          <p className="small muted" role="status" data-testid="trace-progress">
            Tracing… {job.progress?.message ?? ''}
          </p>
        ) : null}
        {error ? <ErrorBox error={error} onDismiss={() => setError(null)} /> : null}
      </form>
      {trace ? (
        <div className="dns-steps" data-testid="trace-result">
          <p className="small">
            <strong>{trace.rcode}</strong> for <span className="mono">{trace.name}</span> {trace.type} in {formatMs(trace.timeMs)}, {trace.steps.length} steps. Root hints: {trace.rootHints}.
          </p>
          {trace.error ? <ErrorBox error={{ code: trace.error.code as never, message: trace.error.message }} /> : null}
          <ol className="dns-step-list">
            {trace.steps.map((s, i) => (
              <li key={i} className={`card dns-step kind-${s.kind}`} data-testid="trace-step" style={s.depth ? { marginLeft: 18 + s.depth * 28 } : undefined}>
                {s.depth ? <p className="small muted">A side trip: finding the address of a name server that came without glue.</p> : null}
                <div className="dns-step-head">
                  <span className="dns-step-n">{i + 1}</span>
                  <strong className="mono">{s.zone}</strong>
                  <span className="small">
                    asked <span className="mono">{s.qname} {s.qtype}</span>
                  </span>
                  <span className="spacer" />
                  <span className={`dns-step-kind small ${s.kind === 'error' || s.kind === 'nxdomain' ? 'bad' : ''}`}>{KIND_WORDS[s.kind] ?? s.kind}</span>
                </div>
                <p className="small">{s.words}</p>
                <table className="small-table">
                  <thead>
                    <tr>
                      <th>Server</th>
                      <th>Address</th>
                      <th>Time</th>
                      <th>Outcome</th>
                    </tr>
                  </thead>
                  <tbody>
                    {s.servers.map((v, j) => (
                      <tr key={j}>
                        <td className="mono">{v.name}</td>
                        <td className="mono">{v.address}</td>
                        <td>{v.timeMs === null ? '—' : formatMs(v.timeMs)}</td>
                        <td>{v.outcome}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                {s.referral ? (
                  <div className="small dns-referral">
                    Zone cut <strong className="mono">{s.referral.zone}</strong>: NS {s.referral.ns.map((n) => <span key={n} className="mono dns-pill">{n}</span>)}
                    {s.referral.glue.length ? (
                      <>
                        {' '}
                        glue{' '}
                        {s.referral.glue.map((g) => (
                          <span key={g.name + g.address} className="mono dns-pill">
                            {g.name} {g.address}
                          </span>
                        ))}
                      </>
                    ) : (
                      ' no glue (the NS names must be resolved first)'
                    )}
                  </div>
                ) : null}
              </li>
            ))}
          </ol>
          {trace.answers.length ? <RecordTable title="Final answer" records={trace.answers} receivedAt={0} testId="trace-answer" /> : null}
        </div>
      ) : null}
    </div>
  )
}
