// `wirebench tls scan HOST:PORT`: the TLS scan (issue 14) on the command line — the ScanResult exactly as JSON for
// scripts, or a report a person reads top-down: grade card, protocols, suites per protocol, groups, features,
// certificate, findings with their fixes. Exit 0 scanned, 1 unreachable or not TLS, 2 bad input.
import type { TlsScanInput } from '../../../shared/contract/tls'
import { PROTOCOLS, type ScanResult } from '../../../shared/tls/scan-model'
import { caller, hostPort, list, numberOption, output, parse, readTextFile, UsageError } from '../kit'

const OPTIONS = {
  sni: { type: 'string' },
  timeout: { type: 'string' },
  roots: { type: 'string', multiple: true }
} as const

/** Server-controlled text (an HSTS header, a certificate subject) reaches a terminal: no escape sequence gets through. */
const clean = (s: string): string => s.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?')

const yesNo = (b: boolean | null | undefined, unknown = 'not tested'): string => (b === null || b === undefined ? unknown : b ? 'yes' : 'no')

/** True when the server answered at least one ClientHello with a ServerHello: it speaks SSL/TLS. */
export const spokeTls = (r: ScanResult): boolean => PROTOCOLS.some((p) => r.protocols[p])

function gradeLines(r: ScanResult): string[] {
  const g = r.gradeDetails
  const lines = [`Grade ${g.grade}   score ${g.score}/100  (protocol ${g.protocolScore} · key exchange ${g.keyExchangeScore} · cipher ${g.cipherScore}; weights 30/30/40)`]
  for (const reason of g.reasons) {
    const ev = reason.evidence?.[0]
    lines.push(`  - ${clean(reason.rule)}  [${clean(reason.source)}]${ev ? `\n      evidence: ${clean(ev.probe)}: ${clean(ev.answer)}` : ''}`)
  }
  return lines
}

export function mozillaLine(r: ScanResult): string {
  const m = r.mozilla
  const some = (d: string[]) => `${d.slice(0, 5).map(clean).join('; ')}${d.length > 5 ? ` (and ${d.length - 5} more)` : ''}`
  const order = ['modern', 'intermediate', 'old'] as const
  if (m.best) return `Mozilla (${m.version}): complies with ${m.best}${m.best !== 'modern' ? `; modern except ${some(m.profiles.modern.differences)}` : ''}`
  // The engine ranks by protocol set, then every offending suite (mozilla-profiles.ts closestProfile); a result
  // saved by an older version has no `closest`: fall back to the fewest differences.
  const closest = m.closest ?? [...order].sort((a, b) => m.profiles[a].differences.length - m.profiles[b].differences.length)[0]!
  return `Mozilla (${m.version}): complies with no profile; closest is ${closest} except ${some(m.profiles[closest].differences)}`
}

/** Whose order picks the suite; a protocol with too few suites to tell (null) is not "the client's order". */
export function orderWords(r: ScanResult): string {
  const by = Object.values(r.serverPreferenceBy)
  if (r.serverPreference || by.some((v) => v === true)) return 'the server enforces its own order'
  if (by.some((v) => v === false)) return 'the client’s order decides'
  return 'order unknown: too few suites to tell whose order decides'
}

/** Why nothing spoke TLS, in the probes' own words (timeout, closed, "sent text … plain HTTP?", a record too long). */
export function silenceWords(r: ScanResult): string {
  const seen: string[] = []
  for (const p of ['TLSv1.2', 'TLSv1.3', 'TLSv1.1', 'TLSv1.0', 'SSLv3'] as const) {
    const answer = r.evidence?.[p]?.[0]?.answer
    // "…: TLSv1.2 not accepted with these suites" is the engine's suffix; the probe's words come before it
    const words = answer?.replace(/: (SSLv3|TLSv1\.[0-3]) not accepted with these suites$/, '')
    if (words && !seen.includes(words)) seen.push(words)
  }
  if (seen.length === 0) return 'it does not speak TLS there, or it refused every ClientHello'
  return seen.slice(0, 2).map(clean).join('; ') + (seen.length > 2 ? ` (and ${seen.length - 2} other answers)` : '')
}

function suiteLines(r: ScanResult): string[] {
  const lines = [`Cipher suites (${orderWords(r)})`]
  for (const p of PROTOCOLS) {
    const names = r.ciphers[p]
    if (!names || names.length === 0) continue
    const infos = new Map((r.suites[p] ?? []).map((s) => [s.name, s]))
    const pref = r.serverPreferenceBy[p]
    lines.push(`  ${p}${pref === true ? ' (server order)' : pref === false ? ' (client order)' : ''}`)
    names.forEach((name, i) => {
      const s = infos.get(name)
      const marks = s ? [s.forwardSecrecy ? 'FS' : '--', s.aead ? 'AEAD' : '----'].join(' ') : ''
      const extra = s?.dhBits ? ` DH ${s.dhBits} bits` : s?.ecdheGroup ? ` ${s.ecdheGroup}` : ''
      lines.push(`    ${String(i + 1).padStart(2)}. ${name.padEnd(48)} ${(s?.strength ?? '').padEnd(10)} ${marks}${s ? ` ${s.bits} bits` : ''}${extra}`)
    })
  }
  return lines
}

