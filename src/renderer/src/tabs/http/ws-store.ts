// The WebSocket panel's state outside its components, fed by main's ws.frames / ws.closed events through ONE
// subscription made the first time the panel or a connect needs it and kept for the page's life: frames that
// arrive while the tab is hidden are kept. Main owns the sockets; a remounted panel lists them (ws.list).
import { WS_LIMITS, type WsFrameRow, type WsInfo } from '../../../../shared/contract/ws'
import { parseHex, toBase64 } from '../../../../shared/bytes'
import { WirebenchError, type WireError } from '../../../../shared/errors'
import { api, type JobHandle } from '../../app/api'
import { createStore } from '../../app/store'
import { jwtStore } from './jwt-store'
import { httpStore } from './store'

export type ComposeKind = 'text' | 'binary' | 'ping' | 'pong'

export interface WsConn {
  /** What main said at connect (frames moved out into `frames`). */
  info: WsInfo
  frames: WsFrameRow[]
  /** Frames dropped from the front past WS_LIMITS.framesKept (the list says so). */
  dropped: number
  closed: { code: number | null; reason: string; error: WireError | null } | null
  /** Picked frame, as its number since the connection opened (dropped + index), so drops do not move it. */
  selected: number | null
}

export interface WsState {
  url: string
  /** Extra upgrade headers, one "Name: value" a line. */
  headers: string
  /** Subprotocols offered, comma separated. */
  subprotocols: string
  address: string
  verify: boolean
  caPem: string
  firstMessage: string
  connecting: { handle: JobHandle<WsInfo> | null } | null
  connectError: WireError | null
  order: string[]
  conns: Record<string, WsConn>
  active: string | null
  composeKind: ComposeKind
  composeText: string
  sendError: WireError | null
  closeCode: string
  closeReason: string
}

const INITIAL: WsState = {
  url: 'ws://127.0.0.1:8080/',
  headers: '',
  subprotocols: '',
  address: '',
  verify: true,
  caPem: '',
  firstMessage: '',
  connecting: null,
  connectError: null,
  order: [],
  conns: {},
  active: null,
  composeKind: 'text',
  composeText: '',
  sendError: null,
  closeCode: '1000',
  closeReason: ''
}

export const wsStore = createStore<WsState>(INITIAL)

const inputError = (message: string): WireError => ({ code: 'INVALID_INPUT', message })

/** Frames and closes for a connection whose connect answer has not arrived yet (events can overtake the job's end). */
const early = new Map<string, { frames: WsFrameRow[]; closed: WsConn['closed'] }>()

function updateConn(id: string, f: (c: WsConn) => WsConn): boolean {
  const c = wsStore.get().conns[id]
  if (!c) return false
  wsStore.set((s) => ({ ...s, conns: { ...s.conns, [id]: f(s.conns[id]!) } }))
  return true
}

/** Appends frames, keeping the newest WS_LIMITS.framesKept (exported for its unit test). */
export function appendFrames(c: WsConn, rows: readonly WsFrameRow[]): WsConn {
  let frames = c.frames.concat(rows)
  let dropped = c.dropped
  if (frames.length > WS_LIMITS.framesKept) {
    const cut = frames.length - WS_LIMITS.framesKept
    frames = frames.slice(cut)
    dropped += cut
  }
  return { ...c, frames, dropped }
}

function onFrames(id: string, rows: WsFrameRow[]): void {
  if (updateConn(id, (c) => appendFrames(c, rows))) return
  const e = early.get(id) ?? { frames: [], closed: null }
  e.frames.push(...rows)
  early.set(id, e)
}

function onClosed(id: string, closed: NonNullable<WsConn['closed']>): void {
  if (updateConn(id, (c) => ({ ...c, closed, info: { ...c.info, state: 'closed' } }))) return
  const e = early.get(id) ?? { frames: [], closed: null }
  e.closed = closed
  early.set(id, e)
}

let wired = false
/** Subscribes once to main's WebSocket events; safe to call from anywhere, any number of times. */
export function wireWs(): void {
  if (wired) return
  wired = true
  api.on('ws.frames', (p) => onFrames(p.id, p.frames))
  api.on('ws.closed', (p) => onClosed(p.id, { code: p.code, reason: p.reason, error: p.error }))
}

function addConn(info: WsInfo, activate = true): void {
  const e = early.get(info.id)
  early.delete(info.id)
  let conn: WsConn = { info: { ...info, frames: [] }, frames: [], dropped: 0, closed: null, selected: null }
  conn = appendFrames(conn, [...info.frames, ...(e?.frames ?? [])])
  if (e?.closed || info.state === 'closed') conn = { ...conn, closed: e?.closed ?? { code: null, reason: '', error: null }, info: { ...conn.info, state: 'closed' } }
  wsStore.set((s) => ({ ...s, conns: { ...s.conns, [info.id]: conn }, order: s.order.includes(info.id) ? s.order : [...s.order, info.id], active: activate || !s.active ? info.id : s.active }))
}

/** "Name: value" lines → header pairs; a line without a colon is an error in words. */
export function parseHeaderLines(text: string): [string, string][] {
  const out: [string, string][] = []
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return
    const colon = line.indexOf(':')
    if (colon <= 0) throw new WirebenchError('INVALID_INPUT', `Header line ${i + 1} has no "Name:" before a value: ${JSON.stringify(line.slice(0, 60))}.`)
    out.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()])
  })
  return out
}

