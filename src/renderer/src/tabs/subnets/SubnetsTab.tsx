// Subnets: pure address math in the page, with the OS's facts from main; state in ./store.
import { useField } from '../../app/store'
import { onRovingKeyDown, rovingTabIndex } from '../../ui/roving-focus'
import { subnetsStore, type Section } from './store'
import { Calculator } from './Calculator'
import { SplitMerge } from './SplitMerge'
import { Ports } from './Ports'
import { ThisMachine } from './ThisMachine'

const SECTIONS: { id: Section; label: string }[] = [
  { id: 'calc', label: 'Calculator' },
  { id: 'split', label: 'Split & merge' },
  { id: 'ports', label: 'Ports' },
  { id: 'machine', label: 'This machine' }
]

/** Subnets: an address is a number. The math runs here as you type; only the OS's facts come from main. */
export function SubnetsTab() {
  const [section, setSection] = useField(subnetsStore, 'section')
  const [calcInput, setCalcInput] = useField(subnetsStore, 'calcInput')
  return (
    <div className="subnets">
      <div className="subnav" role="tablist" aria-label="Subnets sections" onKeyDown={onRovingKeyDown}>
        {SECTIONS.map((s) => (
          <button key={s.id} role="tab" aria-selected={section === s.id} tabIndex={rovingTabIndex(section === s.id)} className={`subtab ${section === s.id ? 'active' : ''}`} onClick={() => setSection(s.id)}>
            {s.label}
          </button>
        ))}
      </div>
      <div className="subnets-body">
        {section === 'calc' ? <Calculator input={calcInput} onInput={setCalcInput} /> : null}
        {section === 'split' ? <SplitMerge /> : null}
        {section === 'ports' ? <Ports /> : null}
        {section === 'machine' ? (
          <ThisMachine
            onOpen={(cidr) => {
              setCalcInput(cidr)
              setSection('calc')
            }}
          />
        ) : null}
      </div>
    </div>
  )
}
