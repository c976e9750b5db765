// Verify a JWT in main with a secret, PEM or JWKS: the algorithms allowed, leeway, audience and issuer, and the
// answer in words — including algorithm confusion, said before and after the key is tried.
import { algorithmInfo, type DecodedJwt } from '../../../../shared/http/jwt'
import { useField, useStore } from '../../app/store'
import { ErrorBox } from '../../ui/ErrorBox'
import { FindingList } from '../../ui/FindingList'
import { JwtKeyField } from './JwtKeyField'
import { jwtStore, verifyToken } from './jwt-store'

/** What `jose` verifies here (main's JWT_ALGORITHMS; EdDSA means Ed25519). */
export const VERIFY_ALGORITHMS = ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'] as const

export function JwtVerify({ decoded }: { decoded: DecodedJwt | null }) {
  const [key, setKey] = useField(jwtStore, 'verifyKey')
  const [algorithms, setAlgorithms] = useField(jwtStore, 'algorithms')
  const [leeway, setLeeway] = useField(jwtStore, 'leeway')
  const [audience, setAudience] = useField(jwtStore, 'audience')
  const [issuer, setIssuer] = useField(jwtStore, 'issuer')
  const [allowNone, setAllowNone] = useField(jwtStore, 'allowNone')
  const [error, setError] = useField(jwtStore, 'verifyError')
  const verifying = useStore(jwtStore, (s) => s.verifying)
  const verified = useStore(jwtStore, (s) => s.verified)
  const stale = useStore(jwtStore, (s) => s.verified !== null && s.verifiedToken !== s.token)
  const family = algorithmInfo(decoded?.alg).family
  const confusion = family === 'hmac' && key.kind !== 'secret' && key.text.trim() !== ''
  // The token's own findings are shown above; here only what the key added (confusion, a short secret…).
  const own = new Set(decoded?.findings.map((f) => f.code) ?? [])
  const extra = verified?.findings.filter((f) => !own.has(f.code)) ?? []
  const toggle = (alg: string) => setAlgorithms(algorithms.includes(alg) ? algorithms.filter((a) => a !== alg) : [...algorithms, alg])
  return (
    <form className="card jwt-verify" aria-label="Verify the token" onSubmit={(e) => (e.preventDefault(), void verifyToken())}>
      <h3>Verify</h3>
      <p className="hint">Checked in Wirebench’s engine with jose: the signature first, then exp and nbf against this machine’s clock, then audience and issuer when given (RFC 7519 §7.2).</p>
      <JwtKeyField label="Verification key" value={key} onChange={setKey} use="verify" testId="jwt-verify-key" />
      {confusion ? (
        <p className="warning" data-testid="jwt-confusion-warning">
          The token says {decoded?.alg} (a shared-secret HMAC) but the key is a {key.kind === 'pem' ? 'PEM' : 'JWKS'}. If a verifier used that public key as the HMAC secret, anyone holding the public key could forge tokens: the
          algorithm-confusion attack (RFC 8725 §2.1). Wirebench refuses it; so should your server.
        </p>
      ) : null}
      <fieldset>
        <legend>Algorithms allowed ({algorithms.length ? algorithms.join(', ') : 'none ticked: only those that fit the key'})</legend>
        <div className="jwt-chips" role="group" aria-label="Algorithms allowed">
          {VERIFY_ALGORITHMS.map((a) => (
            <label key={a} className={`jwt-chip ${algorithms.includes(a) ? 'on' : ''}`}>
              <input type="checkbox" checked={algorithms.includes(a)} onChange={() => toggle(a)} />
              {a}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="jwt-row">
        <label className="jwt-narrow">
          Leeway (seconds)
          <input inputMode="numeric" value={leeway} onChange={(e) => setLeeway(e.target.value)} aria-label="Leeway in seconds" />
        </label>
        <label className="grow">
          Audience expected (aud)
          <input value={audience} onChange={(e) => setAudience(e.target.value)} placeholder="api.example" />
        </label>
        <label className="grow">
          Issuer expected (iss)
          <input value={issuer} onChange={(e) => setIssuer(e.target.value)} placeholder="https://issuer.example" />
        </label>
      </div>
      <label className="check">
        <input type="checkbox" checked={allowNone} onChange={(e) => setAllowNone(e.target.checked)} />
        Accept alg “none” (unsigned tokens)
      </label>
      {allowNone ? <p className="warning">With this ticked, a token with no signature passes: anyone can write one. Only for testing how a verifier behaves (RFC 8725 §3.1).</p> : null}
      <div className="jwt-row">
        <button type="submit" className="primary" disabled={verifying}>
          {verifying ? 'Verifying…' : 'Verify'}
        </button>
      </div>
      <ErrorBox error={error} onDismiss={() => setError(null)} />
      {verified ? (
        <div className={`jwt-verdict ${verified.valid ? 'valid' : 'invalid'}`} data-testid="jwt-verdict" role="status">
          <div className="jwt-verdict-head">
            <span className={`jwt-badge ${verified.valid ? 'valid' : 'invalid'}`}>{verified.valid ? 'Valid' : 'Invalid'}</span>
            {verified.alg ? <span className="mono small">{verified.alg}</span> : null}
            {verified.kid !== undefined ? <span className="mono small">kid {verified.kid}</span> : null}
            {stale ? <span className="muted small">(for the token as it was before the last edit)</span> : null}
          </div>
          <p className="jwt-reason" data-testid="jwt-reason">
            {verified.reason}
          </p>
          <FindingList findings={extra} compact />
        </div>
      ) : null}
    </form>
  )
}
