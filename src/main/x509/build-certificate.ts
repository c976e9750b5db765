// Assembling one certificate in DER: the subject's name and key, the issuer (or none, for self-signed), the
// profile's validity, serial and extensions, signed with node:crypto. Every public way to make a certificate or to
// sign a CSR ends here.
import { type KeyObject, createPublicKey } from 'node:crypto'
import { explicit, hexBytes, int, seq, time } from '../../shared/x509/der'
import { DEFAULT_KEY_ALGORITHM } from '../../shared/x509/key-algorithms'
import { OID } from '../../shared/x509/oids'
import { encodePem } from '../../shared/x509/pem'
import { CERTIFICATE_PRESETS } from '../../shared/x509/presets'
import { WirebenchError } from '../../shared/errors'
import * as ext from './build-extensions'
import { newKey, loadPrivateKey, pkcs8Pem, spkiOf } from './build-key'
import { buildName } from './build-name'
import { type CertificateProfile, type ExtensionContext, profileExtensions, serialDer, validity } from './build-profile'
import { signed, signerFor } from './build-signer'
import { type ParsedCertificate, describeCertificate, extensionValue, parseCertificate } from './certificate'
import { publicKeyInfoOf } from './keys'
import { readCertificates } from './open'
import type { GeneralName, IssuedCertificateResult, KeyAlgorithm } from './types'

export type SubjectKeySpec = KeyAlgorithm | { privateKeyPem: string; passphrase?: string } | { publicKeyPem: string }

export interface IssuerSpec {
  certPem: string
  keyPem: string
  keyPassphrase?: string
}

export interface CreateCertificateOptions extends CertificateProfile {
  /** The subject's key: a type to generate (default p256), a private key, or only a public key (needs an issuer). */
  key?: SubjectKeySpec
  /** Signing CA; absent means self-signed. */
  issuer?: IssuerSpec
}

/** The subject side of a certificate: its name and public key, and the private key when we have it. */
export interface Material {
  subjectDer: Uint8Array
  spkiDer: Uint8Array
  keyType: string | undefined
  privateKey?: KeyObject
}

export async function subjectMaterial(options: CreateCertificateOptions): Promise<Material> {
  const spec = options.key ?? DEFAULT_KEY_ALGORITHM
  const subjectDer = buildName(options.subject)
  if (typeof spec === 'string') {
    const privateKey = await newKey(spec)
    return { subjectDer, spkiDer: spkiOf(privateKey), keyType: privateKey.asymmetricKeyType, privateKey }
  }
  if ('privateKeyPem' in spec) {
    const privateKey = loadPrivateKey(spec.privateKeyPem, spec.passphrase)
    return { subjectDer, spkiDer: spkiOf(privateKey), keyType: privateKey.asymmetricKeyType, privateKey }
  }
  let pub: KeyObject
  try {
    pub = createPublicKey(spec.publicKeyPem)
  } catch (err) {
    throw new WirebenchError('INVALID_KEY', 'The public key could not be read.', err instanceof Error ? err.message : String(err))
  }
  return { subjectDer, spkiDer: new Uint8Array(pub.export({ type: 'spki', format: 'der' })), keyType: pub.asymmetricKeyType }
}

export interface LoadedIssuer {
  cert: ParsedCertificate
  key: KeyObject
}

export function loadIssuer(spec: IssuerSpec): LoadedIssuer {
  const [cert] = readCertificates(spec.certPem, 'issuer certificate')
  const key = loadPrivateKey(spec.keyPem, spec.keyPassphrase)
  if (!cert) throw new WirebenchError('INVALID_CERTIFICATE', 'The issuer certificate is missing.')
  if (publicKeyInfoOf(key).spkiSha256 !== cert.publicKey.spkiSha256) {
    throw new WirebenchError('INVALID_KEY', 'The issuer private key does not match the issuer certificate (their public keys differ).')
  }
  return { cert, key }
}

function issuerKeyIdOf(cert: ParsedCertificate): Uint8Array {
  const ski = extensionValue(cert, OID.subjectKeyIdentifier, 'subjectKeyIdentifier')
  return ski ? hexBytes(ski.keyId) : ext.keyIdentifier(cert.spkiDer)
}

export function assemble(m: Material, profile: CertificateProfile, issuer: LoadedIssuer | undefined, sans: GeneralName[]): ParsedCertificate {
  const preset = profile.preset ?? 'server'
  if (!Object.prototype.hasOwnProperty.call(CERTIFICATE_PRESETS, preset)) {
    throw new WirebenchError('INVALID_INPUT', `Unknown preset "${String(preset)}" (use ${Object.keys(CERTIFICATE_PRESETS).join(', ')}).`)
  }
  const signingKey = issuer?.key ?? m.privateKey
  if (!signingKey) throw new WirebenchError('INVALID_INPUT', 'A self-signed certificate needs the private key, not only the public key.')
  const signer = signerFor(signingKey, profile.signatureHash)
  const { notBefore, notAfter } = validity(profile, preset)
  const ctx: ExtensionContext = { keyType: m.keyType, subjectKeyId: ext.keyIdentifier(m.spkiDer), sans }
  if (issuer) ctx.issuerKeyId = issuerKeyIdOf(issuer.cert)
  const extensions = profileExtensions(profile, preset, ctx)
  const tbs = seq(
    explicit(0, int(2)),
    serialDer(profile.serialHex),
    signer.algorithm,
    issuer ? issuer.cert.subject.der : m.subjectDer,
    seq(time(notBefore), time(notAfter)),
    m.subjectDer,
    m.spkiDer,
    ...(extensions.length ? [explicit(3, seq(...extensions.map(ext.encodeExtension)))] : [])
  )
  return parseCertificate(signed(tbs, signer))
}

/** What every issuing function returns: the PEM, its description, and the key when we made or were given it. */
export function issuedResult(cert: ParsedCertificate, key?: KeyObject): IssuedCertificateResult {
  const out: IssuedCertificateResult = { certPem: encodePem(cert.der, 'CERTIFICATE'), certificate: describeCertificate(cert) }
  if (key) out.keyPem = pkcs8Pem(key)
  return out
}
