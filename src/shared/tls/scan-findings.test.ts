import { describe, expect, it } from 'vitest'
import { scanFindings } from './scan-findings'
import { gradeScan } from './scan-grade'
import { mozillaCompliance } from './mozilla-profiles'
import type { ScanFacts } from './scan-grade-scores'
import { ECDSA_CERT, INTERMEDIATE_RSA, TLS13, buildFacts, type FactsSpec } from './scan-facts-fixtures'

const CBC10 = ['TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA', 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA']
const findings = (f: ScanFacts) => scanFindings(f, gradeScan(f), mozillaCompliance(f))
const of = (spec: FactsSpec) => findings(buildFacts(spec))
const byCode = (l: ReturnType<typeof of>, code: string) => l.find((x) => x.code === code)

describe('scanFindings', () => {
  it('a modern A+ server gets ok lines and no problem above low', () => {
    const l = of({ suites: { 'TLSv1.3': TLS13 }, cert: ECDSA_CERT, hsts: 63072000, ocspStapling: true })
    expect(l.filter((x) => ['critical', 'high', 'medium'].includes(x.severity))).toEqual([])
    for (const code of ['TLS13_ENABLED', 'FORWARD_SECRECY', 'HSTS', 'OCSP_STAPLING', 'CERT_OK']) expect(byCode(l, code)?.severity, code).toBe('ok')
    expect(byCode(l, 'GRADE')?.message).toMatch(/^Grade A\+/)
    expect(byCode(l, 'MOZILLA_PROFILE')?.message).toMatch(/modern profile \(guidelines 5\.8/)
  })

  it('old protocols come with the nginx and Apache lines that remove them, and the probe that saw them', () => {
    const f = buildFacts({ suites: { 'TLSv1.0': CBC10, 'TLSv1.1': CBC10, 'TLSv1.2': INTERMEDIATE_RSA } })
    f.evidence = { 'TLSv1.0': [{ probe: 'protocol TLSv1.0', answer: 'ServerHello TLS 1.0', bytesHex: '160301' }] }
    const l = findings(f)
    const t10 = byCode(l, 'TLS10_ENABLED')
    expect(t10).toMatchObject({ severity: 'medium' })
    expect(t10?.fix).toContain('ssl_protocols TLSv1.2 TLSv1.3;')
    expect(t10?.fix).toContain('SSLProtocol -all +TLSv1.2 +TLSv1.3')
    expect(t10?.evidence?.[0]).toMatchObject({ probe: 'protocol TLSv1.0', bytesHex: '160301' })
    expect(byCode(l, 'TLS11_ENABLED')?.evidence?.[0]?.probe).toBe('TLSv1.1')
    expect(byCode(l, 'NO_TLS13')).toBeDefined()
  })

  it('weak suites name the suites and the cipher-string exclusion', () => {
    const l = of({ suites: { 'TLSv1.2': [...INTERMEDIATE_RSA, 'TLS_RSA_WITH_3DES_EDE_CBC_SHA', 'TLS_RSA_WITH_RC4_128_SHA'] } })
    expect(byCode(l, 'WEAK_CIPHER_3DES')?.message).toContain('TLS_RSA_WITH_3DES_EDE_CBC_SHA')
    expect(byCode(l, 'WEAK_CIPHER_3DES')?.fix).toContain(':!3DES')
    expect(byCode(l, 'WEAK_CIPHER_RC4')).toMatchObject({ severity: 'high' })
    expect(byCode(l, 'WEAK_CIPHER_RC4')?.fix).toContain(':!RC4')
    expect(byCode(l, 'SOME_SUITES_WITHOUT_FS')?.fix).toContain('!kRSA')
    expect(byCode(l, 'NO_SERVER_PREFERENCE')?.fix).toContain('ssl_prefer_server_ciphers on;')
  })

  it('HSTS: missing, short, long', () => {
    const spec: FactsSpec = { suites: { 'TLSv1.2': INTERMEDIATE_RSA, 'TLSv1.3': TLS13 } }
    expect(byCode(of(spec), 'NO_HSTS')?.fix).toContain('add_header Strict-Transport-Security "max-age=63072000" always;')
    expect(byCode(of({ ...spec, hsts: 3600 }), 'HSTS_SHORT')).toMatchObject({ severity: 'low' })
    expect(byCode(of({ ...spec, hsts: 31536000 }), 'HSTS')).toMatchObject({ severity: 'ok' })
  })

  it('certificate problems are critical', () => {
    const base: FactsSpec = { suites: { 'TLSv1.2': INTERMEDIATE_RSA, 'TLSv1.3': TLS13 } }
    const expired = of({ ...base, cert: { valid: false, daysLeft: -2, notAfter: '2026-05-30T00:00:00.000Z', errors: [{ code: 'CERT_EXPIRED', message: 'expired' }] } })
    expect(byCode(expired, 'CERT_EXPIRED')).toMatchObject({ severity: 'critical', message: expect.stringContaining('2026-05-30') })
    expect(expired[0]?.severity).toBe('critical')
    expect(byCode(of({ ...base, cert: { valid: false, hostMatch: false } }), 'CERT_NAME_MISMATCH')?.message).toContain('scan.test')
    expect(byCode(of({ ...base, cert: { valid: false, errors: [{ code: 'SELF_SIGNED_UNTRUSTED', message: 'self-signed root' }] } }), 'CERT_UNTRUSTED')).toMatchObject({ severity: 'high' })
    expect(byCode(of({ ...base, cert: { keyBits: 1024 } }), 'CERT_WEAK_KEY')?.fix).toMatch(/2048-bit/)
  })

  it('features: compression, renegotiation, fallback SCSV, small DH', () => {
    const l = of({ suites: { 'TLSv1.2': [...INTERMEDIATE_RSA, 'TLS_DHE_RSA_WITH_AES_128_GCM_SHA256'], 'TLSv1.1': CBC10 }, compression: true, secureRenegotiation: false, fallbackScsv: false, dhBits: 1024 })
    expect(byCode(l, 'COMPRESSION_ENABLED')?.fix).toContain('SSLCompression off')
    expect(byCode(l, 'NO_SECURE_RENEGOTIATION')).toBeDefined()
    expect(byCode(l, 'NO_FALLBACK_SCSV')).toBeDefined()
    expect(byCode(l, 'WEAK_DH')).toMatchObject({ severity: 'high', message: expect.stringContaining('1024-bit') })
    // RFC 9325 §4.5 (Public Key Length) is where the 2048-bit DH rule is; §4.1 is about cipher suites
    expect(byCode(l, 'WEAK_DH')?.message).toContain('RFC 9325 §4.5')
    expect(byCode(l, 'WEAK_DH')?.fix).toContain('ssl_dhparam')
  })

  it('nothing accepted: NO_TLS, but no claim about HSTS or a Mozilla profile, since nothing was observed', () => {
    const codes = of({ suites: {}, hsts: null }).map((x) => x.code)
    expect(codes).toContain('NO_TLS')
    expect(codes).not.toContain('NO_HSTS')
    expect(codes).not.toContain('MOZILLA_PROFILE')
  })

  it('a protocol whose order is unknown (one suite) is not "client order": no NO_SERVER_PREFERENCE, no old-profile order difference', () => {
    const f = buildFacts({ suites: { 'TLSv1.2': ['TLS_RSA_WITH_AES_128_CBC_SHA'] } })
    f.serverPreferenceBy = { 'TLSv1.2': null }
    expect(byCode(findings(f), 'NO_SERVER_PREFERENCE')).toBeUndefined()
    expect(mozillaCompliance(f).profiles.old.differences.join(' ')).not.toMatch(/cipher order/)
    f.serverPreferenceBy = { 'TLSv1.2': false }
    expect(byCode(findings(f), 'NO_SERVER_PREFERENCE')).toBeDefined()
  })

  it('sorts worst first and gives every problem a fix', () => {
    const l = of({ suites: { SSLv3: ['TLS_RSA_WITH_AES_128_CBC_SHA'], 'TLSv1.2': [...INTERMEDIATE_RSA, 'TLS_RSA_WITH_NULL_SHA256'] } })
    const order = ['critical', 'high', 'medium', 'low', 'info', 'ok']
    expect(l.map((x) => order.indexOf(x.severity))).toEqual([...l.map((x) => order.indexOf(x.severity))].sort((a, b) => a - b))
    expect(l.slice(0, 2).map((x) => x.code).sort()).toEqual(['NULL_CIPHER', 'SSL3_ENABLED'])
    for (const x of l) if (['critical', 'high', 'medium'].includes(x.severity) && x.code !== 'GRADE') expect(x.fix, x.code).toBeTruthy()
  })
})
