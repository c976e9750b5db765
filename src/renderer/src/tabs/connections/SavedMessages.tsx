// Saved messages under the composer: one click sends one; the draft can be saved under a name.
import { useState } from 'react'
import type { PayloadInput } from '../../../../shared/contract'
import { useStore } from '../../app/store'
import { payloadOf, removeMessage, saveMessage, savedMessages, type SavedMessage } from './saved-messages'

/** The saved messages as buttons that send, and a name field that saves the current draft. */
export function SavedMessages({ draft, onSend, disabled }: { draft: Omit<SavedMessage, 'name'>; onSend: (payload: PayloadInput) => Promise<boolean>; disabled?: boolean }) {
  const list = useStore(savedMessages, (s) => s.list)
  const [name, setName] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const save = () => {
    const why = saveMessage({ ...draft, name })
    setProblem(why)
    if (!why) setName('')
  }
  return (
    <div className="saved-messages" aria-label="Saved messages" role="group">
      <span className="muted small">Saved:</span>
      {list.length === 0 ? <span className="muted small">none yet</span> : null}
      {list.map((m) => (
        <span className="saved-chip" key={m.name}>
          <button onClick={() => void onSend(payloadOf(m))} disabled={disabled} title={`Send “${m.name}” (${m.format}${m.format === 'text' ? `, ${m.lineEnding.toUpperCase()}` : ''})`}>
            {m.name}
          </button>
          <button onClick={() => removeMessage(m.name)} aria-label={`Remove saved message ${m.name}`} title="Remove">
            ×
          </button>
        </span>
      ))}
      <span className="spacer" />
      <input
        value={name}
        onChange={(e) => setName(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault()
            save()
          }
        }}
        placeholder="Name"
        aria-label="Name for this message"
        maxLength={60}
      />
      <button onClick={save} disabled={!draft.data}>
        Save message
      </button>
      {problem ? (
        <span className="field-error" role="alert">
          {problem}
        </span>
      ) : null}
    </div>
  )
}
