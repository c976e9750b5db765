// A verdict's errors and warnings, one line each, with the document each rule comes from ("RFC 5280 §4.2.1.9",
// "CA/B Forum BR §7.1.4.3") in plain sight, not in a tooltip: a verdict is only as good as the rule a reader can check.
import { sortFindings } from '../../../../shared/findings'
import type { ChainIssue } from '../../../../shared/x509/types'

/** More than this and the rest are counted: a hostile chain can carry thousands of findings. */
const SHOWN = 200

export function IssueList({ issues, testId }: { issues: readonly ChainIssue[]; testId?: string }) {
  if (issues.length === 0) return null
  const sorted = sortFindings(issues)
  return (
    <ul className="finding-list compact issue-list" data-testid={testId}>
      {sorted.slice(0, SHOWN).map((f, i) => (
        <li key={`${f.code}-${i}`} className={`finding finding-${f.severity}`}>
          <span className={`finding-code sev-${f.severity}`}>{f.code}</span>
          <span className="issue-text">
            {f.message}
            {f.source ? <span className="issue-source"> {f.source}</span> : null}
          </span>
        </li>
      ))}
      {sorted.length > SHOWN ? <li className="muted small">…and {(sorted.length - SHOWN).toLocaleString('en-US')} more</li> : null}
    </ul>
  )
}
