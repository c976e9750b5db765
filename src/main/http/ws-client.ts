// The WebSocket client (RFC 6455): opens the connection through THE connector (plain or TLS), does the opening
// handshake with the bytes kept for display, then reads and writes frames, each one listed with its bytes — pings
// answered, fragments put back together under a cap, and the closing handshake done as §7.1.2 describes.
import { randomBytes } from 'node:crypto'
import type { Duplex } from 'node:stream'
import type { z } from 'zod'
import { WS_LIMITS, type WsFrameRow, type WsInfo, type wsConnectInput } from '../../shared/contract/ws'
import { WirebenchError, toWireError, type WireError } from '../../shared/errors'
import type { Finding } from '../../shared/findings'
import { OP, WsFrameReader, WsMessageAssembler, WsProtocolError, closeCodeMaySend, closePayload, encodeFrame, type WsEvent } from '../../shared/http/ws-frames'
import { openTarget } from './raw'
import { buildUpgrade, checkUpgradeResponse, parseWsUrl, readHead } from './ws-upgrade'
import { frameRow } from './ws-rows'

export type WsConnectOptions = z.input<typeof wsConnectInput>

export interface WsClosed {
  code: number | null
  reason: string
  error: WireError | null
}

export interface WsHooks {
  /** Frames as they cross, in order (sent and received). */
  onFrame?(row: WsFrameRow): void
  /** A whole message (fragments joined), for a client that reads messages rather than frames. */
  onMessage?(m: { opcode: 1 | 2; data: Uint8Array; text?: string }): void
  onClosed?(c: WsClosed): void
}

export const WS_CLIENT_LIMITS = {
  headBytes: 64 * 1024,
  /** After our close frame, how long we wait for the server's close and its end of TCP (§7.1.1). */
  closeWaitMs: 3000,
  /** Bytes queued to the socket past which we refuse more sends (the peer is not reading). */
  writeQueueBytes: 8 * 1024 * 1024
}

let counter = 0

export class WsConnection {
  readonly id = `ws-${++counter}`
  readonly frames: WsFrameRow[] = []
  /** Frames dropped from the front of `frames` to keep WS_LIMITS.framesKept. */
  dropped = 0
  state: WsInfo['state'] = 'open'
  readonly closed: Promise<WsClosed>
  private resolveClosed!: (c: WsClosed) => void
  private closeSent = false
  private closeReceived: { code: number | null; reason: string } | null = null
  private failure: WireError | null = null
  private closeTimer: NodeJS.Timeout | null = null
  private readonly reader = new WsFrameReader({ expectMasked: false, maxPayload: WS_LIMITS.messageBytes })
  private readonly assembler = new WsMessageAssembler(WS_LIMITS.messageBytes)
  private fragments = 0

  constructor(
    readonly info: Omit<WsInfo, 'frames' | 'state' | 'id'>,
    private readonly socket: Duplex,
    private readonly startedAt: number,
    private readonly hooks: WsHooks,
    leftover: Uint8Array
  ) {
    this.closed = new Promise((r) => (this.resolveClosed = r))
    socket.on('data', (b: Buffer) => this.receive(new Uint8Array(b.buffer, b.byteOffset, b.length)))
    socket.on('error', (e) => {
      this.failure ??= toWireError(e)
    })
    socket.on('close', () => this.finished())
    // The server ends TCP first after the closing handshake (§7.1.1); our side then ends too, so 'close' follows
    // even on a socket that allows half-open connections.
    socket.on('end', () => this.socket.end())
    // The socket was paused when the head ended: frames that came with the 101 are read first, then the rest flows.
    queueMicrotask(() => {
      if (leftover.length) this.receive(leftover)
      socket.resume()
    })
  }

  snapshot(withFrames = true): WsInfo {
    return { ...this.info, id: this.id, state: this.state, frames: withFrames ? [...this.frames] : [] }
  }

  private at(): number {
    return Math.round((performance.now() - this.startedAt) * 100) / 100
  }

  private keep(row: WsFrameRow): WsFrameRow {
    this.frames.push(row)
    if (this.frames.length > WS_LIMITS.framesKept) {
      this.frames.shift()
      this.dropped++
    }
    this.hooks.onFrame?.(row)
    return row
  }

