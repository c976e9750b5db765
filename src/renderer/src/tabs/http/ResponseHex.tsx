// The response's bytes beside their span tree (status line, each header, chunk sizes and data, trailers; or each
// HTTP/2 frame), both ways: pick a field to see its bytes, click a byte to find its field.
import { useEffect, useState } from 'react'
import type { HttpRawResult } from '../../../../shared/contract/http'
import type { Dissection } from '../../../../shared/dissect/span'
import { FindingList } from '../../ui/FindingList'
import { bytesFromBase64, grouped, plural } from './response-format'
import { loadResponseSpans } from './response-spans'
import { useStore } from '../../app/store'
import { ResponseDissection } from './ResponseDissection'
import { responseStore } from './response-store'

/** The received HTTP/2 frames back to back, as the server sent them (each frame whole, or the list stops). */
function receivedH2Bytes(result: HttpRawResult): Uint8Array {
  const parts: Uint8Array[] = []
  for (const f of result.http2?.frames ?? []) {
    if (f.dir !== 'received') continue
    const b = bytesFromBase64(f.rawBase64)
    if (b.length !== f.length + 9) break
    parts.push(b)
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let o = 0
  for (const p of parts) {
    out.set(p, o)
    o += p.length
  }
  return out
}

const EMPTY = new Uint8Array(0)

export function ResponseHex({ result }: { result: HttpRawResult }) {
  const h2 = Boolean(result.http2)
  // The bytes are decoded in a task of their own and cut into spans off the page's thread when large.
  const [cut, setCut] = useState<{ bytes: Uint8Array; d: Dissection | null } | null>(null)
  useEffect(() => {
    let live = true
    setCut(null)
    const timer = setTimeout(() => {
      const bytes = h2 ? receivedH2Bytes(result) : bytesFromBase64(result.response.rawBase64)
      setCut({ bytes, d: null })
      void loadResponseSpans(h2 ? 'http2' : 'http1', bytes).then((d) => live && setCut({ bytes, d }))
    }, 0)
    return () => {
      live = false
      clearTimeout(timer)
    }
  }, [result, h2])
  const pick = useStore(responseStore, (s) => s.hexPick)
  const bytes = cut?.bytes ?? EMPTY
  const d = cut?.d ?? null
  const partial = !h2 && cut !== null && bytes.length < result.response.rawTotalBytes
  return (
    <div className="resp-pane-body resp-hex">
      <p className="small muted">
        {h2 ? 'The frames the server sent, back to back, each cut into its fields (RFC 9113 §4.1).' : 'The response as it arrived, cut into its parts by our lenient HTTP/1.1 reader (RFC 9112).'}
        {partial ? ` Showing the first ${grouped(bytes.length)} of ${grouped(result.response.rawTotalBytes)} bytes.` : ''}
      </p>
      {d === null ? (
        <p className="muted small" role="status">
          Cutting {plural(h2 ? bytes.length : result.response.rawTotalBytes, 'byte')} into fields…
        </p>
      ) : (
        <>
          <div className="resp-hex-box" style={{ height: Math.min(480, Math.max(220, (d.spanCount + 3) * 22)) }}>
            <ResponseDissection bytes={bytes} spans={d.spans} pick={h2 ? null : pick} expandDepth={h2 ? -1 : 2} testIdPrefix="http-resp-hex" treeLabel="Response structure" hexLabel="Response bytes" summary={`${plural(bytes.length, 'byte')} · ${plural(d.spanCount, 'field')}`} />
          </div>
          {d.findings.length ? <FindingList findings={d.findings} compact testId="http-resp-hex-findings" /> : null}
        </>
      )}
    </div>
  )
}
