// The three numeric categories of the SSL Labs SSL Server Rating Guide (version 2009q): protocol support (30 %),
// key exchange (30 %) and cipher strength (40 %), each 0–100, with the guide's tables. Kept apart from the caps in
// scan-grade.ts so the tables can be read (and tested) against the guide line by line.

import type { GradeDeduction, ProtocolName, ScanEvidence, ScanResult, SuiteInfo } from './scan-model'
import { PROTOCOLS } from './scan-model'

/** The facts the grade, the Mozilla check and the findings read: a ScanResult before it is judged. */
export type ScanFacts = Omit<ScanResult, 'grade' | 'gradeDetails' | 'mozillaProfile' | 'mozilla' | 'findings' | 'timeMs' | 'probes'> & {
  /**
   * Evidence the engine kept, by fact: a protocol name ("TLSv1.0"), "fallbackScsv", "compression",
   * "secureRenegotiation", "heartbeat", "certificate", "hsts", "ocspStapling", "dh", or a group name.
   */
  evidence?: Record<string, ScanEvidence[]>
}

export const RATING_GUIDE = 'SSL Labs SSL Server Rating Guide 2009q (31 January 2020), https://github.com/ssllabs/research/wiki/SSL-Server-Rating-Guide'

/** Six months, the HSTS max-age the guide asks for before it awards A+. */
export const HSTS_A_PLUS_MIN_AGE = 15552000

/** Table 2 of the guide (protocol support); TLS 1.3 scores as TLS 1.2 (testssl.sh's reading of 2009q). */
export const PROTOCOL_SCORE: Record<ProtocolName, number> = { SSLv3: 80, 'TLSv1.0': 90, 'TLSv1.1': 95, 'TLSv1.2': 100, 'TLSv1.3': 100 }

const PROTOCOL_WORDS: Record<ProtocolName, string> = { SSLv3: 'SSL 3.0', 'TLSv1.0': 'TLS 1.0', 'TLSv1.1': 'TLS 1.1', 'TLSv1.2': 'TLS 1.2', 'TLSv1.3': 'TLS 1.3' }
export const protocolWords = (p: ProtocolName): string => PROTOCOL_WORDS[p]

export const offeredProtocols = (f: ScanFacts): ProtocolName[] => PROTOCOLS.filter((p) => f.protocols[p])

/** Every suite found, with the protocol it was found on. */
export function allSuites(f: ScanFacts): { p: ProtocolName; s: SuiteInfo }[] {
  const out: { p: ProtocolName; s: SuiteInfo }[] = []
  for (const p of PROTOCOLS) for (const s of f.suites[p] ?? []) if (s.id !== 0x00ff && s.id !== 0x5600) out.push({ p, s })
  return out
}

/** Evidence for a fact: the engine's when it kept some, else a line that says which fact of the scan it is. */
export function factEvidence(f: ScanFacts, key: string, words: string): ScanEvidence[] {
  const kept = f.evidence?.[key]
  return kept && kept.length > 0 ? kept.slice(0, 4) : [{ probe: key, answer: words }]
}

/** Evidence of the suites that triggered a rule (first few; each suite's own probe when the engine kept it). */
export function suiteEvidence(hits: { p: ProtocolName; s: SuiteInfo }[]): ScanEvidence[] {
  return hits.slice(0, 4).flatMap(({ p, s }) => s.evidence?.slice(0, 1) ?? [{ probe: `suites ${p}`, answer: `server accepted ${s.name} with ${protocolWords(p)}` }])
}

/** Section "Protocol support": (best + worst) / 2. */
export function protocolScore(f: ScanFacts): { score: number; reason: GradeDeduction } {
  const on = offeredProtocols(f)
  if (on.length === 0) return { score: 0, reason: { rule: 'protocol 0/100: no protocol accepted', source: `${RATING_GUIDE}, Protocol support` } }
  const scores = on.map((p) => PROTOCOL_SCORE[p])
  const best = Math.max(...scores)
  const worst = Math.min(...scores)
  const bestP = on[scores.lastIndexOf(best)] as ProtocolName
  const worstP = on[scores.indexOf(worst)] as ProtocolName
  const score = Math.floor((best + worst) / 2)
  return {
    score,
    reason: { rule: `protocol ${score}/100: best ${protocolWords(bestP)} (${best}), worst ${protocolWords(worstP)} (${worst}), (best + worst) / 2`, source: `${RATING_GUIDE}, Protocol support (Table 2)` }
  }
}

/**
 * RSA-equivalent size of an elliptic-curve key or group (NIST SP 800-57 Part 1 Rev. 5 Table 2: 224–255-bit curves
 * ≈ 2048, 256–383 ≈ 3072, 384–511 ≈ 7680, 512+ ≈ 15360; 160–223 ≈ 1024). The guide speaks of RSA and DH sizes only;
 * this mapping is our choice, and matches the 90 that SSL Labs shows for P-256/X25519 key exchange.
 */
export function ecRsaEquivalent(bits: number): number {
  if (bits >= 512) return 15360
  if (bits >= 384) return 7680
  if (bits >= 255) return 3072
  if (bits >= 224) return 2048
  if (bits >= 160) return 1024
  return 512
}

