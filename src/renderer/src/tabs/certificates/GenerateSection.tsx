// Generate: keys, self-signed certificates, a local lab PKI (root + intermediate + leaf), CSRs, CSRs signed by a
// CA from the list, mTLS client certificates. Results join the opened list and are inspected at once; keys stay in
// main's vault and leave it only encrypted.
import { useMemo } from 'react'
import type { GenerateInput } from '../../../../shared/contract'
import { selfSignedPresets, signCsrPresets } from '../../../../shared/x509/presets'
import { api } from '../../app/api'
import { useField } from '../../app/store'
import { certificateForms } from './forms-store'
import { useAction } from '../../app/useAction'
import { ErrorBox } from '../../ui/ErrorBox'
import { onRovingKeyDown, rovingTabIndex } from '../../ui/roving-focus'
import { GeneratedResults } from './GeneratedResults'
import { Field, KeyAlgorithmSelect, PresetSelect } from './GenerateFields'
import { GENERATE_KINDS, caRank, entriesFromArtifacts, normalizeSubject, splitNames } from './generate-model'
import { keyIdFor } from './model'
import { CaPicker, CsrPicker } from './SigningPickers'
import { useCertStore } from './store'

export function GenerateSection() {
  const store = useCertStore()
  const [kind, setKind] = useField(certificateForms, 'generateKind')
  const [subject, setSubject] = useField(certificateForms, 'generateSubject')
  const [names, setNames] = useField(certificateForms, 'generateNames')
  const [days, setDays] = useField(certificateForms, 'generateDays')
  const [preset, setPreset] = useField(certificateForms, 'generatePreset')
  const [signPreset, setSignPreset] = useField(certificateForms, 'generateSignPreset')
  const [keyAlgorithm, setKeyAlgorithm] = useField(certificateForms, 'generateKeyAlgorithm')
  const [commonName, setCommonName] = useField(certificateForms, 'generateCommonName')
  const [email, setEmail] = useField(certificateForms, 'generateEmail')
  const [csrUid, setCsrUid] = useField(certificateForms, 'generateCsrUid')
  const [caUid, setCaUid] = useField(certificateForms, 'generateCaUid')
  const [generated, setGenerated] = useField(certificateForms, 'generated')

  const csrs = useMemo(() => store.entries.filter((e) => e.item.kind === 'csr'), [store.entries])
  const cas = useMemo(
    () =>
      store.entries
        .map((e, i) => ({ e, number: i + 1, keyId: keyIdFor(e, store.vault) }))
        .filter((x) => x.e.item.kind === 'certificate' && x.keyId)
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
  const meta = GENERATE_KINDS.find((k) => k.id === kind)!
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
        <div className="gen-kinds" role="radiogroup" aria-label="What to generate" onKeyDown={onRovingKeyDown}>
          {GENERATE_KINDS.map((k) => (
            <button
              type="button"
              key={k.id}
              role="radio"
              aria-checked={kind === k.id}
              tabIndex={rovingTabIndex(kind === k.id)}
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
        {kind === 'signCsr' ? <CsrPicker csrs={csrs} chosen={csr} numberOf={(e) => store.entries.indexOf(e) + 1} onPick={setCsrUid} /> : null}
        {needsCa ? <CaPicker cas={cas} chosen={ca} onPick={setCaUid} /> : null}
        <div className="field-row">
          {needsDays ? (
            <Field label="Valid for (days)" className="port">
              <input value={days} onChange={(e) => setDays(e.target.value)} inputMode="numeric" aria-label="Validity in days" />
            </Field>
          ) : null}
          {needsKey ? <KeyAlgorithmSelect value={keyAlgorithm} onChange={setKeyAlgorithm} /> : null}
        </div>
        {kind === 'selfSigned' ? (
          <div className="field-row">
            <PresetSelect value={preset} options={selfSignedPresets} onChange={setPreset} />
          </div>
        ) : null}
        {kind === 'signCsr' ? (
          <div className="field-row">
            <PresetSelect value={signPreset} options={signCsrPresets} onChange={setSignPreset} />
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
          <GeneratedResults key={generated.uids.join(',')} generated={generated} />
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
