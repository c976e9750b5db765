// Making keys, certificates and CSRs: development certificates, a root + intermediate + leaf in one step, signing
// CSRs, mTLS client certificates. Certificates are assembled in DER here and signed with node:crypto, so every
// field (validity, serial, extensions) is under our control — including the odd ones tests and labs need.
import { type KeyObject, createPrivateKey, createPublicKey, generateKeyPair as nodeGenerateKeyPair, randomBytes, sign } from 'node:crypto'
import { promisify } from 'node:util'
import { type Der, bits, explicit, hexBytes, implicitConstructed, int, intRaw, nullValue, oid, seq, setOf, time, uintBytes } from '../../shared/x509/der'
import { OID } from '../../shared/x509/oids'
import { encodePem } from '../../shared/x509/pem'
import { WirebenchError } from '../../shared/errors'
import * as ext from './build-extensions'
import { type SubjectInput, buildName, generalNameFromText } from './build-name'
import { type ParsedCertificate, describeCertificate, extensionValue, parseCertificate } from './certificate'
import { type ParsedCsr, parseCsr } from './csr'
import { publicKeyInfoOf } from './keys'
import { readCertificates } from './open'
import { findPemBlocks } from '../../shared/x509/pem'
import type {
  CsrResult,
  GeneralName,
  GeneratedKeyPair,
  IssuedCertificateResult,
  KeyAlgorithm,
  KeyMatchResult,
  KeyUsageName,
  PkiResult
} from './types'

const DAY = 86_400_000
const generate = promisify(nodeGenerateKeyPair)

// ---- keys ---------------------------------------------------------------------------------------------------

export const KEY_ALGORITHMS: readonly KeyAlgorithm[] = ['rsa2048', 'rsa3072', 'rsa4096', 'p256', 'p384', 'ed25519']

async function newKey(algorithm: KeyAlgorithm): Promise<KeyObject> {
  switch (algorithm) {
    case 'rsa2048':
    case 'rsa3072':
    case 'rsa4096':
      return (await generate('rsa', { modulusLength: Number(algorithm.slice(3)), publicExponent: 0x10001 })).privateKey
    case 'p256':
      return (await generate('ec', { namedCurve: 'P-256' })).privateKey
    case 'p384':
      return (await generate('ec', { namedCurve: 'P-384' })).privateKey
    case 'ed25519':
      return (await generate('ed25519')).privateKey
    default:
      throw new WirebenchError('INVALID_INPUT', `Unknown key type "${String(algorithm)}" (use ${KEY_ALGORITHMS.join(', ')}).`)
  }
}

function pkcs8Pem(key: KeyObject): string {
  return key.export({ type: 'pkcs8', format: 'pem' }) as string
}

export async function generateKeyPair(algorithm: KeyAlgorithm): Promise<GeneratedKeyPair> {
  const key = await newKey(algorithm)
  return {
    algorithm,
    privateKeyPem: pkcs8Pem(key),
    publicKeyPem: createPublicKey(key).export({ type: 'spki', format: 'pem' }) as string,
    publicKey: publicKeyInfoOf(key)
  }
}

export function loadPrivateKey(pem: string, passphrase?: string): KeyObject {
  try {
    return createPrivateKey(passphrase === undefined ? { key: pem } : { key: pem, passphrase })
  } catch (err) {
    const raw = err instanceof Error ? err.message : String(err)
    if (/passphrase|decrypt/i.test(raw)) throw new WirebenchError('WRONG_PASSWORD', 'The private key is encrypted and the passphrase is missing or wrong.', raw)
    throw new WirebenchError('INVALID_KEY', 'The private key could not be read.', raw)
  }
}

function spkiOf(key: KeyObject): Uint8Array {
  return new Uint8Array(createPublicKey(key).export({ type: 'spki', format: 'der' }))
}

// ---- signing ------------------------------------------------------------------------------------------------

export type SignatureHash = 'sha1' | 'sha256' | 'sha384' | 'sha512'

const RSA_SIG: Record<SignatureHash, string> = {
  sha1: '1.2.840.113549.1.1.5',
  sha256: '1.2.840.113549.1.1.11',
  sha384: '1.2.840.113549.1.1.12',
  sha512: '1.2.840.113549.1.1.13'
}
const ECDSA_SIG: Record<SignatureHash, string> = {
  sha1: '1.2.840.10045.4.1',
  sha256: '1.2.840.10045.4.3.2',
  sha384: '1.2.840.10045.4.3.3',
  sha512: '1.2.840.10045.4.3.4'
}

interface Signer {
  key: KeyObject
  algorithm: Der
  hash: SignatureHash | null
}

