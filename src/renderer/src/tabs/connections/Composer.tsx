// What to send on a stream: text or hex with a line ending, kept per stream in the tab's store so a half-typed
// message survives a tab switch.
import type { PayloadInput } from '../../../../shared/contract'
import { parseHex } from '../../../../shared/bytes'
import { WirebenchError } from '../../../../shared/errors'
import { useStore } from '../../app/store'
import { composerDrafts } from './store'

type Draft = { format: 'text' | 'hex'; lineEnding: 'none' | 'lf' | 'crlf'; data: string }
const BLANK: Draft = { format: 'text', lineEnding: 'lf', data: '' }

/** Text or hex to send, with a line ending; checks hex as you type. Enter sends, Shift+Enter is a newline. */
export function Composer({ draftKey, onSend, disabled, extra }: { draftKey: string; onSend: (payload: PayloadInput) => Promise<boolean>; disabled?: boolean; extra?: React.ReactNode }) {
  const draft = useStore(composerDrafts, (s) => s[draftKey] ?? BLANK)
  const update = (patch: Partial<Draft>) => composerDrafts.set((s) => ({ ...s, [draftKey]: { ...(s[draftKey] ?? BLANK), ...patch } }))
  const { format, lineEnding, data } = draft
  const setFormat = (v: Draft['format']) => update({ format: v })
  const setLineEnding = (v: Draft['lineEnding']) => update({ lineEnding: v })
  const setData = (v: string) => update({ data: v })
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
