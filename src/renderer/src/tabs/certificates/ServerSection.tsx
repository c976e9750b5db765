// From a server: connect, read the chain exactly as the server sent it, say what is wrong with it (root sent,
// intermediate missing, a private root not trusted yet, wrong order, duplicates), then the verdict as a chain
// picture. The verdict trusts the user's roots, Mozilla's and the OS store; a private root is trusted in one click.
import { useEffect, useMemo, useState } from 'react'
import { api } from '../../app/api'
import { useField } from '../../app/store'
import { certificateForms } from './forms-store'
import { useAction } from '../../app/useAction'
import { ErrorBox } from '../../ui/ErrorBox'
import { FindingList } from '../../ui/FindingList'
import { KeyValue, KeyValueGrid } from '../../ui/KeyValue'
import { ChainPicture, VerdictBanner } from './ChainPicture'
import { FetchIssuer } from './FetchIssuer'
import { expiryBadge, uniqueCertificates } from './model'
import { useCertStore, type TrustedRoot } from './store'
import { TrustRootButton, TrustedRootsCard } from './TrustedRoots'
import { ScanPanel, ScanTlsButton, useScanShown } from './ScanPanel'

/** Certificates from the list sent to name a private root (the contract's cap). */
const MAX_KNOWN = 2000

export function ServerSection() {
  const store = useCertStore()
  const [host, setHost] = useField(certificateForms, 'serverHost')
  const [port, setPort] = useField(certificateForms, 'serverPort')
  const [sni, setSni] = useField(certificateForms, 'serverSni')
  const [result, setResult] = useField(certificateForms, 'serverResult')
  const [added, setAdded] = useState<Set<string>>(new Set())
  const [fetched, setFetched] = useState(false)
  const [rerun, setRerun] = useState(false)
  const trusted = new Set(store.trustedRoots.map((r) => r.fingerprint256))
  const known = useMemo(() => uniqueCertificates(store.entries).map((c) => c.cert), [store.entries])
  const scanShown = useScanShown()

  const { busy, error, submit, clearError } = useAction(
    () => {
      // A new fetch replaces the last chain: an error must not sit under a chain from another server.
      setResult(null)
      return api.call('x509.fetchChain', {
        host: host.trim(),
        port: port.trim() === '' ? 443 : Number(port),
        sni: sni.trim() || undefined,
        rootsPem: store.trustedRoots.map((r) => r.pem),
        knownPem: known.filter((c) => c.isCA && !trusted.has(c.fingerprintSha256)).slice(0, MAX_KNOWN).map((c) => c.pem),
        useMozillaRoots: true,
        useSystemRoots: true
      })
    },
    (r) => {
      setResult(r)
      setAdded(new Set())
      setFetched(false)
    }
  )

  // fetch again once a root was trusted, with the new trust (the next render's call sees it)
  useEffect(() => {
    if (!rerun) return
    setRerun(false)
    void submit()
  }, [rerun, submit])

  const privateRoot = result?.findings.find((f) => f.code === 'PRIVATE_ROOT')?.root
  const rootToTrust: TrustedRoot | undefined =
    privateRoot?.pem && privateRoot.fingerprint256 ? { subject: privateRoot.subject, fingerprint256: privateRoot.fingerprint256, pem: privateRoot.pem } : undefined

  const addToList = (indexes: number[], open: boolean) => {
    if (!result) return
    const certs = indexes.map((i) => result.sent[i]!).filter(Boolean)
    const uids = store.addCertificates(certs, `${result.host}:${result.port}`)
    setAdded((prev) => new Set([...prev, ...certs.map((c) => c.fingerprintSha256)]))
    if (open && uids[0] !== undefined) {
      store.select(uids[0])
      store.show('open')
    }
  }

  return (
    <div className="two-col">
      <form
        className="card server-form"
        aria-label="Fetch a server's chain"
        onSubmit={(e) => {
          e.preventDefault()
          void submit()
        }}
      >
        <h3>Server</h3>
        <div className="field-row">
          <label className="grow">
            Host
            <input value={host} onChange={(e) => setHost(e.target.value)} placeholder="example.com or 192.0.2.10" aria-label="Server host" spellCheck={false} />
          </label>
          <label className="port">
            Port
            <input value={port} onChange={(e) => setPort(e.target.value)} inputMode="numeric" aria-label="Server port" />
          </label>
        </div>
        <label>
          SNI server name
          <input value={sni} onChange={(e) => setSni(e.target.value)} placeholder="defaults to the host name (none for an IP)" aria-label="Server SNI" spellCheck={false} />
        </label>
        <button type="submit" className="primary" disabled={busy || host.trim() === ''}>
          {busy ? 'Connecting…' : 'Fetch chain'}
        </button>
        <ScanTlsButton />
        <ErrorBox error={error} onDismiss={clearError} />
        <p className="hint">
          Wirebench completes a TLS handshake, keeps the certificates exactly as sent (duplicates and order included), then closes. The verdict uses Mozilla’s roots,
          the OS store and the roots you trust.
        </p>
        <TrustedRootsCard />
      </form>
      <section className="server-result" aria-label="Server chain">
        <ScanPanel />
        {!result && scanShown ? null : !result ? (
          <div className="section-empty inline">
            <h2>What does the server really send?</h2>
            <p>
              Browsers often hide a broken chain by fetching a missing intermediate themselves; curl, Java and older phones do not. Enter a host to see the
              certificates in the order the server sends them, and what is wrong with that.
            </p>
          </div>
        ) : (
          <>
            <VerdictBanner result={result.verdict} />
            <section className="card" data-testid="server-chain">
              <div className="card-head">
                <h3>
                  Sent by {result.host}:{result.port}
                  {result.sni ? <span className="muted"> (SNI {result.sni})</span> : null}
                </h3>
                <span className="spacer" />
                <button className="small-button" onClick={() => addToList(result.sent.map((_, i) => i), false)}>
                  Add all to the list
                </button>
              </div>
              <KeyValueGrid>
                <KeyValue label="Protocol" testId="server-protocol">
                  {result.protocol}
                </KeyValue>
                <KeyValue label="Cipher">{result.cipher}</KeyValue>
                <KeyValue label="Took">{result.durationMs} ms</KeyValue>
                {result.stapled !== undefined ? (
                  <KeyValue label="OCSP staple" testId="ocsp-staple">
                    {result.stapled
                      ? `yes — ${result.staple?.message ?? 'the server sent its OCSP response in the handshake'}`
                      : 'none — the server sent no OCSP response in the handshake (status_request, RFC 6066 §8)'}
                  </KeyValue>
                ) : null}
                <KeyValue label="Exact">{result.exact ? 'yes — read from the handshake' : 'no — rebuilt from Node’s de-duplicated view'}</KeyValue>
              </KeyValueGrid>
              <table className="small-table sent-table">
                <thead>
                  <tr>
                    <th>#</th>
                    <th>Subject</th>
                    <th>Issuer</th>
                    <th>Flags</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {result.sent.map((c, i) => {
                    const flags = result.findings.filter((f) => f.positions.includes(i))
                    const exp = expiryBadge(c.validity)
                    return (
                      <tr key={i} data-testid="sent-cert">
                        <td>{i + 1}</td>
                        <td>
                          <div>{c.subject.commonName ?? c.subject.text}</div>
                          <div className={`small tone-text-${exp.tone}`}>{exp.text}</div>
                        </td>
                        <td>{c.issuer.commonName ?? c.issuer.text}</td>
                        <td>
                          <div className="flags">
                            {flags.map((f) => (
                              <span key={f.code} className={`flag ${f.severity === 'error' ? 'flag-bad' : 'flag-warn'}`} title={f.message}>
                                {f.code}
                              </span>
                            ))}
                            {c.selfSigned ? <span className="flag">self-signed</span> : null}
                          </div>
                        </td>
                        <td className="nowrap">
                          <button className="small-button" onClick={() => addToList([i], true)}>
                            {added.has(c.fingerprintSha256) ? 'Inspect' : 'Add & inspect'}
                          </button>
                        </td>
                      </tr>
                    )
                  })}
                </tbody>
              </table>
              <FindingList
                compact
                findings={result.findings}
                testId="server-findings"
                empty={<p className="small good">✓ The chain is sent in order, complete, without the root or duplicates.</p>}
              />
              {privateRoot ? (
                <div className="private-root" data-testid="private-root">
                  {rootToTrust ? (
                    <>
                      <span className="small">
                        “{privateRoot.subject}” is among your certificates. Trust it if this is your own CA (a lab, a company root).
                      </span>
                      <TrustRootButton root={rootToTrust} onTrusted={() => setRerun(true)} testId="server-trust-root" />
                    </>
                  ) : (
                    <span className="small">
                      To trust “{privateRoot.subject}”, open its certificate (drop the file on this tab), then fetch again: it can be trusted in one click.
                    </span>
                  )}
                </div>
              ) : null}
            </section>
            {result.missingIssuerUrls.length > 0 ? (
              <FetchIssuer urls={result.missingIssuerUrls} onFetched={() => setFetched(true)} />
            ) : null}
            {fetched ? (
              <div className="button-row">
                <button
                  className="primary"
                  onClick={() => {
                    const uids = store.addCertificates(result.sent, `${result.host}:${result.port}`)
                    if (uids[0] !== undefined) store.verify(uids[0])
                  }}
                >
                  Verify the completed chain
                </button>
              </div>
            ) : null}
            <h3 className="section-title">Verdict, as a chain</h3>
            <ChainPicture result={result.verdict} showBanner={false} knownRoot={rootToTrust} onTrusted={() => setRerun(true)} />
          </>
        )}
      </section>
    </div>
  )
}
