import { describe, expect, it } from 'vitest'
import { MOZILLA_GUIDELINES, MOZILLA_PROFILES, closestProfile, mozillaCompliance } from './mozilla-profiles'
import { ECDSA_CERT, INTERMEDIATE_RSA, OLD_RSA, TLS13, buildFacts, type FactsSpec } from './scan-facts-fixtures'

const CBC10 = ['TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA', 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA']
const intermediate: FactsSpec = { suites: { 'TLSv1.2': INTERMEDIATE_RSA, 'TLSv1.3': TLS13 } }
const old: FactsSpec = { suites: { 'TLSv1.0': CBC10, 'TLSv1.1': CBC10, 'TLSv1.2': OLD_RSA, 'TLSv1.3': TLS13 }, serverPreference: true }

// Each row: facts → the strictest profile complied with, and differences that must be listed per profile.
const table: [string, FactsSpec, string | null, Partial<Record<'modern' | 'intermediate' | 'old', string[]>>][] = [
  ['modern TLS 1.3-only, ECDSA, 90-day certificate', { suites: { 'TLSv1.3': TLS13 }, cert: ECDSA_CERT }, 'modern', { intermediate: ['lacks TLS 1.2'] }],
  ['modern TLS 1.3-only with an RSA certificate', { suites: { 'TLSv1.3': TLS13 } }, null, {
    modern: ['uses an RSA certificate key (modern wants ecdsa)', 'certificate lifetime 365 days (modern allows at most 90)'], intermediate: ['lacks TLS 1.2']
  }],
  ['intermediate', intermediate, 'intermediate', { modern: ['offers TLS 1.2 (not in modern)', 'uses an RSA certificate key (modern wants ecdsa)'] }],
  ['intermediate without TLS 1.3', { suites: { 'TLSv1.2': INTERMEDIATE_RSA } }, null, { intermediate: ['lacks TLS 1.3'] }],
  ['TLS 1.0/1.1 with CBC, server order', old, 'old', {
    intermediate: ['offers TLS 1.0 (not in intermediate)', 'offers TLS 1.1 (not in intermediate)', 'offers TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA (not in intermediate)', 'offers TLS_RSA_WITH_AES_128_CBC_SHA (not in intermediate)']
  }],
  ['TLS 1.0/1.1 without server order', { ...old, serverPreference: false }, null, { old: ['does not enforce its own cipher order (old asks the server to choose)'] }],
  ['3DES is still in old', { ...old, suites: { ...old.suites, 'TLSv1.2': [...OLD_RSA, 'TLS_RSA_WITH_3DES_EDE_CBC_SHA'] } }, 'old', { intermediate: ['offers TLS_RSA_WITH_3DES_EDE_CBC_SHA (not in intermediate)'] }],
  ['RC4 is in no profile', { ...old, suites: { ...old.suites, 'TLSv1.0': [...CBC10, 'TLS_RSA_WITH_RC4_128_SHA'] } }, null, { old: ['offers TLS_RSA_WITH_RC4_128_SHA (not in old)'] }],
  ['SSL 3.0 is in no profile', { ...old, suites: { ...old.suites, SSLv3: ['TLS_RSA_WITH_AES_128_CBC_SHA'] } }, null, { old: ['offers SSL 3.0 (not in old)'] }],
  ['DHE suites left out since 5.8', { suites: { 'TLSv1.2': [...INTERMEDIATE_RSA, 'TLS_DHE_RSA_WITH_AES_128_GCM_SHA256'], 'TLSv1.3': TLS13 }, dhBits: 1024 }, null, {
    intermediate: ['offers TLS_DHE_RSA_WITH_AES_128_GCM_SHA256 (not in intermediate)', 'uses 1024-bit DH parameters with TLS_DHE_RSA_WITH_AES_128_GCM_SHA256 (intermediate asks for 2048)']
  }],
  ['groups beyond the list', { ...intermediate, groups: ['x25519', 'secp256r1', 'x448', 'secp224r1'] }, null, {
    intermediate: ['offers group x448 (not in intermediate)', 'offers group secp224r1 (not in intermediate; under 256 bits)']
  }],
  ['1024-bit RSA key', { ...intermediate, cert: { keyBits: 1024 } }, null, { intermediate: ['uses a 1024-bit RSA key (intermediate asks for 2048)'] }],
  ['SHA-1 signature', { ...intermediate, cert: { signatureAlgorithm: 'sha1WithRSAEncryption' } }, null, {
    intermediate: ['certificate signed with sha1WithRSAEncryption (intermediate wants sha256WithRSAEncryption, ecdsa-with-SHA256, ecdsa-with-SHA384, ecdsa-with-SHA512)']
  }],
  ['secp256k1 certificate key', { suites: { 'TLSv1.3': TLS13 }, cert: { ...ECDSA_CERT, keyAlgorithm: 'EC secp256k1' } }, null, { modern: ['uses a 256-bit EC key (modern wants prime256v1 or secp384r1)'] }],
  ['two-year certificate', { ...intermediate, cert: { notBefore: '2026-01-01T00:00:00Z', notAfter: '2028-01-01T00:00:00Z' } }, null, { intermediate: ['certificate lifetime 730 days (intermediate allows at most 366)'] }]
]

describe('mozillaCompliance (Mozilla Server Side TLS guidelines 5.8)', () => {
  it.each(table)('%s → %s', (_name, spec, best, diffs) => {
    const m = mozillaCompliance(buildFacts(spec))
    expect(m.best, JSON.stringify(m.profiles, null, 1)).toBe(best)
    for (const [profile, want] of Object.entries(diffs)) {
      const got = m.profiles[profile as 'old'].differences
      for (const d of want) expect(got, `${profile}: ${got.join(' | ')}`).toContain(d)
      expect(m.profiles[profile as 'old'].complies).toBe(false)
    }
    if (best) expect(m.profiles[best as 'old']).toEqual({ complies: true, differences: [] })
  })

  it('closest: the protocol set first, then every offending suite (modern does not look closest to an old server)', () => {
    const oldish = buildFacts({ suites: { ...old.suites, 'TLSv1.2': [...(old.suites['TLSv1.2'] ?? []), 'TLS_DHE_RSA_WITH_AES_128_CBC_SHA'] }, dhBits: 1024, cert: ECDSA_CERT, serverPreference: false, groups: ['x25519', 'x448'] })
    const m = mozillaCompliance(oldish)
    expect(m.best).toBeNull()
    // modern lists fewer differences (its TLS ≤ 1.2 suites go unnamed), yet old is the nearer configuration
    expect(m.profiles.modern.differences.length).toBeLessThan(m.profiles.old.differences.length)
    expect(m.closest).toBe('old')
    expect(closestProfile(oldish, m)).toBe('old')
    expect(mozillaCompliance(buildFacts({ suites: { 'TLSv1.2': INTERMEDIATE_RSA, 'TLSv1.3': TLS13 }, groups: ['x25519', 'x448'] })).closest).toBe('intermediate')
    expect(mozillaCompliance(buildFacts(intermediate)).closest).toBe('intermediate')
  })

  it('records the guidelines version and bundles the three profiles', () => {
    expect(mozillaCompliance(buildFacts(intermediate)).version).toBe('5.8 (2026-04-06)')
    expect(MOZILLA_GUIDELINES.href).toBe('https://ssl-config.mozilla.org/guidelines/5.8.json')
    expect(MOZILLA_PROFILES.modern.tls_versions).toEqual(['TLSv1.3'])
    expect(MOZILLA_PROFILES.intermediate.ciphers).toHaveLength(6)
    expect(MOZILLA_PROFILES.old.ciphers).toContain('TLS_RSA_WITH_3DES_EDE_CBC_SHA')
  })

  it('keeps the list of differences short for a server that accepts everything', () => {
    const many = ['TLS_RSA_WITH_AES_128_CBC_SHA', 'TLS_RSA_WITH_AES_256_CBC_SHA', 'TLS_RSA_WITH_CAMELLIA_128_CBC_SHA', 'TLS_RSA_WITH_SEED_CBC_SHA']
    const groups = Array.from({ length: 100 }, (_, i) => `group${i}`)
    const m = mozillaCompliance(buildFacts({ suites: { 'TLSv1.2': many }, groups }))
    expect(m.profiles.intermediate.differences.length).toBeLessThanOrEqual(41)
    expect(m.profiles.intermediate.differences.at(-1)).toMatch(/^… and \d+ more$/)
  })
})
