// HTTP/2 repeats over one kept-alive connection (streams 1, 3, 5…, HPACK and windows carried over) against node:http2
// and Debian's nginx, a server that says GOAWAY after two streams, and servers that do not speak HTTP/2 at all.
import { existsSync } from 'node:fs'
import http2 from 'node:http2'
import net from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeFrame, H2_FLAGS, type H2Frame } from '../../shared/http/h2-frames'
import { HpackEncoder } from '../../shared/http/hpack'
import { NGINX, startNginx, type NginxServer } from '../testing/nginx'
import { repeatH2, sendH2 } from './h2-client'
import { runRaw } from './raw-job'

const enc = (s: string): Uint8Array => new TextEncoder().encode(s)
const listen = (srv: net.Server): Promise<number> => new Promise((resolve) => srv.listen(0, '127.0.0.1', () => resolve((srv.address() as net.AddressInfo).port)))

/** A clear-text node:http2 server that counts sessions and requests; with `goawayAfter`, says GOAWAY after that many. */
async function h2c(goawayAfter?: number): Promise<{ port: number; sessions: number; requests: { path: string; body: number }[]; close(): Promise<void> }> {
  const server = http2.createServer()
  const state = { port: 0, sessions: 0, requests: [] as { path: string; body: number }[], close: () => new Promise<void>((r) => server.close(() => r())) }
  const open = new Set<http2.ServerHttp2Session>()
  server.on('session', (session) => {
    state.sessions++
    open.add(session)
    session.on('close', () => open.delete(session))
    let served = 0
    session.on('stream', (stream, headers) => {
      let body = 0
      stream.on('data', (d: Buffer) => (body += d.length))
      stream.on('end', () => {
        state.requests.push({ path: String(headers[':path']), body })
        stream.respond({ ':status': 200, 'content-type': 'text/plain' })
        stream.end(`got ${body}`, () => {
          if (goawayAfter && ++served === goawayAfter) session.goaway(0, stream.id)
        })
      })
    })
  })
  state.port = await listen(server)
  const close = state.close
  state.close = async () => {
    for (const s of open) s.destroy()
    await close()
  }
  return state
}

