// One HTTP/2 connection (RFC 9113) with our own frame codec and HPACK: preface and SETTINGS, then requests one after
// another as streams 1, 3, 5… (§5.1.1), each as HEADERS (+CONTINUATION) and DATA within the peer's windows and frame
// size; WINDOW_UPDATEs for what we read, PINGs answered, RST_STREAM and GOAWAY in words — every frame both ways kept for
// the frame list, under caps. The HPACK tables and the connection window live as long as the connection, so a kept-alive
// repeat shows what reuse saves (RFC 7541 §2.3.2: the second HEADERS mostly points into the dynamic table).
import type { Duplex } from 'node:stream'
import type { Http2Exchange } from '../../shared/contract/http'
import { WirebenchError } from '../../shared/errors'
import type { Finding } from '../../shared/findings'
import type { H2RequestHeaders } from '../../shared/http/h1-to-h2'
import { encodeFrame, errorCodeName, H2_DEFAULT_MAX_FRAME_SIZE, H2_FLAGS, H2_FRAME_TYPES, H2_PREFACE, type H2Frame, type H2Setting } from '../../shared/http/h2-frames'
import { H2FrameReader, type H2ReadFrame } from '../../shared/http/h2-reader'
import { HpackEncoder } from '../../shared/http/hpack'
import { FrameLog, settingShortName } from './h2-rows'
import { ConnectionError, FATAL_CODE, goodbye, H2_CLIENT_LIMITS, notHttp2, ResponseStream, type H2Outcome } from './h2-stream'
import type { RawLimits } from './raw'

export interface SessionOptions {
  limits: RawLimits
  spillDir?: string
  /** When the connection opened (atMs of each row counts from here). */
  start: number
  /** Prior knowledge in clear text (no ALPN said h2). */
  cleartext?: boolean
  /** One frame list for the whole connection (every stream), instead of one per request. */
  connectionLog?: boolean
}

export interface StreamOptions {
  /** Cancel or out of time; its reason is the WirebenchError to report. */
  signal: AbortSignal
  /** Say GOAWAY NO_ERROR once the response is complete (the frame shows in this request's list). */
  closeAfter?: boolean
}

const OUR_SETTINGS: H2Setting[] = [
  { id: 2, value: 0 },
  { id: 4, value: H2_CLIENT_LIMITS.window },
  { id: 6, value: H2_CLIENT_LIMITS.headerListBytes }
]

export type { H2Outcome }

/** The state of the one stream in flight (we send sequentially: one at a time). */
interface Current {
  id: number
  log: FrameLog
  sentBytes: number
  /** The peer's window for this stream, from its SETTINGS_INITIAL_WINDOW_SIZE (RFC 9113 §6.9.2). */
  window: number
  open: boolean
  done: boolean
  wake: () => void
}

export class H2Session {
  private readonly sentReader = new H2FrameReader({ role: 'client', maxFrameBytes: 1 << 24, maxHeaderBlock: 1 << 24 })
  private readonly recvReader = new H2FrameReader({ role: 'server', maxFrameBytes: H2_DEFAULT_MAX_FRAME_SIZE, maxHeaderBlock: H2_CLIENT_LIMITS.headerListBytes })
  private readonly encoder = new HpackEncoder()
  readonly peer: Record<string, number> = {}
  private peerMaxFrame = H2_DEFAULT_MAX_FRAME_SIZE
  private peerInitialWindow = 65_535
  /** The connection window is shared by every stream (RFC 9113 §6.9.1). */
  private connWindow = 65_535
  private consumedConn = 0
  private answers = 0
  private continuations = 0
  private nextId = 1
  /** The server's first bytes until they look like its SETTINGS (RFC 9113 §3.4); null once they did. */
  private greeting: Buffer | null = Buffer.alloc(0)
  private cur: Current | null = null
  private readonly unlogged: { bytes: Uint8Array; at: number }[] = []
  /** Set by the server's GOAWAY: streams above lastStreamId are not processed (RFC 9113 §6.8). */
  goaway: { lastStreamId: number; errorCode: number } | null = null
  /** The last request was not processed (GOAWAY below its stream, REFUSED_STREAM, closed before any answer): safe to retry. */
  refused = false
  /** A connection error happened: no further request goes on this connection. */
  broken = false
  /** Streams answered completely. */
  streams = 0

