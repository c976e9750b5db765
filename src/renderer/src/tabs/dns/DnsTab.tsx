// DNS: ask any resolver anything and see every byte; follow a name from the root; validate DNSSEC; read what a
// domain's records say; see how this machine resolves. State lives in ./store, so a tab switch loses nothing.
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
