// The raw engine against scripted loopback servers, for what a black-box review found: a close-delimited body's
// time ends at the close, an invalid Content-Length still shows its head, 1xx heads are listed, a bad status line is
// shown as sent, a Latin-1 body is text, a body on disk still shows its start, and --repeat N sends N requests.
import net from 'node:net'
import { gzipSync } from 'node:zlib'
import { afterEach, describe, expect, it } from 'vitest'
import { sendRaw } from './raw'
import { runRaw } from './raw-job'

type Script = (s: net.Socket) => void

interface Scripted { port: number; requests: string[]; close(): Promise<void> }

/** Answers each request head (up to CRLF CRLF) with `script`; counts the request heads it read. */
async function scripted(script: Script): Promise<Scripted> {
  const requests: string[] = []
  const sockets = new Set<net.Socket>()
  const server = net.createServer((s) => {
    sockets.add(s)
    s.on('error', () => {})
    s.on('close', () => sockets.delete(s))
    let buf = ''
    s.on('data', (d: Buffer) => {
      buf += d.toString('latin1')
      let end: number
      while ((end = buf.indexOf('\r\n\r\n')) >= 0) {
        requests.push(buf.slice(0, end))
        buf = buf.slice(end + 4)
        script(s)
      }
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return {
    port: (server.address() as net.AddressInfo).port,
    requests,
    close: () => new Promise<void>((r) => { for (const s of sockets) s.destroy(); server.close(() => r()) })
  }
}

const req = (extra = 'Connection: close\r\n'): Uint8Array => new TextEncoder().encode(`GET / HTTP/1.1\r\nHost: t\r\n${extra}\r\n`)
const input = (port: number, extra?: string, more: Record<string, unknown> = {}) => ({ target: { host: '127.0.0.1', port, tls: false }, requestBase64: Buffer.from(req(extra)).toString('base64'), ...more })

let server: Scripted | undefined
afterEach(async () => { await server?.close(); server = undefined })

describe('raw engine: review findings', () => {
  it('a body delimited by the close: total and download end at the close, not the last byte (RFC 9112 §6.3 rule 8)', async () => {
    server = await scripted((s) => { s.write('HTTP/1.1 200 OK\r\n\r\nabc'); setTimeout(() => s.end(), 300) })
    const r = await sendRaw({ host: '127.0.0.1', port: server.port }, req())
    expect(r.complete).toBe(true)
    expect(new TextDecoder().decode((r.body as { bytes: Uint8Array }).bytes)).toBe('abc')
    expect(r.timings.downloadMs).toBeGreaterThanOrEqual(250)
    expect(r.timings.totalMs).toBeGreaterThanOrEqual(250)
  })

  it('Content-Length: -1: the head is shown with the finding, not complete — no bare error', async () => {
    server = await scripted((s) => s.end('HTTP/1.1 200 OK\r\nContent-Length: -1\r\nX-Seen: yes\r\n\r\nhello'))
    const r = await runRaw(input(server.port))
    expect(r.response).toMatchObject({ status: 200, complete: false })
    expect(r.response.headers).toContainEqual(['X-Seen', 'yes'])
    expect(r.findings.map((f) => f.code)).toContain('INVALID_CONTENT_LENGTH')
  })

  it('lists 103 Early Hints before the final response, and shows a status line without a valid code as sent', async () => {
    server = await scripted((s) => s.end('HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'))
    const r = await runRaw(input(server.port))
    expect(r.response.interim).toEqual([{ status: 103, reason: 'Early Hints', headers: [['Link', '</a.css>; rel=preload']] }])
    expect(r.response.body).toBe('ok')
    await server.close()
    server = await scripted((s) => s.end('HTTP/1.1 2000 X\r\nContent-Length: 0\r\n\r\n'))
    const bad = await runRaw(input(server.port))
    expect(bad.response.status).toBe(0)
    expect(bad.response.statusLine).toBe('HTTP/1.1 2000 X')
    expect(bad.findings.map((f) => f.code)).toContain('BAD_STATUS_LINE')
  })

  it('a text body in iso-8859-1 is shown as text decoded with that charset', async () => {
    server = await scripted((s) => s.end(Buffer.concat([Buffer.from('HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=ISO-8859-1\r\nContent-Length: 5\r\n\r\n'), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a])])))
    const r = await runRaw(input(server.port))
    expect(r.response).toMatchObject({ body: 'café\n', bodyCharset: 'iso-8859-1' })
    expect(r.response.bodyBase64).toBeUndefined()
  })

  it('a body over the memory cap stays on disk but its first 1 MiB is shown, decoded from gzip, read as a stream', async () => {
    const text = 'line of text\n'.repeat(200_000)
    const gz = gzipSync(text)
    server = await scripted((s) => s.end(Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: ${gz.length}\r\n\r\n`), gz])))
    const r = await runRaw(input(server.port), {}, { limits: { memoryBodyBytes: 1000 } })
    expect(r.response.bodyFile).toBeTruthy()
    expect(r.response.bodyShownBytes).toBe(1024 * 1024)
    expect(r.response.body).toBe(text.slice(0, 1024 * 1024))
    expect(r.response.decoded).toEqual(['gzip'])
    const { rm } = await import('node:fs/promises')
    await rm(r.response.bodyFile!, { force: true })
  })

  it('--repeat N sends N requests in all, sequential or over one keep-alive connection; the first is shown', async () => {
    server = await scripted((s) => s.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'))
    const seq = await runRaw(input(server.port, '', { repeat: 3, repeatMode: 'sequential' }))
    expect(seq.repeat).toMatchObject({ n: 3, statuses: [200, 200, 200] })
    expect(seq.response.body).toBe('ok')
    expect(server.requests).toHaveLength(3)
    const ka = await runRaw(input(server.port, '', { repeat: 4, repeatMode: 'keep-alive' }))
    expect(ka.repeat).toMatchObject({ n: 4, connections: 1 })
    expect(server.requests).toHaveLength(7)
  })
})