  private readonly connLog: FrameLog | undefined

  constructor(private readonly sock: Duplex, private readonly o: SessionOptions) {
    this.connLog = o.connectionLog ? new FrameLog(H2_CLIENT_LIMITS.framesKept, H2_CLIENT_LIMITS.rowBytes) : undefined
  }

  /** The frames so far (the whole connection's with connectionLog, else the last request's) and both HPACK tables now. */
  snapshot(): Pick<Http2Exchange, 'frames' | 'dynamicTable'> {
    const dyn = (r: H2FrameReader): { name: string; value: string }[] => r.decoder.dynamicTable.map((e) => ({ name: e.name, value: e.value }))
    return {
      frames: (this.connLog ?? this.cur?.log)?.rows.slice() ?? [],
      dynamicTable: { sent: dyn(this.sentReader), received: dyn(this.recvReader), sentSize: this.sentReader.decoder.tableSize, receivedSize: this.recvReader.decoder.tableSize }
    }
  }

  /** True while another request may go on this connection. */
  get usable(): boolean {
    return !this.sock.destroyed && !this.goaway && !this.broken && this.nextId < 2 ** 31
  }

  private now = (): number => performance.now() - this.o.start

  private write(bytes: Uint8Array, done?: () => void): boolean {
    if (this.sock.destroyed) return true
    if (this.cur) this.cur.sentBytes += bytes.length
    return this.sock.write(bytes, done ? () => done() : undefined)
  }

  private send = (frame: H2Frame, done?: () => void): boolean => {
    const bytes = encodeFrame(frame)
    if (frame.type === 'SETTINGS' && !(frame.flags & H2_FLAGS.ACK)) this.recvReader.receiverSent(frame.settings)
    const ok = this.write(bytes, done)
    this.unlogged.push({ bytes, at: this.now() })
    return ok
  }

  // Our frames are read back for the list (HPACK decoded) after they are written, so that work is not timed.
  private logSent(): void {
    for (const u of this.unlogged.splice(0)) for (const read of this.sentReader.push(u.bytes).frames) this.cur?.log.keep('sent', u.at, read, u.bytes)
  }

  /**
   * The server's first bytes must be a SETTINGS frame (RFC 9113 §3.4). Anything that is not even a frame header (an
   * HTTP/1 status line, an HTML page) is refused in words; another frame type is left to the reader, which says so.
   */
  private checkGreeting(chunk: Buffer): Buffer {
    const all = Buffer.concat([this.greeting!, chunk])
    if (all.length < 9) {
      this.greeting = all
      return Buffer.alloc(0)
    }
    const type = all[3]!
    const length = all.readUIntBE(0, 3)
    const settings = type === 0x4 && (all.readUInt32BE(5) & 0x7fffffff) === 0 && !(all[4]! & H2_FLAGS.ACK) && length % 6 === 0
    if (!settings && (type >= H2_FRAME_TYPES.length || length > H2_DEFAULT_MAX_FRAME_SIZE)) throw notHttp2(all, this.o.cleartext)
    this.greeting = null
    return all
  }

