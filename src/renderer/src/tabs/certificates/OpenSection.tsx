// Open & inspect: choose, drop or paste; the opened list on the left, the selected item in detail on the right.
import { useRef, useState } from 'react'
import { useStore } from '../../app/store'
import { ErrorBox } from '../../ui/ErrorBox'
import { ItemDetail } from './ItemDetail'
import { ItemList } from './ItemList'
import { alreadyOpenStore } from './open-dedupe'
import { useCertStore } from './store'
import type { PendingPassword, useOpener } from './useOpener'

type Opener = ReturnType<typeof useOpener>

function PasswordPrompt({ p, onSubmit, onSkip }: { p: PendingPassword; onSubmit: (password: string) => void; onSkip: () => void }) {
  const [password, setPassword] = useState('')
  return (
    <form
      className="card password-card"
      aria-label={`Password for ${p.name}`}
      onSubmit={(e) => {
        e.preventDefault()
        onSubmit(password)
      }}
    >
      <h3>
        <span className="kind-badge kind-privateKey" aria-hidden="true">
          {p.partial.format === 'pkcs12' ? 'P12' : 'KEY'}
        </span>{' '}
        {p.name} is protected by a password
      </h3>
      <p className="muted small">
        {p.partial.format === 'pkcs12' ? 'A PKCS#12 (.p12/.pfx) file' : 'An encrypted private key'} needs its password to be opened. The password goes to
        Wirebench's engine on this machine only.
      </p>
      <div className="field-row">
        <label className="grow">
          Password
          <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} aria-label="File password" autoFocus autoComplete="off" />
        </label>
      </div>
      <div className="button-row">
        <button type="submit" className="primary" disabled={p.busy}>
          {p.busy ? 'Opening…' : 'Open'}
        </button>
        <button type="button" onClick={onSkip} disabled={p.busy}>
          {p.partial.items.length > 0 ? 'Open without the password' : 'Cancel'}
        </button>
      </div>
      <ErrorBox error={p.error} />
    </form>
  )
}

export function PasteBox({ onOpen, busy }: { onOpen: (text: string) => void; busy: boolean }) {
  const [text, setText] = useState('')
  return (
    <div className="paste-box">
      <textarea
        className="mono"
        rows={5}
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder={'-----BEGIN CERTIFICATE-----\nMIID…\n-----END CERTIFICATE-----'}
        aria-label="Paste PEM text"
        spellCheck={false}
      />
      <button
        className="small-button"
        disabled={busy || text.trim() === ''}
        onClick={() => {
          onOpen(text)
          setText('')
        }}
      >
        Open pasted text
      </button>
    </div>
  )
}

export function OpenSection({ opener }: { opener: Opener }) {
  const store = useCertStore()
  const input = useRef<HTMLInputElement>(null)
  const [showPaste, setShowPaste] = useState(false)
  const current = store.entries.find((e) => e.uid === store.selected) ?? null
  const empty = store.entries.length === 0
  const number = current ? store.entries.indexOf(current) + 1 : 0
  const already = useStore(alreadyOpenStore, (s) => s.items)
  const numberOf = (uid: number) => store.entries.findIndex((e) => e.uid === uid) + 1

  const chooser = (
    <button className="primary" onClick={() => input.current?.click()}>
      Choose files…
    </button>
  )

  return (
    <div className="open-layout">
      <input
        ref={input}
        type="file"
        multiple
        hidden
        data-testid="file-input"
        aria-label="Certificate files"
        onChange={(e) => {
          const files = Array.from(e.target.files ?? [])
          e.target.value = ''
          if (files.length > 0) void opener.openFiles(files)
        }}
      />
      <aside className="open-side" aria-label="Opened items">
        <div className="button-row">
          {chooser}
          {empty ? null : (
            <button aria-expanded={showPaste} onClick={() => setShowPaste((s) => !s)}>
              Paste…
            </button>
          )}
        </div>
        {showPaste || empty ? <PasteBox busy={opener.busy !== null} onOpen={(t) => void opener.openText(t)} /> : null}
        {empty ? (
          <p className="muted small open-side-empty">Nothing open yet. Opened, fetched and generated items all land in this list.</p>
        ) : (
          <ItemList />
        )}
      </aside>
      <section className="open-main" aria-label="Details">
        {opener.busy ? (
          <div className="busy-line" role="status">
            <span className="spinner" aria-hidden="true" /> {opener.busy}
            <button type="button" className="small" onClick={opener.cancelOpen} data-testid="cancel-open">
              Cancel
            </button>
          </div>
        ) : null}
        {opener.pending.map((p) => (
          <PasswordPrompt key={p.id} p={p} onSubmit={(pw) => void opener.submitPassword(p.id, pw)} onSkip={() => opener.skipPassword(p.id)} />
        ))}
        {already.length > 0 ? (
          <div className="warning notice-warning" role="status" data-testid="already-open">
            <span>
              Already open, not listed again:{' '}
              {already.map((a, i) => (
                <span key={a.uid}>
                  {i > 0 ? ', ' : ''}
                  <button className="link-button" onClick={() => store.select(a.uid)}>
                    #{numberOf(a.uid)} {a.title}
                  </button>
                </span>
              ))}
              .
            </span>
            <button className="link" onClick={() => alreadyOpenStore.set({ items: [] })} aria-label="Dismiss">
              ×
            </button>
          </div>
        ) : null}
        {opener.notices.length > 0 ? (
          <div className="notices" data-testid="open-notices">
            {opener.notices.map((n) =>
              n.error ? (
                <div key={n.id} className="notice">
                  <div className="notice-title">{n.name} could not be opened</div>
                  <ErrorBox error={n.error} onDismiss={() => opener.dismiss(n.id)} />
                </div>
              ) : (
                <div key={n.id} className="warning notice-warning">
                  <strong>{n.name}:</strong> {n.warning}
                  <button className="link" onClick={() => opener.dismiss(n.id)} aria-label="Dismiss warning">
                    ×
                  </button>
                </div>
              )
            )}
          </div>
        ) : null}
        {current ? (
          <ItemDetail key={current.uid} entry={current} number={number} />
        ) : (
          <div className={`drop-hint ${empty ? 'big' : ''}`} data-testid="drop-hint">
            <div className="drop-hint-icon" aria-hidden="true">
              ⇩
            </div>
            <h2>{empty ? 'Drop a certificate, bundle, .p12, CSR or key here' : 'Select an item on the left'}</h2>
            {empty ? (
              <>
                <p>
                  Drop one or many files anywhere on this tab, choose them, or paste PEM text on the left. Wirebench reads PEM, DER, base64, PKCS#7
                  (.p7b), PKCS#12 (.p12/.pfx), CSRs, public and private keys and CRLs — the content decides, not the file name.
                </p>
                <p className="muted small">
                  Private keys stay inside Wirebench's engine: this page only learns their type, fingerprint and which certificate they match.
                </p>
                <div className="button-row center">{chooser}</div>
              </>
            ) : (
              <p>Its fields, extensions, lint findings and ASN.1 structure appear here. Drop more files at any time.</p>
            )}
          </div>
        )}
      </section>
    </div>
  )
}
