// The scan's findings, worst first: what is wrong, the fix as the server lines to paste (nginx, Apache) in code
// blocks, and the probe that showed it — so a finding can be checked, not only believed.
import type { ScanFinding } from '../../../../shared/tls/scan-model'
import { EvidenceList } from './ScanEvidence'
import { fixParts } from './scan-words'

const ORDER: Record<ScanFinding['severity'], number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4, ok: 5 }

export function sortScanFindings(findings: readonly ScanFinding[]): ScanFinding[] {
  return [...findings].sort((a, b) => ORDER[a.severity] - ORDER[b.severity])
}

export function ScanFindings({ findings }: { findings: readonly ScanFinding[] }) {
  const sorted = sortScanFindings(findings)
  return (
    <section className="card" aria-label="Findings" data-testid="scan-findings">
      <h3>Findings and fixes</h3>
      {sorted.length === 0 ? (
        <p className="small good">✓ Nothing to fix.</p>
      ) : (
        <ul className="scan-findings">
          {sorted.map((f, i) => (
            <li key={`${f.code}-${i}`} className="scan-finding" data-testid="scan-finding">
              <div className="scan-finding-head">
                <span className={`scan-sev scan-sev-${f.severity}`}>{f.severity}</span>
                <span className="mono small">{f.code}</span>
              </div>
              <p className="scan-finding-msg">{f.message}</p>
              {f.fix ? (
                <div className="scan-fix">
                  {fixParts(f.fix).map((part, j) =>
                    part.code ? (
                      <pre key={j}>
                        <code>{part.code}</code>
                      </pre>
                    ) : (
                      <div key={j} className="scan-fix-text">
                        {part.text}
                      </div>
                    )
                  )}
                </div>
              ) : null}
              <EvidenceList evidence={f.evidence} counted limit={20} />
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
