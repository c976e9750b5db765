// The TLS connection the response came over: version, cipher, ALPN, resumption, SNI, whether the chain verified and
// why not; each certificate of the chain as the server sent it (read by main's certificate reader, x509.open), and
// one click to take the chain to the Certificates tab with the leaf selected.
import { useEffect, useState } from 'react'
import type { HttpRawResult } from '../../../../shared/contract/http'
import type { WireError } from '../../../../shared/errors'
import type { CertificateInfo } from '../../../../shared/x509/types'
import { encodeBase64, encodePem } from '../../../../shared/x509/pem'
import { api } from '../../app/api'
import { shellStore } from '../../app/shell-store'
import { ErrorBox } from '../../ui/ErrorBox'
import { KeyValue, KeyValueGrid } from '../../ui/KeyValue'
import { certActions } from '../certificates/store'
import { bytesFromBase64 } from './response-format'

type Chain = { certs: CertificateInfo[] } | { error: WireError }

/** Chains already read, by their bytes: a pane switch does not ask main again. */
const chains = new Map<string, Promise<Chain>>()

function readChain(chainBase64: string[]): Promise<Chain> {
  const key = chainBase64.join(',')
  let hit = chains.get(key)
  if (!hit) {
    const pem = chainBase64.map((b) => encodePem(bytesFromBase64(b), 'CERTIFICATE')).join('')
    hit = api.runJob('x509.open', { name: 'chain from the server', data: encodeBase64(new TextEncoder().encode(pem)) }).then((r): Chain => {
      if (!r.ok) return { error: r.error }
      return { certs: r.value.items.flatMap((it) => (it.kind === 'certificate' ? [it.certificate] : [])) }
    })
    chains.set(key, hit)
    if (chains.size > 20) chains.delete(chains.keys().next().value as string)
  }
  return hit
}

const VERSION_WORDS: Record<string, string> = {
  'TLSv1.3': 'TLS 1.3 (RFC 8446): one round trip. Full handshakes always use (EC)DHE, so forward secrecy; a resumption with psk_dhe_ke keeps it, one with psk_ke does not (RFC 8446 §2.2, §4.2.9).',
  'TLSv1.2': 'TLS 1.2 (RFC 5246): still common; two round trips to a full handshake.',
  'TLSv1.1': 'TLS 1.1: deprecated by RFC 8996, browsers refuse it.',
  TLSv1: 'TLS 1.0: deprecated by RFC 8996, browsers refuse it.'
}

function openInCertificates(certs: CertificateInfo[], source: string): void {
  const uids = certActions.addCertificates(certs, source)
  if (uids[0] !== undefined) certActions.select(uids[0])
  certActions.show('open')
  shellStore.set({ activeTab: 'certificates' })
}

export function ResponseTls({ result }: { result: HttpRawResult }) {
  const tls = result.tls
  const [chain, setChain] = useState<Chain | null>(null)
  const chainB64 = tls?.chainBase64
  useEffect(() => {
    let live = true
    setChain(null)
    if (chainB64?.length) void readChain(chainB64).then((c) => live && setChain(c))
    return () => {
      live = false
    }
  }, [chainB64])
  if (!tls) return <p className="muted small resp-pane-body">No TLS: the request went in clear text over TCP, readable by anyone on the path.</p>
  const source = `${tls.servername || result.remote.address}:${result.remote.port}`
  return (
    <div className="resp-pane-body" data-testid="http-resp-tls">
      <KeyValueGrid wideLabels>
        <KeyValue label="Version" testId="http-resp-tls-version" title={VERSION_WORDS[tls.version]}>
          {tls.version}
        </KeyValue>
        <KeyValue label="Cipher suite">{tls.cipher}</KeyValue>
        <KeyValue label="ALPN" title="The application protocol both ends agreed on in the handshake (RFC 7301)">
          {tls.alpn ?? 'none agreed (HTTP/1.1 assumed)'}
        </KeyValue>
        <KeyValue label="Resumed">{tls.resumed ? 'yes: the earlier session was resumed, so no certificate or signature was sent (RFC 8446 §2.2)' : 'no: a full handshake'}</KeyValue>
        <KeyValue label="SNI sent">{tls.servername === undefined ? '—' : tls.servername || '(none)'}</KeyValue>
        <KeyValue label="Verified" testId="http-resp-tls-verified">
          {tls.verified === undefined ? 'not checked' : tls.verified ? <span className="good">yes: the chain leads to a trusted root and names this host</span> : <span className="bad">no: {tls.verifyError ?? 'reason not given'}</span>}
        </KeyValue>
      </KeyValueGrid>
      {VERSION_WORDS[tls.version] ? <p className="small muted">{VERSION_WORDS[tls.version]}</p> : null}
      <h4>Certificate chain as the server sent it</h4>
      {!chainB64?.length ? <p className="small muted">{tls.resumed ? 'None: a resumed session sends no certificates.' : 'No chain was recorded.'}</p> : null}
      {chain === null && chainB64?.length ? (
        <p className="small muted" role="status">
          Reading {chainB64.length} certificate{chainB64.length === 1 ? '' : 's'}…
        </p>
      ) : null}
      {chain && 'error' in chain ? <ErrorBox error={chain.error} /> : null}
      {chain && 'certs' in chain ? (
        <>
          <ol className="resp-chain" data-testid="http-resp-chain">
            {chain.certs.map((c, i) => (
              <li key={c.fingerprintSha256} className="card">
                <strong>{i === 0 ? 'Leaf' : c.selfSigned ? 'Root' : 'Intermediate'}: </strong>
                <span className="mono">{c.subject.commonName ?? c.subject.text}</span>
                <span className="small">
                  Issued by <span className="mono">{c.issuer.commonName ?? c.issuer.text}</span>; valid {c.validity.notBefore.slice(0, 10)} to {c.validity.notAfter.slice(0, 10)}
                  <span className={c.validity.status === 'valid' ? 'good' : 'bad'}> ({c.validity.status === 'valid' ? `${c.validity.daysUntilExpiry} day${c.validity.daysUntilExpiry === 1 ? '' : 's'} left` : c.validity.status === 'expired' ? 'expired' : 'not yet valid'})</span>
                </span>
                {i === 0 && c.subjectAltNames.length ? (
                  <span className="small muted">
                    Names: {c.subjectAltNames.slice(0, 8).map((n) => n.value).join(', ')}
                    {c.subjectAltNames.length > 8 ? ` and ${c.subjectAltNames.length - 8} more` : ''}
                  </span>
                ) : null}
              </li>
            ))}
          </ol>
          <button type="button" className="small-button" onClick={() => openInCertificates(chain.certs, source)} data-testid="http-resp-open-certs">
            Open in Certificates
          </button>
        </>
      ) : null}
    </div>
  )
}
