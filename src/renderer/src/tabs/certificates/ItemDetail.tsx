// The selected item in full: a certificate's every field, extension and lint finding with its ASN.1 structure;
// a CSR's, a key's (never its material) or a CRL's fields; or why it could not be read.
import { useEffect, useState, type ReactNode } from 'react'
import type { CertificateInfo, CrlInfo, CsrInfo, DistinguishedName, LintFinding, PrivateKeyDescription, PublicKeyInfo } from '../../../../shared/x509/types'
import { ErrorBox } from '../../ui/ErrorBox'
import { VirtualList } from '../../ui/VirtualList'
import { Asn1View } from './Asn1View'
import { ExtensionsList, GeneralNames } from './Extensions'
import { inspectCertificate } from './inspect'
import { KeyExport } from './KeyExport'
import { KIND_BADGE, chainAbove, downloadBlob, entryTitle, expiryBadge, formatDate, keyIdFor, pemToDer, plural, safeFileName, type Entry } from './model'
import { useCertStore } from './store'

export function Kv({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="kv">
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  )
}

export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [copied, setCopied] = useState(false)
  return (
    <button
      className="copy-button"
      onClick={() => {
        void navigator.clipboard?.writeText(text).then(
          () => {
            setCopied(true)
            setTimeout(() => setCopied(false), 1200)
          },
          () => undefined
        )
      }}
      aria-label={`${label}: ${text.slice(0, 40)}`}
    >
      {copied ? 'Copied' : label}
    </button>
  )
}

function originText(entry: Entry): string {
  const o = entry.origin
  if (!o) return entry.source
  const parts = [entry.source]
  if (o.container === 'pem') parts.push(`PEM block ${o.pemBlock ?? '?'}${o.line ? ` (line ${o.line})` : ''}${o.pemLabel ? `, ${o.pemLabel}` : ''}`)
  else if (o.container === 'pkcs12') parts.push(`PKCS#12${o.friendlyName ? `, “${o.friendlyName}”` : ''}`)
  else if (o.container === 'pkcs7') parts.push('PKCS#7')
  else parts.push(o.container.toUpperCase())
  return parts.join(' · ')
}

function DetailHeader({ entry, number, children }: { entry: Entry; number: number; children?: ReactNode }) {
  const store = useCertStore()
  const badge = KIND_BADGE[entry.item.kind]
  const ca = entry.item.kind === 'certificate' && entry.item.certificate.isCA
  return (
    <header className="detail-head">
      <span className={`kind-badge big kind-${entry.item.kind} ${ca ? 'kind-ca' : ''}`} aria-hidden="true">
        {ca ? 'CA' : badge.text}
      </span>
      <div className="detail-head-text">
        <h2 data-testid="detail-title">{entryTitle(entry)}</h2>
        <div className="muted small">
          {badge.label} #{number} · {originText(entry)}
        </div>
      </div>
      <div className="detail-actions">
        {children}
        <button className="small-button" onClick={() => store.remove(entry.uid)} title="Remove from the list">
          Remove
        </button>
      </div>
    </header>
  )
}

export function NameTable({ name, testId }: { name: DistinguishedName; testId?: string }) {
  if (name.rdns.length === 0) return <p className="muted small">Empty (the names are in the Subject Alternative Name extension).</p>
  return (
    <table className="small-table rdn-table" data-testid={testId}>
      <tbody>
        {name.rdns.map((rdn, i) =>
          rdn.map((a, j) => (
            <tr key={`${i}-${j}`}>
              <th scope="row" title={a.oid}>
                {a.shortName}
                {a.longName ? <span className="muted"> {a.longName}</span> : null}
              </th>
              <td className="rdn-value">{a.value}</td>
              <td className="muted small rdn-type">{a.valueType}</td>
            </tr>
          ))
        )}
      </tbody>
    </table>
  )
}

