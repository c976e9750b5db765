// A verdict as a picture: the banner (trusted for the host, or not, and why), then the chain from the leaf at the
// top to the root at the bottom, one card per certificate with its verdict and each failure in words; a chain that
// ends at a root the user does not trust yet offers "Trust this root" on that card. Each card carries its
// revocation status and evidence (RevocationBadge), each issue its RFC or BR section; below the chain, the
// intermediates skipped as candidates and the policy tree (PolicyTree).
import { useState } from 'react'
import type { ChainLink, CertificateSource, LinkRevocation, VerifyResult } from '../../../../shared/x509/types'
import { api } from '../../app/api'
import { IssueList } from './IssueList'
import { PolicyTree } from './PolicyTree'
import { RevocationBadge } from './RevocationBadge'
import { expiryFromDates, formatDate, plural, textToBase64 } from './model'
import { useCertStore, type TrustedRoot } from './store'
import { TrustRootButton } from './TrustedRoots'
import { entriesFromOpened } from './useOpener'

const SOURCE_WORDS: Record<CertificateSource, string> = {
  leaf: 'leaf you chose',
  provided: 'from your certificates',
  user: 'trusted by you',
  mozilla: 'Mozilla root store',
  system: 'OS trust store',
  server: 'sent by the server',
  aia: 'fetched via AIA'
}

function roleOf(link: ChainLink, i: number, n: number): string {
  if (i === 0) return n === 1 && link.trustAnchor ? 'Leaf (itself trusted)' : 'Leaf'
  if (link.trustAnchor) return 'Root · trust anchor'
  if (i === n - 1 && link.subject === link.issuer) return 'Root (not trusted)'
  return 'Intermediate'
}

const MODE_WORDS = { off: 'revocation not checked', soft: 'revocation soft-fail', hard: 'revocation hard-fail' } as const

/** A link's revocation to show: the engine's, or "not checked" for every non-anchor link when revocation was off. */
function revocationOf(link: ChainLink, result: VerifyResult): LinkRevocation | undefined {
  if (link.revocation) return link.revocation
  return result.revocationMode === 'off' && !link.trustAnchor ? { status: 'not-checked', evidence: [] } : undefined
}

export function VerdictBanner({ result }: { result: VerifyResult }) {
  const target = result.host ?? result.ip
  const skippedShownBelow = (result.skipped?.length ?? 0) > 0
  return (
    <div className={`verdict ${result.valid ? 'verdict-ok' : 'verdict-bad'}`} data-testid="verify-verdict" role="status">
      <div className="verdict-head">
        <span className="verdict-mark" aria-hidden="true">
          {result.valid ? '✓' : '✗'}
        </span>
        <span className="verdict-title">
          {result.valid
            ? target
              ? `Trusted for ${target}`
              : `Trusted${result.purpose === 'client' ? ' for client authentication' : ' (no host name checked)'}`
            : 'Not trusted'}
        </span>
      </div>
      <div className="verdict-sub small">
        {result.purpose === 'server' ? 'TLS server' : 'TLS client'} authentication · at {formatDate(result.at)} · {plural(result.chain.length, 'certificate')} in
        the path · {plural(result.pathsTried, 'candidate path')} tried
        {result.revocationMode ? ` · ${MODE_WORDS[result.revocationMode]}` : ''}
      </div>
      <IssueList issues={result.errors} testId="verify-errors" />
      <IssueList issues={skippedShownBelow ? result.warnings.filter((w) => w.code !== 'INTERMEDIATE_SKIPPED') : result.warnings} testId="verify-warnings" />
    </div>
  )
}

/** The untrusted root a failed chain ends at or under, when the user has its certificate at hand. */
function untrustedRoot(result: VerifyResult, known: TrustedRoot | undefined, listed: { subject: string; selfSigned: boolean; root: TrustedRoot }[]): TrustedRoot | undefined {
  const last = result.chain[result.chain.length - 1]
  if (result.valid || !last || last.trustAnchor) return undefined
  if (last.subject === last.issuer && result.errors.some((e) => e.code === 'SELF_SIGNED_UNTRUSTED')) return { fingerprint256: last.fingerprint256, subject: last.subject, pem: last.pem }
  if (known) return known
  return listed.find((c) => c.selfSigned && c.subject === last.issuer)?.root
}

