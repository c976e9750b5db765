// One certificate in full: every field and extension, lint findings, and its ASN.1 structure.
import { WirebenchError } from '../../shared/errors'
import type { CertificateInspection } from '../../shared/x509/types'
import { asn1Tree } from './asn1-tree'
import { describeCertificate } from './certificate'
import { lintCertificate } from './lint'
import { readCertificates } from './open'

export interface InspectOptions {
  now?: Date | string | number
  /** Which certificate when the input holds several (default 0). */
  index?: number
}

export type { CertificateInspection }

export function inspectCertificate(input: string | Uint8Array, options: InspectOptions = {}): CertificateInspection {
  const certs = readCertificates(input, 'certificate')
  const index = options.index ?? 0
  const cert = certs[index]
  if (!cert) throw new WirebenchError('INVALID_INPUT', `There is no certificate number ${index + 1}; the input holds ${certs.length}.`)
  const now = options.now === undefined ? Date.now() : new Date(options.now).getTime()
  if (Number.isNaN(now)) throw new WirebenchError('INVALID_INPUT', `"${String(options.now)}" is not a date.`)
  return { certificate: describeCertificate(cert, now), lint: lintCertificate(cert, now), asn1: asn1Tree(cert.der) }
}
