// One section of a DNS message (answer, authority, additional) as dig prints it, with TTLs counting down live
// and each type explained on hover; long sections are virtualised so thousands of records stay responsive.
import { useEffect, useMemo, useState } from 'react'
import type { DnsRecord } from '../../../../shared/dns/model'
import { VirtualList } from '../../ui/VirtualList'
import { grouped, ttlWords, typeWords } from './dns-words'

const ROW = 24
/** Above this many records the section becomes a virtual list with a fixed height. */
const VIRTUAL_FROM = 60

/** The seconds since `since`, ticking once a second while a component uses it. */
export function useSecondsSince(since: number): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(timer)
  }, [])
  return since ? Math.max(0, Math.floor((now - since) / 1000)) : 0
}

export interface RecordTableProps {
  title: string
  records: readonly DnsRecord[]
  /** When the answer arrived; 0 shows TTLs as received (a decoded packet does not count down). */
  receivedAt: number
  onPick?: (record: DnsRecord) => void
  testId: string
}

function Row({ r, elapsed, onPick, live }: { r: DnsRecord; elapsed: number; onPick?: (r: DnsRecord) => void; live: boolean }) {
  const left = live ? Math.max(0, r.ttl - elapsed) : r.ttl
  return (
    <div className="dns-rr" role="row">
      <span className="dns-rr-name mono" role="cell" title={r.name}>
        {r.name}
      </span>
      <span className={`dns-rr-ttl mono ${left === 0 ? 'expired' : ''}`} role="cell" title={`TTL ${r.ttl} s as received${live ? `; ${left} s left in a cache that got it now` : ''}`}>
        {left} <span className="muted">({ttlWords(left)})</span>
      </span>
      <span className="dns-rr-type mono" role="cell" title={typeWords(r.type)}>
        {r.class !== 'IN' ? `${r.class} ` : ''}
        {r.type}
      </span>
      <span className="dns-rr-data mono" role="cell" title={r.data}>
        {onPick ? (
          <button type="button" className="dns-rr-pick" onClick={() => onPick(r)} title="Show this record's bytes in the packet below">
            {r.data}
          </button>
        ) : (
          r.data
        )}
      </span>
    </div>
  )
}

export function RecordTable({ title, records, receivedAt, onPick, testId }: RecordTableProps) {
  const elapsed = useSecondsSince(receivedAt)
  const live = receivedAt > 0
  // Once per answer, not on every tick of the TTL clock (which redraws only the rows in view).
  const types = useMemo(() => [...new Set(records.map((r) => r.type))], [records])
  return (
    <section className="dns-section" aria-label={title} data-testid={testId}>
      <h4>
        {title} <span className="muted small">({grouped(records.length)}){records.length === 0 ? ' — none' : ''}</span>
      </h4>
      {records.length === 0 ? null : records.length < VIRTUAL_FROM ? (
        <div className="dns-rrs" role="table" aria-label={`${title} records`}>
          {records.map((r, i) => (
            <Row key={i} r={r} elapsed={elapsed} onPick={onPick} live={live} />
          ))}
        </div>
      ) : (
        <div className="dns-rrs virtual">
          <VirtualList label={`${title} records`} count={records.length} rowHeight={ROW} renderRow={(i) => <Row r={records[i]!} elapsed={elapsed} onPick={onPick} live={live} />} />
        </div>
      )}
      {types.length ? (
        <ul className="dns-type-notes small">
          {types.slice(0, 8).map((t) => (
            <li key={t}>
              <strong className="mono">{t}</strong> <span className="muted">{typeWords(t)}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  )
}
