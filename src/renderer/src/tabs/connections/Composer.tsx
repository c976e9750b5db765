// What to send on a stream: text or hex with a line ending, kept per stream in the tab's store so a half-typed
// message survives a tab switch; saved messages and a repeated send below it.
import { useState } from 'react'
import { LIMITS, type PayloadInput } from '../../../../shared/contract'
import { parseHex } from '../../../../shared/bytes'
import { WirebenchError } from '../../../../shared/errors'
import { useStore } from '../../app/store'
import { onRovingKeyDown, rovingTabIndex } from '../../ui/roving-focus'
import { bytesLabel } from './model'
import { RepeatControl } from './RepeatControl'
import { SavedMessages } from './SavedMessages'
import { composerDrafts } from './store'
import './stream-tools.css'

type Draft = { format: 'text' | 'hex'; lineEnding: 'none' | 'lf' | 'crlf'; data: string }
const BLANK: Draft = { format: 'text', lineEnding: 'lf', data: '' }

/** Why a text of this many characters cannot go in the composer, or null when it can. */
export function tooLargeToSend(chars: number): string | null {
  if (chars <= LIMITS.payloadChars) return null
  return `That is ${bytesLabel(chars)} of text; a message is at most ${bytesLabel(LIMITS.payloadChars)}. Nothing was pasted; send it in parts of at most 8 MiB.`
}

/** Text or hex to send, with a line ending; checks hex as you type. Enter sends, Shift+Enter is a newline. */
export function Composer({ draftKey, onSend, disabled, extra }: { draftKey: string; onSend: (payload: PayloadInput) => Promise<boolean>; disabled?: boolean; extra?: React.ReactNode }) {
  const draft = useStore(composerDrafts, (s) => s[draftKey] ?? BLANK)
  const update = (patch: Partial<Draft>) => composerDrafts.set((s) => ({ ...s, [draftKey]: { ...(s[draftKey] ?? BLANK), ...patch } }))
  const { format, lineEnding, data } = draft
  const [sizeError, setSizeError] = useState<string | null>(null)
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
  const payload: PayloadInput | null = data && !hexError ? { format, data, lineEnding: format === 'text' ? lineEnding : 'none' } : null
  const send = async () => {
    if (disabled || hexError) return
    const ok = await onSend({ format, data, lineEnding: format === 'text' ? lineEnding : 'none' })
    if (ok) setData('')
  }
  return (
    <div className="composer">
      <div className="composer-row">
        <div className="segmented" role="radiogroup" aria-label="Payload format" onKeyDown={onRovingKeyDown}>
          {(['text', 'hex'] as const).map((f) => (
            <button key={f} type="button" role="radio" aria-checked={format === f} tabIndex={rovingTabIndex(format === f)} className={format === f ? 'on' : ''} onClick={() => setFormat(f)}>
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
          onPaste={(e) => {
            // Measure before the text reaches the field: a 40 MB paste rendered first would freeze the page for seconds.
            const pasted = e.clipboardData.getData('text/plain').length
            const el = e.currentTarget
            const why = tooLargeToSend(data.length - (el.selectionEnd - el.selectionStart) + pasted)
            setSizeError(why)
            if (why) e.preventDefault()
          }}
          onChange={(e) => {
            // Text dropped or typed past the limit is refused the same way as a paste.
            const why = tooLargeToSend(e.target.value.length)
            setSizeError(why)
            if (!why) setData(e.target.value)
          }}
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
      {sizeError ? (
        <div className="field-error" role="alert" data-testid="composer-size-error">
          {sizeError}
        </div>
      ) : null}
      {hexError ? (
        <div className="field-error" role="alert">
          {hexError}
        </div>
      ) : null}
      <SavedMessages draft={{ format, lineEnding, data }} onSend={onSend} disabled={disabled} />
      <RepeatControl repeatKey={draftKey} payload={payload} onSend={onSend} disabled={disabled} />
    </div>
  )
}
