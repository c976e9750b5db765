// The browser shell's bridge against the attacks of the audit, over real loopback sockets: request targets and
// percent-encoding that used to throw out of the handlers, hostile WebSocket messages, one-time codes, and the caps.
import net from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { answersWithin, connectClient, rawExchange, startTestBridge, statusOf, type TestBridge } from '../testing/bridge-client'

describe('bridge: hostile requests are refused, never fatal', () => {
  let shell: TestBridge
  beforeAll(async () => {
    shell = await startTestBridge()
  })
  afterAll(() => shell.close())

  const request = (target: string, extra = '') => `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${shell.bridge.port}\r\n${extra}\r\n`
  const upgrade = `Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n`

  it('answers 400 to request targets that are not paths, without the token, as page and as upgrade', async () => {
    for (const target of ['//', 'http://[', '//evil.example/x', '*']) {
      const page = await rawExchange(shell.bridge.port, request(target))
      expect(statusOf(page), `GET ${target}`).toBe(400)
      expect(page).toContain('not a path on this server')
      const ws = await rawExchange(shell.bridge.port, request(target, upgrade))
      expect(statusOf(ws), `upgrade ${target}`).toBe(400)
    }
    expect(await answersWithin(shell.bridge, 1000)).toBe(true)
  })

  it('answers 400 to broken percent-encoding once the token is good', async () => {
    const token = encodeURIComponent(shell.bridge.token)
    for (const path of ['/%', '/%E0%A4', '/%00']) {
      const r = await rawExchange(shell.bridge.port, request(`${path}?token=${token}`))
      expect(statusOf(r), path).toBe(400)
      expect(r).toContain('percent-encoding')
    }
    expect(await answersWithin(shell.bridge, 1000)).toBe(true)
  })

  it('names the reason for malformed HTTP it cannot parse at all', async () => {
    const r = await rawExchange(shell.bridge.port, 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header\r\n\r\n')
    expect(statusOf(r)).toBe(400)
    expect(r).toContain('Bad request')
  })

  it('closes a socket that sends non-object JSON with a reason, and serves the next page', async () => {
    for (const [frame, reason] of [
      ['null', 'not a JSON object'],
      ['[1,2]', 'not a JSON object'],
      ['"call"', 'not a JSON object'],
      ['{"t":5}', 'no message type'],
      ['{not json', 'not JSON']
    ] as const) {
      const client = await connectClient(shell.bridge)
      client.sendRaw(frame)
      expect(await client.closed, frame).toEqual({ code: 4400, reason: `bad message: ${reason}` })
    }
    expect(await answersWithin(shell.bridge, 1000)).toBe(true)
  })

  it('refuses method names and inputs nested thousands of levels deep, and non-string method names', async () => {
    const deep = '['.repeat(20_000) + ']'.repeat(20_000)
    const client = await connectClient(shell.bridge)
    expect(await client.call({ nested: { name: 'app.info' } })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } })
    expect(await client.call(12)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } })
    client.sendRaw(`{"t":"call","id":1,"method":${deep},"input":{}}`)
    expect(await client.closed).toEqual({ code: 4400, reason: 'bad message: nested deeper than 64 levels' })
    const second = await connectClient(shell.bridge)
    second.sendRaw(`{"t":"call","id":1,"method":"app.info","input":{"a":${deep}}}`)
    expect((await second.closed).code).toBe(4400)
    expect(await answersWithin(shell.bridge, 1000)).toBe(true)
  })

  it('refuses a message of more arrays and objects than any call needs', async () => {
    const client = await connectClient(shell.bridge)
    client.sendRaw(`{"t":"call","id":1,"method":"app.info","input":{"a":[${'[],'.repeat(150_000)}[]]}}`)
    expect(await client.closed).toEqual({ code: 4400, reason: 'bad message: more than 100000 arrays and objects' })
  })

  it('refuses calls without a whole-number id and binary frames', async () => {
    const client = await connectClient(shell.bridge)
    client.sendRaw('{"t":"call","id":"1","method":"app.info"}')
    expect(await client.closed).toEqual({ code: 4400, reason: 'bad message: a call needs a whole-number id' })
    const binary = await connectClient(shell.bridge)
    binary.sendRaw(Buffer.from('{"t":"call","id":1,"method":"app.info"}'), true)
    expect((await binary.closed).reason).toBe('bad message: binary messages are not accepted')
  })
})

