// Split a network, plan VLSM, summarize and compare ranges; inputs live in the tab's store.
import { useMemo, useState } from 'react'
import { useField } from '../../app/store'
import { subnetsStore } from './store'
import {
  allocateVlsm,
  collapseNetworks,
  formatAddress,
  formatNetwork,
  hostRange,
  networkContains,
  networksOverlap,
  parseNetwork,
  parseRange,
  splitByCount,
  countSplitNote,
  splitByPrefix,
  summarizeRange,
  type IPNetwork,
  type Parsed,
  type SubnetSplit
} from '../../../../shared/ip'
import { VirtualList } from '../../ui/VirtualList'

/** Chromium cannot scroll an element taller than ~33 million pixels: past this many rows, the list says so. */
const MAX_ROWS = 1_000_000

function subnetRow(n: IPNetwork): { cidr: string; first: string; last: string } {
  const h = hostRange(n)
  return { cidr: formatNetwork(n), first: formatAddress(h.firstHost), last: formatAddress(h.lastHost) }
}

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv' }))
  const a = document.createElement('a')
  a.href = url
  a.download = name
  a.click()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}

function csvOf(split: SubnetSplit, rows: number): string {
  const lines = ['index,network,first_host,last_host']
  for (let i = 0; i < rows; i++) {
    const r = subnetRow(split.at(i))
    lines.push(`${i},${r.cidr},${r.first},${r.last}`)
  }
  return lines.join('\n') + '\n'
}

function Split() {
  const [network, setNetwork] = useField(subnetsStore, 'network')
  const [mode, setMode] = useField(subnetsStore, 'mode')
  const [value, setValue] = useField(subnetsStore, 'value')
  const [copied, setCopied] = useState('')
  const split: Parsed<SubnetSplit> = useMemo(() => {
    const parent = parseNetwork(network)
    if (!parent.ok) return parent
    if (!/^\d+$/.test(value.trim())) return { ok: false, error: mode === 'prefix' ? 'the new prefix length is a whole number' : 'the number of subnets is a whole number' }
    return mode === 'prefix' ? splitByPrefix(parent.value, Number(value)) : splitByCount(parent.value, BigInt(value.trim()))
  }, [network, mode, value])
  const rows = split.ok ? Number(split.value.count > BigInt(MAX_ROWS) ? BigInt(MAX_ROWS) : split.value.count) : 0
  return (
    <section className="card wide">
      <h3>Split a network</h3>
      <div className="field-row">
        <label className="grow">
          Network
          <input value={network} onChange={(e) => setNetwork(e.target.value)} aria-label="Network to split" spellCheck={false} />
        </label>
        <label>
          Into
          <select value={mode} onChange={(e) => setMode(e.target.value as 'prefix' | 'count')} aria-label="Split by">
            <option value="prefix">subnets of prefix /N</option>
            <option value="count">N subnets</option>
          </select>
        </label>
        <label className="port">
          N
          <input value={value} onChange={(e) => setValue(e.target.value)} aria-label="Split value" inputMode="numeric" />
        </label>
      </div>
      {split.ok ? (
        <>
          <div className="split-summary">
            <span data-testid="split-summary">
              {formatNetwork(split.value.parent)} → {split.value.count.toLocaleString('en-US')} × /{split.value.prefixLength}
              {BigInt(rows) < split.value.count ? ` (the first ${rows.toLocaleString('en-US')} are listed)` : ''}
            </span>
            {mode === 'count' && countSplitNote(BigInt(value.trim()), split.value) ? (
              <span className="muted small" data-testid="split-rounding">
                {countSplitNote(BigInt(value.trim()), split.value)}
              </span>
            ) : null}
            <span className="spacer" />
            <button
              onClick={() => {
                void navigator.clipboard.writeText(csvOf(split.value, Math.min(rows, 100_000)).split('\n').slice(1).map((l) => l.split(',')[1]).join('\n')).then(() => setCopied('Copied'))
              }}
            >
              Copy
            </button>
            <button onClick={() => download(`${formatNetwork(split.value.parent).replace(/[/:]/g, '_')}-split.csv`, csvOf(split.value, rows))}>Save CSV</button>
            <span className="muted small">{copied}</span>
          </div>
          <div className="table-head split-grid">
            <span>#</span>
            <span>Network</span>
            <span>First host</span>
            <span>Last host</span>
          </div>
          <VirtualList
            className="split-list"
            label="Subnets"
            testId="split-list"
            count={rows}
            rowHeight={24}
            renderRow={(i) => {
              const r = subnetRow(split.value.at(i))
              return (
                <div className="table-row split-grid mono">
                  <span className="muted">{i + 1}</span>
                  <span>{r.cidr}</span>
                  <span>{r.first}</span>
                  <span>{r.last}</span>
                </div>
              )
            }}
          />
        </>
      ) : (
        <div className="error-box" role="alert">
          {split.error}
        </div>
      )}
    </section>
  )
}

