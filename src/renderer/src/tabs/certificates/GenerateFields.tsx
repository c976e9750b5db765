// The small labelled fields of the Generate form whose choices come from the shared tables (key types, presets),
// so the page offers exactly what the contract accepts, in the same words everywhere.
import type { ReactNode } from 'react'
import { KEY_ALGORITHMS, keyAlgorithms, type KeyAlgorithm } from '../../../../shared/x509/key-algorithms'
import { CERTIFICATE_PRESETS, type CertificatePreset } from '../../../../shared/x509/presets'

export function Field({ label, children, className }: { label: string; children: ReactNode; className?: string }) {
  return (
    <label className={className}>
      {label}
      {children}
    </label>
  )
}

/** A labelled picker over one of the shared tables: the ids in their order, each shown by its label. */
function TableSelect<K extends string>(props: { label: string; name: string; className?: string; value: K; ids: readonly K[]; labelOf: (id: K) => string; onChange: (v: K) => void }) {
  return (
    <Field label={props.label} className={props.className}>
      <select value={props.value} onChange={(e) => props.onChange(e.target.value as K)} aria-label={props.name}>
        {props.ids.map((id) => (
          <option key={id} value={id}>
            {props.labelOf(id)}
          </option>
        ))}
      </select>
    </Field>
  )
}

export function KeyAlgorithmSelect({ value, onChange }: { value: KeyAlgorithm; onChange: (v: KeyAlgorithm) => void }) {
  return <TableSelect label="Key" name="Key algorithm" value={value} ids={keyAlgorithms} labelOf={(k) => KEY_ALGORITHMS[k].label} onChange={onChange} />
}

export function PresetSelect<P extends CertificatePreset>({ value, options, onChange }: { value: P; options: readonly P[]; onChange: (v: P) => void }) {
  return <TableSelect label="Profile" name="Profile" className="grow" value={value} ids={options} labelOf={(p) => CERTIFICATE_PRESETS[p].label} onChange={onChange} />
}
