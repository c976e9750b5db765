// A certificate signing request (subject, requested names and extensions, whether its signature holds) and a
// certificate revocation list (dates, freshness, the revoked serials).
import type { CrlInfo, CsrInfo } from '../../../../shared/x509/types'
import { KeyValue, KeyValueGrid } from '../../ui/KeyValue'
import { VirtualList } from '../../ui/VirtualList'
import { DetailHeader, NameTable, PublicKeyKvs } from './DetailParts'
import { ExtensionsList, GeneralNames } from './Extensions'
import { KeyExport } from './KeyExport'
import { downloadBlob, formatDate, keyIdFor, safeFileName, type Entry } from './model'
import { useCertStore } from './store'

export function CsrDetail({ entry, number, csr }: { entry: Entry; number: number; csr: CsrInfo }) {
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
          <KeyValueGrid single wideLabels>
            <KeyValue label="Version">{csr.version}</KeyValue>
            <KeyValue label="Signature">{csr.signatureAlgorithm.name}</KeyValue>
            <KeyValue label="SHA-256">{csr.fingerprintSha256}</KeyValue>
            <KeyValue label="SANs">
              <GeneralNames names={csr.subjectAltNames} />
            </KeyValue>
            {csr.attributes.length ? <KeyValue label="Attributes">{csr.attributes.map((a) => a.name ?? a.oid).join(', ')}</KeyValue> : null}
          </KeyValueGrid>
        </section>
        <section className="card">
          <h3>Public key</h3>
          <KeyValueGrid single wideLabels>
            <PublicKeyKvs k={csr.publicKey} />
          </KeyValueGrid>
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

export function CrlDetail({ entry, number, crl }: { entry: Entry; number: number; crl: CrlInfo }) {
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
          <KeyValueGrid single wideLabels>
            <KeyValue label="Version">v{crl.version}</KeyValue>
            <KeyValue label="This update">{formatDate(crl.thisUpdate)}</KeyValue>
            <KeyValue label="Next update">
              {formatDate(crl.nextUpdate)}
              {stale ? <span className="bad"> — out of date</span> : null}
            </KeyValue>
            {crl.crlNumber ? <KeyValue label="CRL number">{crl.crlNumber}</KeyValue> : null}
            <KeyValue label="Signature">{crl.signatureAlgorithm.name}</KeyValue>
            <KeyValue label="SHA-256">{crl.fingerprintSha256}</KeyValue>
            <KeyValue label="Revoked">{crl.revokedCount.toLocaleString('en-US')}</KeyValue>
          </KeyValueGrid>
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
