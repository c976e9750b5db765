// The host and port fields a client or a UDP socket needs, side by side, with the port's own message under them.
import { FieldMessage } from './ActionError'

export function HostPortRow(props: {
  host: string
  port: string
  onHost: (v: string) => void
  onPort: (v: string) => void
  hostLabel: string
  portLabel: string
  hostCaption?: string
  hostPlaceholder?: string
  portPlaceholder?: string
  /** What is wrong with the port as typed, in words; null when it is fine or not typed yet. */
  portMessage?: string | null
}) {
  const messageId = `${props.portLabel.replace(/\W+/g, '-').toLowerCase()}-message`
  return (
    <>
      <div className="field-row">
        <label className="grow">
          {props.hostCaption ?? 'Host'}
          <input value={props.host} onChange={(e) => props.onHost(e.target.value)} placeholder={props.hostPlaceholder} aria-label={props.hostLabel} spellCheck={false} />
        </label>
        <label className="port">
          Port
          <input
            value={props.port}
            onChange={(e) => props.onPort(e.target.value)}
            placeholder={props.portPlaceholder}
            aria-label={props.portLabel}
            inputMode="numeric"
            className={props.portMessage ? 'invalid' : undefined}
            aria-invalid={props.portMessage ? true : undefined}
            aria-describedby={props.portMessage ? messageId : undefined}
          />
        </label>
      </div>
      <FieldMessage id={messageId} message={props.portMessage ?? null} />
    </>
  )
}
