// What usable CRLs say once read together (RFC 5280 §6.3.3 (c), (i)–(l)): a delta CRL (§5.2.4) applied on top of
// the complete CRL it extends, a hold lifted by removeFromCRL, an older CRL's hold replaced by a newer CRL, and
// partitioned CRLs (onlySomeReasons) that say "good" only when together they cover every reason.
import type { ParsedCertificate } from '../certificate'
import type { RevocationEvidence } from '../types'
import { ALL_REASONS, type CheckedCrl } from './crl-parse'
import type { RevokedEntry } from './crl-entries'
import { reasonNames } from './crl-scope'

export interface Judged {
  crl: CheckedCrl
  ev: RevocationEvidence
  /** Passed every check of §5 and §6.3.3 (a)–(h): its entries may decide the status. */
  usable: boolean
  /** §6.3.3 (d) interim reasons mask. */
  reasons: number
  match?: RevokedEntry
}

const iso = (ms: number): string => new Date(ms).toISOString()

/** Sets the evidence from one CRL's own entry for the certificate (§6.3.3 (j)–(k)). */
function setFromEntry(ev: RevocationEvidence, entry: RevokedEntry | undefined): void {
  delete ev.revokedAt
  delete ev.reason
  delete ev.invalidityDate
  if (!entry || entry.reason === 'removeFromCRL') {
    ev.status = 'good'
    return
  }
  ev.status = 'revoked'
  ev.revokedAt = iso(entry.revokedAt)
  if (entry.reason) ev.reason = entry.reason
  if (entry.invalidityDate !== undefined) ev.invalidityDate = iso(entry.invalidityDate)
}

function entryText(entry: RevokedEntry | undefined, serial: string): string {
  if (!entry) return `does not list serial ${serial}`
  if (entry.reason === 'removeFromCRL') return `lists serial ${serial} as removeFromCRL: any hold on it is lifted (RFC 5280 §5.3.1, §6.3.3 (k))`
  if (entry.reason === 'certificateHold') {
    return `lists serial ${serial} on hold (certificateHold) since ${iso(entry.revokedAt)}: a temporary suspension the CA may lift later, but revoked until then (RFC 5280 §5.3.1)`
  }
  const why = entry.reason ? `reason ${entry.reason}` : 'no reason code'
  const invalid = entry.invalidityDate !== undefined ? `, invalid since ${iso(entry.invalidityDate)} (§5.3.2)` : ''
  return `lists serial ${serial} as revoked on ${iso(entry.revokedAt)}, ${why}${invalid} (RFC 5280 §5.3.1)`
}

/** The evidence of a usable CRL read on its own. */
export function entryEvidence(j: Judged, what: string, count: number, serial: string): void {
  setFromEntry(j.ev, j.match)
  j.ev.code = j.match && j.match.reason !== 'removeFromCRL' ? 'CRL_REVOKED' : 'CRL_GOOD'
  const entries = count === 1 ? '1 entry' : `${count.toLocaleString('en-US')} entries`
  j.ev.message = `${what} (${entries}, signature and dates checked) ${entryText(j.match, serial)}.`
}

function sameScope(a: CheckedCrl, b: CheckedCrl): boolean {
  // §6.3.3 (c)(2)-(3): identical issuingDistributionPoint (or none in both) and the same AKI
  return (a.idp?.hex ?? '') === (b.idp?.hex ?? '') && (a.akiKeyId ?? '') === (b.akiKeyId ?? '')
}

function newest(list: Judged[]): Judged | undefined {
  return list.reduce<Judged | undefined>((best, j) => (!best || (j.crl.crlNumber ?? -1n) > (best.crl.crlNumber ?? -1n) ? j : best), undefined)
}

