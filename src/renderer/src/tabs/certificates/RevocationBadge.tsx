// One chain link's revocation status as the chain picture shows it: a badge (not revoked, REVOKED with reason and
// date, unknown, not checked), where the deciding answer came from (a stapled OCSP response, the OCSP responder, a
// CRL distribution point or a CRL file), and every piece of evidence with its message, so "unknown" says why.
import type { LinkRevocation, RevocationEvidence } from '../../../../shared/x509/types'
import { formatDate } from './model'

const SOURCE_WORDS: Record<RevocationEvidence['source'], string> = {
  'ocsp-staple': 'OCSP response stapled by the server',
  ocsp: 'OCSP responder',
  'crl-dp': 'CRL distribution point',
  'crl-file': 'CRL file'
}

/** What RFC 5280 §5.3.1 reason codes mean, in a few words. */
const REASON_WORDS: Record<string, string> = {
  unspecified: 'no reason given',
  keyCompromise: 'the private key was compromised',
  cACompromise: "the CA's key was compromised",
  affiliationChanged: 'the subject changed',
  superseded: 'replaced by another certificate',
  cessationOfOperation: 'no longer needed',
  certificateHold: 'on hold',
  removeFromCRL: 'removed from hold',
  privilegeWithdrawn: 'privilege withdrawn',
  aACompromise: "the attribute authority's key was compromised"
}

/** The evidence's origin for a person: the responder or CRL URL, or the file's name ("CRL 2" is the 2nd file given). */
function origin(e: RevocationEvidence, crlNames: readonly string[]): string {
  if (e.source === 'crl-file') {
    const n = /^CRL (\d+)$/.exec(e.url ?? '')
    const name = n ? crlNames[Number(n[1]) - 1] : undefined
    return `${SOURCE_WORDS[e.source]} ${name ?? e.url ?? ''}`.trim()
  }
  return e.url ? `${SOURCE_WORDS[e.source]} ${e.url}` : SOURCE_WORDS[e.source]
}

function reasonText(reason: string | undefined): string {
  if (!reason) return ''
  const words = REASON_WORDS[reason]
  return words ? `${reason} (${words})` : reason
}

export function RevocationBadge({ revocation, crlNames = [], off = false }: { revocation: LinkRevocation; crlNames?: readonly string[]; off?: boolean }) {
  const r = revocation
  const decisive = r.evidence.find((e) => e.source === r.decidedBy && e.status === r.status) ?? r.evidence.find((e) => e.status === r.status)
  const usable = r.evidence.filter((e) => e.status !== 'error').length
  return (
    <div className={`revocation rev-${r.status}`} data-testid="revocation">
      <div className="revocation-line">
        <span className={`rev-badge rev-badge-${r.status}`}>
          {r.status === 'good' ? 'Not revoked' : r.status === 'revoked' ? 'REVOKED' : r.status === 'unknown' ? 'Revocation unknown' : 'Revocation not checked'}
        </span>
        {r.status === 'revoked' ? (
          <span className="rev-detail">
            {r.reason ? <>reason {reasonText(r.reason)}</> : 'no reason code'}
            {r.revokedAt ? <> · since {formatDate(r.revokedAt)}</> : null}
          </span>
        ) : null}
        {decisive ? (
          <span className="rev-from small">
            <span className="muted">according to the</span> <span className="url">{origin(decisive, crlNames)}</span>
          </span>
        ) : r.status === 'unknown' && r.evidence[0] ? (
          <span className="muted small rev-why">{r.evidence[0].message}</span>
        ) : r.status === 'not-checked' ? (
          <span className="muted small">{off ? 'revocation checking is off' : r.evidence.length === 0 ? 'a trust anchor is trusted as it is (RFC 5280 §6.1.1 (d))' : ''}</span>
        ) : null}
      </div>
      {r.evidence.length > 0 ? (
        <details className="rev-evidence">
          <summary>
            Evidence ({r.evidence.length}){r.status !== 'unknown' && r.evidence.length > usable ? ` · ${r.evidence.length - usable} could not be used` : ''}
          </summary>
          <ul className="plain-list rev-evidence-list">
            {r.evidence.slice(0, 50).map((e, i) => (
              <li key={i} className={`rev-ev rev-ev-${e.status}`}>
                <div className="rev-ev-head">
                  <span className={`rev-ev-status rev-ev-status-${e.status}`}>{e.status}</span>
                  <span className="url">{origin(e, crlNames)}</span>
                  {e.code ? <span className="mono small muted">{e.code}</span> : null}
                </div>
                <div className="rev-ev-message">{e.message}</div>
                <div className="rev-ev-meta small muted">
                  {[
                    e.thisUpdate ? `thisUpdate ${formatDate(e.thisUpdate)}` : '',
                    e.nextUpdate ? `nextUpdate ${formatDate(e.nextUpdate)}` : '',
                    e.crlNumber ? `CRL number ${e.crlNumber}` : '',
                    e.revokedAt ? `revoked ${formatDate(e.revokedAt)}` : '',
                    e.reason ? `reason ${e.reason}` : '',
                    e.invalidityDate ? `key invalid since ${formatDate(e.invalidityDate)}` : '',
                    e.signer ? `signed by ${e.signer}` : '',
                    e.durationMs !== undefined ? `${e.durationMs} ms` : ''
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </div>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  )
}
