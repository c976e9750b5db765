// Decoding a file into entries: PEM (one block or a thousand, with text around them), DER, bare base64, PKCS#7,
// PKCS#12, CSRs, CRLs, private and public keys — recognised by content, never by file name. One pass over the file
// under one key-derivation budget; openFile describes what this finds.
import { type Asn1, decode, readNode } from '../../shared/x509/asn1'
import { type PemBlock, decodeBase64, findPemBlocks, looksLikeBareBase64 } from '../../shared/x509/pem'
import { WirebenchError, type ErrorCode } from '../../shared/errors'
import { type ParsedCertificate, parseCertificate } from './certificate'
import { type ParsedCsr, parseCsr } from './csr'
import { parseCrl } from './crl'
import { type DerKind, detectDer } from './detect'
import { DEFAULT_KDF_ITERATIONS, withKdfBudget } from './kdf-budget'
import { type LoadedPrivateKey, describePublicKeyDer, loadLegacyEncryptedPem, loadPrivateKeyDer } from './keys'
import { readPkcs12 } from './pkcs12'
import { readPkcs7 } from './pkcs7'
import type { ContainerFormat, CrlInfo, ItemOrigin, PublicKeyInfo } from './types'
export const MAX_INPUT_BYTES = 50 * 1024 * 1024
export const MAX_ITEMS = 20_000


type Entry =
  | { kind: 'certificate'; cert: ParsedCertificate }
  | { kind: 'csr'; csr: ParsedCsr }
  | { kind: 'crl'; crl: CrlInfo }
  | { kind: 'privateKey'; loaded: LoadedPrivateKey }
  | { kind: 'publicKey'; key: PublicKeyInfo }
  | { kind: 'error'; error: { code: ErrorCode; message: string } }

export interface Collected {
  origin: ItemOrigin
  entry: Entry
}

export interface Collection {
  format: ContainerFormat
  needsPassword: boolean
  items: Collected[]
  truncated: boolean
  warnings: string[]
}

class Collector {
  readonly items: Collected[] = []
  readonly warnings: string[] = []
  truncated = false
  needsPassword = false

  constructor(
    readonly password: string | undefined,
    readonly maxItems: number
  ) {}

  get full(): boolean {
    return this.items.length >= this.maxItems
  }

  add(origin: ItemOrigin, make: () => Entry): void {
    if (this.full) {
      this.truncated = true
      return
    }
    try {
      this.items.push({ origin, entry: make() })
    } catch (err) {
      if (isFileFatal(err)) throw err
      const error = asError(err)
      // say where in a PEM file the problem is, once
      if (origin.pemBlock !== undefined && !error.message.startsWith('PEM block')) {
        error.message = `PEM block ${origin.pemBlock} (${origin.pemLabel}, line ${origin.line}): ${error.message}`
      }
      this.items.push({ origin, entry: { kind: 'error', error } })
    }
  }
}

/** A wrong password or a spent budget ends the whole file, not just the item that met it. */
function isFileFatal(err: unknown): boolean {
  return err instanceof WirebenchError && (err.code === 'WRONG_PASSWORD' || err.code === 'BUDGET_EXCEEDED')
}

function asError(err: unknown): { code: ErrorCode; message: string } {
  if (err instanceof WirebenchError) return { code: err.code, message: err.message }
  return { code: 'INVALID_DER', message: err instanceof Error ? err.message : String(err) }
}

function privateKeyEntry(loaded: LoadedPrivateKey, c: Collector): Entry {
  if (loaded.description.locked) c.needsPassword = true
  return { kind: 'privateKey', loaded }
}

