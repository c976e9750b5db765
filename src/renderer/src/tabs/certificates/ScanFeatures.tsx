// What the scan learnt beyond suites: the key-exchange groups (post-quantum hybrids marked), the signature schemes,
// the extensions and features a client meets (each explained with its RFC), and the certificate as the scan saw it.
import type { ScanResult } from '../../../../shared/tls/scan-model'
import { KeyValue, KeyValueGrid } from '../../ui/KeyValue'

type Tone = 'good' | 'warn' | 'bad' | 'muted'

interface Feature {
  label: string
  value: string
  tone: Tone
  explain: string
}

const VIA: Record<string, string> = {
  key_share: 'chosen in a TLS 1.3 key_share',
  hello_retry_request: 'asked for in a HelloRetryRequest',
  tls12_ecdhe: 'a TLS 1.2 ECDHE curve'
}

export function scanFeatures(r: ScanResult): Feature[] {
  const yes = (b: boolean | null, good: Tone, bad: Tone, unknown = 'not tested'): Pick<Feature, 'value' | 'tone'> =>
    b === null ? { value: unknown, tone: 'muted' } : { value: b ? 'yes' : 'no', tone: b ? good : bad }
  return [
    { label: 'ALPN', value: r.alpn.length ? r.alpn.join(', ') : 'none chosen', tone: 'muted', explain: 'Application protocols the server picks from the client’s list (RFC 7301): h2 means HTTP/2.' },
    { label: 'OCSP stapling', ...yes(r.ocspStapling, 'good', 'muted'), explain: 'The server sends a fresh OCSP response with its certificate (status_request, RFC 6066 §8), so clients need not ask the CA.' },
    {
      label: 'Session resumption',
      value: `tickets ${r.sessionResumption.tickets ? 'yes' : 'no'}, IDs ${r.sessionResumption.ids ? 'yes' : 'no'}`,
      tone: 'muted',
      explain: 'A returning client skips the full handshake: session tickets (RFC 5077, RFC 8446 §4.6.1) or session IDs (RFC 5246 §7.4.1.2).'
    },
    { label: 'Secure renegotiation', ...yes(r.secureRenegotiation, 'good', 'bad'), explain: 'renegotiation_info (RFC 5746) binds a renegotiation to the first handshake; without it an attacker can splice a prefix (CVE-2009-3555).' },
    { label: 'TLS_FALLBACK_SCSV', ...yes(r.fallbackScsv, 'good', 'warn', 'not tested (one protocol only)'), explain: 'The server refuses a client’s downgraded retry with inappropriate_fallback (RFC 7507 §3), stopping downgrade attacks.' },
    { label: 'Compression', ...yes(r.compression, 'bad', 'good'), explain: 'TLS compression leaks secrets through sizes (CRIME, RFC 7457 §2.6): it must be off.' },
    { label: 'Heartbeat', ...yes(r.heartbeat, 'warn', 'good'), explain: 'The heartbeat extension (RFC 6520) is where Heartbleed lived; HTTPS has no use for it.' },
    {
      label: 'HSTS',
      value: r.hsts ? `max-age ${r.hsts.maxAge}${r.hsts.includeSubDomains ? ', includeSubDomains' : ''}${r.hsts.preload ? ', preload' : ''}` : 'none',
      tone: r.hsts ? (r.hsts.maxAge >= 15_552_000 ? 'good' : 'warn') : 'warn',
      explain: 'Strict-Transport-Security (RFC 6797 §6.1) tells browsers to use HTTPS only, for max-age seconds; six months or more is the usual bar.'
    }
  ]
}

export function ScanFeatures({ result }: { result: ScanResult }) {
  const c = result.certificate
  return (
    <div className="scan-two">
      <section className="card" aria-label="Key exchange groups" data-testid="scan-groups">
        <h3>Key exchange groups</h3>
        {result.groupDetails.length === 0 ? (
          <p className="small muted">No group was found (no ECDHE or TLS 1.3 key exchange).</p>
        ) : (
          <ul className="plain-list scan-groups">
            {result.groupDetails.map((g, i) => (
              <li key={`${g.id}-${i}`} className="small">
                <span className="mono">{g.name}</span> {g.hybrid ? <span className="flag flag-key">post-quantum hybrid</span> : null}{' '}
                <span className="muted">{VIA[g.via] ?? g.via}</span>
              </li>
            ))}
          </ul>
        )}
        <p className="small muted">In the server’s order. Groups are the curves or finite fields of the (EC)DHE key exchange (RFC 8446 §4.2.7); a hybrid adds ML-KEM against future quantum computers.</p>
        {result.signatureAlgorithms.length > 0 ? (
          <p className="small">
            Signs with: <span className="mono">{result.signatureAlgorithms.join(', ')}</span>
          </p>
        ) : null}
      </section>
      <section className="card" aria-label="Extensions and features" data-testid="scan-features">
        <h3>Extensions and features</h3>
        <dl className="scan-features">
          {scanFeatures(result).map((f) => (
            <div key={f.label} className="scan-feature">
              <dt>{f.label}</dt>
              <dd>
                <span className={`tone-text-${f.tone}`}>{f.value}</span>
                <div className="small muted">{f.explain}</div>
              </dd>
            </div>
          ))}
        </dl>
      </section>
      {c ? (
        <section className="card scan-cert" aria-label="Certificate" data-testid="scan-certificate">
          <h3>Certificate</h3>
          <KeyValueGrid>
            <KeyValue label="Subject">{c.subject}</KeyValue>
            <KeyValue label="Issuer">{c.issuer}</KeyValue>
            <KeyValue label="Verdict">
              <span className={c.valid ? 'tone-text-good' : 'tone-text-bad'}>{c.valid ? 'valid' : 'not valid'}</span>
              {c.errors.length ? <span className="small"> — {c.errors.map((e) => e.message).join(' ')}</span> : null}
            </KeyValue>
            <KeyValue label="Key">
              {c.keyAlgorithm} {c.keyBits} bits, signed with {c.signatureAlgorithm}
            </KeyValue>
            <KeyValue label="Valid until">
              {c.notAfter} <span className={c.daysLeft < 0 ? 'tone-text-bad' : c.daysLeft < 30 ? 'tone-text-warn' : 'muted'}>({c.daysLeft} days left)</span>
            </KeyValue>
            <KeyValue label="Host name">{c.hostMatch ? 'matches' : 'does not match the name asked for'}</KeyValue>
            <KeyValue label="Chain sent">{c.chainLength} certificate{c.chainLength === 1 ? '' : 's'}</KeyValue>
          </KeyValueGrid>
        </section>
      ) : null}
    </div>
  )
}
