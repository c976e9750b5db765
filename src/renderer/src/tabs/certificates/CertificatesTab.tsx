// Certificates: open and inspect anything (drop it anywhere on the tab), verify chains with reasons, read a live
// server's chain, generate keys, certificates, CSRs and a small PKI. Private keys stay in main; the page holds ids.
import { useEffect, useRef, useState, type DragEvent } from 'react'
import { onOsFiles, takeOsFiles } from '../../app/osFiles'
import { useStore } from '../../app/store'
import { onRovingKeyDown, rovingTabIndex } from '../../ui/roving-focus'
import { GenerateSection } from './GenerateSection'
import { OpenSection } from './OpenSection'
import { ServerSection } from './ServerSection'
import { alreadyOpenStore, dedupeOpened } from './open-dedupe'
import { certActions, certificatesStore, type Section } from './store'
import type { Entry } from './model'
import { useOpener } from './useOpener'
import { VerifySection } from './VerifySection'
import './certificates.css'

const SECTIONS: { id: Section; label: string }[] = [
  { id: 'open', label: 'Open & inspect' },
  { id: 'verify', label: 'Verify' },
  { id: 'server', label: 'From a server' },
  { id: 'generate', label: 'Generate' }
]

/**
 * Adds what a file held to the list, except certificates already in it: those are selected instead, and the Open
 * section says "already open" so a second drop of the same file visibly does something.
 */
function addOpened(entries: Entry[], select: boolean): void {
  const { fresh, already, keyIdFor } = dedupeOpened(certificatesStore.get().entries, entries)
  if (keyIdFor.size > 0) {
    certificatesStore.set((s) => ({ ...s, entries: s.entries.map((e) => (keyIdFor.has(e.uid) ? { ...e, keyId: keyIdFor.get(e.uid) } : e)) }))
  }
  certActions.add(fresh, select)
  alreadyOpenStore.set({ items: already })
  if (already.length > 0 && select && fresh.length === 0) certActions.select(already[0]!.uid)
}

function hasFiles(e: DragEvent): boolean {
  return Array.from(e.dataTransfer?.types ?? []).includes('Files')
}

export function CertificatesTab() {
  const section = useStore(certificatesStore, (s) => s.section)
  const count = useStore(certificatesStore, (s) => s.entries.length)
  const setSection = certActions.show
  const [dragging, setDragging] = useState(false)
  const dragDepth = useRef(0)

  // The vault is main's: list it each time the tab appears.
  useEffect(() => certActions.refreshVault(), [])

  const opener = useOpener(addOpened, certActions.refreshVault)

  // Files the OS handed the app (Electron: double-click, "Open with", a second launch) open here.
  const acceptOsFileRef = useRef(opener.acceptOsFile)
  acceptOsFileRef.current = opener.acceptOsFile
  useEffect(() => {
    const drain = () => {
      const files = takeOsFiles()
      if (files.length === 0) return
      setSection('open')
      for (const f of files) acceptOsFileRef.current(f)
    }
    drain()
    return onOsFiles(drain)
  }, [])

  // A file dropped outside the tab's area (on the tab bar, say) would make the browser navigate to it: while this
  // tab is shown, such a drop opens the files here instead.
  const openFilesRef = useRef(opener.openFiles)
  openFilesRef.current = opener.openFiles
  useEffect(() => {
    const isFiles = (e: globalThis.DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files')
    const over = (e: globalThis.DragEvent) => {
      if (isFiles(e)) e.preventDefault()
    }
    const drop = (e: globalThis.DragEvent) => {
      if (e.defaultPrevented || !isFiles(e)) return
      e.preventDefault()
      dragDepth.current = 0
      setDragging(false)
      const files = Array.from(e.dataTransfer?.files ?? [])
      if (files.length === 0) return
      setSection('open')
      void openFilesRef.current(files)
    }
    window.addEventListener('dragover', over)
    window.addEventListener('drop', drop)
    return () => {
      window.removeEventListener('dragover', over)
      window.removeEventListener('drop', drop)
    }
  }, [])

  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    if (!hasFiles(e)) return
    dragDepth.current = 0
    setDragging(false)
    // a drop zone inside the tab (Verify's CRL files) took the files already
    if (e.defaultPrevented) return
    e.preventDefault()
    const files = Array.from(e.dataTransfer.files)
    if (files.length === 0) return
    setSection('open')
    void opener.openFiles(files)
  }

  return (
    <div
      className={`certs ${dragging ? 'dragging' : ''}`}
      data-testid="certificates-tab"
      onDragEnter={(e) => {
        if (!hasFiles(e)) return
        e.preventDefault()
        dragDepth.current++
        setDragging(true)
      }}
      onDragOver={(e) => {
        if (!hasFiles(e)) return
        e.preventDefault()
        e.dataTransfer.dropEffect = 'copy'
      }}
      onDragLeave={(e) => {
        if (!hasFiles(e)) return
        dragDepth.current = Math.max(0, dragDepth.current - 1)
        if (dragDepth.current === 0) setDragging(false)
      }}
      onDrop={onDrop}
    >
      <div className="subnav" role="tablist" aria-label="Certificates sections" onKeyDown={onRovingKeyDown}>
        {SECTIONS.map((s) => (
          <button key={s.id} role="tab" aria-selected={section === s.id} tabIndex={rovingTabIndex(section === s.id)} className={`subtab ${section === s.id ? 'active' : ''}`} onClick={() => setSection(s.id)}>
            {s.label}
            {s.id === 'open' && count > 0 ? <span className="subtab-count">{count.toLocaleString('en-US')}</span> : null}
          </button>
        ))}
      </div>
      <div className="certs-body">
        {section === 'open' ? <OpenSection opener={opener} /> : null}
        {section === 'verify' ? <VerifySection /> : null}
        {section === 'server' ? <ServerSection /> : null}
        {section === 'generate' ? <GenerateSection /> : null}
      </div>
      {dragging ? (
        <div className="certs-drop-overlay" aria-hidden="true">
          <div className="certs-drop-message">
            <strong>Drop to open</strong>
            <span>certificates, bundles, .p12/.pfx, PKCS#7, CSRs, keys, CRLs — PEM or DER</span>
          </div>
        </div>
      ) : null}
    </div>
  )
}
