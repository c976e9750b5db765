// One browser-shell WebSocket: the token hello, then calls into its own session. Every message is hostile input,
// and one page cannot hold unbounded memory: each message is capped, and so are the calls and bytes in flight.
import type { RawData, WebSocket } from 'ws'
import type { EventEnvelope, Result } from '../../shared/contract'
import type { ErrorCode } from '../../shared/errors'
import type { ServerFrame } from '../../shared/contract/wire'
import { createSession, type Session } from './session'
import { tokenMatches } from './security'
import { closeReason, parseClientMessage } from './wire-guard'

export interface SocketLimits {
  /** One message; the largest legitimate one is x509.open of a 50 MiB file as base64 (~67 MiB) in its envelope. */
  maxMessageBytes: number
  /** Calls a page may have unanswered at once. */
  maxInFlightCalls: number
  /** Bytes of unanswered calls a page may have in main at once (two of the largest files). */
  maxInFlightBytes: number
  /** Time a new socket has to say hello with the token. */
  helloTimeoutMs: number
  /** Pages (WebSockets) open at once: a page could otherwise multiply every per-socket bound by opening more. */
  maxSockets: number
  /** Bytes of unanswered calls of all pages together. */
  maxTotalInFlightBytes: number
}

/** What all sockets of one bridge have in flight together. */
export interface SharedBudget {
  inFlightBytes: number
}

export const DEFAULT_SOCKET_LIMITS: SocketLimits = {
  maxMessageBytes: 72 * 1024 * 1024,
  maxInFlightCalls: 64,
  maxInFlightBytes: 144 * 1024 * 1024,
  helloTimeoutMs: 5000,
  maxSockets: 8,
  maxTotalInFlightBytes: 256 * 1024 * 1024
}

/** Past this much unsent data to a slow page, stream bytes are counted but not carried, and its calls wait. */
const MAX_BUFFERED = 32 * 1024 * 1024
/** How often a paused page's unsent data is looked at. */
const DRAIN_CHECK_MS = 50

function sizeOf(raw: RawData): number {
  if (Array.isArray(raw)) return raw.reduce((n, b) => n + b.length, 0)
  return raw instanceof ArrayBuffer ? raw.byteLength : raw.length
}

const refusal = (code: ErrorCode, message: string): Result<unknown> => ({ ok: false, error: { code, message } })

export function serveSocket(ws: WebSocket, options: { token: string; limits: SocketLimits; shared: SharedBudget; log: (message: string) => void }): void {
  const { token, limits, shared, log } = options
  let session: Session | null = null
  let inFlightCalls = 0
  let inFlightBytes = 0
  const helloTimer = setTimeout(() => ws.close(4401, 'no hello'), limits.helloTimeoutMs)
  let drainTimer: NodeJS.Timeout | null = null

  /**
   * A page that sends calls but does not read the answers would make main queue them without end: stop reading
   * its messages while more than MAX_BUFFERED waits to be sent, and go on once half of it has left.
   */
  const holdWhileUnread = (): void => {
    if (drainTimer || ws.bufferedAmount <= MAX_BUFFERED) return
    ws.pause()
    drainTimer = setInterval(() => {
      if (ws.readyState !== ws.OPEN || ws.bufferedAmount <= MAX_BUFFERED / 2) {
        clearInterval(drainTimer!)
        drainTimer = null
        ws.resume()
      }
    }, DRAIN_CHECK_MS)
  }

  const send = (message: ServerFrame): void => {
    if (ws.readyState !== ws.OPEN) return
    let text: string
    try {
      text = JSON.stringify(message)
    } catch (err) {
      log(`a reply could not be encoded: ${err instanceof Error ? err.message : String(err)}`)
      return
    }
    ws.send(text)
    holdWhileUnread()
  }
  const sendResult = (id: number, result: Result<unknown>): void => {
    if (ws.readyState !== ws.OPEN) return
    try {
      ws.send(JSON.stringify({ t: 'result', id, result }))
      holdWhileUnread()
    } catch (err) {
      send({ t: 'result', id, result: refusal('INTERNAL', `The answer could not be encoded: ${err instanceof Error ? err.message : String(err)}`) })
    }
  }
  const sink = (batch: EventEnvelope[]): void => {
    if (ws.bufferedAmount > MAX_BUFFERED) {
      for (const e of batch) {
        if (e.name === 'stream.data') {
          const p = e.payload as { entries: { data: string }[] }
          for (const entry of p.entries) entry.data = ''
        }
      }
    }
    send({ t: 'events', events: batch })
  }

  function onMessage(raw: RawData, isBinary: boolean): void {
    const size = sizeOf(raw)
    const parsed = parseClientMessage(raw, isBinary)
    if (!parsed.ok) {
      ws.close(session ? 4400 : 4401, closeReason(`bad message: ${parsed.reason}`))
      return
    }
    const message = parsed.message
    if (!session) {
      if (message.t !== 'hello' || !tokenMatches(message.token, token)) {
        ws.close(4401, 'bad token')
        return
      }
      clearTimeout(helloTimer)
      session = createSession(sink, 'browser')
      send({ t: 'ready' })
      return
    }
    if (message.t !== 'call') return
    const id = message.id
    if (typeof id !== 'number' || !Number.isSafeInteger(id)) {
      ws.close(4400, 'bad message: a call needs a whole-number id')
      return
    }
    if (inFlightCalls >= limits.maxInFlightCalls) {
      sendResult(id, refusal('BUSY', `Too many calls at once: ${limits.maxInFlightCalls} are still running. Wait for some to finish.`))
      return
    }
    if (inFlightBytes + size > limits.maxInFlightBytes || shared.inFlightBytes + size > limits.maxTotalInFlightBytes) {
      const mib = Math.round(Math.min(limits.maxInFlightBytes, limits.maxTotalInFlightBytes) / 1024 / 1024)
      sendResult(id, refusal('TOO_LARGE', `Too much data in flight: calls of about ${mib} MiB are still running. Wait for them to finish.`))
      return
    }
    inFlightCalls++
    inFlightBytes += size
    shared.inFlightBytes += size
    const current = session
    current.router
      .call(message.method, message.input)
      .catch((err: unknown) => refusal('INTERNAL', err instanceof Error ? err.message : String(err)))
      .then((result) => sendResult(id, result))
      .finally(() => {
        inFlightCalls--
        inFlightBytes -= size
        shared.inFlightBytes -= size
      })
      .catch(() => {})
  }

  ws.on('message', (raw, isBinary) => {
    try {
      onMessage(raw, isBinary)
    } catch (err) {
      log(`a message failed: ${err instanceof Error ? err.message : String(err)}`)
      ws.close(1011, 'internal error')
    }
  })
  ws.on('close', () => {
    clearTimeout(helloTimer)
    if (drainTimer) clearInterval(drainTimer)
    const ended = session
    session = null
    ended?.dispose().catch((err: unknown) => log(`a session did not close cleanly: ${err instanceof Error ? err.message : String(err)}`))
  })
  ws.on('error', () => {})
}