function signerFor(key: KeyObject, requested?: SignatureHash): Signer {
  switch (key.asymmetricKeyType) {
    case 'rsa': {
      const hash = requested ?? 'sha256'
      return { key, hash, algorithm: seq(oid(RSA_SIG[hash]), nullValue()) }
    }
    case 'ec': {
      const curve = key.asymmetricKeyDetails?.namedCurve
      const hash = requested ?? (curve === 'secp384r1' ? 'sha384' : curve === 'secp521r1' ? 'sha512' : 'sha256')
      return { key, hash, algorithm: seq(oid(ECDSA_SIG[hash])) }
    }
    case 'ed25519':
      return { key, hash: null, algorithm: seq(oid(OID.ed25519)) }
    default:
      throw new WirebenchError('INVALID_KEY', `Signing with a ${key.asymmetricKeyType ?? 'unknown'} key is not supported.`)
  }
}

function signed(body: Der, signer: Signer): Der {
  const signature = sign(signer.hash, body, signer.key)
  return seq(body, signer.algorithm, bits(new Uint8Array(signature)))
}

// ---- profiles -----------------------------------------------------------------------------------------------

export type CertificatePreset = 'server' | 'client' | 'serverClient' | 'rootCA' | 'intermediateCA' | 'none'

export interface CertificateProfile {
  subject: SubjectInput
  /** Subject Alternative Names: DNS names, IP addresses, e-mail addresses (with @) and URIs (with ://). */
  names?: string[]
  /** Extension defaults (key usage, EKU, basic constraints); options below override them. Default 'server'. */
  preset?: CertificatePreset
  /** Validity in days from notBefore (default 90 for end entities, 3650 for a root, 1825 for an intermediate). */
  days?: number
  notBefore?: Date | string
  notAfter?: Date | string
  /** Serial content octets in hex, exactly as encoded (lets labs build negative or over-long serials). */
  serialHex?: string
  pathLength?: number
  keyUsage?: KeyUsageName[]
  /** Names (serverAuth, clientAuth, codeSigning, emailProtection, anyExtendedKeyUsage) or OIDs; [] for none. */
  extKeyUsage?: string[]
  nameConstraints?: ext.NameConstraintsSpec
  ocspUrls?: string[]
  caIssuersUrls?: string[]
  crlUrls?: string[]
  policies?: string[]
  mustStaple?: boolean
  signatureHash?: SignatureHash
  /** Further extensions as DER hex, e.g. a private critical extension to test clients with. */
  extraExtensions?: { oid: string; critical: boolean; valueHex: string }[]
}

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

function isCaPreset(p: CertificatePreset): boolean {
  return p === 'rootCA' || p === 'intermediateCA'
}

function presetKeyUsage(preset: CertificatePreset, keyType: string | undefined): KeyUsageName[] | undefined {
  if (isCaPreset(preset)) return ['digitalSignature', 'keyCertSign', 'cRLSign']
  if (preset === 'none') return undefined
  // keyEncipherment only means something for RSA key transport (TLS 1.2 RSA key exchange)
  return keyType === 'rsa' ? ['digitalSignature', 'keyEncipherment'] : ['digitalSignature']
}

function presetEku(preset: CertificatePreset): string[] | undefined {
  switch (preset) {
    case 'server':
      return ['serverAuth']
    case 'client':
      return ['clientAuth']
    case 'serverClient':
      return ['serverAuth', 'clientAuth']
    default:
      return undefined
  }
}

function toMs(d: Date | string, what: string): number {
  const t = new Date(d).getTime()
  if (Number.isNaN(t)) throw new WirebenchError('INVALID_INPUT', `${what} "${String(d)}" is not a date.`)
  return t
}

function validity(profile: CertificateProfile, preset: CertificatePreset): { notBefore: number; notAfter: number } {
  const notBefore = profile.notBefore !== undefined ? toMs(profile.notBefore, 'notBefore') : Date.now() - 60_000
  const defaultDays = preset === 'rootCA' ? 3650 : preset === 'intermediateCA' ? 1825 : 90
  const days = profile.days ?? defaultDays
  if (!(days > 0) || days > 36_500) throw new WirebenchError('INVALID_INPUT', 'Validity must be between 1 day and 100 years.')
  const notAfter = profile.notAfter !== undefined ? toMs(profile.notAfter, 'notAfter') : notBefore + days * DAY
  if (notAfter <= notBefore) throw new WirebenchError('INVALID_INPUT', 'notAfter must be later than notBefore.')
  return { notBefore, notAfter }
}

