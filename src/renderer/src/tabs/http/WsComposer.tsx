// Send on an open WebSocket (text, binary from hex, ping, pong) and close it with a code and reason, the code's
// meaning said as it is picked (RFC 6455 §7.4.1).
import { closeCodeWords } from '../../../../shared/http/ws-frames'
import { useField, useStore } from '../../app/store'
import { ErrorBox } from '../../ui/ErrorBox'
import { Segmented } from '../../ui/Segmented'
import { closeActive, send, wsStore, type ComposeKind } from './ws-store'

const KINDS: readonly (readonly [ComposeKind, string])[] = [
  ['text', 'Text'],
  ['binary', 'Binary (hex)'],
  ['ping', 'Ping'],
  ['pong', 'Pong']
]

const KIND_WORDS: Record<ComposeKind, string> = {
  text: 'A text frame (opcode 0x1): UTF-8, one message.',
  binary: 'A binary frame (opcode 0x2) from hex: "de ad be ef", "0xde,0xad" or "deadbeef".',
  ping: 'A ping (opcode 0x9), at most 125 bytes: the server must answer with a pong carrying the same bytes (RFC 6455 §5.5.2).',
  pong: 'An unsolicited pong (opcode 0xA): a one-way heartbeat that needs no answer (RFC 6455 §5.5.3).'
}

const CODES = [1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 4000]
/** The option's short name; the full words show under the form. */
const shortName = (c: number): string => (c === 3000 ? 'registered (IANA)' : c === 4000 ? 'private use' : closeCodeWords(c).split(':')[0]!)

export function WsComposer({ open }: { open: boolean }) {
  const [kind, setKind] = useField(wsStore, 'composeKind')
  const [text, setText] = useField(wsStore, 'composeText')
  const [code, setCode] = useField(wsStore, 'closeCode')
  const [reason, setReason] = useField(wsStore, 'closeReason')
  const [error, setError] = useField(wsStore, 'sendError')
  const known = useStore(wsStore, (s) => CODES.includes(Number(s.closeCode)))
  const n = Number(code)
  return (
    <div className="card ws-composer">
      <form className="ws-send" aria-label="Send a frame" onSubmit={(e) => (e.preventDefault(), void send())}>
        <div className="ws-row">
          <h3>Send</h3>
          <Segmented label="Frame kind" options={KINDS} value={kind} onChange={setKind} />
        </div>
        <textarea
          className="mono"
          rows={2}
          spellCheck={false}
          value={text}
          onChange={(e) => setText(e.target.value)}
          aria-label="Message to send"
          placeholder={kind === 'binary' ? '01 02 03 ff' : kind === 'text' ? 'hello' : 'optional payload (text, ≤ 125 bytes)'}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault()
              void send()
            }
          }}
        />
        <div className="ws-row">
          <button type="submit" className="primary" disabled={!open}>
            Send {kind}
          </button>
          <span className="hint ws-kind-words">{KIND_WORDS[kind]} Ctrl+Enter sends.</span>
        </div>
      </form>
      <form className="ws-close" aria-label="Close the WebSocket" onSubmit={(e) => (e.preventDefault(), void closeActive())}>
        <div className="ws-row">
          <label className="ws-code">
            Close code
            <select aria-label="Close code" value={known ? code : ''} onChange={(e) => setCode(e.target.value)}>
              {!known ? <option value="">{code || 'other'}</option> : null}
              {CODES.map((c) => (
                <option key={c} value={c}>
                  {c} {shortName(c)}
                </option>
              ))}
            </select>
          </label>
          <label className="ws-code-number">
            or a number
            <input inputMode="numeric" value={code} onChange={(e) => setCode(e.target.value)} aria-label="Close code number" />
          </label>
          <label className="grow">
            Reason (≤ 123 bytes)
            <input value={reason} maxLength={123} onChange={(e) => setReason(e.target.value)} aria-label="Close reason" placeholder="done" />
          </label>
          <button type="submit" disabled={!open}>
            Close
          </button>
        </div>
        <p className="hint" data-testid="ws-close-code-words">
          {Number.isInteger(n) && code.trim() ? `${n}: ${closeCodeWords(n)}.` : 'A close code says why (RFC 6455 §7.4.1).'}
        </p>
      </form>
      <ErrorBox error={error} onDismiss={() => setError(null)} />
    </div>
  )
}
