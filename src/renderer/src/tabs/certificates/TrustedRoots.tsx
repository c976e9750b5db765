// The roots the user trusts in this window: one click adds one (from a failing chain, a server's private root, the
// list), this card lists them and takes them away. Verify and From a server pass them as trust anchors.
import { useCertStore, type TrustedRoot } from './store'
import './trusted-roots.css'

/** "Trust this root": adds it to the trusted roots, then lets the caller verify again. */
export function TrustRootButton({ root, onTrusted, testId }: { root: TrustedRoot; onTrusted?: () => void; testId?: string }) {
  const store = useCertStore()
  const trusted = store.trustedRoots.some((r) => r.fingerprint256 === root.fingerprint256)
  return (
    <button
      type="button"
      className="small-button primary"
      data-testid={testId ?? 'trust-root'}
      disabled={trusted}
      title={`Trust "${root.subject}" as a root in this window (Verify and From a server use it)`}
      onClick={() => {
        store.trustRoot(root)
        onTrusted?.()
      }}
    >
      {trusted ? 'Root trusted' : 'Trust this root'}
    </button>
  )
}

export function TrustedRootsCard() {
  const store = useCertStore()
  if (store.trustedRoots.length === 0) return null
  return (
    <section className="card trusted-roots" aria-label="Roots you trust" data-testid="trusted-roots">
      <h3>Roots you trust ({store.trustedRoots.length})</h3>
      <p className="hint">Trusted in this window, on top of the trust stores; Verify and From a server use them.</p>
      <ul className="trusted-root-list">
        {store.trustedRoots.map((r) => (
          <li key={r.fingerprint256} className="trusted-root">
            <span className="candidate-name" title={`SHA-256 ${r.fingerprint256}`}>
              {r.subject || '(empty subject)'}
            </span>
            <button type="button" className="small-button" onClick={() => store.untrustRoot(r.fingerprint256)} aria-label={`Stop trusting ${r.subject}`}>
              Remove
            </button>
          </li>
        ))}
      </ul>
    </section>
  )
}
