// DNSSEC algorithm and digest numbers in words, with what RFC 8624 §3.1/§3.3 says a validator must do with each,
// so a DNSKEY, DS or RRSIG field reads "13 (ECDSA P-256 with SHA-256)" and an unsupported one is insecure, not bogus.

export interface AlgorithmInfo {
  number: number
  mnemonic: string
  words: string
  /** RFC 8624 §3.1 validation column. */
  validation: string
  /** Wirebench verifies this algorithm's signatures. */
  supported: boolean
}

const A = (number: number, mnemonic: string, words: string, validation: string, supported = false): AlgorithmInfo => ({ number, mnemonic, words, validation, supported })

const ALGORITHMS: AlgorithmInfo[] = [
  A(1, 'RSAMD5', 'RSA/MD5', 'MUST NOT'),
  A(3, 'DSA', 'DSA/SHA-1', 'MUST NOT'),
  A(5, 'RSASHA1', 'RSA/SHA-1', 'MUST'),
  A(6, 'DSA-NSEC3-SHA1', 'DSA/SHA-1 (NSEC3)', 'MUST NOT'),
  A(7, 'RSASHA1-NSEC3-SHA1', 'RSA/SHA-1 (NSEC3)', 'MUST'),
  A(8, 'RSASHA256', 'RSA/SHA-256', 'MUST', true),
  A(10, 'RSASHA512', 'RSA/SHA-512', 'MUST', true),
  A(12, 'ECC-GOST', 'GOST R 34.10-2001', 'MAY'),
  A(13, 'ECDSAP256SHA256', 'ECDSA P-256 with SHA-256', 'MUST', true),
  A(14, 'ECDSAP384SHA384', 'ECDSA P-384 with SHA-384', 'RECOMMENDED', true),
  A(15, 'ED25519', 'Ed25519', 'RECOMMENDED', true),
  A(16, 'ED448', 'Ed448', 'RECOMMENDED')
]
const BY_NUMBER = new Map(ALGORITHMS.map((a) => [a.number, a]))

export function algorithmInfo(n: number): AlgorithmInfo {
  return BY_NUMBER.get(n) ?? { number: n, mnemonic: `ALG${n}`, words: `unassigned or private algorithm ${n}`, validation: 'unknown', supported: false }
}

/** "13 (ECDSA P-256 with SHA-256)". */
export const algorithmWords = (n: number): string => `${n} (${algorithmInfo(n).words})`

export interface DigestInfo {
  number: number
  name: string
  /** Digest length in octets (RFC 4509, RFC 6605). */
  length: number
  validation: string
  supported: boolean
}

const DIGESTS: DigestInfo[] = [
  { number: 1, name: 'SHA-1', length: 20, validation: 'MUST', supported: true },
  { number: 2, name: 'SHA-256', length: 32, validation: 'MUST', supported: true },
  { number: 3, name: 'GOST R 34.11-94', length: 32, validation: 'MAY', supported: false },
  { number: 4, name: 'SHA-384', length: 48, validation: 'RECOMMENDED', supported: true }
]
const DIGEST_BY_NUMBER = new Map(DIGESTS.map((d) => [d.number, d]))

export function digestInfo(n: number): DigestInfo {
  return DIGEST_BY_NUMBER.get(n) ?? { number: n, name: `digest type ${n}`, length: 0, validation: 'unknown', supported: false }
}

/** DNSKEY flags (RFC 4034 §2.1.1, RFC 5011 §7): ZONE (bit 7), REVOKE (bit 8), SEP (bit 15). */
export const DNSKEY_FLAGS = { ZONE: 0x0100, REVOKE: 0x0080, SEP: 0x0001 } as const

export function dnskeyFlagWords(flags: number): string {
  const names: string[] = []
  if (flags & DNSKEY_FLAGS.ZONE) names.push('ZONE')
  if (flags & DNSKEY_FLAGS.REVOKE) names.push('REVOKE')
  if (flags & DNSKEY_FLAGS.SEP) names.push('SEP')
  const role = flags & DNSKEY_FLAGS.ZONE ? (flags & DNSKEY_FLAGS.SEP ? 'a key-signing key (KSK)' : 'a zone-signing key (ZSK)') : 'not a zone key: it may not sign zone data'
  return `${names.join(' | ') || 'none'}: ${role}${flags & DNSKEY_FLAGS.REVOKE ? ', revoked (RFC 5011)' : ''}`
}
