// Raw mode's engine: the request's bytes go on the wire exactly as given, over THE connector, to a target that is
// separate from the Host header (an address can be forced, curl --resolve semantics), and the response is read under
// caps (head, memory, disk, time) with timings measured at the socket, so "what really happened" can be shown.
import os from 'node:os'
import type { ByteTap, ConnectAttempt, Connection } from '../tls'
import type { HttpTlsSummary } from '../../shared/contract/http'
import { WirebenchError, toWireError } from '../../shared/errors'
import type { Finding } from '../../shared/findings'
import { http1Body, http1Needs, parseHttp1, type Http1Message } from '../../shared/http/message'
import { BodyFramer, Spill } from './raw-framing'
import { budgetController, socketReads } from './raw-io'
import { openTarget, r2, tlsSummary, type OpenTarget, type RawTarget } from './raw-target'

export { openTarget, tlsSummary, MAX_CHAIN_SHOWN, type OpenTarget, type RawTarget } from './raw-target'

export interface RawLimits {
  headBytes: number
  /** A body larger than this is written to a temp file (mode 0600) instead of held. */
  memoryBodyBytes: number
  /** Past this many body bytes (memory or disk), reading stops with a finding. */
  maxBodyBytes: number
  /** Raw response bytes kept for display. */
  displayBytes: number
  /** The whole exchange, connection included. */
  budgetMs: number
}

export const RAW_LIMITS: RawLimits = { headBytes: 64 * 1024, memoryBodyBytes: 8 * 1024 * 1024, maxBodyBytes: 1024 ** 3, displayBytes: 1024 * 1024, budgetMs: 30_000 }

export interface RawOptions {
  signal?: AbortSignal
  limits?: Partial<RawLimits>
  /** Where a large body is written (default: the OS temp directory). */
  spillDir?: string
  /** The Walkthrough's hook: the connector's byte tap and key log turned on, and the Connection reported once open. */
  observe?: { tap?: boolean | { maxBytes: number }; keylog?: boolean; onTap?(tap: ByteTap, keylog: readonly string[] | null): void; onConnection?(c: Connection): void; onAttempt?(a: ConnectAttempt): void }
}

/** Each phase's own duration in ms (not cumulative as curl -w's are); null when the phase did not happen. */
export interface RawTimings {
  dnsMs: number | null
  connectMs: number | null
  tlsMs: number | null
  /** From the connection being ready to the last request byte handed to the kernel. */
  sentMs: number | null
  /** From the request being sent to the first response byte (0 when the server answered before the request ended). */
  firstByteMs: number | null
  /** From the first to the last response byte read. */
  downloadMs: number | null
  totalMs: number
}

export interface RawResponseHead { version: string; status: number; reason: string; headers: [string, string][]; /** The status line as sent (HTTP/1). */ statusLine?: string }
/** The payload with the transfer coding (chunked) removed; a content coding (gzip…) is left for decode-body. */
export type RawBody = { bytes: Uint8Array } | { file: string; length: number }

export interface RawExchange {
  requestBytes: Uint8Array
  /** Request bytes handed to the socket (fewer when the server answered and stopped reading first). */
  requestBytesSent: number
  response: RawResponseHead
  /** 1xx responses (100 Continue, 103 Early Hints) that came before the final one. */
  interim: RawResponseHead[]
  body: RawBody
  /** The response as received (framing included), up to limits.displayBytes. */
  raw: Uint8Array
  rawTotalBytes: number
  complete: boolean
  /** The connection can carry another request (persistent, fully read, nothing extra). */
  reusable: boolean
  findings: Finding[]
  timings: RawTimings
}

export interface RawResult extends RawExchange {
  remote: { address: string; port: number }
  local: { address: string; port: number }
  /** version, cipher, alpn, and the chain as sent, the verdict, SNI, resumption (the contract's summary). */
  tls: HttpTlsSummary | null
}

const limitsOf = (o: RawOptions): RawLimits => ({ ...RAW_LIMITS, ...o.limits })

