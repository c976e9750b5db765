// The probes behind a scan finding or a grade reason: which probe, what was offered, what came back, its first bytes.
import type { ScanEvidence } from '../../../../shared/tls/scan-model'

export function EvidenceList({ evidence, counted = false, limit }: { evidence: ScanEvidence[] | undefined; counted?: boolean; limit?: number }) {
  if (!evidence || evidence.length === 0) return null
  return (
    <details className="scan-evidence">
      <summary>{counted ? `Evidence (${evidence.length})` : 'Evidence'}</summary>
      {evidence.slice(0, limit ?? evidence.length).map((e, j) => (
        <div key={j} className="small">
          <strong>{e.probe}</strong>
          {e.offered ? <> · offered {e.offered}</> : null} · {e.answer}
          {e.bytesHex ? <code className="scan-hex">{e.bytesHex}</code> : null}
        </div>
      ))}
    </details>
  )
}
