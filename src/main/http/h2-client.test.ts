// HTTP/2 requests with our own frames and HPACK, against node:http2 in clear (prior knowledge), Debian's nginx over TLS
// (ALPN h2, virtual hosts by :authority, gzip) and our own hostile servers: every one bounded, each failure in words.
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import http2 from 'node:http2'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeFrame, H2_FLAGS, type H2Frame } from '../../shared/http/h2-frames'
import { HpackEncoder } from '../../shared/http/hpack'
import { NGINX, startNginx, type NginxServer } from '../testing/nginx'
import { sendH2 } from './h2-client'
import { runRaw } from './raw-job'

const enc = (s: string): Uint8Array => new TextEncoder().encode(s)
const text = (b: { bytes: Uint8Array } | { file: string }): string => ('bytes' in b ? new TextDecoder().decode(b.bytes) : '')

describe('HTTP/2 with prior knowledge against node:http2 (h2c)', () => {
  let server: http2.Http2Server
  let port = 0
  const seen: { headers: http2.IncomingHttpHeaders; body: number }[] = []
  beforeAll(async () => {
    server = http2.createServer()
    server.on('stream', (stream, headers) => {
      let body = 0
      stream.on('data', (d: Buffer) => (body += d.length))
      stream.on('end', () => {
        seen.push({ headers, body })
        const path = String(headers[':path'])
        if (path === '/big') {
          stream.respond({ ':status': 200, 'content-type': 'application/octet-stream' })
          stream.end(Buffer.alloc(3 * 1024 * 1024, 7))
        } else {
          stream.respond({ ':status': path === '/missing' ? 404 : 200, 'content-type': 'text/plain', 'x-got': String(body) })
          stream.end(`hello ${headers[':authority']} ${path}`)
        }
      })
    })
    port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)))
  })
  afterAll(() => new Promise<void>((r) => server.close(() => r())))

  it('sends the typed GET as HEADERS: :authority from Host, connection fields dropped, status and body back', async () => {
    const r = await sendH2({ host: '127.0.0.1', port }, enc('GET /missing HTTP/1.1\r\nHost: site.test\r\nConnection: keep-alive\r\nX-Trace: 1\r\n\r\n'))
    expect(r.response).toMatchObject({ version: 'HTTP/2', status: 404 })
    expect(r.response.headers).toContainEqual(['content-type', 'text/plain'])
    expect(r.response.headers.some(([n]) => n.startsWith(':'))).toBe(false)
    expect(text(r.body)).toBe('hello site.test /missing')
    expect(r.complete).toBe(true)
    const saw = seen.at(-1)!.headers
    expect(saw[':authority']).toBe('site.test')
    expect(saw['x-trace']).toBe('1')
    expect(saw.connection).toBeUndefined()
    expect(r.findings.map((f) => f.code)).toEqual(expect.arrayContaining(['H2_PRIOR_KNOWLEDGE', 'H2_DROPPED_FIELD']))
    const frames = r.http2!.frames
    expect(frames.filter((f) => f.type === 'SETTINGS' && !f.flags.includes('ACK')).map((f) => f.dir).sort()).toEqual(['received', 'sent'])
    const sent = frames.find((f) => f.dir === 'sent' && f.type === 'HEADERS')!
    expect(sent.flags).toEqual(['END_STREAM', 'END_HEADERS'])
    expect(sent.headers?.find((h) => h.name === ':method')).toMatchObject({ value: 'GET', representation: 'indexed (static 2)', index: 2 })
    expect(sent.headers?.find((h) => h.name === ':authority')?.representation).toMatch(/^literal with incremental indexing, name from static 1/)
    const got = frames.find((f) => f.dir === 'received' && f.type === 'HEADERS')!
    expect(got.summary).toMatch(/^HEADERS :status 404/)
    expect(frames.some((f) => f.dir === 'received' && f.type === 'DATA' && f.flags.includes('END_STREAM'))).toBe(true)
    expect(r.http2!.dynamicTable.sent.map((e) => e.name)).toContain(':authority')
    // Each received row holds its frame's bytes exactly as they came: together they are the received bytes.
    const rows = Buffer.concat(frames.filter((f) => f.dir === 'received').map((f) => Buffer.from(f.rawBase64, 'base64')))
    expect(Buffer.from(r.raw).subarray(0, rows.length).equals(rows)).toBe(true)
    expect(rows.length).toBeGreaterThan(30)
    expect(r.timings.firstByteMs).not.toBeNull()
  })

  it('sends a 300 KB body within the peer’s windows and reads a 3 MiB answer, opening our windows as it goes', async () => {
    const body = 'x'.repeat(300_000)
    const r = await sendH2({ host: '127.0.0.1', port }, enc(`POST /up HTTP/1.1\r\nHost: h\r\nContent-Length: ${body.length}\r\n\r\n${body}`))
    expect(r.response.headers).toContainEqual(['x-got', '300000'])
    const data = r.http2!.frames.filter((f) => f.dir === 'sent' && f.type === 'DATA')
    expect(data.every((f) => f.length <= 16_384)).toBe(true)
    expect(data.reduce((n, f) => n + f.length, 0)).toBe(300_000)
    // node's windows start at 65,535: the rest only went after its WINDOW_UPDATEs.
    expect(r.http2!.frames.some((f) => f.dir === 'received' && f.type === 'WINDOW_UPDATE')).toBe(true)

    const big = await sendH2({ host: '127.0.0.1', port }, enc('GET /big HTTP/1.1\r\nHost: h\r\n\r\n'))
    expect('bytes' in big.body && big.body.bytes.length).toBe(3 * 1024 * 1024)
    expect(big.http2!.frames.filter((f) => f.dir === 'sent' && f.type === 'WINDOW_UPDATE' && f.streamId === 1).length).toBeGreaterThan(0)

    // Past the memory cap the body goes to a 0600 file, as in raw mode.
    const dir = mkdtempSync(join(tmpdir(), 'wirebench-h2-'))
    try {
      const spilled = await sendH2({ host: '127.0.0.1', port }, enc('GET /big HTTP/1.1\r\nHost: h\r\n\r\n'), { limits: { memoryBodyBytes: 1024 * 1024 }, spillDir: dir })
      expect('file' in spilled.body && spilled.body.length).toBe(3 * 1024 * 1024)
      if ('file' in spilled.body) expect(statSync(spilled.body.file).size).toBe(3 * 1024 * 1024)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('splits a header block over the peer’s frame size into HEADERS + CONTINUATION', async () => {
    const big = '~'.repeat(40_000) // '~' is 13 bits in Huffman, so it goes raw: 40 KB of block
    const r = await sendH2({ host: '127.0.0.1', port }, enc(`GET /c HTTP/1.1\r\nHost: h\r\nX-Big: ${big}\r\n\r\n`))
    expect(r.response.status).toBe(200)
    expect(seen.at(-1)!.headers['x-big']).toBe(big)
    const sent = r.http2!.frames.filter((f) => f.dir === 'sent' && (f.type === 'HEADERS' || f.type === 'CONTINUATION'))
    expect(sent.map((f) => [f.type, f.flags])).toEqual([
      ['HEADERS', ['END_STREAM']],
      ['CONTINUATION', []],
      ['CONTINUATION', ['END_HEADERS']]
    ])
    expect(sent.every((f) => f.length <= 16_384)).toBe(true)
  })

  it('runRaw with protocol "http2" answers in the contract’s shape with the frames, and repeats as HTTP/2', async () => {
    const r = await runRaw({ target: { host: '127.0.0.1', port }, requestBase64: Buffer.from('GET /x HTTP/1.1\r\nHost: raw.test\r\n\r\n').toString('base64'), protocol: 'http2', repeat: 3 })
    expect(r.response).toMatchObject({ httpVersion: 'HTTP/2', status: 200, statusWords: 'OK', body: 'hello raw.test /x' })
    expect(r.http2!.frames.length).toBeGreaterThan(4)
    expect(r.http2!.settings).toBeTypeOf('object')
    expect(r.repeat).toMatchObject({ n: 3, connections: 3, statuses: [200, 200, 200] })
    expect(seen.slice(-3).map((s) => s.headers[':authority'])).toEqual(['raw.test', 'raw.test', 'raw.test'])
  })
})

describe.runIf(existsSync(NGINX))('HTTP/2 over TLS against nginx', () => {
  let nginx: NginxServer
  beforeAll(async () => {
    nginx = await startNginx({ bigFileMiB: 0.01 })
  })
  afterAll(() => nginx?.stop())
  const tlsTarget = (host: string, alpn?: string[]) => ({ host, port: nginx.httpsPort, address: '127.0.0.1', tls: { verify: true, caPem: nginx.caPem, ...(alpn ? { alpn } : {}) } })

  it('ALPN picks h2; :authority picks the virtual host; the gzip body arrives as DATA frames', async () => {
    const r = await sendH2(tlsTarget('beta.test'), enc('GET /text.txt HTTP/1.1\r\nHost: beta.test\r\nAccept-Encoding: gzip\r\n\r\n'))
    expect(r.tls?.alpn).toBe('h2')
    expect(r.response.status).toBe(200)
    expect(r.response.headers).toContainEqual(['content-encoding', 'gzip'])
    const frames = r.http2!.frames
    expect(frames.some((f) => f.dir === 'received' && f.type === 'SETTINGS')).toBe(true)
    expect(frames.some((f) => f.dir === 'received' && f.type === 'DATA' && f.flags.includes('END_STREAM'))).toBe(true)
    expect(frames.find((f) => f.dir === 'received' && f.type === 'HEADERS')!.headers!.every((h) => h.representation.length > 0)).toBe(true)
    expect(r.http2!.settings.MAX_CONCURRENT_STREAMS).toBeGreaterThan(0)

    const alpha = await sendH2(tlsTarget('alpha.test'), enc('GET / HTTP/1.1\r\nHost: alpha.test\r\n\r\n'))
    expect(text(alpha.body)).toBe(nginx.pages['alpha.test'])
  })

  it('falls back to the typed HTTP/1.1 bytes when only http/1.1 is offered, and says so', async () => {
    const r = await sendH2(tlsTarget('alpha.test', ['http/1.1']), enc('GET / HTTP/1.1\r\nHost: alpha.test\r\nConnection: close\r\n\r\n'))
    expect(r.http2).toBeUndefined()
    expect(r.response.version).toBe('HTTP/1.1')
    expect(r.findings[0]).toMatchObject({ code: 'H2_NOT_NEGOTIATED' })
    expect(r.findings[0]!.message).toMatch(/the server chose http\/1\.1/)
  })

  it('says so when a clear-text HTTP/1.1 server answers the prior-knowledge preface', async () => {
    await expect(sendH2({ host: '127.0.0.1', port: nginx.httpPort }, enc('GET / HTTP/1.1\r\nHost: alpha.test\r\n\r\n'))).rejects.toThrow(/the server does not speak HTTP\/2 \(it answered: HTTP\/1\.1 400 Bad Request\).*prior knowledge/)
  })
})

/** A server that reads the client's first bytes, then plays `script` (frames it writes), on loopback. */
async function hostile(script: (write: (f: H2Frame) => void, sock: net.Socket) => void): Promise<{ port: number; close(): Promise<void> }> {
  const socks = new Set<net.Socket>()
  const srv = net.createServer((sock) => {
    socks.add(sock)
    sock.on('error', () => {})
    sock.once('data', () => script((f) => sock.write(encodeFrame(f)), sock))
  })
  const port = await new Promise<number>((resolve) => srv.listen(0, '127.0.0.1', () => resolve((srv.address() as net.AddressInfo).port)))
  return { port, close: () => new Promise((r) => { for (const s of socks) s.destroy(); srv.close(() => r()) }) }
}

const settings = (list: { id: number; value: number }[] = []): H2Frame => ({ type: 'SETTINGS', flags: 0, streamId: 0, settings: list })
const GET = enc('GET / HTTP/1.1\r\nHost: h\r\n\r\n')

describe('HTTP/2 against hostile servers', () => {
  it('stops an endless CONTINUATION flood', async () => {
    const s = await hostile((write, sock) => {
      write(settings())
      write({ type: 'HEADERS', flags: 0, streamId: 1, fragment: Uint8Array.of(0x88) })
      const t = setInterval(() => (sock.destroyed ? clearInterval(t) : write({ type: 'CONTINUATION', flags: 0, streamId: 1, fragment: new Uint8Array() })), 1)
    })
    try {
      const at = performance.now()
      await expect(sendH2({ host: '127.0.0.1', port: s.port }, GET)).rejects.toThrow(/CONTINUATION frames for one header block/)
      expect(performance.now() - at).toBeLessThan(5000)
    } finally {
      await s.close()
    }
  })

  it('refuses a header block over 64 KiB', async () => {
    const s = await hostile((write) => {
      write(settings())
      const block = new HpackEncoder().encode([{ name: ':status', value: '200' }, ...Array.from({ length: 10 }, (_, i) => ({ name: `x-${i}`, value: 'v'.repeat(10_000) }))])
      write({ type: 'HEADERS', flags: 0, streamId: 1, fragment: block.subarray(0, 16_000) })
      for (let o = 16_000; o < block.length; o += 16_000) write({ type: 'CONTINUATION', flags: o + 16_000 >= block.length ? H2_FLAGS.END_HEADERS : 0, streamId: 1, fragment: block.subarray(o, o + 16_000) })
    })
    try {
      await expect(sendH2({ host: '127.0.0.1', port: s.port }, GET)).rejects.toThrow(/header block of stream 1 is over 65536 octets/)
    } finally {
      await s.close()
    }
  })

  it('gives up on a window that never opens within the time budget, saying so', async () => {
    const s = await hostile((write) => write(settings([{ id: 4, value: 0 }])))
    try {
      const err = await sendH2({ host: '127.0.0.1', port: s.port }, enc(`POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 100000\r\n\r\n${'y'.repeat(100_000)}`), { limits: { budgetMs: 600 } }).catch((e: Error) => e)
      expect(err).toBeInstanceOf(Error)
      expect((err as Error).message).toMatch(/flow-control window stayed closed: 65535 of 100000 body bytes were sent/)
    } finally {
      await s.close()
    }
  })

  it('answers PING with the same 8 octets, and stops when cancelled', async () => {
    const block = new HpackEncoder().encode([{ name: ':status', value: '204' }])
    const pinger = await hostile((write) => {
      write(settings())
      write({ type: 'PING', flags: 0, streamId: 0, opaque: enc('wb-ping!') })
      setTimeout(() => write({ type: 'HEADERS', flags: H2_FLAGS.END_HEADERS | H2_FLAGS.END_STREAM, streamId: 1, fragment: block }), 50)
    })
    const silent = await hostile((write) => write(settings()))
    try {
      const r = await sendH2({ host: '127.0.0.1', port: pinger.port }, GET)
      expect(r.response.status).toBe(204)
      const pong = r.http2!.frames.find((f) => f.dir === 'sent' && f.type === 'PING')!
      expect(pong.flags).toEqual(['ACK'])
      expect(Buffer.from(pong.rawBase64, 'base64').subarray(9).toString()).toBe('wb-ping!')
      const ctl = new AbortController()
      setTimeout(() => ctl.abort(), 100)
      const at = performance.now()
      await expect(sendH2({ host: '127.0.0.1', port: silent.port }, GET, { signal: ctl.signal })).rejects.toMatchObject({ code: 'CANCELLED' })
      expect(performance.now() - at).toBeLessThan(2000)
    } finally {
      await pinger.close()
      await silent.close()
    }
  })

  it('says GOAWAY before answering in words, and RST_STREAM with its error code name', async () => {
    const away = await hostile((write) => {
      write(settings())
      write({ type: 'GOAWAY', flags: 0, streamId: 0, lastStreamId: 0, errorCode: 0xb, debugData: enc('too busy') })
    })
    const reset = await hostile((write) => {
      write(settings())
      write({ type: 'RST_STREAM', flags: 0, streamId: 1, errorCode: 0x7 })
    })
    try {
      await expect(sendH2({ host: '127.0.0.1', port: away.port }, GET)).rejects.toThrow(/GOAWAY ENHANCE_YOUR_CALM .* last stream 0 before answering \("too busy"\): it did not process the request/)
      await expect(sendH2({ host: '127.0.0.1', port: reset.port }, GET)).rejects.toThrow(/RST_STREAM REFUSED_STREAM .*safe to retry.* before answering/)
    } finally {
      await away.close()
      await reset.close()
    }
  })
})
