// The scan as Markdown, for the tab's export and issue trackers: grade and reasons, protocols, suites per protocol
// in server order with strength, key exchange, extensions, certificate, findings with fixes and their evidence.
import { PROTOCOLS, type ScanEvidence, type ScanResult } from '../../../shared/tls/scan-model'

const esc = (s: string): string => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')
const yes = (b: boolean | null | undefined): string => (b === null || b === undefined ? 'unknown' : b ? 'yes' : 'no')
const ev = (e: ScanEvidence): string => `${e.probe}: ${e.offered ? `${e.offered} → ` : ''}${e.answer}`

export function scanToMarkdown(r: ScanResult): string {
  const L: string[] = []
  L.push(`# TLS scan of ${r.target}`, '')
  L.push(`Address ${r.address}, SNI ${r.sni ?? '(none)'}; ${r.probes} probes in ${r.timeMs} ms.`, '')
  L.push(`## Grade ${r.grade}`, '')
  L.push(`Score ${r.gradeDetails.score} (protocol ${r.gradeDetails.protocolScore}, key exchange ${r.gradeDetails.keyExchangeScore}, cipher ${r.gradeDetails.cipherScore}).`, '')
  for (const g of r.gradeDetails.reasons) L.push(`- ${g.rule} (${g.source})`)
  L.push('', `Mozilla profile: ${r.mozillaProfile ?? 'none'} (guidelines ${r.mozilla.version})`, '')
  for (const [name, p] of Object.entries(r.mozilla.profiles)) L.push(`- ${name}: ${p.complies ? 'complies' : `does not comply: ${p.differences.join('; ')}`}`)
  L.push('', '## Protocols', '', '| Protocol | Offered | Server order |', '|---|---|---|')
  for (const p of PROTOCOLS) L.push(`| ${p} | ${yes(r.protocols[p])} | ${r.protocols[p] ? yes(r.serverPreferenceBy[p]) : ''} |`)
  L.push('', '## Cipher suites', '')
  for (const p of [...PROTOCOLS].reverse()) {
    const list = r.suites[p]
    if (!list?.length) continue
    L.push(`### ${p}`, '', '| Suite | OpenSSL | Kx | Cipher | Bits | FS | AEAD | Strength |', '|---|---|---|---|---|---|---|---|')
    for (const s of list) L.push(`| ${s.name} | ${s.openssl ?? ''} | ${esc(s.kx)}${s.dhBits ? ` (${s.dhBits}-bit DH)` : ''} | ${esc(s.cipher)} | ${s.bits} | ${yes(s.forwardSecrecy)} | ${yes(s.aead)} | ${s.strength}: ${esc(s.strengthWhy)} |`)
    L.push('')
  }
  L.push('## Key exchange', '')
  L.push(`- Groups: ${r.groupDetails.map((g) => `${g.name}${g.hybrid ? ' (post-quantum hybrid)' : ''} [${g.via}]`).join(', ') || 'none found'}`)
  L.push(`- Signature algorithms: ${r.signatureAlgorithms.join(', ') || 'unknown'}`, '')
  L.push('## Features', '')
  L.push(`- ALPN: ${r.alpn.join(', ') || 'none'}`)
  L.push(`- OCSP stapling: ${yes(r.ocspStapling)}`)
  L.push(`- Session resumption: tickets ${yes(r.sessionResumption.tickets)}, IDs ${yes(r.sessionResumption.ids)}`)
  L.push(`- Secure renegotiation: ${yes(r.secureRenegotiation)}`)
  L.push(`- TLS_FALLBACK_SCSV: ${yes(r.fallbackScsv)}`)
  L.push(`- Compression: ${yes(r.compression)}; Heartbeat: ${yes(r.heartbeat)}`)
  L.push(`- HSTS: ${r.hsts ? `max-age ${r.hsts.maxAge}${r.hsts.includeSubDomains ? ', includeSubDomains' : ''}${r.hsts.preload ? ', preload' : ''}` : 'none'}`, '')
  L.push('## Certificate', '')
  const c = r.certificate
  if (!c) L.push('No certificate could be read.', '')
  else {
    L.push(`- Subject: ${c.subject}`, `- Issuer: ${c.issuer}`, `- Key: ${c.keyAlgorithm} ${c.keyBits} bits; signature ${c.signatureAlgorithm}`)
    L.push(`- Valid ${c.notBefore} to ${c.notAfter} (${c.daysLeft} days left); chain of ${c.chainLength} sent; host match ${yes(c.hostMatch)}`)
    L.push(`- Verdict: ${c.valid ? 'valid' : `not valid: ${c.errors.map((e) => `${e.code} (${e.message})`).join('; ')}`}`, `- SHA-256: ${c.fingerprint256}`, '')
  }
  L.push('## Findings', '')
  if (r.findings.length === 0) L.push('None.')
  for (const f of r.findings) {
    L.push(`- **${f.severity}** \`${f.code}\`: ${f.message}`)
    if (f.fix) L.push(`  - Fix: ${f.fix.replace(/\n/g, '\n    ')}`)
    for (const e of f.evidence ?? []) L.push(`  - Evidence: ${ev(e)}`)
  }
  L.push('')
  return L.join('\n')
}
