// Choosing what to sign and who signs it, from the opened list: a CSR, and a CA certificate whose private key
// main's vault holds (the page only ever sees the key's id).
import type { Entry } from './model'
import { Field } from './GenerateFields'

export interface SigningCa {
  e: Entry
  number: number
  keyId: string | undefined
}

export function CsrPicker({ csrs, chosen, numberOf, onPick }: { csrs: Entry[]; chosen: Entry | null; numberOf: (e: Entry) => number; onPick: (uid: number) => void }) {
  return (
    <Field label="CSR to sign">
      {csrs.length ? (
        <select value={chosen?.uid ?? ''} onChange={(e) => onPick(Number(e.target.value))} aria-label="CSR to sign">
          {csrs.map((e) => (
            <option key={e.uid} value={e.uid}>
              #{numberOf(e)} {e.item.kind === 'csr' ? e.item.csr.subject.text : ''} — {e.source}
            </option>
          ))}
        </select>
      ) : (
        <span className="field-note">No CSR in the list: open one (drop it on this tab) or generate one with “CSR”.</span>
      )}
    </Field>
  )
}

function caTitle(e: Entry): string {
  if (e.item.kind !== 'certificate') return ''
  const c = e.item.certificate
  return `${c.subject.commonName ?? c.subject.text}${c.isCA ? '' : ' (not a CA!)'}`
}

export function CaPicker({ cas, chosen, onPick }: { cas: SigningCa[]; chosen: SigningCa | null; onPick: (uid: number) => void }) {
  return (
    <Field label="Signing CA (its key must be held by Wirebench)">
      {cas.length ? (
        <select value={chosen?.e.uid ?? ''} onChange={(e) => onPick(Number(e.target.value))} aria-label="Signing CA">
          {cas.map(({ e, number }) => (
            <option key={e.uid} value={e.uid}>
              #{number} {caTitle(e)}
            </option>
          ))}
        </select>
      ) : (
        <span className="field-note">
          No certificate with its key in the list. Generate a “Local lab PKI” or a self-signed certificate with the Root CA preset, or open a CA certificate together
          with its key.
        </span>
      )}
    </Field>
  )
}
