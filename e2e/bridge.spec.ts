// The browser shell's defences, tried from outside as an attacker would: no token, a wrong Host (DNS
// rebinding), a foreign Origin, a wrong token in the WebSocket hello, requests that used to kill the process, and
// a look at the Chromium command line the shell starts (where every local user can read it).
import http from 'node:http'
import net from 'node:net'
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import WebSocket from 'ws'
import { test, expect, redeem, startShell, stopShell } from './fixtures'

function get(port: number, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = ''
      res.on('data', (d) => (body += d))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
  })
}

/** Opens a WebSocket and reports how it ended: the HTTP status of a refused upgrade, or the close code. */
function tryWebSocket(port: number, opts: { origin?: string; host?: string; cookie?: string; hello?: string }): Promise<string> {
  return new Promise((resolve) => {
    const headers: Record<string, string> = {}
    if (opts.host) headers.Host = opts.host
    if (opts.cookie) headers.Cookie = opts.cookie
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, { origin: opts.origin, headers })
    ws.on('unexpected-response', (_req, res) => resolve(`http ${res.statusCode}`))
    ws.on('open', () => ws.send(JSON.stringify({ t: 'hello', token: opts.hello ?? '' })))
    ws.on('message', (m) => {
      const msg = JSON.parse(String(m))
      if (msg.t === 'ready') {
        ws.send(JSON.stringify({ t: 'call', id: 1, method: 'app.info', input: {} }))
      } else if (msg.t === 'result') {
        resolve(`called ${msg.result.ok ? msg.result.value.name : 'error'}`)
        ws.close()
      }
    })
    ws.on('close', (code) => resolve(`closed ${code}`))
    ws.on('error', () => {})
  })
}

test('the page and its files need the token', async ({ shell }) => {
  const without = await get(shell.port, '/')
  expect(without.status).toBe(401)
  expect(without.body).toContain('open the URL Wirebench printed')
  expect((await get(shell.port, '/?token=wrong')).status).toBe(401)
  expect((await get(shell.port, '/favicon.svg')).status).toBe(401)
  const withToken = await get(shell.port, `/?token=${shell.token}`)
  expect(withToken.status).toBe(200)
  expect(withToken.headers['content-security-policy']).toContain("default-src 'self'")
  expect(withToken.headers['content-security-policy']).toContain("script-src 'self'")
  expect(String(withToken.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/)
})

test('a wrong Host header is refused even with the token (DNS rebinding)', async ({ shell }) => {
  const r = await get(shell.port, `/?token=${shell.token}`, { Host: `attacker.example:${shell.port}` })
  expect(r.status).toBe(403)
  expect(r.body).toContain('unexpected Host header')
  expect(await tryWebSocket(shell.port, { origin: `http://127.0.0.1:${shell.port}`, host: `attacker.example:${shell.port}`, cookie: `wirebench_token=${shell.token}`, hello: shell.token })).toBe('http 403')
})

test('a foreign Origin is refused, for pages and for the WebSocket', async ({ shell }) => {
  expect((await get(shell.port, `/?token=${shell.token}`, { Origin: 'http://evil.example' })).status).toBe(403)
  expect(await tryWebSocket(shell.port, { origin: 'http://evil.example', cookie: `wirebench_token=${shell.token}`, hello: shell.token })).toBe('http 403')
  expect(await tryWebSocket(shell.port, { cookie: `wirebench_token=${shell.token}`, hello: shell.token })).toBe('http 403')
})

test('the WebSocket needs the token twice: as the cookie and as its first message', async ({ shell }) => {
  const origin = `http://127.0.0.1:${shell.port}`
  expect(await tryWebSocket(shell.port, { origin, hello: shell.token })).toBe('http 401')
  expect(await tryWebSocket(shell.port, { origin, cookie: `wirebench_token=${shell.token}`, hello: 'not-the-token' })).toBe('closed 4401')
  expect(await tryWebSocket(shell.port, { origin, cookie: `wirebench_token=${shell.token}`, hello: shell.token })).toBe('called Wirebench')
})

test('the token leaves the address bar once the page has it', async ({ app }) => {
  expect(new URL(app.url()).search).toBe('')
})

/** Sends exact bytes on a fresh connection and returns what came back before the server closed it (or 2 s). */
function raw(port: number, bytes: string): Promise<string> {
  return new Promise((resolve) => {
    let out = ''
    const socket = net.connect({ host: '127.0.0.1', port }, () => socket.end(bytes))
    const timer = setTimeout(() => socket.destroy(), 2000)
    socket.on('data', (d) => (out += d.toString('latin1')))
    socket.on('close', () => {
      clearTimeout(timer)
      resolve(out)
    })
    socket.on('error', () => {})
  })
}

/** Opens an authenticated page socket, sends one raw message, and reports how the server closed it. */
function sendFrame(port: number, token: string, frame: string): Promise<string> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, { origin: `http://127.0.0.1:${port}`, headers: { Cookie: `wirebench_token=${token}` } })
    ws.on('open', () => ws.send(JSON.stringify({ t: 'hello', token })))
    ws.on('message', (m) => {
      if (JSON.parse(String(m)).t === 'ready') ws.send(frame)
    })
    ws.on('close', (code, reason) => resolve(`closed ${code} ${reason.toString()}`))
    ws.on('error', () => {})
  })
}

