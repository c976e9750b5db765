// The browser shell's transport: the same router as Electron's, carried over a WebSocket on 127.0.0.1.
// Defences: loopback only; a random token that never appears in argv (the printed URL and Chromium's command line
// carry one-time codes, exchanged for an HttpOnly cookie), sent again as the first WebSocket message and compared in
// constant time; Host and Origin must name this very server (DNS rebinding); a strict CSP on every page; every
// request and message is parsed as hostile input, so nothing it contains can throw out of a handler.
import http from 'node:http'
import type { Duplex } from 'node:stream'
import { readFile } from 'node:fs/promises'
import { join, normalize, resolve, sep } from 'node:path'
import { WebSocketServer } from 'ws'
import { serveSocket, DEFAULT_SOCKET_LIMITS, type SharedBudget, type SocketLimits } from './bridge-socket'
import { contentSecurityPolicy, contentTypeOf, LaunchCodes, newToken, tokenMatches } from './security'
import { decodePath, parseRequestTarget } from './wire-guard'

export interface BridgeOptions {
  port?: number
  rendererDir: string
  token?: string
  limits?: Partial<SocketLimits>
  /** Where handler failures are reported; they never stop the server. */
  log?: (message: string) => void
}

export interface Bridge {
  /** The address to print for the user: it carries a one-time code, not the token. */
  url: string
  port: number
  token: string
  /** A fresh one-time address, e.g. for the Chromium window (its argv is readable by every local user). */
  launchUrl(ttlMs: number): string
  close(): Promise<void>
}

const COOKIE = 'wirebench_token'
/** The printed address is only in the user's terminal; a day is long enough to come back to it. */
const PRINTED_CODE_TTL = 24 * 60 * 60 * 1000

function cookieToken(header: string | undefined): string | undefined {
  if (typeof header !== 'string') return undefined
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0 && part.slice(0, eq).trim() === COOKIE) return part.slice(eq + 1).trim()
  }
  return undefined
}

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 503: 'Service Unavailable' }

/** A refusal written straight to a raw socket (upgrades and unparsable requests have no response object). */
function refuseRaw(socket: Duplex, status: number, reason: string): void {
  if (!socket.writable) {
    socket.destroy()
    return
  }
  socket.end(`HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n${reason}\n`)
}

