// Generating keys and certificates with @peculiar/x509 over Node's WebCrypto: a throwaway localhost
// certificate for a TLS server, and a small issuer for labs and tests (CA, server and client certificates).
import 'reflect-metadata'
import { webcrypto, createPrivateKey } from 'node:crypto'
type CryptoKey = webcrypto.CryptoKey
type CryptoKeyPair = webcrypto.CryptoKeyPair
import { isIP } from 'node:net'
import * as x509 from '@peculiar/x509'

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0])

const EC_P256 = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const

export interface IssuedCertificate {
  certPem: string
  keyPem: string
}

export interface IssueOptions {
  commonName: string
  /** DNS names and IP addresses for the SAN. */
  names?: string[]
  isCA?: boolean
  pathLength?: number
  purpose?: 'server' | 'client' | 'both' | 'none'
  days?: number
  notBefore?: Date
  issuer?: IssuedCertificate
}

function toPem(der: ArrayBuffer, label: string): string {
  const b64 = Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '')
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`
}

function randomSerial(): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(16))
  bytes[0] = (bytes[0] as number) & 0x7f // positive
  if (bytes[0] === 0) bytes[0] = 1
  return Buffer.from(bytes).toString('hex')
}

async function importSigningKey(keyPem: string): Promise<CryptoKey> {
  const der = createPrivateKey(keyPem).export({ format: 'der', type: 'pkcs8' })
  return webcrypto.subtle.importKey('pkcs8', der, EC_P256, false, ['sign']) as Promise<CryptoKey>
}

/** Issues a certificate (self-signed when no issuer is given) with a fresh P-256 key. */
export async function issueCertificate(options: IssueOptions): Promise<IssuedCertificate> {
  const keys = (await webcrypto.subtle.generateKey(EC_P256, true, ['sign', 'verify'])) as CryptoKeyPair
  const notBefore = options.notBefore ?? new Date(Date.now() - 60_000)
  const notAfter = new Date(notBefore.getTime() + (options.days ?? 30) * 86_400_000)
  const names = options.names ?? []
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(options.isCA ?? false, options.pathLength, true),
    new x509.KeyUsagesExtension(
      options.isCA
        ? x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature
        : x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment,
      true
    ),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey)
  ]
  const purpose = options.purpose ?? (options.isCA ? 'none' : 'server')
  const eku: string[] = []
  if (purpose === 'server' || purpose === 'both') eku.push(x509.ExtendedKeyUsage.serverAuth)
  if (purpose === 'client' || purpose === 'both') eku.push(x509.ExtendedKeyUsage.clientAuth)
  if (eku.length) extensions.push(new x509.ExtendedKeyUsageExtension(eku, false))
  if (names.length) {
    extensions.push(
      new x509.SubjectAlternativeNameExtension(
        names.map((n) => (isIP(n) ? { type: 'ip' as const, value: n } : { type: 'dns' as const, value: n }))
      )
    )
  }
  const subject = `CN=${options.commonName.replace(/([,+"\\<>;=])/g, '\\$1')}`
  let cert: x509.X509Certificate
  if (options.issuer) {
    const issuerCert = new x509.X509Certificate(options.issuer.certPem)
    extensions.push(await x509.AuthorityKeyIdentifierExtension.create(issuerCert))
    cert = await x509.X509CertificateGenerator.create({
      serialNumber: randomSerial(),
      subject,
      issuer: issuerCert.subject,
      notBefore,
      notAfter,
      publicKey: keys.publicKey,
      signingKey: await importSigningKey(options.issuer.keyPem),
      signingAlgorithm: EC_P256,
      extensions
    })
  } else {
    cert = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: randomSerial(),
      name: subject,
      notBefore,
      notAfter,
      keys,
      signingAlgorithm: EC_P256,
      extensions
    })
  }
  const pkcs8 = (await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)) as ArrayBuffer
  return { certPem: cert.toString('pem') + '\n', keyPem: toPem(pkcs8, 'PRIVATE KEY') }
}

/** The throwaway certificate a TLS server uses when the user asks for one: localhost, 127.0.0.1 and ::1. */
export function createLocalhostCertificate(days = 7): Promise<IssuedCertificate> {
  return issueCertificate({ commonName: 'localhost', names: ['localhost', '127.0.0.1', '::1'], purpose: 'server', days })
}
