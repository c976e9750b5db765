// CRL revocation checking (RFC 5280 §6.3): which CRLs a certificate points at, and what each CRL given for it says
// — after checking that it comes from the certificate's issuer, is signed by the issuer's key, is current, covers
// this certificate and has nothing critical we cannot process. One RevocationEvidence per CRL, so the chain picture
// can say where a verdict came from; combine() turns the evidence into one status.
import { OID } from '../../../shared/x509/oids'
import { type ParsedCertificate, extensionValue } from '../certificate'
import { verifySignature } from '../signature'
import { bytesEqual } from '../../../shared/x509/asn1'
import { findPemBlocks } from '../../../shared/x509/pem'
import type { LinkRevocation, RevocationEvidence } from '../types'
import { type CheckedCrl, MAX_CRL_BYTES, parseCheckedCrl } from './crl-parse'
import { type EntryScan, scanEntries } from './crl-entries'
import { crlScope, distributionPoints, reasonNames } from './crl-scope'
import { type Judged, applyDeltas, entryEvidence } from './crl-delta'

export interface CrlInput {
  der: Uint8Array
  source: 'crl-file' | 'crl-dp'
  /** The distribution point URL it was fetched from, or the file name. */
  url?: string
}

const MAX_URLS = 8

/** http/https fullName URIs of the certificate's CRL distribution points (RFC 5280 §4.2.1.13), at most 8. */
export function crlUrls(cert: ParsedCertificate): string[] {
  const out: string[] = []
  for (const p of distributionPoints(cert)) {
    for (const n of p.fullName ?? []) {
      if (n.type === 'uri' && /^https?:\/\//i.test(n.value) && !out.includes(n.value)) out.push(n.value)
      if (out.length >= MAX_URLS) return out
    }
  }
  return out
}

const iso = (ms: number): string => new Date(ms).toISOString()

/** A CRL file may be PEM ("-----BEGIN X509 CRL-----"); the DER inside is what is checked. */
function pemToDer(bytes: Uint8Array): Uint8Array {
  if (bytes[0] !== 0x2d && bytes[0] !== 0x0a && bytes[0] !== 0x0d && bytes[0] !== 0x20) return bytes
  const block = findPemBlocks(new TextDecoder('latin1').decode(bytes), 4).find((b) => b.label === 'X509 CRL' && b.der)
  return block?.der ?? bytes
}

function base(input: CrlInput): RevocationEvidence {
  const ev: RevocationEvidence = { source: input.source, status: 'error', code: '', message: '' }
  if (input.url) ev.url = input.url
  return ev
}

function describe(crl: CheckedCrl): string {
  const kind = crl.deltaBase !== undefined ? 'delta CRL' : 'CRL'
  return crl.crlNumber !== undefined ? `${kind} number ${crl.crlNumber}` : kind
}

/** Every §5 / §6.3.3 check except the serial lookup; returns why the CRL cannot be used, or nothing. */
function problem(cert: ParsedCertificate, issuer: ParsedCertificate, crl: CheckedCrl, at: number): { code: string; message: string } | undefined {
  if (crl.unusable.length) return { code: 'CRL_UNSUPPORTED', message: `cannot be used: ${crl.unusable.join('; ')}` }
  if (crl.crlNumber === undefined) {
    // §5.2.3: "CRL issuers conforming to this profile MUST include this extension in all CRLs"; without it a newer CRL
    // cannot be told from an older one (a replayed CRL would pass)
    return { code: 'CRL_NUMBER_MISSING', message: 'cannot be used: it has no cRLNumber, which RFC 5280 §5.2.3 says every CRL MUST carry (without it a replayed older CRL cannot be told apart)' }
  }
  if (!bytesEqual(crl.innerAlgorithm.raw, crl.signatureAlgorithm.raw)) {
    return { code: 'CRL_MALFORMED', message: 'cannot be used: its two signature algorithm fields differ (RFC 5280 §5.1.1.2)' }
  }
  const ku = extensionValue(issuer, OID.keyUsage, 'keyUsage')
  if (ku && !ku.usages.includes('cRLSign')) {
    return { code: 'CRL_ISSUER_NOT_CRL_SIGNER', message: `cannot be trusted: the issuer ${issuer.subject.info.text} may not sign CRLs (keyUsage without cRLSign, RFC 5280 §6.3.3 (f))` }
  }
  const sig = verifySignature(crl.signatureAlgorithm, crl.tbs, crl.signature, issuer.spkiDer, issuer.publicKey.spkiSha256)
  if (sig === 'invalid') return { code: 'CRL_SIGNATURE_INVALID', message: `is not signed by the key of ${issuer.subject.info.text}: its signature does not verify (RFC 5280 §6.3.3 (g))` }
  if (sig === 'unsupported') return { code: 'CRL_SIGNATURE_UNSUPPORTED', message: `uses a signature algorithm (${crl.signatureAlgorithm.info.name}) that cannot be checked with the issuer's key (RFC 5280 §6.3.3 (g))` }
  if (crl.thisUpdate > at) return { code: 'CRL_NOT_YET_VALID', message: `is not valid yet: thisUpdate is ${iso(crl.thisUpdate)} (RFC 5280 §5.1.2.4)` }
  if (crl.nextUpdate === undefined) return { code: 'CRL_NO_NEXT_UPDATE', message: 'has no nextUpdate, so whether it is current cannot be told (RFC 5280 §5.1.2.5: conforming CRLs MUST include it)' }
  if (crl.nextUpdate < at) return { code: 'CRL_STALE', message: `is out of date: its nextUpdate ${iso(crl.nextUpdate)} has passed, and a newer CRL should exist (RFC 5280 §5.1.2.5, §6.3.3 (a))` }
  return undefined
}

function judge(cert: ParsedCertificate, issuer: ParsedCertificate, crl: CheckedCrl, input: CrlInput, at: number): Judged {
  const ev = base(input)
  ev.thisUpdate = iso(crl.thisUpdate)
  if (crl.nextUpdate !== undefined) ev.nextUpdate = iso(crl.nextUpdate)
  if (crl.crlNumber !== undefined) ev.crlNumber = crl.crlNumber.toString()
  ev.signer = issuer.subject.info.text
  const judged: Judged = { crl, ev, usable: false, reasons: 0 }
  const what = `The ${describe(crl)} from ${crl.issuer.info.text}`
  const fail = (p: { code: string; message: string }, scan?: EntryScan): Judged => {
    ev.code = p.code
    const listed = scan?.match ? ` (it lists this certificate as ${scan.match.reason ?? 'revoked'} since ${iso(scan.match.revokedAt)})` : ''
    ev.message = `${what} ${p.message}${listed}.`
    return judged
  }
  const early = problem(cert, issuer, crl, at)
  let scan: EntryScan
  try {
    scan = scanEntries(crl.revoked, cert.serial.hex, cert.serial.negative)
  } catch (err) {
    return fail({ code: 'CRL_MALFORMED', message: `has a malformed revoked list: ${err instanceof Error ? err.message : String(err)}` })
  }
  if (early) return fail(early, early.code === 'CRL_STALE' || early.code === 'CRL_NO_NEXT_UPDATE' ? scan : undefined)
  if (scan.unusable) return fail({ code: 'CRL_UNSUPPORTED', message: `cannot be used: ${scan.unusable}` })
  if (scan.entryExtensions && crl.version !== 2) return fail({ code: 'CRL_UNSUPPORTED', message: 'cannot be used: its entries have extensions but it is not a v2 CRL (RFC 5280 §5.1.2.1)' })
  const scope = crlScope(cert, crl, input.url)
  if (scope.problem) return fail(scope.problem)
  judged.usable = true
  judged.reasons = scope.reasons
  judged.match = scan.match
  entryEvidence(judged, what, scan.count, cert.serial.hex)
  return judged
}

/**
 * What the CRLs given say about `cert` (issued by `issuer`) at time `at` (ms). CRLs from another issuer are
 * ignored; when none is from this issuer, one 'error' evidence says so. Never throws.
 */
export function crlEvidence(cert: ParsedCertificate, issuer: ParsedCertificate, crls: CrlInput[], at: number): RevocationEvidence[] {
  const out: RevocationEvidence[] = []
  const judged: Judged[] = []
  let otherIssuer = 0
  let otherKey = 0
  const ski = extensionValue(issuer, OID.subjectKeyIdentifier, 'subjectKeyIdentifier')?.keyId
  for (const input of crls) {
    const started = Date.now()
    const ev = base(input)
    if (input.der.length > MAX_CRL_BYTES) {
      out.push({ ...ev, code: 'CRL_TOO_LARGE', message: `The CRL is ${input.der.length.toLocaleString('en-US')} bytes, over the ${MAX_CRL_BYTES.toLocaleString('en-US')}-byte limit; it was not read.` })
      continue
    }
    let crl: CheckedCrl
    try {
      crl = parseCheckedCrl(pemToDer(input.der))
    } catch (err) {
      out.push({ ...ev, code: 'CRL_MALFORMED', message: `${err instanceof Error ? err.message : String(err)} (RFC 5280 §5.1).` })
      continue
    }
    // §6.3.3 (b)(1): a (direct) CRL is about this certificate only when its issuer is the certificate's issuer
    if (crl.issuer.key !== cert.issuer.key) {
      otherIssuer++
      continue
    }
    // §5.2.1: the CRL's AKI names the key that signed it; another key of a same-named CA is another issuer
    if (crl.akiKeyId && ski && crl.akiKeyId !== ski) {
      otherKey++
      continue
    }
    const j = judge(cert, issuer, crl, input, at)
    j.ev.durationMs = Date.now() - started
    judged.push(j)
  }
  applyDeltas(judged, cert)
  out.push(...judged.map((j) => j.ev))
  if (judged.length === 0) {
    const ev = base(crls[0] ?? { der: new Uint8Array(), source: 'crl-file' })
    const keyNote = otherKey ? `; ${otherKey} had the issuer's name but another key (authorityKeyIdentifier)` : ''
    const message =
      crls.length === 0
        ? `No CRL was given for ${cert.issuer.info.text} (RFC 5280 §6.3).`
        : `None of the ${crls.length} CRL(s) given was issued by ${cert.issuer.info.text}${keyNote} (RFC 5280 §6.3.3 (b)(1)).`
    if (crls.length !== 1) delete ev.url
    if (otherIssuer + otherKey > 0 || crls.length === 0) out.push({ ...ev, code: crls.length === 0 ? 'CRL_NOT_GIVEN' : 'CRL_ISSUER_MISMATCH', message })
  }
  return out
}

/** One status from the evidence: revoked wins; else good if any usable evidence says good; else unknown. */
export function combine(evidence: RevocationEvidence[]): Pick<LinkRevocation, 'status' | 'decidedBy' | 'revokedAt' | 'reason'> {
  const revoked = evidence.find((e) => e.status === 'revoked')
  if (revoked) {
    const out: Pick<LinkRevocation, 'status' | 'decidedBy' | 'revokedAt' | 'reason'> = { status: 'revoked', decidedBy: revoked.source }
    if (revoked.revokedAt) out.revokedAt = revoked.revokedAt
    if (revoked.reason) out.reason = revoked.reason
    return out
  }
  const good = evidence.find((e) => e.status === 'good')
  if (good) return { status: 'good', decidedBy: good.source }
  return { status: 'unknown' }
}

export { reasonNames }
