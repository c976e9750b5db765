// CSRs both ways: making one with a new or given key, and a CA issuing a certificate for one (after checking its
// proof of possession); plus the question users ask most, "does this key belong to that certificate or CSR?".
import { createPublicKey } from 'node:crypto'
import { implicitConstructed, int, oid, seq, setOf } from '../../shared/x509/der'
import { DEFAULT_KEY_ALGORITHM } from '../../shared/x509/key-algorithms'
import { OID } from '../../shared/x509/oids'
import { findPemBlocks } from '../../shared/x509/pem'
import { WirebenchError } from '../../shared/errors'
import * as ext from './build-extensions'
import { type IssuerSpec, type Material, assemble, issuedResult, loadIssuer } from './build-certificate'
import { loadPrivateKey, newKey, pkcs8Pem, spkiOf } from './build-key'
import { type SubjectInput, buildName, generalNameFromText } from './build-name'
import type { CertificateProfile } from './build-profile'
import { type SignatureHash, signed, signerFor } from './build-signer'
import type { ParsedCertificate } from './certificate'
import { type ParsedCsr, parseCsr } from './csr'
import { publicKeyInfoOf } from './keys'
import { readCertificates } from './open'
import type { CsrResult, IssuedCertificateResult, KeyAlgorithm, KeyMatchResult } from './types'

export interface CsrOptions {
  subject: SubjectInput
  names?: string[]
  key?: KeyAlgorithm | { privateKeyPem: string; passphrase?: string }
  /** Requested EKUs (names or OIDs). */
  extKeyUsage?: string[]
  signatureHash?: SignatureHash
}

export async function createCsr(options: CsrOptions): Promise<CsrResult> {
  const spec = options.key ?? DEFAULT_KEY_ALGORITHM
  const key = typeof spec === 'string' ? await newKey(spec) : loadPrivateKey(spec.privateKeyPem, spec.passphrase)
  const requested: ext.ExtensionSpec[] = []
  const sans = (options.names ?? []).map(generalNameFromText)
  if (sans.length) requested.push(ext.subjectAltName(sans))
  if (options.extKeyUsage?.length) requested.push(ext.extKeyUsage(options.extKeyUsage))
  // attributes [0] IMPLICIT SET OF Attribute: the Attribute SEQUENCEs sit directly inside the tag
  const attributes = requested.length
    ? implicitConstructed(0, seq(oid(OID.extensionRequest), setOf(seq(...requested.map(ext.encodeExtension)))))
    : implicitConstructed(0, new Uint8Array(0))
  const info = seq(int(0), buildName(options.subject), spkiOf(key), attributes)
  const parsed = parseCsr(signed(info, signerFor(key, options.signatureHash)))
  const out: CsrResult = { csrPem: parsed.info.pem, csr: parsed.info }
  if (typeof spec === 'string') out.keyPem = pkcs8Pem(key)
  return out
}

function readCsr(pem: string): ParsedCsr {
  const block = findPemBlocks(pem).find((b) => b.label.endsWith('CERTIFICATE REQUEST'))
  if (!block?.der) throw new WirebenchError('INVALID_CSR', block?.error ? `The CSR ${block.error}.` : 'No "-----BEGIN CERTIFICATE REQUEST-----" block found.')
  return parseCsr(block.der)
}

export interface SignCsrOptions extends Omit<CertificateProfile, 'subject' | 'names'> {
  csrPem: string
  issuer: IssuerSpec
  /** Override the CSR's subject / SANs; by default both are taken from the CSR. */
  subject?: SubjectInput
  names?: string[]
}

/** Issues a certificate for a CSR: checks the CSR's proof of possession, keeps its subject and requested SANs. */
export async function signCsr(options: SignCsrOptions): Promise<IssuedCertificateResult> {
  const csr = readCsr(options.csrPem)
  if (!csr.signatureValid) {
    throw new WirebenchError('INVALID_CSR', 'The CSR’s signature does not verify with its own public key (damaged or forged request).')
  }
  const issuer = loadIssuer(options.issuer)
  const m: Material = {
    subjectDer: options.subject !== undefined ? buildName(options.subject) : csr.subject.der,
    spkiDer: csr.spkiDer,
    keyType: createPublicKey({ key: Buffer.from(csr.spkiDer), format: 'der', type: 'spki' }).asymmetricKeyType
  }
  const requestedSans = csr.info.subjectAltNames.filter((n) => ['dns', 'ip', 'email', 'uri'].includes(n.type))
  const sans = options.names ? options.names.map(generalNameFromText) : requestedSans
  // the subject comes from m.subjectDer (the CSR's exact bytes); the profile supplies everything else
  const profile: CertificateProfile = { ...options, subject: '' }
  return issuedResult(assemble(m, profile, issuer, sans))
}

/** Does this private key belong to this certificate or CSR? Compares SubjectPublicKeyInfo pins. */
export function keyMatches(options: { privateKeyPem: string; passphrase?: string; certificateOrCsrPem: string }): KeyMatchResult {
  const key = loadPrivateKey(options.privateKeyPem, options.passphrase)
  const keyPin = publicKeyInfoOf(key).spkiSha256
  const isCsr = /-----BEGIN (NEW )?CERTIFICATE REQUEST-----/.test(options.certificateOrCsrPem)
  const otherPin = isCsr
    ? readCsr(options.certificateOrCsrPem).publicKey.spkiSha256
    : (readCertificates(options.certificateOrCsrPem, 'certificate')[0] as ParsedCertificate).publicKey.spkiSha256
  return { matches: keyPin === otherPin, keyPin, otherPin, otherKind: isCsr ? 'csr' : 'certificate' }
}
