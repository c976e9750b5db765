// The revoked-certificates list of a CRL, scanned in one flat pass over the bytes (no object per entry) so a
// 10 MB CRL with hundreds of thousands of entries is searched in well under a second. The scan also enforces what
// RFC 5280 §5.3 asks of every entry: a CRL with a critical entry extension we cannot process is not used at all.
import { type Asn1, Tag, bad, decode, expect, readHeader, readTime } from '../../../shared/x509/asn1'
import { hexBytes } from '../../../shared/x509/der'
import { CRL_OID } from './crl-parse'

/** Entries past this count make the CRL unusable (a work budget, not an RFC limit). */
export const MAX_CRL_ENTRIES = 1_000_000

/** §5.3.1 CRLReason names by their ENUMERATED value (7 is not used). */
export const CRL_REASONS: Record<number, string> = {
  0: 'unspecified',
  1: 'keyCompromise',
  2: 'cACompromise',
  3: 'affiliationChanged',
  4: 'superseded',
  5: 'cessationOfOperation',
  6: 'certificateHold',
  8: 'removeFromCRL',
  9: 'privilegeWithdrawn',
  10: 'aACompromise'
}

export interface RevokedEntry {
  revokedAt: number
  /** §5.3.1 reason name; absent when the entry has no reasonCode. */
  reason?: string
  /** §5.3.1 reason value, for ReasonFlags masks (certificateHold = 6). */
  reasonValue?: number
  invalidityDate?: number
}

export interface EntryScan {
  count: number
  /** Some entry carries crlEntryExtensions (then the CRL must be v2, §5.1.2.1). */
  entryExtensions: boolean
  /** Why the CRL cannot be used, from its entries (an unprocessable critical entry extension, §5.3). */
  unusable?: string
  match?: RevokedEntry
}

/** Entry extensions we process; certificateIssuer belongs to indirect CRLs, which are not supported. */
const KNOWN_ENTRY_EXTENSIONS = [CRL_OID.reasonCode, CRL_OID.invalidityDate, CRL_OID.holdInstructionCode].map(oidContent)

function oidContent(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map(Number)
  const out: number[] = []
  const push = (v: number): void => {
    const tmp = [v & 0x7f]
    for (v = Math.floor(v / 128); v > 0; v = Math.floor(v / 128)) tmp.unshift((v & 0x7f) | 0x80)
    out.push(...tmp)
  }
  push((arcs[0] as number) * 40 + (arcs[1] as number))
  for (const a of arcs.slice(2)) push(a)
  return new Uint8Array(out)
}

function sameBytes(buf: Uint8Array, start: number, end: number, want: Uint8Array): boolean {
  if (end - start !== want.length) return false
  for (let i = 0; i < want.length; i++) if (buf[start + i] !== want[i]) return false
  return true
}

function oidText(buf: Uint8Array, start: number, end: number): string {
  const parts: number[] = []
  let v = 0
  for (let i = start; i < end; i++) {
    v = v * 128 + ((buf[i] as number) & 0x7f)
    if (((buf[i] as number) & 0x80) === 0) {
      if (parts.length === 0) parts.push(v < 80 ? Math.floor(v / 40) : 2, v < 80 ? v % 40 : v - 80)
      else parts.push(v)
      v = 0
    }
  }
  return parts.join('.')
}

/** Checks one entry's crlEntryExtensions; returns why the CRL is unusable, if it is. */
function checkEntryExtensions(buf: Uint8Array, pos: number, end: number): string | undefined {
  while (pos < end) {
    const ext = readHeader(buf, pos, end)
    if (ext.cls !== 0 || ext.tag !== Tag.sequence || ext.indefinite) bad(`Malformed CRL entry extension at byte ${pos}.`)
    const extEnd = pos + ext.headerLength + ext.length
    let p = pos + ext.headerLength
    const id = readHeader(buf, p, extEnd)
    if (id.tag !== Tag.oid || id.cls !== 0) bad(`CRL entry extension without an OID at byte ${p}.`)
    const oidStart = p + id.headerLength
    const oidEnd = oidStart + id.length
    p = oidEnd
    const next = readHeader(buf, p, extEnd)
    let critical = false
    if (next.cls === 0 && next.tag === Tag.boolean) {
      critical = next.length === 1 && buf[p + next.headerLength] !== 0
      p += next.headerLength + next.length
    }
    if (critical && !KNOWN_ENTRY_EXTENSIONS.some((k) => sameBytes(buf, oidStart, oidEnd, k))) {
      return `an entry has a critical extension ${oidText(buf, oidStart, oidEnd)} this checker cannot process (RFC 5280 §5.3)`
    }
    pos = extEnd
  }
  return undefined
}

