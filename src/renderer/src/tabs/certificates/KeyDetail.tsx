// A private key (never its material) or a public key: what it is, how it is protected, which certificates and
// CSRs in the list it belongs to, and an encrypted export when the engine holds it.
import type { PrivateKeyDescription, PublicKeyInfo } from '../../../../shared/x509/types'
import { KeyValue, KeyValueGrid } from '../../ui/KeyValue'
import { DetailHeader, PublicKeyKvs } from './DetailParts'
import { KeyExport } from './KeyExport'
import { entryTitle, safeFileName, type Entry } from './model'
import { useCertStore } from './store'

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

export function PrivateKeyDetail({ entry, number, k }: { entry: Entry; number: number; k: PrivateKeyDescription }) {
  return (
    <div className="detail">
      <DetailHeader entry={entry} number={number} />
      <div className="detail-grid">
        <section className="card">
          <h3>Private key</h3>
          <KeyValueGrid single wideLabels>
            <KeyValue label="Format">{KEY_FORMATS[k.format] ?? k.format}</KeyValue>
            <KeyValue label="Encrypted">{k.encrypted ? `yes${k.encryption ? ` — ${k.encryption}` : ''}` : 'no (anyone with the file can use it)'}</KeyValue>
            {k.publicKey ? <PublicKeyKvs k={k.publicKey} /> : null}
            <KeyValue label="Material">never shown: it stays in Wirebench’s engine</KeyValue>
          </KeyValueGrid>
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

export function PublicKeyDetail({ entry, number, k }: { entry: Entry; number: number; k: PublicKeyInfo }) {
  return (
    <div className="detail">
      <DetailHeader entry={entry} number={number} />
      <div className="detail-grid">
        <section className="card">
          <h3>Public key</h3>
          <KeyValueGrid single wideLabels>
            <PublicKeyKvs k={k} />
            <KeyValue label="OID">{k.oid}</KeyValue>
          </KeyValueGrid>
        </section>
        <section className="card">
          <h3>Matches</h3>
          <MatchingItems pin={k.spkiSha256} uids={[]} />
        </section>
      </div>
    </div>
  )
}
