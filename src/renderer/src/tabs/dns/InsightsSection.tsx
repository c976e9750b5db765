// Domain insights: what a domain's records say about it — DNS, mail, CDN, certificate providers, ownership proofs —
// each claim with the records that support it, and the SPF include tree counted against the 10-lookup limit.
import type { DomainInsights, Insight, SpfAnalysis } from '../../../../shared/dns/model'
import { useField, useStore } from '../../app/store'
import { ErrorBox } from '../../ui/ErrorBox'
import { formatMs } from '../../ui/Timeline'
import { runInsights } from './actions'
import { dnsStore } from './store'

const CATEGORY_WORDS: Record<Insight['category'], string> = {
  dns: 'DNS hosting',
  mail: 'Mail',
  cdn: 'CDN',
  hosting: 'Hosting',
  certificates: 'Certificates',
  verification: 'Proven ownership (verification records)',
  security: 'Mail and web security policies',
  ipv6: 'IPv6'
}

const SEVERITY_MARK: Record<Insight['severity'], string> = { ok: '✓', info: 'ℹ', warning: '⚠' }

function SpfTree({ nodes, depth = 0 }: { nodes: SpfAnalysis['tree']; depth?: number }) {
  if (!nodes.length || depth > 12) return null
  return (
    <ul className="dns-spf-tree">
      {nodes.map((n, i) => (
        <li key={i}>
          <span className="mono">{n.domain}</span>
          {n.record ? <span className="mono muted small"> {n.record}</span> : null}
          {n.error ? <span className="bad small"> — {n.error}</span> : null}
          <SpfTree nodes={n.children} depth={depth + 1} />
        </li>
      ))}
    </ul>
  )
}

function Results({ r }: { r: DomainInsights }) {
  const groups = (Object.keys(CATEGORY_WORDS) as Insight['category'][]).map((c) => [c, r.insights.filter((i) => i.category === c)] as const).filter(([, list]) => list.length)
  return (
    <div className="dns-insights" data-testid="insights-result">
      <p className="small muted">
        {r.insights.length} findings for <span className="mono">{r.name}</span> in {formatMs(r.timeMs)}.
      </p>
      {groups.map(([c, list]) => (
        <div className="card" key={c}>
          <h3>{CATEGORY_WORDS[c]}</h3>
          <ul className="dns-claims">
            {list.map((i, k) => (
              <li key={k} className={`dns-claim sev-line-${i.severity}`}>
                <span className={`sev sev-${i.severity === 'ok' ? 'ok' : i.severity}`}>
                  {SEVERITY_MARK[i.severity]} {i.severity}
                </span>
                <div>
                  <div>{i.claim}</div>
                  {i.evidence.map((e, j) => (
                    <div key={j} className="mono small muted dns-evidence">
                      {e}
                    </div>
                  ))}
                  {i.source ? <div className="small muted">Source: {i.source}</div> : null}
                </div>
              </li>
            ))}
          </ul>
        </div>
      ))}
      {r.spf ? (
        <div className="card" data-testid="insights-spf">
          <h3>SPF (RFC 7208)</h3>
          <p className="small">
            <strong className={r.spf.overLimit ? 'bad' : 'good'}>
              {r.spf.lookups} of 10 DNS lookups{r.spf.overLimit ? ' — over the limit: receivers return permerror and SPF fails (RFC 7208 §4.6.4)' : ' — within the limit'}
            </strong>
            {r.spf.voidLookups !== undefined ? ` · ${r.spf.voidLookups} of 2 void lookups (RFC 7208 §4.6.4)` : null}
            {r.spf.all ? (
              <>
                {' '}
                · ends with <span className="mono">{r.spf.all}</span>
              </>
            ) : null}
          </p>
          {r.spf.record ? <p className="mono small">{r.spf.record}</p> : null}
          <SpfTree nodes={r.spf.tree} />
        </div>
      ) : null}
      {r.dmarc || r.mtaSts || r.caa ? (
        <div className="card">
          <h3>Policies</h3>
          {r.dmarc ? (
            <p className="small">
              <strong>DMARC</strong> {r.dmarc.words} <span className="mono muted">{r.dmarc.record}</span>
            </p>
          ) : null}
          {r.mtaSts ? (
            <p className="small">
              <strong>MTA-STS</strong> {r.mtaSts.words} <span className="mono muted">{r.mtaSts.record}</span>
            </p>
          ) : null}
          {r.caa ? (
            <p className="small">
              <strong>CAA</strong> {r.caa.words} {r.caa.issuers.join(', ')}
            </p>
          ) : null}
        </div>
      ) : null}
    </div>
  )
}

export function InsightsSection() {
  const [name, setName] = useField(dnsStore, 'insName')
  const [resolver, setResolver] = useField(dnsStore, 'insResolver')
  const [error, setError] = useField(dnsStore, 'insightsError')
  const result = useStore(dnsStore, (s) => s.insights)
  const job = useStore(dnsStore, (s) => s.insightsJob)
  return (
    <div className="dns-insights-section">
      <form className="card" aria-label="Domain insights" onSubmit={(e) => (e.preventDefault(), void runInsights())}>
        <h3>What the records say about a domain</h3>
        <p className="muted small">From NS, MX, CNAME/A/AAAA, SPF, DMARC, MTA-STS, CAA and verification TXT records: who runs its DNS, mail, CDN and certificates, each claim with its evidence.</p>
        <div className="dns-bar-row">
          <label className="grow">
            Domain
            <input className="mono" value={name} onChange={(e) => setName(e.target.value)} aria-label="Insights domain" spellCheck={false} />
          </label>
          <label className="grow">
            Resolver (empty: the system&apos;s)
            <input className="mono" value={resolver} onChange={(e) => setResolver(e.target.value)} aria-label="Insights resolver" placeholder="127.0.0.1:5353" spellCheck={false} />
          </label>
          {job ? (
            <button type="button" onClick={() => job.handle?.cancel()} disabled={!job.handle}>
              Cancel
            </button>
          ) : (
            <button type="submit" className="primary">
              Read the records
            </button>
          )}
        </div>
        {job ? (
          <p className="small muted" role="status">
            Asking… {job.progress?.message ?? ''}
          </p>
        ) : null}
        {error ? <ErrorBox error={error} onDismiss={() => setError(null)} /> : null}
      </form>
      {result ? <Results r={result} /> : null}
    </div>
  )
}
