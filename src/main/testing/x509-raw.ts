// A raw certificate builder for profile tests: every field as DER the test chooses (version, serial, names, any
// SubjectPublicKeyInfo bytes, any extension list, unique identifiers, a mismatched signature algorithm), signed
// with a real key so the certificate is otherwise genuine. Our issuing code refuses most of these oddities, on
// purpose; tests of a validator need them.
import { type KeyObject, createPublicKey, generateKeyPairSync } from 'node:crypto'
import { type Der, bits, explicit, implicitPrimitive, int, intRaw, oid, seq, time } from '../../shared/x509/der'
import { buildName } from '../x509/build-name'
import * as ext from '../x509/build-extensions'
import { signed, signerFor } from '../x509/build-signer'
import { type ParsedCertificate, parseCertificate } from '../x509/certificate'

export type ExtensionSpec = ext.ExtensionSpec
export { ext }

export interface RawCertificateSpec {
  /** 1, 2 or 3 (default 3); `explicitV1` writes the DEFAULT v1 version field anyway. */
  version?: number
  explicitV1?: boolean
  /** Serial content octets in hex (default 16 random-looking positive octets). */
  serialHex?: string
  /** Name DER; default CN=leaf.example.com. `seq()` is the empty name. */
  subject?: Der
  /** Name DER; default the test CA's name (or the subject when selfSigned). */
  issuer?: Der
  /** SubjectPublicKeyInfo DER; default a fresh P-256 key. */
  spki?: Uint8Array
  extensions?: ExtensionSpec[]
  /** Validity DER (default an hour ago to 30 days from now). */
  validity?: Der
  /** Writes an empty extensions SEQUENCE when `extensions` is empty or absent. */
  emptyExtensions?: boolean
  /** Adds an issuerUniqueID [1]. */
  uniqueId?: boolean
  /** Replaces the outer signatureAlgorithm (to make it differ from the inner one). */
  outerAlgorithm?: Der
  /** Sign with `selfKey` (the subject's own key, whose SPKI is used) and issuer = subject. */
  selfSigned?: boolean
}

const CA_NAME = buildName({ organization: 'Wirebench Tests', commonName: 'Profile Test CA' })
let caKey: KeyObject | undefined
let selfKey: KeyObject | undefined

/** The test CA's signing key (P-256), made once per test file. */
export function testCaKey(): KeyObject {
  caKey ??= generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey
  return caKey
}

export function spkiOfKey(key: KeyObject): Uint8Array {
  return new Uint8Array(createPublicKey(key).export({ type: 'spki', format: 'der' }))
}

export function caKeyId(): Uint8Array {
  return ext.keyIdentifier(spkiOfKey(testCaKey()))
}

/** A DER certificate exactly as specified, signed by the test CA (or by itself). */
export function rawCertificateDer(spec: RawCertificateSpec = {}): Uint8Array {
  let signingKey = testCaKey()
  let spki = spec.spki
  const subject = spec.subject ?? buildName({ commonName: 'leaf.example.com' })
  let issuer = spec.issuer ?? CA_NAME
  if (spec.selfSigned) {
    selfKey ??= generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey
    signingKey = selfKey
    spki = spkiOfKey(selfKey)
    issuer = spec.issuer ?? subject
  }
  spki ??= spkiOfKey(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey)
  const signer = signerFor(signingKey)
  const version = spec.version ?? 3
  const now = Date.now()
  const fields: Der[] = []
  if (version !== 1 || spec.explicitV1) fields.push(explicit(0, int(version - 1)))
  fields.push(
    intRaw(spec.serialHex ?? '3a1f5e0c9b7d2e4f6a8c1b3d5e7f9a2c'),
    signer.algorithm,
    issuer,
    spec.validity ?? seq(time(now - 3_600_000), time(now + 30 * 86_400_000)),
    subject,
    spki
  )
  if (spec.uniqueId) fields.push(implicitPrimitive(1, new Uint8Array([0, 1, 2, 3])))
  if (spec.extensions?.length || spec.emptyExtensions) fields.push(explicit(3, seq(...(spec.extensions ?? []).map(ext.encodeExtension))))
  const der = signed(seq(...fields), signer)
  if (!spec.outerAlgorithm) return der
  // swap the outer AlgorithmIdentifier: re-assemble Certificate ::= SEQUENCE { tbs, alg, sig }
  const cert = parseCertificate(der)
  return seq(cert.tbs, spec.outerAlgorithm, bits(cert.signature))
}

export function rawCertificate(spec: RawCertificateSpec = {}): ParsedCertificate {
  return parseCertificate(rawCertificateDer(spec))
}

/** The test CA as a self-signed root (its key signs every raw certificate), for openssl verify cross-checks. */
export function testCaRootDer(): Uint8Array {
  const spki = spkiOfKey(testCaKey())
  return rawCertificateDer({
    subject: CA_NAME,
    spki,
    extensions: [ext.basicConstraints(true), ext.keyUsage(['keyCertSign', 'cRLSign']), ext.subjectKeyIdentifier(ext.keyIdentifier(spki))]
  })
}

/** A well-formed TLS server certificate's extensions (BR §7.1.2.7.6), for tests to vary. */
export function leafExtensions(names: string[] = ['leaf.example.com']): ExtensionSpec[] {
  return [
    ext.basicConstraints(false),
    ext.keyUsage(['digitalSignature']),
    ext.extKeyUsage(['serverAuth']),
    ext.subjectAltName(names.map((n) => (/^[\d.]+$|:/.test(n) ? { type: 'ip' as const, value: n } : { type: 'dns' as const, value: n }))),
    ext.authorityKeyIdentifier(caKeyId())
  ]
}

/** A well-formed intermediate CA's extensions (RFC 5280 §4.2.1.1, §4.2.1.2, §4.2.1.9), given its own SPKI. */
export function caExtensions(spki: Uint8Array): ExtensionSpec[] {
  return [
    ext.basicConstraints(true, 0),
    ext.keyUsage(['keyCertSign', 'cRLSign']),
    ext.subjectKeyIdentifier(ext.keyIdentifier(spki)),
    ext.authorityKeyIdentifier(caKeyId())
  ]
}

/** A SubjectPublicKeyInfo from its parts, for keys no library will generate. */
export function spkiDer(algorithm: Der, key: Uint8Array): Uint8Array {
  return seq(algorithm, bits(key))
}

export { oid, seq, int, intRaw }
