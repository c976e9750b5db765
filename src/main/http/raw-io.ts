// Raw mode's plumbing: a socket's reads as a light async iterable (one per exchange, so a keep-alive repeat pays
// little for it), and one signal for "cancelled or out of time" around a whole request.
import type { Duplex } from 'node:stream'
import { WirebenchError } from '../../shared/errors'

/**
 * The socket's reads as an async iterable that leaves the socket open (and paused) when the loop stops. Written by
 * hand, lighter than Readable's own iterator (which builds end-of-stream tracking per exchange) or an async generator
 * (several promise turns per read): on a keep-alive repeat that machinery was a good part of each request's cost.
 * Reads queue while the loop awaits (a spill to disk); past 16 the socket pauses, so a fast server cannot fill memory.
 */
export function socketReads(sock: Duplex): AsyncIterable<Buffer> {
  const queue: Buffer[] = []
  let ended = false
  let error: unknown = null
  let finished = false
  let waiting: { resolve(r: IteratorResult<Buffer>): void; reject(e: unknown): void } | null = null
  const DONE: IteratorReturnResult<undefined> = { value: undefined, done: true }

  const stop = (): void => {
    if (finished) return
    finished = true
    sock.pause()
    sock.off('data', onData)
    sock.off('end', onEnd)
    sock.off('close', onEnd)
    sock.off('error', onError)
    // Unread reads go back to the stream, so a caller reading on (after an early stop) misses nothing.
    if (!ended && !sock.destroyed) for (let i = queue.length - 1; i >= 0; i--) sock.unshift(queue[i]!)
  }
  /** The next result, 'wait' when there is none yet; throws the socket's error once the queue is read. */
  const step = (): IteratorResult<Buffer> | 'wait' => {
    const b = queue.shift()
    if (b) {
      if (queue.length <= 4 && sock.isPaused()) sock.resume()
      return { value: b, done: false }
    }
    if (error) throw error
    if (ended || sock.destroyed) {
      stop()
      return DONE
    }
    return 'wait'
  }
  const wakeUp = (): void => {
    const w = waiting
    if (!w) return
    try {
      const r = step()
      if (r === 'wait') return
      waiting = null
      w.resolve(r)
    } catch (e) {
      waiting = null
      stop()
      w.reject(e)
    }
  }
  function onData(b: Buffer): void {
    queue.push(b)
    if (queue.length > 16) sock.pause()
    wakeUp()
  }
  function onEnd(): void {
    ended = true
    wakeUp()
  }
  function onError(e: unknown): void {
    error = e
    wakeUp()
  }
  // Listening starts now, before the request is written, so nothing the server sends can be missed.
  sock.on('data', onData)
  sock.on('end', onEnd)
  sock.on('close', onEnd)
  sock.on('error', onError)
  // Paused by the previous exchange: attaching 'data' alone does not restart an explicitly paused stream.
  sock.resume()
  const iterator: AsyncIterator<Buffer> = {
    next() {
      if (finished) return Promise.resolve(DONE)
      try {
        const r = step()
        if (r !== 'wait') return Promise.resolve(r)
      } catch (e) {
        stop()
        return Promise.reject(e)
      }
      return new Promise((resolve, reject) => (waiting = { resolve, reject }))
    },
    return() {
      stop()
      return Promise.resolve(DONE)
    }
  }
  return { [Symbol.asyncIterator]: () => iterator }
}

/** One signal for "cancelled by the caller" or "out of time"; its reason is the WirebenchError to report. */
export function budgetController(ms: number, outer?: AbortSignal): { signal: AbortSignal; dispose(): void } {
  const c = new AbortController()
  const cancelled = (): WirebenchError => (outer?.reason instanceof WirebenchError ? outer.reason : new WirebenchError('CANCELLED', undefined, 'Cancelled before the response was complete.'))
  const timer = setTimeout(() => c.abort(new WirebenchError('TIMEOUT', `The exchange took longer than its ${ms} ms budget, so it was stopped.`)), ms)
  const onOuter = (): void => c.abort(cancelled())
  if (outer?.aborted) c.abort(cancelled())
  outer?.addEventListener('abort', onOuter, { once: true })
  return { signal: c.signal, dispose: () => { clearTimeout(timer); outer?.removeEventListener('abort', onOuter) } }
}
