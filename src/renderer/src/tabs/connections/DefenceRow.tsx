// One server defence in the Defences panel: its value in its own unit, an optional off switch, and its message —
// stacked to fit the 380 px sidebar instead of three fields squeezed into one row.
import { FieldMessage } from './ActionError'

export function DefenceRow(props: {
  label: string
  ariaLabel: string
  value: string
  onValue: (v: string) => void
  inputMode?: 'decimal' | 'numeric'
  message: string | null
  /** Only defences that may be turned off have a switch. */
  off?: boolean
  onOff?: (off: boolean) => void
  offLabel?: string
}) {
  const messageId = `${props.ariaLabel.replace(/\W+/g, '-').toLowerCase()}-message`
  return (
    <div className="defence">
      <label className="defence-value">
        {props.label}
        <input
          value={props.off ? '' : props.value}
          placeholder={props.off ? 'off' : undefined}
          disabled={props.off}
          onChange={(e) => props.onValue(e.target.value)}
          aria-label={props.ariaLabel}
          inputMode={props.inputMode ?? 'numeric'}
          className={props.message ? 'invalid' : undefined}
          aria-invalid={props.message ? true : undefined}
          aria-describedby={props.message ? messageId : undefined}
        />
      </label>
      {props.onOff ? (
        <label className="check defence-off">
          <input type="checkbox" checked={Boolean(props.off)} onChange={(e) => props.onOff?.(e.target.checked)} aria-label={props.offLabel} /> Off
        </label>
      ) : null}
      <FieldMessage id={messageId} message={props.message} />
    </div>
  )
}
