// Reading certificate and key PEM the user pasted or picked, with a clear reason when it is not what it should be.
import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto'
import { WirebenchError } from '../../shared/errors'
import type { CertificateSummary } from '../../shared/contract'

const CERT_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g

/** PEM certificates as Node's X509Certificate for TLS options (x509's readCertificates reads any format for inspection); says what was found instead when there are none. */
export function readPemCertificates(pem: string, what = 'certificate'): X509Certificate[] {
  const blocks = pem.match(CERT_BLOCK)
  if (!blocks) {
    const label = /-----BEGIN ([A-Z0-9 ]+)-----/.exec(pem)?.[1]
    throw new WirebenchError(
      'INVALID_CERTIFICATE',
      label
        ? `The ${what} field holds a "${label}" block, not a certificate (-----BEGIN CERTIFICATE-----).`
        : `The ${what} field holds no PEM certificate (expected -----BEGIN CERTIFICATE-----).`
    )
  }
  return blocks.map((block, i) => {
    try {
      return new X509Certificate(block)
    } catch (err) {
      throw new WirebenchError(
        'INVALID_CERTIFICATE',
        `Certificate ${i + 1} in the ${what} field could not be decoded: its base64 body is damaged or not X.509.`,
        err instanceof Error ? err.message : String(err)
      )
    }
  })
}

export function readPrivateKey(pem: string, passphrase?: string): KeyObject {
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem)) {
    throw new WirebenchError('INVALID_KEY', 'The key field holds no PEM private key (expected -----BEGIN PRIVATE KEY----- or similar).')
  }
  try {
    return createPrivateKey(passphrase === undefined ? { key: pem } : { key: pem, passphrase })
  } catch (err) {
    const raw = err instanceof Error ? err.message : String(err)
    if (/passphrase|bad decrypt|interrupted or cancelled/i.test(raw)) {
      throw new WirebenchError('INVALID_KEY', 'The private key is encrypted and the passphrase is missing or wrong.', raw)
    }
    throw new WirebenchError('INVALID_KEY', 'The private key could not be read.', raw)
  }
}

/** Checks a certificate and key belong together; returns the parsed certificate. */
export function readKeyPair(certPem: string, keyPem: string, passphrase?: string): { cert: X509Certificate; key: KeyObject } {
  const [cert] = readPemCertificates(certPem)
  const key = readPrivateKey(keyPem, passphrase)
  if (!cert!.checkPrivateKey(key)) {
    throw new WirebenchError('INVALID_KEY', 'The private key does not match the certificate (their public keys differ).')
  }
  return { cert: cert!, key }
}

export function summarize(cert: X509Certificate): CertificateSummary {
  const summary: CertificateSummary = {
    subject: oneLine(cert.subject),
    issuer: oneLine(cert.issuer),
    validFrom: new Date(cert.validFrom).toISOString(),
    validTo: new Date(cert.validTo).toISOString(),
    serialNumber: cert.serialNumber,
    fingerprint256: cert.fingerprint256
  }
  if (cert.subjectAltName) summary.subjectAltName = cert.subjectAltName
  return summary
}

/** Node's multi-line DN ("C=US\nO=x\nCN=y") as one line. */
export function oneLine(dn: string): string {
  return dn.split('\n').filter(Boolean).join(', ')
}
