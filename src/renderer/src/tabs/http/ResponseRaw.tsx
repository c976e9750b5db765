// The message as text with every line ending shown (CRLF, a bare LF, a bare CR are different things on the wire,
// RFC 9112 §2.2), capped so a large response never becomes a page-long render: the response as received (Raw) and
// the request exactly as sent (Request).
import { useMemo } from 'react'
import type { HttpRawResult } from '../../../../shared/contract/http'
import { toBase64 } from '../../../../shared/bytes'
import { useField } from '../../app/store'
import { bytesFromBase64, escapeControls, formatSize, grouped, latin1, markLines, plural } from './response-format'
import { responseStore } from './response-store'

// Words, not the ␍/␊ control pictures: many system fonts lack those glyphs and draw empty boxes.
const END_MARK: Record<string, string> = { '\r\n': 'CRLF', '\n': 'LF', '\r': 'CR', '': '' }
const END_TITLE: Record<string, string> = { '\r\n': 'CR LF: the line ending HTTP/1.1 requires (RFC 9112 §2.2)', '\n': 'a bare LF: accepted by lenient parsers, rejected by strict ones (RFC 9112 §2.2)', '\r': 'a bare CR: invalid outside the content (RFC 9112 §2.2)', '': '' }

/** Text with its line endings drawn as marks; `bad` endings (bare LF/CR) stand out. */
export function CrlfText({ text, testId, label }: { text: string; testId: string; label: string }) {
  const { lines, more } = useMemo(() => markLines(text, 5000), [text])
  return (
    <pre className="resp-raw" data-testid={testId} aria-label={label} tabIndex={0}>
      {lines.map((l, i) => (
        <span key={i} className="resp-line">
          {escapeControls(l.text)}
          {l.end ? (
            <span className={`resp-eol ${l.end === '\r\n' ? '' : 'bad-eol'}`} title={END_TITLE[l.end]}>
              {END_MARK[l.end]}
            </span>
          ) : null}
          {'\n'}
        </span>
      ))}
      {more ? <span className="muted">… more lines not shown</span> : null}
    </pre>
  )
}

/** Bytes in a base64 text, without decoding it. */
const base64Bytes = (b64: string): number => Math.floor((b64.length * 3) / 4) - (b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0)

/** The first `kib` KiB of base64 bytes as Latin-1 text: only that part is decoded. */
function Capped({ b64, total, testId, label, what }: { b64: string; total: number; testId: string; label: string; what: string }) {
  const [kib, setKib] = useField(responseStore, 'rawKiB')
  const held = base64Bytes(b64)
  const shown = Math.min(held, kib * 1024)
  const text = useMemo(() => latin1(bytesFromBase64(b64.slice(0, Math.ceil(shown / 3) * 4)).subarray(0, shown)), [b64, shown])
  return (
    <div className="resp-pane-body">
      <p className="small muted" data-testid={`${testId}-count`}>
        {shown < total ? `Showing ${formatSize(shown)} of ${formatSize(total)} (${grouped(total)} bytes) ${what}.` : `${plural(total, 'byte')} ${what}.`}{' '}
        Line endings are marked: CRLF as HTTP/1.1 requires; a bare LF or CR is highlighted.
        {shown < held && kib < 256 ? (
          <>
            {' '}
            <button type="button" className="small-button" onClick={() => setKib(Math.min(256, kib * 4))}>
              Show more
            </button>
          </>
        ) : null}
        {held < total ? ` The page holds the first ${formatSize(held)}; the rest is not kept here.` : ''}
      </p>
      <CrlfText text={text} testId={testId} label={label} />
    </div>
  )
}

export function ResponseRaw({ result }: { result: HttpRawResult }) {
  return <Capped b64={result.response.rawBase64} total={result.response.rawTotalBytes} testId="http-resp-raw" label="The response as received" what={result.http2 ? 'of the response, as HTTP/1-style text (HTTP/2 sends frames: see the HTTP/2 pane)' : 'received'} />
}

export function ResponseRequest({ result }: { result: HttpRawResult }) {
  const b64 = useMemo(() => result.request.rawBase64 ?? toBase64(new TextEncoder().encode(result.request.raw)), [result.request])
  return (
    <>
      <p className="small resp-note" data-testid="http-resp-sent">
        {plural(result.request.bytesSent, 'byte')} went on the wire{result.http2 ? ' as HTTP/2 frames (HEADERS with HPACK, then DATA); below is the request as typed' : ', exactly these'}.
        {result.cookies?.sent ? ' The Cookie header from the jar was added.' : ''}
      </p>
      <Capped b64={b64} total={base64Bytes(b64)} testId="http-resp-request" label="The request as sent" what="sent" />
    </>
  )
}
