// DNS over a byte stream (TCP, RFC 1035 §4.2.2 and RFC 7766; TLS reuses it, RFC 7858 §3.3): each message behind a
// two-byte length, read with a cap and a time budget. The TCP connection is opened by THE connector (../tls), so
// timeouts, cancellation and errors mean what they mean everywhere else.
import type { Duplex } from 'node:stream'
import { WirebenchError } from '../../shared/errors'
import type { Finding } from '../../shared/findings'
import { DNS_LIMITS, type QueryAttempt } from '../../shared/dns/model'
import { connect, type Connection } from '../tls'
import { type Accepted, type Expect, MAX_IGNORED_SHOWN, cancelled, ignoredSuffix, judge, ms, outcomeWith } from './exchange'

export interface StreamResult {
  accepted: Accepted
  findings: Finding[]
  receivedBytes: number
  ignored: string[]
  ignoredCount: number
}

/** Messages a server may send before ours on one connection (out-of-order answers, RFC 7766 §7); then we stop. */
const MAX_MESSAGES = 16

/** Sends one length-prefixed query and reads messages until ours arrives, the budget runs out, or the peer closes. */
export function streamExchange(socket: Duplex, query: Uint8Array, expect: Expect, server: string, timeoutMs: number, signal?: AbortSignal, shownTimeoutMs = timeoutMs): Promise<StreamResult> {
  if (signal?.aborted) return Promise.reject(cancelled(`asking ${server}`))
  return new Promise<StreamResult>((resolve, reject) => {
    const findings: Finding[] = []
    const ignored: string[] = []
    let ignoredCount = 0
    let received = 0
    let buffered: Buffer = Buffer.alloc(0)
    let messages = 0
    let done = false

    const finish = (result: StreamResult | Error): void => {
      if (done) return
      done = true
      clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
      socket.off('data', onData)
      socket.off('end', onEnd)
      socket.off('close', onEnd)
      socket.off('error', onError)
      // One query per connection: the socket goes away with the answer (and with whatever else the server still sends).
      socket.on('error', () => undefined)
      socket.destroy()
      if (result instanceof Error) reject(result)
      else resolve(result)
    }
    const onAbort = (): void => finish(cancelled(`waiting for ${server}`))
    const onError = (err: Error): void => finish(new WirebenchError('DNS_NO_ANSWER', `${server} failed before answering: ${err.message}`, err.message))
    const onEnd = (): void => {
      const announced = buffered.length >= 2 ? buffered.readUInt16BE(0) : null
      const why =
        buffered.length === 0
          ? `${server} closed the connection without answering`
          : announced === null
            ? `${server} closed the connection after 1 byte of a 2-byte length prefix (RFC 1035 §4.2.2)`
            : `${server} closed the connection after ${buffered.length - 2} of the ${announced} bytes it announced (RFC 1035 §4.2.2)`
      finish(new WirebenchError(buffered.length === 0 ? 'DNS_NO_ANSWER' : 'DNS_MALFORMED', `${why}${ignoredSuffix(ignored, ignoredCount)}.`))
    }
    const onData = (chunk: Buffer): void => {
      received += chunk.length
      // At most one whole message (2 + 65,535 bytes) is ever held: the rest waits in the socket or is dropped with it.
      buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk])
      while (!done && buffered.length >= 2) {
        const length = buffered.readUInt16BE(0)
        if (length === 0) return finish(new WirebenchError('DNS_MALFORMED', `${server} announced a message of 0 bytes, too short for a DNS header (RFC 1035 §4.2.2).`))
        if (buffered.length < 2 + length) {
          if (buffered.length > 2 + DNS_LIMITS.maxMessageBytes) return finish(new WirebenchError('TOO_LARGE', `${server} sent more than a DNS message can hold.`))
          return
        }
        const bytes = new Uint8Array(buffered.buffer, buffered.byteOffset + 2, length)
        buffered = buffered.subarray(2 + length)
        try {
          const verdict = judge(Uint8Array.from(bytes), expect, server)
          if (verdict.kind === 'accept') return finish({ accepted: verdict.accepted, findings, receivedBytes: received, ignored, ignoredCount })
          ignoredCount++
          if (ignored.length < MAX_IGNORED_SHOWN) {
            ignored.push(verdict.reason)
            findings.push(verdict.finding)
          }
          if (++messages >= MAX_MESSAGES) return finish(new WirebenchError('DNS_NO_ANSWER', `${server} sent ${messages} messages, none an answer to our query${ignoredSuffix(ignored, ignoredCount)}.`))
        } catch (err) {
          return finish(err instanceof Error ? err : new Error(String(err)))
        }
      }
    }
    const timer = setTimeout(() => {
      const partial = buffered.length >= 2 ? ` (${buffered.length - 2} of ${buffered.readUInt16BE(0)} announced bytes had arrived)` : ''
      finish(new WirebenchError('DNS_NO_ANSWER', `No answer from ${server} within ${shownTimeoutMs} ms${partial}${ignoredSuffix(ignored, ignoredCount)}.`))
    }, timeoutMs)
    signal?.addEventListener('abort', onAbort, { once: true })
    socket.on('data', onData)
    socket.once('end', onEnd)
    socket.once('close', onEnd)
    socket.on('error', onError)
    const framed = Buffer.alloc(2 + query.length)
    framed.writeUInt16BE(query.length, 0)
    framed.set(query, 2)
    socket.write(framed)
  })
}

export interface StreamTryResult {
  accepted: Accepted | null
  attempt: QueryAttempt
  findings: Finding[]
  connection: Connection | null
  error: WirebenchError | null
}

/** One try over TCP: connect, exchange, close; the attempt is recorded whether it answered or not. */
export async function tcpTry(target: { host: string; port: number; server: string }, query: Uint8Array, expect: Expect, timeoutMs: number, signal?: AbortSignal): Promise<StreamTryResult> {
  const started = performance.now()
  const attempt = (outcome: string, localPort: number | null, receivedBytes: number | null): QueryAttempt => ({
    transport: 'tcp',
    server: target.server,
    id: expect.id,
    localPort,
    sentBytes: query.length + 2,
    receivedBytes,
    timeMs: ms(started),
    outcome
  })
  let connection: Connection
  try {
    connection = await connect({ host: target.host, port: target.port, connectTimeoutMs: timeoutMs, signal })
  } catch (err) {
    const e = asError(err)
    if (e.code === 'CANCELLED') throw e
    return { accepted: null, attempt: attempt(`could not connect: ${e.message}`, null, null), findings: [], connection: null, error: e }
  }
  const localPort = connection.local.port
  try {
    const left = Math.max(1, timeoutMs - (performance.now() - started))
    const r = await streamExchange(connection.socket, query, expect, target.server, left, signal, timeoutMs)
    return { accepted: r.accepted, attempt: attempt(outcomeWith('answered', r.ignored, r.ignoredCount), localPort, r.receivedBytes), findings: r.findings, connection, error: null }
  } catch (err) {
    const e = asError(err)
    if (e.code === 'CANCELLED') throw e
    return { accepted: null, attempt: attempt(e.message, localPort, null), findings: [], connection, error: e }
  } finally {
    connection.socket.destroy()
    connection.tcp.destroy()
  }
}

export function asError(err: unknown): WirebenchError {
  if (err instanceof WirebenchError) return err
  return new WirebenchError('DNS_NO_ANSWER', err instanceof Error ? err.message : String(err))
}
