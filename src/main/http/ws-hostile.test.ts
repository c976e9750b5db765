// Our WebSocket client against raw-socket servers that break the rules on purpose: each ends in words, in bounded
// time, and — once the connection is open — with the close code RFC 6455 names, sent to the server.
import { createHash } from 'node:crypto'
import net from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { WS_GUID, WsFrameReader, parseClose } from '../../shared/http/ws-frames'
import { WS_CLIENT_LIMITS, openWebSocket } from './ws-client'

interface Hostile {
  url: string
  /** Close frames the client sent us, decoded. */
  closes: { code: number | null; reason: string }[]
  server: net.Server
}

const servers: net.Server[] = []
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r))
})

/** Answers the upgrade with `head(key)` (and then `after` bytes), and reads what the client sends back. */
async function hostile(head: (accept: string) => string | null, after?: Uint8Array): Promise<Hostile> {
  const closes: Hostile['closes'] = []
  const server = net.createServer((sock) => {
    let buf = ''
    let upgraded = false
    const reader = new WsFrameReader({ expectMasked: true, maxPayload: 1 << 20 })
    sock.on('error', () => {})
    sock.on('data', (b) => {
      if (upgraded) {
        for (const f of reader.push(b)) if (f.opcode === 8) closes.push(parseClose(f.payload))
        return
      }
      buf += b.toString('latin1')
      const end = buf.indexOf('\r\n\r\n')
      if (end < 0) return
      upgraded = true
      const key = /Sec-WebSocket-Key: (.*)\r\n/.exec(buf)?.[1] ?? ''
      const text = head(createHash('sha1').update(key + WS_GUID).digest('base64'))
      if (text === null) return // never answers
      sock.write(text)
      if (after) sock.write(after)
    })
  })
  servers.push(server)
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return { url: `ws://127.0.0.1:${(server.address() as net.AddressInfo).port}/`, closes, server }
}

const ok = (accept: string, extra = ''): string => `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n${extra}\r\n`

describe('a failed upgrade says why', () => {
  it('a 403 answer is shown with its status words', async () => {
    const h = await hostile(() => 'HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n')
    await expect(openWebSocket({ url: h.url })).rejects.toMatchObject({ code: 'WS_UPGRADE_FAILED', message: expect.stringMatching(/403 Forbidden.*not 101/), detail: expect.stringMatching(/^HTTP\/1\.1 403/) })
  })
  it('a wrong Sec-WebSocket-Accept', async () => {
    const h = await hostile(() => ok('dGhlIHNhbXBsZSBub25jZQ=='))
    await expect(openWebSocket({ url: h.url })).rejects.toMatchObject({ code: 'WS_UPGRADE_FAILED', message: expect.stringMatching(/Sec-WebSocket-Accept is "dGhlIHNhbXBsZSBub25jZQ==" but .* is "/) })
  })
  it('a subprotocol or an extension we did not offer', async () => {
    const a = await hostile((acc) => ok(acc, 'Sec-WebSocket-Protocol: mqtt\r\n'))
    await expect(openWebSocket({ url: a.url, subprotocols: ['chat'] })).rejects.toThrow(/subprotocol "mqtt", which is not one we offered \(chat\)/)
    const b = await hostile((acc) => ok(acc, 'Sec-WebSocket-Extensions: permessage-deflate\r\n'))
    await expect(openWebSocket({ url: b.url })).rejects.toThrow(/extension\(s\) "permessage-deflate"/)
  })
  it('a server that never answers times out within the budget; an endless head stops at the cap', async () => {
    const h = await hostile(() => null)
    const t0 = Date.now()
    await expect(openWebSocket({ url: h.url, timeoutMs: 300 })).rejects.toMatchObject({ code: 'TIMEOUT' })
    expect(Date.now() - t0).toBeLessThan(2000)
    const e = await hostile(() => `HTTP/1.1 101 Switching Protocols\r\n${'X-Pad: aaaaaaaaaaaaaaaaaaaaaaaa\r\n'.repeat(4000)}`)
    await expect(openWebSocket({ url: e.url })).rejects.toThrow(/no end of head within 65536 bytes/)
  })
  it('a URL that is not ws:// or wss://, or has a fragment', async () => {
    await expect(openWebSocket({ url: 'http://127.0.0.1/' })).rejects.toMatchObject({ code: 'WS_BAD_URL' })
    await expect(openWebSocket({ url: 'ws://127.0.0.1/#x' })).rejects.toThrow(/fragment/)
  })
})

describe('a broken frame after the 101 fails the connection with the right close code', () => {
  it.each([
    ['a masked server frame', [0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58], 1002, 'WS_PROTOCOL_ERROR', /must not mask/],
    ['a 4 GiB length', [0x82, 0x7f, 0, 0, 0, 1, 0, 0, 0, 0], 1009, 'WS_MESSAGE_TOO_LARGE', /announces 4294967296 bytes/],
    ['invalid UTF-8 text', [0x81, 0x02, 0xc3, 0x28], 1007, 'WS_PROTOCOL_ERROR', /not valid UTF-8/]
  ])('%s → close %i', async (_name, bytes, code, errorCode, words) => {
    const h = await hostile((acc) => ok(acc), new Uint8Array(bytes))
    const ws = await openWebSocket({ url: h.url })
    const closed = await ws.closed
    expect(closed.error).toMatchObject({ code: errorCode, message: expect.stringMatching(words) })
    expect(ws.frames.at(-1)).toMatchObject({ dir: 'sent', opcodeName: 'close', close: { code } })
    await expect.poll(() => h.closes).toEqual([{ code, reason: '' }])
  })
})

describe('bounded after the 101', () => {
  it('a flood of 6000 frames keeps the newest 5000 and counts the rest', async () => {
    const one = [0x81, 0x01, 0x61]
    const h = await hostile((acc) => ok(acc), new Uint8Array(Array.from({ length: 6000 }, () => one).flat()))
    const ws = await openWebSocket({ url: h.url })
    await expect.poll(() => ws.frames.length + ws.dropped).toBe(6000)
    expect(ws.frames).toHaveLength(5000)
    expect(ws.dropped).toBe(1000)
    ws.destroy()
  })
  it('a server that never answers our close is cut off after the close budget, as 1006', async () => {
    const saved = WS_CLIENT_LIMITS.closeWaitMs
    WS_CLIENT_LIMITS.closeWaitMs = 200
    try {
      const h = await hostile((acc) => ok(acc))
      h.server.on('connection', (sock) => sock.on('end', () => {})) // reads our close and stays silent
      const ws = await openWebSocket({ url: h.url })
      const t0 = Date.now()
      const closed = await ws.close(1000, 'bye')
      expect(Date.now() - t0).toBeLessThan(1500)
      expect(closed.code).toBe(1006)
      await expect.poll(() => h.closes).toEqual([{ code: 1000, reason: 'bye' }])
    } finally {
      WS_CLIENT_LIMITS.closeWaitMs = saved
    }
  })
})
