// Raw mode's engine: the request's bytes go on the wire exactly as given, over THE connector, to a target that is
// separate from the Host header (an address can be forced, curl --resolve semantics), and the response is read under
// caps (head, memory, disk, time) with timings measured at the socket, so "what really happened" can be shown.
import { promises as dns } from 'node:dns'
import net from 'node:net'
import os from 'node:os'
import { connect, type Connection } from '../tls'
import { WirebenchError, toWireError } from '../../shared/errors'
import type { Finding } from '../../shared/findings'
import { http1Body, http1Needs, parseHttp1, type Http1Message } from '../../shared/http/message'
import { BodyFramer, Spill } from './raw-framing'

export interface RawTarget {
  /** The name looked up (and, by default, the SNI and certificate name); the Host header is whatever the bytes say. */
  host: string
  port: number
  tls?: { servername?: string; alpn?: string[]; verify: boolean; caPem?: string }
  /** Connect to this address instead of looking `host` up, keeping SNI and verification on `host` (curl --resolve). */
  address?: string
}

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

export interface RawResponseHead { version: string; status: number; reason: string; headers: [string, string][] }
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
  tls: { version: string; cipher: string; alpn: string | null } | null
}

export interface OpenTarget { conn: Connection; dnsMs: number | null; startedAt: number }

const r2 = (ms: number): number => Math.round(ms * 100) / 100
const limitsOf = (o: RawOptions): RawLimits => ({ ...RAW_LIMITS, ...o.limits })

