// The missing intermediate, fetched from the AIA "CA issuers" URL the certificate names, and added to the list.
import { useState } from 'react'
import type { WireError } from '../../../../shared/errors'
import { api } from '../../app/api'
import { ErrorBox } from '../../ui/ErrorBox'
import { formatBytes, plural } from './model'
import { useCertStore } from './store'

export function FetchIssuer({ urls, onFetched }: { urls: string[]; onFetched?: (uids: number[]) => void }) {
  const store = useCertStore()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<WireError | null>(null)
  const [done, setDone] = useState<string | null>(null)
  if (urls.length === 0) return null

  const fetchIt = async () => {
    setBusy(true)
    setError(null)
    setDone(null)
    let lastError: WireError | null = null
    for (const url of urls) {
      const r = await api.call('x509.fetchIssuer', { url })
      if (!r.ok) {
        lastError = r.error
        continue
      }
      if (r.value.certificates.length === 0) {
        lastError = { code: 'NO_CERTIFICATE', message: `${url} answered, but with no certificate in it.` }
        continue
      }
      const uids = store.addCertificates(r.value.certificates, `AIA ${new URL(r.value.finalUrl).host}`)
      const names = r.value.certificates.map((c) => c.subject.commonName ?? c.subject.text).join(', ')
      setDone(`Fetched ${plural(r.value.certificates.length, 'certificate')} (${names}) from ${r.value.finalUrl} — ${formatBytes(r.value.bytes)} in ${r.value.durationMs} ms; added to the opened list.`)
      setBusy(false)
      onFetched?.(uids)
      return
    }
    setError(lastError)
    setBusy(false)
  }

  return (
    <div className="fetch-issuer card">
      <h3>The issuer is missing</h3>
      <p className="small">
        The last certificate names where its issuer can be downloaded (Authority Information Access):{' '}
        {urls.map((u) => (
          <span key={u} className="mono url">
            {u}{' '}
          </span>
        ))}
      </p>
      <div className="button-row">
        <button className="primary" onClick={() => void fetchIt()} disabled={busy}>
          {busy ? 'Fetching…' : 'Fetch missing intermediate'}
        </button>
      </div>
      <ErrorBox error={error} onDismiss={() => setError(null)} />
      {done ? (
        <div className="done-line" role="status" data-testid="fetch-issuer-done">
          ✓ {done}
        </div>
      ) : null}
    </div>
  )
}