/** Adds whatever a DER blob of the given kind contains. */
function addDer(der: Uint8Array, kind: DerKind, origin: ItemOrigin, c: Collector, root?: Asn1): void {
  switch (kind) {
    case 'certificate':
      return c.add(origin, () => ({ kind: 'certificate', cert: parseCertificate(der) }))
    case 'csr':
      return c.add(origin, () => ({ kind: 'csr', csr: parseCsr(der) }))
    case 'crl':
      return c.add(origin, () => ({ kind: 'crl', crl: parseCrl(der) }))
    case 'pkcs8':
      return c.add(origin, () => privateKeyEntry(loadPrivateKeyDer(der, 'pkcs8'), c))
    case 'encryptedPkcs8':
      return c.add(origin, () => privateKeyEntry(loadPrivateKeyDer(der, 'encrypted-pkcs8', c.password), c))
    case 'pkcs1Private':
      return c.add(origin, () => privateKeyEntry(loadPrivateKeyDer(der, 'pkcs1'), c))
    case 'sec1':
      return c.add(origin, () => privateKeyEntry(loadPrivateKeyDer(der, 'sec1'), c))
    case 'spki':
      return c.add(origin, () => ({ kind: 'publicKey', key: describePublicKeyDer(der, 'spki') }))
    case 'pkcs1Public':
      return c.add(origin, () => ({ kind: 'publicKey', key: describePublicKeyDer(der, 'pkcs1') }))
    case 'pkcs7': {
      const p7 = readPkcs7(root ?? decode(der))
      c.warnings.push(...p7.warnings)
      const o: ItemOrigin = { ...origin, container: 'pkcs7' }
      for (const cert of p7.certificates) addDer(cert.raw, 'certificate', o, c)
      for (const crl of p7.crls) addDer(crl.raw, 'crl', o, c)
      if (p7.certificates.length === 0 && p7.crls.length === 0) c.warnings.push('The PKCS#7 file holds no certificates.')
      return
    }
    case 'pkcs12': {
      const result = readPkcs12(root ?? decode(der), c.password)
      if (result.status === 'needsPassword') {
        c.needsPassword = true
        return
      }
      const { contents } = result
      c.warnings.push(...contents.warnings)
      for (const cert of contents.certificates) {
        const o: ItemOrigin = { container: 'pkcs12', ...bagOrigin(cert) }
        c.add(o, () => ({ kind: 'certificate', cert: parseCertificate(cert.der) }))
      }
      for (const key of contents.keys) {
        const o: ItemOrigin = { container: 'pkcs12', ...bagOrigin(key) }
        c.add(o, () => {
          const loaded = loadPrivateKeyDer(key.pkcs8, 'pkcs8')
          const d = loaded.description
          d.format = 'pkcs12'
          d.encrypted = key.encryption !== undefined
          if (key.encryption) d.encryption = key.encryption
          return { kind: 'privateKey', loaded }
        })
      }
      return
    }
  }
}

function bagOrigin(bag: { friendlyName?: string; localKeyId?: string }): Partial<ItemOrigin> {
  const o: Partial<ItemOrigin> = {}
  if (bag.friendlyName !== undefined) o.friendlyName = bag.friendlyName
  if (bag.localKeyId !== undefined) o.localKeyId = bag.localKeyId
  return o
}

const PEM_KINDS: Record<string, DerKind | 'skip'> = {
  CERTIFICATE: 'certificate',
  'X509 CERTIFICATE': 'certificate',
  'TRUSTED CERTIFICATE': 'certificate',
  'CERTIFICATE REQUEST': 'csr',
  'NEW CERTIFICATE REQUEST': 'csr',
  'X509 CRL': 'crl',
  PKCS7: 'pkcs7',
  CMS: 'pkcs7',
  PKCS12: 'pkcs12',
  'PRIVATE KEY': 'pkcs8',
  'ENCRYPTED PRIVATE KEY': 'encryptedPkcs8',
  'RSA PRIVATE KEY': 'pkcs1Private',
  'EC PRIVATE KEY': 'sec1',
  'PUBLIC KEY': 'spki',
  'RSA PUBLIC KEY': 'pkcs1Public',
  'EC PARAMETERS': 'skip',
  'DH PARAMETERS': 'skip',
  'X9.42 DH PARAMETERS': 'skip'
}

function addPemBlock(text: string, block: PemBlock, number: number, c: Collector): void {
  const origin: ItemOrigin = { container: 'pem', pemLabel: block.label, pemBlock: number, line: block.line }
  const where = `PEM block ${number} (${block.label}, line ${block.line})`
  if (block.error || !block.der) {
    return c.add(origin, () => {
      throw new WirebenchError('INVALID_PEM', `${where} ${block.error ?? 'is empty'}.`)
    })
  }
  const der = block.der
  const kind = PEM_KINDS[block.label]
  if (kind === 'skip') {
    c.warnings.push(`${where} holds parameters, not a certificate or key; skipped.`)
    return
  }
  // legacy OpenSSL encryption lives in PEM headers, so these keys go to Node as PEM text
  if (block.headers['Proc-Type']?.includes('ENCRYPTED')) {
    const pemText = text.slice(block.start, block.end)
    return c.add(origin, () => privateKeyEntry(loadLegacyEncryptedPem(pemText, block.headers['DEK-Info'] ?? '', c.password), c))
  }
  if (!kind) {
    return c.add(origin, () => {
      throw new WirebenchError('UNSUPPORTED_FORMAT', `${where}: Wirebench does not open "${block.label}" blocks.`)
    })
  }
  // TRUSTED CERTIFICATE carries OpenSSL trust settings after the certificate: keep only the certificate
  const body = block.label === 'TRUSTED CERTIFICATE' ? safeFirstElement(der) : der
  try {
    addDer(body, kind, origin, c)
  } catch (err) {
    if (isFileFatal(err)) throw err
    c.add(origin, () => {
      throw err
    })
  }
}

function safeFirstElement(der: Uint8Array): Uint8Array {
  try {
    return readNode(der, 0, der.length).raw
  } catch {
    return der
  }
}