  /** Writes one masked frame (every client frame is masked with a fresh key, RFC 6455 §5.3), waiting on backpressure. */
  async send(opcode: number, payload: Uint8Array, findings?: Finding[]): Promise<WsFrameRow> {
    if (this.state !== 'open' && !(opcode === OP.close || opcode === OP.pong)) throw new WirebenchError('WS_NOT_OPEN', `This WebSocket is ${this.state}; nothing more can be sent.`)
    if (opcode >= 8 && payload.length > 125) throw new WirebenchError('WS_BAD_FRAME', `A control frame carries at most 125 bytes; this one has ${payload.length} (RFC 6455 §5.5).`)
    if (payload.length > WS_LIMITS.sendBytes) throw new WirebenchError('WS_BAD_FRAME', `One frame sent from here carries at most ${WS_LIMITS.sendBytes} bytes; this one has ${payload.length}.`)
    if (this.socket.writableLength > WS_CLIENT_LIMITS.writeQueueBytes) throw new WirebenchError('WS_BAD_FRAME', 'The server is not reading: over 8 MiB is already waiting to be sent, so this frame was not queued.')
    const maskKey = new Uint8Array(randomBytes(4))
    const raw = encodeFrame({ opcode, payload, maskKey })
    const row = this.keep(frameRow('sent', this.at(), { fin: true, rsv: 0, opcode, masked: true, maskKey, payload, headerLength: raw.length - payload.length, raw }, findings))
    if (!this.socket.write(raw) && !this.socket.destroyed) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          this.socket.off('drain', done)
          this.socket.off('close', done)
          resolve()
        }
        this.socket.on('drain', done)
        this.socket.on('close', done)
      })
    }
    return row
  }

  sendText(text: string): Promise<WsFrameRow> {
    return this.send(OP.text, new TextEncoder().encode(text))
  }

  /** Starts the closing handshake (§7.1.2) and waits, within a budget, for the server's close and its end of TCP. */
  async close(code = 1000, reason = ''): Promise<WsClosed> {
    if (!closeCodeMaySend(code)) throw new WirebenchError('WS_BAD_FRAME', `Close code ${code} may not be sent: use 1000–1003, 1007–1014, 3000–4999 (RFC 6455 §7.4.1, §7.4.2).`)
    if (this.state === 'open') {
      this.state = 'closing'
      this.closeSent = true
      await this.send(OP.close, closePayload(code, reason)).catch(() => {})
      this.armCloseTimer()
    }
    return this.closed
  }

  /** Ends at once without a closing handshake (the page closed it from "Held by main", or the session ended). */
  destroy(): void {
    this.socket.destroy()
  }

  private armCloseTimer(): void {
    this.closeTimer ??= setTimeout(() => this.socket.destroy(), WS_CLIENT_LIMITS.closeWaitMs)
  }

  private receive(bytes: Uint8Array): void {
    if (this.state === 'closed' || this.failure) return
    try {
      for (const f of this.reader.push(bytes)) {
        if (this.closeReceived) break // nothing after a close frame counts (§5.5.1)
        const ev = this.assembler.push(f)
        const findings: Finding[] = []
        if (f.opcode === OP.continuation || (!f.fin && f.opcode < 8)) this.fragments++
        if (ev?.kind === 'message' && this.fragments > 0) {
          findings.push({ severity: 'info', code: 'WS_REASSEMBLED', message: `Last fragment: the ${ev.opcode === OP.text ? 'text' : 'binary'} message is ${ev.data.length} bytes in ${this.fragments} frames (RFC 6455 §5.4).` })
          this.fragments = 0
        }
        this.keep(frameRow('received', this.at(), f, findings, ev?.kind === 'control' ? ev.close : undefined))
        if (ev) this.handle(ev)
      }
    } catch (e) {
      this.fail(e)
    }
  }

  private handle(ev: WsEvent): void {
    if (ev.kind === 'message') return this.hooks.onMessage?.(ev)
    const f = ev.frame
    if (f.opcode === OP.ping && this.state === 'open') {
      void this.send(OP.pong, f.payload, [{ severity: 'info', code: 'WS_AUTO_PONG', message: 'Sent automatically: a ping is answered with a pong carrying the same payload (RFC 6455 §5.5.2).' }]).catch((e) => this.fail(e))
    } else if (f.opcode === OP.close) {
      this.closeReceived = ev.close ?? { code: null, reason: '' }
      if (!this.closeSent) {
        // Echo the code we received (§5.5.1), then the server closes TCP first (§7.1.1).
        this.closeSent = true
        this.state = 'closing'
        const echo = ev.close?.code ?? null
        void this.send(OP.close, closePayload(echo, ''), [{ severity: 'info', code: 'WS_CLOSE_ECHO', message: 'Sent automatically: the closing handshake answers a close frame with one carrying the same code (RFC 6455 §5.5.1, §7.1.2).' }]).catch(() => {})
      }
      this.armCloseTimer()
    }
  }

  /** Fails the connection (§7.1.7): a close frame with the code the rule names, then the socket ends. */
  private fail(e: unknown): void {
    if (this.failure) return
    this.failure = toWireError(e)
    if (e instanceof WsProtocolError && !this.closeSent && !this.socket.destroyed) {
      this.closeSent = true
      this.state = 'closing'
      const maskKey = new Uint8Array(randomBytes(4))
      const payload = closePayload(e.closeCode, '')
      const raw = encodeFrame({ opcode: OP.close, payload, maskKey })
      this.keep(frameRow('sent', this.at(), { fin: true, rsv: 0, opcode: OP.close, masked: true, maskKey, payload, headerLength: 6, raw }, [{ severity: 'error', code: 'WS_FAILED', message: e.message, source: 'RFC 6455 §7.1.7' }]))
      this.socket.end(raw)
      this.armCloseTimer()
    } else this.socket.destroy()
  }

  private finished(): void {
    if (this.state === 'closed') return
    this.state = 'closed'
    if (this.closeTimer) clearTimeout(this.closeTimer)
    const c: WsClosed = this.closeReceived
      ? { ...this.closeReceived, error: this.failure }
      : {
          code: 1006,
          reason: '',
          error: this.failure ?? { code: 'WS_PROTOCOL_ERROR', message: 'The connection ended without a close frame: abnormal closure, code 1006 (RFC 6455 §7.1.5, §7.4.1).' }
        }
    this.hooks.onClosed?.(c)
    this.resolveClosed(c)
  }
}