export function PublicKeyKvs({ k }: { k: PublicKeyInfo }) {
  return (
    <>
      <Kv label="Algorithm">{k.algorithm}</Kv>
      {k.curve ? <Kv label="Curve">{k.curve}</Kv> : null}
      {k.bits ? <Kv label="Size">{k.bits} bits</Kv> : null}
      {k.exponent !== undefined ? <Kv label="Exponent">{k.exponent}</Kv> : null}
      <Kv label="SPKI SHA-256" testId="spki-pin">
        <span className="with-copy">
          <span>{k.spkiSha256}</span>
          <CopyButton text={k.spkiSha256} />
        </span>
      </Kv>
    </>
  )
}

function LintList({ lint }: { lint: LintFinding[] | undefined }) {
  if (!lint) return <p className="muted small">Checking…</p>
  if (lint.length === 0) return <p className="small good">✓ No findings: nothing in it breaks RFC 5280 or the CA/Browser Forum rules Wirebench checks.</p>
  const order = { error: 0, warning: 1, notice: 2 }
  return (
    <ul className="lint-list" data-testid="lint">
      {[...lint]
        .sort((a, b) => order[a.severity] - order[b.severity])
        .map((f, i) => (
          <li key={`${f.id}-${i}`} className={`lint lint-${f.severity}`}>
            <span className={`sev sev-${f.severity}`}>{f.severity}</span>
            <span className="lint-text">
              {f.message}
              <span className="muted small lint-source">
                {f.source} · <span className="mono">{f.id}</span>
              </span>
            </span>
          </li>
        ))}
    </ul>
  )
}

