// Judging an OCSP response (RFC 6960 §3.2, §4.2.2) and asking a responder for one (App. A.1). A response is
// evidence only when it answers for this very certificate, is signed by its issuer or by a responder the issuer
// delegated to (id-kp-OCSPSigning, §4.2.2.2), echoes our nonce when it carries one, and is fresh; otherwise it is
// 'error' evidence that says why, and the caller decides (soft or hard fail).
import { createHash, randomBytes } from 'node:crypto'
import { type IntegerValue, Tag, bytesEqual, decode } from '../../../shared/x509/asn1'
import { OID } from '../../../shared/x509/oids'
import { toWireError } from '../../../shared/errors'
import type { RevocationEvidence } from '../../../shared/x509/types'
import { type ParsedCertificate, checkSignature, extensionValue } from '../certificate'
import { fetchUrl } from '../http-fetch'
import { verifySignature } from '../signature'
import { CERT_ID_HASHES, MAX_GET_URL_BYTES, OCSP_OID, buildOcspRequest, certIdHashes, ocspGetUrl, ocspUrls, publicKeyBits } from './ocsp-request'
import { type BasicOcspResponse, MAX_OCSP_RESPONSE_BYTES, type OcspExtension, type SingleResponse, parseOcspResponse } from './ocsp-response'

export { buildOcspRequest, ocspGetUrl, ocspUrls } from './ocsp-request'

/** Clock skew allowed between us and the responder for thisUpdate (RFC 5019 §4 suggests a few minutes). */
export const OCSP_CLOCK_SKEW_MS = 5 * 60_000
/**
 * A response without nextUpdate says "newer information is always available" (RFC 6960 §4.2.2.1) and sets no
 * limit; we take the Baseline Requirements' one (§4.9.10: a CA updates its responses no later than four days after
 * thisUpdate), so an undated response older than four days is stale.
 */
export const OCSP_MAX_AGE_WITHOUT_NEXT_UPDATE_MS = 4 * 86_400_000

export interface OcspEvidenceOptions {
  cert: ParsedCertificate
  issuer: ParsedCertificate
  /** The time the status must hold at (ms since the epoch). */
  at: number
  /** The nonce sent in the request, when one was. */
  nonce?: Uint8Array
  source: 'ocsp' | 'ocsp-staple'
  url?: string
}

const STATUS_CODES: Record<string, string> = {
  malformedRequest: 'OCSP_MALFORMED_REQUEST',
  internalError: 'OCSP_INTERNAL_ERROR',
  tryLater: 'OCSP_TRY_LATER',
  sigRequired: 'OCSP_SIG_REQUIRED',
  unauthorized: 'OCSP_UNAUTHORIZED'
}

const iso = (ms: number): string => new Date(ms).toISOString()

function sameSerial(a: IntegerValue, b: IntegerValue): boolean {
  return a.hex === b.hex && a.negative === b.negative
}

/** The SingleResponse about `cert`: same serial, and issuer hashes that match `issuer` in the hash it used (§4.1.1). */
function matchingResponse(basic: BasicOcspResponse, o: OcspEvidenceOptions): SingleResponse | undefined {
  const byHash = new Map<string, ReturnType<typeof certIdHashes>>()
  for (const r of basic.responses) {
    const hash = CERT_ID_HASHES[r.hashOid]
    if (!hash || !sameSerial(r.serial, o.cert.serial)) continue
    let h = byHash.get(hash)
    if (!h) byHash.set(hash, (h = certIdHashes(o.issuer, hash)))
    if (bytesEqual(h.nameHash, r.nameHash) && bytesEqual(h.keyHash, r.keyHash)) return r
  }
  return undefined
}

/** Does the ResponderID (§4.2.2.3) name this certificate: its subject, or the SHA-1 of its key? */
function responderIs(basic: BasicOcspResponse, c: ParsedCertificate): boolean {
  const id = basic.responderId
  if ('byName' in id) return id.byName.key === c.subject.key
  return bytesEqual(id.byKey, new Uint8Array(createHash('sha1').update(publicKeyBits(c)).digest()))
}

function responderText(basic: BasicOcspResponse): string {
  const id = basic.responderId
  return 'byName' in id ? `"${id.byName.info.text}"` : `the key with SHA-1 ${Buffer.from(id.byKey).toString('hex').toUpperCase()}`
}

