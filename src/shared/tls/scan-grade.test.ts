import { describe, expect, it } from 'vitest'
import { gradeScan, letterFor } from './scan-grade'
import { keySizeScore, cipherBitsScore } from './scan-grade-scores'
import { ECDSA_CERT, INTERMEDIATE_RSA, OLD_RSA, TLS13, buildFacts, type FactsSpec } from './scan-facts-fixtures'

const TWO_YEARS = 63072000
const CBC10 = ['TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA', 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA']
const DHE = 'TLS_DHE_RSA_WITH_AES_128_GCM_SHA256'
const intermediate: FactsSpec = { suites: { 'TLSv1.2': INTERMEDIATE_RSA, 'TLSv1.3': TLS13 } }

// Each row: facts → the grade the rating guide's rules give, and the rules (as words) that must be among the reasons.
const table: [string, FactsSpec, string, RegExp[]][] = [
  ['modern TLS 1.3-only, no HSTS', { suites: { 'TLSv1.3': TLS13 }, cert: ECDSA_CERT }, 'A', [/^protocol 100\/100/, /^key exchange 90\/100/, /^cipher 90\/100/, /^no A\+: no HSTS/]],
  ['modern TLS 1.3-only with HSTS 2 years', { suites: { 'TLSv1.3': TLS13 }, cert: ECDSA_CERT, hsts: TWO_YEARS }, 'A+', [/^bonus A\+: HSTS/]],
  ['intermediate (TLS 1.2 + 1.3, ECDHE AEAD)', intermediate, 'A', [/^score 93 → A/]],
  ['intermediate with HSTS under 6 months', { ...intermediate, hsts: 86400 }, 'A', [/^no A\+: HSTS max-age 86400/]],
  ['TLS 1.0 and 1.1 besides 1.2/1.3', { suites: { 'TLSv1.0': CBC10, 'TLSv1.1': CBC10, 'TLSv1.2': OLD_RSA, 'TLSv1.3': TLS13 } }, 'B', [/^cap B: TLS 1\.0 offered/, /^cap B: TLS 1\.1 offered/, /^protocol 95\/100/]],
  ['3DES and CBC SHA-1 with TLS 1.0', { suites: { 'TLSv1.0': ['TLS_RSA_WITH_3DES_EDE_CBC_SHA', ...CBC10], 'TLSv1.2': [...INTERMEDIATE_RSA, 'TLS_RSA_WITH_3DES_EDE_CBC_SHA'] } }, 'C', [/^cap C: 64-bit block cipher/, /^cap B: TLS 1\.0/]],
  ['1024-bit DH', { suites: { 'TLSv1.2': [DHE, ...INTERMEDIATE_RSA], 'TLSv1.3': TLS13 }, dhBits: 1024 }, 'B', [/^key exchange 80\/100: weakest is 1024-bit DH/, /^cap B: weak key exchange/]],
  ['512-bit DH', { suites: { 'TLSv1.2': [DHE, ...INTERMEDIATE_RSA] }, dhBits: 512 }, 'F', [/^cap F: insecure key exchange/]],
  ['1024-bit RSA certificate', { ...intermediate, cert: { keyBits: 1024 } }, 'B', [/^cap B: weak key exchange \(1024-bit RSA certificate key\)/]],
  ['expired certificate', { ...intermediate, cert: { valid: false, daysLeft: -3, errors: [{ code: 'CERT_EXPIRED', message: 'scan.test expired on 2026-05-29.' }] } }, 'T', [/^grade T: certificate not trusted \(CERT_EXPIRED/, /^grade T replaces A/]],
  ['self-signed certificate', { ...intermediate, cert: { valid: false, errors: [{ code: 'SELF_SIGNED_UNTRUSTED', message: 'self-signed' }] } }, 'T', [/SELF_SIGNED_UNTRUSTED/]],
  ['name mismatch', { ...intermediate, cert: { valid: false, hostMatch: false } }, 'M', [/^grade M: certificate names do not match scan\.test/]],
  ['SHA-1 signed certificate', { ...intermediate, cert: { signatureAlgorithm: 'sha1WithRSAEncryption' } }, 'T', [/SHA-1 certificates are not trusted/]],
  ['RC4 on TLS 1.0 only', { suites: { 'TLSv1.0': ['TLS_RSA_WITH_RC4_128_SHA'], 'TLSv1.2': INTERMEDIATE_RSA } }, 'B', [/^cap B: RC4 accepted/]],
  ['RC4 on TLS 1.2', { suites: { 'TLSv1.2': [...INTERMEDIATE_RSA, 'TLS_RSA_WITH_RC4_128_SHA'] } }, 'C', [/^cap C: RC4 accepted with TLS 1\.1 or newer/]],
  ['no forward secrecy', { suites: { 'TLSv1.2': ['TLS_RSA_WITH_AES_128_GCM_SHA256', 'TLS_RSA_WITH_AES_256_GCM_SHA384'] } }, 'B', [/^cap B: no forward secrecy/]],
  ['server prefers a non-FS suite', { suites: { 'TLSv1.2': ['TLS_RSA_WITH_AES_128_GCM_SHA256', ...INTERMEDIATE_RSA] }, serverPreference: true }, 'B', [/^cap B: no forward secrecy with modern clients \(server prefers TLS_RSA_WITH_AES_128_GCM_SHA256/]],
  ['no AEAD', { suites: { 'TLSv1.2': ['TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256', 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384'] } }, 'B', [/^cap B: no AEAD/]],
  ['SSL 3.0 with CBC besides TLS 1.2', { suites: { SSLv3: ['TLS_RSA_WITH_AES_128_CBC_SHA'], 'TLSv1.2': INTERMEDIATE_RSA } }, 'C', [/^cap C: SSL 3\.0 with CBC/, /^cap B: SSL 3\.0 offered/, /^protocol 90\/100/]],
  ['SSL 3.0 only', { suites: { SSLv3: ['TLS_RSA_WITH_AES_128_CBC_SHA'] } }, 'F', [/^cap F: SSL 3\.0 is the best protocol/]],
  ['TLS compression', { ...intermediate, compression: true }, 'C', [/^cap C: TLS compression/]],
  ['no TLS_FALLBACK_SCSV', { ...intermediate, fallbackScsv: false, hsts: TWO_YEARS }, 'A-', [/^cap A-: TLS_FALLBACK_SCSV/]],
  ['no secure renegotiation', { ...intermediate, secureRenegotiation: false }, 'A-', [/^cap A-: no secure renegotiation/]],
  ['NULL cipher', { suites: { 'TLSv1.2': [...INTERMEDIATE_RSA, 'TLS_RSA_WITH_NULL_SHA256'] } }, 'F', [/^cipher 50\/100/, /^cap F: suites without encryption/]],
  ['anonymous DH', { suites: { 'TLSv1.2': [...INTERMEDIATE_RSA, 'TLS_DH_anon_WITH_AES_128_GCM_SHA256'] } }, 'F', [/^key exchange 0\/100/, /^score 0 → F \(a category scored 0/]],
  ['only TLS 1.0', { suites: { 'TLSv1.0': CBC10 } }, 'C', [/^cap C: neither TLS 1\.2 nor TLS 1\.3/]]
]

describe('gradeScan (SSL Labs rating guide 2009q)', () => {
  it.each(table)('%s → %s', (_name, spec, grade, rules) => {
    const g = gradeScan(buildFacts(spec))
    const words = g.reasons.map((r) => r.rule)
    expect(g.grade, words.join('\n')).toBe(grade)
    for (const rule of rules) expect(words.some((w) => rule.test(w)), `${rule} in\n${words.join('\n')}`).toBe(true)
    for (const r of g.reasons) expect(r.source).toMatch(/Rating Guide 2009q/)
  })

  it('copies the evidence the engine kept for a protocol into the cap', () => {
    const f = buildFacts({ suites: { 'TLSv1.0': CBC10, 'TLSv1.2': INTERMEDIATE_RSA } })
    f.evidence = { 'TLSv1.0': [{ probe: 'protocol TLSv1.0', offered: 'TLS 1.0 ClientHello with 62 suites', answer: 'ServerHello TLS 1.0 choosing TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA', bytesHex: '160301004a02' }] }
    const cap = gradeScan(f).reasons.find((r) => r.rule.startsWith('cap B: TLS 1.0'))
    expect(cap?.evidence?.[0]).toMatchObject({ probe: 'protocol TLSv1.0', bytesHex: '160301004a02' })
  })

  it('names the suites behind a cipher cap, with their own probe when kept', () => {
    const f = buildFacts({ suites: { 'TLSv1.2': [...INTERMEDIATE_RSA, 'TLS_RSA_WITH_3DES_EDE_CBC_SHA'] } })
    f.suites['TLSv1.2']![3]!.evidence = [{ probe: 'suites TLSv1.2 round 4', answer: 'ServerHello choosing TLS_RSA_WITH_3DES_EDE_CBC_SHA' }]
    const cap = gradeScan(f).reasons.find((r) => r.rule.startsWith('cap C: 64-bit'))
    expect(cap?.evidence).toEqual([{ probe: 'suites TLSv1.2 round 4', answer: 'ServerHello choosing TLS_RSA_WITH_3DES_EDE_CBC_SHA' }])
  })

  it('keeps the guide tables', () => {
    expect([80, 65, 50, 35, 20, 19].map(letterFor)).toEqual(['A', 'B', 'C', 'D', 'E', 'F'])
    expect([511, 512, 1024, 2048, 4096].map(keySizeScore)).toEqual([20, 40, 80, 90, 100])
    expect([0, 56, 128, 168, 256].map(cipherBitsScore)).toEqual([0, 20, 80, 80, 100])
  })

  it('grades a server with hundreds of suites quickly', () => {
    const many = Array.from({ length: 400 }, () => 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256')
    const t = Date.now()
    expect(gradeScan(buildFacts({ suites: { 'TLSv1.2': many, 'TLSv1.3': TLS13 } })).grade).toBe('A')
    expect(Date.now() - t).toBeLessThan(3_000)
  })
})
