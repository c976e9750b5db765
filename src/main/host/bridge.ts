// The browser shell's transport: the same router as Electron's, carried over a WebSocket on 127.0.0.1.
// Defences: loopback only; a random token (in the URL once, then an HttpOnly cookie, and again as the first
// WebSocket message, compared in constant time); Host and Origin must name this very server (DNS rebinding);
// a strict CSP on every page.
import http from 'node:http'
import { readFile } from 'node:fs/promises'
import { extname, join, normalize, resolve, sep } from 'node:path'
import { WebSocketServer, type WebSocket } from 'ws'
import type { EventEnvelope } from '../../shared/contract'
import { createSession } from './session'
import { contentSecurityPolicy, newToken, tokenMatches } from './security'

export interface BridgeOptions {
  port?: number
  rendererDir: string
  token?: string
}

export interface Bridge {
  url: string
  port: number
  token: string
  close(): Promise<void>
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json'
}

const COOKIE = 'wirebench_token'
// A 50 MiB certificate file as base64 plus its envelope.
const MAX_MESSAGE = 72 * 1024 * 1024
/** Past this much unsent data to a slow page, stream bytes are counted but not carried. */
const MAX_BUFFERED = 32 * 1024 * 1024

function cookieToken(header: string | undefined): string | undefined {
  if (!header) return undefined
  for (const part of header.split(';')) {
    const [k, v] = part.trim().split('=')
    if (k === COOKIE) return v
  }
  return undefined
}

export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const token = options.token ?? newToken()
  const root = resolve(options.rendererDir)
  const server = http.createServer()
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE })
  let port = 0
  const allowedHosts = () => [`127.0.0.1:${port}`, `localhost:${port}`]
  const allowedOrigins = () => [`http://127.0.0.1:${port}`, `http://localhost:${port}`]

  /** Why a request is refused, or null when it may go on. */
  function refuse(req: http.IncomingMessage, url: URL, requireOrigin: boolean): { status: number; reason: string } | null {
    if (!allowedHosts().includes(req.headers.host ?? '')) {
      return { status: 403, reason: 'Forbidden: unexpected Host header (Wirebench only answers to 127.0.0.1).' }
    }
    const origin = req.headers.origin
    if ((origin !== undefined || requireOrigin) && !allowedOrigins().includes(origin ?? '')) {
      return { status: 403, reason: 'Forbidden: requests from other sites are refused.' }
    }
    const presented = url.searchParams.get('token') ?? cookieToken(req.headers.cookie)
    if (!tokenMatches(presented, token)) {
      return { status: 401, reason: 'Unauthorized: open the URL Wirebench printed; it carries the access token.' }
    }
    return null
  }

  server.on('request', async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const security = {
      'Content-Security-Policy': contentSecurityPolicy(`ws://127.0.0.1:${port} ws://localhost:${port}`),
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Resource-Policy': 'same-origin'
    }
    const refused = refuse(req, url, false)
    if (refused) {
      res.writeHead(refused.status, { 'Content-Type': 'text/plain; charset=utf-8', ...security })
      res.end(refused.reason + '\n')
      return
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', ...security })
      res.end()
      return
    }
    const relative = normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, '') || 'index.html'
    const file = resolve(join(root, relative))
    if (!file.startsWith(root + sep) && file !== root) {
      res.writeHead(404, security)
      res.end()
      return
    }
    try {
      const body = await readFile(file)
      const headers: Record<string, string> = { 'Content-Type': MIME[extname(file)] ?? 'application/octet-stream', ...security }
      if (url.searchParams.has('token')) {
        headers['Set-Cookie'] = `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`
      }
      res.writeHead(200, headers)
      res.end(req.method === 'HEAD' ? undefined : body)
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', ...security })
      res.end('Not found\n')
    }
  })

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const refused = url.pathname === '/ws' ? refuse(req, url, true) : { status: 404, reason: 'Not found' }
    if (refused) {
      socket.end(`HTTP/1.1 ${refused.status} ${refused.status === 401 ? 'Unauthorized' : refused.status === 404 ? 'Not Found' : 'Forbidden'}\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n${refused.reason}\n`)
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveSocket(ws))
  })

  function serveSocket(ws: WebSocket): void {
    let session: ReturnType<typeof createSession> | null = null
    const helloTimer = setTimeout(() => ws.close(4401, 'no hello'), 5000)
    const send = (message: unknown) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message))
    }
    const sink = (batch: EventEnvelope[]) => {
      if (ws.bufferedAmount > MAX_BUFFERED) {
        for (const e of batch) {
          if (e.name === 'stream.data') {
            const p = e.payload as { entries: { data: string }[] }
            for (const entry of p.entries) entry.data = ''
          }
        }
      }
      send({ t: 'events', events: batch })
    }
    ws.on('message', async (raw) => {
      let message: { t?: unknown; id?: unknown; method?: unknown; input?: unknown; token?: unknown }
      try {
        message = JSON.parse(raw.toString())
      } catch {
        ws.close(4400, 'bad message')
        return
      }
      if (!session) {
        if (message.t !== 'hello' || !tokenMatches(message.token, token)) {
          ws.close(4401, 'bad token')
          return
        }
        clearTimeout(helloTimer)
        session = createSession(sink, 'browser')
        send({ t: 'ready' })
        return
      }
      if (message.t !== 'call' || typeof message.id !== 'number') return
      const result = await session.router.call(message.method, message.input)
      send({ t: 'result', id: message.id, result })
    })
    ws.on('close', () => {
      clearTimeout(helloTimer)
      void session?.dispose()
      session = null
    })
    ws.on('error', () => {})
  }

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject)
    server.listen({ host: '127.0.0.1', port: options.port ?? 0 }, () => {
      server.off('error', reject)
      resolvePromise()
    })
  })
  port = (server.address() as { port: number }).port
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolveClose) => {
        for (const ws of wss.clients) ws.terminate()
        wss.close()
        server.closeAllConnections()
        server.close(() => resolveClose())
      })
  }
}
