// Random hostile input against the browser shell and the router (fast-check): HTTP request lines and headers, raw
// WebSocket frames, JSON messages of any shape, method names and inputs of any shape and depth. Whatever arrives,
// nothing escapes a handler, and a fresh page still gets app.info answered within 1 s afterwards.
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { answersWithin, connectClient, rawExchange, startTestBridge, type TestBridge, type TestClient } from '../testing/bridge-client'
import { createSession } from './session'

/** Methods that only read or parse: fuzzing the others could make an engine dial whatever host it made up. */
const HARMLESS_METHODS = ['app.info', 'x509.inspect', 'x509.open', 'x509.keys', 'server.list', 'tcp.send', 'tcp.close', 'udp.close']

function nested(depth: number, leaf: string, open = '[', close = ']'): string {
  return open.repeat(depth) + leaf + close.repeat(depth)
}

const deepJson = fc
  .tuple(fc.integer({ min: 50, max: 20_000 }), fc.constantFrom(['[', ']'], ['{"a":', '}']))
  .map(([depth, [open, close]]) => nested(depth, '"app.info"', open, close))

const anyMethod = fc.oneof(fc.constantFrom(...HARMLESS_METHODS), fc.jsonValue({ maxDepth: 4 }), fc.string({ maxLength: 40 }))

/** Stops every property after this long: a fuzz run is bounded in time as well as in count. */
const TIME_LIMIT = 12_000

describe('fuzz: the browser shell survives whatever arrives', () => {
  let shell: TestBridge
  beforeAll(async () => {
    shell = await startTestBridge()
  })
  afterAll(() => shell.close())

  it('HTTP request lines and headers', async () => {
    const port = shell.bridge.port
    const token = shell.bridge.token
    const target = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.constantFrom('//', 'http://[', '/%', '/%zz', '*', '/ws', '/..%2f..%2fetc/passwd', `/?token=${token}`, '/?code=x', `/%?token=${token}`),
      fc.webUrl().map((u) => u.replace(/^https?:\/\/[^/]+/, ''))
    )
    const header = fc.oneof(
      fc.tuple(fc.stringMatching(/^[A-Za-z-]{1,20}$/), fc.string({ maxLength: 80 })).map(([k, v]) => `${k}: ${v}`),
      fc.constantFrom(`Host: 127.0.0.1:${port}`, 'Host: evil.example', `Cookie: wirebench_token=${token}`, `Origin: http://127.0.0.1:${port}`,
        'Origin: null', 'Connection: Upgrade', 'Upgrade: websocket', 'Sec-WebSocket-Version: 13', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
        'Content-Length: 5', 'Transfer-Encoding: chunked', 'Content-Length: -1'),
      fc.string({ maxLength: 60 })
    )
    const requestBytes = fc
      .record({
        method: fc.oneof(fc.constantFrom('GET', 'HEAD', 'POST', 'OPTIONS', 'CONNECT', 'PRI'), fc.string({ maxLength: 10 })),
        target,
        version: fc.constantFrom('HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/9', ''),
        headers: fc.array(header, { maxLength: 8 }),
        body: fc.string({ maxLength: 40 })
      })
      .map((r) => `${r.method} ${r.target} ${r.version}\r\n${r.headers.join('\r\n')}\r\n\r\n${r.body}`)
    await fc.assert(
      fc.asyncProperty(requestBytes, async (bytes) => {
        await rawExchange(port, bytes, 500, true)
      }),
      { numRuns: 150, interruptAfterTimeLimit: TIME_LIMIT }
    )
    expect(shell.logged).toEqual([])
    expect(await answersWithin(shell.bridge, 1000)).toBe(true)
  })

  it('raw WebSocket frames after a valid handshake', async () => {
    const port = shell.bridge.port
    const handshake =
      `GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: http://127.0.0.1:${port}\r\nCookie: wirebench_token=${shell.bridge.token}\r\n` +
      'Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n'
    // A masked text frame that says hello, so random frames also reach a live session.
    const hello = (() => {
      const payload = Buffer.from(JSON.stringify({ t: 'hello', token: shell.bridge.token }))
      const mask = Buffer.from([1, 2, 3, 4])
      return Buffer.concat([Buffer.from([0x81, 0x80 | payload.length]), mask, payload.map((b, i) => b ^ mask[i % 4]!)])
    })()
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.array(fc.uint8Array({ minLength: 1, maxLength: 64 }), { maxLength: 6 }), async (sayHello, frames) => {
        const bytes = Buffer.concat([Buffer.from(handshake), sayHello ? hello : Buffer.alloc(0), ...frames.map((f) => Buffer.from(f))])
        await rawExchange(port, bytes, 300, true)
      }),
      { numRuns: 80, interruptAfterTimeLimit: TIME_LIMIT }
    )
    expect(shell.logged).toEqual([])
    expect(await answersWithin(shell.bridge, 1000)).toBe(true)
  })

  it('JSON messages of any shape, deep nesting, any method name and input', async () => {
    let client: TestClient | null = null
    const message = fc.oneof(
      fc.jsonValue({ maxDepth: 5 }).map((v) => JSON.stringify(v)),
      fc.string({ maxLength: 80 }),
      deepJson,
      deepJson.map((d) => `{"t":"call","id":1,"method":${d}}`),
      fc
        .record({ id: fc.oneof(fc.integer(), fc.double(), fc.string({ maxLength: 5 })), method: anyMethod, input: fc.jsonValue({ maxDepth: 5 }) })
        .map((m) => JSON.stringify({ t: 'call', ...m }))
    )
    await fc.assert(
      fc.asyncProperty(message, async (text) => {
        client ??= await connectClient(shell.bridge)
        client.sendRaw(text)
        // Either the socket stays usable (the next call is answered) or the server closed it with a reason.
        const next = await Promise.race([client.call('app.info'), client.closed])
        if ('code' in next && typeof next.code === 'number') {
          expect(next.code).toBeGreaterThanOrEqual(1000)
          client = null
        } else {
          expect(next).toMatchObject({ ok: true })
        }
      }),
      { numRuns: 200, interruptAfterTimeLimit: TIME_LIMIT }
    )
    ;(client as TestClient | null)?.close()
    expect(shell.logged).toEqual([])
    expect(await answersWithin(shell.bridge, 1000)).toBe(true)
  })
})

describe('fuzz: the router turns any method name and input into a value', () => {
  const session = createSession(() => {}, 'browser')
  afterAll(() => session.dispose())

  it('method names and inputs of any JSON shape and depth', async () => {
    const deepValue = fc.integer({ min: 100, max: 20_000 }).map((depth) => JSON.parse(nested(depth, '"app.info"')) as unknown)
    await fc.assert(
      fc.asyncProperty(fc.oneof(anyMethod, deepValue), fc.oneof(fc.jsonValue({ maxDepth: 6 }), deepValue), async (method, input) => {
        const result = await session.router.call(method, input)
        expect(typeof result.ok).toBe('boolean')
        if (!result.ok) expect(result.error.message.length).toBeGreaterThan(0)
      }),
      { numRuns: 300, interruptAfterTimeLimit: TIME_LIMIT }
    )
    expect(await session.router.call('app.info', {})).toMatchObject({ ok: true })
  })
})
