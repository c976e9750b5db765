// Every frame of one WebSocket, both ways, as a virtualised list (direction, time, FIN, opcode, mask, length, a
// payload preview); picking one shows its bytes. Thousands of frames scroll like ten.
import { fromBase64, toHex } from '../../../../shared/bytes'
import type { WsFrameRow } from '../../../../shared/contract/ws'
import { WS_LIMITS } from '../../../../shared/contract/ws'
import { VirtualList } from '../../ui/VirtualList'
import { WsFrameDetail } from './WsFrameDetail'
import { selectFrame, type WsConn } from './ws-store'

const ROW = 24

/** What a row says about its payload: the text, the close code in words, or a count of bytes. */
export function preview(f: WsFrameRow): string {
  if (f.close) return `${f.close.code ?? 'no code'} ${f.close.words}${f.close.reason ? ` — “${f.close.reason}”` : ''}`
  if (f.text !== undefined) return f.text.length > 200 ? `${f.text.slice(0, 200)}…` : f.text
  if (f.length === 0) return '(empty)'
  if (f.payloadBase64 !== undefined) {
    const head = fromBase64(f.payloadBase64.slice(0, 32))
    return `${toHex(head)}${f.length > head.length ? ' …' : ''}`
  }
  return `${f.length.toLocaleString('en-US')} byte${f.length === 1 ? '' : 's'}`
}

const time = (ms: number): string => `${(ms / 1000).toFixed(3)} s`

export function WsFrames({ conn }: { conn: WsConn }) {
  const { frames, dropped, selected } = conn
  const id = conn.info.id
  const index = selected === null ? -1 : selected - dropped
  const picked = index >= 0 ? frames[index] : undefined
  return (
    <div className="ws-frames">
      <div className="card ws-frame-list-card">
        <div className="ws-row">
          <h3>Frames</h3>
          <span className="muted small" data-testid="ws-frame-count">
            {frames.length.toLocaleString('en-US')} frame{frames.length === 1 ? '' : 's'}
            {dropped ? ` (the ${dropped.toLocaleString('en-US')} oldest dropped: the page keeps the last ${WS_LIMITS.framesKept.toLocaleString('en-US')})` : ''}
          </span>
          <span className="spacer" />
          <span className="muted small">Client frames are masked (RFC 6455 §5.3); server frames never are.</span>
        </div>
        <div className="ws-frame-head ws-grid" aria-hidden="true">
          <span>#</span>
          <span>Dir</span>
          <span>Time</span>
          <span>FIN</span>
          <span>Opcode</span>
          <span>Mask</span>
          <span className="ws-num">Length</span>
          <span>Payload</span>
        </div>
        <div className="ws-frame-list" style={{ height: Math.min(320, Math.max(3, frames.length) * ROW + 2) }}>
          <VirtualList
            count={frames.length}
            rowHeight={ROW}
            stickToBottom
            label="WebSocket frames"
            testId="ws-frame-list"
            renderRow={(i) => {
              const f = frames[i]!
              const seq = dropped + i
              return (
                <button
                  type="button"
                  className={`ws-frame ws-grid ${f.dir} ${seq === selected ? 'selected' : ''} ${f.findings?.length ? 'flagged' : ''}`}
                  aria-pressed={seq === selected}
                  data-opcode={f.opcodeName}
                  onClick={() => selectFrame(id, seq === selected ? null : seq)}
                >
                  <span className="muted">{seq + 1}</span>
                  <span className={`ws-dir ${f.dir}`}>{f.dir === 'sent' ? '→ sent' : '← recv'}</span>
                  <span className="muted">{time(f.atMs)}</span>
                  <span>{f.fin ? '1' : '0'}</span>
                  <span className="ws-op">{f.opcodeName}</span>
                  <span>{f.masked ? 'yes' : 'no'}</span>
                  <span className="ws-num">{f.length.toLocaleString('en-US')}</span>
                  <span className="ws-preview">{preview(f)}</span>
                </button>
              )
            }}
          />
          {frames.length === 0 ? <p className="ws-empty muted small">No frames yet.</p> : null}
        </div>
      </div>
      {picked ? <WsFrameDetail frame={picked} seq={selected!} /> : null}
    </div>
  )
}