function serialDer(serialHex?: string): Der {
  if (serialHex !== undefined) {
    try {
      return intRaw(serialHex)
    } catch {
      throw new WirebenchError('INVALID_INPUT', `Serial "${serialHex}" is not hex.`)
    }
  }
  const bytes = randomBytes(16)
  bytes[0] = ((bytes[0] as number) & 0x7f) | 0x01
  return uintBytes(new Uint8Array(bytes))
}

interface ExtensionContext {
  keyType: string | undefined
  subjectKeyId: Uint8Array
  /** The issuer's key identifier; undefined for self-signed certificates. */
  issuerKeyId?: Uint8Array
  sans: GeneralName[]
}

function profileExtensions(profile: CertificateProfile, preset: CertificatePreset, c: ExtensionContext): ext.ExtensionSpec[] {
  const out: ext.ExtensionSpec[] = []
  const ca = isCaPreset(preset)
  if (preset !== 'none' || profile.pathLength !== undefined) {
    out.push(ext.basicConstraints(ca || profile.pathLength !== undefined, profile.pathLength ?? (preset === 'intermediateCA' ? 0 : undefined)))
  }
  const ku = profile.keyUsage ?? presetKeyUsage(preset, c.keyType)
  if (ku) out.push(ext.keyUsage(ku))
  const eku = profile.extKeyUsage ?? presetEku(preset)
  if (eku && eku.length) out.push(ext.extKeyUsage(eku))
  if (c.sans.length) out.push(ext.subjectAltName(c.sans))
  out.push(ext.subjectKeyIdentifier(c.subjectKeyId))
  if (c.issuerKeyId) out.push(ext.authorityKeyIdentifier(c.issuerKeyId))
  if (profile.ocspUrls?.length || profile.caIssuersUrls?.length) out.push(ext.authorityInfoAccess(profile.ocspUrls ?? [], profile.caIssuersUrls ?? []))
  if (profile.crlUrls?.length) out.push(ext.crlDistributionPoints(profile.crlUrls))
  if (profile.policies?.length) out.push(ext.certificatePolicies(profile.policies))
  if (profile.nameConstraints) out.push(ext.nameConstraints(profile.nameConstraints))
  if (profile.mustStaple) out.push(ext.tlsFeatureMustStaple())
  for (const e of profile.extraExtensions ?? []) out.push({ oid: e.oid, critical: e.critical, value: hexBytes(e.valueHex) })
  return out
}

// ---- certificates -------------------------------------------------------------------------------------------

interface Material {
  subjectDer: Uint8Array
  spkiDer: Uint8Array
  keyType: string | undefined
  privateKey?: KeyObject
}

async function subjectMaterial(options: CreateCertificateOptions): Promise<Material> {
  const spec = options.key ?? 'p256'
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

interface LoadedIssuer {
  cert: ParsedCertificate
  key: KeyObject
}

function loadIssuer(spec: IssuerSpec): LoadedIssuer {
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

function assemble(m: Material, profile: CertificateProfile, issuer: LoadedIssuer | undefined, sans: GeneralName[]): ParsedCertificate {
  const preset = profile.preset ?? 'server'
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

function result(cert: ParsedCertificate, key?: KeyObject): IssuedCertificateResult {
  const out: IssuedCertificateResult = { certPem: encodePem(cert.der, 'CERTIFICATE'), certificate: describeCertificate(cert) }
  if (key) out.keyPem = pkcs8Pem(key)
  return out
}

/** Any certificate: self-signed when no issuer is given. */
export async function createCertificate(options: CreateCertificateOptions): Promise<IssuedCertificateResult> {
  const m = await subjectMaterial(options)
  const issuer = options.issuer ? loadIssuer(options.issuer) : undefined
  const sans = (options.names ?? []).map(generalNameFromText)
  return result(assemble(m, options, issuer, sans), m.privateKey)
}

/** A self-signed development certificate (server preset unless told otherwise). */
export function createSelfSigned(options: Omit<CreateCertificateOptions, 'issuer'>): Promise<IssuedCertificateResult> {
  return createCertificate({ preset: 'server', ...options })
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
  const key = options.keyAlgorithm ?? 'p256'
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

// ---- CSRs ---------------------------------------------------------------------------------------------------

export interface CsrOptions {
  subject: SubjectInput
  names?: string[]
  key?: KeyAlgorithm | { privateKeyPem: string; passphrase?: string }
  /** Requested EKUs (names or OIDs). */
  extKeyUsage?: string[]
  signatureHash?: SignatureHash
}

export async function createCsr(options: CsrOptions): Promise<CsrResult> {
  const spec = options.key ?? 'p256'
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
  return result(assemble(m, profile, issuer, sans))
}

// ---- key ↔ certificate --------------------------------------------------------------------------------------

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