export function ChainPicture({
  result,
  showBanner = true,
  knownRoot,
  onTrusted,
  crlNames = []
}: {
  result: VerifyResult
  /** The names of the CRL files given, in order (the engine calls them "CRL 1", "CRL 2"…). */
  crlNames?: readonly string[]
  showBanner?: boolean
  /** The private root the chain ends under, when the engine found it among the user's certificates. */
  knownRoot?: TrustedRoot
  /** Called after "Trust this root", to verify again with it. */
  onTrusted?: () => void
}) {
  const store = useCertStore()
  const [opening, setOpening] = useState<string | null>(null)
  const at = Date.parse(result.at)
  const last = result.chain[result.chain.length - 1]
  const missing = !result.valid && last && !last.trustAnchor && last.subject !== last.issuer
  const listed = store.entries.flatMap((e) =>
    e.item.kind === 'certificate'
      ? [{ subject: e.item.certificate.subject.text, selfSigned: e.item.certificate.selfSigned, root: { fingerprint256: e.item.certificate.fingerprintSha256, subject: e.item.certificate.subject.text, pem: e.item.certificate.pem } }]
      : []
  )
  const rootToTrust = untrustedRoot(result, knownRoot, listed)

  const inspect = async (link: ChainLink) => {
    const known = store.entries.find((e) => e.item.kind === 'certificate' && e.item.certificate.fingerprintSha256 === link.fingerprint256)
    if (known) {
      store.select(known.uid)
      store.show('open')
      return
    }
    setOpening(link.fingerprint256)
    const r = await api.runJob('x509.open', { name: 'chain', data: textToBase64(link.pem) })
    setOpening(null)
    if (!r.ok) return
    const entries = entriesFromOpened(r.value, `${SOURCE_WORDS[link.source]}`)
    store.add(entries, true)
    store.show('open')
  }

  return (
    <div className="chain-picture">
      {showBanner ? <VerdictBanner result={result} /> : null}
      <ol className="chain" aria-label="Certificate chain, leaf first">
        {result.chain.map((link, i) => {
          const ok = link.status !== 'error'
          const exp = expiryFromDates(link.notBefore, link.notAfter, at)
          const revocation = revocationOf(link, result)
          return (
            <li key={`${link.fingerprint256}-${i}`} className="chain-step">
              {i > 0 ? (
                <div className="chain-connector" aria-hidden="true">
                  <span>issued by ↓</span>
                </div>
              ) : null}
              <div className={`chain-card ${ok ? (link.status === 'warning' ? 'link-warn' : 'link-ok') : 'link-bad'} ${link.trustAnchor ? 'anchor' : ''}`} data-testid="chain-link">
                <div className="chain-card-head">
                  <span className={`link-mark ${ok ? 'mark-ok' : 'mark-bad'}`} aria-label={ok ? 'valid' : 'invalid'}>
                    {ok ? '✓' : '✗'}
                  </span>
                  <span className="chain-role">{roleOf(link, i, result.chain.length)}</span>
                  <span className={`source-badge source-${link.source}`}>{SOURCE_WORDS[link.source]}</span>
                  <span className="spacer" />
                  <button className="small-button" onClick={() => void inspect(link)} disabled={opening === link.fingerprint256}>
                    Inspect
                  </button>
                </div>
                <div className="chain-subject">{link.subject || '(empty subject)'}</div>
                <div className="chain-meta small">
                  <span className="muted">issued by</span> {link.issuer}
                </div>
                <div className="chain-meta small">
                  <span className="muted">valid</span> {formatDate(link.notBefore).slice(0, 10)} → {formatDate(link.notAfter).slice(0, 10)}{' '}
                  <span className={`tone-text-${exp.tone}`}>· {exp.text}</span>
                </div>
                {revocation ? <RevocationBadge revocation={revocation} crlNames={crlNames} off={result.revocationMode === 'off'} /> : null}
                <IssueList issues={[...link.errors, ...link.warnings]} />
                {rootToTrust && !missing && i === result.chain.length - 1 ? (
                  <div className="button-row trust-root-row">
                    <TrustRootButton root={rootToTrust} onTrusted={onTrusted} />
                  </div>
                ) : null}
              </div>
            </li>
          )
        })}
        {missing ? (
          <li className="chain-step">
            <div className="chain-connector" aria-hidden="true">
              <span>issued by ↓</span>
            </div>
            <div className="chain-card missing" data-testid="chain-missing">
              <div className="chain-card-head">
                <span className="link-mark mark-bad">?</span>
                <span className="chain-role">Issuer not found</span>
              </div>
              <div className="chain-subject">{last.issuer}</div>
              <div className="chain-meta small muted">
                {rootToTrust
                  ? 'A root among your certificates, not trusted yet.'
                  : `Not among your certificates nor the trust stores you chose.${result.missingIssuerUrls.length > 0 ? ' Its certificate names where to download the issuer (AIA).' : ''}`}
              </div>
              {rootToTrust ? (
                <div className="button-row trust-root-row">
                  <TrustRootButton root={rootToTrust} onTrusted={onTrusted} />
                </div>
              ) : null}
            </div>
          </li>
        ) : null}
      </ol>
      {result.skipped?.length ? (
        <section className="card skipped-card" aria-label="Skipped certificates" data-testid="skipped">
          <h3>Skipped as candidate issuers ({result.skipped.length})</h3>
          <p className="hint">Offered certificates that could not serve on any path: each was left out, and the path was built from the others.</p>
          <ul className="plain-list skipped-list">
            {result.skipped.slice(0, 100).map((s, i) => (
              <li key={i}>{s.message}</li>
            ))}
          </ul>
          {result.skipped.length > 100 ? <p className="muted small">…and {result.skipped.length - 100} more.</p> : null}
        </section>
      ) : null}
      {result.policy ? <PolicyTree policy={result.policy} chain={result.chain} /> : null}
    </div>
  )
}
