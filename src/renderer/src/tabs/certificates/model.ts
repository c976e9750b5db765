// What the Certificates tab keeps: every opened, fetched or generated item in one list, each with where it came
// from and, when main's vault holds its private key, the key's id (the page never sees key material).
import type {
  CertificateInfo,
  CrlInfo,
  CsrInfo,
  GeneratedKeyInfo,
  ItemOrigin,
  LintFinding,
  PrivateKeyDescription,
  PublicKeyInfo,
  ValidityInfo
} from '../../../../shared/x509/types'
import { findPemBlocks } from '../../../../shared/x509/pem'

export type EntryItem =
  | { kind: 'certificate'; certificate: CertificateInfo; lint?: LintFinding[] }
  | { kind: 'csr'; csr: CsrInfo }
  | { kind: 'privateKey'; key: PrivateKeyDescription }
  | { kind: 'publicKey'; key: PublicKeyInfo }
  | { kind: 'crl'; crl: CrlInfo }
  | { kind: 'error'; error: import('../../../../shared/errors').WireError }

export interface Entry {
  /** Stable id in this window; the list number (#N) is the position instead. */
  uid: number
  item: EntryItem
  /** File name, "pasted text", "generated", "example.com:443", an AIA URL… */
  source: string
  origin?: ItemOrigin
  /** Vault id of this item's private key (keys, and certificates/CSRs whose key main holds). */
  keyId?: string
  /** uids of the certificates/CSRs in the same file this key belongs to (from the engine's `matches`). */
  matchUids?: number[]
}

let nextUid = 1
export function newUid(): number {
  return nextUid++
}

export const KIND_BADGE: Record<EntryItem['kind'], { text: string; label: string }> = {
  certificate: { text: 'CRT', label: 'Certificate' },
  csr: { text: 'CSR', label: 'Certificate signing request' },
  privateKey: { text: 'KEY', label: 'Private key' },
  publicKey: { text: 'PUB', label: 'Public key' },
  crl: { text: 'CRL', label: 'Certificate revocation list' },
  error: { text: '!', label: 'Could not be read' }
}

export function entryTitle(e: Entry): string {
  const it = e.item
  switch (it.kind) {
    case 'certificate':
      return it.certificate.subject.commonName ?? (it.certificate.subject.text || '(empty subject)')
    case 'csr':
      return it.csr.subject.commonName ?? (it.csr.subject.text || '(empty subject)')
    case 'privateKey':
      return it.key.locked ? 'Encrypted private key (locked)' : `${keyDescription(it.key.publicKey)} private key`
    case 'publicKey':
      return `${keyDescription(it.key)} public key`
    case 'crl':
      return `CRL of ${it.crl.issuer.commonName ?? it.crl.issuer.text}`
    case 'error':
      return it.error.message
  }
}

export function keyDescription(k: PublicKeyInfo | undefined): string {
  if (!k) return 'Unknown'
  if (k.curve) return `${k.algorithm} ${k.curve}`
  if (k.bits && (k.algorithm === 'RSA' || k.algorithm === 'RSA-PSS' || k.algorithm === 'DSA')) return `${k.algorithm} ${k.bits}`
  return k.algorithm
}

