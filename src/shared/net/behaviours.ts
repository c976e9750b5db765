// Server behaviours, declared once: the contract's enum, the engine's table of implementations, the CLI and the
// Connections form's picker (label and hint) read this list.

export const serverBehaviours = ['echo', 'upper', 'discard', 'fixed', 'ws-echo'] as const
export type ServerBehaviour = (typeof serverBehaviours)[number]

export interface BehaviourInfo {
  label: string
  hint: string
  /** Needs the reply to send (a payload the form asks for; the CLI does not offer it). */
  needsReply?: boolean
}

export const SERVER_BEHAVIOURS: Record<ServerBehaviour, BehaviourInfo> = {
  echo: { label: 'Echo', hint: 'Sends back every byte it receives (RFC 862).' },
  upper: { label: 'Upper-case lines', hint: 'Reads a line, answers it upper-cased; refuses lines over the maximum.' },
  discard: { label: 'Discard', hint: 'Reads and throws away everything (RFC 863).' },
  'ws-echo': { label: 'WebSocket echo', hint: 'Answers the WebSocket upgrade (101), echoes text and binary messages, answers pings and closes cleanly (RFC 6455); point ws://HOST:PORT/ at it. TCP or TLS; the idle timeout still ends a silent client.' },
  fixed: { label: 'Fixed reply', hint: 'Answers a client’s first data with a fixed reply, then closes (a canned HTTP response, say).', needsReply: true }
}

/** What `wirebench serve` offers: every behaviour that needs nothing more than its name. */
export const cliServerBehaviours: readonly ServerBehaviour[] = serverBehaviours.filter((b) => !SERVER_BEHAVIOURS[b].needsReply)
