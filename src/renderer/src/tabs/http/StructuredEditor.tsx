// The structured view of the request text: method, target, version, headers, body, each edit written straight back as
// text. When the text holds bytes this form cannot carry, it shows its reading, read-only, until "Normalise" is pressed.
import type { ParsedRequestText, StructuredRequest } from '../../../../shared/http/request-text'
import { formatRequestText } from '../../../../shared/http/request-text'
import { useStore } from '../../app/store'
import { Segmented } from '../../ui/Segmented'
import { applyAuth, normalise, setRaw } from './actions'
import { fromDisplay, toDisplay } from './display-text'
import { httpStore } from './store'

function AuthHelper() {
  const auth = useStore(httpStore, (s) => s.auth)
  const tls = useStore(httpStore, (s) => s.target.tls)
  const set = (patch: Partial<typeof auth>) => httpStore.set((s) => ({ ...s, auth: { ...s.auth, ...patch, error: null } }))
  return (
    <details className="http-more http-auth">
      <summary>Authorization helper (Basic, Bearer)</summary>
      <div className="http-row">
        <Segmented label="Scheme" options={[['basic', 'Basic'], ['bearer', 'Bearer']] as const} value={auth.kind} onChange={(kind) => set({ kind })} />
        {auth.kind === 'basic' ? (
          <>
            <label>
              User
              <input className="mono" value={auth.user} onChange={(e) => set({ user: e.target.value })} aria-label="Basic user" spellCheck={false} />
            </label>
            <label>
              Password
              <input className="mono" type="password" value={auth.password} onChange={(e) => set({ password: e.target.value })} aria-label="Basic password" />
            </label>
          </>
        ) : (
          <label className="grow">
            Token
            <input className="mono" value={auth.token} onChange={(e) => set({ token: e.target.value })} aria-label="Bearer token" spellCheck={false} />
          </label>
        )}
        <button type="button" className="small-button" onClick={applyAuth}>
          Set Authorization
        </button>
      </div>
      {auth.kind === 'basic' ? (
        <p className="hint">Basic sends base64(&quot;user:password&quot;) (RFC 7617 §2). Base64 is an encoding, not encryption: anyone who sees the request reads the password.</p>
      ) : (
        <p className="hint">Bearer sends the token as it is (RFC 6750 §2.1): whoever holds it is you until it expires, so send it only over TLS.</p>
      )}
      {!tls ? (
        <p className="warning" role="note" data-testid="http-auth-cleartext">
          TLS is off: the Authorization header crosses the network readable by anyone on the path (RFC 7617 §4, RFC 6750 §5.3).
        </p>
      ) : null}
      {auth.error ? <p className="http-bad small" role="alert">{auth.error}</p> : null}
    </details>
  )
}

export function StructuredEditor({ parsed }: { parsed: ParsedRequestText }) {
  const r = parsed.request
  const ro = !parsed.exact
  const write = (patch: Partial<StructuredRequest>) => setRaw(formatRequestText({ ...r, ...patch }))
  const setHeader = (i: number, at: 0 | 1, v: string) => write({ headers: r.headers.map((h, j) => (j === i ? ((at === 0 ? [v, h[1]] : [h[0], v]) as [string, string]) : h)) })
  return (
    <div className="http-structured" data-testid="http-structured">
      {ro ? (
        <div className="warning http-approx" role="note" data-testid="http-approx">
          <p>
            <strong>Showing an approximation, read-only.</strong> The raw text holds bytes this form cannot write back; they are sent exactly as typed:
          </p>
          <ul>
            {parsed.issues.map((x) => (
              <li key={x}>{x}</li>
            ))}
          </ul>
          <button type="button" className="small-button" onClick={normalise} title="Rewrite the raw text as this form reads it">
            Normalise (rewrite the raw text as shown here)
          </button>
        </div>
      ) : null}
      <fieldset disabled={ro} className="http-structured-fields">
        <div className="http-row">
          <label className="http-method">
            Method
            <input className="mono" value={r.method} onChange={(e) => write({ method: e.target.value.replace(/\s/g, '') })} aria-label="Method" list="http-methods" spellCheck={false} />
          </label>
          <label className="grow">
            Target (path and query; RFC 9112 §3.2)
            <input className="mono" value={r.target} onChange={(e) => write({ target: e.target.value.replace(/\s/g, '') })} aria-label="Request target" spellCheck={false} />
          </label>
          <label className="http-version">
            Version
            <input className="mono" value={r.version} onChange={(e) => write({ version: e.target.value.replace(/\s/g, '') })} aria-label="Version" spellCheck={false} />
          </label>
          <label>
            Line endings
            <select value={r.lineEnding} onChange={(e) => write({ lineEnding: e.target.value as StructuredRequest['lineEnding'] })} aria-label="Line endings">
              <option value={'\r\n'}>CRLF (RFC 9112 §2.2)</option>
              <option value={'\n'}>Bare LF</option>
            </select>
          </label>
        </div>
        <datalist id="http-methods">
          {['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'CONNECT'].map((m) => (
            <option key={m} value={m} />
          ))}
        </datalist>
        <div className="http-headers" role="group" aria-label="Headers">
          {r.headers.map(([n, v], i) => (
            <div className="http-header-row" key={i}>
              <input className="mono" value={n} onChange={(e) => setHeader(i, 0, e.target.value.replace(/[:\r\n]/g, ''))} aria-label={`Header ${i + 1} name`} spellCheck={false} />
              <input className="mono" value={v} onChange={(e) => setHeader(i, 1, e.target.value.replace(/[\r\n]/g, ''))} aria-label={`Header ${i + 1} value`} spellCheck={false} />
              <button type="button" className="small-button" onClick={() => write({ headers: r.headers.filter((_, j) => j !== i) })} aria-label={`Remove header ${n || i + 1}`}>
                Remove
              </button>
            </div>
          ))}
          <button type="button" className="small-button" onClick={() => write({ headers: [...r.headers, ['X-Name', 'value']] })}>
            Add header
          </button>
        </div>
        <label>
          Body (sent as typed; ↵ is a CR byte)
          <textarea className="mono" rows={5} value={toDisplay(r.body)} onChange={(e) => write({ body: fromDisplay(e.target.value) })} aria-label="Body" spellCheck={false} />
        </label>
      </fieldset>
      {ro ? null : <AuthHelper />}
    </div>
  )
}