export async function connect(): Promise<void> {
  wireWs()
  const s = wsStore.get()
  if (s.connecting) return
  let headers: [string, string][]
  try {
    headers = parseHeaderLines(s.headers)
  } catch (e) {
    return wsStore.set({ connectError: inputError((e as Error).message) })
  }
  const subprotocols = s.subprotocols.split(',').map((p) => p.trim()).filter(Boolean)
  wsStore.set({ connecting: { handle: null }, connectError: null })
  const r = await api.runJob(
    'ws.connect',
    {
      url: s.url.trim(),
      headers,
      subprotocols,
      ...(s.address.trim() ? { address: s.address.trim() } : {}),
      insecure: !s.verify,
      ...(s.caPem.trim() ? { caPem: s.caPem } : {}),
      ...(s.firstMessage ? { firstMessage: s.firstMessage } : {}),
      timeoutMs: 10_000
    },
    { onStarted: (handle) => wsStore.set({ connecting: { handle } }) }
  )
  wsStore.set({ connecting: null })
  if (r.ok) addConn(r.value)
  else if (r.error.code !== 'CANCELLED') wsStore.set({ connectError: r.error })
}

export function cancelConnect(): void {
  wsStore.get().connecting?.handle?.cancel()
}

/** The composer's text as the payload of its kind: text as is, binary from hex, ping/pong as UTF-8 (≤ 125 bytes). */
export function composePayload(kind: ComposeKind, text: string): { kind: ComposeKind; data: string } {
  if (kind === 'text') return { kind, data: text }
  const bytes = kind === 'binary' ? parseHex(text) : new TextEncoder().encode(text)
  if (kind !== 'binary' && bytes.length > 125) throw new WirebenchError('WS_BAD_FRAME', `A ${kind} carries at most 125 bytes (RFC 6455 §5.5); this one has ${bytes.length}.`)
  return { kind, data: toBase64(bytes) }
}

export async function send(): Promise<void> {
  const s = wsStore.get()
  if (!s.active) return
  let payload: { kind: ComposeKind; data: string }
  try {
    payload = composePayload(s.composeKind, s.composeText)
  } catch (e) {
    return wsStore.set({ sendError: e instanceof WirebenchError ? { code: e.code, message: e.message } : inputError((e as Error).message) })
  }
  wsStore.set({ sendError: null })
  // The frame itself comes back through ws.frames, in order with what the server sends.
  const r = await api.call('ws.send', { id: s.active, ...payload })
  if (!r.ok) wsStore.set({ sendError: r.error })
}

export async function closeActive(): Promise<void> {
  const s = wsStore.get()
  if (!s.active) return
  const code = Number(s.closeCode)
  if (!Number.isInteger(code) || code < 1000 || code > 4999) return wsStore.set({ sendError: inputError('A close code is a whole number from 1000 to 4999 (RFC 6455 §7.4).') })
  wsStore.set({ sendError: null })
  const r = await api.call('ws.close', { id: s.active, code, reason: s.closeReason })
  if (!r.ok) wsStore.set({ sendError: r.error })
}

/** Lists the WebSockets main holds, so a remounted panel shows connections it does not know yet (frames from now on). */
export async function refreshFromMain(): Promise<void> {
  wireWs()
  const r = await api.call('ws.list', {})
  if (!r.ok) return
  for (const info of r.value) if (!wsStore.get().conns[info.id]) addConn(info, false)
}

export function forget(id: string): void {
  wsStore.set((s) => {
    const { [id]: _gone, ...conns } = s.conns
    const order = s.order.filter((x) => x !== id)
    return { ...s, conns, order, active: s.active === id ? (order[order.length - 1] ?? null) : s.active }
  })
}

export function selectFrame(id: string, seq: number | null): void {
  updateConn(id, (c) => ({ ...c, selected: seq }))
}

export type FirstMessageShape = 'raw' | 'json'

/** The bearer token from the upgrade's own Authorization line, if one is typed there. */
export function bearerFromHeaders(text: string): string | null {
  const m = /^\s*authorization\s*:\s*bearer\s+(\S+)\s*$/im.exec(text)
  return m ? m[1]! : null
}

/**
 * The "token as the first message" pattern in one click: browsers' WebSocket API cannot set an Authorization header,
 * so many servers take the token in the first message instead (the raw token, or a small JSON envelope).
 */
export function fillFirstMessage(source: 'jwt' | 'header', shape: FirstMessageShape): void {
  const s = wsStore.get()
  // An Authorization line typed for this upgrade wins; else the one in the Request section's editor.
  const token = source === 'jwt' ? jwtStore.get().token.trim().replace(/^bearer\s+/i, '') : (bearerFromHeaders(s.headers) ?? bearerFromHeaders(httpStore.get().raw))
  if (!token) {
    return wsStore.set({
      connectError: inputError(source === 'jwt' ? 'The JWT section has no token: paste or sign one there first.' : 'No "Authorization: Bearer …" line in the extra headers or in the Request section to take the token from.')
    })
  }
  wsStore.set({ connectError: null, firstMessage: shape === 'raw' ? token : JSON.stringify({ type: 'auth', token }) })
}
