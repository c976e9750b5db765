// The selected item in full, by kind: a certificate, a CSR, a key (never its material), a CRL, or why it could not
// be read. Each kind's view lives in its own file.
import { ErrorBox } from '../../ui/ErrorBox'
import { CertificateDetail } from './CertificateDetail'
import { DetailHeader } from './DetailParts'
import { PrivateKeyDetail, PublicKeyDetail } from './KeyDetail'
import type { Entry } from './model'
import { CrlDetail, CsrDetail } from './RequestDetail'

export function ItemDetail({ entry, number }: { entry: Entry; number: number }) {
  const it = entry.item
  switch (it.kind) {
    case 'certificate':
      return <CertificateDetail entry={entry} number={number} cert={it.certificate} lint={it.lint} />
    case 'csr':
      return <CsrDetail entry={entry} number={number} csr={it.csr} />
    case 'privateKey':
      return <PrivateKeyDetail entry={entry} number={number} k={it.key} />
    case 'publicKey':
      return <PublicKeyDetail entry={entry} number={number} k={it.key} />
    case 'crl':
      return <CrlDetail entry={entry} number={number} crl={it.crl} />
    case 'error':
      return (
        <div className="detail">
          <DetailHeader entry={entry} number={number} />
          <ErrorBox error={it.error} />
        </div>
      )
  }
}
