// The response read: the status in RFC 9110's words beside the server's own reason, every header with what it means
// and where it is defined, the codings undone with their sizes, and the body as it reads best.
import { useMemo } from 'react'
import type { HttpRawResult } from '../../../../shared/contract/http'
import { headerWords } from '../../../../shared/http/header-words'
import { parseHttp1 } from '../../../../shared/http/message'
import { STATUS_CODES, statusInfo } from '../../../../shared/http/status'
import { ResponseBody } from './ResponseBody'
import { bytesFromBase64, formatSize, headerValues } from './response-format'

/** The body's size on the wire (before content codings were undone), when it can be known. */
export function encodedBodySize(result: HttpRawResult): number | null {
  const r = result.response
  if (result.http2) {
    return result.http2.frames.filter((f) => f.dir === 'received' && f.type === 'DATA' && f.streamId === result.http2!.streamId).reduce((n, f) => n + f.length, 0)
  }
  const raw = bytesFromBase64(r.rawBase64)
  if (raw.length === r.rawTotalBytes && raw.length) {
    const m = parseHttp1(raw, { kind: 'response', closed: true, spans: false })
    if (m.startLine) return m.bodyLength
  }
  const cl = Number(headerValues(r.headers, 'content-length')[0])
  return Number.isFinite(cl) && cl >= 0 ? cl : null
}

function StatusLine({ result }: { result: HttpRawResult }) {
  const r = result.response
  const info = statusInfo(r.status)
  const cls = r.status >= 500 ? 'server' : r.status >= 400 ? 'client' : r.status >= 300 ? 'redirect' : r.status >= 200 ? 'ok' : 'info'
  // Registered codes have a name from their RFC; others only a class (RFC 9110 §15), or none outside 100–599.
  const registered = STATUS_CODES.has(r.status)
  const classCode = `${Math.floor(r.status / 100)}00`
  const differs = r.reason.trim() !== '' && (!registered || r.reason.trim() !== r.statusWords)
  const unregistered = `${r.status} is not registered in the IANA HTTP Status Code Registry; treat it as ${classCode} (its class, RFC 9110 §15).`
  const invalid = `${r.status} is not a valid status code: status codes are three digits from 100 to 599 (RFC 9110 §15).`
  return (
    <div className="resp-status" data-testid="http-resp-status">
      <div className="resp-status-line">
        <span className="mono">{r.httpVersion}</span>
        <span className={`resp-code ${cls}`} data-testid="http-resp-code">
          {r.status}
        </span>
        <strong>{registered ? r.statusWords : info ? 'Unregistered' : 'Invalid status code'}</strong>
        {info ? <span className="muted small">{info.rfc}</span> : null}
      </div>
      {info ? <p className="small">{registered || differs ? info.words : `${unregistered} ${info.words}`}</p> : differs ? null : <p className="small">{invalid}</p>}
      {differs ? (
        <p className="small resp-note" data-testid="http-resp-reason-differs">
          The server wrote the reason “{r.reason}”; {registered && info ? `${info.rfc.replace(/ §.*$/, '')} calls ${r.status} “${r.statusWords}”.` : info ? unregistered : invalid} The reason phrase is only for people: a client SHOULD ignore its content (RFC 9112 §4).
        </p>
      ) : null}
      {r.reason.trim() === '' && !result.http2 ? <p className="small muted">No reason phrase was sent (allowed: RFC 9112 §4).</p> : null}
      {result.http2 ? <p className="small muted">HTTP/2 has no reason phrase: the status travels as the :status pseudo-header (RFC 9113 §8.3.2).</p> : null}
      {!r.complete ? (
        <p className="small resp-warn" role="status" data-testid="http-resp-incomplete">
          The response is incomplete: the connection ended, or a limit was reached, before the whole message arrived (see Findings).
        </p>
      ) : null}
    </div>
  )
}

function HeaderTable({ headers }: { headers: [string, string][] }) {
  return (
    <div className="resp-headers" role="table" aria-label="Response headers" data-testid="http-resp-headers">
      <div className="resp-hrow resp-hhead" role="row">
        <span role="columnheader">Name</span>
        <span role="columnheader">Value</span>
        <span role="columnheader">What it means</span>
      </div>
      {headers.map(([name, value], i) => {
        const w = headerWords(name)
        return (
          <div className="resp-hrow" role="row" key={i}>
            <span role="cell" className="mono resp-hname">
              {name}
            </span>
            <span role="cell" className="mono resp-hvalue">
              {value}
            </span>
            <span role="cell" className="small">
              {w ? (
                <>
                  {w.words} <span className="muted">({w.rfc})</span>
                </>
              ) : name.startsWith(':') ? (
                <span className="muted">An HTTP/2 pseudo-header (RFC 9113 §8.3).</span>
              ) : (
                <span className="muted">Not a field Wirebench explains (an extension or a private header).</span>
              )}
            </span>
          </div>
        )
      })}
    </div>
  )
}

export function ResponseParsed({ result }: { result: HttpRawResult }) {
  const r = result.response
  const encoded = useMemo(() => (r.decoded.length ? encodedBodySize(result) : null), [result, r.decoded.length])
  return (
    <div className="resp-pane-body">
      <StatusLine result={result} />
      <h4>Headers ({r.headers.length})</h4>
      <HeaderTable headers={r.headers} />
      {r.decoded.length ? (
        <p className="small resp-codings" data-testid="http-resp-decoded">
          Content-Encoding undone: <strong>{r.decoded.join(', ')}</strong>, {encoded !== null ? formatSize(encoded) : 'an unknown size'} → {formatSize(r.bodyLength)}
          {encoded ? ` (${(r.bodyLength / Math.max(1, encoded)).toFixed(1)}× smaller on the wire)` : ''}. The codings were applied by the server to the content, and are undone in the reverse order (RFC 9110 §8.4).
        </p>
      ) : null}
      <ResponseBody result={result} />
    </div>
  )
}
