// Generate: keys, self-signed certificates, a local lab PKI (root + intermediate + leaf), CSRs, CSRs signed by a
// CA from the list, mTLS client certificates. Results join the opened list and are inspected at once; keys stay in
// main's vault and leave it only encrypted.
import { useMemo, useState, type ReactNode } from 'react'
import { keyAlgorithms, type GenerateInput, type GenerateResult, type GeneratedArtifact } from '../../../../shared/contract'
import { api } from '../../app/api'
import { useAction } from '../../app/useAction'
import { ErrorBox } from '../../ui/ErrorBox'
import { ItemDetail } from './ItemDetail'
import { downloadBlob, keyDescription, keyIdFor, newUid, pemToDer, safeFileName, type Entry } from './model'
import { useCertStore } from './store'

type Kind = GenerateInput['kind']

const KINDS: { id: Kind; label: string; text: string }[] = [
  { id: 'selfSigned', label: 'Self-signed certificate', text: 'One certificate that signs itself: quick for local HTTPS, trusted only where you add it.' },
  { id: 'pki', label: 'Local lab PKI', text: 'A root CA, an intermediate CA and a leaf in one step — the shape real sites use. Trust the root, serve the chain.' },
  { id: 'key', label: 'Key pair', text: 'A private key, kept in Wirebench’s vault; export it encrypted when you need the file.' },
  { id: 'csr', label: 'CSR', text: 'A certificate signing request with a new key, to send to a CA (or to sign here).' },
  { id: 'signCsr', label: 'Sign a CSR', text: 'Issue a certificate for a CSR from the list, signed by a CA whose key Wirebench holds.' },
  { id: 'clientCert', label: 'mTLS client certificate', text: 'A client certificate and key for mutual TLS, signed by a CA whose key Wirebench holds.' }
]

const KEY_LABELS: Record<(typeof keyAlgorithms)[number], string> = {
  rsa2048: 'RSA 2048',
  rsa3072: 'RSA 3072',
  rsa4096: 'RSA 4096',
  p256: 'ECDSA P-256',
  p384: 'ECDSA P-384',
  ed25519: 'Ed25519'
}

/** "localhost" is taken as "CN=localhost"; anything with "=" is passed as written. */
function normalizeSubject(s: string): string {
  const t = s.trim()
  return t === '' || t.includes('=') ? t : `CN=${t}`
}

function splitNames(s: string): string[] {
  return s
    .split(/[,\s]+/)
    .map((x) => x.trim())
    .filter(Boolean)
}

function caRank(e: Entry): number {
  if (e.item.kind !== 'certificate' || !e.item.certificate.isCA) return 2
  return e.item.certificate.selfSigned ? 1 : 0
}

const ROLE_PREFIX: Partial<Record<GeneratedArtifact['role'], string>> = { root: 'Root', intermediate: 'Intermediate', leaf: 'Leaf', certificate: 'Certificate' }

function entriesFromArtifacts(result: GenerateResult): Entry[] {
  return result.artifacts.map((a): Entry => {
    const uid = newUid()
    if (a.certificate) return { uid, source: `generated ${a.role === 'certificate' ? 'certificate' : a.role}`, item: { kind: 'certificate', certificate: a.certificate }, keyId: a.keyId }
    if (a.csr) return { uid, source: 'generated CSR', item: { kind: 'csr', csr: a.csr }, keyId: a.keyId }
    return {
      uid,
      source: 'generated key',
      item: { kind: 'privateKey', key: { format: 'pkcs8', encrypted: false, locked: false, publicKey: a.publicKey, matches: [] } },
      keyId: a.keyId
    }
  })
}

function Field({ label, children, className }: { label: string; children: ReactNode; className?: string }) {
  return (
    <label className={className}>
      {label}
      {children}
    </label>
  )
}

