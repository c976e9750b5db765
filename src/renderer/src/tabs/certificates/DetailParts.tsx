// Pieces every item's detail shares: the header with its actions, a distinguished name as a table, a public key's
// rows and a copy button.
import { useState, type ReactNode } from 'react'
import type { DistinguishedName, PublicKeyInfo } from '../../../../shared/x509/types'
import { KeyValue } from '../../ui/KeyValue'
import { KIND_BADGE, entryTitle, type Entry } from './model'
import { useCertStore } from './store'

export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [copied, setCopied] = useState(false)
  return (
    <button
      className="copy-button"
      onClick={() => {
        void navigator.clipboard?.writeText(text).then(
          () => {
            setCopied(true)
            setTimeout(() => setCopied(false), 1200)
          },
          () => undefined
        )
      }}
      aria-label={`${label}: ${text.slice(0, 40)}`}
    >
      {copied ? 'Copied' : label}
    </button>
  )
}

function originText(entry: Entry): string {
  const o = entry.origin
  if (!o) return entry.source
  const parts = [entry.source]
  if (o.container === 'pem') parts.push(`PEM block ${o.pemBlock ?? '?'}${o.line ? ` (line ${o.line})` : ''}${o.pemLabel ? `, ${o.pemLabel}` : ''}`)
  else if (o.container === 'pkcs12') parts.push(`PKCS#12${o.friendlyName ? `, “${o.friendlyName}”` : ''}`)
  else if (o.container === 'pkcs7') parts.push('PKCS#7')
  else parts.push(o.container.toUpperCase())
  return parts.join(' · ')
}

export function DetailHeader({ entry, number, children }: { entry: Entry; number: number; children?: ReactNode }) {
  const store = useCertStore()
  const badge = KIND_BADGE[entry.item.kind]
  const ca = entry.item.kind === 'certificate' && entry.item.certificate.isCA
  return (
    <header className="detail-head">
      <span className={`kind-badge big kind-${entry.item.kind} ${ca ? 'kind-ca' : ''}`} aria-hidden="true">
        {ca ? 'CA' : badge.text}
      </span>
      <div className="detail-head-text">
        <h2 data-testid="detail-title">{entryTitle(entry)}</h2>
        <div className="muted small">
          {badge.label} #{number} · {originText(entry)}
        </div>
      </div>
      <div className="detail-actions">
        {children}
        <button className="small-button" onClick={() => store.remove(entry.uid)} title="Remove from the list">
          Remove
        </button>
      </div>
    </header>
  )
}

export function NameTable({ name, testId }: { name: DistinguishedName; testId?: string }) {
  if (name.rdns.length === 0) return <p className="muted small">Empty (the names are in the Subject Alternative Name extension).</p>
  return (
    <table className="small-table rdn-table" data-testid={testId}>
      <tbody>
        {name.rdns.map((rdn, i) =>
          rdn.map((a, j) => (
            <tr key={`${i}-${j}`}>
              <th scope="row" title={a.oid}>
                {a.shortName}
                {a.longName ? <span className="muted"> {a.longName}</span> : null}
              </th>
              <td className="rdn-value">{a.value}</td>
              <td className="muted small rdn-type">{a.valueType}</td>
            </tr>
          ))
        )}
      </tbody>
    </table>
  )
}

export function PublicKeyKvs({ k }: { k: PublicKeyInfo }) {
  return (
    <>
      <KeyValue label="Algorithm">{k.algorithm}</KeyValue>
      {k.curve ? <KeyValue label="Curve">{k.curve}</KeyValue> : null}
      {k.bits ? <KeyValue label="Size">{k.bits} bits</KeyValue> : null}
      {k.exponent !== undefined ? <KeyValue label="Exponent">{k.exponent}</KeyValue> : null}
      <KeyValue label="SPKI SHA-256" testId="spki-pin">
        <span className="with-copy">
          <span>{k.spkiSha256}</span>
          <CopyButton text={k.spkiSha256} />
        </span>
      </KeyValue>
    </>
  )
}
