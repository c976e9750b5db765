// The ws-echo server behaviour (Connections' server list) judged by the `ws` package's client, by our own client, and
// by raw sockets that break the rules.
import net from 'node:net'
import { afterAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { serverStartInput, type ServerStartInput } from '../../shared/contract'
import { openWebSocket } from '../http/ws-client'
import { recordingEvents } from '../testing/net'
import { rootCA, serverCert } from '../testing/x509'
import { Servers } from './servers'

const { events } = recordingEvents()
const servers = new Servers(events)
const start = (input: Omit<ServerStartInput, 'behaviour'> = {}) => servers.start(serverStartInput.parse({ ...input, behaviour: 'ws-echo' }))
afterAll(() => servers.stopAll())

function wsClient(port: number): Promise<WebSocket> {
  const c = new WebSocket(`ws://127.0.0.1:${port}/echo`)
  return new Promise((resolve, reject) => {
    c.once('open', () => resolve(c))
    c.once('error', reject)
  })
}

const next = <T>(c: WebSocket, event: string): Promise<T[]> => new Promise((r) => c.once(event, (...args: T[]) => r(args)))

describe('ws-echo behaviour', () => {
  it('the ws package’s client: text and a 200 KB binary echoed, ping answered, close code echoed', async () => {
    const info = await start()
    const c = await wsClient(info.port)
    c.send('hello')
    const [text, isBinary] = await next<Buffer | boolean>(c, 'message')
    expect([String(text), isBinary]).toEqual(['hello', false])
    const blob = Buffer.alloc(200_000, 9)
    c.send(blob)
    const [back] = await next<Buffer>(c, 'message')
    expect(Buffer.compare(back!, blob)).toBe(0)
    c.ping('hi')
    const [pong] = await next<Buffer>(c, 'pong')
    expect(String(pong)).toBe('hi')
    c.close(4001, 'bye')
    const [code] = await next<number>(c, 'close')
    expect(code).toBe(4001)
  })

  it('our own client, with a token as the first message, and no line deadline for frames', async () => {
    const info = await start({ limits: { lineDeadlineMs: 200 } })
    const texts: string[] = []
    const ws = await openWebSocket({ url: `ws://127.0.0.1:${info.port}/`, firstMessage: 'token xyz' }, { onMessage: (m) => m.text && texts.push(m.text) })
    await expect.poll(() => texts).toEqual(['token xyz'])
    await new Promise((r) => setTimeout(r, 400)) // past the line deadline: a frame has no newline, and must not be cut
    await ws.sendText('still here')
    await expect.poll(() => texts).toEqual(['token xyz', 'still here'])
    expect(await ws.close(1000, 'done')).toEqual({ code: 1000, reason: '', error: null })
  })

  it('answers a plain HTTP request with 426 and why; refuses an unmasked frame with 1002; is not offered on UDP', async () => {
    const info = await start()
    const answer = await new Promise<string>((resolve) => {
      const s = net.connect(info.port, '127.0.0.1', () => s.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n'))
      let got = ''
      s.on('data', (d) => (got += d.toString('latin1')))
      s.on('close', () => resolve(got))
    })
    expect(answer).toMatch(/^HTTP\/1\.1 426 Upgrade Required\r\n[\s\S]*Upgrade: websocket/)
    const c = await wsClient(info.port)
    const closed = next<number>(c, 'close')
    // An unmasked text frame, written under the ws client's feet.
    ;(c as unknown as { _socket: net.Socket })._socket.write(Buffer.from([0x81, 0x01, 0x41]))
    expect((await closed)[0]).toBe(1002)
    await expect(start({ protocol: 'udp' })).rejects.toThrow(/not UDP/)
  })
})

describe('ws-echo over TLS', () => {
  it('serves wss:// with the server’s certificate, verified by our client against the test CA', async () => {
    const root = await rootCA('WS Echo Root')
    const leaf = await serverCert('echo.test', root)
    const info = await start({ tls: { certPem: leaf.certPem, keyPem: leaf.keyPem } })
    const texts: string[] = []
    const ws = await openWebSocket({ url: `wss://echo.test:${info.port}/`, address: '127.0.0.1', caPem: root.certPem }, { onMessage: (m) => m.text && texts.push(m.text) })
    expect(ws.info.tls?.version).toMatch(/TLSv1\.[23]/)
    await ws.sendText('over tls')
    await expect.poll(() => texts).toEqual(['over tls'])
    expect((await ws.close()).code).toBe(1000)
  })
})