/** The full decode of the one entry that matched: reasonCode (§5.3.1) and invalidityDate (§5.3.2). */
function readEntry(buf: Uint8Array, start: number, end: number): RevokedEntry {
  const [, dateNode, extsNode] = expect(decode(buf, start, end), Tag.sequence, 'revoked entry').children
  const out: RevokedEntry = { revokedAt: readTime(dateNode, 'revocationDate') }
  for (const ext of extsNode ? expect(extsNode, Tag.sequence, 'crlEntryExtensions').children : []) {
    const kids = expect(ext, Tag.sequence, 'Extension').children
    const id = kids[0] as Asn1
    const value = expect(kids[kids.length - 1], Tag.octetString, 'extnValue')
    const inner = decode(value.buf, value.contentStart, value.contentEnd)
    if (sameBytes(buf, id.contentStart, id.contentEnd, KNOWN_ENTRY_EXTENSIONS[0] as Uint8Array)) {
      if (inner.cls !== 0 || inner.tag !== 10 || inner.length !== 1) bad('reasonCode is not a one-byte ENUMERATED (RFC 5280 §5.3.1).')
      const code = inner.content[0] as number
      const name = CRL_REASONS[code]
      if (!name) bad(`reasonCode ${code} is not a CRLReason (RFC 5280 §5.3.1).`)
      out.reason = name
      out.reasonValue = code
    } else if (sameBytes(buf, id.contentStart, id.contentEnd, KNOWN_ENTRY_EXTENSIONS[1] as Uint8Array)) {
      if (!inner.isUniversal(Tag.generalizedTime)) bad('invalidityDate is not a GeneralizedTime (RFC 5280 §5.3.2).')
      out.invalidityDate = readTime(inner, 'invalidityDate')
    }
  }
  return out
}

/**
 * Walks the revoked list once: checks each entry's shape, counts, and finds `serialHex` (the certificate's serial
 * magnitude, as ParsedCertificate keeps it; negative serials never match a non-negative entry and vice versa).
 */
export function scanEntries(revoked: Asn1 | undefined, serialHex: string, serialNegative: boolean): EntryScan {
  const out: EntryScan = { count: 0, entryExtensions: false }
  if (!revoked) return out
  const buf = revoked.buf
  const end = revoked.contentEnd
  const want = hexBytes(serialHex)
  let pos = revoked.contentStart
  while (pos < end) {
    if (++out.count > MAX_CRL_ENTRIES) {
      out.unusable = `it lists more than ${MAX_CRL_ENTRIES.toLocaleString('en-US')} certificates, over this checker's limit`
      return out
    }
    const entry = readHeader(buf, pos, end)
    if (entry.cls !== 0 || entry.tag !== Tag.sequence || !entry.constructed || entry.indefinite) bad(`Malformed revoked entry at byte ${pos}.`)
    const entryStart = pos
    const entryEnd = pos + entry.headerLength + entry.length
    if (entryEnd > end) bad(`Revoked entry at byte ${pos} runs past the list.`)
    let p = pos + entry.headerLength
    const serial = readHeader(buf, p, entryEnd)
    if (serial.cls !== 0 || serial.tag !== Tag.integer || serial.length === 0) bad(`Revoked entry at byte ${pos} has no serial number.`)
    let s = p + serial.headerLength
    const sEnd = s + serial.length
    p = sEnd
    const date = readHeader(buf, p, entryEnd)
    if (date.cls !== 0 || (date.tag !== Tag.utcTime && date.tag !== Tag.generalizedTime)) bad(`Revoked entry at byte ${pos} has no revocationDate.`)
    p += date.headerLength + date.length
    if (p < entryEnd) {
      const exts = readHeader(buf, p, entryEnd)
      if (exts.cls !== 0 || exts.tag !== Tag.sequence || p + exts.headerLength + exts.length !== entryEnd) bad(`Malformed crlEntryExtensions at byte ${p}.`)
      out.entryExtensions = true
      const why = out.unusable ? undefined : checkEntryExtensions(buf, p + exts.headerLength, entryEnd)
      if (why) out.unusable = why
    } else if (p > entryEnd) bad(`Revoked entry at byte ${pos} is malformed.`)
    const negative = ((buf[s] as number) & 0x80) !== 0
    if (!out.match && negative === serialNegative) {
      if (!negative) while (s < sEnd - 1 && buf[s] === 0) s++
      const same = negative ? serialMatchesNegative(buf, s, sEnd, serialHex) : sameBytes(buf, s, sEnd, want)
      if (same) out.match = readEntry(buf, entryStart, entryEnd)
    }
    pos = entryEnd
  }
  return out
}

/** Negative serials are malformed but exist; compare their magnitudes the slow way (they are rare). */
function serialMatchesNegative(buf: Uint8Array, s: number, sEnd: number, serialHex: string): boolean {
  let carry = 1
  const mag = new Uint8Array(sEnd - s)
  for (let i = mag.length - 1; i >= 0; i--) {
    const v = (~(buf[s + i] as number) & 0xff) + carry
    mag[i] = v & 0xff
    carry = v >> 8
  }
  let i = 0
  while (i < mag.length - 1 && mag[i] === 0) i++
  return sameBytes(mag, i, mag.length, hexBytes(serialHex))
}
