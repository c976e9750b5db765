// Findings name their evidence: the grader cites what it can from the facts' evidence index, and what a finding
// still lacks is filled here from the same index by what the finding is about (its code, the suite it names).
import type { GradeDeduction, ProtocolName, ScanEvidence, ScanFinding } from '../../../shared/tls/scan-model'
import { PROTOCOLS } from '../../../shared/tls/scan-model'

const MAX_PER_FINDING = 6

/** Index keys a finding's code points to (codes are stable: TLS10_ENABLED, NO_HSTS, WEAK_CIPHER_3DES…). */
const BY_CODE: [RegExp, string[]][] = [
  [/SSL3|SSLV3|POODLE/, ['SSLv3']],
  [/TLS1_?0|TLSV1\.?0\b|TLS10/, ['TLSv1.0']],
  [/TLS1_?1|TLSV1\.?1\b|TLS11/, ['TLSv1.1']],
  [/TLS1_?2|TLS12/, ['TLSv1.2']],
  [/TLS1_?3|TLS13/, ['TLSv1.3']],
  [/HSTS/, ['hsts']],
  [/OCSP|STAPL/, ['ocspStapling']],
  [/FALLBACK/, ['fallbackScsv']],
  [/COMPRESS|CRIME/, ['compression']],
  [/HEARTB/, ['heartbeat']],
  [/RENEG/, ['secureRenegotiation']],
  [/RESUM|TICKET|SESSION/, ['sessionResumption']],
  [/ALPN|HTTP2|H2/, ['alpn']],
  [/^DH|_DH_|LOGJAM|DH_PARAM/, ['dh']],
  [/CERT|KEY_SIZE|HOST|NAME_MISMATCH|EXPIR|CHAIN|TRUST|SIGNATURE_SHA1/, ['certificate']],
  [/SIGALG|SIGNATURE_ALG/, ['signatureAlgorithms']],
  [/PREFER|ORDER/, PROTOCOLS.map((p) => `preference:${p}`)]
]

export function evidenceForText(index: Record<string, ScanEvidence[]>, code: string, message: string): ScanEvidence[] {
  const out: ScanEvidence[] = []
  const add = (key: string): void => {
    for (const e of index[key] ?? []) if (out.length < MAX_PER_FINDING && !out.includes(e)) out.push(e)
  }
  const upper = code.toUpperCase()
  for (const [re, keys] of BY_CODE) if (re.test(upper)) keys.forEach(add)
  // a suite named in the message: the probes that found it
  for (const key of Object.keys(index)) {
    if (!key.startsWith('suite:')) continue
    const name = key.slice(key.lastIndexOf(':') + 1)
    if (message.includes(name)) add(key)
  }
  // a group named in the message
  for (const key of Object.keys(index)) if (key.startsWith('group:') && message.includes(key.slice(6))) add(key)
  if (out.length === 0) {
    for (const p of PROTOCOLS as readonly ProtocolName[]) if (message.includes(p) || message.includes(p.replace('v', ' '))) add(p)
  }
  return out
}

/** Fills what findings and grade reasons lack; a conclusion about the whole scan cites the protocols accepted. */
export function attachEvidence(findings: ScanFinding[], reasons: GradeDeduction[], index: Record<string, ScanEvidence[]>, accepted: ProtocolName[]): void {
  const overall = (): ScanEvidence[] => accepted.flatMap((p) => index[p]?.slice(0, 1) ?? [])
  for (const f of findings) {
    if (f.evidence && f.evidence.length > 0) continue
    const e = evidenceForText(index, f.code, f.message)
    f.evidence = e.length ? e : overall()
  }
  for (const r of reasons) {
    if (r.evidence && r.evidence.length > 0) continue
    const e = evidenceForText(index, '', r.rule)
    r.evidence = e.length ? e : overall()
  }
}
