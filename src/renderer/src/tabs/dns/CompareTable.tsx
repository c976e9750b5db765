// Compare resolvers: one column per resolver, one row per type, the answers (data and TTL), rcode, flags and time
// in each cell; a cell that differs from the first resolver's is marked (in words, not only colour), and the
// engine's list of differences is shown above.
import type { Lookup, LookupItem } from '../../../../shared/dns/model'
import { formatMs } from '../../ui/Timeline'

function summary(item: LookupItem | undefined): { text: string[]; key: string; meta: string } {
  if (!item) return { text: ['(not asked)'], key: 'none', meta: '' }
  if (!item.result) return { text: [item.error ? `${item.error.code}: ${item.error.message}` : 'no answer'], key: `error:${item.error?.code}`, meta: '' }
  const m = item.result.message
  const data = m.answers.map((r) => `${r.type} ${r.data}`).sort()
  const flags = (['aa', 'ad', 'tc'] as const).filter((f) => m.flags[f]).map((f) => f.toUpperCase())
  return {
    // The rcode is said once, in the line below; here only what came back.
    text: data.length ? data : ['(no records)'],
    key: `${m.rcode}:${data.join('|')}`,
    meta: `${m.rcode} · TTL ${m.answers.length ? Math.min(...m.answers.map((r) => r.ttl)) : '—'} · ${flags.join(' ') || 'no AA/AD'} · ${formatMs(item.result.timeMs)} · ${item.result.server}`
  }
}

export function CompareTable({ lookup }: { lookup: Lookup }) {
  const resolvers = [...new Set(lookup.items.map((i) => i.resolver))]
  const types = [...new Set(lookup.items.map((i) => i.type))]
  return (
    <div className="card dns-compare" data-testid="dns-compare">
      <h3>Compare resolvers</h3>
      {lookup.differences.length ? (
        <ul className="dns-differences small" data-testid="dns-differences">
          {lookup.differences.map((d, i) => (
            <li key={i}>{d}</li>
          ))}
        </ul>
      ) : (
        <p className="small good">All resolvers gave the same answers.</p>
      )}
      <div className="dns-compare-scroll">
        <table className="small-table">
          <thead>
            <tr>
              <th>Type</th>
              {resolvers.map((r) => (
                <th key={r} className="mono">
                  {r}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {types.map((t) => {
              const cells = resolvers.map((r) => summary(lookup.items.find((i) => i.resolver === r && i.type === t)))
              return (
                <tr key={t}>
                  <td className="mono">{t}</td>
                  {cells.map((c, i) => {
                    const differs = i > 0 && c.key !== cells[0]!.key
                    return (
                      <td key={i} className={differs ? 'dns-differs' : ''}>
                        {differs ? <span className="dns-differs-mark">differs from {resolvers[0]}</span> : null}
                        {c.text.slice(0, 20).map((line, j) => (
                          <div key={j} className="mono">
                            {line}
                          </div>
                        ))}
                        {c.text.length > 20 ? <div className="muted">…and {c.text.length - 20} more</div> : null}
                        {c.meta ? <div className="muted">{c.meta}</div> : null}
                      </td>
                    )
                  })}
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
    </div>
  )
}