/** Connects, does the opening handshake and sends `firstMessage` right after the 101; the connection is then live. */
export async function openWebSocket(o: WsConnectOptions, hooks: WsHooks = {}, signal?: AbortSignal): Promise<WsConnection> {
  const url = parseWsUrl(o.url)
  const timeoutMs = o.timeoutMs ?? 10_000
  const req = buildUpgrade(url, o.headers ?? [], o.subprotocols ?? [])
  const budget = AbortSignal.timeout(timeoutMs)
  const both = signal ? AbortSignal.any([signal, budget]) : budget
  const opened = await openTarget(
    { host: url.host, port: url.port, address: o.address, tls: url.secure ? { verify: !o.insecure, caPem: o.caPem, alpn: ['http/1.1'] } : undefined },
    { signal: both, connectTimeoutMs: timeoutMs }
  )
  const { conn, startedAt } = opened
  const socket = conn.socket
  let head: { head: Uint8Array; rest: Uint8Array }
  try {
    socket.write(req.bytes)
    head = await readHead(socket, both, timeoutMs, WS_CLIENT_LIMITS.headBytes)
  } catch (e) {
    socket.destroy()
    throw e
  }
  let verdict
  try {
    verdict = checkUpgradeResponse(head.head, req)
  } catch (e) {
    socket.destroy()
    throw e
  }
  const info: Omit<WsInfo, 'frames' | 'state' | 'id'> = {
    url: o.url,
    remote: { address: conn.remote.address, port: conn.remote.port },
    local: { address: conn.local.address, port: conn.local.port },
    tls: conn.tls ? { version: conn.tls.protocol ?? '', cipher: conn.tls.cipher, alpn: conn.tls.alpn } : null,
    requestRaw: Buffer.from(req.bytes).toString('latin1'),
    responseRaw: Buffer.from(head.head).toString('latin1'),
    ...verdict
  }
  if (conn.tls && !conn.tls.verified && o.insecure) {
    info.findings.push({ severity: 'warning', code: 'WS_TLS_UNVERIFIED', message: `The server's certificate was not verified (--insecure)${conn.tls.verifyError ? `: ${conn.tls.verifyError}` : ''}.` })
  }
  const ws = new WsConnection(info, socket, startedAt, hooks, head.rest)
  if (o.firstMessage !== undefined) await ws.sendText(o.firstMessage)
  return ws
}
