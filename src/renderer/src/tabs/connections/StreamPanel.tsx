// A stream's transcript as the tab shows it: text or hex, counters, how much the page cap left out, the toolbar
// (search, copy, save, clear) and, once a client connection closed, a way to open it again.
import { useMemo } from 'react'
import { useStore } from '../../app/store'
import { MAX_BYTES_PER_STREAM, useStream } from '../../app/streams'
import { onRovingKeyDown, rovingTabIndex } from '../../ui/roving-focus'
import { Transcript, type TranscriptMode } from '../../ui/Transcript'
import { findInTranscript } from '../../ui/transcript-lines'
import { bytesLabel } from './model'
import { Reconnect } from './Reconnect'
import { connectionsStore } from './store'
import { BLANK_TOOLS, transcriptTools } from './transcript-tools'
import { TranscriptTools } from './TranscriptTools'
import './stream-tools.css'

/** A stream's transcript with the text/hex switch, its byte counters and its toolbar. */
export function StreamPanel({ streamId, title }: { streamId: string; title: string }) {
  const mode: TranscriptMode = useStore(connectionsStore, (s) => s.transcriptMode)
  const setMode = (m: TranscriptMode) => connectionsStore.set({ transcriptMode: m })
  const stream = useStream(streamId)
  const tools = useStore(transcriptTools, (s) => s[streamId] ?? BLANK_TOOLS)
  const matches = useMemo(() => findInTranscript(stream.entries, tools.query), [stream.entries, tools.query])
  const current = matches.length ? Math.min(tools.current, matches.length - 1) : 0
  const search = useMemo(() => ({ matches, current }), [matches, current])
  return (
    <section
      className="stream-panel"
      aria-label={title}
      onKeyDown={(e) => {
        // Ctrl+F (⌘F) inside a transcript searches it rather than the page.
        if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'f') {
          e.preventDefault()
          e.currentTarget.querySelector<HTMLInputElement>('input.transcript-search')?.focus()
        }
      }}
    >
      <div className="stream-bar">
        <h3>{title}</h3>
        <span className="muted" data-testid="stream-counters">
          sent {bytesLabel(stream.bytesOut)} · received {bytesLabel(stream.bytesIn)}
          {stream.droppedBytes ? ` · ${stream.droppedBytes.toLocaleString('en-US')} bytes not shown (only the latest ${bytesLabel(MAX_BYTES_PER_STREAM)} are kept)` : ''}
        </span>
        <span className="spacer" />
        <div className="segmented" role="radiogroup" aria-label="Transcript view" onKeyDown={onRovingKeyDown}>
          {(['text', 'hex'] as const).map((m) => (
            <button key={m} type="button" role="radio" aria-checked={mode === m} tabIndex={rovingTabIndex(mode === m)} className={mode === m ? 'on' : ''} onClick={() => setMode(m)}>
              {m === 'text' ? 'Text' : 'Hex'}
            </button>
          ))}
        </div>
      </div>
      <TranscriptTools streamId={streamId} title={title} stream={stream} matches={matches} />
      <Transcript stream={stream} mode={mode} label={`${title} transcript`} search={search} />
      {stream.closed ? (
        <div className={`closed-line ${stream.closed.error ? 'bad' : ''}`} data-testid="stream-closed">
          Closed{stream.closed.error ? `: ${stream.closed.error.code} — ${stream.closed.error.message}` : ` (${stream.closed.reason})`}
          <Reconnect streamId={streamId} />
        </div>
      ) : null}
    </section>
  )
}
