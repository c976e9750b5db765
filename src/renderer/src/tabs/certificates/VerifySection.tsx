// Verify: a leaf from the opened certificates, the others as intermediates (and, if you say so, as roots — the
// tab's trusted roots), Mozilla's and the OS's roots, a host name and a time, revocation and the stricter checks
// (VerifyOptions); the verdict as a picture of the chain with each link's revocation status and the policy tree.
import { useEffect, useMemo, useState } from 'react'
import type { TrustStoreInfo } from '../../../../shared/x509/types'
import { api } from '../../app/api'
import { useField } from '../../app/store'
import { certificateForms } from './forms-store'
import { useAction } from '../../app/useAction'
import { ErrorBox } from '../../ui/ErrorBox'
import { Segmented } from '../../ui/Segmented'
import { ChainPicture } from './ChainPicture'
import { FetchIssuer } from './FetchIssuer'
import { expiryBadge, uniqueCertificates } from './model'
import { useCertStore } from './store'
import { TrustedRootsCard } from './TrustedRoots'
import { maxDepthInvalid, RevocationFields, StricterChecks } from './VerifyOptions'

const MAX_EXTRA = 2000
const SHOWN_CANDIDATES = 300

/** The last "verify this" request acted upon (the section remounts whenever it is shown). */
let handledRequest = 0

let trustStoreCache: Promise<TrustStoreInfo | null> | null = null
export function useTrustStores(): TrustStoreInfo | null {
  const [info, setInfo] = useState<TrustStoreInfo | null>(null)
  useEffect(() => {
    trustStoreCache ??= api.call('x509.trustStores', {}).then((r) => (r.ok ? r.value : null))
    let live = true
    void trustStoreCache.then((v) => {
      if (live) setInfo(v)
    })
    return () => {
      live = false
    }
  }, [])
  return info
}

function firstHostName(names: { type: string; value: string }[]): string {
  const n = names.find((x) => (x.type === 'dns' && !x.value.startsWith('*')) || x.type === 'ip')
  return n?.value ?? ''
}

