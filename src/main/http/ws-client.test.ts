// Our WebSocket client against the `ws` package's server (the reference implementation): echo, the token as the first
// message, ping/pong both ways, close codes with reasons, fragments, a 1 MB message, an abrupt end, and wss://.
import https from 'node:https'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocketServer, type WebSocket } from 'ws'
import { rootCA, serverCert } from '../testing/x509'
import { openWebSocket, type WsConnection } from './ws-client'

let wss: WebSocketServer
let port: number
/** What the server received on its latest connection (texts, pongs) and the connection itself. */
let last: { socket: WebSocket; texts: string[]; pongs: string[]; headers: Record<string, string | string[] | undefined> }

beforeAll(async () => {
  wss = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: (ps) => (ps.has('chat.v2') ? 'chat.v2' : false) })
  await new Promise((r) => wss.once('listening', r))
  port = (wss.address() as AddressInfo).port
  wss.on('connection', (socket, req) => {
    last = { socket, texts: [], pongs: [], headers: req.headers }
    socket.on('pong', (d) => last.pongs.push(d.toString()))
    socket.on('message', (data, isBinary) => {
      const text = isBinary ? '' : data.toString()
      if (!isBinary) last.texts.push(text)
      if (text.startsWith('close:')) {
        const [, code, reason] = text.split(':')
        socket.close(Number(code), reason)
      } else if (text === 'ping-me') socket.ping('are you there')
      else if (text === 'fragments') {
        socket.send('Hel', { fin: false })
        socket.send('lo, ', { fin: false })
        socket.send('world', { fin: true })
      } else if (text === 'vanish') socket.terminate()
      else socket.send(data, { binary: isBinary })
    })
  })
})
afterAll(() => new Promise<void>((r) => wss.close(() => r())))

function collect(): { texts: string[]; binaries: number[]; hooks: Parameters<typeof openWebSocket>[1] } {
  const texts: string[] = []
  const binaries: number[] = []
  return { texts, binaries, hooks: { onMessage: (m) => (m.text !== undefined ? texts.push(m.text) : binaries.push(m.data.length)) } }
}

async function until(check: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 5))
  }
}

