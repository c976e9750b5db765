// A decoded JWT explained: the token with each part in its own colour (a picked member's characters marked), the
// algorithm in words, every header member and claim with its meaning and RFC, the signature's bytes, and findings.
import { useMemo, type ReactNode } from 'react'
import { algorithmInfo, type DecodedJwt, type ExplainedField } from '../../../../shared/http/jwt'
import { useStore } from '../../app/store'
import { DissectionView } from '../../ui/DissectionView'
import { FindingList } from '../../ui/FindingList'
import { jwtStore } from './jwt-store'

type Range = { offset: number; length: number }

const MAX_ROWS = 200

/** The token as typed, each part coloured, the picked range marked. */
export function ColouredToken({ text, decoded, picked }: { text: string; decoded: DecodedJwt; picked: Range | null }) {
  const pieces: ReactNode[] = []
  let at = 0
  const push = (from: number, to: number, cls: string, key: string) => {
    if (to <= from) return
    if (picked && picked.offset < to && picked.offset + picked.length > from) {
      const a = Math.max(from, picked.offset)
      const b = Math.min(to, picked.offset + picked.length)
      if (a > from) pieces.push(<span key={`${key}a`} className={cls}>{text.slice(from, a)}</span>)
      pieces.push(<mark key={`${key}m`} className={`${cls} jwt-picked`}>{text.slice(a, b)}</mark>)
      if (to > b) pieces.push(<span key={`${key}z`} className={cls}>{text.slice(b, to)}</span>)
    } else pieces.push(<span key={key} className={cls}>{text.slice(from, to)}</span>)
  }
  decoded.spans.forEach((s, i) => {
    push(at, s.offset, 'jwt-dot', `d${i}`)
    push(s.offset, s.offset + s.length, `jwt-part jwt-part-${decoded.form === 'jwe' ? Math.min(i, 2) : i}`, `p${i}`)
    at = s.offset + s.length
  })
  push(at, text.length, 'jwt-dot', 'end')
  return (
    <p className="jwt-token mono" data-testid="jwt-coloured" aria-label="The token, coloured by part">
      {pieces}
    </p>
  )
}

function fieldValue(f: ExplainedField): string {
  const json = JSON.stringify(f.value, null, 1)?.replace(/\n\s*/g, ' ') ?? String(f.value)
  if (typeof f.value === 'number' && ['exp', 'nbf', 'iat'].includes(f.name) && Number.isFinite(f.value) && Math.abs(f.value) < 8.64e12)
    return `${json} = ${new Date(f.value * 1000).toISOString().replace('.000Z', 'Z')}`
  return json.length > 400 ? `${json.slice(0, 400)}…` : json
}

