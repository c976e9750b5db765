// Mozilla's Server Side TLS profiles (modern / intermediate / old), bundled from the guidelines JSON that
// ssl-config.mozilla.org serves, and the check that says, in words, how a scanned server differs from each.
// Source: https://ssl-config.mozilla.org/guidelines/5.8.json (mozilla/ssl-config-generator, released 2026-04-06).
// Guidelines 6.0 (same day) keep modern and intermediate byte for byte and drop "old"; 5.8 is the newest that has
// all three profiles the scan reports, so it is the one bundled.

import type { MozillaCompliance, MozillaProfileName, ProtocolName } from './scan-model'
import { type ScanFacts, allSuites, groupRsaEquivalent, offeredProtocols, protocolWords } from './scan-grade-scores'

export interface MozillaProfile {
  certificate_curves: string[]
  certificate_signatures: string[]
  certificate_types: string[]
  /** TLS ≤ 1.2 suites, IANA names, in Mozilla's order. */
  ciphers: string[]
  /** TLS 1.3 suites. */
  ciphersuites: string[]
  dh_param_size: number | null
  ecdh_param_size: number
  hsts_min_age: number
  maximum_certificate_lifespan: number
  ocsp_staple: boolean
  oldest_clients: string[]
  rsa_key_size: number | null
  server_preferred_order: boolean
  tls_curves: string[]
  tls_versions: string[]
}

export const MOZILLA_GUIDELINES = { version: '5.8', date: '2026-04-06', href: 'https://ssl-config.mozilla.org/guidelines/5.8.json' }

const TLS13 = ['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256']
const CURVES = ['X25519MLKEM768', 'X25519', 'prime256v1', 'secp384r1']
const ECDHE_AEAD = [
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256', 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256'
]

/** The profiles as the 5.8 JSON gives them (its "iana" cipher lists; oldest_clients for the UI). */
export const MOZILLA_PROFILES: Record<MozillaProfileName, MozillaProfile> = {
  modern: {
    certificate_curves: ['prime256v1', 'secp384r1'],
    certificate_signatures: ['ecdsa-with-SHA256', 'ecdsa-with-SHA384', 'ecdsa-with-SHA512'],
    certificate_types: ['ecdsa'],
    ciphers: [],
    ciphersuites: TLS13,
    dh_param_size: null,
    ecdh_param_size: 256,
    hsts_min_age: 63072000,
    maximum_certificate_lifespan: 90,
    ocsp_staple: true,
    oldest_clients: ['Firefox 63', 'Android 10.0', 'Chrome 70', 'Edge 75', 'Java 11', 'OpenSSL 1.1.1', 'Opera 57', 'Safari 12.1'],
    rsa_key_size: null,
    server_preferred_order: false,
    tls_curves: CURVES,
    tls_versions: ['TLSv1.3']
  },
  intermediate: {
    certificate_curves: ['prime256v1', 'secp384r1'],
    certificate_signatures: ['sha256WithRSAEncryption', 'ecdsa-with-SHA256', 'ecdsa-with-SHA384', 'ecdsa-with-SHA512'],
    certificate_types: ['ecdsa', 'rsa'],
    ciphers: ECDHE_AEAD,
    ciphersuites: TLS13,
    dh_param_size: 2048,
    ecdh_param_size: 256,
    hsts_min_age: 63072000,
    maximum_certificate_lifespan: 366,
    ocsp_staple: true,
    oldest_clients: ['Firefox 31.3.0', 'Android 4.4.2', 'Chrome 49', 'Edge 15 on Windows 10', 'IE 11 on Windows 10', 'Java 8u161', 'OpenSSL 1.0.1l', 'Opera 20', 'Safari 9'],
    rsa_key_size: 2048,
    server_preferred_order: false,
    tls_curves: CURVES,
    tls_versions: ['TLSv1.2', 'TLSv1.3']
  },
  old: {
    certificate_curves: ['prime256v1', 'secp384r1'],
    certificate_signatures: ['sha256WithRSAEncryption'],
    certificate_types: ['rsa'],
    ciphers: [
      ...ECDHE_AEAD,
      'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256', 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256', 'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA',
      'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA', 'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384', 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384',
      'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA', 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA', 'TLS_RSA_WITH_AES_128_GCM_SHA256',
      'TLS_RSA_WITH_AES_256_GCM_SHA384', 'TLS_RSA_WITH_AES_128_CBC_SHA256', 'TLS_RSA_WITH_AES_256_CBC_SHA256',
      'TLS_RSA_WITH_AES_128_CBC_SHA', 'TLS_RSA_WITH_AES_256_CBC_SHA', 'TLS_RSA_WITH_3DES_EDE_CBC_SHA'
    ],
    ciphersuites: TLS13,
    dh_param_size: 2048,
    ecdh_param_size: 256,
    hsts_min_age: 63072000,
    maximum_certificate_lifespan: 366,
    ocsp_staple: true,
    oldest_clients: ['Firefox 1', 'Android 2.3', 'Chrome 1', 'Edge 12', 'IE8 on Windows XP', 'Java 6', 'OpenSSL 0.9.8', 'Opera 5', 'Safari 1'],
    rsa_key_size: 2048,
    server_preferred_order: true,
    tls_curves: CURVES,
    tls_versions: ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']
  }
}

