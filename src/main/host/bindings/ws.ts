// Binds the WebSocket methods: one registry of open WebSockets per session (listed in "Held by main", closed with it);
// frames reach the page as 'ws.frames' events gathered every few milliseconds, so a chatty server is a few events.
import { Buffer } from 'node:buffer'
import type { wsMethods } from '../../../shared/contract/ws'
import { WS_LIMITS, type WsFrameRow } from '../../../shared/contract/ws'
import { WirebenchError } from '../../../shared/errors'
import { OP, closeCodeMaySend } from '../../../shared/http/ws-frames'
import type { EngineEvents } from '../../core/events'
import { openWebSocket, type WsConnection } from '../../http/ws-client'
import type { Binding } from './binding'

const FLUSH_MS = 16
/** Per event, at most this many frames; the rest wait for the next flush. */
const FRAMES_PER_EVENT = 500
const KINDS = { text: OP.text, binary: OP.binary, ping: OP.ping, pong: OP.pong } as const

export function bindWs(events: EngineEvents): Binding<keyof typeof wsMethods> {
  const open = new Map<string, WsConnection>()
  const pending = new Map<string, WsFrameRow[]>()
  let timer: NodeJS.Timeout | null = null
  const flush = (): void => {
    timer = null
    for (const [id, rows] of pending) {
      const batch = rows.splice(0, FRAMES_PER_EVENT)
      if (batch.length) events.emit('ws.frames', { id, frames: batch })
      if (rows.length === 0) pending.delete(id)
    }
    if (pending.size) timer = setTimeout(flush, FLUSH_MS)
  }
  const queue = (id: string, row: WsFrameRow): void => {
    const rows = pending.get(id) ?? []
    rows.push(row)
    // A flood faster than the page reads: keep the newest, as the page itself keeps only WS_LIMITS.framesKept.
    if (rows.length > WS_LIMITS.framesKept) rows.shift()
    pending.set(id, rows)
    timer ??= setTimeout(flush, FLUSH_MS)
  }
  const get = (id: string): WsConnection => {
    const ws = open.get(id)
    if (!ws) throw new WirebenchError('WS_NOT_OPEN', `No open WebSocket ${id}: it was closed, or belongs to another window.`)
    return ws
  }

  return {
    handlers: {
      'ws.connect': async (input, job) => {
        // Frames that cross before the job's answer (firstMessage, a server's greeting) are in its result; later ones stream.
        let ready = false
        const ws: WsConnection = await openWebSocket(
          input,
          {
            onFrame: (row) => {
              if (ready) queue(ws.id, row)
            },
            onClosed: (c) => {
              open.delete(ws.id)
              if (timer) flush()
              events.emit('ws.closed', { id: ws.id, code: c.code, reason: c.reason, error: c.error })
            }
          },
          job.signal
        )
        if (ws.state !== 'closed') open.set(ws.id, ws)
        ready = true
        return ws.snapshot()
      },
      'ws.send': async ({ id, kind, data }) => {
        const ws = get(id)
        const payload = kind === 'text' ? new TextEncoder().encode(data) : new Uint8Array(Buffer.from(data, 'base64'))
        return { frame: await ws.send(KINDS[kind], payload) }
      },
      'ws.close': async ({ id, code, reason }) => {
        const ws = get(id)
        if (!closeCodeMaySend(code)) throw new WirebenchError('WS_BAD_FRAME', `Close code ${code} may not be sent: use 1000–1003, 1007–1014 or 3000–4999 (RFC 6455 §7.4.1, §7.4.2).`)
        if (new TextEncoder().encode(reason).length > 123) throw new WirebenchError('WS_BAD_FRAME', 'A close reason is at most 123 bytes of UTF-8 (RFC 6455 §5.5).')
        void ws.close(code, reason).catch(() => {})
        return { ok: true }
      },
      'ws.list': () => [...open.values()].map((ws) => ws.snapshot(false))
    },
    dispose() {
      for (const ws of open.values()) ws.destroy()
      open.clear()
      if (timer) clearTimeout(timer)
      pending.clear()
    }
  }
}