/** Looks the name up (timed, unless an address is forced or it is an IP) and connects through THE connector. */
export async function openTarget(t: RawTarget, o: RawOptions & { connectTimeoutMs?: number } = {}): Promise<OpenTarget> {
  const startedAt = performance.now()
  let address = t.address ?? t.host
  let dnsMs: number | null = null
  if (!t.address && !net.isIP(t.host.replace(/^\[|\]$/g, ''))) {
    try {
      address = (await dns.lookup(t.host, { verbatim: true })).address
    } catch (e) {
      const w = toWireError(e)
      throw new WirebenchError(w.code, `The name ${t.host} could not be looked up: ${w.message}`, w.detail)
    }
    dnsMs = r2(performance.now() - startedAt)
  }
  const bare = t.host.replace(/^\[|\]$/g, '')
  const servername = t.tls?.servername ?? (net.isIP(bare) ? '' : bare)
  const conn = await connect({
    host: address,
    port: t.port,
    signal: o.signal,
    connectTimeoutMs: o.connectTimeoutMs,
    handshakeTimeoutMs: o.connectTimeoutMs,
    tls: t.tls ? { servername, verifyName: servername || bare, alpn: t.tls.alpn, verify: t.tls.verify, caPem: t.tls.caPem } : undefined
  })
  // Errors are read from the exchange; a late one (EPIPE after the answer) must not crash the process.
  conn.socket.on('error', () => {})
  return { conn, dnsMs, startedAt }
}

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
      return { ...ex, remote: { address: conn.remote.address, port: conn.remote.port }, local: { address: conn.local.address, port: conn.local.port }, tls: conn.tls ? { version: conn.tls.protocol ?? '', cipher: conn.tls.cipher, alpn: conn.tls.alpn } : null }
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
  const ctl = budgetController(lim.budgetMs, o.signal)
  const sock = conn.socket
  const start = opened?.startedAt ?? performance.now()
  const readyAt = performance.now()
  const findings: Finding[] = []
  const method = /^[^ \t\r\n]*/.exec(new TextDecoder('latin1').decode(request.subarray(0, 32)))![0]
  let sentAt: number | null = null
  let firstAt: number | null = null
  let lastAt: number | null = null
  let sent = 0
  let stopWriting = false
  let wakeWriter = (): void => {}
  const onAbort = (): void => {
    sock.destroy(ctl.signal.reason instanceof WirebenchError ? ctl.signal.reason : new WirebenchError('CANCELLED', undefined, 'Cancelled while exchanging the request.'))
  }
  if (ctl.signal.aborted) onAbort()
  ctl.signal.addEventListener('abort', onAbort, { once: true })

  // The writer runs beside the reader, so a server that answers before reading everything is still heard.
  const writer = (async () => {
    const piece = 64 * 1024
    for (let off = 0; off < request.length && !stopWriting && !sock.destroyed; off += piece) {
      const part = request.subarray(off, off + piece)
      const last = off + piece >= request.length
      const ok = sock.write(part, last ? () => (sentAt ??= performance.now()) : undefined)
      sent += part.length
      if (!ok && !last) await new Promise<void>((resolve) => { wakeWriter = resolve; sock.once('drain', resolve); sock.once('close', resolve) })
    }
    if (request.length === 0) sentAt = performance.now()
  })().catch(() => {})

  const display: Buffer[] = []
  let displayed = 0
  let rawTotal = 0
  let mem = new Uint8Array(16 * 1024)
  let len = 0
  let msgStart = 0
  let needAt = 1
  let head: Http1Message | null = null
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
    for await (const chunk of sock.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
      firstAt ??= performance.now()
      lastAt = performance.now()
      rawTotal += chunk.length
      if (displayed < lim.displayBytes) {
        const kept = chunk.subarray(0, lim.displayBytes - displayed)
        display.push(Buffer.from(kept))
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
        const headDone = m.complete || m.framing !== 'none'
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
        // A broken chunked body is read as far as it goes (the framer names the bad size); other framing stops here.
        if (m.broken && m.framing !== 'chunked') throw new WirebenchError('HTTP_BAD_FRAMING', m.findings.find((f) => f.severity === 'error')?.message)
        const bodyStart = msgStart + m.bodyOffset
        framer = new BodyFramer(m.framing === 'chunked' ? 'chunked' : m.framing === 'content-length' ? 'length' : m.framing === 'close' ? 'close' : 'none', m.contentLength ?? 0, lim.headBytes)
        const end = framer.feed(mem.subarray(bodyStart, len))
        if (end >= 0) {
          if (bodyStart + end < len) findings.push({ severity: 'info', code: 'EXTRA_BYTES', message: `${len - bodyStart - end} bytes came after the end of the response.`, source: 'RFC 9112 §6.3' })
          len = bodyStart + end
          done = true
        }
      }
      if (done) break
    }
    if (!done) closed = true
  } catch (e) {
    failure = e instanceof WirebenchError ? e : asWirebench(e)
  } finally {
    ctl.signal.removeEventListener('abort', onAbort)
    ctl.dispose()
    stopWriting = true
    wakeWriter()
  }
  await spill?.close()
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
    const m = parseHttp1(whole, { kind: 'response', requestMethod: method, spans: false, closed: true, limits: { maxHeadBytes: lim.headBytes } })
    findings.push(...m.findings)
    body = { bytes: m.framing === 'chunked' && !m.complete && framer ? framer.collected(whole.subarray(m.bodyOffset)) : http1Body(whole, m, lim.memoryBodyBytes + 1).slice() }
  }
  const end = lastAt ?? performance.now()
  return {
    requestBytes: request,
    requestBytesSent: sent,
    response: headOf(head),
    interim,
    body,
    raw: new Uint8Array(Buffer.concat(display)),
    rawTotalBytes: rawTotal,
    complete,
    reusable,
    findings,
    timings: {
      dnsMs: opened ? opened.dnsMs : null,
      connectMs: opened ? opened.conn.timings.connectMs : null,
      tlsMs: opened ? opened.conn.timings.handshakeMs : null,
      sentMs: sentAt === null ? null : r2(sentAt - readyAt),
      firstByteMs: firstAt === null ? null : r2(Math.max(0, firstAt - (sentAt ?? firstAt))),
      downloadMs: firstAt === null ? null : r2(end - firstAt),
      totalMs: r2(end - start)
    }
  }
}

function headOf(m: Http1Message): RawResponseHead {
  return { version: m.version, status: m.status ?? 0, reason: m.reason ?? '', headers: m.headers }
}

function asWirebench(e: unknown): WirebenchError {
  const w = toWireError(e)
  return new WirebenchError(w.code, w.message, w.detail)
}

/** One signal for "cancelled by the caller" or "out of time"; its reason is the WirebenchError to report. */
function budgetController(ms: number, outer?: AbortSignal): { signal: AbortSignal; dispose(): void } {
  const c = new AbortController()
  const cancelled = (): WirebenchError => (outer?.reason instanceof WirebenchError ? outer.reason : new WirebenchError('CANCELLED', undefined, 'Cancelled before the response was complete.'))
  const timer = setTimeout(() => c.abort(new WirebenchError('TIMEOUT', `The exchange took longer than its ${ms} ms budget, so it was stopped.`)), ms)
  const onOuter = (): void => c.abort(cancelled())
  if (outer?.aborted) c.abort(cancelled())
  outer?.addEventListener('abort', onOuter, { once: true })
  return { signal: c.signal, dispose: () => { clearTimeout(timer); outer?.removeEventListener('abort', onOuter) } }
}