export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const token = options.token ?? newToken()
  const codes = new LaunchCodes()
  const limits: SocketLimits = { ...DEFAULT_SOCKET_LIMITS, ...options.limits }
  const log = options.log ?? ((message: string) => console.error(`wirebench: ${message}`))
  const root = resolve(options.rendererDir)
  const server = http.createServer()
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxMessageBytes })
  const shared: SharedBudget = { inFlightBytes: 0 }
  let port = 0
  const allowedHosts = () => [`127.0.0.1:${port}`, `localhost:${port}`]
  const allowedOrigins = () => [`http://127.0.0.1:${port}`, `http://localhost:${port}`]
  const security = () => ({
    'Content-Security-Policy': contentSecurityPolicy(`ws://127.0.0.1:${port} ws://localhost:${port}`),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin'
  })

  /** Why a request from elsewhere is refused (Host, Origin), or null when it may go on. */
  function refuseStranger(req: http.IncomingMessage, requireOrigin: boolean): { status: number; reason: string } | null {
    if (!allowedHosts().includes(req.headers.host ?? '')) {
      return { status: 403, reason: 'Forbidden: unexpected Host header (Wirebench only answers to 127.0.0.1).' }
    }
    const origin = req.headers.origin
    if ((origin !== undefined || requireOrigin) && !allowedOrigins().includes(origin ?? '')) {
      return { status: 403, reason: 'Forbidden: requests from other sites are refused.' }
    }
    return null
  }

  function hasToken(req: http.IncomingMessage, url: URL): boolean {
    return tokenMatches(url.searchParams.get('token') ?? cookieToken(req.headers.cookie), token)
  }

  function answer(res: http.ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
    // A client that sent a malformed request gets no second chance on the same connection.
    const close: Record<string, string> = status === 400 ? { Connection: 'close' } : {}
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...security(), ...close, ...extra })
    res.end(text ? text + '\n' : undefined)
  }

  async function handleRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = parseRequestTarget(req.url)
    if (!url) return answer(res, 400, 'Bad request: the request target is not a path on this server.')
    const stranger = refuseStranger(req, false)
    if (stranger) return answer(res, stranger.status, stranger.reason)
    if (url.searchParams.has('code')) {
      // Spend the one-time code (or accept the cookie of a page that already spent it): the cookie is set, and the
      // page gets the token for its WebSocket hello, which it removes from the address bar at once.
      if (!codes.redeem(url.searchParams.get('code')) && !hasToken(req, url)) {
        return answer(res, 401, 'Unauthorized: this link was already used or has expired. Restart Wirebench for a new one.')
      }
      return answer(res, 303, '', {
        Location: `/?token=${encodeURIComponent(token)}`,
        'Set-Cookie': `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`
      })
    }
    if (!hasToken(req, url)) {
      return answer(res, 401, 'Unauthorized: open the URL Wirebench printed; it carries a one-time access code.')
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return answer(res, 405, '', { Allow: 'GET, HEAD' })
    const decoded = decodePath(url.pathname)
    if (decoded === null) return answer(res, 400, 'Bad request: the path has broken percent-encoding.')
    const relative = normalize(decoded).replace(/^([/\\])+/, '') || 'index.html'
    const file = resolve(join(root, relative))
    if (!file.startsWith(root + sep) && file !== root) return answer(res, 404, 'Not found')
    let body: Buffer
    try {
      body = await readFile(file)
    } catch {
      return answer(res, 404, 'Not found')
    }
    const headers: Record<string, string> = { 'Content-Type': contentTypeOf(file), ...security() }
    if (url.searchParams.has('token')) headers['Set-Cookie'] = `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`
    res.writeHead(200, headers)
    res.end(req.method === 'HEAD' ? undefined : body)
  }

  server.on('request', (req, res) => {
    handleRequest(req, res).catch((err: unknown) => {
      log(`a request failed: ${err instanceof Error ? err.message : String(err)}`)
      if (!res.headersSent) answer(res, 400, 'Bad request.')
      else res.destroy()
    })
  })

  // Node answers most malformed requests itself; this names the reason and never lets the error escape.
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    refuseRaw(socket, 400, `Bad request: ${err.code ?? 'malformed HTTP'}.`)
  })

  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy())
    try {
      const url = parseRequestTarget(req.url)
      if (!url) return refuseRaw(socket, 400, 'Bad request: the request target is not a path on this server.')
      if (url.pathname !== '/ws') return refuseRaw(socket, 404, 'Not found')
      const stranger = refuseStranger(req, true)
      if (stranger) return refuseRaw(socket, stranger.status, stranger.reason)
      if (!hasToken(req, url)) {
        return refuseRaw(socket, 401, 'Unauthorized: open the URL Wirebench printed; it carries a one-time access code.')
      }
      if (wss.clients.size >= limits.maxSockets) {
        return refuseRaw(socket, 503, `Too many Wirebench pages are open (${limits.maxSockets}); close one and reload.`)
      }
      wss.handleUpgrade(req, socket, head, (ws) => serveSocket(ws, { token, limits, shared, log }))
    } catch (err) {
      log(`an upgrade failed: ${err instanceof Error ? err.message : String(err)}`)
      socket.destroy()
    }
  })

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject)
    server.listen({ host: '127.0.0.1', port: options.port ?? 0 }, () => {
      server.off('error', reject)
      resolvePromise()
    })
  })
  port = (server.address() as { port: number }).port
  // After listening, a server error (too many open files on accept, say) is reported; the sessions keep running.
  server.on('error', (err) => log(`the server reported: ${err.message}`))
  const launchUrl = (ttlMs: number) => `http://127.0.0.1:${port}/?code=${codes.issue(ttlMs)}`
  return {
    url: launchUrl(PRINTED_CODE_TTL),
    port,
    token,
    launchUrl,
    close: () =>
      new Promise<void>((resolveClose) => {
        for (const ws of wss.clients) ws.terminate()
        wss.close()
        server.closeAllConnections()
        server.close(() => resolveClose())
      })
  }
}