type Signer = { ok: true; cert: ParsedCertificate; delegated: boolean; note: string } | { ok: false; code: string; message: string }

/** RFC 6960 §4.2.2.2: the issuing CA itself, or a certificate it issued with id-kp-OCSPSigning, valid at `at`. */
function authorizedSigner(basic: BasicOcspResponse, o: OcspEvidenceOptions): Signer {
  if (responderIs(basic, o.issuer)) return { ok: true, cert: o.issuer, delegated: false, note: '' }
  const candidate = basic.certs.find((c) => responderIs(basic, c))
  const unauthorized = (why: string): Signer => ({
    ok: false,
    code: 'OCSP_UNAUTHORIZED_RESPONDER',
    message: `The OCSP response is signed by ${responderText(basic)}, ${why}; RFC 6960 §4.2.2.2 accepts only the issuing CA or a responder certificate the CA issued with id-kp-OCSPSigning.`
  })
  if (!candidate) return unauthorized('which is not the issuing CA, and the response does not carry that responder’s certificate')
  if (candidate.issuer.key !== o.issuer.subject.key || checkSignature(candidate, o.issuer) !== 'valid') {
    return unauthorized(`whose certificate was not issued by the certificate’s CA "${o.issuer.subject.info.text}"`)
  }
  const eku = extensionValue(candidate, OID.extKeyUsage, 'extKeyUsage')
  if (!eku?.purposes.some((p) => p.oid === OCSP_OID.ocspSigning)) return unauthorized('whose certificate lacks the id-kp-OCSPSigning extended key usage')
  if (o.at < candidate.notBefore || o.at > candidate.notAfter) {
    return unauthorized(`whose certificate is not valid at ${iso(o.at)} (valid ${iso(candidate.notBefore)} to ${iso(candidate.notAfter)})`)
  }
  // §4.2.2.2.1: without id-pkix-ocsp-nocheck the responder certificate's own status would need checking; say so.
  const noCheck = candidate.extensions.has(OCSP_OID.noCheck)
  const note = noCheck ? '' : ' (its certificate has no id-pkix-ocsp-nocheck, RFC 6960 §4.2.2.2.1: its own revocation was not checked)'
  return { ok: true, cert: candidate, delegated: true, note }
}

function unknownCritical(exts: OcspExtension[]): string | undefined {
  return exts.find((e) => e.critical && e.oid !== OCSP_OID.nonce)?.oid
}

/** The Nonce inside the extension (RFC 8954 §2.1: an OCTET STRING in extnValue); some responders put it bare. */
function nonceMatches(ext: OcspExtension, sent: Uint8Array): boolean {
  if (bytesEqual(ext.value, sent)) return true
  try {
    const inner = decode(ext.value)
    return inner.isUniversal(Tag.octetString) && bytesEqual(inner.content, sent)
  } catch {
    return false
  }
}

/** Judges one DER OCSPResponse about `cert` (issued by `issuer`) as revocation evidence. Never throws. */
export function ocspEvidence(response: Uint8Array, o: OcspEvidenceOptions): RevocationEvidence {
  const base: Pick<RevocationEvidence, 'source' | 'url'> = o.url ? { source: o.source, url: o.url } : { source: o.source }
  try {
    return judge(response, o, base)
  } catch (err) {
    // e.g. an issuer whose own key cannot be read to hash it: still an answer, not an exception
    return { ...base, status: 'error', code: 'OCSP_MALFORMED', message: `The OCSP response could not be checked: ${toWireError(err).message}` }
  }
}

