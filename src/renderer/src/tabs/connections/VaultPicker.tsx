// Pick a certificate whose key main's vault holds, for a TLS server or an mTLS client.
import { useEffect } from 'react'
import { heldStore, refreshHeld } from '../../app/held'
import { useStore } from '../../app/store'

/**
 * Certificates and keys made or opened in the Certificates tab, for a TLS server or an mTLS client: the key stays
 * in main (only its id travels), the certificate PEM fills the form — as a chain (leaf + the intermediates the vault
 * holds, as Generate's chain.pem), so a peer that trusts only the root can verify it.
 */
export function VaultPicker({ keyId, onPick, label }: { keyId: string | null; onPick: (pick: { keyId: string; certPem: string } | null) => void; label: string }) {
  const vault = useStore(heldStore, (s) => s.keys)
  const keys = vault.filter((k) => k.certPem)
  // The vault lives in main; list it again whenever a picker appears.
  useEffect(() => void refreshHeld(), [])
  if (keys.length === 0) {
    return <p className="hint">Certificates you generate or open (with their key) in the Certificates tab can be picked here.</p>
  }
  const picked = keys.find((k) => k.keyId === keyId)
  const intermediates = picked?.chainPem ? (picked.chainPem.match(/-----BEGIN CERTIFICATE-----/g)?.length ?? 1) - 1 : 0
  return (
    <label>
      {label}
      <select
        aria-label={label}
        value={keyId ?? ''}
        onChange={(e) => {
          const k = keys.find((x) => x.keyId === e.target.value)
          onPick(k ? { keyId: k.keyId, certPem: k.chainPem ?? (k.certPem as string) } : null)
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
      {picked ? (
        <span className="hint" data-testid="vault-chain">
          {intermediates > 0 ? `Sends the chain: the certificate and ${intermediates} intermediate${intermediates === 1 ? '' : 's'} (not the root).` : 'Sends the certificate alone (no intermediate for it in the vault).'}
        </span>
      ) : null}
    </label>
  )
}