function featureLines(r: ScanResult): string[] {
  const rows: [string, string][] = [
    ['Groups', r.groups.length ? r.groups.join(', ') : 'none found'],
    ['Signature algorithms', r.signatureAlgorithms.length ? r.signatureAlgorithms.join(', ') : 'not known'],
    ['ALPN', r.alpn.length ? r.alpn.join(', ') : 'none'],
    ['OCSP stapling', yesNo(r.ocspStapling)],
    ['Session resumption', `tickets ${yesNo(r.sessionResumption.tickets)}, IDs ${yesNo(r.sessionResumption.ids)}`],
    ['Secure renegotiation', yesNo(r.secureRenegotiation)],
    ['TLS_FALLBACK_SCSV', yesNo(r.fallbackScsv)],
    ['Compression', yesNo(r.compression)],
    ['Heartbeat', yesNo(r.heartbeat)],
    ['HSTS', r.hsts ? clean(r.hsts.raw) : 'none']
  ]
  return ['Features', ...rows.map(([k, v]) => `  ${k.padEnd(22)}${v}`)]
}

function certificateLines(r: ScanResult): string[] {
  const c = r.certificate
  if (!c) return ['Certificate: none read']
  return [
    'Certificate',
    `  ${'Subject'.padEnd(22)}${clean(c.subject)}`,
    `  ${'Issuer'.padEnd(22)}${clean(c.issuer)}`,
    `  ${'Verdict'.padEnd(22)}${c.valid ? 'valid' : `not valid: ${c.errors.map((e) => `${e.code} (${clean(e.message)})`).join('; ')}`}`,
    `  ${'Key'.padEnd(22)}${c.keyAlgorithm} ${c.keyBits} bits, signed ${c.signatureAlgorithm}`,
    `  ${'Valid until'.padEnd(22)}${c.notAfter} (${c.daysLeft} day${Math.abs(c.daysLeft) === 1 ? '' : 's'} left)`,
    `  ${'Host name'.padEnd(22)}${c.hostMatch ? 'matches' : 'does not match'}; chain of ${c.chainLength} sent`
  ]
}

function findingLines(r: ScanResult): string[] {
  if (r.findings.length === 0) return ['Findings: none']
  const lines = ['Findings']
  for (const f of r.findings) {
    lines.push(`  [${f.severity}] ${f.code}: ${clean(f.message)}`)
    if (f.fix) for (const l of clean(f.fix.replace(/\n/g, '\u2028')).split('\u2028')) lines.push(`      ${l}`)
  }
  return lines
}

/** The human report, top-down. */
export function scanHuman(r: ScanResult): string[] {
  const head = `TLS scan of ${clean(r.target)}${r.sni ? ` (SNI ${clean(r.sni)})` : ''} at ${r.address}: ${r.probes} probes in ${r.timeMs} ms`
  const protocols = ['Protocols', ...PROTOCOLS.map((p) => `  ${p.padEnd(9)}${r.protocols[p] ? 'offered' : 'not offered'}`)]
  // Nothing spoke TLS: a grade of F and empty sections would only bury the one fact; stderr says it in words.
  if (!spokeTls(r)) return [head, '', ...protocols, '', `Answer: ${silenceWords(r)}`]
  return [head, '', ...gradeLines(r), mozillaLine(r), '', ...protocols, '', ...suiteLines(r), '', ...featureLines(r), '', ...certificateLines(r), '', ...findingLines(r)]
}

function toInput(positionals: string[], values: Record<string, unknown>): TlsScanInput {
  const [target, ...extra] = positionals
  if (extra.length) throw new UsageError(`one HOST:PORT at a time (also got ${extra.join(' ')})`)
  const { host, port } = hostPort(target)
  const timeout = numberOption(values.timeout, '--timeout')
  const rootsPem = list(values.roots).map((f) => readTextFile(f, 'roots')!)
  return {
    host,
    port,
    ...(typeof values.sni === 'string' ? { sni: values.sni } : {}),
    ...(timeout !== undefined ? { timeoutMs: timeout } : {}),
    ...(rootsPem.length ? { rootsPem } : {})
  }
}

export async function scan(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, OPTIONS)
  const out = output(Boolean(values.json))
  const input = toInput(positionals, values)
  const { scanTls } = await import('../../tls')
  // A person at a terminal sees how far the scan is; scripts and pipes get nothing extra on stderr.
  const live = !out.json && process.stderr.isTTY
  const call = caller({
    'tls.scan': (parsed: Parameters<typeof scanTls>[0], job: { signal: AbortSignal }) =>
      scanTls(parsed, {
        signal: job.signal,
        onProgress: live ? (p) => void process.stderr.write(`\r\u001b[K${p.phase} ${p.done}/${p.total}`) : undefined
      })
  })
  let r: ScanResult
  try {
    r = await call('tls.scan', input)
  } finally {
    if (live) process.stderr.write('\r\u001b[K')
  }
  if (out.json) out.print(JSON.stringify(r, null, 2))
  else scanHuman(r).forEach((l) => out.print(l))
  if (!spokeTls(r)) {
    out.warn(`wirebench: ${clean(r.target)} accepted no SSL or TLS version: ${silenceWords(r)}`)
    return 1
  }
  return 0
}