function collectPem(text: string, c: Collector): void {
  const blocks = findPemBlocks(text, c.maxItems + 1)
  blocks.forEach((b, i) => addPemBlock(text, b, i + 1, c))
  if (blocks.length > c.maxItems) c.truncated = true
}

function collectDer(bytes: Uint8Array, origin: ItemOrigin, c: Collector): void {
  let root: Asn1
  try {
    root = readNode(bytes, 0, bytes.length)
  } catch (err) {
    if (bytes[0] === 0x30) {
      throw new WirebenchError(
        'INVALID_DER',
        `The file looks like DER (binary ASN.1) but is damaged: ${err instanceof Error ? err.message : String(err)}`
      )
    }
    throw unsupported()
  }
  const kind = detectDer(root)
  if (!kind) {
    if (root.isUniversal(16)) {
      throw new WirebenchError('UNSUPPORTED_FORMAT', 'The file is valid DER, but not a certificate, CSR, CRL, key, PKCS#7 or PKCS#12 structure.')
    }
    throw unsupported()
  }
  const trailing = bytes.length - root.end
  if (trailing > 0) {
    const onlyPadding = bytes.subarray(root.end).every((b) => b === 0 || b === 0x0a || b === 0x0d || b === 0x20)
    if (!onlyPadding) c.warnings.push(`${trailing} bytes after the DER structure were ignored.`)
  }
  addDer(root.raw, kind, origin, c, root)
}

function unsupported(): WirebenchError {
  return new WirebenchError(
    'UNSUPPORTED_FORMAT',
    'This is not a certificate, key, CSR, CRL, PKCS#7 or PKCS#12 file (in PEM, DER or base64). Wirebench looks at the content, not the file name.'
  )
}

function indexOfAscii(bytes: Uint8Array, needle: string): number {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(needle, 0, 'latin1')
}

/** Decodes everything in the file into parsed entries (the engine's view; openFile describes them). */
export function collect(bytes: Uint8Array, password?: string, maxItems = MAX_ITEMS, kdfIterations = DEFAULT_KDF_ITERATIONS): Collection {
  try {
    return withKdfBudget(kdfIterations, () => collectUnguarded(bytes, password, Math.max(1, Math.min(maxItems, MAX_ITEMS))))
  } catch (err) {
    // the last line of defence: whatever a malformed file provokes reaches the user as a WirebenchError
    if (err instanceof WirebenchError) throw err
    throw new WirebenchError('INVALID_DER', `The file could not be decoded: ${err instanceof Error ? err.message : String(err)}`)
  }
}

function collectUnguarded(bytes: Uint8Array, password: string | undefined, maxItems: number): Collection {
  if (bytes.length > MAX_INPUT_BYTES) {
    throw new WirebenchError('TOO_LARGE', `The file is ${(bytes.length / 1048576).toFixed(1)} MB; Wirebench opens files up to 50 MB.`)
  }
  if (bytes.length === 0) throw new WirebenchError('UNSUPPORTED_FORMAT', 'The file is empty.')
  const c = new Collector(password, maxItems)
  let format: ContainerFormat
  if (indexOfAscii(bytes, '-----BEGIN ') !== -1) {
    format = 'pem'
    collectPem(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1'), c)
  } else if (bytes[0] !== 0x30 && looksLikeBareBase64(Buffer.from(bytes.subarray(0, 1 << 16)).toString('latin1'))) {
    format = 'base64'
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1')
    if (!/^[A-Za-z0-9+/=\s]+$/.test(text)) throw unsupported()
    let der: Uint8Array
    try {
      der = decodeBase64(text)
    } catch (err) {
      throw new WirebenchError('INVALID_PEM', `The base64 text is damaged: ${err instanceof Error ? err.message : String(err)}.`)
    }
    collectDer(der, { container: 'base64' }, c)
  } else {
    format = 'der'
    collectDer(bytes, { container: 'der' }, c)
  }
  const real = c.items.filter((i) => i.entry.kind !== 'error')
  const firstError = c.items.find((i) => i.entry.kind === 'error')?.entry
  if (real.length === 0 && firstError?.kind === 'error' && !c.needsPassword) {
    throw new WirebenchError(firstError.error.code, firstError.error.message)
  }
  if (format === 'der' || format === 'base64') {
    const p12 = c.items.some((i) => i.origin.container === 'pkcs12') || (c.needsPassword && c.items.length === 0)
    const p7 = c.items.some((i) => i.origin.container === 'pkcs7')
    if (p12) format = 'pkcs12'
    else if (p7) format = 'pkcs7'
  }
  if (c.items.length === 0 && !c.needsPassword && c.warnings.length === 0) {
    throw new WirebenchError('UNSUPPORTED_FORMAT', 'The file contains no certificates or keys.')
  }
  return { format, needsPassword: c.needsPassword, items: c.items, truncated: c.truncated, warnings: c.warnings }
}