/** Sends `request` exactly as given and reads one response: the whole thing in one call, connection closed after. */
export async function sendRaw(target: RawTarget, request: Uint8Array, o: RawOptions = {}): Promise<RawResult> {
  const lim = limitsOf(o)
  const ctl = budgetController(lim.budgetMs, o.signal)
  try {
    const opened = await openTarget(target, { ...o, signal: ctl.signal, connectTimeoutMs: lim.budgetMs }).catch((e) => {
      throw ctl.signal.reason instanceof WirebenchError ? ctl.signal.reason : e
    })
    const { conn } = opened
    try {
      const ex = await exchange(conn, request, { ...o, signal: ctl.signal, limits: lim }, opened)
      return { ...ex, remote: { address: conn.remote.address, port: conn.remote.port }, local: { address: conn.local.address, port: conn.local.port }, tls: tlsSummary(conn, target.tls?.caPem) }
    } finally {
      conn.socket.destroy()
    }
  } finally {
    ctl.dispose()
  }
}

/**
 * One request and response over an open connection (fresh or kept alive). `opened` gives the connection's own
 * timings for a fresh connection; without it the connection phases are null (reused).
 */
export async function exchange(conn: Connection, request: Uint8Array, o: RawOptions, opened?: OpenTarget): Promise<RawExchange> {
  const lim = limitsOf(o)
  const sock = conn.socket
  const start = opened?.startedAt ?? performance.now()
  // A fresh connection was ready when the connector finished (not when this function began): the JS between the two
  // is part of sending, so the phases add up to the total, as curl's pretransfer counts its own set-up.
  const t = opened?.conn.timings
  const readyAt = t ? t.startedAt + (t.lookupMs ?? 0) + t.connectMs + (t.handshakeMs ?? 0) : performance.now()
  const findings: Finding[] = []
  const method = /^[^ \t\r\n]*/.exec(String.fromCharCode.apply(null, request.subarray(0, 32) as unknown as number[]))![0]
  let sentAt: number | null = null
  let firstAt: number | null = null
  let lastAt: number | null = null
  /** When the server closed the connection: a body delimited by the close ends there (RFC 9112 §6.3 rule 8), as curl's time_total does. */
  let closedAt: number | null = null
  let sent = 0
  let stopWriting = false
  let wakeWriter = (): void => {}
  // The budget and a cancel both end the exchange by destroying the socket with the reason (a timer and a listener,
  // not an AbortController per exchange: a keep-alive repeat makes hundreds).
  const onAbort = (): void => {
    sock.destroy(o.signal?.reason instanceof WirebenchError ? o.signal.reason : new WirebenchError('CANCELLED', undefined, 'Cancelled before the response was complete.'))
  }
  const budget = setTimeout(() => sock.destroy(new WirebenchError('TIMEOUT', `The exchange took longer than its ${lim.budgetMs} ms budget, so it was stopped.`)), lim.budgetMs)
  if (o.signal?.aborted) onAbort()
  o.signal?.addEventListener('abort', onAbort, { once: true })

  const reads = socketReads(sock)
  // The writer runs beside the reader, so a server that answers before reading everything is still heard.
  const writer = (async () => {
    const piece = 64 * 1024
    for (let off = 0; off < request.length && !stopWriting && !sock.destroyed; off += piece) {
      const part = request.subarray(off, off + piece)
      const last = off + piece >= request.length
      const ok = sock.write(part, last ? () => (sentAt ??= performance.now()) : undefined)
      // Handed straight to the kernel (nothing left queued in Node): sent now. The write callback runs a tick later,
      // possibly after the answer's first bytes were read, which would move the server's time into "sent".
      if (last && sock.writableLength === 0) sentAt ??= performance.now()
      sent += part.length
      if (!ok && !last) await new Promise<void>((resolve) => { wakeWriter = resolve; sock.once('drain', resolve); sock.once('close', resolve) })
    }
    if (request.length === 0) sentAt = performance.now()
  })().catch(() => {})

  const display: Buffer[] = []
  let displayed = 0
  let rawTotal = 0
  // Sized by the first read (most answers come in one), then doubled: per-request garbage is what a long keep-alive
  // repeat pays for most.
  let mem = new Uint8Array(0)
  let len = 0
  let msgStart = 0
  let needAt = 1
  let head: Http1Message | null = null
  /** The buffer's length when the head was parsed: the same length at the end means that parse saw the whole message. */
  let headLen = -1
  let framer: BodyFramer | null = null
  let spill: Spill | null = null
  const interim: RawResponseHead[] = []
  let done = false
  let closed = false
  let failure: WirebenchError | null = null
  const append = (b: Uint8Array): void => {
    if (len + b.length > mem.length) {
      const bigger = new Uint8Array(Math.max(mem.length * 2, len + b.length))
      bigger.set(mem.subarray(0, len))
      mem = bigger
    }
    mem.set(b, len)
    len += b.length
  }

  try {
    for await (const chunk of reads) {
      firstAt ??= performance.now()
      lastAt = performance.now()
      rawTotal += chunk.length
      if (displayed < lim.displayBytes) {
        const kept = chunk.subarray(0, lim.displayBytes - displayed)
        // Each read is a fresh buffer, so keeping it (not a copy) is safe.
        display.push(kept)
        displayed += kept.length
      }
      if (framer) {
        const at = len
        if (!spill) append(chunk)
        const end = framer.feed(chunk, spill ? (d) => spill!.write(d) : undefined)
        if (spill) await spill.flush()
        if (!spill && framer.payload > lim.memoryBodyBytes) {
          spill = await Spill.create(o.spillDir ?? os.tmpdir())
          const body = mem.subarray(msgStart + head!.bodyOffset, at + (end < 0 ? chunk.length : end))
          if (head!.framing === 'chunked') new BodyFramer('chunked', 0, lim.headBytes).feed(body, (d) => spill!.write(d))
          else spill.write(body)
          await spill.flush()
          len = msgStart + head!.bodyOffset
        }
        if (framer.payload > lim.maxBodyBytes) throw new WirebenchError('HTTP_BODY_TOO_LARGE', `The body passed ${lim.maxBodyBytes} bytes, the most Wirebench reads; reading stopped.`)
        if (end >= 0) {
          if (!spill) len = at + end
          done = true
          if (end < chunk.length) findings.push({ severity: 'info', code: 'EXTRA_BYTES', message: `${chunk.length - end} bytes came after the end of the response.`, source: 'RFC 9112 §6.3' })
          break
        }
        continue
      }
      append(chunk)
      while (!framer && len - msgStart >= needAt) {
        const m = parseHttp1(mem.subarray(msgStart, len), { kind: 'response', requestMethod: method, spans: false, limits: { maxHeadBytes: lim.headBytes } })
        // A head whose framing is invalid (Content-Length: -1) is still a head: shown, with the finding, then reading stops.
        const headDone = m.complete || m.framing !== 'none' || (m.broken && m.headers.length > 0 && m.status !== undefined)
        if (!headDone) {
          if (m.broken) http1Needs(mem.subarray(msgStart, len), { kind: 'response', requestMethod: method, limits: { maxHeadBytes: lim.headBytes } })
          needAt = len - msgStart + 1
          break
        }
        const status = m.status ?? 0
        if (status >= 100 && status < 200 && status !== 101) {
          interim.push(headOf(m))
          msgStart += m.bodyOffset
          needAt = 1
          continue
        }
        head = m
        headLen = len
        // A broken chunked body is read as far as it goes (the framer names the bad size); other framing stops here.
        if (m.broken && m.framing !== 'chunked') throw new WirebenchError('HTTP_BAD_FRAMING', m.findings.find((f) => f.severity === 'error')?.message)
        const bodyStart = msgStart + m.bodyOffset
        framer = new BodyFramer(m.framing === 'chunked' ? 'chunked' : m.framing === 'content-length' ? 'length' : m.framing === 'close' ? 'close' : 'none', m.contentLength ?? 0, lim.headBytes)
        const end = framer.feed(mem.subarray(bodyStart, len))
        if (end >= 0 && bodyStart + end < len) findings.push({ severity: 'info', code: 'EXTRA_BYTES', message: `${len - bodyStart - end} bytes came after the end of the response.`, source: 'RFC 9112 §6.3' })
        const bodyEnd = end >= 0 ? bodyStart + end : len
        // The body that came with the head can already be over the memory limit (a small limit, a big first read).
        if (framer.payload > lim.memoryBodyBytes) {
          spill = await Spill.create(o.spillDir ?? os.tmpdir())
          const body = mem.subarray(bodyStart, bodyEnd)
          if (m.framing === 'chunked') new BodyFramer('chunked', 0, lim.headBytes).feed(body, (d) => spill!.write(d))
          else spill.write(body)
          await spill.flush()
          len = bodyStart
        } else if (end >= 0) len = bodyEnd
        if (end >= 0) done = true
      }
      if (done) break
    }
    if (!done) {
      closed = true
      closedAt = performance.now()
    }
  } catch (e) {
    failure = e instanceof WirebenchError ? e : asWirebench(e)
  } finally {
    o.signal?.removeEventListener('abort', onAbort)
    clearTimeout(budget)
    stopWriting = true
    wakeWriter()
  }
  if (spill) await spill.close()
  if (!head) {
    sock.destroy()
    await writer
    if (failure) throw failure
    throw new WirebenchError('HTTP_NO_RESPONSE', rawTotal ? `The connection closed after ${rawTotal} bytes that were not a complete HTTP response head.` : 'The server closed the connection without sending any response.')
  }
  if (sentAt === null && sent < request.length) {
    findings.push({ severity: 'warning', code: 'EARLY_RESPONSE', message: `The server answered before the whole request was sent: ${sent} of ${request.length} bytes were handed to the socket.`, source: 'RFC 9112 §9.5' })
    sock.destroy()
  }
  await writer
  const reusable = !failure && head.persistent && !closed && !sock.destroyed && framer?.mode !== 'close'
  // A connection that cannot carry another request is of no further use to anyone.
  if (!reusable) sock.destroy()
  if (failure) findings.push({ severity: 'error', code: failure.code, message: failure.message, source: failure.code === 'HTTP_BAD_FRAMING' ? 'RFC 9112 §7.1' : undefined })
  else if (closed && framer && framer.mode !== 'close') findings.push({ severity: 'error', code: 'TRUNCATED', message: `The connection closed before the end of the body (${framer.payload} body bytes arrived).`, source: 'RFC 9112 §8' })
  const complete = !failure && (done || framer?.mode === 'close')
  // Held in memory: the lenient parser reads the whole message once more, for its findings and the body.
  let body: RawBody
  if (spill) {
    body = { file: spill.file, length: spill.length }
    findings.push({ severity: 'info', code: 'BODY_ON_DISK', message: `The body (${spill.length} bytes) is over the ${lim.memoryBodyBytes}-byte memory limit, so it was written to ${spill.file}.` })
    findings.push(...head.findings)
  } else {
    const whole = mem.subarray(msgStart, len)
    // A message that came whole in the read that completed its head was parsed in full then: no second pass (the
    // keep-alive path's cost per request is mostly parsing).
    const m = head.complete && headLen === len && head.framing !== 'close' ? head : parseHttp1(whole, { kind: 'response', requestMethod: method, spans: false, closed: true, limits: { maxHeadBytes: lim.headBytes } })
    findings.push(...m.findings)
    body = { bytes: m.framing === 'chunked' && !m.complete && framer ? framer.collected(whole.subarray(m.bodyOffset)) : http1Body(whole, m, lim.memoryBodyBytes + 1).slice() }
  }
  const end = closedAt ?? lastAt ?? performance.now()
  return {
    requestBytes: request,
    requestBytesSent: sent,
    response: headOf(head),
    interim,
    body,
    raw: display.length === 1 ? display[0]! : Buffer.concat(display),
    rawTotalBytes: rawTotal,
    complete,
    reusable,
    findings,
    timings: {
      dnsMs: opened ? opened.dnsMs : null,
      connectMs: opened ? opened.conn.timings.connectMs : null,
      tlsMs: opened ? opened.conn.timings.handshakeMs : null,
      // An answer that began before our write callback ran still means the request had left: sent ends there at the latest.
      sentMs: sentAt === null ? null : r2(Math.min(sentAt, firstAt ?? sentAt) - readyAt),
      firstByteMs: firstAt === null ? null : r2(firstAt - Math.min(sentAt ?? firstAt, firstAt)),
      downloadMs: firstAt === null ? null : r2(end - firstAt),
      totalMs: r2(end - start)
    }
  }
}

function headOf(m: Http1Message): RawResponseHead {
  return { version: m.version, status: m.status ?? 0, reason: m.reason ?? '', headers: m.headers, statusLine: m.startLine }
}

function asWirebench(e: unknown): WirebenchError {
  const w = toWireError(e)
  return new WirebenchError(w.code, w.message, w.detail)
}