/** Mozilla/OpenSSL spellings → our names (OpenSSL says "TLSv1" for TLS 1.0, "prime256v1" for secp256r1). */
const VERSION: Record<string, ProtocolName> = { SSLv3: 'SSLv3', TLSv1: 'TLSv1.0', 'TLSv1.1': 'TLSv1.1', 'TLSv1.2': 'TLSv1.2', 'TLSv1.3': 'TLSv1.3' }
const CURVE: Record<string, string> = { X25519MLKEM768: 'x25519mlkem768', X25519: 'x25519', prime256v1: 'secp256r1', secp384r1: 'secp384r1' }

/** Key type, hash and scheme of a signature algorithm written any common way ("sha256WithRSAEncryption", "ECDSA with SHA-384"). */
function signatureKind(name: string): string | null {
  const n = name.toLowerCase().replace(/[^a-z0-9]/g, '')
  const hash = n.match(/sha(1|224|256|384|512)/)?.[1]
  if (!hash) return /md5|md2/.test(n) ? 'md5' : null
  const key = /pss/.test(n) ? 'rsapss' : /ecdsa/.test(n) ? 'ecdsa' : /rsa/.test(n) ? 'rsa' : /ed25519|ed448/.test(n) ? 'eddsa' : null
  return key ? `${key}-sha${hash}` : null
}

const keyType = (alg: string): string => (/rsa/i.test(alg) ? 'rsa' : /^(ec|ecdsa|id-ecpublickey)/i.test(alg) ? 'ecdsa' : alg.toLowerCase())
/** The curve of an EC certificate key in OpenSSL's spelling, from "EC P-256" (the engine's words) or the size alone. */
function curveOf(alg: string, bits: number): string | null {
  const named = alg.match(/P-(256|384|521)|prime256v1|secp(256|384|521)[rk]1/i)
  if (named) return /256/.test(named[0]) && !/k1$/i.test(named[0]) ? 'prime256v1' : /384/.test(named[0]) ? 'secp384r1' : /521/.test(named[0]) ? 'secp521r1' : null
  if (/\s/.test(alg.trim())) return null
  return bits === 256 ? 'prime256v1' : bits === 384 ? 'secp384r1' : bits === 521 ? 'secp521r1' : null
}

