// The transcript toolbar: search with a count and next/previous, copy all, save as text or raw bytes, clear.
import { useState } from 'react'
import type { StreamState } from '../../app/streams'
import { clearStream } from '../../app/streams'
import { useStore } from '../../app/store'
import { MAX_MATCHES, transcriptAsText, transcriptBytes, type TextMatch } from '../../ui/transcript-lines'
import { BLANK_TOOLS, download, fileNameFor, transcriptTools, updateTools } from './transcript-tools'
import { connectionsStore } from './store'

const BIN_WORDS = { in: 'received', out: 'sent', both: 'both ways' } as const

/** Search, copy, save and clear for one stream's transcript. */
export function TranscriptTools({ streamId, title, stream, matches }: { streamId: string; title: string; stream: StreamState; matches: TextMatch[] }) {
  const tools = useStore(transcriptTools, (s) => s[streamId] ?? BLANK_TOOLS)
  const [note, setNote] = useState<string | null>(null)
  const count = matches.length
  const current = count ? Math.min(tools.current, count - 1) : 0
  const step = (by: number) => count && updateTools(streamId, { current: (current + by + count) % count })
  const empty = stream.entries.length === 0
  const kept = stream.dropped ? ' (only what the page kept)' : ''
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(transcriptAsText(stream.entries))
      setNote(`Copied${kept}.`)
    } catch {
      setNote('The clipboard refused: use Save .txt instead.')
    }
  }
  return (
    <div className="transcript-tools" role="toolbar" aria-label={`${title} tools`}>
      <input
        type="search"
        className="transcript-search"
        aria-label="Search transcript"
        placeholder="Search (Ctrl+F)"
        value={tools.query}
        spellCheck={false}
        onChange={(e) => {
          updateTools(streamId, { query: e.target.value, current: 0 })
          // Matches are marked in the text view, so searching shows it.
          if (e.target.value && connectionsStore.get().transcriptMode !== 'text') connectionsStore.set({ transcriptMode: 'text' })
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault()
            step(e.shiftKey ? -1 : 1)
          } else if (e.key === 'Escape') updateTools(streamId, { query: '', current: 0 })
        }}
      />
      <span className="match-count" data-testid="match-count" aria-live="polite">
        {tools.query ? (count ? `${current + 1} of ${count >= MAX_MATCHES ? `${MAX_MATCHES.toLocaleString('en-US')}+` : count}` : 'no matches') : ''}
      </span>
      <button onClick={() => step(-1)} disabled={count === 0} aria-label="Previous match" title="Previous match (Shift+Enter)">
        ↑
      </button>
      <button onClick={() => step(1)} disabled={count === 0} aria-label="Next match" title="Next match (Enter)">
        ↓
      </button>
      <span className="spacer" />
      <button onClick={() => void copy()} disabled={empty}>
        Copy all
      </button>
      <button onClick={() => download(fileNameFor(title, 'txt'), transcriptAsText(stream.entries), 'text/plain;charset=utf-8')} disabled={empty} title={`The transcript as shown, with times${kept}`}>
        Save .txt
      </button>
      <span className="bin-save">
        <button onClick={() => download(fileNameFor(`${title}-${tools.binDir}`, 'bin'), transcriptBytes(stream.entries, tools.binDir), 'application/octet-stream')} disabled={empty} title={`The raw bytes ${BIN_WORDS[tools.binDir]}${kept}`}>
          Save .bin
        </button>
        <select aria-label="Bytes to save" value={tools.binDir} onChange={(e) => updateTools(streamId, { binDir: e.target.value as 'in' | 'out' | 'both' })}>
          <option value="in">received</option>
          <option value="out">sent</option>
          <option value="both">both ways</option>
        </select>
      </span>
      <button onClick={() => clearStream(streamId)} disabled={empty} title="Empty this transcript on the page; the counters keep counting">
        Clear
      </button>
      {note ? (
        <span className="muted small" role="status">
          {note}
        </span>
      ) : null}
    </div>
  )
}