/** RSA-equivalent sizes of named groups; ML-KEM hybrids count as their ML-KEM category (768 ≈ AES-192: our choice). */
export function groupRsaEquivalent(name: string): number | null {
  const n = name.toLowerCase()
  if (/mlkem1024|kyber1024/.test(n)) return 15360
  if (/mlkem768|kyber768/.test(n)) return 7680
  if (/mlkem512/.test(n)) return 3072
  if (n === 'x25519') return 3072
  if (n === 'x448') return 7680
  const ff = n.match(/^ffdhe(\d+)$/)
  if (ff) return Number(ff[1])
  const ec = n.match(/^(?:secp|sect|brainpoolp)(\d+)/)
  if (ec) return ecRsaEquivalent(Number(ec[1]))
  return null
}

/** Table 3 of the guide (key exchange) for an RSA/DH-equivalent size in bits. */
export function keySizeScore(bits: number): number {
  if (bits < 512) return 20
  if (bits < 1024) return 40
  if (bits < 2048) return 80
  if (bits < 4096) return 90
  return 100
}

/** Section "Key exchange": the weakest of the certificate key, the DH primes, the ECDHE groups and the suite types. */
export function keyExchangeScore(f: ScanFacts): { score: number; reason: GradeDeduction; weakest: string } {
  const parts: { score: number; what: string; evidence?: ScanEvidence[] }[] = []
  const cert = f.certificate
  if (cert && cert.keyBits > 0) {
    const ec = /^(ec|ecdsa|ed25519|ed448)/i.test(cert.keyAlgorithm)
    const eq = /ed25519/i.test(cert.keyAlgorithm) ? 3072 : /ed448/i.test(cert.keyAlgorithm) ? 7680 : ec ? ecRsaEquivalent(cert.keyBits) : cert.keyBits
    parts.push({ score: keySizeScore(eq), what: `${cert.keyBits}-bit ${cert.keyAlgorithm} certificate key${ec ? ` (≈ ${eq}-bit RSA)` : ''}`, evidence: factEvidence(f, 'certificate', `certificate key ${cert.keyAlgorithm} ${cert.keyBits} bits`) })
  }
  const suites = allSuites(f)
  for (const { p, s } of suites) {
    if (/anon/.test(s.kx)) parts.push({ score: 0, what: `anonymous key exchange (${s.name})`, evidence: suiteEvidence([{ p, s }]) })
    else if (/EXPORT/.test(s.kx)) parts.push({ score: 40, what: `export key exchange (${s.name})`, evidence: suiteEvidence([{ p, s }]) })
    if (s.dhBits) parts.push({ score: keySizeScore(s.dhBits), what: `${s.dhBits}-bit DH parameters (${s.name})`, evidence: s.evidence?.slice(0, 1) ?? factEvidence(f, 'dh', `DHE with a ${s.dhBits}-bit prime`) })
  }
  const groups = new Set<string>(f.groups)
  for (const { s } of suites) if (s.ecdheGroup) groups.add(s.ecdheGroup)
  for (const g of groups) {
    const eq = groupRsaEquivalent(g)
    if (eq !== null) parts.push({ score: keySizeScore(eq), what: `group ${g} (≈ ${eq}-bit RSA)`, evidence: factEvidence(f, g, `server accepted group ${g}`) })
  }
  const source = `${RATING_GUIDE}, Key exchange (Table 3)`
  if (parts.length === 0) return { score: 0, weakest: 'nothing known', reason: { rule: 'key exchange 0/100: no certificate key or key exchange was seen', source } }
  const weakest = parts.reduce((a, b) => (b.score < a.score ? b : a))
  return { score: weakest.score, weakest: weakest.what, reason: { rule: `key exchange ${weakest.score}/100: weakest is ${weakest.what}`, source, evidence: weakest.evidence } }
}

/** Table 4 of the guide (cipher strength) for a key size in bits. */
export function cipherBitsScore(bits: number): number {
  if (bits <= 0) return 0
  if (bits < 128) return 20
  if (bits < 256) return 80
  return 100
}

/** Section "Cipher strength": (strongest + weakest) / 2 over every suite accepted. */
export function cipherScore(f: ScanFacts): { score: number; reason: GradeDeduction } {
  const suites = allSuites(f)
  const source = `${RATING_GUIDE}, Cipher strength (Table 4)`
  if (suites.length === 0) return { score: 0, reason: { rule: 'cipher 0/100: no cipher suite accepted', source } }
  const best = suites.reduce((a, b) => (b.s.bits > a.s.bits ? b : a))
  const worst = suites.reduce((a, b) => (b.s.bits < a.s.bits ? b : a))
  const score = Math.floor((cipherBitsScore(best.s.bits) + cipherBitsScore(worst.s.bits)) / 2)
  return {
    score,
    reason: {
      rule: `cipher ${score}/100: strongest ${best.s.bits} bits (${best.s.name}), weakest ${worst.s.bits} bits (${worst.s.name})`,
      source,
      evidence: suiteEvidence([worst])
    }
  }
}
