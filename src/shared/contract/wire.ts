// How the contract travels, whatever the transport: the Electron IPC channel names and the browser shell's
// WebSocket frames. Main, the preload and the renderer read these instead of repeating string literals.
import type { Result } from './define'
import type { EventEnvelope } from './index'

export const IPC_CHANNELS = {
  /** renderer → main: invoke(name, input) → Result */
  call: 'wirebench:call',
  /** main → renderer: EventEnvelope[] */
  events: 'wirebench:events'
} as const

/** Frames the page sends over the browser shell's WebSocket. */
export type ClientFrame = { t: 'hello'; token: string } | { t: 'call'; id: number; method: string; input: unknown }

/** Frames main sends back. */
export type ServerFrame =
  | { t: 'ready' }
  | { t: 'result'; id: number; result: Result<unknown> }
  | { t: 'events'; events: EventEnvelope[] }
