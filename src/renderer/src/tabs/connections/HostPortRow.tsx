// Host and port inputs shared by the client and UDP forms, and the port text → number rule.
/** The host and port fields a client or a UDP socket needs, side by side. */
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
}) {
  return (
    <div className="field-row">
      <label className="grow">
        {props.hostCaption ?? 'Host'}
        <input value={props.host} onChange={(e) => props.onHost(e.target.value)} placeholder={props.hostPlaceholder} aria-label={props.hostLabel} spellCheck={false} />
      </label>
      <label className="port">
        Port
        <input value={props.port} onChange={(e) => props.onPort(e.target.value)} placeholder={props.portPlaceholder} aria-label={props.portLabel} inputMode="numeric" />
      </label>
    </div>
  )
}

/** A port field's text as the number to send: empty is NaN, so the contract answers "A port is a whole number…". */
export function portValue(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text)
}
