// The scan's grade card: the letter, the three SSL Labs sub-scores as bars (protocol 30 %, key exchange 30 %,
// cipher 40 %), and every cap, penalty and bonus with its source and the probe that showed it.
import type { ScanGrade, ScanResult } from '../../../../shared/tls/scan-model'
import { EvidenceList } from './ScanEvidence'
import { shortSource } from './scan-words'

/** A+ to A- read as good, B and C as a warning, the rest (D–F, T for trust, M for name mismatch) as bad. */
export function gradeTone(grade: string): 'good' | 'warn' | 'bad' {
  if (/^A/.test(grade)) return 'good'
  if (/^[BC]/.test(grade)) return 'warn'
  return 'bad'
}

const GRADE_WORDS: Record<string, string> = {
  T: 'T: the certificate chain is not trusted, so the rating guide shows T instead of a letter until the chain is fixed.',
  M: 'M: the certificate’s names do not match the host, so the rating guide shows M instead of a letter.'
}

function ScoreBar({ label, weight, score }: { label: string; weight: string; score: number }) {
  const value = Math.max(0, Math.min(100, Math.round(score)))
  return (
    <div className="scan-score">
      <span className="scan-score-label">
        {label} <span className="muted">({weight})</span>
      </span>
      <span className="scan-bar" role="meter" aria-label={`${label} score`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={value}>
        <span className={`scan-bar-fill tone-fill-${value >= 80 ? 'good' : value >= 50 ? 'warn' : 'bad'}`} style={{ width: `${value}%` }} />
      </span>
      <span className="scan-score-num mono">{value}</span>
    </div>
  )
}

function Reasons({ grade }: { grade: ScanGrade }) {
  if (grade.reasons.length === 0) return <p className="small good">✓ No cap, penalty or bonus applied: the grade is the score’s letter.</p>
  return (
    <ul className="scan-reasons" data-testid="scan-grade-reasons">
      {grade.reasons.map((r, i) => (
        <li key={i}>
          <span>{r.rule}</span>{' '}
          <span className="muted small" title={r.source}>
            — {shortSource(r.source)}
          </span>
          <EvidenceList evidence={r.evidence} />
        </li>
      ))}
    </ul>
  )
}

function MozillaLine({ result }: { result: ScanResult }) {
  const m = result.mozilla
  return (
    <div className="scan-mozilla" data-testid="scan-mozilla">
      <h4>Mozilla server-side TLS ({m.version})</h4>
      <ul className="plain-list">
        {(['modern', 'intermediate', 'old'] as const).map((p) => {
          const prof = m.profiles[p]
          return (
            <li key={p} className="small">
              <span className={prof.complies ? 'tone-text-good' : 'tone-text-muted'}>{prof.complies ? '✓' : '✗'}</span>{' '}
              {prof.complies ? (
                <>
                  complies with <strong>{p}</strong>
                </>
              ) : (
                <span title={prof.differences.join('\n')}>
                  <strong>{p}</strong> except: {prof.differences.slice(0, 6).join('; ')}
                  {prof.differences.length > 6 ? ` (and ${prof.differences.length - 6} more)` : ''}
                </span>
              )}
            </li>
          )
        })}
      </ul>
    </div>
  )
}

export function ScanGradeCard({ result }: { result: ScanResult }) {
  const g = result.gradeDetails
  const tone = gradeTone(g.grade)
  return (
    <section className="card scan-grade-card" aria-label="Grade" data-testid="scan-grade-card">
      <div className="scan-grade-top">
        <div className={`scan-grade scan-grade-${tone}`} data-testid="scan-grade" title={GRADE_WORDS[g.grade] ?? `Grade ${g.grade}, score ${g.score}`}>
          {g.grade}
        </div>
        <div className="scan-scores">
          <div className="small muted">
            Score {Math.round(g.score)}/100 — SSL Labs rating guide: protocol 30 %, key exchange 30 %, cipher 40 %, then caps
          </div>
          <ScoreBar label="Protocol" weight="30 %" score={g.protocolScore} />
          <ScoreBar label="Key exchange" weight="30 %" score={g.keyExchangeScore} />
          <ScoreBar label="Cipher" weight="40 %" score={g.cipherScore} />
        </div>
      </div>
      {GRADE_WORDS[g.grade] ? <p className="small">{GRADE_WORDS[g.grade]}</p> : null}
      <h4>Why this grade</h4>
      <Reasons grade={g} />
      <MozillaLine result={result} />
    </section>
  )
}