test('requests that used to kill the shell are refused with a reason, and it keeps serving', async ({ shell }) => {
  const host = `Host: 127.0.0.1:${shell.port}\r\n`
  const upgrade = 'Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n'
  // No token needed for these: a web page on another local port can send them with fetch(..., {mode: 'no-cors'}).
  expect(await raw(shell.port, `GET // HTTP/1.1\r\n${host}\r\n`)).toMatch(/^HTTP\/1\.1 400 [^]*not a path/)
  expect(await raw(shell.port, `GET http://[ HTTP/1.1\r\n${host}\r\n`)).toMatch(/^HTTP\/1\.1 400/)
  expect(await raw(shell.port, `GET // HTTP/1.1\r\n${host}${upgrade}\r\n`)).toMatch(/^HTTP\/1\.1 400/)
  expect(await raw(shell.port, `GET http://[ HTTP/1.1\r\n${host}${upgrade}\r\n`)).toMatch(/^HTTP\/1\.1 400/)
  // With the token: broken percent-encoding, a null frame, a method name nested 10,000 arrays deep.
  expect(await raw(shell.port, `GET /%?token=${shell.token} HTTP/1.1\r\n${host}\r\n`)).toMatch(/^HTTP\/1\.1 400 [^]*percent-encoding/)
  expect(await sendFrame(shell.port, shell.token, 'null')).toBe('closed 4400 bad message: not a JSON object')
  const deep = '['.repeat(10_000) + '"app.info"' + ']'.repeat(10_000)
  expect(await sendFrame(shell.port, shell.token, `{"t":"call","id":1,"method":${deep}}`)).toBe('closed 4400 bad message: nested deeper than 64 levels')
  const started = Date.now()
  expect(await tryWebSocket(shell.port, { origin: `http://127.0.0.1:${shell.port}`, cookie: `wirebench_token=${shell.token}`, hello: shell.token })).toBe('called Wirebench')
  expect(Date.now() - started).toBeLessThan(1000)
})

test("the token is never on Chromium's command line: the window gets a one-time code", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wirebench-argv-'))
  const argvFile = join(dir, 'argv')
  // Stands in for Chromium: records the arguments it was started with, as /proc/PID/cmdline shows them to anyone.
  const fakeChromium = join(dir, 'chromium')
  // Written aside, then renamed, so the test never reads a half-written file.
  writeFileSync(fakeChromium, `#!/bin/sh\ntr '\\0' '\\n' < /proc/$$/cmdline > ${argvFile}.part && mv ${argvFile}.part ${argvFile}\nexec sleep 30\n`)
  chmodSync(fakeChromium, 0o755)
  const { child, printed } = await startShell({ ...process.env, WIREBENCH_CHROMIUM: fakeChromium, DISPLAY: ':99' }, [])
  try {
    for (let i = 0; i < 100 && !existsSync(argvFile); i++) await new Promise((r) => setTimeout(r, 50))
    const argv = readFileSync(argvFile, 'utf8')
    const windowUrl = /--app=(\S+)/.exec(argv)?.[1] ?? ''
    expect(windowUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?code=/)
    expect(windowUrl).not.toBe(printed)
    const opened = await redeem(windowUrl)
    expect(opened.status).toBe(303)
    const token = /^wirebench_token=([^;]+)/.exec(opened.cookie ?? '')?.[1] ?? ''
    expect(token.length).toBeGreaterThan(20)
    expect(argv).not.toContain(token)
    expect(readFileSync(`/proc/${child.pid}/cmdline`, 'utf8')).not.toContain(token)
    // Whoever reads the code from /proc after Chromium used it gets nothing.
    expect((await redeem(windowUrl)).status).toBe(401)
  } finally {
    await stopShell(child)
    rmSync(dir, { recursive: true, force: true })
  }
})

test('the printed address opens the app once in a real browser, and leaves a clean address bar', async ({ page }) => {
  const { child, printed } = await startShell()
  try {
    await page.goto(printed)
    await expect(page.getByTestId('transport-state')).toHaveText('Connected to engines')
    const url = new URL(page.url())
    expect(url.search).toBe('')
    expect(url.pathname).toBe('/')
    // The same address in another browser is refused: the code was spent.
    expect((await redeem(printed)).status).toBe(401)
  } finally {
    await stopShell(child)
  }
})
