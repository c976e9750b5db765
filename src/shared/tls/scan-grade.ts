// The SSL Labs-style grade of a scan: the guide's numeric score (scan-grade-scores.ts), then the caps and bonuses its
// Changes section added over the years (SSL Labs SSL Server Rating Guide, version 2009q), each applied rule written
// down as a GradeDeduction with the guide section and the evidence from the scan. Pure: facts in, grade out.

import type { GradeDeduction, ProtocolName, ScanEvidence, ScanGrade, SuiteInfo } from './scan-model'
import {
  HSTS_A_PLUS_MIN_AGE, RATING_GUIDE, type ScanFacts, allSuites, cipherScore, factEvidence, keyExchangeScore, offeredProtocols, protocolScore, protocolWords, suiteEvidence
} from './scan-grade-scores'

// One import for the engine: the interface (x14) names these as scan-grade's, while each lives in its own file.
export type { ScanFacts } from './scan-grade-scores'
export { HSTS_A_PLUS_MIN_AGE } from './scan-grade-scores'
export { suiteInfo } from './suite-info'
export { mozillaCompliance } from './mozilla-profiles'
export { scanFindings } from './scan-findings'

/** Letter grades best first; T (not trusted) and M (name mismatch) stand outside this order. */
const LETTERS = ['A+', 'A', 'A-', 'B', 'C', 'D', 'E', 'F'] as const
type Letter = (typeof LETTERS)[number]
const rank = (l: Letter): number => LETTERS.indexOf(l)

/** Table 1 of the guide: score → letter. */
export function letterFor(score: number): Letter {
  if (score >= 80) return 'A'
  if (score >= 65) return 'B'
  if (score >= 50) return 'C'
  if (score >= 35) return 'D'
  if (score >= 20) return 'E'
  return 'F'
}

const G = RATING_GUIDE
const hit = (l: { p: ProtocolName; s: SuiteInfo }[]): ScanEvidence[] => suiteEvidence(l)

interface Cap { cap: Letter | 'T' | 'M'; rule: string; source: string; evidence?: ScanEvidence[] }

