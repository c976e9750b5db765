// Every Set-Cookie of the response read as a browser reads it (RFC 6265bis (Internet-Draft) §5.6): its lifetime (Expires vs Max-Age vs
// a session cookie), scope (Domain, Path), Secure, HttpOnly, SameSite and name prefixes, each attribute explained;
// then what this session's jar did with them, and the Cookie header the jar added to the request.
import type { HttpRawResult, JarCookie } from '../../../../shared/contract/http'
import { parseSetCookie, type ParsedSetCookie } from '../../../../shared/http/cookies'
import { FindingList } from '../../ui/FindingList'
import { headerValues } from './response-format'

const MAX_SHOWN = 200

function lifetime(p: ParsedSetCookie, receivedAt: number): string {
  const c = p.cookie!
  if (c.maxAge !== undefined) {
    const also = c.expires !== undefined ? ' Expires is also given, and ignored: Max-Age wins (RFC 6265bis (Internet-Draft) §5.6.2; RFC 6265 §5.3 step 3).' : ''
    return c.maxAge <= 0 ? `Max-Age=${c.maxAge}: delete this cookie now.${also}` : `Persistent for Max-Age ${c.maxAge.toLocaleString('en-US')} s (about ${humanSeconds(c.maxAge)}) from when it was received: until ${new Date(receivedAt + Math.min(c.maxAge, 400 * 86_400) * 1000).toUTCString()}${c.maxAge > 400 * 86_400 ? ' (Max-Age is capped at 400 days, RFC 6265bis (Internet-Draft) §5.6.2; RFC 6265 has no cap)' : ''}.${also}`
  }
  if (c.expires !== undefined) {
    return c.expires <= receivedAt ? `Expires ${new Date(c.expires).toUTCString()}, already past: this deletes the cookie.` : `Persistent until ${new Date(c.expires).toUTCString()} (Expires).`
  }
  return 'Session cookie: no Expires or Max-Age, so it is dropped when the browser session ends — though browsers that restore sessions keep them (RFC 6265bis (Internet-Draft) §5.7; RFC 6265 §5.3).'
}

function humanSeconds(s: number): string {
  if (s < 120) return `${s} s`
  if (s < 7200) return `${Math.round(s / 60)} min`
  if (s < 172_800) return `${Math.round(s / 3600)} h`
  return `${Math.round(s / 86_400)} days`
}

function prefixWords(name: string): string | null {
  const l = name.toLowerCase()
  if (l.startsWith('__host-')) return '__Host- prefix: a browser keeps it only if set with Secure, from https, without Domain and with Path=/ — so it is locked to this exact host (RFC 6265bis (Internet-Draft) §4.1.3.2; not in RFC 6265).'
  if (l.startsWith('__secure-')) return '__Secure- prefix: a browser keeps it only if set with Secure from an https page (RFC 6265bis (Internet-Draft) §4.1.3.1; not in RFC 6265).'
  return null
}

function Flag({ on, label, words, dim }: { on: boolean; label: string; words: string; dim?: boolean }) {
  return (
    <span className={`resp-chip ${on && !dim ? 'on' : ''}`} title={words}>
      {label} {on ? '✓' : '—'}
    </span>
  )
}

/**
 * One Set-Cookie. `refused` is the jar's reason when it refused this line, so the card itself never looks accepted;
 * `overHttp` marks a response that came without TLS, where a browser refuses a Secure cookie whatever the jar did.
 */
