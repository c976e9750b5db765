// The TLS scan's result: what a server accepts (protocols, suites in its order, groups, extensions), its certificate
// verdict, the SSL Labs-style grade and Mozilla profile compliance, and findings that each name their evidence. The
// CLI's `wirebench tls scan --json` prints this shape (issue 14 fixes the top-level field names).

export type ProtocolName = 'SSLv3' | 'TLSv1.0' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3'

export const PROTOCOLS: readonly ProtocolName[] = ['SSLv3', 'TLSv1.0', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']

/** Wire versions (RFC 8446 §4.1.2 and its predecessors). */
export const PROTOCOL_VERSION: Record<ProtocolName, number> = { SSLv3: 0x0300, 'TLSv1.0': 0x0301, 'TLSv1.1': 0x0302, 'TLSv1.2': 0x0303, 'TLSv1.3': 0x0304 }

/** Where a finding or a deduction comes from: which probe, and the bytes that showed it. */
export interface ScanEvidence {
  /** Probe name, e.g. "protocol TLSv1.0", "suites TLSv1.2 round 3", "fallback SCSV". */
  probe: string
  /** What was offered, in words (e.g. "TLS 1.0 ClientHello with 62 suites"). */
  offered?: string
  /** What came back, in words ("ServerHello choosing TLS_RSA_WITH_3DES_EDE_CBC_SHA", "alert handshake_failure (40)"). */
  answer: string
  /** The first bytes of the answer, hex (at most 64 bytes). */
  bytesHex?: string
}

export interface ScanFinding {
  severity: 'critical' | 'high' | 'medium' | 'low' | 'info' | 'ok'
  /** Stable code, e.g. TLS10_ENABLED, WEAK_CIPHER_3DES, NO_FORWARD_SECRECY, NO_HSTS, CERT_EXPIRED. */
  code: string
  message: string
  /** How to fix it, with the nginx / Apache lines when there are some. */
  fix?: string
  evidence?: ScanEvidence[]
}

export interface SuiteInfo {
  /** IANA code point. */
  id: number
  /** IANA name (TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256). */
  name: string
  /** OpenSSL's name, when it has one. */
  openssl?: string
  /** Key exchange, authentication, cipher, MAC as the registry names them. */
  kx: string
  auth: string
  cipher: string
  /** Symmetric key bits (0 for NULL). */
  bits: number
  aead: boolean
  forwardSecrecy: boolean
  /** 'strong' | 'acceptable' | 'weak' | 'insecure' (colours in the matrix), with why. */
  strength: 'strong' | 'acceptable' | 'weak' | 'insecure'
  strengthWhy: string
  /** For DHE suites: the server's DH prime size in bits; for ECDHE: the curve it picked when no groups are offered. */
  dhBits?: number
  ecdheGroup?: string
  /** The probe(s) that found this suite, when the engine kept them (the grade copies them into its reasons). */
  evidence?: ScanEvidence[]
}

export interface GroupInfo {
  id: number
  name: string
  /** Post-quantum hybrid (X25519MLKEM768 and friends). */
  hybrid: boolean
  /** How it was found: chosen in a ServerHello key_share, asked for in a HelloRetryRequest, or a TLS 1.2 ECDHE curve. */
  via: 'key_share' | 'hello_retry_request' | 'tls12_ecdhe'
}

export interface ScanCertificate {
  subject: string
  issuer: string
  /** The verdict of the Certificates engine on the chain as sent, for the SNI given. */
  valid: boolean
  errors: { code: string; message: string }[]
  keyAlgorithm: string
  keyBits: number
  signatureAlgorithm: string
  notBefore: string
  notAfter: string
  daysLeft: number
  /** Host name matches the SNI. */
  hostMatch: boolean
  chainLength: number
  /** The leaf's SHA-256 fingerprint. */
  fingerprint256: string
}

export interface GradeDeduction {
  /** E.g. "cap B: TLS 1.0 supported", "key exchange 80/100: 2048-bit RSA". */
  rule: string
  /** The guide section it comes from. */
  source: string
  evidence?: ScanEvidence[]
}

export interface ScanGrade {
  /** A+, A, A-, B, C, D, E, F, T (trust), M (name mismatch). */
  grade: string
  score: number
  protocolScore: number
  keyExchangeScore: number
  cipherScore: number
  /** Each cap, penalty and bonus applied, in words, with evidence. */
  reasons: GradeDeduction[]
}

export type MozillaProfileName = 'modern' | 'intermediate' | 'old'

export interface MozillaCompliance {
  /** The strictest profile the server complies with, or null. */
  best: MozillaProfileName | null
  /** The profile nearest to the server: protocol set first, then every offending suite (= best when it complies). */
  closest?: MozillaProfileName
  /** Per profile: complies, and what differs ("complies with intermediate except …"). */
  profiles: Record<MozillaProfileName, { complies: boolean; differences: string[] }>
  /** The Mozilla guidelines version the profiles are from. */
  version: string
}

export interface ScanResult {
  target: string
  host: string
  port: number
  sni: string | null
  address: string
  protocols: Record<ProtocolName, boolean>
  /** IANA names per protocol, in the server's order when it enforces one, else in the order found. */
  ciphers: Partial<Record<ProtocolName, string[]>>
  /** Details of each suite found, per protocol. */
  suites: Partial<Record<ProtocolName, SuiteInfo[]>>
  /** The server chooses by its own preference in some protocol (per protocol, TLS 1.3 included, in serverPreferenceBy; null there: too few suites to tell). */
  serverPreference: boolean
  serverPreferenceBy: Partial<Record<ProtocolName, boolean | null>>
  /** Group names in the server's order (TLS 1.3 key shares, then TLS 1.2 ECDHE curves). */
  groups: string[]
  groupDetails: GroupInfo[]
  /** Signature algorithms the server signs with (TLS 1.3 CertificateVerify / TLS 1.2 ServerKeyExchange), when known. */
  signatureAlgorithms: string[]
  alpn: string[]
  ocspStapling: boolean
  sessionResumption: { tickets: boolean; ids: boolean }
  secureRenegotiation: boolean
  fallbackScsv: boolean | null
  compression: boolean
  heartbeat: boolean
  hsts: { maxAge: number; includeSubDomains: boolean; preload: boolean; raw: string } | null
  certificate: ScanCertificate | null
  grade: string
  gradeDetails: ScanGrade
  mozillaProfile: MozillaProfileName | null
  mozilla: MozillaCompliance
  findings: ScanFinding[]
  /** Probes sent (ClientHellos), and the connections opened. */
  probes: number
  /**
   * The probes behind each fact, keyed "protocol:TLSv1.0", "suite:TLSv1.2:<IANA name>", "preference:TLSv1.2",
   * "group:<name>", "dh", "signatureAlgorithms", "alpn", "ocspStapling", "sessionResumption", "secureRenegotiation",
   * "fallbackScsv", "compression", "heartbeat", "hsts", "certificate": what grading and findings cite.
   */
  evidence?: Record<string, ScanEvidence[]>
  timeMs: number
}
