// What a cipher suite is made of and how good it is, read from its IANA name (cipher-suites.ts is the registry):
// the scan matrix colours each suite by this, and the grade (scan-grade.ts) scores cipher bits, forward secrecy and
// AEAD from it. Names follow RFC 5246 §A.5 ("TLS_<kx>_WITH_<cipher>_<mac>") and RFC 8446 §B.4 ("TLS_<aead>_<hash>").

import type { SuiteInfo } from './scan-model'
import { CIPHER_SUITES, cipherSuiteName } from './cipher-suites'

interface CipherFacts {
  cipher: string
  bits: number
  aead: boolean
  /** 64-bit block ciphers are open to Sweet32 birthday attacks (CVE-2016-2183). */
  block64?: boolean
}

const g1 = (m: RegExpMatchArray): string => m[1] ?? ''

/** Bulk ciphers by the start of the part after WITH_ (first match wins, so longer prefixes come first). */
const CIPHERS: [RegExp, (m: RegExpMatchArray) => CipherFacts][] = [
  [/^NULL/, () => ({ cipher: 'NULL', bits: 0, aead: false })],
  [/^SHA(256|384)_SHA/, () => ({ cipher: 'NULL (integrity only, RFC 9150)', bits: 0, aead: false })],
  [/^AES_(128|256)_GCM/, (m) => ({ cipher: `AES-${g1(m)}-GCM`, bits: +g1(m), aead: true })],
  [/^AES_(128|256)_CCM_8/, (m) => ({ cipher: `AES-${g1(m)}-CCM-8`, bits: +g1(m), aead: true })],
  [/^AES_(128|256)_CCM/, (m) => ({ cipher: `AES-${g1(m)}-CCM`, bits: +g1(m), aead: true })],
  [/^AES_(128|256)_CBC/, (m) => ({ cipher: `AES-${g1(m)}-CBC`, bits: +g1(m), aead: false })],
  [/^CHACHA20_POLY1305/, () => ({ cipher: 'ChaCha20-Poly1305', bits: 256, aead: true })],
  [/^AEGIS_(256|128L)/, (m) => ({ cipher: `AEGIS-${g1(m)}`, bits: g1(m) === '256' ? 256 : 128, aead: true })],
  [/^CAMELLIA_(128|256)_GCM/, (m) => ({ cipher: `Camellia-${g1(m)}-GCM`, bits: +g1(m), aead: true })],
  [/^CAMELLIA_(128|256)_CBC/, (m) => ({ cipher: `Camellia-${g1(m)}-CBC`, bits: +g1(m), aead: false })],
  [/^ARIA_(128|256)_GCM/, (m) => ({ cipher: `ARIA-${g1(m)}-GCM`, bits: +g1(m), aead: true })],
  [/^ARIA_(128|256)_CBC/, (m) => ({ cipher: `ARIA-${g1(m)}-CBC`, bits: +g1(m), aead: false })],
  [/^SM4_(GCM|CCM)/, (m) => ({ cipher: `SM4-${g1(m)}`, bits: 128, aead: true })],
  [/^SEED_CBC/, () => ({ cipher: 'SEED-CBC', bits: 128, aead: false })],
  // 3DES has a 168-bit key (the rating guide's Table 4 gives 168 as its example) but only 112 bits of strength.
  [/^3DES_EDE_CBC/, () => ({ cipher: '3DES-EDE-CBC', bits: 168, aead: false, block64: true })],
  [/^IDEA_CBC/, () => ({ cipher: 'IDEA-CBC', bits: 128, aead: false, block64: true })],
  [/^RC4_(\d+)/, (m) => ({ cipher: `RC4-${g1(m)}`, bits: +g1(m), aead: false })],
  [/^RC2_CBC_(\d+)/, (m) => ({ cipher: `RC2-CBC-${g1(m)}`, bits: +g1(m), aead: false, block64: true })],
  [/^DES40_CBC|^DES_CBC_40/, () => ({ cipher: 'DES-CBC-40', bits: 40, aead: false, block64: true })],
  [/^DES_CBC/, () => ({ cipher: 'DES-CBC', bits: 56, aead: false, block64: true })],
  [/^KUZNYECHIK_MGM/, () => ({ cipher: 'Kuznyechik-MGM', bits: 256, aead: true })],
  [/^KUZNYECHIK_CTR/, () => ({ cipher: 'Kuznyechik-CTR', bits: 256, aead: false })],
  [/^MAGMA_MGM/, () => ({ cipher: 'Magma-MGM', bits: 256, aead: true, block64: true })],
  [/^MAGMA_CTR/, () => ({ cipher: 'Magma-CTR', bits: 256, aead: false, block64: true })],
  [/^28147_CNT/, () => ({ cipher: 'GOST 28147-89-CNT', bits: 256, aead: false, block64: true })]
]

/** Key exchanges with an ephemeral secret per connection (forward secrecy, RFC 9325 §4.1). */
const FS_KX = /^(DHE|ECDHE|PSK_DHE|SRP|ECCPWD|GOSTR341112)/

/** The authentication a key exchange name implies. */
function authOf(kx: string): string {
  if (/anon/.test(kx)) return 'none (anonymous)'
  if (/ECDSA/.test(kx)) return 'ECDSA'
  if (/DSS/.test(kx)) return 'DSA'
  if (/RSA/.test(kx)) return 'RSA'
  if (/PSK/.test(kx)) return 'PSK'
  if (/^SRP_SHA$/.test(kx)) return 'SRP (password)'
  if (/KRB5/.test(kx)) return 'Kerberos'
  if (/ECCPWD/.test(kx)) return 'password'
  if (/GOST/.test(kx)) return 'GOST R 34.10-2012'
  return kx
}