export function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`
}

export type Tone = 'good' | 'warn' | 'bad' | 'muted'

/** The short expiry words the list and the chain cards show. */
export function expiryBadge(v: Pick<ValidityInfo, 'status' | 'daysUntilExpiry' | 'daysSinceExpiry'>): { text: string; tone: Tone } {
  if (v.status === 'expired') return { text: v.daysSinceExpiry === 0 ? 'expired today' : `expired ${plural(v.daysSinceExpiry, 'day')} ago`, tone: 'bad' }
  if (v.status === 'notYetValid') return { text: 'not yet valid', tone: 'bad' }
  if (v.daysUntilExpiry <= 0) return { text: 'expires today', tone: 'warn' }
  return { text: `expires in ${plural(v.daysUntilExpiry, 'day')}`, tone: v.daysUntilExpiry <= 30 ? 'warn' : 'good' }
}

/** The same words from two dates (chain links carry dates, not a ValidityInfo). */
export function expiryFromDates(notBefore: string, notAfter: string, at = Date.now()): { text: string; tone: Tone } {
  const day = 86_400_000
  const end = Date.parse(notAfter)
  const start = Date.parse(notBefore)
  if (at > end) return expiryBadge({ status: 'expired', daysUntilExpiry: 0, daysSinceExpiry: Math.floor((at - end) / day) })
  if (at < start) return expiryBadge({ status: 'notYetValid', daysUntilExpiry: 0, daysSinceExpiry: 0 })
  return expiryBadge({ status: 'valid', daysUntilExpiry: Math.floor((end - at) / day), daysSinceExpiry: 0 })
}

export function formatDate(iso: string | undefined): string {
  if (!iso) return '—'
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  return d.toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC')
}

// ---- bytes ---------------------------------------------------------------------------------------------------

/** Base64 in chunks (a multiple of 3 bytes each, so the pieces join cleanly): fast for a 50 MiB file. */
export function bytesToBase64(bytes: Uint8Array): string {
  const CHUNK = 3 * 0x4000
  const parts: string[] = []
  for (let i = 0; i < bytes.length; i += CHUNK) {
    const sub = bytes.subarray(i, i + CHUNK)
    parts.push(btoa(String.fromCharCode.apply(null, sub as unknown as number[])))
  }
  return parts.join('')
}

export function base64ToBytes(b64: string): Uint8Array {
  const bin = atob(b64)
  const out = new Uint8Array(bin.length)
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i)
  return out
}

export function textToBase64(text: string): string {
  return bytesToBase64(new TextEncoder().encode(text))
}

/** The DER inside a PEM text's first block. */
export function pemToDer(pem: string): Uint8Array | null {
  return findPemBlocks(pem, 1)[0]?.der ?? null
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`
  return `${(n / 1024 / 1024).toFixed(1)} MiB`
}

// ---- downloads -----------------------------------------------------------------------------------------------

export function downloadBlob(name: string, data: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([data], { type }))
  const a = document.createElement('a')
  a.href = url
  a.download = name
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 5000)
}

export function safeFileName(text: string): string {
  const s = text
    .replace(/^\*\./, 'wildcard.')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^_+|_+$/g, '')
  return s.slice(0, 60) || 'certificate'
}

// ---- relations between entries --------------------------------------------------------------------------------

/** Certificates in the list, first of each fingerprint. */
export function uniqueCertificates(entries: readonly Entry[]): { entry: Entry; number: number; cert: CertificateInfo }[] {
  const seen = new Set<string>()
  const out: { entry: Entry; number: number; cert: CertificateInfo }[] = []
  entries.forEach((entry, i) => {
    if (entry.item.kind !== 'certificate') return
    const fp = entry.item.certificate.fingerprintSha256
    if (seen.has(fp)) return
    seen.add(fp)
    out.push({ entry, number: i + 1, cert: entry.item.certificate })
  })
  return out
}

/** The vault key for a certificate or CSR: the one remembered with it, else one whose public key is the same. */
export function keyIdFor(entry: Entry, vault: readonly GeneratedKeyInfo[]): string | undefined {
  if (entry.keyId) return entry.keyId
  const pin =
    entry.item.kind === 'certificate' ? entry.item.certificate.publicKey.spkiSha256 : entry.item.kind === 'csr' ? entry.item.csr.publicKey.spkiSha256 : undefined
  return pin ? vault.find((k) => k.pin === pin)?.keyId : undefined
}

/** Issuers above a certificate found among the opened ones (by subject = issuer, until a self-issued one). */
export function chainAbove(cert: CertificateInfo, entries: readonly Entry[], max = 10): CertificateInfo[] {
  const out: CertificateInfo[] = []
  let current = cert
  const seen = new Set([cert.fingerprintSha256])
  while (out.length < max && !current.selfIssued) {
    const issuer = entries.find(
      (e) =>
        e.item.kind === 'certificate' &&
        e.item.certificate.subject.text === current.issuer.text &&
        !seen.has(e.item.certificate.fingerprintSha256) &&
        (!current.authorityKeyId || !e.item.certificate.subjectKeyId || current.authorityKeyId === e.item.certificate.subjectKeyId)
    )
    if (!issuer || issuer.item.kind !== 'certificate') break
    current = issuer.item.certificate
    seen.add(current.fingerprintSha256)
    out.push(current)
  }
  return out
}