  /** Sends one request as the next stream and reads its response; the connection stays open unless `closeAfter`. */
  async request(req: H2RequestHeaders, so: StreamOptions): Promise<H2Outcome> {
    const sock = this.sock
    const lim = this.o.limits
    if (this.peer.MAX_CONCURRENT_STREAMS === 0) throw new WirebenchError('H2_CONNECTION_ERROR', 'The server’s SETTINGS_MAX_CONCURRENT_STREAMS is 0, so no request may be opened on this connection (RFC 9113 §5.1.2).')
    const s: Current = { id: this.nextId, log: this.connLog ?? new FrameLog(H2_CLIENT_LIMITS.framesKept, H2_CLIENT_LIMITS.rowBytes), sentBytes: 0, window: this.peerInitialWindow, open: true, done: false, wake: () => {} }
    this.nextId += 2
    this.cur = s
    this.refused = false
    // The flood guard counts per request, so a long kept-alive repeat with an occasional PING is not cut off.
    this.answers = 0
    const findings: Finding[] = []
    const first = s.id === 1
    let bodySent = 0
    let waitingForWindow = false
    let sentAt: number | null = null
    let firstAt: number | null = null
    let lastAt: number | null = null
    const markSent = (): void => {
      sentAt ??= performance.now()
    }

    // The preface, our SETTINGS and a bigger connection window, then the request at once (RFC 9113 §3.4 lets a client
    // send before the server's SETTINGS arrive; until then the initial values hold). One write for the opening flight,
    // so it leaves as one segment (and one TLS record), not five small ones.
    sock.cork()
    if (first) {
      this.sentReader.push(H2_PREFACE)
      this.write(H2_PREFACE)
      this.send({ type: 'SETTINGS', flags: 0, streamId: 0, settings: OUR_SETTINGS })
      this.send({ type: 'WINDOW_UPDATE', flags: 0, streamId: 0, increment: H2_CLIENT_LIMITS.window - 65_535 })
    }
    const block = this.encoder.encode(req.headers.map((h) => ({ ...h, ...(h.name === 'authorization' || h.name === 'proxy-authorization' ? { indexing: 'never' as const } : {}) })))
    const noBody = req.body.length === 0
    for (let off = 0, head = true; head || off < block.length; head = false) {
      const piece = block.subarray(off, off + this.peerMaxFrame)
      off += piece.length
      const last = off >= block.length
      const flags = (last ? H2_FLAGS.END_HEADERS : 0) | (head && noBody ? H2_FLAGS.END_STREAM : 0)
      this.send(head ? { type: 'HEADERS', flags, streamId: s.id, fragment: piece } : { type: 'CONTINUATION', flags, streamId: s.id, fragment: piece })
    }
    sock.uncork()
    this.logSent()
    // Handed to the socket (a write callback can run after the answer is read, on a busy loop).
    if (noBody) markSent()

    const onAbort = (): void => {
      let reason = so.signal.reason instanceof WirebenchError ? so.signal.reason : new WirebenchError('CANCELLED', undefined, 'Cancelled during the HTTP/2 exchange.')
      if (reason.code === 'TIMEOUT' && waitingForWindow) {
        reason = new WirebenchError('TIMEOUT', `The server's flow-control window stayed closed: ${bodySent} of ${req.body.length} body bytes were sent when the time budget ran out, and no WINDOW_UPDATE opened it (RFC 9113 §5.2, §6.9).`)
      }
      s.wake()
      sock.destroy(reason)
    }
    if (so.signal.aborted) onAbort()
    so.signal.addEventListener('abort', onAbort, { once: true })

    // DATA within both windows and the peer's frame size; waits (within the budget) for WINDOW_UPDATE or SETTINGS.
    const writer = (async () => {
      while (bodySent < req.body.length && s.open && !sock.destroyed) {
        const room = Math.min(this.connWindow, s.window, this.peerMaxFrame, req.body.length - bodySent)
        if (room <= 0) {
          waitingForWindow = true
          await new Promise<void>((resolve) => (s.wake = resolve))
          waitingForWindow = false
          continue
        }
        const data = req.body.subarray(bodySent, bodySent + room)
        bodySent += room
        this.connWindow -= room
        s.window -= room
        const last = bodySent >= req.body.length
        const ok = this.send({ type: 'DATA', flags: last ? H2_FLAGS.END_STREAM : 0, streamId: s.id, data })
        if (last) markSent()
        this.logSent()
        if (!ok && !last) {
          await new Promise<void>((resolve) => {
            const go = (): void => (sock.off('drain', go), sock.off('close', go), resolve())
            s.wake = go
            sock.once('drain', go).once('close', go)
          })
        }
      }
    })().catch(() => {})

    const display: Buffer[] = []
    let displayed = 0
    let rawTotal = 0
    const stream = new ResponseStream(lim, findings, this.o.spillDir)
    let failure: WirebenchError | null = null
    let consumedStream = 0
    const tooChatty = (): ConnectionError => new ConnectionError(0xb, 'The server keeps sending SETTINGS and PING frames; Wirebench stopped answering (RFC 9113 §10.5).', 'RFC 9113 §10.5')

    const onFrame = async (read: H2ReadFrame): Promise<void> => {
      const f = read.frame
      const fatal = read.findings.find((x) => x.severity === 'error')
      if (fatal) throw new ConnectionError(FATAL_CODE[fatal.code] ?? 0x1, fatal.message, fatal.source)
      // What a strict peer would object to but we can read on with (spans point into the received bytes).
      for (const x of read.findings) if (x.severity === 'warning' && findings.length < 200) findings.push(x)
      if (f.type === 'CONTINUATION') {
        if (++this.continuations > H2_CLIENT_LIMITS.continuations) throw new ConnectionError(0xb, `The server sent more than ${H2_CLIENT_LIMITS.continuations} CONTINUATION frames for one header block, a flood Wirebench stops (RFC 9113 §10.5).`, 'RFC 9113 §10.5')
      } else this.continuations = 0
      switch (f.type) {
        case 'SETTINGS': {
          if (f.flags & H2_FLAGS.ACK) return
          if (++this.answers > H2_CLIENT_LIMITS.controlAnswers) throw tooChatty()
          for (const x of f.settings) {
            this.peer[settingShortName(x.id)] = x.value
            if (x.id === 5) this.peerMaxFrame = x.value
            if (x.id === 1) this.encoder.setMaxTableSize(Math.min(x.value, 4096))
            if (x.id === 4) {
              // A new initial window changes every open stream's window by the difference (RFC 9113 §6.9.2).
              if (s.open) s.window += x.value - this.peerInitialWindow
              this.peerInitialWindow = x.value
            }
          }
          this.sentReader.receiverSent(f.settings)
          this.send({ type: 'SETTINGS', flags: H2_FLAGS.ACK, streamId: 0, settings: [] })
          s.wake()
          return
        }
        case 'PING':
          if (f.flags & H2_FLAGS.ACK) return
          if (++this.answers > H2_CLIENT_LIMITS.controlAnswers) throw tooChatty()
          this.send({ type: 'PING', flags: H2_FLAGS.ACK, streamId: 0, opaque: f.opaque })
          return
        case 'WINDOW_UPDATE':
          if (f.streamId === 0) this.connWindow += f.increment
          else if (f.streamId === s.id) s.window += f.increment
          if (this.connWindow > 0x7fffffff || s.window > 0x7fffffff) throw new ConnectionError(0x3, 'A WINDOW_UPDATE took a flow-control window past 2^31-1 octets, a FLOW_CONTROL_ERROR.', 'RFC 9113 §6.9.1')
          s.wake()
          return
        case 'GOAWAY': {
          this.goaway = { lastStreamId: f.lastStreamId, errorCode: f.errorCode }
          if (s.done) return
          const debug = f.debugData.length ? ` ("${new TextDecoder().decode(f.debugData.subarray(0, 200))}")` : ''
          if (f.lastStreamId < s.id) {
            this.refused = true
            throw new ConnectionError(-1, `The server sent GOAWAY ${errorCodeName(f.errorCode)} with last stream ${f.lastStreamId} before answering${debug}: it did not process the request, so it is safe to retry.`, 'RFC 9113 §6.8')
          }
          if (f.errorCode !== 0) throw new ConnectionError(-1, `The server closed the connection with GOAWAY ${errorCodeName(f.errorCode)}${debug}.`, 'RFC 9113 §6.8')
          findings.push({ severity: 'info', code: 'H2_GOAWAY', message: `The server said GOAWAY (graceful, last stream ${f.lastStreamId}): it will finish this request and take no new ones.`, source: 'RFC 9113 §6.8' })
          return
        }
        case 'RST_STREAM':
          if (f.streamId !== s.id || s.done) return
          s.open = false
          s.wake()
          if (f.errorCode === 0x7 && !stream.head) this.refused = true
          throw new WirebenchError('H2_CONNECTION_ERROR', `The server reset the stream with RST_STREAM ${errorCodeName(f.errorCode)}${stream.head ? ' in the middle of the response' : ' before answering'}.`)
        case 'PUSH_PROMISE':
          throw new ConnectionError(0x1, 'The server sent PUSH_PROMISE although our SETTINGS_ENABLE_PUSH is 0: a PROTOCOL_ERROR.', 'RFC 9113 §6.6')
        case 'HEADERS':
        case 'CONTINUATION':
        case 'DATA':
          if (f.streamId === s.id && !s.done) break
          // A late frame on one of our earlier (closed) streams: ignored, but DATA still counts against the
          // connection window (RFC 9113 §6.9); HPACK already decoded its block, so the tables stay in step.
          if (f.streamId % 2 === 1 && f.streamId <= s.id) {
            if (f.type === 'DATA') this.consumedConn += read.length - 9
            return
          }
          throw new ConnectionError(0x1, `The server sent ${f.type} on stream ${f.streamId}, which was never opened: a PROTOCOL_ERROR.`, 'RFC 9113 §5.1')
        default:
          return
      }
      if (read.headerBlock) {
        if (stream.onHeaders(read.headerBlock.result)) firstAt ??= performance.now()
      }
      if (f.type === 'DATA') {
        // Flow control counts the whole payload, padding included (RFC 9113 §6.9.1).
        this.consumedConn += read.length - 9
        consumedStream += read.length - 9
        await stream.onData(f.data)
        const half = H2_CLIENT_LIMITS.window / 2
        if (this.consumedConn >= half) {
          this.send({ type: 'WINDOW_UPDATE', flags: 0, streamId: 0, increment: this.consumedConn })
          this.consumedConn = 0
        }
        if (consumedStream >= half && !(f.flags & H2_FLAGS.END_STREAM)) {
          this.send({ type: 'WINDOW_UPDATE', flags: 0, streamId: s.id, increment: consumedStream })
          consumedStream = 0
        }
      }
      if ((f.type === 'HEADERS' || f.type === 'DATA') && f.flags & H2_FLAGS.END_STREAM) {
        if (!stream.head) throw new ConnectionError(0x1, 'The stream ended without a final response (only 1xx HEADERS came).', 'RFC 9113 §8.1')
        lastAt = performance.now()
        s.done = true
        s.open = false
        s.wake()
      }
    }

    try {
      for await (const chunk of sock.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
        rawTotal += chunk.length
        if (displayed < lim.displayBytes) {
          const kept = chunk.subarray(0, lim.displayBytes - displayed)
          display.push(Buffer.from(kept))
          displayed += kept.length
        }
        // An HTTP/1.x server answers the preface with a status line (often 400), not SETTINGS.
        const bytes = this.greeting ? this.checkGreeting(chunk) : chunk
        if (!bytes.length) continue
        this.logSent()
        const got = this.recvReader.push(new Uint8Array(bytes))
        // Every frame of the chunk is handled, also those after our stream ended (a GOAWAY, a PING, a SETTINGS): on a
        // kept-alive connection they belong to what comes next. A problem after the end breaks only the connection.
        for (const read of got.frames) {
          s.log.keep('received', this.now(), read)
          try {
            await onFrame(read)
          } catch (e) {
            if (!s.done) throw e
            this.broken = true
            break
          }
        }
        await stream.flush()
        const fatal = got.findings.find((x) => x.severity === 'error')
        if (fatal && !s.done) throw new ConnectionError(FATAL_CODE[fatal.code] ?? 0x1, fatal.message, fatal.source)
        if (fatal) this.broken = true
        if (s.done) break
      }
      if (!s.done) {
        if (this.greeting?.length) throw notHttp2(this.greeting, this.o.cleartext)
        findings.push(...this.recvReader.end())
        if (stream.head) findings.push({ severity: 'error', code: 'TRUNCATED', message: `The connection closed before the end of the response (${stream.bodyLength} body bytes arrived).`, source: 'RFC 9113 §8.1' })
        // A kept-alive connection the server closed before touching our next request: safe to send it again.
        else if (this.streams > 0 && rawTotal === 0) this.refused = true
      }
    } catch (e) {
      if (e instanceof ConnectionError) {
        if (e.h2code >= 0) this.send({ type: 'GOAWAY', flags: 0, streamId: 0, lastStreamId: 0, errorCode: e.h2code, debugData: new TextEncoder().encode(e.words.slice(0, 200)) })
        failure = new WirebenchError('H2_CONNECTION_ERROR', `${e.words} (${e.source})`)
      } else failure = e instanceof WirebenchError ? e : new WirebenchError('H2_CONNECTION_ERROR', e instanceof Error ? e.message : String(e))
    } finally {
      so.signal.removeEventListener('abort', onAbort)
      s.open = false
      s.wake()
    }
    if (!s.done || failure) this.broken = true
    if (s.done && so.closeAfter) await goodbye(sock, this.send)
    await writer
    this.logSent()
    await stream.close()
    const head = stream.head
    if (!head) throw failure ?? new WirebenchError('HTTP_NO_RESPONSE', rawTotal ? `The connection closed after ${rawTotal} bytes without a complete HTTP/2 response.` : 'The server closed the connection without sending any HTTP/2 frame.')
    if (failure) findings.push({ severity: 'error', code: failure.code, message: failure.message })
    if (s.done && !failure) this.streams++
    if (s.done && bodySent < req.body.length) findings.push({ severity: 'warning', code: 'EARLY_RESPONSE', message: `The server answered before the whole body was sent: ${bodySent} of ${req.body.length} body bytes went out.`, source: 'RFC 9113 §8.1' })
    if (s.log.notKept) findings.push({ severity: 'info', code: 'H2_FRAMES_NOT_KEPT', message: `${s.log.notKept} more frames were exchanged than the ${H2_CLIENT_LIMITS.framesKept} the list keeps.` })
    const shot = this.snapshot()
    return {
      head,
      interim: stream.interim,
      body: stream.body(),
      complete: s.done && !failure,
      findings,
      sentBytes: s.sentBytes,
      raw: new Uint8Array(Buffer.concat(display)),
      rawTotalBytes: rawTotal,
      http2: {
        frames: shot.frames,
        dynamicTable: shot.dynamicTable,
        settings: { ...this.peer },
        streamId: s.id
      },
      at: { sentAt, firstAt, lastAt }
    }
  }

  /** A polite end when the connection is still sound (GOAWAY NO_ERROR, RFC 9113 §6.8); the caller closes the socket. */
  async close(): Promise<void> {
    if (!this.broken && !this.sock.destroyed) await goodbye(this.sock, this.send)
    this.logSent()
  }
}

/** One request on a fresh connection, closed politely after (the single-send case). */
export async function runH2Session(sock: Duplex, req: H2RequestHeaders, o: SessionOptions & { signal: AbortSignal }): Promise<H2Outcome> {
  return new H2Session(sock, o).request(req, { signal: o.signal, closeAfter: true })
}
