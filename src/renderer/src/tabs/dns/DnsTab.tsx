// DNS: ask any resolver anything and see every byte; follow a name from the root; validate DNSSEC; read what a
// domain's records say; see how this machine resolves. State lives in ./store, so a tab switch loses nothing.
import { useEffect } from 'react'
import { useField } from '../../app/store'
import { onRovingKeyDown, rovingTabIndex } from '../../ui/roving-focus'
import { DecodeSection } from './DecodeSection'
import { DnssecSection } from './DnssecSection'
import { InsightsSection } from './InsightsSection'
import { MachineSection } from './MachineSection'
import { QuerySection } from './QuerySection'
import { dnsStore, type Section } from './store'
import { TraceSection } from './TraceSection'
import './dns.css'

const SECTIONS: { id: Section; label: string }[] = [
  { id: 'query', label: 'Query' },
  { id: 'trace', label: 'Trace' },
  { id: 'dnssec', label: 'Chain of trust' },
  { id: 'insights', label: 'Insights' },
  { id: 'machine', label: 'This machine' },
  { id: 'decode', label: 'Decode hex' }
]

export function DnsTab() {
  const [section, setSection] = useField(dnsStore, 'section')
  // ICU's number data loads on the first toLocaleString (~25 ms on a busy machine): load it now, in a task of its
  // own, rather than inside the render of a large answer (the packet's selection line formats byte counts).
  useEffect(() => {
    const timer = setTimeout(() => (0).toLocaleString('en-US'), 50)
    return () => clearTimeout(timer)
  }, [])
  return (
    <div className="dns-tab">
      <div className="subnav" role="tablist" aria-label="DNS sections" onKeyDown={onRovingKeyDown}>
        {SECTIONS.map((s) => (
          <button key={s.id} role="tab" aria-selected={section === s.id} tabIndex={rovingTabIndex(section === s.id)} className={`subtab ${section === s.id ? 'active' : ''}`} onClick={() => setSection(s.id)}>
            {s.label}
          </button>
        ))}
      </div>
      <div className="dns-body">
        {section === 'query' ? <QuerySection /> : null}
        {section === 'trace' ? <TraceSection /> : null}
        {section === 'dnssec' ? <DnssecSection /> : null}
        {section === 'insights' ? <InsightsSection /> : null}
        {section === 'machine' ? <MachineSection /> : null}
        {section === 'decode' ? <DecodeSection /> : null}
      </div>
    </div>
  )
}