function judge(response: Uint8Array, o: OcspEvidenceOptions, base: Pick<RevocationEvidence, 'source' | 'url'>): RevocationEvidence {
  const fail = (code: string, message: string, extra: Partial<RevocationEvidence> = {}): RevocationEvidence => ({ ...base, status: 'error', code, message, ...extra })
  let parsed: ReturnType<typeof parseOcspResponse>
  try {
    parsed = parseOcspResponse(response)
  } catch (err) {
    return fail('OCSP_MALFORMED', `The OCSP response could not be read (RFC 6960 §4.2.1): ${toWireError(err).message}`)
  }
  if (parsed.status !== 0) {
    return fail(STATUS_CODES[parsed.statusName] ?? 'OCSP_RESPONSE_STATUS', `The OCSP responder answered ${parsed.statusName} (RFC 6960 §2.3), not a status for the certificate.`)
  }
  const basic = parsed.basic
  if (!basic) return fail('OCSP_UNSUPPORTED_RESPONSE_TYPE', `The OCSP response is of type ${parsed.otherType ?? '?'}, not id-pkix-ocsp-basic (RFC 6960 §4.2.1).`)
  const single = matchingResponse(basic, o)
  if (!single) {
    return fail('OCSP_NO_MATCHING_RESPONSE', `None of the ${basic.responses.length} answers in the OCSP response is about serial ${o.cert.serial.hex} from "${o.issuer.subject.info.text}" (RFC 6960 §4.1.1 CertID; SHA-1, SHA-256, SHA-384 and SHA-512 hashes were tried).`)
  }
  const times: Partial<RevocationEvidence> = { thisUpdate: iso(single.thisUpdate) }
  if (single.nextUpdate !== undefined) times.nextUpdate = iso(single.nextUpdate)
  const signer = authorizedSigner(basic, o)
  if (!signer.ok) return fail(signer.code, signer.message, times)
  const who = signer.cert.subject.info.text
  const check = verifySignature(basic.signatureAlgorithm, basic.tbs, basic.signature, signer.cert.spkiDer, signer.cert.publicKey.spkiSha256)
  if (check !== 'valid') {
    const message = check === 'unsupported'
      ? `The OCSP response is signed with ${basic.signatureAlgorithm.info.name} or a key this validator cannot use, so its signature could not be checked (RFC 6960 §3.2).`
      : `The OCSP response’s signature does not verify with the key of "${who}" (RFC 6960 §3.2): it was altered or signed by someone else.`
    return fail(check === 'unsupported' ? 'OCSP_SIGNATURE_UNSUPPORTED' : 'OCSP_SIGNATURE_INVALID', message, { ...times, signer: who })
  }
  const critical = unknownCritical(basic.extensions) ?? unknownCritical(single.extensions)
  if (critical) {
    return fail('OCSP_UNKNOWN_CRITICAL_EXTENSION', `The OCSP response has a critical extension ${critical} this validator does not understand, so it must not be used (RFC 6960 §4.4, RFC 5280 §4.2).`, { ...times, signer: who })
  }
  const extras: Partial<RevocationEvidence> = { ...times, signer: who }
  let nonceNote = ''
  if (o.nonce) {
    const echoed = basic.extensions.find((e) => e.oid === OCSP_OID.nonce)
    if (!echoed) nonceNote = ' The responder did not echo our nonce (RFC 8954 lets it ignore one), so the answer may have been made earlier.'
    else if (!nonceMatches(echoed, o.nonce)) {
      return fail('OCSP_NONCE_MISMATCH', 'The OCSP response carries a different nonce than the request sent (RFC 8954 §2.1): it answers another request, or was replayed.', extras)
    }
  }
  if (single.thisUpdate > o.at + OCSP_CLOCK_SKEW_MS) {
    return fail('OCSP_STALE', `The OCSP response’s thisUpdate ${iso(single.thisUpdate)} is later than ${iso(o.at)} (more than 5 minutes of clock skew), so it cannot be relied on (RFC 6960 §4.2.2.1).`, extras)
  }
  if (single.nextUpdate !== undefined && single.nextUpdate < o.at) {
    return fail('OCSP_STALE', `The OCSP response expired: its nextUpdate ${iso(single.nextUpdate)} is before ${iso(o.at)} (RFC 6960 §4.2.2.1).`, extras)
  }
  if (single.nextUpdate === undefined && single.thisUpdate < o.at - OCSP_MAX_AGE_WITHOUT_NEXT_UPDATE_MS) {
    return fail('OCSP_STALE', `The OCSP response has no nextUpdate and its thisUpdate ${iso(single.thisUpdate)} is more than four days before ${iso(o.at)} (RFC 6960 §4.2.2.1; CA/B Forum BR §4.9.10: responses are renewed within four days).`, extras)
  }
  const by = signer.delegated ? `the delegated responder "${who}"${signer.note}` : `the issuing CA "${who}"`
  const noNext = single.nextUpdate === undefined ? ' It has no nextUpdate (RFC 6960 §4.2.2.1), so it was accepted for four days after thisUpdate.' : ''
  const tail = `${nonceNote}${noNext}`
  if (single.certStatus === 'good') return { ...base, status: 'good', code: 'OCSP_GOOD', message: `OCSP: not revoked, signed by ${by} (RFC 6960 §2.2).${tail}`, ...extras }
  if (single.certStatus === 'unknown') {
    return { ...base, status: 'unknown', code: 'OCSP_UNKNOWN', message: `OCSP: the responder, signed by ${by}, does not know this certificate (RFC 6960 §2.2 "unknown").${tail}`, ...extras }
  }
  const out: RevocationEvidence = { ...base, status: 'revoked', code: 'OCSP_REVOKED', message: '', ...extras }
  if (single.revokedAt !== undefined) out.revokedAt = iso(single.revokedAt)
  if (single.reason) out.reason = single.reason
  out.message = `OCSP: revoked${out.revokedAt ? ` on ${out.revokedAt}` : ''}${single.reason ? ` (${single.reason})` : ''}, signed by ${by} (RFC 6960 §2.2).${tail}`
  return out
}

