// The Verify form's stricter knobs, apart from VerifySection so each stays readable: how revocation is checked
// (RFC 5280 §6.3, RFC 6960), the CRLs the user brings, and the checks a caller may add — a path-length limit, key
// usages the leaf must allow, and the legacy Common Name match that RFC 9525 §6 retires (off by default).
import { useRef, useState, type DragEvent } from 'react'
import type { KeyUsageName, RevocationMode } from '../../../../shared/x509/types'
import { useField } from '../../app/store'
import { certificateForms, type GivenCrl } from './forms-store'
import { formatBytes } from './model'

/** x509.verify takes each CRL as text of at most 20 MiB (PEM, or DER one char per byte), and at most 50 of them. */
const MAX_CRL_BYTES = 20 * 1024 * 1024
const MAX_CRLS = 50

const MODES: { id: RevocationMode; label: string; line: string }[] = [
  { id: 'off', label: 'Off', line: 'Do not look for CRLs or OCSP answers: a revoked certificate still passes.' },
  { id: 'soft', label: 'Soft-fail', line: 'Revoked fails; when no answer can be had (responder down, no CRL) the chain passes with a warning, as browsers do.' },
  { id: 'hard', label: 'Hard-fail', line: 'Revoked fails, and so does a certificate whose status cannot be learnt (RFC 5280 §6.3 leaves the choice to you).' }
]

const USAGES: { id: KeyUsageName; hint: string }[] = [
  { id: 'digitalSignature', hint: 'TLS 1.3 and ECDHE handshakes sign with the key' },
  { id: 'keyEncipherment', hint: 'TLS 1.2 RSA key transport' },
  { id: 'keyAgreement', hint: 'static (EC)DH' },
  { id: 'nonRepudiation', hint: 'contentCommitment' },
  { id: 'dataEncipherment', hint: '' },
  { id: 'keyCertSign', hint: 'CAs only' },
  { id: 'cRLSign', hint: 'CAs only' },
  { id: 'encipherOnly', hint: 'with keyAgreement' },
  { id: 'decipherOnly', hint: 'with keyAgreement' }
]

let nextCrlId = 1

/** A CRL file's bytes as the text x509.verify takes: PEM as it is, DER one latin1 char per byte. */
export function crlText(bytes: Uint8Array): string {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 64))
  if (/^\s*-----BEGIN /.test(head)) return new TextDecoder('utf-8').decode(bytes)
  let out = ''
  for (let i = 0; i < bytes.length; i += 0x8000) out += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return out
}

export function RevocationFields() {
  const [mode, setMode] = useField(certificateForms, 'verifyRevocation')
  const [online, setOnline] = useField(certificateForms, 'verifyRevocationOnline')
  return (
    <fieldset className="revocation-fields">
      <legend>Revocation</legend>
      <div className="mode-choices" role="radiogroup" aria-label="Revocation checking">
        {MODES.map((m) => (
          <label key={m.id} className={`mode-choice ${mode === m.id ? 'on' : ''}`}>
            <input type="radio" name="verify-revocation" checked={mode === m.id} onChange={() => setMode(m.id)} aria-label={`Revocation ${m.label}`} />
            <span className="mode-text">
              <strong>{m.label}</strong>
              <span className="small">{m.line}</span>
            </span>
          </label>
        ))}
      </div>
      <label className="check">
        <input type="checkbox" checked={online} disabled={mode === 'off'} onChange={(e) => setOnline(e.target.checked)} aria-label="Check revocation online" />
        <span>
          Check online <span className="muted small">— ask each certificate's OCSP responder (AIA, RFC 6960) and fetch its CRL distribution points (RFC 5280 §4.2.1.13)</span>
        </span>
      </label>
      <CrlFiles disabled={mode === 'off'} />
    </fieldset>
  )
}