describe('bridge: the printed address carries a one-time code, never the token', () => {
  let shell: TestBridge
  beforeAll(async () => {
    shell = await startTestBridge()
  })
  afterAll(() => shell.close())

  const get = (url: string, cookie = '') => {
    const target = new URL(url)
    return rawExchange(shell.bridge.port, `GET ${target.pathname}${target.search} HTTP/1.1\r\nHost: ${target.host}\r\n${cookie ? `Cookie: ${cookie}\r\n` : ''}Connection: close\r\n\r\n`)
  }

  it('spends the code once: a redirect that sets the cookie, then a 401 for anyone who replays it', async () => {
    expect(shell.bridge.url).not.toContain(shell.bridge.token)
    const first = await get(shell.bridge.url)
    expect(statusOf(first)).toBe(303)
    expect(first).toContain(`Set-Cookie: wirebench_token=${shell.bridge.token}; HttpOnly; SameSite=Strict`)
    expect(first).toMatch(/Location: \/\?token=/)
    const replay = await get(shell.bridge.url)
    expect(statusOf(replay)).toBe(401)
    expect(replay).toContain('already used or has expired')
    // The page that spent it may come back: its cookie still opens the address.
    expect(statusOf(await get(shell.bridge.url, `wirebench_token=${shell.bridge.token}`))).toBe(303)
  })

  it('lets a window code expire unused', async () => {
    const url = shell.bridge.launchUrl(20)
    await new Promise((r) => setTimeout(r, 60))
    expect(statusOf(await get(url))).toBe(401)
    expect(statusOf(await get(shell.bridge.launchUrl(60_000)))).toBe(303)
  })
})

describe('bridge: one page cannot hold unbounded memory', () => {
  let shell: TestBridge
  let silent: net.Server
  let silentPort = 0
  const held: net.Socket[] = []
  beforeAll(async () => {
    shell = await startTestBridge({
      limits: { maxMessageBytes: 64 * 1024, maxInFlightCalls: 2, maxInFlightBytes: 4096, maxSockets: 3, maxTotalInFlightBytes: 6000 }
    })
    // Accepts TLS clients and never answers, so a chain fetch stays in flight until its timeout.
    silent = net.createServer((s) => held.push(s.on('error', () => {})))
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r))
    silentPort = (silent.address() as net.AddressInfo).port
  })
  afterAll(async () => {
    for (const s of held) s.destroy()
    await new Promise((r) => silent.close(r))
    await shell.close()
  })

  it('closes the socket on a message over the size cap (1009)', async () => {
    const client = await connectClient(shell.bridge)
    client.sendRaw(JSON.stringify({ t: 'call', id: 1, method: 'app.info', input: {}, pad: 'x'.repeat(100 * 1024) }))
    expect((await client.closed).code).toBe(1009)
    expect(await answersWithin(shell.bridge, 1000)).toBe(true)
  })

  it('answers BUSY beyond the calls in flight, and TOO_LARGE beyond the bytes in flight', async () => {
    const client = await connectClient(shell.bridge)
    const slow = { host: '127.0.0.1', port: silentPort, timeoutMs: 3000 }
    const first = client.call('x509.fetchChain', slow)
    const second = client.call('x509.fetchChain', slow)
    const third = await client.call('x509.fetchChain', slow)
    expect(third).toMatchObject({ ok: false, error: { code: 'BUSY' } })
    for (let i = 0; i < 100 && held.length < 2; i++) await new Promise((r) => setTimeout(r, 20))
    for (const s of held.splice(0)) s.destroy()
    await Promise.all([first, second])
    expect(await client.call('app.info')).toMatchObject({ ok: true })
    const padded = await client.call('app.info', {}, { pad: 'x'.repeat(5000) })
    expect(padded).toMatchObject({ ok: false, error: { code: 'TOO_LARGE' } })
    client.close()
  })

  it('bounds the bytes in flight of all pages together, and the number of pages', async () => {
    const a = await connectClient(shell.bridge)
    const b = await connectClient(shell.bridge)
    const pad = { pad: 'x'.repeat(3000) }
    const slow = { host: '127.0.0.1', port: silentPort, timeoutMs: 3000 }
    const first = a.call('x509.fetchChain', slow, pad)
    // Within b's own bound, but together with a's call over the shared one.
    expect(await b.call('x509.fetchChain', slow, pad)).toMatchObject({ ok: false, error: { code: 'TOO_LARGE' } })
    const c = await connectClient(shell.bridge)
    const upgrade =
      `GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${shell.bridge.port}\r\nOrigin: http://127.0.0.1:${shell.bridge.port}\r\n` +
      `Cookie: wirebench_token=${shell.bridge.token}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
      'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n'
    const fourth = await rawExchange(shell.bridge.port, upgrade)
    expect(statusOf(fourth)).toBe(503)
    expect(fourth).toContain('Too many Wirebench pages are open (3)')
    for (let i = 0; i < 100 && held.length < 1; i++) await new Promise((r) => setTimeout(r, 20))
    for (const s of held.splice(0)) s.destroy()
    await first
    for (const client of [a, b, c]) client.close()
  })
})
