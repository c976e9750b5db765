// Revocation of a verified path, link by link: a stapled OCSP response, the CRL files given, then (online) the
// certificate's OCSP responders and CRL distribution points, each fetch under one time budget and a size cap. The
// verdict per link is REVOKED (an error, with reason and date), good, or unknown — a warning when soft-failing, an
// error when hard-failing (RFC 5280 §6.3, RFC 6960). Runs in the x509 worker: the fetched bytes are parsed there.
import { toWireError } from '../../../shared/errors'
import type { ParsedCertificate } from '../certificate'
import { fetchUrl } from '../http-fetch'
import type { ChainIssue, LinkRevocation, RevocationEvidence, RevocationMode, VerifyResult } from '../types'
import { type CrlInput, combine, crlEvidence, crlUrls } from './crl-check'
import { checkOcsp, ocspEvidence } from './ocsp'

export interface RevocationOptions {
  mode: RevocationMode
  /** Ask OCSP responders and fetch CRL distribution points (false: only the CRLs and staple given). */
  online: boolean
  /** Budget for all the fetches of one verification. */
  timeoutMs: number
  /** CRLs the caller gave (files). */
  crls: CrlInput[]
  /** The OCSP response the server stapled in its handshake, for the leaf. */
  staple?: Uint8Array
  at: number
}

/** Largest CRL fetched from a distribution point (real ones reach a few MB; the checker's own cap is 20 MB). */
const MAX_FETCHED_CRL_BYTES = 20 * 1024 * 1024

/**
 * Codes of a CRL given that is sound but says nothing about this certificate: RFC 5280 §6.3.3 (b)(2) scope (an ARL
 * for a leaf, another distribution point), an indirect CRL (§5.2.5, not supported here), a delta CRL whose complete
 * CRL was not given (§5.2.4).
 */
const NOT_ABOUT_IT = new Set(['CRL_SCOPE_MISMATCH', 'CRL_INDIRECT_UNSUPPORTED', 'CRL_DELTA_WITHOUT_BASE'])

const decisive = (e: RevocationEvidence[]): boolean => e.some((x) => x.status === 'good' || x.status === 'revoked')

async function fetchCrls(cert: ParsedCertificate, issuer: ParsedCertificate, o: RevocationOptions, signal: AbortSignal): Promise<RevocationEvidence[]> {
  const out: RevocationEvidence[] = []
  for (const url of crlUrls(cert)) {
    const t0 = performance.now()
    try {
      const res = await fetchUrl(url, { timeoutMs: o.timeoutMs, maxBytes: MAX_FETCHED_CRL_BYTES, signal, accept: 'application/pkix-crl' })
      if (res.status !== 200) {
        out.push({ source: 'crl-dp', url, status: 'error', code: 'HTTP_ERROR', message: `The CRL distribution point answered HTTP ${res.status}.`, durationMs: Math.round(performance.now() - t0) })
        continue
      }
      const found = crlEvidence(cert, issuer, [{ der: res.body, source: 'crl-dp', url }], o.at).map((e) => ({ ...e, durationMs: Math.round(performance.now() - t0) }))
      out.push(...found)
      if (decisive(found)) break
    } catch (err) {
      const w = toWireError(err)
      out.push({ source: 'crl-dp', url, status: 'error', code: w.code, message: `The CRL could not be fetched: ${w.message}`, durationMs: Math.round(performance.now() - t0) })
    }
  }
  return out
}

/** The evidence about one certificate, cheapest first: staple, files, then the network. */
async function linkEvidence(cert: ParsedCertificate, issuer: ParsedCertificate, isLeaf: boolean, o: RevocationOptions, signal: AbortSignal): Promise<RevocationEvidence[]> {
  const evidence: RevocationEvidence[] = []
  if (isLeaf && o.staple) evidence.push(ocspEvidence(o.staple, { cert, issuer, at: o.at, source: 'ocsp-staple' }))
  if (o.crls.length) {
    // a CRL file about another issuer says nothing about this link: keep only what concerns it
    evidence.push(...crlEvidence(cert, issuer, o.crls, o.at).filter((e) => e.code !== 'CRL_ISSUER_MISMATCH' && e.code !== 'CRL_NOT_GIVEN'))
  }
  if (decisive(evidence) || !o.online) return evidence
  // OCSP and the CRL distribution points at once: the first usable answer decides, both are shown
  const [ocsp, crls] = await Promise.all([checkOcsp(cert, issuer, { at: o.at, timeoutMs: o.timeoutMs, signal }), fetchCrls(cert, issuer, o, signal)])
  evidence.push(...ocsp, ...crls)
  return evidence
}

