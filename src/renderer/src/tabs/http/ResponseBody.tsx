// The body as it reads best (body-view.ts decides): JSON pretty, HTML/XML/SVG as source (never rendered: SVG and HTML
// can run script), images drawn from a data URL, binary as hex. Only the first part is drawn; "showing X of Y" says
// how much, so a 50 MB body never becomes one render.
import { useEffect, useState } from 'react'
import type { HttpRawResult } from '../../../../shared/contract/http'
import { classifyBody, sniffImage, type BodyView } from '../../../../shared/http/body-view'
import { ResponseHexDump } from './ResponseHexDump'
import { bytesFromBase64, formatSize, grouped, headerValues, plural } from './response-format'

/** Characters of text drawn at first; "Show more" draws up to the view's own cap. */
const FIRST_CHARS = 64 * 1024

const KIND_WORDS: Record<string, string> = {
  json: 'JSON, indented',
  html: 'HTML source (not rendered)',
  xml: 'XML source',
  svg: 'SVG source (not rendered)',
  image: 'image',
  text: 'text',
  hex: 'bytes (not text)',
  empty: 'empty'
}

/** Base64 of the first 65,535 bytes (a whole number of 4-character groups). */
const HEX_PREFIX_B64 = 87_380

/** Bytes held of a binary body: only its first part unless it is an image (which is drawn whole), as hex shows 64 KiB. */
function binaryBody(b64: string | undefined): Uint8Array {
  if (!b64 || b64.length <= HEX_PREFIX_B64) return bytesFromBase64(b64)
  const head = bytesFromBase64(b64.slice(0, HEX_PREFIX_B64))
  return sniffImage(head) ? bytesFromBase64(b64) : head
}

function countWords(kind: string, total: number, held: number, hexShown: number, shownChars: number, textChars: number): string {
  if (total === 0) return 'No body.'
  if (held === 0) return `${plural(total, 'byte')}, none of them held in the page.`
  if (kind === 'hex') return `Showing ${grouped(hexShown)} of ${plural(total, 'byte')}.`
  if (kind === 'image' || (held >= total && shownChars >= textChars)) return `${plural(total, 'byte')}.`
  return `Showing the first ${grouped(shownChars)} characters of ${plural(total, 'byte')}.`
}

export function ResponseBody({ result }: { result: HttpRawResult }) {
  const r = result.response
  // Decoded and classified in a task of its own, after the status and headers are drawn, so a megabyte of body never
  // lands in the same task as the answer's arrival.
  const [shown, setShown] = useState<{ bytes: Uint8Array; view: BodyView } | null>(null)
  useEffect(() => {
    let live = true
    const timer = setTimeout(() => {
      const bytes = r.body !== undefined ? new TextEncoder().encode(r.body) : binaryBody(r.bodyBase64)
      const view = classifyBody({ contentType: headerValues(r.headers, 'content-type')[0], bytes, totalBytes: r.bodyLength })
      if (live) setShown({ bytes, view })
    }, 0)
    return () => {
      live = false
      clearTimeout(timer)
    }
  }, [r.body, r.bodyBase64, r.headers, r.bodyLength])
  const [chars, setChars] = useState(FIRST_CHARS)
  if (!shown) {
    return (
      <section className="resp-body" aria-label="Body" data-testid="http-resp-body">
        <h4>Body</h4>
        <p className="small muted" role="status">
          Reading {plural(r.bodyLength, 'byte')}…
        </p>
      </section>
    )
  }
  const { bytes, view } = shown
  const text = view.text ?? ''
  const shownText = text.length > chars ? text.slice(0, chars) : text
  const hexBytes = view.kind === 'hex' ? bytes.subarray(0, 64 * 1024) : bytes
  return (
    <section className="resp-body" aria-label="Body" data-testid="http-resp-body">
      <h4>
        Body {bytes.length ? <span className="muted small">· {KIND_WORDS[view.kind]}</span> : null}
        {view.mediaType ? <span className="muted small mono"> · {view.mediaType}</span> : null}
      </h4>
      <p className="small muted" data-testid="http-resp-body-count">
        {r.bodyFile ? (
          <>
            {countWords(view.kind, r.bodyLength, bytes.length, hexBytes.length, shownText.length, text.length).replace(/\.$/, '')}; the whole body
            {r.decoded.length ? ` (${formatSize(r.bodyLength)}, still ${r.decoded.join(', ')}-encoded as received)` : ` (${formatSize(r.bodyLength)})`} is in{' '}
            <span className="mono" data-testid="http-resp-body-file">
              {r.bodyFile}
            </span>
            , not held in memory.
          </>
        ) : (
          countWords(view.kind, r.bodyLength, bytes.length, hexBytes.length, shownText.length, text.length)
        )}
        {r.decoded.length ? ` Decoded from ${r.decoded.join(', ')}.` : ''}
      </p>
      {(bytes.length ? view.notes : []).map((n, i) => (
        <p key={i} className="small resp-note">
          {n}
        </p>
      ))}
      {bytes.length === 0 ? null : view.kind === 'image' && view.dataUrl ? (
        <img className="resp-image" src={view.dataUrl} alt={`The response body: ${view.mediaType}, ${formatSize(r.bodyLength)}`} data-testid="http-resp-image" />
      ) : null}
      {view.kind === 'hex' && hexBytes.length ? <ResponseHexDump bytes={hexBytes} maxRows={16} label="Body bytes" testId="http-resp-body-hex" /> : null}
      {view.text !== undefined && bytes.length ? (
        <>
          <pre className={`resp-body-text ${view.kind}`} data-testid="http-resp-body-text" tabIndex={0}>
            {shownText}
          </pre>
          {shownText.length < text.length ? (
            <button type="button" className="small-button" onClick={() => setChars(text.length)}>
              Show all {grouped(text.length)} characters held
            </button>
          ) : null}
        </>
      ) : null}
    </section>
  )
}
