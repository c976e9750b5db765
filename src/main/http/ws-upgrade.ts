// The WebSocket opening handshake (RFC 6455 §4.1): the URL read, the upgrade request written as bytes we can show,
// and the server's answer judged the way §4.1 tells a client to, with every failure in words.
import { createHash, randomBytes } from 'node:crypto'
import type { Duplex } from 'node:stream'
import { WirebenchError } from '../../shared/errors'
import type { Finding } from '../../shared/findings'
import { parseHttp1 } from '../../shared/http/message'
import { statusInfo } from '../../shared/http/status'
import { WS_GUID } from '../../shared/http/ws-frames'

export interface WsUrl {
  secure: boolean
  /** The host as written (brackets stripped from an IPv6 literal). */
  host: string
  port: number
  /** Path and query, "/" when empty. */
  resource: string
  /** The Host header's value: the host, and the port when it is not the scheme's default (RFC 6455 §4.1 item 4). */
  hostHeader: string
}

export function parseWsUrl(text: string): WsUrl {
  let u: URL
  try {
    u = new URL(text.trim())
  } catch {
    throw new WirebenchError('WS_BAD_URL', `"${text}" is not a URL; write ws://host[:port]/path or wss://… (RFC 6455 §3).`)
  }
  if (u.protocol !== 'ws:' && u.protocol !== 'wss:') {
    throw new WirebenchError('WS_BAD_URL', `The scheme is ${u.protocol.replace(':', '')}; a WebSocket URL starts with ws:// or wss:// (RFC 6455 §3).`)
  }
  if (u.hash) throw new WirebenchError('WS_BAD_URL', 'A WebSocket URL must not have a #fragment (RFC 6455 §3).')
  if (!u.hostname) throw new WirebenchError('WS_BAD_URL', 'The URL names no host (RFC 6455 §3).')
  const secure = u.protocol === 'wss:'
  const port = u.port ? Number(u.port) : secure ? 443 : 80
  return { secure, host: u.hostname.replace(/^\[|\]$/g, ''), port, resource: `${u.pathname || '/'}${u.search}`, hostHeader: u.host }
}

export interface UpgradeRequest {
  bytes: Uint8Array
  key: string
  subprotocols: string[]
}

const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/

/** GET with Upgrade, Connection, a fresh 16-byte key and version 13; a header the user gives replaces ours by name. */
export function buildUpgrade(url: WsUrl, headers: [string, string][], subprotocols: string[]): UpgradeRequest {
  for (const [n, v] of headers) {
    if (!HEADER_NAME.test(n)) throw new WirebenchError('INVALID_INPUT', `"${n}" is not a header name: a token without spaces or separators (RFC 9110 §5.1).`)
    if (/[\r\n\0]/.test(v)) throw new WirebenchError('INVALID_INPUT', `The value of ${n} contains a line break or NUL, which would split the request (RFC 9110 §5.5).`)
  }
  for (const p of subprotocols) {
    if (!HEADER_NAME.test(p)) throw new WirebenchError('INVALID_INPUT', `"${p}" is not a subprotocol name: a token without spaces or commas (RFC 6455 §4.1 item 10).`)
  }
  const given = new Map(headers.map(([n, v]) => [n.toLowerCase(), v]))
  const ours: [string, string][] = [
    ['Host', url.hostHeader],
    ['Upgrade', 'websocket'],
    ['Connection', 'Upgrade'],
    ['Sec-WebSocket-Key', randomBytes(16).toString('base64')],
    ['Sec-WebSocket-Version', '13']
  ]
  if (subprotocols.length) ours.push(['Sec-WebSocket-Protocol', subprotocols.join(', ')])
  const lines = ours.map(([n, v]) => [n, given.get(n.toLowerCase()) ?? v] as [string, string])
  const oursNames = new Set(ours.map(([n]) => n.toLowerCase()))
  lines.push(...headers.filter(([n]) => !oursNames.has(n.toLowerCase())))
  const key = lines.find(([n]) => n === 'Sec-WebSocket-Key')![1]
  const text = `GET ${url.resource} HTTP/1.1\r\n${lines.map(([n, v]) => `${n}: ${v}\r\n`).join('')}\r\n`
  // What we offered is what the bytes say, even when the user wrote Sec-WebSocket-Protocol as a header of their own.
  const offered = lines.filter(([n]) => n.toLowerCase() === 'sec-websocket-protocol').flatMap(([, v]) => v.split(',').map((p) => p.trim()).filter(Boolean))
  return { bytes: new Uint8Array(Buffer.from(text, 'latin1')), key, subprotocols: offered }
}

export function acceptFor(key: string): string {
  return createHash('sha1').update(key + WS_GUID).digest('base64')
}

/** Where the response head ends (after CRLF CRLF, or a bare LF LF a lenient reader accepts), or -1. */
export function headEnd(bytes: Uint8Array): number {
  for (let i = 0; i + 1 < bytes.length; i++) {
    if (bytes[i] !== 0x0a) continue
    if (bytes[i + 1] === 0x0a) return i + 2
    if (bytes[i + 1] === 0x0d && bytes[i + 2] === 0x0a) return i + 3
  }
  return -1
}

export interface UpgradeVerdict {
  status: number
  subprotocol: string | null
  extensions: string | null
  acceptValid: boolean
  findings: Finding[]
}

const S = (s: string): string => `RFC 6455 §${s}`

