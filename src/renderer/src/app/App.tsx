// The shell: a tab bar (arrow keys, Home/End, Ctrl+1…6), the active tab, a status bar. Tabs that later work
// fills say so plainly.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react'
import { api, type TransportState } from './api'
import { wireStreams } from './streams'
import { wireOsFiles } from './osFiles'
import { CertificatesTab } from '../tabs/certificates/CertificatesTab'
import { ConnectionsTab } from '../tabs/connections/ConnectionsTab'
import { NotBuiltYet } from '../tabs/NotBuiltYet'
import { SubnetsTab } from '../tabs/subnets/SubnetsTab'

const TABS = [
  { id: 'connections', label: 'Connections' },
  { id: 'certificates', label: 'Certificates' },
  { id: 'dns', label: 'DNS' },
  { id: 'subnets', label: 'Subnets' },
  { id: 'http', label: 'HTTP' },
  { id: 'walkthrough', label: 'Walkthrough' }
] as const
type TabId = (typeof TABS)[number]['id']

function TabBody({ id }: { id: TabId }) {
  switch (id) {
    case 'connections':
      return <ConnectionsTab />
    case 'certificates':
      return <CertificatesTab />
    case 'subnets':
      return <SubnetsTab />
    default:
      return <NotBuiltYet tab={id} />
  }
}

export function App() {
  const [active, setActive] = useState<TabId>('connections')
  const [state, setState] = useState<TransportState>(api.state())
  const tabRefs = useRef<(HTMLButtonElement | null)[]>([])

  useEffect(() => {
    wireStreams()
    wireOsFiles(() => setActive('certificates'))
    return api.onState(setState)
  }, [])

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && /^[1-6]$/.test(e.key)) {
        e.preventDefault()
        const tab = TABS[Number(e.key) - 1]
        if (tab) setActive(tab.id)
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  const onTabKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const i = TABS.findIndex((t) => t.id === active)
    let next = i
    if (e.key === 'ArrowRight') next = (i + 1) % TABS.length
    else if (e.key === 'ArrowLeft') next = (i - 1 + TABS.length) % TABS.length
    else if (e.key === 'Home') next = 0
    else if (e.key === 'End') next = TABS.length - 1
    else return
    e.preventDefault()
    setActive(TABS[next]!.id)
    tabRefs.current[next]?.focus()
  }

  return (
    <div className="app">
      <header className="topbar">
        <div className="brand" aria-label="Wirebench">
          <span className="brand-mark" aria-hidden="true">
            ⇄
          </span>
          Wirebench
        </div>
        <div className="tabs" role="tablist" aria-label="Areas" onKeyDown={onTabKey}>
          {TABS.map((tab, i) => (
            <button
              key={tab.id}
              ref={(el) => {
                tabRefs.current[i] = el
              }}
              role="tab"
              id={`tab-${tab.id}`}
              aria-selected={active === tab.id}
              aria-controls={`panel-${tab.id}`}
              tabIndex={active === tab.id ? 0 : -1}
              className={`tab ${active === tab.id ? 'active' : ''}`}
              onClick={() => setActive(tab.id)}
              title={`${tab.label} (Ctrl+${i + 1})`}
            >
              {tab.label}
            </button>
          ))}
        </div>
      </header>
      <main className="panel" role="tabpanel" id={`panel-${active}`} aria-labelledby={`tab-${active}`}>
        <TabBody id={active} />
      </main>
      <footer className="statusbar">
        <span className={`dot dot-${state}`} aria-hidden="true" />
        <span data-testid="transport-state">
          {state === 'ready' ? 'Connected to engines' : state === 'connecting' ? 'Connecting…' : 'Disconnected from engines — restart Wirebench'}
        </span>
        <span className="spacer" />
        <span>{api.shell() === 'electron' ? 'Electron' : 'Browser shell'}</span>
      </footer>
    </div>
  )
}