function CrlFiles({ disabled }: { disabled: boolean }) {
  const [crls, setCrls] = useField(certificateForms, 'verifyCrls')
  const input = useRef<HTMLInputElement>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [paste, setPaste] = useState('')
  const [over, setOver] = useState(false)

  const add = (more: GivenCrl[], refused: string[]) => {
    const room = MAX_CRLS - crls.length
    if (more.length > room) refused.push(`only ${MAX_CRLS} CRLs can be given; ${more.length - room} left out`)
    setCrls([...crls, ...more.slice(0, Math.max(0, room))])
    setProblem(refused.length ? `Not added: ${refused.join('; ')}.` : null)
  }

  const addFiles = async (files: File[]) => {
    const refused: string[] = []
    const more: GivenCrl[] = []
    for (const f of files) {
      if (f.size > MAX_CRL_BYTES) {
        refused.push(`${f.name} is ${formatBytes(f.size)}, over the 20 MiB a CRL file may have here`)
        continue
      }
      more.push({ id: nextCrlId++, name: f.name, text: crlText(new Uint8Array(await f.arrayBuffer())), bytes: f.size })
    }
    add(more, refused)
  }

  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    setOver(false)
    if (!Array.from(e.dataTransfer.types).includes('Files')) return
    // handled here: the tab's own drop (which opens files in the list) sees defaultPrevented and leaves it
    e.preventDefault()
    void addFiles(Array.from(e.dataTransfer.files))
  }

  return (
    <div
      className={`crl-drop ${over ? 'over' : ''}`}
      data-testid="crl-drop"
      onDragOver={(e) => {
        if (!Array.from(e.dataTransfer.types).includes('Files')) return
        e.preventDefault()
        setOver(true)
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      <div className="crl-drop-head">
        <span className="field-label-text">CRL files {crls.length ? `(${crls.length})` : ''}</span>
        <button type="button" className="small-button" disabled={disabled} onClick={() => input.current?.click()}>
          Add CRL files…
        </button>
      </div>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        accept=".crl,.pem,.der"
        data-testid="crl-file-input"
        aria-label="CRL files"
        onChange={(e) => {
          const files = Array.from(e.target.files ?? [])
          e.target.value = ''
          if (files.length) void addFiles(files)
        }}
      />
      <p className="hint">Drop CRLs here (PEM or DER), or paste one below. Each is checked like a fetched one: issuer, signature, dates, scope (RFC 5280 §6.3.3).</p>
      {crls.length ? (
        <ul className="crl-given" aria-label="CRLs given">
          {crls.map((c, i) => (
            <li key={c.id}>
              <span className="mono small">CRL {i + 1}</span>
              <span className="candidate-name" title={c.name}>
                {c.name}
              </span>
              <span className="muted small">{formatBytes(c.bytes)}</span>
              <button type="button" className="small-button" onClick={() => setCrls(crls.filter((x) => x.id !== c.id))} aria-label={`Remove CRL ${c.name}`}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <details className="crl-paste">
        <summary>Paste a CRL (PEM)</summary>
        <textarea
          className="mono"
          rows={4}
          value={paste}
          onChange={(e) => setPaste(e.target.value)}
          placeholder={'-----BEGIN X509 CRL-----\nMIIB…\n-----END X509 CRL-----'}
          aria-label="Paste CRL PEM"
          spellCheck={false}
        />
        <button
          type="button"
          className="small-button"
          disabled={disabled || !/-----BEGIN X509 CRL-----/.test(paste)}
          onClick={() => {
            if (paste.length > MAX_CRL_BYTES) return add([], ['the pasted text is over 20 MiB'])
            add([{ id: nextCrlId++, name: 'pasted CRL', text: paste, bytes: paste.length }], [])
            setPaste('')
          }}
        >
          Add pasted CRL
        </button>
      </details>
      {problem ? (
        <div className="field-error" role="alert">
          {problem}
        </div>
      ) : null}
    </div>
  )
}

export function StricterChecks() {
  const [maxDepth, setMaxDepth] = useField(certificateForms, 'verifyMaxDepth')
  const [usages, setUsages] = useField(certificateForms, 'verifyKeyUsage')
  const [legacyCn, setLegacyCn] = useField(certificateForms, 'verifyLegacyCn')
  const [ed25519, setEd25519] = useField(certificateForms, 'verifyAllowEd25519')
  const depthBad = maxDepthInvalid(maxDepth)
  const open = maxDepth !== '' || usages.length > 0 || legacyCn || ed25519
  return (
    <details className="stricter" open={open || undefined}>
      <summary>Path length, key usage, legacy names</summary>
      <label>
        Most intermediate CAs (empty: no limit)
        <input value={maxDepth} inputMode="numeric" onChange={(e) => setMaxDepth(e.target.value.trim())} aria-label="Maximum intermediates" placeholder="e.g. 2" />
        <span className="hint">Like openssl verify -verify_depth: self-issued CA certificates are not counted (RFC 5280 §6.1.4 (l)).</span>
      </label>
      {depthBad ? <div className="field-error">Give a whole number from 0 to 255.</div> : null}
      <fieldset className="usage-grid" aria-label="Required key usages">
        <legend>The leaf must allow (RFC 5280 §4.2.1.3)</legend>
        {USAGES.map((u) => (
          <label key={u.id} className="check" title={u.hint}>
            <input type="checkbox" checked={usages.includes(u.id)} onChange={(e) => setUsages(e.target.checked ? [...usages, u.id] : usages.filter((x) => x !== u.id))} />
            <span className="mono small">{u.id}</span>
          </label>
        ))}
      </fieldset>
      <label className="check">
        <input type="checkbox" checked={legacyCn} onChange={(e) => setLegacyCn(e.target.checked)} aria-label="Legacy: match the CN when there is no SAN" />
        <span>Legacy: match the CN when there is no SAN</span>
      </label>
      <p className="hint">
        Off by default. RFC 9525 §6 (and every browser) match a host name only against the Subject Alternative Names; a CN is never consulted in the Web PKI. Turn it
        on for old internal certificates that carry no SAN at all.
      </p>
      <label className="check">
        <input type="checkbox" checked={ed25519} onChange={(e) => setEd25519(e.target.checked)} />
        <span>Accept Ed25519 keys (RFC 8410; not allowed by the Baseline Requirements §6.1.5)</span>
      </label>
    </details>
  )
}

export function maxDepthInvalid(text: string): boolean {
  return text !== '' && !(/^\d{1,3}$/.test(text) && Number(text) <= 255)
}