function revocationFor(evidence: RevocationEvidence[]): LinkRevocation {
  const c = combine(evidence)
  const out: LinkRevocation = { status: c.status, evidence }
  if (c.decidedBy) out.decidedBy = c.decidedBy
  if (c.revokedAt) out.revokedAt = c.revokedAt
  if (c.reason) out.reason = c.reason
  return out
}

/**
 * Checks every link of `result.chain` (its certificates given parsed, leaf first) that has an issuer on the path and
 * is not a trust anchor, and writes the statuses, errors and warnings into `result` (valid becomes false when a
 * certificate is revoked, or unknown under hard-fail).
 */
export async function checkRevocation(result: VerifyResult, certs: ParsedCertificate[], o: RevocationOptions): Promise<void> {
  result.revocationMode = o.mode
  if (o.mode === 'off') return
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), o.timeoutMs + 500)
  try {
    const jobs = result.chain.map(async (link, i) => {
      const cert = certs[i]
      const issuer = certs[i + 1]
      if (link.trustAnchor || !cert) return { status: 'not-checked', evidence: [] } satisfies LinkRevocation
      if (!issuer) {
        return { status: 'unknown', evidence: [{ source: 'crl-file', status: 'error', code: 'NO_ISSUER', message: 'Its issuer is not on the path, so no CRL or OCSP response about it can be verified.' }] } satisfies LinkRevocation
      }
      return revocationFor(await linkEvidence(cert, issuer, i === 0, o, controller.signal))
    })
    const statuses = await Promise.all(jobs)
    statuses.forEach((r, i) => {
      const link = result.chain[i]
      if (!link) return
      link.revocation = r
      const name = `"${link.subject || '(empty subject)'}"`
      let issue: ChainIssue | undefined
      if (r.status === 'revoked') {
        issue = {
          severity: 'error',
          code: 'REVOKED',
          depth: i,
          source: r.decidedBy?.startsWith('ocsp') ? 'RFC 6960 §2.2' : 'RFC 5280 §6.3',
          message: `${name} is revoked${r.revokedAt ? ` since ${r.revokedAt}` : ''}${r.reason ? ` (reason: ${r.reason})` : ''}, according to ${describeSource(r.decidedBy)}.`
        }
      } else if (r.status === 'unknown' && r.evidence.length === 0) {
        // nothing to ask (no CRL DP, no OCSP URL, no CRL given): shown on the link, a warning only when hard-failing
        r.evidence.push({ source: o.online ? 'ocsp' : 'crl-file', status: 'error', code: 'NO_REVOCATION_INFO', message: o.online ? 'It names no OCSP responder and no CRL distribution point, and no CRL was given.' : 'No CRL about it was given, and online checks were off.' })
        if (o.mode === 'hard') issue = { severity: 'error', code: 'REVOCATION_UNKNOWN', depth: i, source: 'RFC 5280 §6.3', message: `The revocation status of ${name} is unknown (hard-fail: refused). ${r.evidence[0]?.message ?? ''}` }
      } else if (r.status === 'unknown') {
        const why = r.evidence.length ? r.evidence.map((e) => e.message).join(' ') : 'It names no OCSP responder and no CRL distribution point, and no CRL was given.'
        // Soft-fail forgives a responder that cannot be reached; a CRL the user handed over, from this certificate's
        // issuer, that does not hold up (bad signature, no cRLNumber, an issuer without cRLSign…) is not forgiven.
        // A sound CRL that merely does not cover this certificate (another partition, a delta without its base) is
        // no better and no worse than no CRL: unknown, forgiven like one.
        const givenCrlFailed = r.evidence.some((e) => e.source === 'crl-file' && e.status === 'error' && !NOT_ABOUT_IT.has(e.code))
        issue = {
          severity: o.mode === 'hard' || givenCrlFailed ? 'error' : 'warning',
          code: 'REVOCATION_UNKNOWN',
          depth: i,
          source: 'RFC 5280 §6.3',
          message: `The revocation status of ${name} is unknown${givenCrlFailed ? ' (a CRL given for it could not be used: refused)' : o.mode === 'soft' ? ' (soft-fail: accepted)' : ' (hard-fail: refused)'}. ${why}`
        }
      }
      if (!issue) return
      if (issue.severity === 'error') {
        link.errors.push(issue)
        result.errors.push(issue)
        link.status = 'error'
        result.valid = false
      } else {
        link.warnings.push(issue)
        result.warnings.push(issue)
        if (link.status === 'ok') link.status = 'warning'
      }
    })
  } finally {
    clearTimeout(timer)
  }
}

function describeSource(source: RevocationEvidence['source'] | undefined): string {
  switch (source) {
    case 'ocsp-staple':
      return 'the OCSP response the server stapled'
    case 'ocsp':
      return "the CA's OCSP responder"
    case 'crl-dp':
      return "the CA's CRL"
    default:
      return 'the CRL given'
  }
}
