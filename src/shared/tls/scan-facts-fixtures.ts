// Scan facts for the grade, Mozilla and findings tests: one builder that turns "these protocols with these suites,
// this certificate" into the ScanFacts the engine would produce, so each test row states only what differs.

import type { ProtocolName, ScanCertificate } from './scan-model'
import { PROTOCOLS } from './scan-model'
import type { ScanFacts } from './scan-grade-scores'
import { suiteInfo } from './suite-info'
import { cipherSuiteByName } from './cipher-suites'

export interface FactsSpec {
  /** Suites (IANA names) accepted per protocol, in server order. */
  suites: Partial<Record<ProtocolName, string[]>>
  groups?: string[]
  cert?: Partial<ScanCertificate>
  hsts?: number | null
  dhBits?: number
  serverPreference?: boolean
  fallbackScsv?: boolean | null
  compression?: boolean
  secureRenegotiation?: boolean
  ocspStapling?: boolean
}

const DAY = 86_400_000
const NOW = Date.parse('2026-06-01T00:00:00Z')

export const RSA_CERT: ScanCertificate = {
  subject: 'CN=scan.test', issuer: 'CN=Test CA', valid: true, errors: [], keyAlgorithm: 'RSA', keyBits: 2048,
  signatureAlgorithm: 'sha256WithRSAEncryption', notBefore: new Date(NOW - 30 * DAY).toISOString(), notAfter: new Date(NOW + 335 * DAY).toISOString(),
  daysLeft: 335, hostMatch: true, chainLength: 2, fingerprint256: 'AA'
}

export const ECDSA_CERT: ScanCertificate = {
  ...RSA_CERT, keyAlgorithm: 'EC P-256', keyBits: 256, signatureAlgorithm: 'ecdsa-with-SHA256',
  notBefore: new Date(NOW - 10 * DAY).toISOString(), notAfter: new Date(NOW + 80 * DAY).toISOString(), daysLeft: 80
}

export function buildFacts(spec: FactsSpec): ScanFacts {
  const protocols = Object.fromEntries(PROTOCOLS.map((p) => [p, (spec.suites[p]?.length ?? 0) > 0])) as Record<ProtocolName, boolean>
  const suites: ScanFacts['suites'] = {}
  const ciphers: ScanFacts['ciphers'] = {}
  for (const p of PROTOCOLS) {
    const list = spec.suites[p]
    if (!list?.length) continue
    ciphers[p] = list
    suites[p] = list.map((n) => {
      const found = cipherSuiteByName(n)
      if (!found) throw new Error(`unknown suite ${n}`)
      const info = suiteInfo(found.code)
      return /DHE_/.test(info.kx) && !/ECDHE/.test(info.kx) && spec.dhBits ? { ...info, dhBits: spec.dhBits } : info
    })
  }
  const legacy = PROTOCOLS.some((p) => p !== 'TLSv1.3' && protocols[p])
  const groups = spec.groups ?? ['x25519', 'secp256r1', 'secp384r1']
  return {
    target: 'scan.test:443', host: 'scan.test', port: 443, sni: 'scan.test', address: '127.0.0.1',
    protocols, ciphers, suites,
    serverPreference: spec.serverPreference ?? false,
    serverPreferenceBy: Object.fromEntries(PROTOCOLS.filter((p) => protocols[p]).map((p) => [p, p === 'TLSv1.3' ? null : spec.serverPreference ?? false])),
    groups,
    groupDetails: groups.map((name, i) => ({ id: i, name, hybrid: /MLKEM/i.test(name), via: 'key_share' as const })),
    signatureAlgorithms: [], alpn: ['h2', 'http/1.1'],
    ocspStapling: spec.ocspStapling ?? false,
    sessionResumption: { tickets: true, ids: true },
    secureRenegotiation: spec.secureRenegotiation ?? legacy,
    fallbackScsv: spec.fallbackScsv === undefined ? (Object.values(protocols).filter(Boolean).length > 1 ? true : null) : spec.fallbackScsv,
    compression: spec.compression ?? false,
    heartbeat: false,
    hsts: spec.hsts ? { maxAge: spec.hsts, includeSubDomains: false, preload: false, raw: `max-age=${spec.hsts}` } : null,
    certificate: { ...RSA_CERT, ...spec.cert }
  }
}

export const TLS13 = ['TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256', 'TLS_AES_128_GCM_SHA256']
export const INTERMEDIATE_RSA = ['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256']
export const OLD_RSA = [...INTERMEDIATE_RSA, 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA', 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA', 'TLS_RSA_WITH_AES_128_GCM_SHA256', 'TLS_RSA_WITH_AES_128_CBC_SHA']
