// One accepted TCP or TLS client of a server: hands its bytes to the behaviour and applies the per-client defences a
// hostile client meets — idle timeout, line deadline (slowloris), backpressure (a client that never reads its
// replies), and a client we are done with (refused, or sent its fixed reply) is read no further.
import type net from 'node:net'
import type { ClientInfo, ServerLimits, ServerStats } from '../../shared/contract'
import { concatBytes } from '../../shared/bytes'
import type { EngineEvents } from '../core/events'
import type { Behaviour, BehaviourContext } from './behaviours'

/** Bytes of replies queued for a client (socket.writableLength) above which we stop reading what it sends. */
export const MAX_QUEUED_REPLY_BYTES = 1024 * 1024
/** Bytes read from one client before it waits a turn of the event loop, so a flood cannot starve the others. */
export const FAIR_SHARE_BYTES = 64 * 1024
/** How long a client refused for a long line has, after the error line and FIN went out, before we close it. */
export const REFUSED_LINGER_MS = 1000

export interface ServeClientOptions {
  socket: net.Socket
  info: ClientInfo
  limits: ServerLimits
  stats: ServerStats
  events: EngineEvents
  fixedReply: Uint8Array
  createBehaviour(ctx: BehaviourContext): Behaviour
  pushStats(): void
}

export interface ServedClient {
  /** When the client last finished a line (or connected): the server, when full, makes room by closing the
   *  client that made no progress for the longest — a slowloris or a non-reader before a busy, real client. */
  lastProgressAt(): number
}

export function serveClient({ socket, info, limits, stats, events, fixedReply, createBehaviour, pushStats }: ServeClientOptions): ServedClient {
  const streamId = info.streamId
  // Replies made while one chunk is handled go out as one write: a write per short line costs Node's write queue
  // far more time and memory than the line's few bytes, and writableLength would not even count that cost.
  let outbox: Uint8Array[] = []
  let done = false
  let waitingForDrain = false
  let yielding = false
  let bytesSinceYield = 0
  let lineBytes = 0
  let lastProgressAt = performance.now()
  let deadline: NodeJS.Timeout | null = null
  let linger: NodeJS.Timeout | null = null
  let refused = false

  const stopDeadline = () => {
    if (deadline) clearTimeout(deadline)
    deadline = null
  }
  const armDeadline = () => {
    stopDeadline()
    // 0 is the user's "off": a line may take as long as it likes.
    if (limits.lineDeadlineMs === 0) return
    deadline = setTimeout(() => {
      stats.slowClients += 1
      info.closeReason = `line not finished within ${limits.lineDeadlineMs} ms`
      events.note(streamId, `Closed: a line took longer than ${limits.lineDeadlineMs} ms to arrive (line deadline, against slowloris).`)
      pushStats()
      socket.destroy()
    }, limits.lineDeadlineMs)
  }
  // A line ends at a newline, or after maxLineLength bytes of a stream without newlines; its deadline starts with
  // its first byte, so dripping a byte now and then no longer keeps a connection (and its slot) forever.
  const trackLine = (chunk: Buffer) => {
    const lastNewline = chunk.lastIndexOf(0x0a)
    if (lastNewline >= 0) {
      lastProgressAt = performance.now()
      lineBytes = chunk.length - lastNewline - 1
      if (lineBytes === 0) return stopDeadline()
      armDeadline()
    } else {
      if (lineBytes === 0) armDeadline()
      lineBytes += chunk.length
    }
    if (lineBytes >= limits.maxLineLength) {
      lastProgressAt = performance.now()
      lineBytes %= limits.maxLineLength
      if (lineBytes === 0) stopDeadline()
      else armDeadline()
    }
  }

  const flush = () => {
    if (outbox.length === 0) return
    const bytes = outbox.length === 1 ? outbox[0]! : concatBytes(outbox)
    outbox = []
    if (!socket.writable) return
    socket.write(bytes)
    info.bytesOut += bytes.length
    stats.bytesOut += bytes.length
    events.data(streamId, 'out', bytes)
  }

  // Backpressure: stop reading until the client has read enough of what we owe it. The line deadline waits too,
  // since it is us, not the client, who stopped the line from arriving.
  const pauseUntilDrained = () => {
    waitingForDrain = true
    stats.backpressurePauses += 1
    stopDeadline()
    socket.pause()
    events.note(streamId, `Paused reading: ${socket.writableLength} bytes of replies wait for the client to read them.`)
    pushStats()
    socket.once('drain', () => {
      waitingForDrain = false
      if (done || yielding) return
      socket.resume()
      if (lineBytes > 0) armDeadline()
    })
  }

  const ctx: BehaviourContext = {
    maxLineLength: limits.maxLineLength,
    fixedReply,
    reply: (bytes) => {
      if (!done && bytes.length > 0) outbox.push(bytes)
    },
    finish: (reason) => {
      if (done) return
      info.closeReason = reason
      flush()
      done = true
      stopDeadline()
      // Read nothing more: what the client still sends stays in the kernel, and its bytesIn stops growing. A
      // refused client has a moment to read the error line and go once it is handed to the OS; any other (say,
      // one reading a long fixed reply slowly) keeps its connection until it goes or the idle timeout ends it.
      socket.pause()
      socket.end(() => {
        if (refused) linger = setTimeout(() => socket.destroy(), REFUSED_LINGER_MS)
      })
    },
    onLineTooLong: () => {
      refused = true
      stats.linesTooLong += 1
      pushStats()
    }
  }
  const behaviour = createBehaviour(ctx)

  // 0 is the user's "off" (Node's setTimeout(0) would also mean no timeout; saying so keeps that from being luck).
  if (limits.idleTimeoutMs > 0) socket.setTimeout(limits.idleTimeoutMs)
  socket.on('timeout', () => {
    stats.idleTimeouts += 1
    info.closeReason = `idle for ${limits.idleTimeoutMs} ms`
    events.note(streamId, `Closed: sent nothing for ${limits.idleTimeoutMs} ms (idle timeout).`)
    pushStats()
    socket.destroy()
  })
  socket.on('data', (chunk: Buffer) => {
    if (done) return
    info.bytesIn += chunk.length
    stats.bytesIn += chunk.length
    events.data(streamId, 'in', chunk)
    if (behaviour.noLines) lastProgressAt = performance.now()
    else trackLine(chunk)
    behaviour.receive(chunk)
    flush()
    if (!done && !waitingForDrain && socket.writableLength > MAX_QUEUED_REPLY_BYTES) pauseUntilDrained()
    // Node reads a busy socket many times in one turn of the event loop; taking turns keeps a normal client's
    // answer from waiting behind megabytes of a flood.
    bytesSinceYield += chunk.length
    if (bytesSinceYield >= FAIR_SHARE_BYTES && !yielding && !done && !waitingForDrain) {
      yielding = true
      socket.pause()
      setImmediate(() => {
        yielding = false
        bytesSinceYield = 0
        if (!done && !waitingForDrain && !socket.destroyed) socket.resume()
      })
    }
    events.emit('server.client', { client: { ...info } })
  })
  socket.on('end', () => {
    events.note(streamId, 'Client half-closed (FIN received).')
    stopDeadline()
    if (socket.writable) socket.end()
  })
  socket.on('error', (err) => {
    info.closeReason ??= err.message
  })
  socket.once('close', () => {
    stopDeadline()
    if (linger) clearTimeout(linger)
  })
  return { lastProgressAt: () => lastProgressAt }
}
