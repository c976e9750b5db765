// Making keys and certificates: development certificates, a root + intermediate + leaf in one step, mTLS client
// certificates, the throwaway localhost certificate a TLS server uses. Certificates are assembled in DER
// (build-certificate.ts) and signed with node:crypto, so every field is under our control — including the odd ones
// tests and labs need. This file is the engine's one door for issuing; CSRs live in issue-csr.ts.
import { DEFAULT_KEY_ALGORITHM } from '../../shared/x509/key-algorithms'
import { type CreateCertificateOptions, type IssuerSpec, type SubjectKeySpec, assemble, issuedResult, loadIssuer, subjectMaterial } from './build-certificate'
import { type SubjectInput, generalNameFromText } from './build-name'
import type { CertificateProfile } from './build-profile'
import type { IssuedCertificateResult, KeyAlgorithm, PkiResult } from './types'

export { generateKeyPair, loadPrivateKey } from './build-key'
export type { CertificatePreset, CertificateProfile } from './build-profile'
export type { SignatureHash } from './build-signer'
export type { CreateCertificateOptions, IssuerSpec, SubjectKeySpec } from './build-certificate'
export { createCsr, signCsr, keyMatches, type CsrOptions, type SignCsrOptions } from './issue-csr'

/** Any certificate: self-signed when no issuer is given. */
export async function createCertificate(options: CreateCertificateOptions): Promise<IssuedCertificateResult> {
  const m = await subjectMaterial(options)
  const issuer = options.issuer ? loadIssuer(options.issuer) : undefined
  const sans = (options.names ?? []).map(generalNameFromText)
  return issuedResult(assemble(m, options, issuer, sans), m.privateKey)
}

/** A self-signed development certificate (server preset unless told otherwise). */
export function createSelfSigned(options: Omit<CreateCertificateOptions, 'issuer'>): Promise<IssuedCertificateResult> {
  return createCertificate({ preset: 'server', ...options })
}

/** The throwaway certificate a TLS server uses when the user asks for one: localhost, 127.0.0.1 and ::1. */
export async function createLocalhostCertificate(days = 7): Promise<{ certPem: string; keyPem: string }> {
  const r = await createSelfSigned({ subject: { commonName: 'localhost' }, names: ['localhost', '127.0.0.1', '::1'], days })
  return { certPem: r.certPem, keyPem: r.keyPem as string }
}

export interface PkiOptions {
  keyAlgorithm?: KeyAlgorithm
  rootSubject?: SubjectInput
  intermediateSubject?: SubjectInput
  leaf: CertificateProfile
  rootDays?: number
  intermediateDays?: number
}

/** Root CA, intermediate CA and a leaf signed by it, in one step. */
export async function createPki(options: PkiOptions): Promise<PkiResult> {
  const key = options.keyAlgorithm ?? DEFAULT_KEY_ALGORITHM
  const root = await createCertificate({
    subject: options.rootSubject ?? { organization: 'Wirebench Test', commonName: 'Wirebench Test Root CA' },
    preset: 'rootCA',
    days: options.rootDays ?? 3650,
    key
  })
  const intermediate = await createCertificate({
    subject: options.intermediateSubject ?? { organization: 'Wirebench Test', commonName: 'Wirebench Test Intermediate CA' },
    preset: 'intermediateCA',
    days: options.intermediateDays ?? 1825,
    key,
    issuer: { certPem: root.certPem, keyPem: root.keyPem as string }
  })
  const leaf = await createCertificate({ key, ...options.leaf, issuer: { certPem: intermediate.certPem, keyPem: intermediate.keyPem as string } })
  return {
    root,
    intermediate,
    leaf,
    chainPem: leaf.certPem + intermediate.certPem,
    fullChainPem: leaf.certPem + intermediate.certPem + root.certPem
  }
}

export interface ClientCertificateOptions {
  commonName: string
  email?: string
  issuer: IssuerSpec
  days?: number
  key?: SubjectKeySpec
}

/** An mTLS client certificate (clientAuth EKU) signed by a CA. */
export function createClientCertificate(options: ClientCertificateOptions): Promise<IssuedCertificateResult> {
  const req: CreateCertificateOptions = {
    subject: { commonName: options.commonName },
    preset: 'client',
    days: options.days ?? 365,
    issuer: options.issuer
  }
  if (options.email) req.names = [options.email]
  if (options.key) req.key = options.key
  return createCertificate(req)
}
