// What one press of Generate made: each artifact with its downloads and vault id, the chain bundles of a lab PKI,
// and the chosen artifact inspected in full below.
import { useState } from 'react'
import type { GeneratedArtifact } from '../../../../shared/contract'
import { ItemDetail } from './ItemDetail'
import { ROLE_PREFIX, type Generated } from './generate-model'
import { downloadBlob, keyDescription, pemToDer, safeFileName } from './model'
import { useCertStore } from './store'

const PEM_TYPE = 'application/x-pem-file'

function ArtifactFiles({ artifact: a }: { artifact: GeneratedArtifact }) {
  const base = safeFileName(a.role === 'root' || a.role === 'intermediate' ? `${a.role}-ca` : (a.certificate?.subject.commonName ?? a.csr?.subject.commonName ?? a.label))
  const certPem = a.certPem
  const csrPem = a.csrPem
  if (certPem) {
    return (
      <>
        <button className="small-button" onClick={() => downloadBlob(`${base}.pem`, certPem, PEM_TYPE)}>
          {base}.pem
        </button>
        <button
          className="small-button"
          onClick={() => {
            const der = pemToDer(certPem)
            if (der) downloadBlob(`${base}.cer`, der as BlobPart, 'application/pkix-cert')
          }}
        >
          DER
        </button>
      </>
    )
  }
  if (csrPem) {
    return (
      <button className="small-button" onClick={() => downloadBlob(`${base}.csr`, csrPem, 'application/pkcs10')}>
        {base}.csr
      </button>
    )
  }
  return null
}

export function GeneratedResults({ generated }: { generated: Generated }) {
  const store = useCertStore()
  const [shown, setShown] = useState(generated.uids[generated.uids.length - 1] ?? null)
  const { result, uids } = generated
  const root = result.artifacts.find((a) => a.role === 'root')
  const hasLeaf = result.artifacts.some((a) => a.role === 'leaf')
  const entry = store.entries.find((e) => e.uid === shown) ?? null
  const number = entry ? store.entries.indexOf(entry) + 1 : 0
  const keyIds = result.artifacts.map((a) => a.keyId).filter(Boolean)
  const chainPem = result.chainPem

  return (
    <div className="gen-results" data-testid="generated">
      <section className="card">
        <div className="card-head">
          <h3>Generated — added to the opened list</h3>
        </div>
        <ul className="gen-artifacts">
          {result.artifacts.map((a, i) => (
            <li key={i} className={uids[i] === shown ? 'active' : ''}>
              <button className="link-button" onClick={() => setShown(uids[i] ?? null)}>
                {ROLE_PREFIX[a.role] ? `${ROLE_PREFIX[a.role]}: ` : ''}
                {a.role === 'key' && a.publicKey ? `${keyDescription(a.publicKey)} key pair` : a.label}
              </button>
              <span className="spacer" />
              <ArtifactFiles artifact={a} />
              {a.keyId ? (
                <span className="flag flag-key" title="The private key is in Wirebench’s vault">
                  ⚷ {a.keyId}
                </span>
              ) : null}
            </li>
          ))}
        </ul>
        {chainPem ? (
          <div className="button-row">
            <button className="small-button" onClick={() => downloadBlob('chain.pem', chainPem, PEM_TYPE)}>
              chain.pem (leaf + intermediate, what the server sends)
            </button>
            {hasLeaf && root?.certPem ? (
              <button className="small-button" onClick={() => downloadBlob('fullchain-with-root.pem', chainPem + root.certPem, PEM_TYPE)}>
                with the root too
              </button>
            ) : null}
          </div>
        ) : null}
        {keyIds.length > 0 ? (
          <p className="small muted">
            The Connections tab’s TLS options can use these: the certificate as PEM and its private key by vault id ({keyIds.join(', ')}) — the key itself never
            reaches the page. For a PKCS#12 or an encrypted key file, use the export buttons below.
          </p>
        ) : null}
        {root ? <p className="small muted">To trust this lab in a browser or curl, trust only the root (root-ca.pem); serve chain.pem with the leaf’s key.</p> : null}
      </section>
      {entry ? (
        <ItemDetail key={entry.uid} entry={entry} number={number} />
      ) : (
        <p className="muted small">That item was removed from the list.</p>
      )}
    </div>
  )
}
