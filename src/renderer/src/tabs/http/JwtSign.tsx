// Sign a JWT in main: header JSON + claims JSON + key → a compact JWS, to test a server with a token of one's own.
// alg "none" only behind an explicit tick and a warning (RFC 7518 §3.6, RFC 8725 §3.1).
import { useField, useStore } from '../../app/store'
import { ErrorBox } from '../../ui/ErrorBox'
import { JwtKeyField } from './JwtKeyField'
import { VERIFY_ALGORITHMS } from './JwtVerify'
import { defaultPayload, jwtStore, setToken, signToken } from './jwt-store'

function headerAlg(json: string): string | null {
  try {
    const v = JSON.parse(json) as { alg?: unknown }
    return typeof v.alg === 'string' ? v.alg : null
  } catch {
    return null
  }
}

/** Rewrites the header's alg, keeping its other members; a header that is not JSON is left for the user to fix. */
function withAlg(json: string, alg: string): string {
  try {
    const v = JSON.parse(json) as Record<string, unknown>
    if (!v || typeof v !== 'object' || Array.isArray(v)) return json
    return JSON.stringify({ ...v, alg }, null, 2)
  } catch {
    return json
  }
}

export function JwtSign() {
  const [headerJson, setHeaderJson] = useField(jwtStore, 'headerJson')
  const [payloadJson, setPayloadJson] = useField(jwtStore, 'payloadJson')
  const [key, setKey] = useField(jwtStore, 'signKey')
  const [allowNone, setAllowNone] = useField(jwtStore, 'signAllowNone')
  const [error, setError] = useField(jwtStore, 'signError')
  const signing = useStore(jwtStore, (s) => s.signing)
  const signed = useStore(jwtStore, (s) => s.signed)
  const alg = headerAlg(headerJson)
  return (
    <form className="card jwt-sign" aria-label="Sign a token" onSubmit={(e) => (e.preventDefault(), void signToken())}>
      <h3>Sign</h3>
      <p className="hint">Signing proves who made the token; it hides nothing. Whatever you put in the claims can be read by anyone who sees the token.</p>
      <div className="jwt-row">
        <label className="jwt-narrow">
          Algorithm
          <select aria-label="Signing algorithm" value={alg ?? ''} onChange={(e) => setHeaderJson(withAlg(headerJson, e.target.value))}>
            {alg !== null && alg !== 'none' && !(VERIFY_ALGORITHMS as readonly string[]).includes(alg) ? <option value={alg}>{alg}</option> : null}
            {alg === null ? <option value="">(set in the header)</option> : null}
            {VERIFY_ALGORITHMS.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
            <option value="none">none (no signature)</option>
          </select>
        </label>
      </div>
      <div className="jwt-sign-json">
        <label>
          Header (JSON, RFC 7515 §4)
          <textarea className="mono" rows={5} spellCheck={false} value={headerJson} onChange={(e) => setHeaderJson(e.target.value)} aria-label="Header JSON" />
        </label>
        <label>
          Claims (JSON, RFC 7519 §4)
          <textarea className="mono" rows={9} spellCheck={false} value={payloadJson} onChange={(e) => setPayloadJson(e.target.value)} aria-label="Claims JSON" />
        </label>
      </div>
      <div className="jwt-row">
        <button type="button" className="small-button" onClick={() => setPayloadJson(defaultPayload())}>
          Fresh claims (iat/nbf now, exp in 1 hour)
        </button>
      </div>
      {alg === 'none' ? (
        <>
          <label className="check">
            <input type="checkbox" checked={allowNone} onChange={(e) => setAllowNone(e.target.checked)} />
            Allow alg “none”: make an unsigned token
          </label>
          <p className="warning" data-testid="jwt-sign-none-warning">
            alg “none” makes an Unsecured JWS with an empty signature (RFC 7518 §3.6): anyone can write one. Use it only to test that a verifier refuses it.
          </p>
        </>
      ) : (
        <JwtKeyField label="Signing key" value={key} onChange={setKey} use="sign" testId="jwt-sign-key" />
      )}
      <div className="jwt-row">
        <button type="submit" className="primary" disabled={signing}>
          {signing ? 'Signing…' : 'Sign'}
        </button>
      </div>
      <ErrorBox error={error} onDismiss={() => setError(null)} />
      {signed ? (
        <div className="jwt-signed" data-testid="jwt-signed">
          <textarea className="mono" readOnly rows={3} value={signed} aria-label="Signed token" />
          <div className="jwt-row">
            <button type="button" className="small-button" onClick={() => setToken(signed)}>
              Decode it above
            </button>
            <button type="button" className="small-button" onClick={() => void navigator.clipboard?.writeText(signed)}>
              Copy
            </button>
          </div>
        </div>
      ) : null}
    </form>
  )
}