/** Every cap the facts trigger, in the guide's words. */
function caps(f: ScanFacts, kx: number, kxWhat: string): Cap[] {
  const out: Cap[] = []
  const on = offeredProtocols(f)
  const suites = allSuites(f)
  const modern = suites.filter(({ p }) => p === 'TLSv1.1' || p === 'TLSv1.2' || p === 'TLSv1.3')
  const where = (pred: (s: SuiteInfo) => boolean, l = suites): { p: ProtocolName; s: SuiteInfo }[] => l.filter(({ s }) => pred(s))
  const proto = (p: ProtocolName): ScanEvidence[] => factEvidence(f, p, `server accepted a ${protocolWords(p)} ClientHello`)

  // Protocols.
  if (f.protocols.SSLv3) {
    const best = on[on.length - 1]
    if (best === 'SSLv3') out.push({ cap: 'F', rule: 'cap F: SSL 3.0 is the best protocol offered', source: `${G}, Changes (SSL 3.0 as best protocol; testssl.sh reads it so)`, evidence: proto('SSLv3') })
    const poodle = where((s) => !s.aead && (/CBC/.test(s.cipher) || /RC4/.test(s.cipher)), suites.filter(({ p }) => p === 'SSLv3'))
    if (poodle.length > 0) out.push({ cap: 'C', rule: 'cap C: SSL 3.0 with CBC or RC4 suites (POODLE, CVE-2014-3566)', source: `${G}, Changes (POODLE, October 2014)`, evidence: hit(poodle) })
    out.push({ cap: 'B', rule: 'cap B: SSL 3.0 offered (obsolete, RFC 7568)', source: `${G}, Changes (SSL 3.0)`, evidence: proto('SSLv3') })
  }
  for (const p of ['TLSv1.0', 'TLSv1.1'] as const) {
    if (f.protocols[p]) out.push({ cap: 'B', rule: `cap B: ${protocolWords(p)} offered (deprecated by RFC 8996)`, source: `${G}, Changes in 2009q (31 January 2020)`, evidence: proto(p) })
  }
  if (on.length > 0 && !f.protocols['TLSv1.2'] && !f.protocols['TLSv1.3']) {
    out.push({ cap: 'C', rule: 'cap C: neither TLS 1.2 nor TLS 1.3 offered', source: `${G}, Changes in 2009n (January 2017)`, evidence: factEvidence(f, 'TLSv1.2', 'server refused TLS 1.2') })
  }

  // Ciphers.
  const nullish = where((s) => s.bits === 0)
  if (nullish.length > 0) out.push({ cap: 'F', rule: 'cap F: suites without encryption (NULL) accepted (cipher strength 0)', source: `${G}, Cipher strength (Table 4: 0 bits scores 0)`, evidence: hit(nullish) })
  const anon = where((s) => /anon/.test(s.kx))
  if (anon.length > 0) out.push({ cap: 'F', rule: 'cap F: anonymous key exchange accepted (key exchange 0)', source: `${G}, Key exchange (Table 3: anonymous key exchange scores 0)`, evidence: hit(anon) })
  const exp = where((s) => /EXPORT/.test(s.kx))
  if (exp.length > 0) out.push({ cap: 'F', rule: 'cap F: export suites accepted (FREAK/Logjam)', source: `${G}, Changes (export suites, March 2015)`, evidence: hit(exp) })
  const tiny = where((s) => s.bits > 0 && s.bits < 112)
  if (tiny.length > 0) out.push({ cap: 'F', rule: 'cap F: suites with keys under 112 bits accepted (DES, 40-bit)', source: `${G}, Cipher strength (Table 4 scores < 128 bits 20); the F cap for < 112 bits is our choice, as testssl.sh`, evidence: hit(tiny) })
  const rc4 = where((s) => /^RC4/.test(s.cipher))
  if (rc4.length > 0) {
    const rc4Modern = where((s) => /^RC4/.test(s.cipher), modern)
    if (rc4Modern.length > 0) out.push({ cap: 'C', rule: 'cap C: RC4 accepted with TLS 1.1 or newer', source: `${G}, Changes (RC4)`, evidence: hit(rc4Modern) })
    out.push({ cap: 'B', rule: 'cap B: RC4 accepted (RFC 7465 prohibits it)', source: `${G}, Changes (RC4)`, evidence: hit(rc4) })
  }
  const b64 = where((s) => /3DES|IDEA|RC2|MAGMA|28147/i.test(s.cipher) && s.bits >= 112, modern)
  if (b64.length > 0) out.push({ cap: 'C', rule: 'cap C: 64-bit block cipher (3DES) accepted with TLS 1.1 or newer (Sweet32)', source: `${G}, Changes in 2009n (January 2017: 3DES and other 64-bit block ciphers with TLS 1.1+)`, evidence: hit(b64) })

  // Forward secrecy and AEAD (2009p): judged on what a modern client gets — any such suite at all, and, when the
  // server picks by its own order, the suite it prefers on its best protocol (SSL Labs uses browser simulations).
  const bestP: ProtocolName | undefined = on[on.length - 1]
  const first = bestP !== undefined && f.serverPreferenceBy[bestP] === true ? f.suites[bestP]?.[0] : undefined
  const prefers = bestP !== undefined && first ? { p: bestP, s: first } : null
  const src2009p = `${G}, Changes in 2009p (1 March 2018)`
  if (suites.length > 0 && !suites.some(({ s }) => s.forwardSecrecy)) {
    out.push({ cap: 'B', rule: 'cap B: no forward secrecy (no ECDHE/DHE or TLS 1.3 suite accepted)', source: src2009p, evidence: hit(suites) })
  } else if (prefers && !prefers.s.forwardSecrecy) {
    out.push({ cap: 'B', rule: `cap B: no forward secrecy with modern clients (server prefers ${prefers.s.name} on ${protocolWords(prefers.p)})`, source: src2009p, evidence: hit([prefers]) })
  }
  if (suites.length > 0 && !suites.some(({ s }) => s.aead)) {
    out.push({ cap: 'B', rule: 'cap B: no AEAD suite accepted (only CBC/stream ciphers)', source: src2009p, evidence: hit(suites) })
  } else if (prefers && !prefers.s.aead) {
    out.push({ cap: 'B', rule: `cap B: no AEAD with modern clients (server prefers ${prefers.s.name} on ${protocolWords(prefers.p)})`, source: src2009p, evidence: hit([prefers]) })
  }

  // Key exchange strength (the 2009 guide's key rules: < 1024 bits F, < 2048 bits B).
  if (kx > 0 && kx <= 40) out.push({ cap: 'F', rule: `cap F: insecure key exchange (${kxWhat})`, source: `${G}, Changes (keys and DH parameters under 1024 bits)` })
  else if (kx > 40 && kx <= 80) out.push({ cap: 'B', rule: `cap B: weak key exchange (${kxWhat})`, source: `${G}, Changes (keys and DH parameters under 2048 bits, Logjam 2015)` })

  // Protocol features (TLS ≤ 1.2 only: TLS 1.3 has neither compression nor renegotiation).
  const legacy = on.some((p) => p !== 'TLSv1.3')
  if (legacy && f.compression) out.push({ cap: 'C', rule: 'cap C: TLS compression enabled (CRIME, CVE-2012-4929)', source: `${G}, Changes (CRIME, 2012)`, evidence: factEvidence(f, 'compression', 'ServerHello chose DEFLATE compression') })
  if (legacy && !f.secureRenegotiation) {
    out.push({ cap: 'A-', rule: 'cap A-: no secure renegotiation (RFC 5746 renegotiation_info missing); insecure client-initiated renegotiation, which the guide grades F, needs a full handshake to test and is not checked', source: `${G}, Changes (renegotiation); the A- reading is ours, as testssl.sh (a warning)`, evidence: factEvidence(f, 'secureRenegotiation', 'ServerHello without renegotiation_info') })
  }
  if (f.fallbackScsv === false && on.length > 1) out.push({ cap: 'A-', rule: 'cap A-: TLS_FALLBACK_SCSV not honoured (RFC 7507 downgrade protection)', source: `${G}, Changes (TLS_FALLBACK_SCSV, October 2014)`, evidence: factEvidence(f, 'fallbackScsv', 'server accepted a fallback ClientHello carrying TLS_FALLBACK_SCSV') })

  out.push(...certificateCaps(f))
  return out
}