export function VerifySection() {
  const store = useCertStore()
  const stores = useTrustStores()
  const certs = useMemo(() => uniqueCertificates(store.entries), [store.entries])
  /** The distinct certificate with the same fingerprint as this entry (the list may repeat it). */
  const uniqueUid = (uid: number | undefined): number | null => {
    const e = store.entries.find((x) => x.uid === uid)
    if (!e || e.item.kind !== 'certificate') return null
    const fp = e.item.certificate.fingerprintSha256
    return certs.find((c) => c.cert.fingerprintSha256 === fp)?.entry.uid ?? null
  }
  const defaultLeaf = uniqueUid(store.verifyRequest?.uid) ?? (certs.find((c) => !c.cert.isCA) ?? certs[0])?.entry.uid ?? null
  const [leafUid, setLeafUid] = useState<number | null>(defaultLeaf)
  const leaf = certs.find((c) => c.entry.uid === leafUid) ?? certs.find((c) => c.entry.uid === defaultLeaf) ?? null
  const roots = new Set(store.trustedRoots.map((r) => r.fingerprint256))
  const [trustSelfSigned, setTrustSelfSigned] = useField(certificateForms, 'verifyTrustSelfSigned')
  const [useMozilla, setUseMozilla] = useField(certificateForms, 'verifyUseMozilla')
  const [useSystem, setUseSystem] = useField(certificateForms, 'verifyUseSystem')
  const [host, setHost] = useState(() => (leaf ? firstHostName(leaf.cert.subjectAltNames) : ''))
  const [purpose, setPurpose] = useField(certificateForms, 'verifyPurpose')
  const [at, setAt] = useField(certificateForms, 'verifyAt')
  const [result, setResult] = useField(certificateForms, 'verifyResult')
  const [crlNames, setCrlNames] = useField(certificateForms, 'verifyCrlNames')

  const [rerun, setRerun] = useState(false)

  // Another section asked to verify a particular certificate: make it the leaf and verify it at once.
  const request = store.verifyRequest
  useEffect(() => {
    if (!request || request.seq === handledRequest) return
    handledRequest = request.seq
    const uid = uniqueUid(request.uid)
    const asked = certs.find((c) => c.entry.uid === uid)
    if (!asked) return
    setLeafUid(asked.entry.uid)
    setHost(firstHostName(asked.cert.subjectAltNames))
    setResult(null)
    setRerun(true)
  }, [request])

  const others = certs.filter((c) => c !== leaf)
  const isRoot = (fp: string, selfSigned: boolean) => roots.has(fp) || (trustSelfSigned && selfSigned)
  const rootList = others.filter((c) => isRoot(c.cert.fingerprintSha256, c.cert.selfSigned))
  // trusted roots that are not among the others (no longer listed, or the leaf itself) still count
  const listed = new Set(others.map((c) => c.cert.fingerprintSha256))
  const rootPems = [...rootList.map((c) => c.cert.pem), ...store.trustedRoots.filter((r) => !listed.has(r.fingerprint256)).map((r) => r.pem)]
  const intermediates = others.filter((c) => !isRoot(c.cert.fingerprintSha256, c.cert.selfSigned))
  const atIso = at ? new Date(at) : null
  const atInvalid = atIso !== null && Number.isNaN(atIso.getTime())

  const [maxDepth] = useField(certificateForms, 'verifyMaxDepth')
  const depthBad = maxDepthInvalid(maxDepth)

  const { busy, error, submit, clearError } = useAction(
    () => {
      const f = certificateForms.get()
      setCrlNames(f.verifyCrls.map((c) => c.name))
      return api.call('x509.verify', {
        leafPem: leaf!.cert.pem,
        intermediatesPem: intermediates.slice(0, MAX_EXTRA).map((c) => c.cert.pem),
        rootsPem: rootPems.slice(0, MAX_EXTRA),
        useMozillaRoots: useMozilla,
        useSystemRoots: useSystem,
        at: atIso && !atInvalid ? atIso.toISOString() : undefined,
        host: host.trim() || undefined,
        purpose,
        ...(f.verifyMaxDepth !== '' && !maxDepthInvalid(f.verifyMaxDepth) ? { maxDepth: Number(f.verifyMaxDepth) } : {}),
        keyUsage: f.verifyKeyUsage,
        legacyCommonName: f.verifyLegacyCn,
        allowEd25519: f.verifyAllowEd25519,
        revocation: f.verifyRevocation,
        revocationOnline: f.verifyRevocationOnline,
        crlPem: f.verifyRevocation === 'off' ? [] : f.verifyCrls.map((c) => c.text)
      })
    },
    setResult
  )

  // Verify (again) when asked: after the missing issuer was fetched into the list, or from another section.
  useEffect(() => {
    if (!rerun) return
    setRerun(false)
    if (leaf) void submit()
  }, [rerun, leaf, submit])

  if (certs.length === 0) {
    return (
      <div className="section-empty">
        <h2>Nothing to verify yet</h2>
        <p>Open a certificate or a bundle (drop it anywhere on this tab), fetch one from a server, or generate a local PKI — then choose the leaf here.</p>
        <div className="button-row center">
          <button className="primary" onClick={() => store.show('open')}>
            Open files
          </button>
          <button onClick={() => store.show('server')}>From a server</button>
          <button onClick={() => store.show('generate')}>Generate</button>
        </div>
      </div>
    )
  }

  return (
    <div className="two-col">
      <form
        className="card verify-form"
        aria-label="Verify a chain"
        onSubmit={(e) => {
          e.preventDefault()
          if (leaf) void submit()
        }}
      >
        <h3>Chain to verify</h3>
        <label>
          Leaf certificate
          <select
            value={leaf?.entry.uid ?? ''}
            onChange={(e) => {
              const uid = Number(e.target.value)
              setLeafUid(uid)
              const c = certs.find((x) => x.entry.uid === uid)
              if (c) setHost(firstHostName(c.cert.subjectAltNames))
              setResult(null)
            }}
            aria-label="Leaf certificate"
          >
            {certs.map((c) => (
              <option key={c.entry.uid} value={c.entry.uid}>
                #{c.number} {c.cert.subject.commonName ?? c.cert.subject.text}
                {c.cert.isCA ? ' (CA)' : ''} — from {c.entry.source}
              </option>
            ))}
          </select>
        </label>
        <fieldset>
          <legend>Your other certificates ({others.length})</legend>
          {others.length === 0 ? (
            <p className="muted small">Only the leaf is open; its issuers must come from the trust stores below.</p>
          ) : (
            <>
              <p className="hint">They serve as intermediates. Tick one to trust it as a root instead.</p>
              <div className="candidate-list">
                {others.slice(0, SHOWN_CANDIDATES).map((c) => {
                  const fp = c.cert.fingerprintSha256
                  const exp = expiryBadge(c.cert.validity)
                  return (
                    <label key={fp} className="check candidate">
                      <input
                        type="checkbox"
                        checked={isRoot(fp, c.cert.selfSigned)}
                        disabled={trustSelfSigned && c.cert.selfSigned}
                        onChange={(e) => {
                          if (e.target.checked) store.trustRoot({ fingerprint256: fp, subject: c.cert.subject.text, pem: c.cert.pem })
                          else store.untrustRoot(fp)
                        }}
                        aria-label={`Trust #${c.number} as a root`}
                      />
                      <span className="candidate-name">
                        #{c.number} {c.cert.subject.commonName ?? c.cert.subject.text}
                      </span>
                      <span className="muted small">{c.cert.selfSigned ? 'self-signed' : c.cert.isCA ? 'CA' : 'end entity'}</span>
                      <span className={`tone-text-${exp.tone} small`}>{exp.tone === 'bad' ? exp.text : ''}</span>
                    </label>
                  )
                })}
                {others.length > SHOWN_CANDIDATES ? <p className="muted small">…and {others.length - SHOWN_CANDIDATES} more, all used as intermediates.</p> : null}
              </div>
            </>
          )}
          <label className="check">
            <input type="checkbox" checked={trustSelfSigned} onChange={(e) => setTrustSelfSigned(e.target.checked)} /> Trust the self-signed ones I opened
          </label>
          {others.length > MAX_EXTRA ? <div className="warning">Only the first {MAX_EXTRA} distinct certificates are sent as candidates.</div> : null}
        </fieldset>
        <TrustedRootsCard />
        <fieldset>
          <legend>Trust stores</legend>
          <label className="check">
            <input type="checkbox" checked={useMozilla} onChange={(e) => setUseMozilla(e.target.checked)} />
            <span>
              Mozilla roots
              {stores ? ` (${stores.mozilla.count}, from Node ${stores.mozilla.nodeVersion})` : ''}
            </span>
          </label>
          <label className="check">
            <input type="checkbox" checked={useSystem} onChange={(e) => setUseSystem(e.target.checked)} disabled={stores !== null && stores.system === null} />
            <span>{stores?.system ? `OS store (${stores.system.path}, ${stores.system.count})` : stores ? 'OS store (none found on this system)' : 'OS store'}</span>
          </label>
        </fieldset>
        <div className="field-row">
          <label className="grow">
            Host name or IP
            <input value={host} onChange={(e) => setHost(e.target.value)} placeholder="example.com (empty: do not check)" aria-label="Host name to check" spellCheck={false} />
          </label>
        </div>
        <div className="field-label">
          Purpose
          <Segmented
            label="Purpose"
            options={[
              ['server', 'TLS server'],
              ['client', 'TLS client']
            ]}
            value={purpose}
            onChange={setPurpose}
          />
        </div>
        <label>
          Validation time (empty: now)
          <span className="inline-field">
            <input type="datetime-local" value={at} onChange={(e) => setAt(e.target.value)} aria-label="Validation time" step={1} />
            {at ? (
              <button type="button" className="small-button" onClick={() => setAt('')}>
                Now
              </button>
            ) : null}
          </span>
        </label>
        {atInvalid ? <div className="field-error">That time is not valid.</div> : null}
        <RevocationFields />
        <StricterChecks />
        <button type="submit" className="primary" disabled={busy || !leaf || atInvalid || depthBad}>
          {busy ? 'Verifying…' : 'Verify'}
        </button>
        <ErrorBox error={error} onDismiss={clearError} />
      </form>
      <section className="verify-result" aria-label="Verdict">
        {result ? (
          <>
            <ChainPicture result={result} onTrusted={() => setRerun(true)} crlNames={crlNames} />
            {result.missingIssuerUrls.length > 0 ? <FetchIssuer urls={result.missingIssuerUrls} onFetched={() => setRerun(true)} /> : null}
          </>
        ) : (
          <div className="section-empty inline">
            <h2>Does it chain to a root you trust?</h2>
            <p>
              Wirebench builds the path from the leaf up through your other certificates to a trust anchor (RFC 5280 §6) and checks every link: signatures, dates,
              CA flags, path lengths, name constraints, key usage and the host name. The verdict appears here, leaf at the top, root at the bottom.
            </p>
          </div>
        )}
      </section>
    </div>
  )
}