function CertificateDetail({ entry, number, cert, lint }: { entry: Entry; number: number; cert: CertificateInfo; lint?: LintFinding[] }) {
  const store = useCertStore()
  const [view, setView] = useState<'fields' | 'asn1' | 'pem'>('fields')
  const [fetchedLint, setFetchedLint] = useState<LintFinding[] | undefined>(lint)
  useEffect(() => {
    if (lint) return
    let live = true
    void inspectCertificate(cert.pem).then((r) => {
      if (live && r.ok) setFetchedLint(r.value.lint)
    })
    return () => {
      live = false
    }
  }, [cert.pem, lint])
  const keyId = keyIdFor(entry, store.vault)
  const v = cert.validity
  const exp = expiryBadge(v)
  const base = safeFileName(cert.subject.commonName ?? cert.serial)
  const errors = fetchedLint?.filter((f) => f.severity === 'error').length ?? 0
  const warnings = fetchedLint?.filter((f) => f.severity === 'warning').length ?? 0

  return (
    <div className="detail cert-detail" data-testid="cert-detail">
      <DetailHeader entry={entry} number={number}>
        <button className="small-button" onClick={() => store.verify(entry.uid)}>
          Verify…
        </button>
        <button className="small-button" onClick={() => downloadBlob(`${base}.pem`, cert.pem, 'application/x-pem-file')}>
          PEM
        </button>
        <button
          className="small-button"
          onClick={() => {
            const der = pemToDer(cert.pem)
            if (der) downloadBlob(`${base}.cer`, der as BlobPart, 'application/pkix-cert')
          }}
        >
          DER
        </button>
      </DetailHeader>
      <div className="status-strip">
        <span className={`expiry-badge tone-${exp.tone}`} data-testid="expiry">
          {exp.text}
        </span>
        <span className="flag">{cert.isCA ? 'CA certificate' : 'End-entity certificate'}</span>
        {cert.selfSigned ? <span className="flag">self-signed</span> : cert.selfIssued ? <span className="flag">self-issued</span> : null}
        {errors ? <span className="flag flag-bad">{plural(errors, 'lint error')}</span> : null}
        {warnings ? <span className="flag flag-warn">{plural(warnings, 'lint warning')}</span> : null}
        {keyId ? <span className="flag flag-key">⚷ private key held by Wirebench</span> : null}
        <span className="spacer" />
        <div className="segmented" role="radiogroup" aria-label="View">
          {(
            [
              ['fields', 'Fields'],
              ['asn1', 'ASN.1 & hex'],
              ['pem', 'PEM']
            ] as const
          ).map(([id, label]) => (
            <button key={id} role="radio" aria-checked={view === id} className={view === id ? 'on' : ''} onClick={() => setView(id)}>
              {label}
            </button>
          ))}
        </div>
      </div>

      {view === 'asn1' ? <Asn1View certPem={cert.pem} /> : null}
      {view === 'pem' ? (
        <section className="card">
          <div className="card-head">
            <h3>PEM</h3>
            <CopyButton text={cert.pem} />
          </div>
          <pre className="pem-text" data-testid="pem-text">
            {cert.pem}
          </pre>
        </section>
      ) : null}
      {view === 'fields' ? (
        <div className="detail-grid">
          <section className="card">
            <h3>Subject</h3>
            <NameTable name={cert.subject} testId="subject" />
          </section>
          <section className="card">
            <h3>Issuer</h3>
            <NameTable name={cert.issuer} testId="issuer" />
          </section>
          <section className="card">
            <h3>Certificate</h3>
            <dl className="kvs one label-wide">
              <Kv label="Version">v{cert.version}</Kv>
              <Kv label="Serial (hex)" testId="serial">
                <span className="with-copy">
                  <span>{cert.serial}</span>
                  <span className="muted small">{cert.serialOctets} octets</span>
                </span>
              </Kv>
              <Kv label="Valid from">{formatDate(v.notBefore)}</Kv>
              <Kv label="Valid until">{formatDate(v.notAfter)}</Kv>
              <Kv label="Remaining">
                <span className={`tone-text-${exp.tone}`}>
                  {exp.text}
                </span>
                <span className="muted"> of {plural(v.totalDays, 'day')}</span>
              </Kv>
              <Kv label="Signature">
                {cert.signatureAlgorithm.name}
                <span className="muted small"> {cert.signatureAlgorithm.oid}</span>
              </Kv>
              <Kv label="Size">{cert.size.toLocaleString('en-US')} bytes (DER)</Kv>
            </dl>
          </section>
          <section className="card">
            <h3>Public key</h3>
            <dl className="kvs one label-wide">
              <PublicKeyKvs k={cert.publicKey} />
            </dl>
          </section>
          <section className="card wide">
            <h3>Fingerprints</h3>
            <dl className="kvs one label-wide">
              <Kv label="SHA-256" testId="fingerprint-sha256">
                <span className="with-copy">
                  <span>{cert.fingerprintSha256}</span>
                  <CopyButton text={cert.fingerprintSha256} />
                </span>
              </Kv>
              <Kv label="SHA-1" testId="fingerprint-sha1">
                <span className="with-copy">
                  <span>{cert.fingerprintSha1}</span>
                  <CopyButton text={cert.fingerprintSha1} />
                </span>
              </Kv>
            </dl>
          </section>
          <section className="card wide">
            <h3>Extensions ({cert.extensions.length})</h3>
            <ExtensionsList extensions={cert.extensions} />
          </section>
          <section className="card wide">
            <h3>Lint</h3>
            <LintList lint={fetchedLint} />
          </section>
          {keyId ? (
            <section className="card wide">
              <h3>Private key</h3>
              <p className="small muted">
                Its private key is held by Wirebench’s engine (vault id <span className="mono">{keyId}</span>) and never reaches this page. The Connections tab’s TLS
                options can use it by that id. Exports are always encrypted.
              </p>
              <KeyExport keyId={keyId} baseName={base} certificate={cert} chain={chainAbove(cert, store.entries)} />
            </section>
          ) : null}
        </div>
      ) : null}
    </div>
  )
}

const KEY_FORMATS: Record<PrivateKeyDescription['format'], string> = {
  pkcs1: 'PKCS#1 (traditional RSA)',
  sec1: 'SEC 1 (traditional EC)',
  pkcs8: 'PKCS#8',
  'encrypted-pkcs8': 'Encrypted PKCS#8',
  'legacy-encrypted-pem': 'Legacy encrypted PEM (OpenSSL “Proc-Type” headers)',
  pkcs12: 'From a PKCS#12 bag'
}

