// The scan's findings: one per problem (and an 'ok' line for each good thing), each with the evidence that showed
// it and a fix a server admin can paste — the nginx and Apache httpd lines from Mozilla's generated configurations
// (mozilla-profiles.ts). Reads the same facts the grade reads, so the findings and the grade never disagree.

import type { MozillaCompliance, ScanFinding, ScanGrade, SuiteInfo, ProtocolName } from './scan-model'
import { HSTS_A_PLUS_MIN_AGE, type ScanFacts, allSuites, factEvidence, offeredProtocols, protocolWords, suiteEvidence } from './scan-grade-scores'
import { MOZILLA_PROFILES, closestProfile } from './mozilla-profiles'

/** Mozilla intermediate's TLS 1.2 list in OpenSSL spelling (guidelines 5.8 "openssl" list). */
export const INTERMEDIATE_OPENSSL_CIPHERS = 'ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305'

const FIX = {
  protocols: 'nginx: `ssl_protocols TLSv1.2 TLSv1.3;` · Apache: `SSLProtocol -all +TLSv1.2 +TLSv1.3`',
  ciphers: `nginx: \`ssl_ciphers ${INTERMEDIATE_OPENSSL_CIPHERS};\` · Apache: \`SSLCipherSuite ${INTERMEDIATE_OPENSSL_CIPHERS}\` (Mozilla intermediate)`,
  hsts: 'nginx: `add_header Strict-Transport-Security "max-age=63072000" always;` · Apache: `Header always set Strict-Transport-Security "max-age=63072000"` (2 years, Mozilla\'s hsts_min_age)',
  stapling: 'nginx: `ssl_stapling on; ssl_stapling_verify on;` · Apache: `SSLUseStapling On` with `SSLStaplingCache "shmcb:logs/ssl_stapling(32768)"`',
  order: 'nginx: `ssl_prefer_server_ciphers on;` · Apache: `SSLHonorCipherOrder on`',
  curves: 'nginx: `ssl_ecdh_curve X25519MLKEM768:X25519:prime256v1:secp384r1;` · Apache: `SSLOpenSSLConfCmd Curves X25519MLKEM768:X25519:prime256v1:secp384r1`',
  dh: 'drop DHE suites (Mozilla intermediate has none), or use the RFC 7919 ffdhe2048 group — nginx: `ssl_dhparam /etc/nginx/ffdhe2048.pem;` · Apache: `SSLOpenSSLConfCmd DHParameters "/etc/ssl/ffdhe2048.pem"`',
  key: 'issue a new certificate on a 2048-bit (or larger) RSA key or a P-256 ECDSA key: `openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 …`',
  library: 'upgrade the TLS library (OpenSSL ≥ 1.0.1j supports RFC 5746 and RFC 7507) and drop TLS 1.0/1.1 — ' +
    'nginx: `ssl_protocols TLSv1.2 TLSv1.3;` · Apache: `SSLProtocol -all +TLSv1.2 +TLSv1.3`'
}

/** OpenSSL cipher-string exclusions that remove a family of suites (appended to ssl_ciphers / SSLCipherSuite). */
function exclude(words: string): string {
  return `append \`:${words}\` to nginx \`ssl_ciphers\` and Apache \`SSLCipherSuite\`, or use the Mozilla list — ${FIX.ciphers}`
}

type Hit = { p: ProtocolName; s: SuiteInfo }
const names = (l: Hit[]): string => [...new Set(l.map(({ s }) => s.name))].slice(0, 6).join(', ') + (new Set(l.map(({ s }) => s.name)).size > 6 ? ', …' : '')

