import { useState } from 'react'
import type { PayloadInput } from '../../../../shared/contract'
import { parseHex } from '../../../../shared/bytes'
import { WirebenchError } from '../../../../shared/errors'

/** Text or hex to send, with a line ending; checks hex as you type. Enter sends, Shift+Enter is a newline. */
export function Composer({ onSend, disabled, extra }: { onSend: (payload: PayloadInput) => Promise<boolean>; disabled?: boolean; extra?: React.ReactNode }) {
  const [format, setFormat] = useState<'text' | 'hex'>('text')
  const [lineEnding, setLineEnding] = useState<'none' | 'lf' | 'crlf'>('lf')
  const [data, setData] = useState('')
  let hexError: string | null = null
  if (format === 'hex' && data.trim()) {
    try {
      parseHex(data)
    } catch (err) {
      hexError = err instanceof WirebenchError ? err.message : String(err)
    }
  }
  const send = async () => {
    if (disabled || hexError) return
    const ok = await onSend({ format, data, lineEnding: format === 'text' ? lineEnding : 'none' })
    if (ok) setData('')
  }
  return (
    <div className="composer">
      <div className="composer-row">
        <div className="segmented" role="radiogroup" aria-label="Payload format">
          {(['text', 'hex'] as const).map((f) => (
            <button key={f} role="radio" aria-checked={format === f} className={format === f ? 'on' : ''} onClick={() => setFormat(f)}>
              {f === 'text' ? 'Text' : 'Hex'}
            </button>
          ))}
        </div>
        {format === 'text' ? (
          <label className="inline">
            Line ending
            <select value={lineEnding} onChange={(e) => setLineEnding(e.target.value as 'none' | 'lf' | 'crlf')} aria-label="Line ending">
              <option value="lf">LF (\n)</option>
              <option value="crlf">CRLF (\r\n)</option>
              <option value="none">None</option>
            </select>
          </label>
        ) : null}
        <span className="spacer" />
        {extra}
      </div>
      <div className="composer-row">
        <textarea
          aria-label="Data to send"
          className={`mono ${hexError ? 'invalid' : ''}`}
          rows={2}
          placeholder={format === 'text' ? 'Type a message; Enter sends, Shift+Enter adds a new line' : 'Hex bytes, e.g. 48 65 6c 6c 6f'}
          value={data}
          disabled={disabled}
          onChange={(e) => setData(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey) {
              e.preventDefault()
              void send()
            }
          }}
        />
        <button className="primary" onClick={() => void send()} disabled={disabled || Boolean(hexError)}>
          Send
        </button>
      </div>
      {hexError ? (
        <div className="field-error" role="alert">
          {hexError}
        </div>
      ) : null}
    </div>
  )
}