describe('WebSocket client against ws', () => {
  it('shows the upgrade and the 101 raw, sends the token as the first message, and echoes', async () => {
    const c = collect()
    const ws = await openWebSocket({ url: `ws://127.0.0.1:${port}/chat?room=1`, firstMessage: 'token abc', headers: [['Origin', 'http://app.test']], subprotocols: ['chat.v1', 'chat.v2'] }, c.hooks)
    const info = ws.snapshot()
    expect(info.requestRaw).toMatch(/^GET \/chat\?room=1 HTTP\/1\.1\r\nHost: 127\.0\.0\.1:\d+\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: [A-Za-z0-9+/]{22}==\r\nSec-WebSocket-Version: 13\r\n/)
    expect(info.requestRaw).toContain('Sec-WebSocket-Protocol: chat.v1, chat.v2\r\nOrigin: http://app.test\r\n\r\n')
    expect(info.responseRaw).toMatch(/^HTTP\/1\.1 101 Switching Protocols\r\n/)
    expect(info).toMatchObject({ status: 101, acceptValid: true, subprotocol: 'chat.v2', state: 'open' })
    expect(info.frames[0]).toMatchObject({ dir: 'sent', opcodeName: 'text', text: 'token abc', masked: true, fin: true })
    await ws.sendText('hello')
    await until(() => c.texts.length === 2)
    expect(c.texts).toEqual(['token abc', 'hello'])
    expect(last.texts).toEqual(['token abc', 'hello'])
    expect(last.headers.origin).toBe('http://app.test')
    const closed = await ws.close(1000, 'done')
    expect(closed).toMatchObject({ code: 1000, error: null })
    const received = ws.frames.filter((f) => f.dir === 'received')
    expect(received.at(-1)).toMatchObject({ opcodeName: 'close', close: { code: 1000, words: expect.stringMatching(/Normal closure/) } })
    expect(ws.state).toBe('closed')
  })

  it('answers the server’s ping with a pong carrying the same payload, and gets a pong for its own ping', async () => {
    const ws = await openWebSocket({ url: `ws://127.0.0.1:${port}/` })
    await ws.sendText('ping-me')
    await until(() => last.pongs.length === 1)
    expect(last.pongs).toEqual(['are you there'])
    const pong = ws.frames.find((f) => f.dir === 'sent' && f.opcodeName === 'pong')
    expect(pong).toMatchObject({ text: 'are you there', findings: [expect.objectContaining({ code: 'WS_AUTO_PONG' })] })
    await ws.send(0x9, new TextEncoder().encode('p1'))
    await until(() => ws.frames.some((f) => f.dir === 'received' && f.opcodeName === 'pong'))
    await ws.close()
  })

  it.each([
    [1001, 'server going down', /Going away/],
    [4000, 'app says bye', /Private use/]
  ])('reads the server’s close %i with its reason and echoes the code', async (code, reason, words) => {
    const ws = await openWebSocket({ url: `ws://127.0.0.1:${port}/` })
    await ws.sendText(`close:${code}:${reason}`)
    const closed = await ws.closed
    expect(closed).toEqual({ code, reason, error: null })
    const rows = ws.frames.filter((f) => f.opcodeName === 'close')
    expect(rows[0]).toMatchObject({ dir: 'received', close: { code, reason, words: expect.stringMatching(words) } })
    expect(rows[1]).toMatchObject({ dir: 'sent', close: { code }, findings: [expect.objectContaining({ code: 'WS_CLOSE_ECHO' })] })
  })

  it('puts a fragmented message back together, and carries a 1 MB binary message both ways', async () => {
    const c = collect()
    const ws = await openWebSocket({ url: `ws://127.0.0.1:${port}/` }, c.hooks)
    await ws.sendText('fragments')
    await until(() => c.texts.length === 1)
    expect(c.texts).toEqual(['Hello, world'])
    const frames = ws.frames.filter((f) => f.dir === 'received')
    expect(frames.map((f) => [f.opcodeName, f.fin])).toEqual([
      ['text', false],
      ['continuation', false],
      ['continuation', true]
    ])
    expect(frames[2]!.findings?.[0]?.code).toBe('WS_REASSEMBLED')
    await ws.send(0x2, new Uint8Array(1024 * 1024).fill(1))
    await until(() => c.binaries.length === 1)
    expect(c.binaries).toEqual([1024 * 1024])
    expect(ws.frames.at(-1)).toMatchObject({ length: 1024 * 1024, findings: [expect.objectContaining({ code: 'WS_PAYLOAD_CUT' })] })
    await ws.close()
  })

  it('reports 1006 when the server drops the connection without a close frame', async () => {
    const ws = await openWebSocket({ url: `ws://127.0.0.1:${port}/` })
    await ws.sendText('vanish')
    const closed = await ws.closed
    expect(closed.code).toBe(1006)
    expect(closed.error?.message).toMatch(/without a close frame/)
  })
})

describe('wss:// through THE connector', () => {
  it('verifies the server against a test CA, and names the failure without it', async () => {
    const root = await rootCA('WS Test Root')
    const leaf = await serverCert('ws.test', root)
    const server = https.createServer({ cert: leaf.certPem, key: leaf.keyPem })
    const secure = new WebSocketServer({ server })
    secure.on('connection', (s) => s.on('message', (d) => s.send(d.toString().toUpperCase())))
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const p = (server.address() as AddressInfo).port
    try {
      const c = collect()
      const ws = await openWebSocket({ url: `wss://ws.test:${p}/`, address: '127.0.0.1', caPem: root.certPem }, c.hooks)
      expect(ws.info.tls).toMatchObject({ version: expect.stringMatching(/TLSv1\.[23]/), alpn: 'http/1.1' })
      expect(ws.info.requestRaw).toContain(`Host: ws.test:${p}\r\n`)
      await ws.sendText('secret')
      await until(() => c.texts.length === 1)
      expect(c.texts).toEqual(['SECRET'])
      await ws.close()
      await expect(openWebSocket({ url: `wss://ws.test:${p}/`, address: '127.0.0.1' })).rejects.toMatchObject({ code: expect.stringMatching(/CERT|TLS/) })
    } finally {
      for (const client of secure.clients) client.terminate()
      secure.close()
      server.closeAllConnections()
      await new Promise((r) => server.close(r))
    }
  })
})

export type { WsConnection }