/** How the server differs from one profile, in words; empty when it complies. */
export function profileDifferences(f: ScanFacts, name: MozillaProfileName, prof: MozillaProfile = MOZILLA_PROFILES[name]): string[] {
  const out: string[] = []
  const allowed = new Set(prof.tls_versions.map((v) => VERSION[v]))
  const on = offeredProtocols(f)
  for (const p of on) if (!allowed.has(p)) out.push(`offers ${protocolWords(p)} (not in ${name})`)
  // Every profile enables TLS 1.2 and/or 1.3 for its oldest clients; lacking one of those is a difference too.
  for (const p of ['TLSv1.2', 'TLSv1.3'] as const) if (allowed.has(p) && !f.protocols[p]) out.push(`lacks ${protocolWords(p)}`)

  const seen = new Set<string>()
  for (const { p, s } of allSuites(f)) {
    if (!allowed.has(p) || seen.has(s.name)) continue
    const list = p === 'TLSv1.3' ? prof.ciphersuites : prof.ciphers
    if (!list.includes(s.name)) {
      seen.add(s.name)
      out.push(`offers ${s.name} (not in ${name})`)
    }
    if (prof.dh_param_size && s.dhBits && s.dhBits < prof.dh_param_size) out.push(`uses ${s.dhBits}-bit DH parameters with ${s.name} (${name} asks for ${prof.dh_param_size})`)
  }
  const curves = new Set(prof.tls_curves.map((c) => CURVE[c] ?? c.toLowerCase()))
  for (const g of f.groups) {
    if (curves.has(g.toLowerCase())) continue
    // An elliptic curve under ecdh_param_size bits (≈ 3072-bit RSA and below 256-bit curves) is named as such.
    const eq = groupRsaEquivalent(g)
    const small = eq !== null && !/^ffdhe/i.test(g) && eq < 3072 ? `; under ${prof.ecdh_param_size} bits` : ''
    out.push(`offers group ${g} (not in ${name}${small})`)
  }
  // a TLS ≤ 1.2 protocol seen following the client's order (null, too few suites to tell, is not that)
  const clientOrder = on.some((p) => p !== 'TLSv1.3' && (f.serverPreferenceBy[p] === false || (f.serverPreferenceBy[p] === undefined && !f.serverPreference)))
  if (prof.server_preferred_order && clientOrder) out.push(`does not enforce its own cipher order (${name} asks the server to choose)`)

  const c = f.certificate
  if (c) {
    const type = keyType(c.keyAlgorithm)
    if (!prof.certificate_types.includes(type)) out.push(`uses an ${c.keyAlgorithm} certificate key (${name} wants ${prof.certificate_types.join(' or ')})`)
    if (type === 'rsa' && prof.rsa_key_size && c.keyBits < prof.rsa_key_size) out.push(`uses a ${c.keyBits}-bit RSA key (${name} asks for ${prof.rsa_key_size})`)
    if (type === 'ecdsa' && prof.certificate_types.includes('ecdsa')) {
      const curve = curveOf(c.keyAlgorithm, c.keyBits)
      if (!curve || !prof.certificate_curves.includes(curve)) out.push(`uses a ${c.keyBits}-bit EC key (${name} wants ${prof.certificate_curves.join(' or ')})`)
    }
    const sig = signatureKind(c.signatureAlgorithm)
    const wanted = prof.certificate_signatures.map(signatureKind)
    if (sig && !wanted.includes(sig)) out.push(`certificate signed with ${c.signatureAlgorithm} (${name} wants ${prof.certificate_signatures.join(', ')})`)
    const life = Math.round((Date.parse(c.notAfter) - Date.parse(c.notBefore)) / 86_400_000)
    if (Number.isFinite(life) && life > prof.maximum_certificate_lifespan) out.push(`certificate lifetime ${life} days (${name} allows at most ${prof.maximum_certificate_lifespan})`)
  }
  // A hostile server can accept hundreds of suites: keep the list readable.
  return out.length > MAX_DIFFERENCES ? [...out.slice(0, MAX_DIFFERENCES), `… and ${out.length - MAX_DIFFERENCES} more`] : out
}

const MAX_DIFFERENCES = 40

/**
 * How far the server is from a profile, for "closest": the protocol set first (a profile that would switch versions
 * on or off is a bigger change than one suite), then every offending suite counted — including the TLS ≤ 1.2 suites
 * a TLS 1.3-only profile would drop with their protocol, which its list of differences names only as "offers TLS
 * 1.2" — then the other differences.
 */
function distance(f: ScanFacts, name: MozillaProfileName, differences: number): [number, number, number] {
  const prof = MOZILLA_PROFILES[name]
  const allowed = new Set(prof.tls_versions.map((v) => VERSION[v]))
  let protocols = offeredProtocols(f).filter((p) => !allowed.has(p)).length
  for (const p of ['TLSv1.2', 'TLSv1.3'] as const) if (allowed.has(p) && !f.protocols[p]) protocols++
  const suites = new Set<string>()
  for (const { p, s } of allSuites(f)) {
    const list = p === 'TLSv1.3' ? prof.ciphersuites : prof.ciphers
    if (!allowed.has(p) || !list.includes(s.name)) suites.add(`${p === 'TLSv1.3' ? '1.3' : 'legacy'}:${s.name}`)
  }
  return [protocols, suites.size, differences]
}

/** The profile the server is nearest to (the strictest it complies with, when it complies with one). */
export function closestProfile(f: ScanFacts, m: Pick<MozillaCompliance, 'best' | 'profiles'>): MozillaProfileName {
  if (m.best) return m.best
  // ties go to intermediate, Mozilla's recommendation for general-purpose servers
  const names: MozillaProfileName[] = ['intermediate', 'modern', 'old']
  const scored = names.map((n) => ({ n, d: distance(f, n, m.profiles[n].differences.length) }))
  scored.sort((a, b) => a.d[0] - b.d[0] || a.d[1] - b.d[1] || a.d[2] - b.d[2])
  return (scored[0] as { n: MozillaProfileName }).n
}

/** Compliance with each profile, the strictest one the server complies with, and the closest one. */
export function mozillaCompliance(f: ScanFacts): MozillaCompliance {
  const names: MozillaProfileName[] = ['modern', 'intermediate', 'old']
  const profiles = {} as MozillaCompliance['profiles']
  for (const n of names) {
    const differences = profileDifferences(f, n)
    profiles[n] = { complies: differences.length === 0, differences }
  }
  const best = names.find((n) => profiles[n].complies) ?? null
  return { best, closest: closestProfile(f, { best, profiles }), profiles, version: `${MOZILLA_GUIDELINES.version} (${MOZILLA_GUIDELINES.date})` }
}
