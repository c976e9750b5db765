// x509.inspect on demand, remembered per certificate so switching views does not ask main twice.
import type { Result } from '../../../../shared/contract'
import type { CertificateInspection } from '../../../../shared/x509/types'
import { api } from '../../app/api'

const cache = new Map<string, Promise<Result<CertificateInspection>>>()
const MAX = 50

export function inspectCertificate(certPem: string): Promise<Result<CertificateInspection>> {
  let hit = cache.get(certPem)
  if (!hit) {
    hit = api.call('x509.inspect', { certPem })
    cache.set(certPem, hit)
    void hit.then((r) => {
      if (!r.ok) cache.delete(certPem)
    })
    if (cache.size > MAX) cache.delete(cache.keys().next().value as string)
  }
  return hit
}