export interface QueryOcspOptions {
  /** The time the status must hold at (default now). */
  at?: number
  /** Budget for the request (default 10 s). */
  timeoutMs?: number
  /** Largest response accepted (default 64 kB: real responses are 1–5 kB). */
  maxBytes?: number
  /** 'auto' (default): GET when the URL stays within 255 bytes, else POST (RFC 6960 App. A.1). */
  method?: 'auto' | 'GET' | 'POST'
  /** false: send no nonce; a Uint8Array: that nonce; default 32 random octets (RFC 8954 §2.1). */
  nonce?: boolean | Uint8Array
  signal?: AbortSignal
}

/** Asks the responder at `url` about `cert`; every failure (network, HTTP, content) becomes 'error' evidence. */
export async function queryOcsp(url: string, cert: ParsedCertificate, issuer: ParsedCertificate, o: QueryOcspOptions = {}): Promise<RevocationEvidence> {
  const t0 = performance.now()
  const timeoutMs = o.timeoutMs ?? 10_000
  const nonce = o.nonce === false ? undefined : o.nonce instanceof Uint8Array ? o.nonce : new Uint8Array(randomBytes(32))
  const done = (e: RevocationEvidence): RevocationEvidence => ({ ...e, durationMs: Math.round(performance.now() - t0) })
  try {
    const req = buildOcspRequest(cert, issuer, nonce ? { nonce } : {})
    const getUrl = ocspGetUrl(url, req.der)
    const method = o.method === 'GET' || o.method === 'POST' ? o.method : getUrl.length <= MAX_GET_URL_BYTES ? 'GET' : 'POST'
    const common = { timeoutMs, maxBytes: Math.min(o.maxBytes ?? 64 * 1024, MAX_OCSP_RESPONSE_BYTES), accept: 'application/ocsp-response', ...(o.signal ? { signal: o.signal } : {}) }
    const res = method === 'GET'
      ? await fetchUrl(getUrl, common)
      : await fetchUrl(url, { ...common, method: 'POST', body: req.der, contentType: 'application/ocsp-request' })
    if (res.status !== 200) {
      return done({ source: 'ocsp', url, status: 'error', code: 'HTTP_ERROR', message: `The OCSP responder answered HTTP ${res.status} to a ${method} (RFC 6960 App. A.1 expects 200 with an OCSP response).` })
    }
    const evidence = ocspEvidence(res.body, { cert, issuer, at: o.at ?? Date.now(), source: 'ocsp', url, ...(nonce ? { nonce } : {}) })
    return done(evidence)
  } catch (err) {
    const w = toWireError(err)
    return done({ source: 'ocsp', url, status: 'error', code: w.code, message: `The OCSP responder could not be asked: ${w.message}` })
  }
}

/**
 * Asks the certificate's OCSP responders (its AIA, at most four) in turn until one gives usable evidence; returns
 * every piece of evidence gathered, the deciding one last. No AIA OCSP URL: an empty list.
 */
export async function checkOcsp(cert: ParsedCertificate, issuer: ParsedCertificate, o: QueryOcspOptions = {}): Promise<RevocationEvidence[]> {
  const out: RevocationEvidence[] = []
  for (const url of ocspUrls(cert)) {
    const e = await queryOcsp(url, cert, issuer, o)
    out.push(e)
    if (e.status !== 'error' || o.signal?.aborted) break
  }
  return out
}