/** Findings for a scan, worst first, then the 'ok' ones. */
export function scanFindings(f: ScanFacts, grade: ScanGrade, mozilla: MozillaCompliance): ScanFinding[] {
  const out: ScanFinding[] = []
  const add = (x: ScanFinding): void => void out.push(x)
  const on = offeredProtocols(f)
  const suites = allSuites(f)
  const where = (pred: (s: SuiteInfo) => boolean, l: Hit[] = suites): Hit[] => l.filter(({ s }) => pred(s))
  const proto = (p: ProtocolName): ReturnType<typeof factEvidence> => factEvidence(f, p, `server accepted a ${protocolWords(p)} ClientHello`)
  const legacy = on.some((p) => p !== 'TLSv1.3')

  // Protocols (RFC 7568 SSL 3.0, RFC 8996 TLS 1.0/1.1).
  if (on.length === 0) add({ severity: 'critical', code: 'NO_TLS', message: 'The server accepted none of SSL 3.0, TLS 1.0–1.3.' })
  if (f.protocols.SSLv3) add({ severity: 'critical', code: 'SSL3_ENABLED', message: 'SSL 3.0 is accepted: it is broken (POODLE) and prohibited by RFC 7568 §3.', fix: FIX.protocols, evidence: proto('SSLv3') })
  for (const p of ['TLSv1.0', 'TLSv1.1'] as const) {
    if (f.protocols[p]) add({ severity: 'medium', code: p === 'TLSv1.0' ? 'TLS10_ENABLED' : 'TLS11_ENABLED', message: `${protocolWords(p)} is accepted: RFC 8996 deprecates it (SHA-1 handshake, CBC-only ciphers); SSL Labs caps the grade at B.`, fix: FIX.protocols, evidence: proto(p) })
  }
  if (on.length > 0 && !f.protocols['TLSv1.2'] && !f.protocols['TLSv1.3']) add({ severity: 'high', code: 'NO_TLS12', message: 'Neither TLS 1.2 nor TLS 1.3 is accepted: modern clients cannot connect securely (RFC 9325 §3.1).', fix: FIX.protocols })
  if (f.protocols['TLSv1.3']) add({ severity: 'ok', code: 'TLS13_ENABLED', message: 'TLS 1.3 is accepted (RFC 8446).', evidence: proto('TLSv1.3') })
  else if (on.length > 0) add({ severity: 'low', code: 'NO_TLS13', message: 'TLS 1.3 is not accepted; RFC 9325 §3.1 says servers SHOULD support it.', fix: FIX.protocols })

  // Cipher suites.
  const family: [string, Hit[], ScanFinding['severity'], string, string][] = [
    ['NULL_CIPHER', where((s) => s.bits === 0), 'critical', 'Suites without encryption (NULL) are accepted: traffic would be readable by anyone on the path.', '!eNULL'],
    ['ANON_CIPHER', where((s) => /anon/.test(s.kx)), 'critical', 'Anonymous suites are accepted: without a certificate an active attacker can intercept (RFC 5246 §F.1.1.1).', '!aNULL'],
    ['EXPORT_CIPHER', where((s) => /EXPORT/.test(s.kx)), 'critical', 'Export suites are accepted (40/56-bit, FREAK/Logjam).', '!EXPORT'],
    ['WEAK_CIPHER_DES', where((s) => s.bits > 0 && s.bits < 112 && !/RC4/.test(s.cipher)), 'critical', 'Suites with keys under 112 bits (DES, 40-bit) are accepted; RFC 5469 made DES historic.', '!DES:!LOW'],
    ['WEAK_CIPHER_RC4', where((s) => /^RC4/.test(s.cipher)), 'high', 'RC4 suites are accepted; RFC 7465 prohibits RC4 in TLS.', '!RC4'],
    ['WEAK_CIPHER_3DES', where((s) => /3DES|IDEA|RC2/i.test(s.cipher) && s.bits >= 112), 'medium', '64-bit block ciphers (3DES) are accepted: Sweet32 (CVE-2016-2183); RFC 9325 §4.2 says not to use them.', '!3DES:!IDEA']
  ]
  for (const [code, hits, severity, words, excl] of family) {
    if (hits.length > 0) add({ severity, code, message: `${words} Accepted: ${names(hits)}.`, fix: exclude(excl), evidence: suiteEvidence(hits) })
  }
  const noFs = where((s) => !s.forwardSecrecy)
  if (suites.length > 0 && noFs.length === suites.length) add({ severity: 'high', code: 'NO_FORWARD_SECRECY', message: 'No suite gives forward secrecy: whoever gets the private key can decrypt recorded traffic (RFC 9325 §4.1).', fix: FIX.ciphers, evidence: suiteEvidence(noFs) })
  else if (noFs.length > 0) add({ severity: 'low', code: 'SOME_SUITES_WITHOUT_FS', message: `Some suites lack forward secrecy (RSA key transport): ${names(noFs)}.`, fix: exclude('!kRSA'), evidence: suiteEvidence(noFs) })
  else if (suites.length > 0) add({ severity: 'ok', code: 'FORWARD_SECRECY', message: 'Every suite accepted gives forward secrecy.' })
  if (suites.length > 0 && !suites.some(({ s }) => s.aead)) add({ severity: 'medium', code: 'NO_AEAD', message: 'No AEAD suite (GCM, ChaCha20-Poly1305) is accepted; RFC 9325 §4.2 recommends them, and SSL Labs caps the grade at B.', fix: FIX.ciphers, evidence: suiteEvidence(suites) })
  const cbc = where((s) => !s.aead && /CBC/.test(s.cipher))
  if (cbc.length > 0 && suites.some(({ s }) => s.aead)) add({ severity: 'info', code: 'CBC_SUITES', message: `CBC suites are accepted besides AEAD ones (${names(cbc)}); Mozilla intermediate keeps only AEAD.`, fix: FIX.ciphers, evidence: suiteEvidence(cbc) })
  const weakOffered = suites.some(({ s }) => s.strength === 'weak' || s.strength === 'insecure')
  // a protocol whose order is unknown (one suite) is not "the client's order": only a seen client order counts
  const clientOrderSeen = !f.serverPreference && Object.values(f.serverPreferenceBy).some((v) => v === false)
  if (legacy && clientOrderSeen && weakOffered) add({ severity: 'low', code: 'NO_SERVER_PREFERENCE', message: 'The server lets the client pick the suite while it also accepts weak ones; a client that prefers them gets them.', fix: FIX.order })

  // Key exchange.
  const dh = where((s) => (s.dhBits ?? 4096) < 2048)
  if (dh.length > 0) {
    const min = Math.min(...dh.map(({ s }) => s.dhBits ?? 0))
    add({ severity: min < 1024 ? 'critical' : 'high', code: 'WEAK_DH', message: `DHE uses a ${min}-bit prime (Logjam; RFC 9325 §4.5, Public Key Length: DH key lengths of at least 2048 bits are RECOMMENDED).`, fix: FIX.dh, evidence: suiteEvidence(dh) })
  }
  const mozCurves = new Set(['x25519mlkem768', 'x25519', 'secp256r1', 'secp384r1'])
  const oddGroups = f.groups.filter((g) => !mozCurves.has(g.toLowerCase()))
  if (oddGroups.length > 0) add({ severity: 'info', code: 'EXTRA_GROUPS', message: `Groups beyond Mozilla's list are accepted: ${oddGroups.join(', ')}.`, fix: FIX.curves, evidence: oddGroups.flatMap((g) => factEvidence(f, g, `server accepted group ${g}`)).slice(0, 4) })
  if (f.groupDetails.some((g) => g.hybrid)) add({ severity: 'ok', code: 'PQ_KEY_EXCHANGE', message: `A post-quantum hybrid group is accepted (${f.groupDetails.filter((g) => g.hybrid).map((g) => g.name).join(', ')}).` })

  // Protocol features.
  if (legacy && f.compression) add({ severity: 'high', code: 'COMPRESSION_ENABLED', message: 'TLS compression is on: CRIME (CVE-2012-4929) recovers secrets such as cookies; RFC 9325 §3.3 says to disable it.', fix: 'Apache: `SSLCompression off` · nginx: build against an OpenSSL without zlib (the default)', evidence: factEvidence(f, 'compression', 'ServerHello chose DEFLATE') })
  if (legacy && !f.secureRenegotiation) add({ severity: 'medium', code: 'NO_SECURE_RENEGOTIATION', message: 'The server does not signal secure renegotiation (RFC 5746 renegotiation_info).', fix: FIX.library, evidence: factEvidence(f, 'secureRenegotiation', 'no renegotiation_info') })
  else if (legacy) add({ severity: 'ok', code: 'SECURE_RENEGOTIATION', message: 'Secure renegotiation (RFC 5746) is supported.' })
  if (f.fallbackScsv === false && on.length > 1) add({ severity: 'low', code: 'NO_FALLBACK_SCSV', message: 'TLS_FALLBACK_SCSV is ignored: a downgraded retry is accepted (RFC 7507 §3).', fix: FIX.library, evidence: factEvidence(f, 'fallbackScsv', 'fallback hello accepted') })
  else if (f.fallbackScsv === true) add({ severity: 'ok', code: 'FALLBACK_SCSV', message: 'TLS_FALLBACK_SCSV downgrade protection works (RFC 7507).', evidence: factEvidence(f, 'fallbackScsv', 'inappropriate_fallback alert') })
  if (f.heartbeat) add({ severity: 'info', code: 'HEARTBEAT_ENABLED', message: 'The Heartbeat extension (RFC 6520) is on; it is rarely needed and was the path of Heartbleed (CVE-2014-0160, not tested here).', evidence: factEvidence(f, 'heartbeat', 'heartbeat extension in ServerHello') })
  if (f.ocspStapling) add({ severity: 'ok', code: 'OCSP_STAPLING', message: 'An OCSP response is stapled (RFC 6066 §8).', evidence: factEvidence(f, 'ocspStapling', 'CertificateStatus present') })
  else if (on.length > 0) add({ severity: 'low', code: 'NO_OCSP_STAPLING', message: 'No OCSP response is stapled; Mozilla\'s profiles turn stapling on (RFC 6066 §8).', fix: FIX.stapling })

  // HSTS (RFC 6797).
  const hstsMin = MOZILLA_PROFILES.intermediate.hsts_min_age
  // Nothing spoke TLS, so no HTTP answer was read either: "no header" would claim what nothing observed.
  const spoke = on.length > 0
  if (spoke) {
    if (!f.hsts) add({ severity: 'medium', code: 'NO_HSTS', message: 'No Strict-Transport-Security header: a first visit over http:// can be stripped (RFC 6797 §2.3); SSL Labs gives A+ only with HSTS.', fix: FIX.hsts })
    else if (f.hsts.maxAge < HSTS_A_PLUS_MIN_AGE) add({ severity: 'low', code: 'HSTS_SHORT', message: `HSTS max-age is ${f.hsts.maxAge} s, under 6 months (SSL Labs A+) and Mozilla's ${hstsMin} s.`, fix: FIX.hsts, evidence: factEvidence(f, 'hsts', f.hsts.raw) })
    else add({ severity: 'ok', code: 'HSTS', message: `HSTS is on with max-age ${f.hsts.maxAge} s${f.hsts.includeSubDomains ? ', includeSubDomains' : ''}${f.hsts.preload ? ', preload' : ''}.`, evidence: factEvidence(f, 'hsts', f.hsts.raw) })
  }

  certificateFindings(f, add)

  // Summary lines: the grade and the Mozilla profile.
  const capped = grade.reasons.filter((r) => /^(cap|grade) /.test(r.rule)).map((r) => r.rule)
  add({ severity: /^A/.test(grade.grade) ? 'ok' : grade.grade === 'B' ? 'low' : /^[CDE]$/.test(grade.grade) ? 'medium' : 'high', code: 'GRADE', message: `Grade ${grade.grade} (score ${grade.score})${capped.length ? `: ${capped.slice(0, 3).join('; ')}` : ''}.` })
  // (and with no protocol accepted there is nothing to compare with a profile)
  if (spoke) {
    if (mozilla.best) add({ severity: 'ok', code: 'MOZILLA_PROFILE', message: `Complies with Mozilla's ${mozilla.best} profile (guidelines ${mozilla.version}).` })
    else {
      const closest = closestProfile(f, mozilla)
      add({ severity: 'info', code: 'MOZILLA_PROFILE', message: `Complies with no Mozilla profile; closest is ${closest}, except: ${mozilla.profiles[closest].differences.slice(0, 6).join('; ')}.`, fix: FIX.protocols + ' · ' + FIX.ciphers })
    }
  }
  const order: ScanFinding['severity'][] = ['critical', 'high', 'medium', 'low', 'info', 'ok']
  return out.sort((a, b) => order.indexOf(a.severity) - order.indexOf(b.severity))
}