describe('HTTP/2 keep-alive repeat against node:http2 (h2c)', () => {
  it('sends 5 requests as streams 1…9 on ONE connection; only run 1 connects; the later HEADERS are far smaller', async () => {
    const srv = await h2c()
    try {
      const rep = await repeatH2({ host: '127.0.0.1', port: srv.port }, enc('GET /ka HTTP/1.1\r\nHost: ka.test\r\nUser-Agent: wirebench-test/1.0\r\nX-Long-Header: abcdefghijklmnopqrstuvwxyz0123456789\r\n\r\n'), 5, {}, 'keep-alive')
      expect(srv.sessions).toBe(1)
      expect(srv.requests.map((r) => r.path)).toEqual(['/ka', '/ka', '/ka', '/ka', '/ka'])
      expect(rep).toMatchObject({ n: 5, mode: 'keep-alive', connections: 1, statuses: [200, 200, 200, 200, 200] })
      expect(rep.runs[0]!.connectMs).not.toBeNull()
      expect(rep.runs.slice(1).every((t) => t.connectMs === null && t.dnsMs === null && t.tlsMs === null && t.firstByteMs !== null)).toBe(true)
      expect(rep.p50.totalMs).toBeGreaterThan(0)
      const note = rep.findings!.find((f) => f.code === 'H2_ONE_CONNECTION')!
      const [, first, second] = /from (\d+) octets on the first stream to (\d+) on the second/.exec(note.message)!.map(Number)
      expect(second!).toBeLessThan(first! / 3)

      // Sequential mode still opens a connection per run.
      const seq = await repeatH2({ host: '127.0.0.1', port: srv.port }, enc('GET /seq HTTP/1.1\r\nHost: ka.test\r\n\r\n'), 3)
      expect(seq).toMatchObject({ mode: 'sequential', connections: 3 })
      expect(srv.sessions).toBe(4)
    } finally {
      await srv.close()
    }
  })

  it('keeps the flow-control windows right across streams: three 100 KB bodies through a 64 KiB connection window', async () => {
    const srv = await h2c()
    try {
      const body = 'b'.repeat(100_000)
      const rep = await repeatH2({ host: '127.0.0.1', port: srv.port }, enc(`POST /up HTTP/1.1\r\nHost: h\r\nContent-Length: ${body.length}\r\n\r\n${body}`), 3, {}, 'keep-alive')
      expect(rep).toMatchObject({ connections: 1, statuses: [200, 200, 200] })
      expect(srv.requests.map((r) => r.body)).toEqual([100_000, 100_000, 100_000])
    } finally {
      await srv.close()
    }
  })

  it('runRaw with repeat 4 keep-alive: 4 requests in all on one connection, the shown frames list every stream', async () => {
    const srv = await h2c()
    try {
      const r = await runRaw({ target: { host: '127.0.0.1', port: srv.port }, requestBase64: Buffer.from('GET /x HTTP/1.1\r\nHost: raw.test\r\nAccept: text/plain\r\n\r\n').toString('base64'), protocol: 'http2', repeat: 4, repeatMode: 'keep-alive' })
      expect(srv.sessions).toBe(1)
      expect(srv.requests).toHaveLength(4)
      expect(r.repeat).toMatchObject({ n: 4, mode: 'keep-alive', connections: 1, statuses: [200, 200, 200, 200] })
      expect(r.findings.map((f) => f.code)).not.toContain('H2_REPEAT_SEQUENTIAL')
      expect(r.findings.map((f) => f.code)).toContain('H2_ONE_CONNECTION')
      const sent = r.http2!.frames.filter((f) => f.dir === 'sent' && f.type === 'HEADERS')
      expect(sent.map((f) => f.streamId)).toEqual([1, 3, 5, 7])
      expect(sent[1]!.length).toBeLessThan(sent[0]!.length / 2)
      // The second request's :authority is one index into the dynamic table, not a literal.
      expect(sent[1]!.headers!.find((h) => h.name === ':authority')!.representation).toMatch(/^indexed \(dynamic/)
      expect(r.http2!.dynamicTable.sent.map((e) => e.name)).toContain(':authority')
      expect(r.timings.connectMs).not.toBeNull()
    } finally {
      await srv.close()
    }
  })

  it('opens a new connection when the server says GOAWAY after two streams, and says so', async () => {
    const srv = await h2c(2)
    try {
      const rep = await repeatH2({ host: '127.0.0.1', port: srv.port }, enc('GET /g HTTP/1.1\r\nHost: g.test\r\n\r\n'), 4, {}, 'keep-alive')
      expect(rep.statuses).toEqual([200, 200, 200, 200])
      expect(srv.requests).toHaveLength(4)
      expect(rep.connections).toBe(2)
      expect(srv.sessions).toBe(2)
      expect(rep.findings!.some((f) => f.code === 'H2_GOAWAY_REPEAT' || f.code === 'H2_RETRIED')).toBe(true)
      expect(rep.findings!.find((f) => f.code === 'H2_GOAWAY_REPEAT')?.message ?? '').toMatch(/GOAWAY \(graceful\) with last stream 3 after 2 requests on connection 1|^$/)
      // Each new connection starts with its own connect.
      expect(rep.runs.map((t) => t.connectMs !== null)).toEqual([true, false, true, false])
    } finally {
      await srv.close()
    }
  })
})

describe.runIf(existsSync(NGINX))('HTTP/2 keep-alive repeat against nginx over TLS', () => {
  let nginx: NginxServer
  beforeAll(async () => {
    nginx = await startNginx({ bigFileMiB: 0.01 })
  })
  afterAll(() => nginx?.stop())

  it('repeat 10 over one TLS connection: all 200, TLS only in run 1', async () => {
    const target = { host: 'alpha.test', port: nginx.httpsPort, address: '127.0.0.1', tls: { verify: true, caPem: nginx.caPem } }
    const rep = await repeatH2(target, enc('GET / HTTP/1.1\r\nHost: alpha.test\r\n\r\n'), 10, {}, 'keep-alive')
    expect(rep.connections).toBe(1)
    expect(rep.statuses).toEqual(Array(10).fill(200))
    expect(rep.runs[0]!.tlsMs).toBeGreaterThan(0)
    expect(rep.runs.slice(1).map((t) => t.tlsMs)).toEqual(Array(9).fill(null))
    expect(rep.p95.tlsMs).toBe(rep.runs[0]!.tlsMs)
  })

  it('runRaw --http2 --repeat 3 --keep-alive over TLS: the shown run is stream 1 of the one connection, with its TLS summary', async () => {
    const r = await runRaw({ target: { host: 'beta.test', port: nginx.httpsPort, tls: true, caPem: nginx.caPem }, address: '127.0.0.1', requestBase64: Buffer.from('GET /text.txt HTTP/1.1\r\nHost: beta.test\r\n\r\n').toString('base64'), protocol: 'http2', repeat: 3, repeatMode: 'keep-alive' })
    expect(r.repeat).toMatchObject({ n: 3, mode: 'keep-alive', connections: 1, statuses: [200, 200, 200] })
    expect(r.tls).toMatchObject({ alpn: 'h2', verified: true })
    expect(r.timings.tlsMs).toBeGreaterThan(0)
    expect(r.http2!.frames.filter((f) => f.dir === 'received' && f.type === 'HEADERS').map((f) => f.streamId)).toEqual([1, 3, 5])
  })
})

/** A plain TCP server that writes `reply` to whatever comes and closes, like an HTTP/1.0 or 0.9 server would. */
async function plain(reply: string | Buffer, end = true): Promise<{ port: number; close(): Promise<void> }> {
  const socks = new Set<net.Socket>()
  const srv = net.createServer((sock) => {
    socks.add(sock)
    sock.on('error', () => {})
    sock.once('data', () => (end ? sock.end(reply) : sock.write(reply)))
  })
  const port = await listen(srv)
  return { port, close: () => new Promise((r) => { for (const s of socks) s.destroy(); srv.close(() => r()) }) }
}

describe('a server that does not speak HTTP/2', () => {
  it('says so in words with the first line it answered, escaped (HTTP/1.0, HTTP/0.9-style, a few bytes)', async () => {
    const h10 = await plain('HTTP/1.0 400 Bad Request\r\nContent-Type: text/html\r\n\r\n<h1>Bad</h1>')
    const h09 = await plain(Buffer.from('<html>bad\x01request\xff</html>\n', 'latin1'))
    const tiny = await plain('ERR\n')
    const frames: H2Frame[] = [
      { type: 'PING', flags: 0, streamId: 0, opaque: new Uint8Array(8) },
      { type: 'SETTINGS', flags: 0, streamId: 0, settings: [] },
      { type: 'HEADERS', flags: H2_FLAGS.END_HEADERS | H2_FLAGS.END_STREAM, streamId: 1, fragment: new HpackEncoder().encode([{ name: ':status', value: '204' }]) }
    ]
    const pingFirst = await plain(Buffer.concat(frames.map((f) => encodeFrame(f))), false)
    try {
      const get = enc('GET / HTTP/1.1\r\nHost: h\r\n\r\n')
      await expect(sendH2({ host: '127.0.0.1', port: h10.port }, get)).rejects.toThrow(/the server does not speak HTTP\/2 \(it answered: HTTP\/1\.0 400 Bad Request\).*prior knowledge/)
      await expect(sendH2({ host: '127.0.0.1', port: h09.port }, get)).rejects.toThrow(/the server does not speak HTTP\/2 \(it answered: <html>bad\\x01request\\xff<\/html>\)/)
      await expect(sendH2({ host: '127.0.0.1', port: tiny.port }, get)).rejects.toThrow(/the server does not speak HTTP\/2 \(it answered: ERR\)/)
      await expect(sendH2({ host: '127.0.0.1', port: h10.port }, get)).rejects.not.toThrow(/unknown type/)
      // A real frame that is not SETTINGS is an HTTP/2 server breaking the preface rule, said as such.
      await expect(sendH2({ host: '127.0.0.1', port: pingFirst.port }, get)).rejects.toThrow(/first frame must be SETTINGS; this is PING/)
    } finally {
      await h10.close()
      await h09.close()
      await tiny.close()
      await pingFirst.close()
    }
  })
})
