// Findings of any kind (lint, chain issues, dissector complaints) in one list, worst first, with a severity badge
// whose colours read in both themes and the code and source a user can search for.
import type { ReactNode } from 'react'
import { type Finding, sortFindings } from '../../../shared/findings'
import './ui.css'

export interface FindingListProps {
  findings: readonly Finding[]
  /** Shown when there are no findings. */
  empty?: ReactNode
  /** Called when the user picks a finding that points at bytes. */
  onPick?: (finding: Finding) => void
  /** One line each, the code as a coloured badge: for findings inside a small card. */
  compact?: boolean
  testId?: string
}

export function FindingList({ findings, empty = null, onPick, compact = false, testId }: FindingListProps) {
  if (findings.length === 0) return <>{empty}</>
  if (compact) {
    return (
      <ul className="finding-list compact" data-testid={testId}>
        {sortFindings(findings).map((f, i) => (
          <li key={`${f.code}-${i}`} className={`finding finding-${f.severity}`} title={f.source}>
            <span className={`finding-code sev-${f.severity}`}>{f.code}</span>
            <span>{f.message}</span>
          </li>
        ))}
      </ul>
    )
  }
  return (
    <ul className="finding-list" data-testid={testId}>
      {sortFindings(findings).map((f, i) => (
        <li key={`${f.code}-${i}`} className={`finding finding-${f.severity}`}>
          <span className={`sev sev-${f.severity}`}>{f.severity}</span>
          <span className="finding-text">
            {f.span && onPick ? (
              <button className="link-button" onClick={() => onPick(f)}>
                {f.message}
              </button>
            ) : (
              f.message
            )}
            <span className="muted small finding-source">
              {f.source ? `${f.source} · ` : ''}
              <span className="mono">{f.code}</span>
              {f.span ? ` · bytes ${f.span.offset}–${f.span.offset + Math.max(0, f.span.length - 1)}` : ''}
            </span>
          </span>
        </li>
      ))}
    </ul>
  )
}
