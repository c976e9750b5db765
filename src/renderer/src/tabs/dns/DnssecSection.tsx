// DNSSEC: the chain of trust as a picture, like DNSViz — zones top to bottom, their DS and DNSKEYs as nodes, each
// link's verdict coloured AND written in words (never colour alone) — with the trust anchor the user may paste.
import type { DnssecLink, DnssecResult } from '../../../../shared/dns/model'
import { useField, useStore } from '../../app/store'
import { ErrorBox } from '../../ui/ErrorBox'
import { formatMs } from '../../ui/Timeline'
import { RecordTable } from './RecordTable'
import { runDnssec } from './actions'
import { dnsStore } from './store'
import { TraceForm } from './TraceSection'

const STATUS_WORDS: Record<DnssecLink['status'], string> = {
  secure: '✓ secure',
  insecure: '○ insecure (unsigned)',
  bogus: '✗ bogus',
  indeterminate: '? indeterminate'
}

const RANK: DnssecLink['status'][] = ['bogus', 'indeterminate', 'insecure', 'secure']

/** A zone's verdict is its worst link's. */
function worst(statuses: DnssecLink['status'][]): DnssecLink['status'] {
  return RANK.find((r) => statuses.includes(r)) ?? 'indeterminate'
}

function Status({ status }: { status: DnssecLink['status'] }) {
  return <span className={`dns-status st-${status}`}>{STATUS_WORDS[status]}</span>
}

function LinkRow({ link }: { link: DnssecLink }) {
  return (
    <li className={`dns-link st-border-${link.status}`} data-testid="dnssec-link" data-status={link.status}>
      <div className="dns-link-head">
        <span className="dns-link-arrow" aria-hidden>
          ↓
        </span>
        <span className="dns-link-kind">{link.kind.toUpperCase()}</span>
        <span className="dns-link-title">{link.title}</span>
        <span className="spacer" />
        <Status status={link.status} />
      </div>
      <p className="small">{link.words}</p>
      {Object.keys(link.details).length ? (
        <dl className="dns-link-details small">
          {Object.entries(link.details).map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd className="mono">{v}</dd>
            </div>
          ))}
        </dl>
      ) : null}
    </li>
  )
}

export function ChainOfTrust({ result }: { result: DnssecResult }) {
  return (
    <div className="dns-chain" data-testid="dnssec-chain" role="list" aria-label="Chain of trust, from the anchor down">
      {result.zones.map((z) => {
        const links = result.links.filter((l) => l.zone === z.zone)
        return (
          <div key={z.zone} className="dns-zone" role="listitem">
            <div className="dns-zone-name">
              <span className="mono">{z.zone}</span> <Status status={worst([...links.map((l) => l.status), ...z.keys.map((k) => k.status), ...z.ds.map((d) => d.status)])} />
            </div>
            <div className="dns-zone-nodes">
              {z.ds.map((d, i) => (
                <span key={`ds${i}`} className={`dns-node ds st-border-${d.status}`} title={`DS for key ${d.tag}, digest ${d.digestType}, in the parent zone`}>
                  DS {d.tag}
                  <span className="dns-node-sub">
                    {d.digestType} · <Status status={d.status} />
                  </span>
                </span>
              ))}
              {z.keys.map((k, i) => (
                <span key={`k${i}`} className={`dns-node key ${k.role} st-border-${k.status}`} title={`DNSKEY flags ${k.flags}, algorithm ${k.algorithm}`}>
                  {k.role} {k.tag}
                  <span className="dns-node-sub">
                    {k.algorithm} · <Status status={k.status} />
                  </span>
                </span>
              ))}
            </div>
            {links.length ? (
              <ol className="dns-links">
                {links.map((l, i) => (
                  <LinkRow key={i} link={l} />
                ))}
              </ol>
            ) : null}
          </div>
        )
      })}
      {result.links
        .filter((l) => !result.zones.some((z) => z.zone === l.zone))
        .map((l, i) => (
          <ol className="dns-links" key={`o${i}`}>
            <LinkRow link={l} />
          </ol>
        ))}
    </div>
  )
}

export function DnssecSection() {
  const result = useStore(dnsStore, (s) => s.dnssec)
  const [error, setError] = useField(dnsStore, 'dnssecError')
  const [anchor, setAnchor] = useField(dnsStore, 'secAnchor')
  const job = useStore(dnsStore, (s) => s.dnssecJob)
  return (
    <div className="dns-dnssec">
      <form className="card" aria-label="Validate DNSSEC" onSubmit={(e) => (e.preventDefault(), void runDnssec())}>
        <h3>DNSSEC: the chain of trust</h3>
        <p className="muted small">
          Walk from a trust anchor down to the answer: each DS in a parent must match a key of the child, each key set must be signed by that key, and the answer by the zone's
          keys (RFC 4033 §5, RFC 4035 §5).
        </p>
        <TraceForm prefix="sec" busy={!!job} onSubmit={() => void runDnssec()} onCancel={job?.handle ? () => job.handle!.cancel() : undefined} />
        <label>
          Trust anchor (DS or DNSKEY records, zone-file form); empty uses the bundled root KSK
          <textarea className="mono" rows={3} value={anchor} onChange={(e) => setAnchor(e.target.value)} aria-label="Trust anchor" spellCheck={false} placeholder=". IN DS 20326 8 2 E06D44B8…" />
        </label>
        {job ? (
          <p className="small muted" role="status">
            Validating… {job.progress?.message ?? ''}
          </p>
        ) : null}
        {error ? <ErrorBox error={error} onDismiss={() => setError(null)} /> : null}
      </form>
      {result ? (
        <div className="card" data-testid="dnssec-result">
          <div className="dns-verdict">
            <Status status={result.status} />
            <span data-testid="dnssec-words">{result.words}</span>
          </div>
          <p className="muted small">
            Anchor: {result.anchor} · {formatMs(result.timeMs)}
          </p>
          <ChainOfTrust result={result} />
          {result.answers.length ? <RecordTable title="Answer" records={result.answers} receivedAt={0} testId="dnssec-answer" /> : null}
        </div>
      ) : null}
    </div>
  )
}