/** Certificate rules: the guide's first step ("is the certificate valid and trusted?"), M and T grades. */
function certificateCaps(f: ScanFacts): Cap[] {
  const c = f.certificate
  if (!c) return []
  const out: Cap[] = []
  const ev = factEvidence(f, 'certificate', `leaf ${c.subject}`)
  const src = `${G}, Methodology (certificate valid and trusted; M and T grades)`
  const codes = c.errors.map((e) => e.code)
  if (codes.some((x) => /REVOKED/.test(x))) out.push({ cap: 'F', rule: 'cap F: certificate revoked', source: `${G}, Certificate (revoked certificates)`, evidence: ev })
  if (!c.hostMatch) out.push({ cap: 'M', rule: `grade M: certificate names do not match ${f.sni ?? f.host}`, source: src, evidence: ev })
  if (/md2|md5/i.test(c.signatureAlgorithm)) out.push({ cap: 'F', rule: `cap F: certificate signed with ${c.signatureAlgorithm} (insecure hash)`, source: `${G}, Certificate (insecure signatures)`, evidence: ev })
  else if (/sha-?1(?!\d)/i.test(c.signatureAlgorithm)) out.push({ cap: 'T', rule: `grade T: certificate signed with ${c.signatureAlgorithm} (SHA-1 certificates are not trusted)`, source: `${G}, Changes (SHA-1 certificates untrusted, January 2017)`, evidence: ev })
  const trust = c.errors.filter((e) => !/REVOKED|HOST|NAME_MISMATCH|MISMATCH/.test(e.code))
  if (c.daysLeft < 0 && !codes.includes('CERT_EXPIRED')) trust.push({ code: 'CERT_EXPIRED', message: `expired ${-c.daysLeft} days ago (${c.notAfter})` })
  if (trust.length > 0 || (!c.valid && c.hostMatch && !codes.some((x) => /REVOKED/.test(x)))) {
    const words = trust.length > 0 ? trust.map((e) => `${e.code}: ${e.message}`).join('; ') : 'chain did not verify'
    out.push({ cap: 'T', rule: `grade T: certificate not trusted (${words})`, source: src, evidence: ev })
  }
  return out
}

