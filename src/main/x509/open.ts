// "Open anything": every item a file holds, described for the page and the CLI — certificates with lint, CSRs,
// CRLs, keys (descriptions only, never key material) and which key belongs to which certificate. Every failure the
// user can cause is a WirebenchError with a sentence they can act on.
import { WirebenchError } from '../../shared/errors'
import { type ParsedCertificate, describeCertificate } from './certificate'
import { type Collection, collect } from './collect'
import { lintCertificate } from './lint'
import type { OpenResult, OpenedItem } from './types'

export { MAX_INPUT_BYTES, MAX_ITEMS, collect, type Collected, type Collection } from './collect'

export interface OpenOptions {
  /** For PKCS#12 files and encrypted private keys. */
  password?: string
  /** File name, echoed back (detection never relies on it). */
  name?: string
  /** Reference time for validity and lint (default: now). */
  now?: Date | string | number
  /** Stop after this many items (default and maximum MAX_ITEMS). */
  maxItems?: number
  /** Key-derivation iterations the whole file may spend (default DEFAULT_KDF_ITERATIONS). */
  kdfIterations?: number
}

function toTime(now: OpenOptions['now']): number {
  if (now === undefined) return Date.now()
  const t = new Date(now).getTime()
  if (Number.isNaN(t)) throw new WirebenchError('INVALID_INPUT', `"${String(now)}" is not a date.`)
  return t
}

/** Opens a file of any supported format and describes every item in it. Key material is never included. */
export function openFile(bytes: Uint8Array, options: OpenOptions = {}): OpenResult {
  return openCollection(bytes, options).result
}

/** openFile's result together with the decoded entries behind it (for the worker, which exports the keys). */
export function openCollection(bytes: Uint8Array, options: OpenOptions = {}): { result: OpenResult; collection: Collection } {
  try {
    return openUnguarded(bytes, options)
  } catch (err) {
    if (err instanceof WirebenchError) throw err
    throw new WirebenchError('INVALID_DER', `The file could not be decoded: ${err instanceof Error ? err.message : String(err)}`)
  }
}

function openUnguarded(bytes: Uint8Array, options: OpenOptions): { result: OpenResult; collection: Collection } {
  const now = toTime(options.now)
  const col = collect(bytes, options.password, options.maxItems, options.kdfIterations)
  const items: OpenedItem[] = col.items.map(({ origin, entry }, index): OpenedItem => {
    switch (entry.kind) {
      case 'certificate':
        return { index, origin, kind: 'certificate', certificate: describeCertificate(entry.cert, now), lint: lintCertificate(entry.cert, now) }
      case 'csr':
        return { index, origin, kind: 'csr', csr: entry.csr.info }
      case 'crl':
        return { index, origin, kind: 'crl', crl: entry.crl }
      case 'privateKey':
        return { index, origin, kind: 'privateKey', key: { ...entry.loaded.description, matches: [] } }
      case 'publicKey':
        return { index, origin, kind: 'publicKey', key: entry.key }
      case 'error':
        return { index, origin, kind: 'error', error: entry.error }
    }
  })
  // which certificates and CSRs each private key belongs to, by public-key pin (one pass, not keys × items)
  const byPin = new Map<string, number[]>()
  for (const o of items) {
    const pin = o.kind === 'certificate' ? o.certificate.publicKey.spkiSha256 : o.kind === 'csr' ? o.csr.publicKey.spkiSha256 : undefined
    if (pin === undefined) continue
    const list = byPin.get(pin)
    if (list) list.push(o.index)
    else byPin.set(pin, [o.index])
  }
  for (const item of items) {
    if (item.kind === 'privateKey' && item.key.publicKey) item.key.matches = byPin.get(item.key.publicKey.spkiSha256) ?? []
  }
  const result: OpenResult = {
    format: col.format,
    status: col.needsPassword ? 'needsPassword' : 'ok',
    items,
    truncated: col.truncated,
    warnings: col.warnings
  }
  if (options.name !== undefined) result.name = options.name
  return { result, collection: col }
}

/** All certificates in a PEM text or DER/PKCS#7 blob, parsed (for the verifier and the generator). */
/** Every item of the input on its own: a certificate, or why that item could not be read (nothing is thrown for
 *  one bad item, so a bundle with one broken intermediate still gives the others). */
export function readEach(input: string | Uint8Array): { cert?: ParsedCertificate; message: string }[] {
  const bytes = typeof input === 'string' ? new Uint8Array(Buffer.from(input, 'latin1')) : input
  const col = collect(bytes)
  const out: { cert?: ParsedCertificate; message: string }[] = []
  for (const i of col.items) {
    if (i.entry.kind === 'certificate') out.push({ cert: i.entry.cert, message: '' })
    else if (i.entry.kind === 'error') out.push({ message: i.entry.error.message })
  }
  if (out.length === 0) out.push({ message: 'It holds no certificate.' })
  return out
}

export function readCertificates(input: string | Uint8Array, what = 'input'): ParsedCertificate[] {
  const bytes = typeof input === 'string' ? new Uint8Array(Buffer.from(input, 'latin1')) : input
  const col = collect(bytes)
  const certs = col.items.flatMap((i) => (i.entry.kind === 'certificate' ? [i.entry.cert] : []))
  const firstError = col.items.find((i) => i.entry.kind === 'error')
  if (firstError?.entry.kind === 'error') {
    throw new WirebenchError(firstError.entry.error.code, `${what}: ${firstError.entry.error.message}`)
  }
  if (certs.length === 0) throw new WirebenchError('INVALID_CERTIFICATE', `The ${what} holds no certificate.`)
  return certs
}
