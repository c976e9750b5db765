// One HTTP/2 request on a fresh connection (RFC 9113), with our own frame codec and HPACK: preface and SETTINGS, the
// request as HEADERS (+CONTINUATION) and DATA within the peer's windows and frame size, WINDOW_UPDATEs for what we
// read, PINGs answered, RST_STREAM and GOAWAY in words — every frame both ways kept for the frame list, under caps.
import type { Duplex } from 'node:stream'
import { WirebenchError } from '../../shared/errors'
import type { Finding } from '../../shared/findings'
import type { H2RequestHeaders } from '../../shared/http/h1-to-h2'
import { encodeFrame, errorCodeName, H2_DEFAULT_MAX_FRAME_SIZE, H2_FLAGS, H2_PREFACE, type H2Frame, type H2Setting } from '../../shared/http/h2-frames'
import { H2FrameReader, type H2ReadFrame } from '../../shared/http/h2-reader'
import { HpackEncoder } from '../../shared/http/hpack'
import { FrameLog, settingShortName } from './h2-rows'
import { ConnectionError, FATAL_CODE, goodbye, H2_CLIENT_LIMITS, ResponseStream, type H2Outcome } from './h2-stream'
import type { RawLimits } from './raw'

interface SessionOptions {
  limits: RawLimits
  spillDir?: string
  /** Cancel or out of time; its reason is the WirebenchError to report. */
  signal: AbortSignal
  /** When the connection opened (atMs of each row counts from here). */
  start: number
  /** Prior knowledge in clear text (no ALPN said h2). */
  cleartext?: boolean
}

const OUR_SETTINGS: H2Setting[] = [
  { id: 2, value: 0 },
  { id: 4, value: H2_CLIENT_LIMITS.window },
  { id: 6, value: H2_CLIENT_LIMITS.headerListBytes }
]

export type { H2Outcome }