function Fields({ fields, testId, label }: { fields: ExplainedField[]; testId: string; label: string }) {
  const picked = useStore(jwtStore, (s) => s.picked)
  if (!fields.length) return <p className="muted small">No members.</p>
  // A hostile token can carry thousands of claims: the first ones are explained, the count of the rest is said.
  const shown = fields.slice(0, MAX_ROWS)
  return (
    <table className="small-table jwt-fields" data-testid={testId} aria-label={label}>
      {fields.length > MAX_ROWS ? <caption className="muted small">The first {MAX_ROWS} of {fields.length.toLocaleString('en-US')} members.</caption> : null}
      <tbody>
        {shown.map((f, i) => {
          const on = !!(f.span && picked && picked.offset === f.span.offset && picked.length === f.span.length)
          return (
            <tr key={`${f.name}-${i}`} className={on ? 'jwt-field on' : 'jwt-field'} data-claim={f.name}>
              <th scope="row">
                <button type="button" className="jwt-field-name mono" aria-pressed={on} title="Show its characters in the token" onClick={() => jwtStore.set({ picked: on || !f.span ? null : f.span })}>
                  {f.name}
                </button>
                <span className="jwt-field-title">{f.title}</span>
              </th>
              <td>
                <div className="mono jwt-field-value">{fieldValue(f)}</div>
                <div className="jwt-field-words">
                  {f.words} <span className="muted">({f.source})</span>
                </div>
              </td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}

function hex(bytes: Uint8Array, max = 96): string {
  const out: string[] = []
  for (let i = 0; i < Math.min(bytes.length, max); i++) out.push(bytes[i]!.toString(16).padStart(2, '0'))
  return out.join(' ') + (bytes.length > max ? ' …' : '')
}

/** The algorithm in words: what it does, and that signing is not encrypting. */
export function algWords(alg: string | undefined): { tone: 'info' | 'error' | 'warning'; text: string } {
  if (alg === undefined) return { tone: 'error', text: 'No "alg": the token does not say how it is secured (RFC 7515 §4.1.1).' }
  const info = algorithmInfo(alg)
  if (info.family === 'none') return { tone: 'error', text: 'alg "none": no signature at all (RFC 7518 §3.6). Anyone can write or change this token; a verifier must refuse it.' }
  if (info.family === 'unknown') return { tone: 'warning', text: `"${alg}" is not a JWS algorithm Wirebench knows (RFC 7518 §3.1).` }
  const how =
    info.family === 'hmac'
      ? `signs with a shared secret: the same secret makes and checks the signature (an HMAC), so everyone who can verify can also forge`
      : `signs with the issuer’s private key; anyone holding the public key can verify, only the private key can sign`
  return { tone: 'info', text: `${alg} is ${info.words} (${info.source}): it ${how}. It does not encrypt — anyone can read the payload, which is only base64url-encoded.` }
}

export function JwtDecoded({ text, decoded }: { text: string; decoded: DecodedJwt }) {
  const picked = useStore(jwtStore, (s) => s.picked)
  const bytes = useMemo(() => new TextEncoder().encode(text), [text])
  const alg = algWords(decoded.alg)
  const sigInfo = algorithmInfo(decoded.alg)
  return (
    <>
      <div className="card" data-testid="jwt-decoded">
        <div className="jwt-head-line">
          <h3>Decoded</h3>
          <span className="jwt-legend small">
            <span className="jwt-part-0">■ header</span> <span className="jwt-part-1">■ {decoded.form === 'jwe' ? 'encrypted parts' : 'payload'}</span> {decoded.form === 'jws' ? <span className="jwt-part-2">■ signature</span> : null}
          </span>
          <span className="spacer" />
          <span className="muted small">{decoded.form === 'jws' ? 'Signed token (JWS compact, RFC 7515 §7.1)' : 'Encrypted token (JWE compact, RFC 7516 §7.1)'}</span>
        </div>
        <ColouredToken text={text} decoded={decoded} picked={picked} />
        <p className={`jwt-alg jwt-alg-${alg.tone}`} data-testid="jwt-alg">
          {alg.text}
        </p>
      </div>
      <div className="jwt-parts">
        <div className="card jwt-part-card jwt-border-0">
          <h3>
            Header <span className="muted small">(JOSE header, RFC 7515 §4)</span>
          </h3>
          <Fields fields={decoded.headerParams} testId="jwt-header" label="Header members" />
        </div>
        {decoded.form === 'jws' ? (
          <div className="card jwt-part-card jwt-border-1">
            <h3>
              Payload <span className="muted small">(claims, RFC 7519 §4)</span>
            </h3>
            {decoded.payload ? <Fields fields={decoded.claims} testId="jwt-claims" label="Claims" /> : <pre className="jwt-payload-text">{decoded.payloadText?.slice(0, 4000)}</pre>}
          </div>
        ) : null}
        {decoded.form === 'jws' ? (
          <div className="card jwt-part-card jwt-border-2" data-testid="jwt-signature">
            <h3>
              Signature <span className="muted small">(RFC 7515 §5.1)</span>
            </h3>
            {decoded.signature.length === 0 ? (
              <p className="small">Empty (0 bytes): nothing proves who made this token.</p>
            ) : (
              <p className="small">
                {decoded.signature.length} byte{decoded.signature.length === 1 ? '' : 's'}
                {sigInfo.sigBytes !== undefined && decoded.alg !== 'EdDSA' ? ` (${decoded.alg} makes ${sigInfo.sigBytes})` : ''}, computed over the ASCII of <span className="mono">header.payload</span> exactly as sent: change one character of either part and it no longer matches.
              </p>
            )}
            {decoded.signature.length ? <div className="mono jwt-sig-hex">{hex(decoded.signature)}</div> : null}
          </div>
        ) : null}
      </div>
      <div className="card" data-testid="jwt-findings">
        <h3>What a careful verifier would say</h3>
        <FindingList findings={decoded.findings} onPick={(f) => f.span && jwtStore.set({ picked: f.span })} empty={<p className="muted small">Nothing to remark.</p>} />
      </div>
      <details className="card jwt-spans">
        <summary>The token’s characters, part by part (spans)</summary>
        <DissectionView key={text} bytes={bytes} spans={decoded.spans} testIdPrefix="jwt-spans" treeLabel="Token structure" hexLabel="Token characters" summary={`${bytes.length.toLocaleString('en-US')} characters`} />
      </details>
    </>
  )
}
