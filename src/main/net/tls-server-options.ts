// A TLS server's certificate, key and client-certificate rule as Node's TLS options, or a throwaway self-signed
// certificate for localhost when none is given.
import type tls from 'node:tls'
import type { ServerInfo } from '../../shared/contract'
import { WirebenchError } from '../../shared/errors'
import { readPemCertificates, readKeyPair, oneLine } from '../tls'
import { createLocalhostCertificate } from '../x509'
import type { StartOptions } from './server-common'

/** The TLS options and the certificate summary of a TLS server, or null for plain TCP. */
export async function tlsServerOptions(options: StartOptions): Promise<{ secure: tls.TlsOptions; summary: NonNullable<ServerInfo['tls']> } | null> {
  const t = options.tls
  if (!t) return null
  let certPem = t.certPem
  let keyPem = t.keyPem
  if (t.selfSigned || (!certPem && !keyPem)) {
    const generated = await createLocalhostCertificate()
    certPem = generated.certPem
    keyPem = generated.keyPem
  } else if (!certPem || !keyPem) {
    throw new WirebenchError('INVALID_KEY', 'A TLS server needs both a certificate and its private key (or choose a throwaway self-signed one).')
  }
  const { cert } = readKeyPair(certPem!, keyPem!, t.passphrase)
  const secure: tls.TlsOptions = { cert: certPem, key: keyPem, allowHalfOpen: false }
  if (t.passphrase !== undefined) secure.passphrase = t.passphrase
  if (t.requireClientCert) {
    if (!t.clientCaPem) {
      throw new WirebenchError('INVALID_CERTIFICATE', 'Requiring client certificates needs the CA certificate that signs them.')
    }
    secure.ca = readPemCertificates(t.clientCaPem, 'client CA').map((c) => c.toString())
    secure.requestCert = true
    secure.rejectUnauthorized = true
  }
  return {
    secure,
    summary: {
      selfSigned: cert.subject === cert.issuer,
      subject: oneLine(cert.subject),
      fingerprint256: cert.fingerprint256,
      certPem: certPem!,
      requireClientCert: t.requireClientCert
    }
  }
}
