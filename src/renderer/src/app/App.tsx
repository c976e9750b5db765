// The shell: a tab bar (arrow keys, Home/End, Ctrl+1…6 outside text fields), the active tab loaded lazily from
// the registry, a status bar. State lives in stores, so unmounting a hidden tab loses nothing.
import { Suspense, useEffect, useRef, useState, type KeyboardEvent } from 'react'
import { api, type TransportState } from './api'
import { wireHeld } from './held'
import { wireOsFiles } from './osFiles'
import { ReloadNotice } from './ReloadNotice'
import { useField } from './store'
import { shellStore } from './shell-store'
import { wireStreams } from './streams'
import { TABS, typingInto } from './tab-registry'

export function App() {
  const [active, setActive] = useField(shellStore, 'activeTab')
  const [state, setState] = useState<TransportState>(api.state())
  const tabRefs = useRef<(HTMLButtonElement | null)[]>([])

  useEffect(() => {
    wireStreams()
    wireHeld()
    wireOsFiles(() => setActive('certificates'))
    return api.onState(setState)
  }, [setActive])

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      // AltGr is Ctrl+Alt on many layouts (AltGr+2 is "²" or "@"): never a tab switch.
      if (!(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey) return
      const digit = /^Digit([1-6])$/.exec(e.code)?.[1] ?? (/^[1-6]$/.test(e.key) ? e.key : null)
      if (!digit) return
      e.preventDefault()
      if (typingInto(e.target)) {
        // In a text field the keystroke is text: Chromium would drop a Ctrl+digit, so type the digit ourselves
        // (insertText keeps undo and fires the input event React listens to). A select just keeps its focus.
        if (!(e.target instanceof HTMLSelectElement)) document.execCommand('insertText', false, digit)
        return
      }
      const tab = TABS[Number(digit) - 1]
      if (tab) setActive(tab.id)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [setActive])

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

  const current = TABS.find((t) => t.id === active) ?? TABS[0]!
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
      <ReloadNotice />
      <main className="panel" role="tabpanel" id={`panel-${current.id}`} aria-labelledby={`tab-${current.id}`}>
        <Suspense fallback={<p className="muted tab-loading">Loading {current.label}…</p>}>
          <current.Body />
        </Suspense>
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
