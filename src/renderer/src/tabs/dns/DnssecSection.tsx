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

/** "20261201104751" (RFC 4034 §3.2 signature time) as "2026-12-01 10:47:51", or undefined when it is not one. */
function sigTime(text: string): { words: string; ms: number } | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text)
  if (!m) return undefined
  const [, y, mo, d, h, mi, se] = m
  return { words: `${y}-${mo}-${d} ${h}:${mi}:${se}`, ms: Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, +se!) }
}

/** "14 days", "3 hours": the largest whole unit of a span of time. */
function span(ms: number): string {
  const units: [number, string][] = [[86_400_000, 'day'], [3_600_000, 'hour'], [60_000, 'minute']]
  for (const [size, unit] of units) {
    const n = Math.floor(ms / size)
    if (n >= 1) return `${n} ${unit}${n === 1 ? '' : 's'}`
  }
  return 'less than a minute'
}

/** Signature times in words as people read them ("2026-12-01 10:47:51 UTC"), everywhere the engine wrote them raw. */
export const readableTimes = (text: string): string => text.replace(/\b(\d{14}) UTC\b/g, (all, t: string) => (sigTime(t) ? `${sigTime(t)!.words} UTC` : all))

/** A signature's inception or expiration with how far it is from now ("expires in 14 days", "expired 2 days ago"). */
export function timeWords(key: string, value: string, now: number): string {
  const t = sigTime(value.replace(/ UTC$/, ''))
  if (!t) return value
  const ahead = t.ms > now
  const rel = key === 'expiration' ? (ahead ? `expires in ${span(t.ms - now)}` : `expired ${span(now - t.ms)} ago`) : ahead ? `not valid yet: starts in ${span(t.ms - now)}` : `${span(now - t.ms)} ago`
  return `${t.words} UTC (${rel})`
}

/** The engine's detail keys as words (keyTag → key tag). */
const DETAIL_WORDS: Record<string, string> = {
  signedBytes: 'bytes signed',
  ownerSigned: 'owner signed',
  rrsigs: 'signatures',
  keyTag: 'key tag',
  originalTtl: 'original TTL',
  inception: 'signed from',
  expiration: 'valid until'
}
const detailLabel = (k: string): string => DETAIL_WORDS[k] ?? k.replace(/([a-z])([A-Z])/g, (_, a: string, b: string) => `${a} ${b.toLowerCase()}`)

/**
 * The headline: a secure NXDOMAIN or NODATA says what was proven and how, not only that every link verifies
 * (RFC 4035 §5.4 for NSEC, RFC 5155 §8 for NSEC3).
 */
export function headline(result: DnssecResult): string {
  const words = readableTimes(result.words)
  if (result.status !== 'secure' || result.answers.length) return words
  const denial = [...result.links].reverse().find((l) => l.kind === 'denial' && l.status === 'secure' && /( does not exist| has no record of that type)$/.test(l.title))
  if (!denial) return words
  const nsec3 = /NSEC3/.test(denial.details.method ?? '') || /NSEC3/.test(denial.words)
  const how = nsec3 ? 'NSEC3 (RFC 5155 §8)' : 'NSEC (RFC 4035 §5.4)'
  const nx = denial.title.endsWith(' does not exist')
  const name = denial.title.replace(/ (does not exist|has no record of that type)$/, '')
  return nx ? `Secure denial: ${name} does not exist (NXDOMAIN), proven by ${how}.` : `Secure denial: ${name} has no ${result.type} records (NODATA), proven by ${how}.`
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
      <p className="small">{readableTimes(link.words)}</p>
      {Object.keys(link.details).length ? (
        <dl className="dns-link-details small">
          {Object.entries(link.details).map(([k, v]) => (
            <div key={k}>
              <dt>{detailLabel(k)}</dt>
              <dd className="mono">{k === 'inception' || k === 'expiration' ? timeWords(k, v, Date.now()) : v}</dd>
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
            <span data-testid="dnssec-words">{headline(result)}</span>
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
