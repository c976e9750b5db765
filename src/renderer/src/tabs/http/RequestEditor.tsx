// The request editor: the raw bytes as typed (CR shown as ↵, each line's ending in the gutter, Enter inserting the
// chosen ending) and the structured form over the same text; helpers change bytes only when pressed.
import { useMemo, useRef, type ClipboardEvent, type KeyboardEvent } from 'react'
import { lineEndings, parseRequestText, requestBytes } from '../../../../shared/http/request-text'
import { useField, useStore } from '../../app/store'
import { Segmented } from '../../ui/Segmented'
import { fixLength, setRaw, useCrlf } from './actions'
import { CR_MARK, fromDisplay, toDisplay } from './display-text'
import { plural } from './response-format'
import { httpStore } from './store'
import { StructuredEditor } from './StructuredEditor'


/** Inserts text at the caret as typing would (so undo still works), falling back to a plain value change. */
function insertAtCaret(el: HTMLTextAreaElement, text: string): void {
  el.focus()
  if (document.execCommand?.('insertText', false, text)) return
  const { selectionStart: a, selectionEnd: b, value } = el
  setRaw(fromDisplay(value.slice(0, a) + text + value.slice(b)))
}

/** Lines the gutter marks; past this (a large pasted body) it stops, so typing stays fast. */
const GUTTER_LINES = 3000

function RawEditor() {
  const raw = useStore(httpStore, (s) => s.raw)
  const [ending, setEnding] = useField(httpStore, 'enterEnding')
  const gutter = useRef<HTMLDivElement>(null)
  const endings = useMemo(() => lineEndings(raw), [raw])
  const bare = endings.filter((e) => e === 'lf').length
  const brk = ending === 'crlf' ? `${CR_MARK}\n` : '\n'
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key !== 'Enter' || e.ctrlKey || e.metaKey || e.altKey) return
    e.preventDefault()
    insertAtCaret(e.currentTarget, e.shiftKey ? (ending === 'crlf' ? '\n' : `${CR_MARK}\n`) : brk)
  }
  const onPaste = (e: ClipboardEvent<HTMLTextAreaElement>) => {
    const text = e.clipboardData.getData('text/plain')
    if (!text) return
    e.preventDefault()
    insertAtCaret(e.currentTarget, text.replace(/\r\n|\r|\n/g, (m) => (m === '\r\n' ? `${CR_MARK}\n` : m === '\r' ? CR_MARK : brk)))
  }
  return (
    <div className="http-raw">
      <div className="http-row http-raw-tools">
        <Segmented label="Enter inserts" options={[['crlf', 'Enter: CRLF'], ['lf', 'Enter: LF']] as const} value={ending} onChange={setEnding} />
        <span className="small muted">Shift+Enter inserts the other one. {CR_MARK} is a CR byte; type or delete it like any character.</span>
      </div>
      <div className="http-raw-box">
        <div className="http-gutter mono" ref={gutter} aria-hidden="true">
          {endings.slice(0, GUTTER_LINES).map((e, i) => (
            <div key={i} className={`http-gutter-line ${e}`}>
              <span className="http-line-no">{i + 1}</span>
              <span className="http-line-end">{e === 'crlf' ? 'CRLF' : e === 'lf' ? 'bare LF' : ''}</span>
            </div>
          ))}
        </div>
        <textarea
          className="mono http-raw-text"
          aria-label="Raw request"
          data-testid="http-raw"
          wrap="off"
          spellCheck={false}
          value={toDisplay(raw)}
          onChange={(e) => setRaw(fromDisplay(e.target.value))}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
          onScroll={(e) => {
            if (gutter.current) gutter.current.scrollTop = e.currentTarget.scrollTop
          }}
        />
      </div>
      {bare ? (
        <p className="small http-bare" data-testid="http-bare-lf">
          {bare} line{bare === 1 ? ' ends' : 's end'} in a bare LF (marked in the gutter). RFC 9112 §2.2 asks for CRLF; servers differ on a bare LF, which is why it is worth
          testing. It is sent exactly so.
        </p>
      ) : null}
    </div>
  )
}

export function RequestEditor() {
  const [editor, setEditor] = useField(httpStore, 'editor')
  const raw = useStore(httpStore, (s) => s.raw)
  const bytes = useMemo(() => requestBytes(raw).length, [raw])
  const parsed = useMemo(() => parseRequestText(raw), [raw])
  const cl = parsed.request.headers.find(([n]) => n.toLowerCase() === 'content-length')?.[1]
  const bodyBytes = useMemo(() => requestBytes(parsed.request.body).length, [parsed])
  const clWrong = cl !== undefined ? cl.trim() !== String(bodyBytes) : bodyBytes > 0 && !parsed.request.headers.some(([n]) => n.toLowerCase() === 'transfer-encoding')
  return (
    <section className="card http-editor" aria-label="Request">
      <div className="http-row http-editor-head">
        <h3>Request</h3>
        <Segmented label="Editor" options={[['raw', 'Raw'], ['structured', 'Structured']] as const} value={editor} onChange={setEditor} />
        <span className="small muted" data-testid="http-byte-count">
          {plural(bytes, 'byte')} · body {bodyBytes.toLocaleString('en-US')}
        </span>
        <span className="grow" />
        <button type="button" className="small-button" onClick={fixLength} title="Set Content-Length to the body's length in bytes (RFC 9110 §8.6)">
          Fix Content-Length
        </button>
        <button type="button" className="small-button" onClick={useCrlf} title="Make every line ending in the head CRLF (RFC 9112 §2.2); the body is left alone">
          Use CRLF line endings
        </button>
      </div>
      {clWrong ? (
        <p className="small http-bare" data-testid="http-cl-mismatch">
          {cl !== undefined ? `Content-Length says ${cl.trim()} but the body is ${plural(bodyBytes, 'byte')}` : `The body is ${plural(bodyBytes, 'byte')} but there is no Content-Length`}: the server will read a different body
          (RFC 9112 §6.2). It is sent as typed; press Fix Content-Length to change it.
        </p>
      ) : null}
      {editor === 'raw' ? <RawEditor /> : <StructuredEditor parsed={parsed} />}
    </section>
  )
}
