// The browser shell's defences, tried from outside as an attacker would: no token, a wrong Host (DNS
// rebinding), a foreign Origin, a wrong token in the WebSocket hello.
import http from 'node:http'
import WebSocket from 'ws'
import { test, expect } from './fixtures'

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