/** Certificates and CSRs in the list with this public key: the ones the file says, and any other with the same pin. */
function MatchingItems({ pin, uids }: { pin: string | undefined; uids: number[] }) {
  const store = useCertStore()
  const found: { entry: Entry; number: number }[] = []
  store.entries.forEach((e, i) => {
    const p = e.item.kind === 'certificate' ? e.item.certificate.publicKey.spkiSha256 : e.item.kind === 'csr' ? e.item.csr.publicKey.spkiSha256 : undefined
    if (uids.includes(e.uid) || (pin && p === pin)) found.push({ entry: e, number: i + 1 })
  })
  if (found.length === 0) return <span className="muted">no certificate or CSR in the list has this public key</span>
  return (
    <ul className="plain-list" data-testid="key-matches">
      {found.slice(0, 20).map(({ entry, number }) => (
        <li key={entry.uid}>
          ✓ matches {entry.item.kind === 'csr' ? 'CSR' : 'certificate'}{' '}
          <button className="link-button" onClick={() => store.select(entry.uid)}>
            #{number} {entryTitle(entry)}
          </button>
        </li>
      ))}
      {found.length > 20 ? <li className="muted">and {found.length - 20} more</li> : null}
    </ul>
  )
}

function PrivateKeyDetail({ entry, number, k }: { entry: Entry; number: number; k: PrivateKeyDescription }) {
  return (
    <div className="detail">
      <DetailHeader entry={entry} number={number} />
      <div className="detail-grid">
        <section className="card">
          <h3>Private key</h3>
          <dl className="kvs one label-wide">
            <Kv label="Format">{KEY_FORMATS[k.format] ?? k.format}</Kv>
            <Kv label="Encrypted">{k.encrypted ? `yes${k.encryption ? ` — ${k.encryption}` : ''}` : 'no (anyone with the file can use it)'}</Kv>
            {k.publicKey ? <PublicKeyKvs k={k.publicKey} /> : null}
            <Kv label="Material">never shown: it stays in Wirebench’s engine</Kv>
          </dl>
          {k.locked ? <div className="warning">Locked: open the file again with its password to learn its algorithm and what it matches.</div> : null}
        </section>
        <section className="card">
          <h3>Matches</h3>
          <MatchingItems pin={k.publicKey?.spkiSha256} uids={entry.matchUids ?? []} />
        </section>
        {entry.keyId ? (
          <section className="card wide">
            <h3>Export</h3>
            <p className="small muted">
              Held in the vault as <span className="mono">{entry.keyId}</span>. Exports are encrypted with a passphrase (PKCS#8, AES-256-CBC); files are written with mode 0600.
            </p>
            <KeyExport keyId={entry.keyId} baseName={safeFileName(entry.source.replace(/\.[a-z0-9]+$/i, '')) || 'private'} />
          </section>
        ) : null}
      </div>
    </div>
  )
}

function PublicKeyDetail({ entry, number, k }: { entry: Entry; number: number; k: PublicKeyInfo }) {
  return (
    <div className="detail">
      <DetailHeader entry={entry} number={number} />
      <div className="detail-grid">
        <section className="card">
          <h3>Public key</h3>
          <dl className="kvs one label-wide">
            <PublicKeyKvs k={k} />
            <Kv label="OID">{k.oid}</Kv>
          </dl>
        </section>
        <section className="card">
          <h3>Matches</h3>
          <MatchingItems pin={k.spkiSha256} uids={[]} />
        </section>
      </div>
    </div>
  )
}

function CsrDetail({ entry, number, csr }: { entry: Entry; number: number; csr: CsrInfo }) {
  const store = useCertStore()
  const keyId = keyIdFor(entry, store.vault)
  return (
    <div className="detail" data-testid="csr-detail">
      <DetailHeader entry={entry} number={number}>
        <button className="small-button" onClick={() => downloadBlob(`${safeFileName(csr.subject.commonName ?? 'request')}.csr`, csr.pem, 'application/pkcs10')}>
          PEM
        </button>
        <button className="small-button" onClick={() => store.show('generate')}>
          Sign with a CA…
        </button>
      </DetailHeader>
      <div className="status-strip">
        <span className={`expiry-badge tone-${csr.signatureValid ? 'good' : 'bad'}`}>{csr.signatureValid ? '✓ signature valid' : '✗ signature does not verify'}</span>
        {keyId ? <span className="flag flag-key">⚷ private key held by Wirebench</span> : null}
      </div>
      <div className="detail-grid">
        <section className="card">
          <h3>Subject</h3>
          <NameTable name={csr.subject} testId="subject" />
        </section>
        <section className="card">
          <h3>Request</h3>
          <dl className="kvs one label-wide">
            <Kv label="Version">{csr.version}</Kv>
            <Kv label="Signature">{csr.signatureAlgorithm.name}</Kv>
            <Kv label="SHA-256">{csr.fingerprintSha256}</Kv>
            <Kv label="SANs">
              <GeneralNames names={csr.subjectAltNames} />
            </Kv>
            {csr.attributes.length ? <Kv label="Attributes">{csr.attributes.map((a) => a.name ?? a.oid).join(', ')}</Kv> : null}
          </dl>
        </section>
        <section className="card">
          <h3>Public key</h3>
          <dl className="kvs one label-wide">
            <PublicKeyKvs k={csr.publicKey} />
          </dl>
        </section>
        <section className="card wide">
          <h3>Requested extensions ({csr.extensions.length})</h3>
          <ExtensionsList extensions={csr.extensions} />
        </section>
        {keyId ? (
          <section className="card wide">
            <h3>Private key</h3>
            <KeyExport keyId={keyId} baseName={safeFileName(csr.subject.commonName ?? 'request')} />
          </section>
        ) : null}
      </div>
    </div>
  )
}

function CrlDetail({ entry, number, crl }: { entry: Entry; number: number; crl: CrlInfo }) {
  const stale = crl.nextUpdate ? Date.parse(crl.nextUpdate) < Date.now() : false
  return (
    <div className="detail">
      <DetailHeader entry={entry} number={number} />
      <div className="detail-grid">
        <section className="card">
          <h3>Issuer</h3>
          <NameTable name={crl.issuer} />
        </section>
        <section className="card">
          <h3>Revocation list</h3>
          <dl className="kvs one label-wide">
            <Kv label="Version">v{crl.version}</Kv>
            <Kv label="This update">{formatDate(crl.thisUpdate)}</Kv>
            <Kv label="Next update">
              {formatDate(crl.nextUpdate)}
              {stale ? <span className="bad"> — out of date</span> : null}
            </Kv>
            {crl.crlNumber ? <Kv label="CRL number">{crl.crlNumber}</Kv> : null}
            <Kv label="Signature">{crl.signatureAlgorithm.name}</Kv>
            <Kv label="SHA-256">{crl.fingerprintSha256}</Kv>
            <Kv label="Revoked">{crl.revokedCount.toLocaleString('en-US')}</Kv>
          </dl>
        </section>
        <section className="card wide">
          <h3>
            Revoked certificates
            {crl.revokedCount > crl.revoked.length ? <span className="muted small"> (the first {crl.revoked.length.toLocaleString('en-US')})</span> : null}
          </h3>
          {crl.revoked.length === 0 ? (
            <p className="muted small">None.</p>
          ) : (
            <>
              <div className="table-head crl-grid">
                <span>Serial</span>
                <span>Revoked on</span>
              </div>
              <VirtualList
                className="crl-list"
                label="Revoked certificates"
                count={crl.revoked.length}
                rowHeight={22}
                renderRow={(i) => (
                  <div className="table-row crl-grid mono">
                    <span>{crl.revoked[i]!.serial}</span>
                    <span>{formatDate(crl.revoked[i]!.date)}</span>
                  </div>
                )}
              />
            </>
          )}
        </section>
      </div>
    </div>
  )
}

export function ItemDetail({ entry, number }: { entry: Entry; number: number }) {
  const it = entry.item
  switch (it.kind) {
    case 'certificate':
      return <CertificateDetail entry={entry} number={number} cert={it.certificate} lint={it.lint} />
    case 'csr':
      return <CsrDetail entry={entry} number={number} csr={it.csr} />
    case 'privateKey':
      return <PrivateKeyDetail entry={entry} number={number} k={it.key} />
    case 'publicKey':
      return <PublicKeyDetail entry={entry} number={number} k={it.key} />
    case 'crl':
      return <CrlDetail entry={entry} number={number} crl={it.crl} />
    case 'error':
      return (
        <div className="detail">
          <DetailHeader entry={entry} number={number} />
          <ErrorBox error={it.error} />
        </div>
      )
  }
}
