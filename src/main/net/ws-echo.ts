// The Connections tab's WebSocket echo server (RFC 6455, server side) built on our own frame code: it answers the
// opening handshake, echoes text and binary messages, answers pings, and does the closing handshake — so the HTTP
// tab's WebSocket client has a local peer, and a browser or `ws` client can be pointed at it.
import { createHash } from 'node:crypto'
import { parseHttp1 } from '../../shared/http/message'
import { OP, WS_GUID, WsFrameReader, WsMessageAssembler, WsProtocolError, closePayload, encodeFrame } from '../../shared/http/ws-frames'
import type { Behaviour, BehaviourContext } from './behaviours'

/** The head of the upgrade request, and one message, are capped: a server owes a stranger only so much memory. */
export const WS_ECHO_LIMITS = { headBytes: 16 * 1024, messageBytes: 1024 * 1024 }

const encoder = new TextEncoder()

function httpError(status: string, why: string, extra = ''): Uint8Array {
  const body = `${why}\n`
  return encoder.encode(`HTTP/1.1 ${status}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${encoder.encode(body).length}\r\nConnection: close\r\n${extra}\r\n${body}`)
}

export class WsEchoServer implements Behaviour {
  readonly noLines = true
  private head: Uint8Array[] = []
  private headLength = 0
  private open = false
  private ended = false
  private readonly reader = new WsFrameReader({ expectMasked: true, maxPayload: WS_ECHO_LIMITS.messageBytes })
  private readonly assembler = new WsMessageAssembler(WS_ECHO_LIMITS.messageBytes)

  constructor(private readonly ctx: BehaviourContext) {}

  receive(bytes: Uint8Array): void {
    if (this.ended) return
    if (this.open) return this.frames(bytes)
    this.head.push(bytes)
    this.headLength += bytes.length
    const all = this.head.length === 1 ? this.head[0]! : Buffer.concat(this.head)
    const end = Buffer.from(all.buffer, all.byteOffset, all.length).indexOf('\r\n\r\n')
    if (end < 0) {
      if (this.headLength > WS_ECHO_LIMITS.headBytes) this.refuse('431 Request Header Fields Too Large', `The upgrade request's head is over ${WS_ECHO_LIMITS.headBytes} bytes.`)
      return
    }
    this.head = []
    this.handshake(all.subarray(0, end + 4))
    const rest = all.subarray(end + 4)
    if (this.open && rest.length) this.frames(rest)
  }

  /** The server's side of RFC 6455 §4.2.1–4.2.2: check the request, then 101 with the accept value. */
  private handshake(head: Uint8Array): void {
    const m = parseHttp1(head, { kind: 'request', spans: false })
    const get = (n: string): string => m.headers.filter(([k]) => k.toLowerCase() === n).map(([, v]) => v.trim()).join(', ')
    if (m.method !== 'GET') return this.refuse('400 Bad Request', `This is a WebSocket echo server: the opening handshake is a GET, not ${m.method || 'this'} (RFC 6455 §4.2.1).`)
    if (get('upgrade').toLowerCase() !== 'websocket') return this.refuse('426 Upgrade Required', 'This is a WebSocket echo server: send Upgrade: websocket (RFC 6455 §4.2.1).', 'Upgrade: websocket\r\nConnection: Upgrade\r\n')
    if (!get('connection').toLowerCase().split(',').some((t) => t.trim() === 'upgrade')) return this.refuse('400 Bad Request', 'The Connection header must include Upgrade (RFC 6455 §4.2.1).')
    if (get('sec-websocket-version') !== '13') return this.refuse('426 Upgrade Required', 'Only WebSocket version 13 is spoken here (RFC 6455 §4.4).', 'Sec-WebSocket-Version: 13\r\n')
    const key = get('sec-websocket-key')
    if (Buffer.from(key, 'base64').length !== 16) return this.refuse('400 Bad Request', 'Sec-WebSocket-Key must be 16 random bytes in base64 (RFC 6455 §4.1).')
    const accept = createHash('sha1').update(key + WS_GUID).digest('base64')
    this.ctx.reply(encoder.encode(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`))
    this.open = true
  }

  private frames(bytes: Uint8Array): void {
    try {
      for (const f of this.reader.push(bytes)) {
        const ev = this.assembler.push(f)
        if (!ev) continue
        if (ev.kind === 'message') this.ctx.reply(encodeFrame({ opcode: ev.opcode, payload: ev.data }))
        else if (f.opcode === OP.ping) this.ctx.reply(encodeFrame({ opcode: OP.pong, payload: f.payload }))
        else if (f.opcode === OP.close) {
          // Echo the code (§5.5.1) and, being the server, close TCP first (§7.1.1).
          this.ctx.reply(encodeFrame({ opcode: OP.close, payload: closePayload(ev.close?.code ?? null, '') }))
          return this.end(`WebSocket closed by the client${ev.close?.code ? ` (${ev.close.code})` : ''}`)
        }
      }
    } catch (e) {
      const code = e instanceof WsProtocolError ? e.closeCode : 1011
      this.ctx.reply(encodeFrame({ opcode: OP.close, payload: closePayload(code, '') }))
      this.end(`WebSocket failed with ${code}: ${e instanceof Error ? e.message : String(e)}`)
    }
  }

  private refuse(status: string, why: string, extra = ''): void {
    this.ctx.reply(httpError(status, why, extra))
    this.end(`upgrade refused: ${why}`)
  }

  private end(reason: string): void {
    this.ended = true
    this.ctx.finish(reason)
  }
}
