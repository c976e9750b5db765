// An action's error shown beside the button that caused it and scrolled into view, so a tall form (TLS options
// open) never hides the answer below the fold.
import { useEffect, useRef } from 'react'
import type { WireError } from '../../../../shared/errors'
import type { Result } from '../../../../shared/contract'
import { ErrorBox } from '../../ui/ErrorBox'
import type { Checked } from './form-checks'

export function ActionError({ error, onDismiss, testId }: { error: WireError | null; onDismiss?: () => void; testId?: string }) {
  const box = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (error) box.current?.scrollIntoView({ block: 'nearest' })
  }, [error])
  if (!error) return null
  return (
    <div ref={box} className="action-error" data-testid={testId}>
      <ErrorBox error={error} onDismiss={onDismiss} />
    </div>
  )
}

/** The first field that failed its check, as the error value a form's action answers with (nothing is sent). */
export function firstFieldError(checks: Checked[]): Result<never> | null {
  const bad = checks.find((c): c is Extract<Checked, { ok: false }> => !c.ok)
  return bad ? { ok: false, error: { code: 'INVALID_INPUT', message: bad.message } } : null
}

/** A field's own message, under it; the field points at it with aria-describedby. */
export function FieldMessage({ id, message }: { id: string; message: string | null }) {
  return message ? (
    <span className="field-error" id={id}>
      {message}
    </span>
  ) : null
}
