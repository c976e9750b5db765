// A private key held in main's vault leaves it only encrypted: as PKCS#8 PEM (downloaded or written with mode
// 0600 by main) or inside a password-protected PKCS#12 with its certificate.
import { useState } from 'react'
import type { WireError } from '../../../../shared/errors'
import type { CertificateInfo } from '../../../../shared/x509/types'
import { api } from '../../app/api'
import { ErrorBox } from '../../ui/ErrorBox'
import { base64ToBytes, downloadBlob } from './model'

type Mode = 'pem' | 'save' | 'p12'

export function KeyExport({ keyId, baseName, certificate, chain = [] }: { keyId: string; baseName: string; certificate?: CertificateInfo; chain?: CertificateInfo[] }) {
  const [mode, setMode] = useState<Mode | null>(null)
  const [pass, setPass] = useState('')
  const [confirm, setConfirm] = useState('')
  const [path, setPath] = useState('')
  const [withChain, setWithChain] = useState(true)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<WireError | null>(null)
  const [done, setDone] = useState<string | null>(null)

  const choose = (m: Mode) => {
    setMode(mode === m ? null : m)
    setError(null)
    setDone(null)
  }
  const mismatch = confirm !== '' && confirm !== pass
  const tooShort = mode !== 'p12' && pass.length > 0 && pass.length < 4

  const run = async () => {
    if (pass !== confirm) {
      setError({ code: 'INVALID_INPUT', message: 'The two passphrases differ; type the same one twice.' })
      return
    }
    setBusy(true)
    setError(null)
    setDone(null)
    if (mode === 'pem') {
      const r = await api.call('x509.exportKey', { keyId, passphrase: pass })
      if (r.ok) {
        downloadBlob(`${baseName}.key.pem`, r.value.pem, 'application/x-pem-file')
        setDone(`Downloaded ${baseName}.key.pem — encrypted PKCS#8 (AES-256-CBC); keep the passphrase somewhere safe.`)
      } else setError(r.error)
    } else if (mode === 'save') {
      const r = await api.call('x509.saveKey', { keyId, passphrase: pass, path: path.trim() })
      if (r.ok) setDone(`Written, encrypted, to ${r.value.path} with mode ${r.value.mode} (only your user can read it).`)
      else setError(r.error)
    } else if (mode === 'p12' && certificate) {
      const pems = [certificate.pem, ...(withChain ? chain.map((c) => c.pem) : [])]
      const r = await api.call('x509.exportPkcs12', { keyId, certificatesPem: pems.slice(0, 20), password: pass })
      if (r.ok) {
        downloadBlob(`${baseName}.p12`, base64ToBytes(r.value.base64) as BlobPart, 'application/x-pkcs12')
        setDone(`Downloaded ${baseName}.p12 with the key and ${pems.length} certificate${pems.length === 1 ? '' : 's'}, protected by the password (AES-256).`)
      } else setError(r.error)
    }
    setBusy(false)
  }

  return (
    <div className="key-export" data-testid="key-export">
      <div className="button-row">
        <button className={mode === 'pem' ? 'on' : ''} aria-pressed={mode === 'pem'} onClick={() => choose('pem')}>
          Export encrypted…
        </button>
        <button className={mode === 'save' ? 'on' : ''} aria-pressed={mode === 'save'} onClick={() => choose('save')}>
          Save to a file…
        </button>
        {certificate ? (
          <button className={mode === 'p12' ? 'on' : ''} aria-pressed={mode === 'p12'} onClick={() => choose('p12')}>
            PKCS#12 (.p12)…
          </button>
        ) : null}
      </div>
      {mode ? (
        <form
          className="form key-export-form"
          onSubmit={(e) => {
            e.preventDefault()
            void run()
          }}
        >
          {mode === 'save' ? (
            <label>
              Path of the new file (absolute; an existing file is never overwritten)
              <input value={path} onChange={(e) => setPath(e.target.value)} placeholder="/home/me/keys/server.key.pem" aria-label="Key file path" spellCheck={false} />
            </label>
          ) : null}
          <div className="field-row">
            <label>
              {mode === 'p12' ? 'Password' : 'Passphrase'}
              <input type="password" value={pass} onChange={(e) => setPass(e.target.value)} aria-label={mode === 'p12' ? 'PKCS#12 password' : 'Export passphrase'} autoComplete="new-password" />
            </label>
            <label>
              Again
              <input type="password" value={confirm} onChange={(e) => setConfirm(e.target.value)} aria-label={mode === 'p12' ? 'Confirm PKCS#12 password' : 'Confirm passphrase'} autoComplete="new-password" />
            </label>
          </div>
          {mismatch ? <div className="field-error">The two entries differ.</div> : null}
          {tooShort ? <div className="field-error">Use at least 4 characters.</div> : null}
          {mode === 'p12' && chain.length > 0 ? (
            <label className="check">
              <input type="checkbox" checked={withChain} onChange={(e) => setWithChain(e.target.checked)} /> Include the {chain.length} issuing certificate
              {chain.length === 1 ? '' : 's'} found in the list
            </label>
          ) : null}
          <button type="submit" className="primary" disabled={busy || pass === '' || mismatch || tooShort || (mode === 'save' && path.trim() === '')}>
            {busy ? 'Encrypting…' : mode === 'pem' ? 'Download encrypted key' : mode === 'save' ? 'Write the encrypted key' : 'Download .p12'}
          </button>
        </form>
      ) : null}
      <ErrorBox error={error} onDismiss={() => setError(null)} />
      {done ? (
        <div className="done-line" role="status" data-testid="key-export-done">
          ✓ {done}
        </div>
      ) : null}
    </div>
  )
}
