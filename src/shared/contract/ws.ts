// WebSocket client (RFC 6455): main opens the connection (plain or through THE TLS connector), shows the upgrade
// request and the 101 as raw bytes, and streams every frame both ways with its bytes. One id per connection, held by
// main and listed in the page's "Held by main".
import { z } from 'zod'
import { event, job, method } from './define'
import type { WireError } from '../errors'
import type { Finding } from '../findings'

export const WS_LIMITS = {
  /** One message as received (after reassembly). */
  messageBytes: 16 * 1024 * 1024,
  /** One frame the user sends. */
  sendBytes: 1024 * 1024,
  /** Frames kept per connection for the page (older ones are dropped, counted). */
  framesKept: 5000
} as const

const id = z.string().min(1).max(64)

export const wsConnectInput = z
  .object({
    /** ws:// or wss:// URL. */
    url: z.string().trim().min(1, 'Enter a ws:// or wss:// URL.').max(8192),
    /** Extra request headers for the upgrade (Authorization, Origin, Cookie…). */
    headers: z.array(z.tuple([z.string().min(1).max(1024), z.string().max(8192)])).max(100).default([]),
    subprotocols: z.array(z.string().min(1).max(255)).max(16).default([]),
    /** Connect here instead of looking the host up (curl --resolve). */
    address: z.string().trim().min(1).max(64).optional(),
    insecure: z.boolean().default(false),
    caPem: z.string().max(1024 * 1024).optional(),
    /** Sent as the first text message right after the 101 ("token as the first message"). */
    firstMessage: z.string().max(WS_LIMITS.sendBytes).optional(),
    timeoutMs: z.number().int().min(100).max(120_000).default(10_000)
  })
  .strict()

export const wsSendInput = z
  .object({
    id,
    kind: z.enum(['text', 'binary', 'ping', 'pong']),
    /** text: the text; binary/ping/pong: base64 of the payload (control frames ≤ 125 bytes, RFC 6455 §5.5). */
    data: z.string().max(Math.ceil(WS_LIMITS.sendBytes / 3) * 4 + 4)
  })
  .strict()

export const wsCloseInput = z
  .object({
    id,
    code: z.number().int().min(1000).max(4999).default(1000),
    reason: z.string().max(123).default('')
  })
  .strict()

/** One frame (RFC 6455 §5.2) as it crossed the wire. */
export interface WsFrameRow {
  dir: 'sent' | 'received'
  /** ms since the connection opened. */
  atMs: number
  fin: boolean
  rsv: number
  opcode: number
  /** 'text', 'binary', 'continuation', 'close', 'ping', 'pong', or 'reserved (0x3)'. */
  opcodeName: string
  masked: boolean
  /** The masking key as hex, when masked. */
  maskKey?: string
  length: number
  /** Payload as text when it is UTF-8 text (text frames, close reasons), up to 64 KiB. */
  text?: string
  /** Payload (unmasked) as base64 otherwise, up to 64 KiB. */
  payloadBase64?: string
  /** The frame's bytes as sent/received (masked as on the wire), up to 64 KiB + header. */
  rawBase64: string
  /** Close frames: the code and its words (RFC 6455 §7.4.1) and the reason. */
  close?: { code: number | null; words: string; reason: string }
  findings?: Finding[]
}

export interface WsInfo {
  id: string
  url: string
  remote: { address: string; port: number }
  local: { address: string; port: number }
  tls: { version: string; cipher: string; alpn: string | null } | null
  /** The upgrade request and the server's response head, exactly as they crossed the wire. */
  requestRaw: string
  responseRaw: string
  status: number
  subprotocol: string | null
  extensions: string | null
  /** Sec-WebSocket-Accept checked against the key (RFC 6455 §4.2.2). */
  acceptValid: boolean
  frames: WsFrameRow[]
  state: 'open' | 'closing' | 'closed'
  findings: Finding[]
}

export const wsMethods = {
  'ws.connect': job<WsInfo>()(wsConnectInput, 'Open a WebSocket: the upgrade request and its 101 shown raw; frames then stream as events.'),
  'ws.send': method<{ frame: WsFrameRow }>()(wsSendInput, 'Send a text, binary, ping or pong frame on an open WebSocket.'),
  'ws.close': method<{ ok: true }>()(wsCloseInput, 'Start the closing handshake with a code and reason (RFC 6455 §7.1.2).'),
  'ws.list': method<WsInfo[]>()(z.object({}).strict(), 'The open WebSockets (frames omitted).')
} as const

export const wsEvents = {
  'ws.frames': event<{ id: string; frames: WsFrameRow[] }>('Frames that crossed a WebSocket, in order.'),
  'ws.closed': event<{ id: string; code: number | null; reason: string; error: WireError | null }>('A WebSocket closed.')
} as const
