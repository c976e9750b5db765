// Getting things out: PEM/DER conversions, chain bundles, PKCS#12 that OpenSSL 3 reads without -legacy
// (PBES2/PBKDF2-SHA256/AES-256-CBC, SHA-256 MAC — the same choices as `openssl pkcs12 -export`), private keys
// encrypted with a passphrase, and writing key files with mode 0600.
import { createCipheriv, createHash, pbkdf2Sync, randomBytes } from 'node:crypto'
import { type Der, concat, explicit, implicitConstructed, int, nullValue, octets, oid, seq, setOf, tlv } from '../../shared/x509/der'
import { decode } from '../../shared/x509/asn1'
import { OID } from '../../shared/x509/oids'
import { encodePem } from '../../shared/x509/pem'
import { WirebenchError } from '../../shared/errors'
import type { ParsedCertificate } from './certificate'
import { exportPrivateKey, publicKeyInfoOf } from './keys'
import { loadPrivateKey } from './issue'
import { collect, readCertificates } from './open'
import { bmpPassword, computeMac } from './pkcs12-crypto'
import { writeSecretFile } from './secret-file'

export const PKCS12_ITERATIONS = 2048

// ---- conversions --------------------------------------------------------------------------------------------

/** DER bytes as PEM with the given label ("CERTIFICATE", "X509 CRL", ...). */
export function derToPem(der: Uint8Array, label = 'CERTIFICATE'): string {
  return encodePem(der, label)
}

/** Every certificate in the input (PEM, DER or PKCS#7) as one PEM bundle, in the order given. */
export function chainBundle(inputs: (string | Uint8Array)[]): string {
  return inputs.flatMap((i) => readCertificates(i, 'certificate')).map((c) => encodePem(c.der, 'CERTIFICATE')).join('')
}

/** The certificates as DER, one Uint8Array each. */
export function certificatesDer(input: string | Uint8Array): Uint8Array[] {
  return readCertificates(input, 'certificate').map((c) => c.der)
}

/** A certs-only PKCS#7 (.p7b) holding the certificates, like `openssl crl2pkcs7 -nocrl`. */
export function certificatesToPkcs7(inputs: (string | Uint8Array)[]): Uint8Array {
  const certs = inputs.flatMap((i) => readCertificates(i, 'certificate'))
  const signedData = seq(
    int(1),
    tlv(0x31, new Uint8Array(0)), // digestAlgorithms
    seq(oid(OID.pkcs7Data)), // encapContentInfo without content
    implicitConstructed(0, concat(certs.map((c) => c.der))),
    tlv(0x31, new Uint8Array(0)) // signerInfos
  )
  return seq(oid(OID.pkcs7SignedData), explicit(0, signedData))
}

// ---- private keys -------------------------------------------------------------------------------------------

/** A key leaves the vault only under a real password: with an empty one, `openssl -passin pass:` prints it. */
export function refuseEmptyPassword(password: string | undefined, what: string): void {
  if (password === undefined || password === '') {
    throw new WirebenchError('PASSWORD_REQUIRED', `Give a password to protect ${what}: with an empty one anybody who gets the file reads the private key.`)
  }
}

/** A private key (any PEM the user has, optionally encrypted) re-encoded as PKCS#8 encrypted with AES-256-CBC. */
export function encryptPrivateKey(keyPem: string, passphrase: string, currentPassphrase?: string): string {
  refuseEmptyPassword(passphrase, 'an encrypted private key')
  if (passphrase.length < 4) throw new WirebenchError('INVALID_INPUT', 'Use a passphrase of at least 4 characters (OpenSSL refuses shorter ones).')
  return exportPrivateKey(loadPrivateKey(keyPem, currentPassphrase), 'pem', passphrase) as string
}

export interface ExportKeyOptions {
  /** Password that opens the file (PKCS#12 or encrypted key). */
  password?: string
  /** Index of the key in openFile's items. */
  index: number
  format: 'pem' | 'der'
  /** Encrypt the exported PKCS#8 with this passphrase (AES-256-CBC). Strongly recommended. */
  passphrase?: string
}

/** The private key at `index` of a file (as openFile numbers items), exported as PKCS#8. */
export function exportKey(bytes: Uint8Array, options: ExportKeyOptions): string | Uint8Array {
  const col = collect(bytes, options.password)
  if (col.needsPassword && options.password === undefined) {
    throw new WirebenchError('PASSWORD_REQUIRED', 'The file is protected: give its password to export the key.')
  }
  const item = col.items[options.index]
  if (!item || item.entry.kind !== 'privateKey') throw new WirebenchError('INVALID_INPUT', `Item ${options.index} is not a private key.`)
  const key = item.entry.loaded.key
  if (!key) throw new WirebenchError('PASSWORD_REQUIRED', 'The key is encrypted: give its password to export it.')
  return exportPrivateKey(key, options.format, options.passphrase)
}

