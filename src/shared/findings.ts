// One shape for everything Wirebench judges (certificate lint, chain and verify issues, a server's chain, later scan
// results), so the UI lists them with one component and the CLI prints them one way.

export type Severity = 'error' | 'warning' | 'info' | 'ok'

/** A byte range in the array a dissector read, so a finding can point at the bytes it is about. */
export interface ByteRange {
  offset: number
  length: number
}

export interface Finding {
  severity: Severity
  /** Stable upper-case code, e.g. EXPIRED, MISSING_INTERMEDIATE, TRUNCATED. */
  code: string
  message: string
  /** Where the rule comes from: "RFC 5280 §4.1.2.2", "CA/B Forum BR §6.3.2". */
  source?: string
  span?: ByteRange
}

/** Worst first: the order lists are shown in. */
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info', 'ok']

export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s)
}

/** Worst first, keeping the producer's order among equals. */
export function sortFindings<T extends Pick<Finding, 'severity'>>(findings: readonly T[]): T[] {
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => severityRank(a.f.severity) - severityRank(b.f.severity) || a.i - b.i)
    .map((x) => x.f)
}

export function countBySeverity(findings: readonly Pick<Finding, 'severity'>[]): Record<Severity, number> {
  const out: Record<Severity, number> = { error: 0, warning: 0, info: 0, ok: 0 }
  for (const f of findings) out[f.severity]++
  return out
}
