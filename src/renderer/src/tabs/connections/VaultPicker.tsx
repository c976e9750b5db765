// Pick a certificate whose key main's vault holds, for a TLS server or an mTLS client.
import { useEffect } from 'react'
import { heldStore, refreshHeld } from '../../app/held'
import { useStore } from '../../app/store'

/**
 * Certificates and keys made or opened in the Certificates tab, for a TLS server or an mTLS client: the key stays
 * in main (only its id travels), the certificate PEM fills the form.
 */
export function VaultPicker({ keyId, onPick, label }: { keyId: string | null; onPick: (pick: { keyId: string; certPem: string } | null) => void; label: string }) {
  const vault = useStore(heldStore, (s) => s.keys)
  const keys = vault.filter((k) => k.certPem)
  // The vault lives in main; list it again whenever a picker appears.
  useEffect(() => void refreshHeld(), [])
  if (keys.length === 0) {
    return <p className="hint">Certificates you generate or open (with their key) in the Certificates tab can be picked here.</p>
  }
  return (
    <label>
      {label}
      <select
        aria-label={label}
        value={keyId ?? ''}
        onChange={(e) => {
          const k = keys.find((x) => x.keyId === e.target.value)
          onPick(k ? { keyId: k.keyId, certPem: k.certPem as string } : null)
        }}
      >
        <option value="">— paste PEM below —</option>
        {keys.map((k) => (
          <option key={k.keyId} value={k.keyId}>
            {k.label} · {k.publicKey.algorithm}
            {k.publicKey.curve ? ` ${k.publicKey.curve}` : k.publicKey.bits ? ` ${k.publicKey.bits}` : ''}
          </option>
        ))}
      </select>
    </label>
  )
}
