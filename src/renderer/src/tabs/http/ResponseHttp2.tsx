// The HTTP/2 exchange frame by frame (RFC 9113 §4.1, §6): a virtualised list both ways with time, type, stream, flags
// and a summary; the picked frame's bytes cut into fields, and for HEADERS each field with how HPACK sent it (RFC 7541
// §6); then both dynamic tables as they ended, with their sizes.
import { useMemo } from 'react'
import type { Http2Exchange, Http2FrameRow } from '../../../../shared/contract/http'
import { dissect } from '../../../../shared/dissect/table'
import { useField } from '../../app/store'
import { formatMs } from '../../ui/Timeline'
import { VirtualList } from '../../ui/VirtualList'
import { ResponseDissection } from './ResponseDissection'
import { bytesFromBase64, grouped, plural } from './response-format'
import { responseStore } from './response-store'

const ROW = 26

function FrameDetail({ frame }: { frame: Http2FrameRow }) {
  const bytes = useMemo(() => bytesFromBase64(frame.rawBase64), [frame.rawBase64])
  const d = useMemo(() => dissect('http2', bytes, { maxSpans: 5000 }), [bytes])
  return (
    <div className="resp-h2-detail" data-testid="http-resp-h2-detail">
      <h4>
        {frame.dir === 'sent' ? 'Sent' : 'Received'} {frame.type} on {frame.streamId ? `stream ${frame.streamId}` : 'the connection (stream 0)'} at {formatMs(frame.atMs)}
      </h4>
      {bytes.length < frame.length + 9 ? <p className="small muted">Showing the first {grouped(bytes.length)} of {grouped(frame.length + 9)} bytes.</p> : null}
      <ResponseDissection key={`${frame.atMs}-${frame.rawBase64.length}`} bytes={bytes} spans={d.spans} testIdPrefix="http-resp-h2-frame" treeLabel="Frame fields" hexLabel="Frame bytes" summary={`${grouped(bytes.length)} bytes · click a byte to find its field`} />
      {frame.headers ? (
        <div className="resp-headers resp-hpack" role="table" aria-label="Decoded header fields" data-testid="http-resp-hpack">
          <div className="resp-hrow resp-hhead" role="row">
            <span role="columnheader">Name</span>
            <span role="columnheader">Value</span>
            <span role="columnheader">How HPACK sent it (RFC 7541 §6)</span>
          </div>
          {frame.headers.map((h, i) => (
            <div className="resp-hrow" role="row" key={i}>
              <span role="cell" className="mono resp-hname">
                {h.name}
              </span>
              <span role="cell" className="mono resp-hvalue">
                {h.value}
              </span>
              <span role="cell" className="small">
                {h.representation}
                {h.index !== undefined ? <span className="muted"> (index {h.index}{h.index <= 61 ? ', static table' : ', dynamic table'})</span> : null}
              </span>
            </div>
          ))}
        </div>
      ) : null}
    </div>
  )
}

function DynamicTable({ title, rows, size }: { title: string; rows: { name: string; value: string }[]; size: number }) {
  return (
    <div className="card resp-dyn">
      <h4>
        {title} <span className="muted small">· {plural(rows.length, 'entry', 'entries')}, {plural(size, 'octet')}</span>
      </h4>
      {rows.length ? (
        <ol className="small mono resp-dyn-list" start={62}>
          {rows.slice(0, 200).map((r, i) => (
            <li key={i}>
              {r.name}: {r.value.length > 80 ? `${r.value.slice(0, 80)}…` : r.value}
            </li>
          ))}
        </ol>
      ) : (
        <p className="small muted">Empty: nothing was added with incremental indexing.</p>
      )}
    </div>
  )
}

export function ResponseHttp2({ h2 }: { h2: Http2Exchange }) {
  const [picked, setPicked] = useField(responseStore, 'h2Frame')
  const frame = picked !== null ? h2.frames[picked] : undefined
  const settings = Object.entries(h2.settings)
  // The exchange records sent and received frames as two groups; shown by time (a stable sort keeps ties in the
  // order recorded), while `picked` stays the frame's index in h2.frames so the byte view finds the same frame.
  const order = useMemo(() => h2.frames.map((_, i) => i).sort((a, b) => h2.frames[a]!.atMs - h2.frames[b]!.atMs), [h2.frames])
  return (
    <div className="resp-pane-body" data-testid="http-resp-h2">
      <p className="small muted">
        {plural(h2.frames.length, 'frame')} on one connection; the request went on stream {h2.streamId}. Frames are listed by time, both directions together. Pick a frame to see its bytes.
        {settings.length ? ` The server's SETTINGS: ${settings.map(([k, v]) => `${k}=${v}`).join(', ')}.` : ''}
      </p>
      <div className="resp-h2-head" aria-hidden="true">
        <span>Dir</span>
        <span>Time</span>
        <span>Type</span>
        <span>Stream</span>
        <span>Flags</span>
        <span>Length</span>
        <span>Summary</span>
      </div>
      <div className="resp-h2-list" style={{ height: Math.min(12, Math.max(3, h2.frames.length)) * ROW + 2 }}>
        <VirtualList
          count={h2.frames.length}
          rowHeight={ROW}
          label="HTTP/2 frames"
          testId="http-resp-h2-frames"
          renderRow={(row) => {
            const i = order[row]!
            const f = h2.frames[i]!
            return (
              <button type="button" className={`resp-h2-row ${picked === i ? 'on' : ''} ${f.dir}`} onClick={() => setPicked(i)} aria-pressed={picked === i}>
                <span className="dir">{f.dir === 'sent' ? '→ sent' : '← recv'}</span>
                <span className="mono">{formatMs(f.atMs)}</span>
                <span className="mono">{f.type}</span>
                <span className="mono">{f.streamId}</span>
                <span className="mono" title={f.flags.join(' ')}>
                  {f.flags.join(' ') || '—'}
                </span>
                <span className="mono">{f.length}</span>
                <span className="resp-h2-sum" title={f.summary}>
                  {f.summary}
                </span>
              </button>
            )
          }}
        />
      </div>
      {frame ? <FrameDetail frame={frame} /> : null}
      <h4>HPACK dynamic tables</h4>
      <p className="small muted">
        Each direction keeps its own table: fields sent with incremental indexing are added at index 62 and older ones move up; the oldest are evicted when the size (each entry counts name + value + 32 octets) exceeds the limit the decoder allows (RFC 7541 §2.3.2, §4.1).
      </p>
      <div className="resp-dyn-pair">
        <DynamicTable title="Sent (our encoder)" rows={h2.dynamicTable.sent} size={h2.dynamicTable.sentSize} />
        <DynamicTable title="Received (the server's encoder)" rows={h2.dynamicTable.received} size={h2.dynamicTable.receivedSize} />
      </div>
    </div>
  )
}