function Vlsm() {
  const [parent, setParent] = useField(subnetsStore, 'parent')
  const [wants, setWants] = useField(subnetsStore, 'wants')
  const plan = useMemo(() => {
    const p = parseNetwork(parent)
    if (!p.ok) return p
    const requests: { hosts: bigint; label?: string }[] = []
    for (const line of wants.split(/[\n,]/).map((l) => l.trim()).filter(Boolean)) {
      const m = /^(?:(.+?)\s*:\s*)?(\d+)$/.exec(line)
      if (!m) return { ok: false as const, error: `"${line}" is not a host count (write "name: 50" or "50")` }
      requests.push(m[1] ? { hosts: BigInt(m[2]!), label: m[1] } : { hosts: BigInt(m[2]!) })
    }
    return allocateVlsm(p.value, requests)
  }, [parent, wants])
  return (
    <section className="card">
      <h3>Allocate subnets for host counts (VLSM)</h3>
      <label>
        Parent network
        <input value={parent} onChange={(e) => setParent(e.target.value)} aria-label="VLSM parent" spellCheck={false} />
      </label>
      <label>
        Hosts needed, one per line (optionally “name: hosts”)
        <textarea className="mono" rows={4} value={wants} onChange={(e) => setWants(e.target.value)} aria-label="VLSM host counts" />
      </label>
      {plan.ok ? (
        <table className="small-table" data-testid="vlsm-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Hosts</th>
              <th>Network</th>
              <th>Usable</th>
            </tr>
          </thead>
          <tbody>
            {plan.value.allocations.map((a) => (
              <tr key={a.index}>
                <td>{a.label ?? `#${a.index + 1}`}</td>
                <td>{a.hostsRequested.toString()}</td>
                <td className="mono">{formatNetwork(a.network)}</td>
                <td className="mono">
                  {formatAddress(a.firstHost)} – {formatAddress(a.lastHost)} ({a.usableHosts.toString()})
                </td>
              </tr>
            ))}
            <tr>
              <td colSpan={4} className="muted">
                Free: {plan.value.free.map(formatNetwork).join(', ') || 'nothing'}
              </td>
            </tr>
          </tbody>
        </table>
      ) : (
        <div className="error-box" role="alert">
          {plan.error}
        </div>
      )}
    </section>
  )
}

function Summarize() {
  const [text, setText] = useField(subnetsStore, 'text')
  const result = useMemo(() => {
    const nets: IPNetwork[] = []
    for (const item of text.split(/[\s,]+/).filter(Boolean)) {
      if (item.includes('-')) {
        const r = parseRange(item)
        if (!r.ok) return r
        const s = summarizeRange(r.value.first, r.value.last)
        if (!s.ok) return s
        nets.push(...s.value)
      } else {
        const n = parseNetwork(item)
        if (!n.ok) return n
        nets.push(n.value)
      }
    }
    if (new Set(nets.map((n) => n.version)).size > 1) return { ok: false as const, error: 'IPv4 and IPv6 cannot be summarized together' }
    return { ok: true as const, value: collapseNetworks(nets) }
  }, [text])
  return (
    <section className="card">
      <h3>Summarize into the fewest CIDRs</h3>
      <label>
        Networks or ranges (first-last), one per line
        <textarea className="mono" rows={4} value={text} onChange={(e) => setText(e.target.value)} aria-label="Networks to summarize" />
      </label>
      {result.ok ? (
        <ul className="mono" data-testid="summary-list">
          {result.value.map((n) => (
            <li key={formatNetwork(n)}>{formatNetwork(n)}</li>
          ))}
        </ul>
      ) : (
        <div className="error-box" role="alert">
          {result.error}
        </div>
      )}
    </section>
  )
}

function Compare() {
  const [a, setA] = useField(subnetsStore, 'a')
  const [b, setB] = useField(subnetsStore, 'b')
  const na = parseNetwork(a)
  const nb = parseNetwork(b)
  let verdict = ''
  if (na.ok && nb.ok) {
    if (na.value.version !== nb.value.version) verdict = 'Different IP versions: they cannot overlap.'
    else if (networkContains(na.value, nb.value)) verdict = `${formatNetwork(na.value)} contains ${formatNetwork(nb.value)}.`
    else if (networkContains(nb.value, na.value)) verdict = `${formatNetwork(nb.value)} contains ${formatNetwork(na.value)}.`
    else if (networksOverlap(na.value, nb.value)) verdict = 'They overlap.'
    else verdict = 'They do not overlap.'
  }
  return (
    <section className="card">
      <h3>Contains or overlaps?</h3>
      <div className="field-row">
        <input value={a} onChange={(e) => setA(e.target.value)} aria-label="First network" spellCheck={false} />
        <input value={b} onChange={(e) => setB(e.target.value)} aria-label="Second network" spellCheck={false} />
      </div>
      {!na.ok || !nb.ok ? (
        <div className="error-box" role="alert">
          {!na.ok ? na.error : !nb.ok ? nb.error : ''}
        </div>
      ) : (
        <p data-testid="compare-verdict">{verdict}</p>
      )}
    </section>
  )
}

export function SplitMerge() {
  return (
    <div className="split-merge">
      <Split />
      <Vlsm />
      <Summarize />
      <Compare />
    </div>
  )
}
