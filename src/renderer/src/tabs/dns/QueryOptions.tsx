// The query options behind a disclosure, each one explained with its RFC: the flags a query carries, its EDNS
// options, and how long and how often to try. Shared by the query, trace, DNSSEC and insights sections.
import { useField } from '../../app/store'
import { OPTION_WORDS } from './dns-words'
import { DEFAULT_OPTIONS, dnsStore, type OptionsForm } from './store'

type BoolKey = { [K in keyof OptionsForm]: OptionsForm[K] extends boolean ? K : never }[keyof OptionsForm]
type TextKey = { [K in keyof OptionsForm]: OptionsForm[K] extends string ? K : never }[keyof OptionsForm]

const CHECKS: [BoolKey, string][] = [
  ['rd', 'RD — recursion desired'],
  ['cd', 'CD — checking disabled'],
  ['do', 'DO — DNSSEC records wanted'],
  ['ad', 'AD — ask for the AD bit'],
  ['edns', 'EDNS — send an OPT record'],
  ['nsid', 'NSID — which server answered'],
  ['cookie', 'Cookie — send a client cookie'],
  ['randomCase', '0x20 — randomise letter case']
]

const TEXTS: [TextKey, string, string][] = [
  ['udpSize', 'EDNS buffer size (bytes)', '1232'],
  ['clientSubnet', 'Client subnet', '192.0.2.0/24'],
  ['padding', 'Padding block (bytes)', '128'],
  ['timeoutMs', 'Timeout per try (ms)', '3000'],
  ['retries', 'Retries (UDP)', '2']
]

export function QueryOptions() {
  const [o, setO] = useField(dnsStore, 'options')
  const changed = (Object.keys(DEFAULT_OPTIONS) as (keyof OptionsForm)[]).filter((k) => o[k] !== DEFAULT_OPTIONS[k]).length
  return (
    <details className="dns-options-box">
      <summary>Query options{changed ? ` (${changed} changed)` : ''}</summary>
      <div className="dns-options-grid">
        {CHECKS.map(([key, label]) => (
          <label key={key} className="check dns-option" title={OPTION_WORDS[key]}>
            <input type="checkbox" checked={o[key]} disabled={key !== 'edns' && ['do', 'nsid', 'cookie'].includes(key) && !o.edns} onChange={(e) => setO({ ...o, [key]: e.target.checked })} />
            <span>
              {label}
              <span className="dns-option-words">{OPTION_WORDS[key]}</span>
            </span>
          </label>
        ))}
        {TEXTS.map(([key, label, placeholder]) => (
          <label key={key} className="dns-option-text" title={OPTION_WORDS[key]}>
            {label}
            <input value={o[key]} placeholder={placeholder} onChange={(e) => setO({ ...o, [key]: e.target.value })} aria-label={label} />
            <span className="dns-option-words">{OPTION_WORDS[key]}</span>
          </label>
        ))}
      </div>
      <button type="button" className="small-button" onClick={() => setO(DEFAULT_OPTIONS)} disabled={!changed}>
        Back to defaults
      </button>
    </details>
  )
}