/** The grade of a scan, with every score, cap and bonus that produced it. */
export function gradeScan(f: ScanFacts): ScanGrade {
  const p = protocolScore(f)
  const k = keyExchangeScore(f)
  const c = cipherScore(f)
  const zero = p.score === 0 || k.score === 0 || c.score === 0
  const score = zero ? 0 : Math.floor(0.3 * p.score + 0.3 * k.score + 0.4 * c.score)
  const reasons: GradeDeduction[] = [p.reason, k.reason, c.reason]
  const base = letterFor(score)
  reasons.push({ rule: `score ${score} → ${base}${zero ? ' (a category scored 0, so the total is 0)' : ''}`, source: `${G}, Methodology Overview (Table 1: letter grade translation)` })

  const all = caps(f, k.score, k.weakest)
  let letter: Letter = base
  for (const cap of all) {
    reasons.push({ rule: cap.rule, source: cap.source, ...(cap.evidence ? { evidence: cap.evidence } : {}) })
    if (cap.cap !== 'T' && cap.cap !== 'M' && rank(cap.cap) > rank(letter)) letter = cap.cap
  }
  // A+: an A with no cap or warning, and HSTS with a long max-age (the guide's A+ rule asks for at least 6 months).
  if (letter === 'A' && all.every((x) => x.cap === 'T' || x.cap === 'M')) {
    if (f.hsts && f.hsts.maxAge >= HSTS_A_PLUS_MIN_AGE) {
      letter = 'A+'
      reasons.push({ rule: `bonus A+: HSTS with max-age ${f.hsts.maxAge} (≥ 6 months) and no warnings`, source: `${G}, Changes (A+ for HSTS with a long max-age)`, evidence: factEvidence(f, 'hsts', `Strict-Transport-Security: ${f.hsts.raw}`) })
    } else {
      const why = f.hsts ? `HSTS max-age ${f.hsts.maxAge} is under 6 months (${HSTS_A_PLUS_MIN_AGE} s)` : 'no HSTS header was seen'
      reasons.push({ rule: `no A+: ${why}`, source: `${G}, Changes (A+ for HSTS with a long max-age)`, ...(f.evidence?.hsts ? { evidence: f.evidence.hsts } : {}) })
    }
  }
  // Out of scope grades: trust problems make the grade T, a name mismatch M (the guide's step 1); the letter the
  // configuration would otherwise get stays in the reasons.
  const special = all.find((x) => x.cap === 'T') ?? all.find((x) => x.cap === 'M')
  let grade: string = letter
  if (special && letter !== 'F') {
    grade = special.cap
    reasons.push({ rule: `grade ${special.cap} replaces ${letter}: the configuration alone would grade ${letter}`, source: `${G}, Methodology Overview (M and T grades)` })
  }
  return { grade, score, protocolScore: p.score, keyExchangeScore: k.score, cipherScore: c.score, reasons }
}
