import { useEffect, useState } from 'react'
import type { GeneratedKeyInfo } from '../../../../shared/x509/types'
import { api } from '../../app/api'

/**
 * Certificates and keys made or opened in the Certificates tab, for a TLS server or an mTLS client: the key stays
 * in main (only its id travels), the certificate PEM fills the form.
 */
export function VaultPicker({ keyId, onPick, label }: { keyId: string | null; onPick: (pick: { keyId: string; certPem: string } | null) => void; label: string }) {
  const [keys, setKeys] = useState<GeneratedKeyInfo[]>([])
  useEffect(() => {
    void api.call('x509.keys', {}).then((r) => {
      if (r.ok) setKeys(r.value.filter((k) => k.certPem))
    })
  }, [])
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