export async function runH2Session(sock: Duplex, req: H2RequestHeaders, o: SessionOptions): Promise<H2Outcome> {
  const lim = o.limits
  const findings: Finding[] = []
  const log = new FrameLog(H2_CLIENT_LIMITS.framesKept, H2_CLIENT_LIMITS.rowBytes)
  const sentReader = new H2FrameReader({ role: 'client', maxFrameBytes: 1 << 24, maxHeaderBlock: 1 << 24 })
  const recvReader = new H2FrameReader({ role: 'server', maxFrameBytes: H2_DEFAULT_MAX_FRAME_SIZE, maxHeaderBlock: H2_CLIENT_LIMITS.headerListBytes })
  const encoder = new HpackEncoder()
  const peer: Record<string, number> = {}
  let peerMaxFrame = H2_DEFAULT_MAX_FRAME_SIZE
  let peerInitialWindow = 65_535
  let connWindow = 65_535
  let streamWindow = 65_535
  let sentBytes = 0
  let bodySent = 0
  let waitingForWindow = false
  let wake = (): void => {}
  let streamOpen = true // until the response ends or is reset: DATA and our WINDOW_UPDATEs stop then
  let sentAt: number | null = null
  let firstAt: number | null = null
  let lastAt: number | null = null
  const now = (): number => performance.now() - o.start

  const write = (bytes: Uint8Array, done?: () => void): boolean => {
    if (sock.destroyed) return true
    sentBytes += bytes.length
    return sock.write(bytes, done ? () => done() : undefined)
  }
  // Our frames are read back for the list (HPACK decoded) after they are written, so that work is not timed.
  const unlogged: { bytes: Uint8Array; at: number }[] = []
  const logSent = (): void => {
    for (const u of unlogged.splice(0)) for (const read of sentReader.push(u.bytes).frames) log.keep('sent', u.at, read, u.bytes)
  }
  const send = (frame: H2Frame, done?: () => void): boolean => {
    const bytes = encodeFrame(frame)
    if (frame.type === 'SETTINGS' && !(frame.flags & H2_FLAGS.ACK)) recvReader.receiverSent(frame.settings)
    const ok = write(bytes, done)
    unlogged.push({ bytes, at: now() })
    return ok
  }
  const markSent = (): void => {
    sentAt ??= performance.now()
  }

  // The preface, our SETTINGS and a bigger connection window, then the request at once (RFC 9113 §3.4 lets a client
  // send before the server's SETTINGS arrive; until then the initial values hold).
  // One write for the opening flight, so it leaves as one segment (and one TLS record), not five small ones.
  sock.cork()
  sentReader.push(H2_PREFACE)
  write(H2_PREFACE)
  send({ type: 'SETTINGS', flags: 0, streamId: 0, settings: OUR_SETTINGS })
  send({ type: 'WINDOW_UPDATE', flags: 0, streamId: 0, increment: H2_CLIENT_LIMITS.window - 65_535 })
  const block = encoder.encode(req.headers.map((h) => ({ ...h, ...(h.name === 'authorization' || h.name === 'proxy-authorization' ? { indexing: 'never' as const } : {}) })))
  const noBody = req.body.length === 0
  for (let off = 0, first = true; first || off < block.length; first = false) {
    const piece = block.subarray(off, off + peerMaxFrame)
    off += piece.length
    const last = off >= block.length
    const flags = (last ? H2_FLAGS.END_HEADERS : 0) | (first && noBody ? H2_FLAGS.END_STREAM : 0)
    send(first ? { type: 'HEADERS', flags, streamId: 1, fragment: piece } : { type: 'CONTINUATION', flags, streamId: 1, fragment: piece })
  }
  sock.uncork()
  logSent()
  // Handed to the socket (a write callback can run after the answer is read, on a busy loop).
  if (noBody) markSent()

  const onAbort = (): void => {
    let reason = o.signal.reason instanceof WirebenchError ? o.signal.reason : new WirebenchError('CANCELLED', undefined, 'Cancelled during the HTTP/2 exchange.')
    if (reason.code === 'TIMEOUT' && waitingForWindow) {
      reason = new WirebenchError('TIMEOUT', `The server's flow-control window stayed closed: ${bodySent} of ${req.body.length} body bytes were sent when the time budget ran out, and no WINDOW_UPDATE opened it (RFC 9113 §5.2, §6.9).`)
    }
    wake()
    sock.destroy(reason)
  }
  if (o.signal.aborted) onAbort()
  o.signal.addEventListener('abort', onAbort, { once: true })

  // DATA within both windows and the peer's frame size; waits (within the budget) for WINDOW_UPDATE or SETTINGS.
  const writer = (async () => {
    while (bodySent < req.body.length && streamOpen && !sock.destroyed) {
      const room = Math.min(connWindow, streamWindow, peerMaxFrame, req.body.length - bodySent)
      if (room <= 0) {
        waitingForWindow = true
        await new Promise<void>((resolve) => (wake = resolve))
        waitingForWindow = false
        continue
      }
      const data = req.body.subarray(bodySent, bodySent + room)
      bodySent += room
      connWindow -= room
      streamWindow -= room
      const last = bodySent >= req.body.length
      const ok = send({ type: 'DATA', flags: last ? H2_FLAGS.END_STREAM : 0, streamId: 1, data })
      if (last) markSent()
      logSent()
      if (!ok && !last) {
        await new Promise<void>((resolve) => {
          const go = (): void => (sock.off('drain', go), sock.off('close', go), resolve())
          wake = go
          sock.once('drain', go).once('close', go)
        })
      }
    }
  })().catch(() => {})

  const display: Buffer[] = []
  let displayed = 0
  let rawTotal = 0
  const stream = new ResponseStream(lim, findings, o.spillDir)
  let done = false
  let failure: WirebenchError | null = null
  let continuations = 0
  let answers = 0
  let consumedConn = 0
  let consumedStream = 0

  const onFrame = async (read: H2ReadFrame): Promise<void> => {
    const f = read.frame
    const fatal = read.findings.find((x) => x.severity === 'error')
    if (fatal) throw new ConnectionError(FATAL_CODE[fatal.code] ?? 0x1, fatal.message, fatal.source)
    // What a strict peer would object to but we can read on with (spans point into the received bytes).
    for (const x of read.findings) if (x.severity === 'warning' && findings.length < 200) findings.push(x)
    if (f.type === 'CONTINUATION') {
      if (++continuations > H2_CLIENT_LIMITS.continuations) throw new ConnectionError(0xb, `The server sent more than ${H2_CLIENT_LIMITS.continuations} CONTINUATION frames for one header block, a flood Wirebench stops (RFC 9113 §10.5).`, 'RFC 9113 §10.5')
    } else continuations = 0
    switch (f.type) {
      case 'SETTINGS': {
        if (f.flags & H2_FLAGS.ACK) return
        if (++answers > H2_CLIENT_LIMITS.controlAnswers) throw new ConnectionError(0xb, 'The server keeps sending SETTINGS and PING frames; Wirebench stopped answering (RFC 9113 §10.5).', 'RFC 9113 §10.5')
        for (const s of f.settings) {
          peer[settingShortName(s.id)] = s.value
          if (s.id === 5) peerMaxFrame = s.value
          if (s.id === 1) encoder.setMaxTableSize(Math.min(s.value, 4096))
          if (s.id === 4) {
            // A new initial window changes every open stream's window by the difference (RFC 9113 §6.9.2).
            streamWindow += s.value - peerInitialWindow
            peerInitialWindow = s.value
          }
        }
        sentReader.receiverSent(f.settings)
        send({ type: 'SETTINGS', flags: H2_FLAGS.ACK, streamId: 0, settings: [] })
        wake()
        return
      }
      case 'PING':
        if (f.flags & H2_FLAGS.ACK) return
        if (++answers > H2_CLIENT_LIMITS.controlAnswers) throw new ConnectionError(0xb, 'The server keeps sending SETTINGS and PING frames; Wirebench stopped answering (RFC 9113 §10.5).', 'RFC 9113 §10.5')
        send({ type: 'PING', flags: H2_FLAGS.ACK, streamId: 0, opaque: f.opaque })
        return
      case 'WINDOW_UPDATE':
        if (f.streamId === 0) connWindow += f.increment
        else if (f.streamId === 1) streamWindow += f.increment
        if (connWindow > 0x7fffffff || streamWindow > 0x7fffffff) throw new ConnectionError(0x3, 'A WINDOW_UPDATE took a flow-control window past 2^31-1 octets, a FLOW_CONTROL_ERROR.', 'RFC 9113 §6.9.1')
        wake()
        return
      case 'GOAWAY': {
        const debug = f.debugData.length ? ` ("${new TextDecoder().decode(f.debugData.subarray(0, 200))}")` : ''
        if (f.lastStreamId < 1) throw new ConnectionError(-1, `The server sent GOAWAY ${errorCodeName(f.errorCode)} with last stream ${f.lastStreamId} before answering${debug}: it did not process the request, so it is safe to retry.`, 'RFC 9113 §6.8')
        if (f.errorCode !== 0) throw new ConnectionError(-1, `The server closed the connection with GOAWAY ${errorCodeName(f.errorCode)}${debug}.`, 'RFC 9113 §6.8')
        findings.push({ severity: 'info', code: 'H2_GOAWAY', message: `The server said GOAWAY (graceful, last stream ${f.lastStreamId}): it will finish this request and take no new ones.`, source: 'RFC 9113 §6.8' })
        return
      }
      case 'RST_STREAM':
        if (f.streamId !== 1) return
        streamOpen = false
        wake()
        throw new WirebenchError('H2_CONNECTION_ERROR', `The server reset the stream with RST_STREAM ${errorCodeName(f.errorCode)}${stream.head ? ' in the middle of the response' : ' before answering'}.`)
      case 'PUSH_PROMISE':
        throw new ConnectionError(0x1, 'The server sent PUSH_PROMISE although our SETTINGS_ENABLE_PUSH is 0: a PROTOCOL_ERROR.', 'RFC 9113 §6.6')
      case 'HEADERS':
      case 'CONTINUATION':
      case 'DATA':
        if (f.streamId !== 1) throw new ConnectionError(0x1, `The server sent ${f.type} on stream ${f.streamId}, which was never opened: a PROTOCOL_ERROR.`, 'RFC 9113 §5.1')
        break
      default:
        return
    }
    if (read.headerBlock) {
      if (stream.onHeaders(read.headerBlock.result)) firstAt ??= performance.now()
    }
    if (f.type === 'DATA') {
      // Flow control counts the whole payload, padding included (RFC 9113 §6.9.1).
      consumedConn += read.length - 9
      consumedStream += read.length - 9
      await stream.onData(f.data)
      const half = H2_CLIENT_LIMITS.window / 2
      if (consumedConn >= half) {
        send({ type: 'WINDOW_UPDATE', flags: 0, streamId: 0, increment: consumedConn })
        consumedConn = 0
      }
      if (consumedStream >= half && !(f.flags & H2_FLAGS.END_STREAM)) {
        send({ type: 'WINDOW_UPDATE', flags: 0, streamId: 1, increment: consumedStream })
        consumedStream = 0
      }
    }
    if ((f.type === 'HEADERS' || f.type === 'DATA') && f.flags & H2_FLAGS.END_STREAM) {
      if (!stream.head) throw new ConnectionError(0x1, 'The stream ended without a final response (only 1xx HEADERS came).', 'RFC 9113 §8.1')
      lastAt = performance.now()
      done = true
      streamOpen = false
      wake()
    }
  }

  try {
    for await (const chunk of sock.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
      // An HTTP/1.x server answers the preface with a status line (often 400), not SETTINGS.
      if (rawTotal === 0 && chunk.subarray(0, 5).toString('latin1') === 'HTTP/') throw new WirebenchError('H2_CONNECTION_ERROR', `The server answered the HTTP/2 preface in HTTP/1 ("${chunk.subarray(0, Math.max(0, chunk.indexOf('\r'))).toString('latin1').slice(0, 80)}"): it does not speak HTTP/2 here${o.cleartext ? ' with prior knowledge (RFC 9113 §3.3); send it as HTTP/1.1' : ''}.`)
      rawTotal += chunk.length
      if (displayed < lim.displayBytes) {
        const kept = chunk.subarray(0, lim.displayBytes - displayed)
        display.push(Buffer.from(kept))
        displayed += kept.length
      }
      logSent()
      const got = recvReader.push(new Uint8Array(chunk))
      for (const read of got.frames) {
        log.keep('received', now(), read)
        await onFrame(read)
        if (done) break
      }
      await stream.flush()
      const fatal = got.findings.find((x) => x.severity === 'error')
      if (fatal) throw new ConnectionError(FATAL_CODE[fatal.code] ?? 0x1, fatal.message, fatal.source)
      if (done) break
    }
    if (!done) {
      findings.push(...recvReader.end())
      if (stream.head) findings.push({ severity: 'error', code: 'TRUNCATED', message: `The connection closed before the end of the response (${stream.bodyLength} body bytes arrived).`, source: 'RFC 9113 §8.1' })
    }
  } catch (e) {
    if (e instanceof ConnectionError) {
      if (e.h2code >= 0) send({ type: 'GOAWAY', flags: 0, streamId: 0, lastStreamId: 0, errorCode: e.h2code, debugData: new TextEncoder().encode(e.words.slice(0, 200)) })
      failure = new WirebenchError('H2_CONNECTION_ERROR', `${e.words} (${e.source})`)
    } else failure = e instanceof WirebenchError ? e : new WirebenchError('H2_CONNECTION_ERROR', e instanceof Error ? e.message : String(e))
  } finally {
    o.signal.removeEventListener('abort', onAbort)
    streamOpen = false
    wake()
  }
  if (done) await goodbye(sock, send)
  await writer
  logSent()
  await stream.close()
  const head = stream.head
  if (!head) throw failure ?? new WirebenchError('HTTP_NO_RESPONSE', rawTotal ? `The connection closed after ${rawTotal} bytes without a complete HTTP/2 response.` : 'The server closed the connection without sending any HTTP/2 frame.')
  if (failure) findings.push({ severity: 'error', code: failure.code, message: failure.message })
  if (done && bodySent < req.body.length) findings.push({ severity: 'warning', code: 'EARLY_RESPONSE', message: `The server answered before the whole body was sent: ${bodySent} of ${req.body.length} body bytes went out.`, source: 'RFC 9113 §8.1' })
  if (log.notKept) findings.push({ severity: 'info', code: 'H2_FRAMES_NOT_KEPT', message: `${log.notKept} more frames were exchanged than the ${H2_CLIENT_LIMITS.framesKept} the list keeps.` })
  const dyn = (r: H2FrameReader): { name: string; value: string }[] => r.decoder.dynamicTable.map((e) => ({ name: e.name, value: e.value }))
  return {
    head,
    interim: stream.interim,
    body: stream.body(),
    complete: done && !failure,
    findings,
    sentBytes,
    raw: new Uint8Array(Buffer.concat(display)),
    rawTotalBytes: rawTotal,
    http2: {
      frames: log.rows,
      dynamicTable: { sent: dyn(sentReader), received: dyn(recvReader), sentSize: sentReader.decoder.tableSize, receivedSize: recvReader.decoder.tableSize },
      settings: peer,
      streamId: 1
    },
    at: { sentAt, firstAt, lastAt }
  }
}
