// The `http.raw` job against our own loopback servers: what a user sees when the body is binary, when its gzip is
// corrupt, and when the input is not what the contract allows.
import net from 'node:net'
import { gzipSync } from 'node:zlib'
import { afterEach, describe, expect, it } from 'vitest'
import { runRaw } from './raw-job'

const servers: net.Server[] = []
afterEach(() => {
  for (const s of servers.splice(0)) s.close()
})

/** Answers every connection with `reply` once the request head has arrived; records what arrived. */
async function serve(reply: Buffer): Promise<{ port: number; received: Buffer[] }> {
  const received: Buffer[] = []
  const server = net.createServer((sock) => {
    let got = Buffer.alloc(0)
    sock.on('data', (d: Buffer) => {
      got = Buffer.concat([got, d])
      if (got.includes('\r\n\r\n')) {
        received.push(got)
        sock.end(reply)
      }
    })
    sock.on('error', () => {})
  })
  servers.push(server)
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return { port: (server.address() as net.AddressInfo).port, received }
}

const head = (fields: string, body: Buffer): Buffer => Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\n${fields}Content-Length: ${body.length}\r\nConnection: close\r\n\r\n`), body])
const req = (text: string): string => Buffer.from(text, 'latin1').toString('base64')

describe('http.raw job', () => {
  it('sends the bytes unchanged, gives a binary body as base64 and a gzip body decoded', async () => {
    const binary = Buffer.from([0, 1, 2, 255, 254])
    const s = await serve(head('Content-Type: application/octet-stream\r\n', binary))
    const request = 'GET /x HTTP/1.1\r\nHost:  odd \t\r\n\r\n'
    const r = await runRaw({ target: { host: '127.0.0.1', port: s.port, tls: false, insecure: false }, requestBase64: req(request) })
    expect(s.received[0]!.toString('latin1')).toBe(request)
    expect(r.request.raw).toBe(request)
    expect(r.response.bodyBase64).toBe(binary.toString('base64'))
    expect(r.response.body).toBeUndefined()
    expect(r.tls).toBeNull()

    const text = 'hello '.repeat(1000)
    const g = await serve(head('Content-Encoding: gzip\r\n', gzipSync(text)))
    const d = await runRaw({ target: { host: '127.0.0.1', port: g.port, tls: false, insecure: false }, requestBase64: req('GET / HTTP/1.1\r\n\r\n') })
    expect(d.response).toMatchObject({ body: text, bodyLength: text.length, decoded: ['gzip'] })
  })

  it('a corrupt gzip body is shown as received, with a finding saying it was not decoded', async () => {
    const bad = Buffer.concat([gzipSync('x'.repeat(100)).subarray(0, 12), Buffer.from('not gzip at all')])
    const s = await serve(head('Content-Encoding: gzip\r\n', bad))
    const r = await runRaw({ target: { host: '127.0.0.1', port: s.port, tls: false, insecure: false }, requestBase64: req('GET / HTTP/1.1\r\n\r\n') })
    expect(r.response.status).toBe(200)
    expect(r.response.decoded).toEqual([])
    expect(r.response.bodyLength).toBe(bad.length)
    expect(r.findings.some((f) => f.code === 'HTTP_BAD_CONTENT_CODING' && f.severity === 'error')).toBe(true)
  })

  it('refuses an empty request and one that is not base64', async () => {
    const target = { host: '127.0.0.1', port: 9, tls: false, insecure: false }
    await expect(runRaw({ target, requestBase64: '' })).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    await expect(runRaw({ target, requestBase64: 'not base64!' })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: 'The request must be base64.' })
  })
})
