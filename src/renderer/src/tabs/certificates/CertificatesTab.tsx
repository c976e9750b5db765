// Certificates: open and inspect anything (drop it anywhere on the tab), verify chains with reasons, read a live
// server's chain, generate keys, certificates, CSRs and a small PKI. Private keys stay in main; the page holds ids.
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react'
import type { CertificateInfo, GeneratedKeyInfo } from '../../../../shared/x509/types'
import { api } from '../../app/api'
import { onOsFiles, takeOsFiles } from '../../app/osFiles'
import { GenerateSection } from './GenerateSection'
import { newUid, type Entry } from './model'
import { OpenSection } from './OpenSection'
import { ServerSection } from './ServerSection'
import { CertStoreContext, type CertStore, type Section } from './store'
import { useOpener } from './useOpener'
import { VerifySection } from './VerifySection'
import './certificates.css'

const SECTIONS: { id: Section; label: string }[] = [
  { id: 'open', label: 'Open & inspect' },
  { id: 'verify', label: 'Verify' },
  { id: 'server', label: 'From a server' },
  { id: 'generate', label: 'Generate' }
]

/** What the tab had open, kept while another tab is shown (the shell unmounts hidden tabs). */
const memory: { entries: Entry[]; selected: number | null; section: Section } = { entries: [], selected: null, section: 'open' }

function hasFiles(e: DragEvent): boolean {
  return Array.from(e.dataTransfer?.types ?? []).includes('Files')
}

export function CertificatesTab() {
  const [section, setSection] = useState<Section>(memory.section)
  const [entries, setEntries] = useState<Entry[]>(memory.entries)
  const [selected, setSelected] = useState<number | null>(memory.selected)
  const [vault, setVault] = useState<GeneratedKeyInfo[]>([])
  const [verifyRequest, setVerifyRequest] = useState<{ uid: number; seq: number } | null>(null)
  const [dragging, setDragging] = useState(false)
  const dragDepth = useRef(0)
  const entriesRef = useRef(entries)
  entriesRef.current = entries

  useEffect(() => {
    memory.entries = entries
    memory.selected = selected
    memory.section = section
  }, [entries, selected, section])

  const refreshVault = useCallback(() => {
    void api.call('x509.keys', {}).then((r) => {
      if (r.ok) setVault(r.value)
    })
  }, [])
  useEffect(refreshVault, [refreshVault])

  const add = useCallback((added: Entry[], select = true) => {
    if (added.length === 0) return
    setEntries((prev) => [...prev, ...added])
    if (select) setSelected(added[0]!.uid)
  }, [])

  const addCertificates = useCallback((certs: CertificateInfo[], source: string): number[] => {
    const byFp = new Map<string, number>()
    for (const e of entriesRef.current) if (e.item.kind === 'certificate') byFp.set(e.item.certificate.fingerprintSha256, e.uid)
    const fresh: Entry[] = []
    const uids = certs.map((certificate) => {
      const known = byFp.get(certificate.fingerprintSha256)
      if (known !== undefined) return known
      const entry: Entry = { uid: newUid(), source, item: { kind: 'certificate', certificate } }
      byFp.set(certificate.fingerprintSha256, entry.uid)
      fresh.push(entry)
      return entry.uid
    })
    if (fresh.length > 0) {
      entriesRef.current = [...entriesRef.current, ...fresh]
      setEntries((prev) => [...prev, ...fresh])
    }
    return uids
  }, [])

  const opener = useOpener(add, refreshVault)

  const store: CertStore = useMemo(
    () => ({
      entries,
      selected,
      select: setSelected,
      add,
      addCertificates,
      remove: (uid) => {
        setEntries((prev) => prev.filter((e) => e.uid !== uid))
        setSelected((s) => (s === uid ? null : s))
      },
      clear: () => {
        setEntries([])
        setSelected(null)
        setVerifyRequest(null)
      },
      vault,
      refreshVault,
      section,
      show: setSection,
      verify: (uid) => {
        setVerifyRequest((prev) => ({ uid, seq: (prev?.seq ?? 0) + 1 }))
        setSection('verify')
      },
      verifyRequest
    }),
    [entries, selected, add, addCertificates, vault, refreshVault, section, verifyRequest]
  )

  // Files the OS handed the app (Electron: double-click, "Open with", a second launch) open here.
  const openBase64Ref = useRef(opener.openBase64)
  openBase64Ref.current = opener.openBase64
  useEffect(() => {
    const drain = () => {
      const files = takeOsFiles()
      if (files.length === 0) return
      setSection('open')
      for (const f of files) void openBase64Ref.current(f.name, f.data)
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
    e.preventDefault()
    dragDepth.current = 0
    setDragging(false)
    const files = Array.from(e.dataTransfer.files)
    if (files.length === 0) return
    setSection('open')
    void opener.openFiles(files)
  }

  return (
    <CertStoreContext.Provider value={store}>
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
        <div className="subnav" role="tablist" aria-label="Certificates sections">
          {SECTIONS.map((s) => (
            <button key={s.id} role="tab" aria-selected={section === s.id} className={`subtab ${section === s.id ? 'active' : ''}`} onClick={() => setSection(s.id)}>
              {s.label}
              {s.id === 'open' && entries.length > 0 ? <span className="subtab-count">{entries.length.toLocaleString('en-US')}</span> : null}
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
    </CertStoreContext.Provider>
  )
}