/** Suite facts for a code point; an unknown code point is 'weak' (nothing is known about it) and says so. */
export function suiteInfo(id: number): SuiteInfo {
  const entry = CIPHER_SUITES.get(id)
  const name = entry?.iana ?? cipherSuiteName(id)
  const base = { id, name, ...(entry?.openssl ? { openssl: entry.openssl } : {}) }
  if (!entry) return { ...base, kx: 'unknown', auth: 'unknown', cipher: 'unknown', bits: 0, aead: false, forwardSecrecy: false, strength: 'weak', strengthWhy: 'not in the IANA TLS Cipher Suites registry: nothing is known about it' }
  if (id === 0x00ff || id === 0x5600) {
    return { ...base, kx: 'none', auth: 'none', cipher: 'none', bits: 0, aead: false, forwardSecrecy: false, strength: 'acceptable', strengthWhy: `a signalling value (${entry.rfc}), not a cipher suite` }
  }
  const parts = splitName(name, entry.tls13 === true)
  const c = cipherOf(parts.rest)
  const kx = parts.kx
  const forwardSecrecy = kx === 'any (TLS 1.3)' || FS_KX.test(kx)
  const mac = parts.rest.split('_').pop() ?? ''
  const { strength, strengthWhy } = judge({ kx, c, forwardSecrecy, mac })
  return { ...base, kx, auth: kx === 'any (TLS 1.3)' ? 'any (certificate, RFC 8446 §4.4.2)' : authOf(kx), cipher: c.cipher, bits: c.bits, aead: c.aead, forwardSecrecy, strength, strengthWhy }
}

/** Splits "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256" into kx "ECDHE_RSA" and the rest; TLS 1.3 names have no kx. */
function splitName(name: string, tls13: boolean): { kx: string; rest: string } {
  const body = name.replace(/^TLS_/, '')
  const at = body.indexOf('_WITH_')
  if (at >= 0) return { kx: body.slice(0, at), rest: body.slice(at + 6) }
  // TLS 1.3 suites (RFC 8446 §B.4) and the SM suites of RFC 8998 negotiate key exchange apart.
  return { kx: tls13 || /^SM4_/.test(body) ? 'any (TLS 1.3)' : 'unknown', rest: body }
}

function cipherOf(rest: string): CipherFacts {
  for (const [re, make] of CIPHERS) {
    const m = rest.match(re)
    if (m) return make(m)
  }
  return { cipher: rest, bits: 0, aead: false }
}

/**
 * The verdict, strictest reason first. Sources: RFC 7465 (RC4 prohibited), RFC 5469 and RFC 8996 context (DES,
 * IDEA historic), RFC 4346 §A.5 (export suites), RFC 5246 §F.1.1.1 (anonymous key exchange cannot stop an active
 * attacker), RFC 9325 §4.1 (SHOULD NOT use static RSA/DH key exchange; 3DES and 64-bit blocks; prefer AEAD with FS),
 * RFC 6151 (MD5).
 */
function judge(o: { kx: string; c: CipherFacts; forwardSecrecy: boolean; mac: string }): { strength: SuiteInfo['strength']; strengthWhy: string } {
  const { kx, c } = o
  if (c.bits === 0) return { strength: 'insecure', strengthWhy: 'no encryption (NULL cipher): traffic is readable by anyone on the path' }
  if (/EXPORT/.test(kx)) return { strength: 'insecure', strengthWhy: 'export-grade key exchange (RFC 4346 §A.5 removed these; FREAK/Logjam downgrade attacks)' }
  if (/anon/.test(kx)) return { strength: 'insecure', strengthWhy: 'anonymous key exchange: no certificate, so an active attacker can sit in the middle (RFC 5246 §F.1.1.1)' }
  if (/^RC4/.test(c.cipher)) return { strength: 'insecure', strengthWhy: 'RC4 is prohibited in TLS (RFC 7465): its keystream biases leak plaintext' }
  if (c.bits < 112) return { strength: 'insecure', strengthWhy: `${c.cipher} has a ${c.bits}-bit key that can be found by brute force (RFC 5469: DES is historic)` }
  if (c.block64) return { strength: 'weak', strengthWhy: `${c.cipher} has 64-bit blocks: Sweet32 birthday attacks recover plaintext after ~32 GB (RFC 9325 §4.2)` }
  if (!o.forwardSecrecy) {
    const what = /^(RSA|PSK|RSA_PSK|KRB5)$/.test(kx) ? `${kx} key transport` : `static ${kx} key exchange`
    return { strength: 'weak', strengthWhy: `no forward secrecy: ${what} lets a stolen key decrypt recorded traffic (RFC 9325 §4.1)` }
  }
  if (o.mac === 'MD5') return { strength: 'weak', strengthWhy: 'MD5 message authentication (RFC 6151: MD5 is not collision resistant)' }
  if (!c.aead) return { strength: 'acceptable', strengthWhy: `forward secret, but ${c.cipher} with HMAC (MAC-then-encrypt CBC has had padding-oracle and timing attacks: Lucky13, RFC 9325 §4.2)` }
  if (/CCM-8/.test(c.cipher)) return { strength: 'acceptable', strengthWhy: 'forward secret AEAD, but with a truncated 8-byte tag (IANA does not recommend CCM_8)' }
  return { strength: 'strong', strengthWhy: `forward secret key exchange with the AEAD cipher ${c.cipher} (RFC 9325 §4.2)` }
}