/** Judges the response head to our upgrade; throws WS_UPGRADE_FAILED, in words, for every "fail the connection" of §4.1. */
export function checkUpgradeResponse(head: Uint8Array, req: UpgradeRequest): UpgradeVerdict {
  const m = parseHttp1(head, { kind: 'response', requestMethod: 'GET', spans: false, closed: true })
  const findings: Finding[] = m.findings.filter((f) => f.severity === 'error' || f.severity === 'warning')
  const status = m.status ?? 0
  const get = (name: string): string | null => {
    const all = m.headers.filter(([n]) => n.toLowerCase() === name).map(([, v]) => v.trim())
    return all.length ? all.join(', ') : null
  }
  if (status !== 101) {
    const info = statusInfo(status)
    const words = info ? `${status} ${info.reason}: ${info.words}` : `${status || 'something that is not HTTP'}`
    const versions = status === 426 || status === 400 ? get('sec-websocket-version') : null
    throw new WirebenchError(
      'WS_UPGRADE_FAILED',
      `The server answered ${words} — not 101 Switching Protocols, so no WebSocket was opened (${S('4.1')}).${versions ? ` It speaks WebSocket version(s) ${versions}.` : ''}`,
      Buffer.from(head).toString('latin1').slice(0, 4096)
    )
  }
  const fail = (why: string): never => {
    throw new WirebenchError('WS_UPGRADE_FAILED', `The 101 answer is not a valid WebSocket handshake: ${why}`, Buffer.from(head).toString('latin1').slice(0, 4096))
  }
  const upgrade = get('upgrade')
  if (!upgrade || upgrade.toLowerCase() !== 'websocket') fail(`its Upgrade header is ${upgrade === null ? 'missing' : `"${upgrade}"`}, not "websocket" (${S('4.1')}, item 2 of the client's checks).`)
  const connection = get('connection')
  if (!connection || !connection.toLowerCase().split(',').some((t) => t.trim() === 'upgrade')) fail(`its Connection header is ${connection === null ? 'missing' : `"${connection}"`} and does not name "Upgrade" (${S('4.1')}).`)
  const accept = get('sec-websocket-accept')
  const expected = acceptFor(req.key)
  if (accept !== expected) {
    fail(accept === null ? `it has no Sec-WebSocket-Accept header (${S('4.1')}).` : `Sec-WebSocket-Accept is "${accept}" but base64(SHA-1(key + ${WS_GUID})) is "${expected}" (${S('4.2.2')}).`)
  }
  const extensions = get('sec-websocket-extensions')
  if (extensions) fail(`the server turned on extension(s) "${extensions}", and we offered none (${S('4.1')}, §9.1).`)
  const subprotocol = get('sec-websocket-protocol')
  if (subprotocol !== null && !req.subprotocols.includes(subprotocol)) {
    fail(req.subprotocols.length ? `the server chose subprotocol "${subprotocol}", which is not one we offered (${req.subprotocols.join(', ')}) (${S('4.1')}).` : `the server chose subprotocol "${subprotocol}" though we offered none (${S('4.1')}).`)
  }
  if (subprotocol === null && req.subprotocols.length) {
    findings.push({ severity: 'warning', code: 'WS_NO_SUBPROTOCOL', message: `We offered ${req.subprotocols.join(', ')} and the server chose none; the connection works, but the application may not expect that.`, source: S('4.2.2') })
  }
  findings.push({ severity: 'ok', code: 'WS_ACCEPT_OK', message: `Sec-WebSocket-Accept matches base64(SHA-1(key + GUID)): the server read this very handshake, not a cached one.`, source: S('4.2.2') })
  return { status, subprotocol, extensions: null, acceptValid: true, findings }
}

/** Reads up to the end of the response head, capped and timed; what follows it is already frame bytes. */
export function readHead(socket: Duplex, signal: AbortSignal, timeoutMs: number, maxBytes: number): Promise<{ head: Uint8Array; rest: Uint8Array }> {
  return new Promise((resolve, reject) => {
    let buf = Buffer.alloc(0)
    const cleanup = (): void => {
      socket.off('data', onData)
      socket.off('close', onClose)
      socket.off('error', onError)
      signal.removeEventListener('abort', onAbort)
    }
    const onData = (b: Buffer): void => {
      buf = Buffer.concat([buf, b])
      const end = headEnd(buf)
      if (end >= 0) {
        cleanup()
        socket.pause()
        resolve({ head: new Uint8Array(buf.subarray(0, end)), rest: new Uint8Array(buf.subarray(end)) })
      } else if (buf.length > maxBytes) {
        cleanup()
        reject(new WirebenchError('WS_UPGRADE_FAILED', `The server's answer to the upgrade has no end of head within ${maxBytes} bytes, so reading stopped (RFC 9112 §2.3).`))
      }
    }
    const onClose = (): void => {
      cleanup()
      reject(new WirebenchError('WS_UPGRADE_FAILED', buf.length ? 'The server closed the connection in the middle of its answer to the upgrade (RFC 6455 §4.1).' : 'The server closed the connection without answering the upgrade request (RFC 6455 §4.1).', buf.toString('latin1').slice(0, 4096) || undefined))
    }
    const onError = (e: Error): void => {
      cleanup()
      reject(e)
    }
    const onAbort = (): void => {
      cleanup()
      const reason: unknown = signal.reason
      const timedOut = reason instanceof DOMException && reason.name === 'TimeoutError'
      reject(timedOut ? new WirebenchError('TIMEOUT', `No complete answer to the upgrade within ${timeoutMs} ms.`) : new WirebenchError('CANCELLED'))
    }
    socket.on('data', onData)
    socket.on('close', onClose)
    socket.on('error', onError)
    if (signal.aborted) onAbort()
    else signal.addEventListener('abort', onAbort)
  })
}