/** Writes a PEM private key to a new file with mode 0600, never through a link (see writeSecretFile). */
export async function writePrivateKey(path: string, pem: string): Promise<void> {
  await writeSecretFile(path, pem)
}

// ---- PKCS#12 ------------------------------------------------------------------------------------------------

const AES_256_CBC = '2.16.840.1.101.3.4.1.42'
const HMAC_SHA256 = '1.2.840.113549.2.9'
const BAG_CERT = '1.2.840.113549.1.12.10.1.3'
const BAG_SHROUDED_KEY = '1.2.840.113549.1.12.10.1.2'

function pbes2(password: string, data: Uint8Array, iterations: number): { algId: Der; encrypted: Uint8Array } {
  const salt = randomBytes(16)
  const iv = randomBytes(16)
  const key = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, 32, 'sha256')
  const cipher = createCipheriv('aes-256-cbc', key, iv)
  const encrypted = new Uint8Array(Buffer.concat([cipher.update(data), cipher.final()]))
  const algId = seq(
    oid(OID.pbes2),
    seq(seq(oid(OID.pbkdf2), seq(octets(salt), int(iterations), seq(oid(HMAC_SHA256), nullValue()))), seq(oid(AES_256_CBC), octets(iv)))
  )
  return { algId, encrypted }
}

function bmpString(s: string): Der {
  return tlv(0x1e, bmpPassword(s).subarray(0, s.length * 2))
}

function bagAttributes(localKeyId: Uint8Array, friendlyName?: string): Der {
  const attrs = [seq(oid(OID.localKeyId), setOf(octets(localKeyId)))]
  if (friendlyName) attrs.unshift(seq(oid(OID.friendlyName), setOf(bmpString(friendlyName))))
  return setOf(...attrs)
}

export interface Pkcs12Options {
  /** Certificates: the first is the key's certificate, the rest its chain. */
  certificates: (string | Uint8Array)[]
  keyPem: string
  keyPassphrase?: string
  /** Password protecting the file; an empty one is refused (it would protect nothing). */
  password: string
  friendlyName?: string
  iterations?: number
}

export function exportPkcs12(options: Pkcs12Options): Uint8Array {
  refuseEmptyPassword(options.password, 'a PKCS#12 file')
  const certs: ParsedCertificate[] = options.certificates.flatMap((c) => readCertificates(c, 'certificate'))
  const first = certs[0]
  if (!first) throw new WirebenchError('INVALID_INPUT', 'A PKCS#12 file needs at least the key’s certificate.')
  const key = loadPrivateKey(options.keyPem, options.keyPassphrase)
  if (publicKeyInfoOf(key).spkiSha256 !== first.publicKey.spkiSha256) {
    throw new WirebenchError('INVALID_KEY', 'The private key does not match the first certificate (their public keys differ).')
  }
  const iterations = options.iterations ?? PKCS12_ITERATIONS
  const localKeyId = new Uint8Array(createHash('sha1').update(first.der).digest())
  // certificates: one encrypted safe (as OpenSSL does)
  const certBags = certs.map((c, i) =>
    seq(
      oid(BAG_CERT),
      explicit(0, seq(oid(OID.x509Certificate), explicit(0, octets(c.der)))),
      ...(i === 0 ? [bagAttributes(localKeyId, options.friendlyName)] : [])
    )
  )
  const certSafe = pbes2(options.password, seq(...certBags), iterations)
  const encryptedData = seq(int(0), seq(oid(OID.pkcs7Data), certSafe.algId, tlv(0x80, certSafe.encrypted)))
  // the key: a shrouded key bag inside a plain data safe
  const pkcs8 = new Uint8Array(key.export({ type: 'pkcs8', format: 'der' }))
  const keyEnc = pbes2(options.password, pkcs8, iterations)
  const keyBag = seq(oid(BAG_SHROUDED_KEY), explicit(0, seq(keyEnc.algId, octets(keyEnc.encrypted))), bagAttributes(localKeyId, options.friendlyName))
  const authSafe = seq(
    seq(oid(OID.pkcs7EncryptedData), explicit(0, encryptedData)),
    seq(oid(OID.pkcs7Data), explicit(0, octets(seq(keyBag))))
  )
  const macSalt = randomBytes(8)
  const mac = computeMac({ hash: 'sha256', salt: macSalt, iterations }, bmpPassword(options.password), authSafe)
  const pfx = seq(
    int(3),
    seq(oid(OID.pkcs7Data), explicit(0, octets(authSafe))),
    seq(seq(seq(oid(OID.sha256), nullValue()), octets(mac)), octets(macSalt), int(iterations))
  )
  decode(pfx) // sanity: what we wrote must read back
  return pfx
}
