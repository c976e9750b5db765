// Which response pane is open and which HTTP/2 frame is picked, outside the components, so switching tabs or
// sending again keeps the reader where they were.
import { createStore } from '../../app/store'
import type { BytePick } from './ResponseDissection'

export type ResponsePane = 'parsed' | 'raw' | 'hex' | 'request' | 'cookies' | 'timings' | 'tls' | 'http2' | 'findings'

export const responseStore = createStore({
  pane: 'parsed' as ResponsePane,
  /** Index into result.http2.frames. */
  h2Frame: null as number | null,
  /** Raw and Request panes: how many KiB of text to show (grows with "Show more"). */
  rawKiB: 16,
  /** A finding picked in Findings: the Hex pane selects these bytes of the raw response. */
  hexPick: null as BytePick | null
})

/** Opens Hex with the bytes of a finding selected. */
export function pickBytes(offset: number, length: number): void {
  responseStore.set((s) => ({ ...s, pane: 'hex', hexPick: { offset, length, seq: (s.hexPick?.seq ?? 0) + 1 } }))
}