function applyOne(delta: Judged, complete: Judged, serial: string): void {
  const entry = delta.match ?? complete.match
  const lifted = delta.match?.reason === 'removeFromCRL' && complete.match?.reason === 'certificateHold'
  setFromEntry(delta.ev, entry)
  setFromEntry(complete.ev, entry)
  delta.ev.code = 'CRL_DELTA_APPLIED'
  const said = delta.match ? entryText(delta.match, serial) : `does not list serial ${serial}, so the complete CRL decides`
  delta.ev.message =
    `Delta CRL number ${delta.crl.crlNumber} (base ${delta.crl.deltaBase}) was applied on top of complete CRL number ` +
    `${complete.crl.crlNumber} (RFC 5280 §5.2.4, §6.3.3 (i)): it ${said}.`
  if (delta.match) {
    complete.ev.code = delta.ev.status === 'revoked' ? 'CRL_REVOKED' : 'CRL_GOOD'
    complete.ev.message += ` Delta CRL number ${delta.crl.crlNumber} applied on top: ${lifted ? 'the hold is lifted' : entryText(delta.match, serial)}.`
  } else {
    complete.ev.message += ` Delta CRL number ${delta.crl.crlNumber} applied on top changes nothing for it.`
  }
}

/** Combines the usable CRLs of one certificate in place: deltas, superseded holds, partitioned reasons. */
export function applyDeltas(judged: Judged[], cert: ParsedCertificate): void {
  const serial = cert.serial.hex
  const completes = judged.filter((j) => j.usable && j.crl.deltaBase === undefined)
  const deltas = judged.filter((j) => j.usable && j.crl.deltaBase !== undefined)
  const chosen = new Map<Judged, Judged[]>()
  for (const d of deltas) {
    const dn = d.crl.crlNumber
    const bases = completes.filter(
      (c) => c.crl.crlNumber !== undefined && dn !== undefined && c.crl.crlNumber >= (d.crl.deltaBase as bigint) && dn > c.crl.crlNumber && sameScope(c.crl, d.crl)
    )
    const base = newest(bases)
    if (!base) {
      d.usable = false
      d.ev.status = 'error'
      d.ev.code = 'CRL_DELTA_WITHOUT_BASE'
      delete d.ev.revokedAt
      delete d.ev.reason
      d.ev.message =
        dn === undefined
          ? `The delta CRL has no cRLNumber, so it cannot be ordered against a complete CRL (RFC 5280 §5.2.3); it was not used.`
          : `Delta CRL number ${dn} needs a complete CRL of the same issuer and scope numbered at least ${d.crl.deltaBase} and older than the delta; no usable one was given, and a delta CRL alone is not enough (RFC 5280 §5.2.4).`
      continue
    }
    chosen.set(base, [...(chosen.get(base) ?? []), d])
  }
  for (const [complete, ds] of chosen) {
    const latest = newest(ds) as Judged
    for (const d of ds) {
      if (d === latest) continue
      d.ev.status = 'unknown'
      d.ev.code = 'CRL_DELTA_SUPERSEDED'
      d.ev.message = `Delta CRL number ${d.crl.crlNumber} was not applied: the newer delta CRL number ${latest.crl.crlNumber} replaces it (RFC 5280 §5.2.4).`
    }
    applyOne(latest, complete, serial)
  }
  // an older complete CRL's hold is replaced by a newer complete CRL of the same scope that no longer has it
  for (const c of completes) {
    if (c.ev.status !== 'revoked' || c.ev.reason !== 'certificateHold') continue
    const newer = completes.find((o) => o !== c && sameScope(o.crl, c.crl) && (o.crl.crlNumber ?? -1n) > (c.crl.crlNumber ?? -1n) && o.ev.status === 'good')
    if (!newer) continue
    c.ev.status = 'unknown'
    c.ev.code = 'CRL_SUPERSEDED'
    c.ev.message += ` The newer CRL number ${newer.crl.crlNumber} no longer lists it, so this older hold no longer applies (RFC 5280 §5.2.3).`
  }
  // §6.3.3 (l): "good" needs every reason covered; partitioned CRLs count together
  const goods = judged.filter((j) => j.usable && j.ev.status === 'good')
  const covered = goods.reduce((m, j) => m | j.reasons, 0)
  if ((covered & ALL_REASONS) !== ALL_REASONS) {
    const missing = reasonNames(ALL_REASONS & ~covered).join(', ')
    for (const j of goods) {
      j.ev.status = 'unknown'
      j.ev.code = 'CRL_PARTIAL_REASONS'
      j.ev.message += ` It only covers some revocation reasons; no CRL given covers ${missing}, so the status stays unknown (RFC 5280 §6.3.3 (d), (l)).`
    }
  }
}
