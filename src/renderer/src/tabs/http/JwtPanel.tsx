// JWT: paste a token and read it (decoded here in the page, explained against the clock), verify it in main with a
// secret, PEM or JWKS, or sign one. State in ./jwt-store, so switching sections or tabs keeps token and answers.
import { useEffect, useMemo, useState } from 'react'
import { WirebenchError, type WireError } from '../../../../shared/errors'
import { base64UrlEncode, decodeJwt, type DecodedJwt } from '../../../../shared/http/jwt'
import { useField } from '../../app/store'
import { ErrorBox } from '../../ui/ErrorBox'
import { JwtDecoded } from './JwtDecoded'
import { JwtSign } from './JwtSign'
import { JwtVerify } from './JwtVerify'
import { RFC7515_A1_KEY, RFC7519_EXAMPLE, jwtStore, setToken } from './jwt-store'
import './jwt.css'

const enc = (v: unknown): string => base64UrlEncode(new TextEncoder().encode(JSON.stringify(v)))
/** An Unsecured JWS (RFC 7518 §3.6), to see how it is called out. */
const NONE_EXAMPLE = `${enc({ alg: 'none', typ: 'JWT' })}.${enc({ sub: 'admin', role: 'superuser', iat: 1700000000 })}.`

/** The clock the time claims are judged against, moving on so "expires in 3 minutes" stays true. */
function useNow(everyMs = 10_000): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs)
    return () => clearInterval(timer)
  }, [everyMs])
  return now
}

function decode(text: string, now: number, leeway: string): { decoded: DecodedJwt | null; error: WireError | null } {
  if (!text.trim()) return { decoded: null, error: null }
  const leewaySec = Number(leeway)
  try {
    return { decoded: decodeJwt(text, now, { leewaySec: Number.isInteger(leewaySec) && leewaySec >= 0 ? leewaySec : 0 }), error: null }
  } catch (e) {
    if (e instanceof WirebenchError) return { decoded: null, error: { code: e.code, message: e.message } }
    return { decoded: null, error: { code: 'JWT_MALFORMED', message: (e as Error).message } }
  }
}

export function JwtPanel() {
  const [token] = useField(jwtStore, 'token')
  const [leeway] = useField(jwtStore, 'leeway')
  const now = useNow()
  const { decoded, error } = useMemo(() => decode(token, now, leeway), [token, now, leeway])
  const useExample = () => {
    setToken(RFC7519_EXAMPLE)
    const key = jwtStore.get().verifyKey
    if (!key.text) jwtStore.set({ verifyKey: { kind: 'secret', encoding: 'base64url', text: RFC7515_A1_KEY, fileName: null } })
  }
  return (
    <div className="jwt-panel" data-testid="jwt-panel">
      <div className="card">
        <h3>JSON Web Token</h3>
        <label>
          Token (a compact JWS or JWE; a leading “Bearer ” is fine)
          <textarea
            className="mono jwt-input"
            rows={4}
            spellCheck={false}
            value={token}
            onChange={(e) => setToken(e.target.value)}
            aria-label="JWT"
            placeholder="eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.…"
          />
        </label>
        <div className="jwt-row">
          <button type="button" className="small-button" onClick={useExample}>
            Example: RFC 7519 §3.1 (with its key)
          </button>
          <button type="button" className="small-button" onClick={() => setToken(NONE_EXAMPLE)}>
            Example: alg none
          </button>
          {token ? (
            <button type="button" className="small-button" onClick={() => setToken('')}>
              Clear
            </button>
          ) : null}
          <span className="spacer" />
          <span className="muted small">Decoded in this page; nothing is sent anywhere until you press Verify or Sign. Keys are kept in memory only.</span>
        </div>
        {error ? (
          <div data-testid="jwt-error">
            <ErrorBox error={error} />
          </div>
        ) : null}
      </div>
      {decoded ? <JwtDecoded text={token} decoded={decoded} /> : null}
      <div className="jwt-actions">
        <JwtVerify decoded={decoded} />
        <JwtSign />
      </div>
    </div>
  )
}