function KeyAlgorithmSelect({ value, onChange }: { value: string; onChange: (v: (typeof keyAlgorithms)[number]) => void }) {
  return (
    <Field label="Key">
      <select value={value} onChange={(e) => onChange(e.target.value as (typeof keyAlgorithms)[number])} aria-label="Key algorithm">
        {keyAlgorithms.map((k) => (
          <option key={k} value={k}>
            {KEY_LABELS[k]}
          </option>
        ))}
      </select>
    </Field>
  )
}

interface Generated {
  result: GenerateResult
  uids: number[]
}

function Results({ generated }: { generated: Generated }) {
  const store = useCertStore()
  const [shown, setShown] = useState(generated.uids[generated.uids.length - 1] ?? null)
  const { result, uids } = generated
  const leaf = result.artifacts.find((a) => a.role === 'leaf')
  const root = result.artifacts.find((a) => a.role === 'root')
  const entry = store.entries.find((e) => e.uid === shown) ?? null
  const number = entry ? store.entries.indexOf(entry) + 1 : 0
  const keyIds = result.artifacts.map((a) => a.keyId).filter(Boolean)

  const files = (a: GeneratedArtifact) => {
    const base = safeFileName(a.role === 'root' || a.role === 'intermediate' ? `${a.role}-ca` : (a.certificate?.subject.commonName ?? a.csr?.subject.commonName ?? a.label))
    if (a.certPem) {
      return (
        <>
          <button className="small-button" onClick={() => downloadBlob(`${base}.pem`, a.certPem!, 'application/x-pem-file')}>
            {base}.pem
          </button>
          <button
            className="small-button"
            onClick={() => {
              const der = pemToDer(a.certPem!)
              if (der) downloadBlob(`${base}.cer`, der as BlobPart, 'application/pkix-cert')
            }}
          >
            DER
          </button>
        </>
      )
    }
    if (a.csrPem) {
      return (
        <button className="small-button" onClick={() => downloadBlob(`${base}.csr`, a.csrPem!, 'application/pkcs10')}>
          {base}.csr
        </button>
      )
    }
    return null
  }

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
              {files(a)}
              {a.keyId ? (
                <span className="flag flag-key" title="The private key is in Wirebench’s vault">
                  ⚷ {a.keyId}
                </span>
              ) : null}
            </li>
          ))}
        </ul>
        {result.chainPem ? (
          <div className="button-row">
            <button className="small-button" onClick={() => downloadBlob('chain.pem', result.chainPem!, 'application/x-pem-file')}>
              chain.pem (leaf + intermediate, what the server sends)
            </button>
            {leaf && root ? (
              <button className="small-button" onClick={() => downloadBlob('fullchain-with-root.pem', result.chainPem! + root.certPem!, 'application/x-pem-file')}>
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

export function GenerateSection() {
  const store = useCertStore()
  const [kind, setKind] = useState<Kind>('selfSigned')
  const [subject, setSubject] = useState('CN=localhost')
  const [names, setNames] = useState('localhost, 127.0.0.1, ::1')
  const [days, setDays] = useState('90')
  const [preset, setPreset] = useState<'server' | 'client' | 'serverClient' | 'rootCA'>('server')
  const [signPreset, setSignPreset] = useState<'server' | 'client' | 'serverClient' | 'intermediateCA'>('server')
  const [keyAlgorithm, setKeyAlgorithm] = useState<(typeof keyAlgorithms)[number]>('p256')
  const [commonName, setCommonName] = useState('alice')
  const [email, setEmail] = useState('')
  const [csrUid, setCsrUid] = useState<number | null>(null)
  const [caUid, setCaUid] = useState<number | null>(null)
  const [generated, setGenerated] = useState<Generated | null>(null)

  const csrs = useMemo(() => store.entries.filter((e) => e.item.kind === 'csr'), [store.entries])
  const cas = useMemo(
    () =>
      store.entries
        .map((e, i) => ({ e, number: i + 1, keyId: keyIdFor(e, store.vault) }))
        .filter((x) => x.e.item.kind === 'certificate' && x.keyId)
        // Intermediate CAs first (what one usually signs with), then roots, then anything else.
        .sort((a, b) => caRank(a.e) - caRank(b.e)),
    [store.entries, store.vault]
  )
  const csr = csrs.find((e) => e.uid === csrUid) ?? csrs[csrs.length - 1] ?? null
  const ca = cas.find((x) => x.e.uid === caUid) ?? cas[0] ?? null
  const caCert = ca && ca.e.item.kind === 'certificate' ? ca.e.item.certificate : null
  const daysNumber = Number(days)

  const input = (): GenerateInput | null => {
    const subj = normalizeSubject(subject)
    switch (kind) {
      case 'key':
        return { kind, keyAlgorithm }
      case 'selfSigned':
        return { kind, subject: subj, names: splitNames(names), days: daysNumber, preset, keyAlgorithm }
      case 'pki':
        return { kind, subject: subj, names: splitNames(names), days: daysNumber, keyAlgorithm }
      case 'csr':
        return { kind, subject: subj, names: splitNames(names), keyAlgorithm }
      case 'signCsr':
        if (!csr || csr.item.kind !== 'csr' || !caCert || !ca?.keyId) return null
        return { kind, csrPem: csr.item.csr.pem, issuerCertPem: caCert.pem, issuerKeyId: ca.keyId, days: daysNumber, preset: signPreset }
      case 'clientCert':
        if (!caCert || !ca?.keyId) return null
        return { kind, commonName: commonName.trim(), email: email.trim() || undefined, issuerCertPem: caCert.pem, issuerKeyId: ca.keyId, days: daysNumber, keyAlgorithm }
    }
  }

  const { busy, error, submit, clearError } = useAction(
    () => api.call('x509.generate', input()!),
    (result) => {
      const entries = entriesFromArtifacts(result)
      store.add(entries, false)
      const main = result.artifacts.findIndex((a) => a.role === 'leaf')
      const pick = entries[main >= 0 ? main : entries.length - 1]
      if (pick) store.select(pick.uid)
      setGenerated({ result, uids: entries.map((e) => e.uid) })
      store.refreshVault()
    }
  )

  const ready = input() !== null
  const meta = KINDS.find((k) => k.id === kind)!
  const needsSubject = kind === 'selfSigned' || kind === 'pki' || kind === 'csr'
  const needsDays = kind !== 'key' && kind !== 'csr'
  const needsKey = kind !== 'signCsr'
  const needsCa = kind === 'signCsr' || kind === 'clientCert'

  return (
    <div className="two-col gen">
      <form
        className="card gen-form"
        aria-label="Generate"
        onSubmit={(e) => {
          e.preventDefault()
          if (ready) void submit()
        }}
      >
        <div className="gen-kinds" role="radiogroup" aria-label="What to generate">
          {KINDS.map((k) => (
            <button
              type="button"
              key={k.id}
              role="radio"
              aria-checked={kind === k.id}
              className={`gen-kind ${kind === k.id ? 'on' : ''}`}
              onClick={() => {
                setKind(k.id)
                clearError()
              }}
            >
              {k.label}
            </button>
          ))}
        </div>
        <p className="hint gen-text">{meta.text}</p>
        {needsSubject ? (
          <>
            <Field label={kind === 'pki' ? 'Leaf subject' : 'Subject'}>
              <input value={subject} onChange={(e) => setSubject(e.target.value)} placeholder="CN=localhost, O=Example" aria-label="Subject" spellCheck={false} />
            </Field>
            <Field label="Subject alternative names (DNS names and IPs, comma-separated)">
              <input value={names} onChange={(e) => setNames(e.target.value)} placeholder="localhost, 127.0.0.1, ::1" aria-label="Subject alternative names" spellCheck={false} />
            </Field>
          </>
        ) : null}
        {kind === 'clientCert' ? (
          <div className="field-row">
            <Field label="Common name" className="grow">
              <input value={commonName} onChange={(e) => setCommonName(e.target.value)} aria-label="Client common name" spellCheck={false} />
            </Field>
            <Field label="Email (optional)" className="grow">
              <input value={email} onChange={(e) => setEmail(e.target.value)} aria-label="Client email" placeholder="alice@example.com" spellCheck={false} />
            </Field>
          </div>
        ) : null}
        {kind === 'signCsr' ? (
          <Field label="CSR to sign">
            {csrs.length ? (
              <select value={csr?.uid ?? ''} onChange={(e) => setCsrUid(Number(e.target.value))} aria-label="CSR to sign">
                {csrs.map((e) => (
                  <option key={e.uid} value={e.uid}>
                    #{store.entries.indexOf(e) + 1} {e.item.kind === 'csr' ? e.item.csr.subject.text : ''} — {e.source}
                  </option>
                ))}
              </select>
            ) : (
              <span className="field-note">No CSR in the list: open one (drop it on this tab) or generate one with “CSR”.</span>
            )}
          </Field>
        ) : null}
        {needsCa ? (
          <Field label="Signing CA (its key must be held by Wirebench)">
            {cas.length ? (
              <select value={ca?.e.uid ?? ''} onChange={(e) => setCaUid(Number(e.target.value))} aria-label="Signing CA">
                {cas.map(({ e, number }) => (
                  <option key={e.uid} value={e.uid}>
                    #{number} {e.item.kind === 'certificate' ? `${e.item.certificate.subject.commonName ?? e.item.certificate.subject.text}${e.item.certificate.isCA ? '' : ' (not a CA!)'}` : ''}
                  </option>
                ))}
              </select>
            ) : (
              <span className="field-note">
                No certificate with its key in the list. Generate a “Local lab PKI” or a self-signed certificate with the Root CA preset, or open a CA certificate
                together with its key.
              </span>
            )}
          </Field>
        ) : null}
        <div className="field-row">
          {needsDays ? (
            <Field label="Valid for (days)" className="port">
              <input value={days} onChange={(e) => setDays(e.target.value)} inputMode="numeric" aria-label="Validity in days" />
            </Field>
          ) : null}
          {needsKey ? <KeyAlgorithmSelect value={keyAlgorithm} onChange={setKeyAlgorithm} /> : null}
        </div>
        {kind === 'selfSigned' || kind === 'signCsr' ? (
          <div className="field-row">
            {kind === 'selfSigned' ? (
              <Field label="Profile" className="grow">
                <select value={preset} onChange={(e) => setPreset(e.target.value as typeof preset)} aria-label="Profile">
                  <option value="server">TLS server</option>
                  <option value="client">TLS client</option>
                  <option value="serverClient">Server and client</option>
                  <option value="rootCA">Root CA</option>
                </select>
              </Field>
            ) : null}
            {kind === 'signCsr' ? (
              <Field label="Profile" className="grow">
                <select value={signPreset} onChange={(e) => setSignPreset(e.target.value as typeof signPreset)} aria-label="Profile">
                  <option value="server">TLS server</option>
                  <option value="client">TLS client</option>
                  <option value="serverClient">Server and client</option>
                  <option value="intermediateCA">Intermediate CA</option>
                </select>
              </Field>
            ) : null}
          </div>
        ) : null}
        {needsDays && !(daysNumber >= 1) ? <div className="field-error">Enter the number of days, e.g. 90.</div> : null}
        <button type="submit" className="primary" disabled={busy || !ready}>
          {busy ? 'Generating…' : 'Generate'}
        </button>
        <ErrorBox error={error} onDismiss={clearError} />
        <p className="hint">Keys are made in Wirebench’s engine and stay there; this page only gets their ids. Exports are encrypted with a passphrase you choose.</p>
      </form>
      <section className="gen-result" aria-label="Generated">
        {generated ? (
          <Results key={generated.uids.join(',')} generated={generated} />
        ) : (
          <div className="section-empty inline">
            <h2>Certificates for local work</h2>
            <p>
              Pick what to make on the left. Everything generated joins the opened list, is inspected here at once, and can be downloaded as PEM or DER, as a chain
              bundle or as a password-protected PKCS#12, with the key exported encrypted.
            </p>
          </div>
        )}
      </section>
    </div>
  )
}
