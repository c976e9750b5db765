// A stream's transcript as the tab shows it: text or hex, counters, and how much the page cap left out.
import { useStore } from '../../app/store'
import { MAX_BYTES_PER_STREAM, useStream } from '../../app/streams'
import { Transcript, type TranscriptMode } from '../../ui/Transcript'
import { bytesLabel } from './model'
import { connectionsStore } from './store'

/** A stream's transcript with the text/hex switch and its byte counters. */
export function StreamPanel({ streamId, title }: { streamId: string; title: string }) {
  const mode: TranscriptMode = useStore(connectionsStore, (s) => s.transcriptMode)
  const setMode = (m: TranscriptMode) => connectionsStore.set({ transcriptMode: m })
  const stream = useStream(streamId)
  return (
    <section className="stream-panel" aria-label={title}>
      <div className="stream-bar">
        <h3>{title}</h3>
        <span className="muted" data-testid="stream-counters">
          sent {bytesLabel(stream.bytesOut)} · received {bytesLabel(stream.bytesIn)}
          {stream.droppedBytes ? ` · ${stream.droppedBytes.toLocaleString('en-US')} bytes not shown (only the latest ${bytesLabel(MAX_BYTES_PER_STREAM)} are kept)` : ''}
        </span>
        <span className="spacer" />
        <div className="segmented" role="radiogroup" aria-label="Transcript view">
          {(['text', 'hex'] as const).map((m) => (
            <button key={m} role="radio" aria-checked={mode === m} className={mode === m ? 'on' : ''} onClick={() => setMode(m)}>
              {m === 'text' ? 'Text' : 'Hex'}
            </button>
          ))}
        </div>
      </div>
      <Transcript stream={stream} mode={mode} label={`${title} transcript`} />
      {stream.closed ? (
        <div className={`closed-line ${stream.closed.error ? 'bad' : ''}`} data-testid="stream-closed">
          Closed{stream.closed.error ? `: ${stream.closed.error.code} — ${stream.closed.error.message}` : ` (${stream.closed.reason})`}
        </div>
      ) : null}
    </section>
  )
}