/** Certificate findings from the Certificates engine's verdict (RFC 5280 §6, RFC 9525 §6 for names). */
function certificateFindings(f: ScanFacts, add: (x: ScanFinding) => void): void {
  const c = f.certificate
  if (!c) return
  const ev = factEvidence(f, 'certificate', `leaf ${c.subject}`)
  const reissue = 'issue a new certificate from a publicly trusted CA (e.g. ACME) and send the full chain — nginx: `ssl_certificate fullchain.pem;` · Apache: `SSLCertificateFile fullchain.pem`'
  if (c.daysLeft < 0 || c.errors.some((e) => e.code === 'CERT_EXPIRED')) add({ severity: 'critical', code: 'CERT_EXPIRED', message: `The certificate expired on ${c.notAfter} (RFC 5280 §4.1.2.5).`, fix: reissue, evidence: ev })
  else if (c.daysLeft < 30) add({ severity: 'medium', code: 'CERT_EXPIRES_SOON', message: `The certificate expires in ${c.daysLeft} days (${c.notAfter}).`, fix: reissue, evidence: ev })
  if (!c.hostMatch) add({ severity: 'critical', code: 'CERT_NAME_MISMATCH', message: `The certificate does not name ${f.sni ?? f.host} (RFC 9525 §6.3: clients match DNS-IDs in subjectAltName).`, fix: `${reissue}, with ${f.sni ?? f.host} in subjectAltName`, evidence: ev })
  const other = c.errors.filter((e) => e.code !== 'CERT_EXPIRED' && !/HOST|MISMATCH/.test(e.code))
  for (const e of other.slice(0, 8)) add({ severity: /REVOKED/.test(e.code) ? 'critical' : 'high', code: /REVOKED/.test(e.code) ? 'CERT_REVOKED' : 'CERT_UNTRUSTED', message: `${e.message} (${e.code})`, fix: reissue, evidence: ev })
  if (/sha-?1(?!\d)|md5|md2/i.test(c.signatureAlgorithm)) add({ severity: 'high', code: 'CERT_WEAK_SIGNATURE', message: `The certificate is signed with ${c.signatureAlgorithm}; browsers reject SHA-1 and MD5 signatures.`, fix: reissue, evidence: ev })
  const rsa = /rsa|dsa/i.test(c.keyAlgorithm)
  if (rsa && c.keyBits < 2048) add({ severity: c.keyBits < 1024 ? 'critical' : 'high', code: 'CERT_WEAK_KEY', message: `The certificate key is ${c.keyBits}-bit ${c.keyAlgorithm}; 2048 bits is the minimum (CA/B Forum Baseline Requirements §6.1.5).`, fix: FIX.key, evidence: ev })
  if (c.valid && c.hostMatch) add({ severity: 'ok', code: 'CERT_OK', message: `The certificate chain verifies and names ${f.sni ?? f.host} (${c.daysLeft} days left).`, evidence: ev })
}