function SetCookieCard({ line, receivedAt, index, refused, overHttp }: { line: string; receivedAt: number; index: number; refused?: string; overHttp: boolean }) {
  const p = parseSetCookie(line)
  const c = p.cookie
  const chip = `resp-chip ${refused ? '' : 'on'}`
  return (
    <div className={`card resp-cookie${refused ? ' refused' : ''}`} data-testid={`http-resp-cookie-${index}`}>
      <div className="mono small resp-cookie-line">Set-Cookie: {line.length > 300 ? `${line.slice(0, 300)}…` : line}</div>
      {refused ? (
        <p className="small bad" data-testid={`http-resp-cookie-${index}-refused`}>
          Refused by the jar: {refused}
        </p>
      ) : null}
      {!refused && overHttp && c?.secure ? (
        <p className="small bad" data-testid={`http-resp-cookie-${index}-insecure`}>
          A browser would refuse this cookie: RFC 6265bis (Internet-Draft) §5.7: a Secure cookie from a non-secure origin is ignored (RFC 6265 §5.3 does not say so).
        </p>
      ) : null}
      {c ? (
        <>
          <h4 className="mono">
            {c.name || '(no name)'} = {c.value.length > 120 ? `${c.value.slice(0, 120)}…` : c.value}
          </h4>
          <p className="small" data-testid={`http-resp-cookie-${index}-lifetime`}>
            {lifetime(p, receivedAt)}
          </p>
          <div className="resp-chips">
            <Flag on={c.secure} label="Secure" words="Sent only over https" dim={!!refused} />
            <Flag on={c.httpOnly} label="HttpOnly" words="Hidden from page scripts" dim={!!refused} />
            <span className={chip} title={c.sameSite ? 'Which cross-site requests carry it' : 'Not set: the user agent’s default (RFC 6265bis (Internet-Draft) §5.6.7). Chromium-based browsers treat it as Lax, with a 2-minute exception for top-level POST; Firefox and Safari treat it as None.'}>
              SameSite {c.sameSite ?? 'not set (Lax in Chromium-based browsers, None in Firefox and Safari)'}
            </span>
            <span className={chip}>Domain {c.domain ?? '(host-only)'}</span>
            <span className={chip}>Path {c.path ?? '(default: the request path’s directory)'}</span>
          </div>
          {prefixWords(c.name) ? <p className="small resp-note">{prefixWords(c.name)}</p> : null}
          {p.attributes.length ? (
            <ul className="small resp-attrs">
              {p.attributes.map((a, i) => (
                <li key={i}>
                  <span className="mono">
                    {a.name}
                    {a.value ? `=${a.value}` : ''}
                  </span>{' '}
                  — {a.meaning}
                  {a.ignored ? <span className="bad"> Ignored: {a.ignored}</span> : null}
                </li>
              ))}
            </ul>
          ) : (
            <p className="small muted">No attributes.</p>
          )}
        </>
      ) : (
        <p className="small bad">A browser ignores this Set-Cookie entirely.</p>
      )}
      {p.findings.length ? <FindingList findings={p.findings} compact /> : null}
    </div>
  )
}

function JarRow({ c }: { c: JarCookie }) {
  return (
    <li className="small">
      <span className="mono">
        {c.name}={c.value.length > 60 ? `${c.value.slice(0, 60)}…` : c.value}
      </span>{' '}
      for {c.hostOnly ? 'exactly ' : ''}
      <span className="mono">{c.domain}</span>
      {c.path}, {c.persistent && c.expiry !== null ? `until ${new Date(c.expiry).toUTCString()}` : 'session'}
      {c.secure ? ', Secure' : ''}
      {c.httpOnly ? ', HttpOnly' : ''}, SameSite {c.sameSite}
    </li>
  )
}

export function ResponseCookies({ result, receivedAt }: { result: HttpRawResult; receivedAt: number }) {
  const lines = headerValues(result.response.headers, 'set-cookie')
  const report = result.cookies
  return (
    <div className="resp-pane-body" data-testid="http-resp-cookies">
      {lines.length === 0 ? <p className="muted small">The response sets no cookies (no Set-Cookie header, RFC 6265 §4.1).</p> : null}
      {lines.slice(0, MAX_SHOWN).map((l, i) => (
        <SetCookieCard key={i} line={l} receivedAt={receivedAt} index={i} refused={report?.rejected.find((r) => r.line === l)?.reason} overHttp={!result.tls} />
      ))}
      {lines.length > MAX_SHOWN ? <p className="small muted">{lines.length - MAX_SHOWN} more Set-Cookie lines are not shown.</p> : null}
      <div className="card" data-testid="http-resp-jar">
        <h4>This session’s cookie jar</h4>
        {report ? (
          <>
            <p className="small">
              Cookie header sent: {report.sent ? <span className="mono">{report.sent}</span> : <span className="muted">none (the jar had nothing for this request)</span>}
            </p>
            <p className="small">Stored from this response: {report.stored.length ? '' : <span className="muted">nothing</span>}</p>
            {report.stored.length ? <ul className="resp-attrs">{report.stored.map((c, i) => <JarRow key={i} c={c} />)}</ul> : null}
            {report.rejected.length ? (
              <>
                <p className="small">Refused:</p>
                <ul className="resp-attrs">
                  {report.rejected.map((r, i) => (
                    <li key={i} className="small">
                      <span className="mono">{r.line}</span> — <span className="bad">{r.reason}</span>
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </>
        ) : (
          <p className="small muted">The jar was not used for this request (turn on “send” or “store” cookies to use it).</p>
        )}
      </div>
    </div>
  )
}
