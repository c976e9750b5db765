// A certificate in full: status, every field and extension, lint findings, its ASN.1 structure with the bytes, its
// PEM, and the private key Wirebench holds for it.
import { useEffect, useState } from 'react'
import type { CertificateInfo, LintFinding } from '../../../../shared/x509/types'
import { FindingList } from '../../ui/FindingList'
import { KeyValue, KeyValueGrid } from '../../ui/KeyValue'
import { Segmented } from '../../ui/Segmented'
import { Asn1View } from './Asn1View'
import { CopyButton, DetailHeader, NameTable, PublicKeyKvs } from './DetailParts'
import { ExtensionsList } from './Extensions'
import { inspectCertificate } from './inspect'
import { KeyExport } from './KeyExport'
import { chainAbove, downloadBlob, expiryBadge, formatDate, keyIdFor, pemToDer, plural, safeFileName, type Entry } from './model'
import { useCertStore } from './store'

export function CertificateDetail({ entry, number, cert, lint }: { entry: Entry; number: number; cert: CertificateInfo; lint?: LintFinding[] }) {
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
        <Segmented
          label="View"
          options={[
            ['fields', 'Fields'],
            ['asn1', 'ASN.1 & hex'],
            ['pem', 'PEM']
          ]}
          value={view}
          onChange={setView}
        />
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
            <KeyValueGrid single wideLabels>
              <KeyValue label="Version">v{cert.version}</KeyValue>
              <KeyValue label="Serial (hex)" testId="serial">
                <span className="with-copy">
                  <span>{cert.serial}</span>
                  <span className="muted small">{cert.serialOctets} octets</span>
                </span>
              </KeyValue>
              <KeyValue label="Valid from">{formatDate(v.notBefore)}</KeyValue>
              <KeyValue label="Valid until">{formatDate(v.notAfter)}</KeyValue>
              <KeyValue label="Remaining">
                <span className={`tone-text-${exp.tone}`}>
                  {exp.text}
                </span>
                <span className="muted"> of {plural(v.totalDays, 'day')}</span>
              </KeyValue>
              <KeyValue label="Signature">
                {cert.signatureAlgorithm.name}
                <span className="muted small"> {cert.signatureAlgorithm.oid}</span>
              </KeyValue>
              <KeyValue label="Size">{cert.size.toLocaleString('en-US')} bytes (DER)</KeyValue>
            </KeyValueGrid>
          </section>
          <section className="card">
            <h3>Public key</h3>
            <KeyValueGrid single wideLabels>
              <PublicKeyKvs k={cert.publicKey} />
            </KeyValueGrid>
          </section>
          <section className="card wide">
            <h3>Fingerprints</h3>
            <KeyValueGrid single wideLabels>
              <KeyValue label="SHA-256" testId="fingerprint-sha256">
                <span className="with-copy">
                  <span>{cert.fingerprintSha256}</span>
                  <CopyButton text={cert.fingerprintSha256} />
                </span>
              </KeyValue>
              <KeyValue label="SHA-1" testId="fingerprint-sha1">
                <span className="with-copy">
                  <span>{cert.fingerprintSha1}</span>
                  <CopyButton text={cert.fingerprintSha1} />
                </span>
              </KeyValue>
            </KeyValueGrid>
          </section>
          <section className="card wide">
            <h3>Extensions ({cert.extensions.length})</h3>
            <ExtensionsList extensions={cert.extensions} />
          </section>
          <section className="card wide">
            <h3>Lint</h3>
            {fetchedLint ? (
              <FindingList
                findings={fetchedLint}
                testId="lint"
                empty={<p className="small good">✓ No findings: nothing in it breaks RFC 5280 or the CA/Browser Forum rules Wirebench checks.</p>}
              />
            ) : (
              <p className="muted small">Checking…</p>
            )}
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
