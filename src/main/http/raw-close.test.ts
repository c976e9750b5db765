// A TLS server that sends a big body and closes at once: the last bytes waited, decrypted, in a paused TLS socket
// while the spill to disk caught up, and the transport's close used to destroy it with them (a response "cut short"
// that curl read whole). Several runs, as the race needs the close to land while the reader is paused.
import https from 'node:https'
import type net from 'node:net'
import { rmSync } from 'node:fs'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { sendRaw } from './raw'
import { rootCA, serverCert } from '../testing/x509'

const TOTAL = 30_000_000
let server: https.Server
let port = 0
let caPem = ''

beforeAll(async () => {
  const root = await rootCA('Close Test Root')
  const leaf = await serverCert('big.test', root)
  caPem = root.certPem
  const chunk = Buffer.alloc(256 * 1024, 0x61)
  server = https.createServer({ cert: leaf.certPem, key: leaf.keyPem }, (req, res) => {
    res.writeHead(200, { 'content-length': TOTAL, connection: 'close' })
    let left = TOTAL
    const pump = (): void => {
      while (left > 0) {
        const n = Math.min(left, chunk.length)
        left -= n
        if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return void res.once('drain', pump)
      }
      res.end(() => req.socket.end())
    }
    pump()
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  port = (server.address() as net.AddressInfo).port
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise<void>((r) => server.close(() => r()))
})

it('keeps every byte of a body the server closes right after, over TLS, run after run', async () => {
  for (let i = 0; i < 6; i++) {
    const r = await sendRaw({ host: 'big.test', port, address: '127.0.0.1', tls: { verify: true, caPem, alpn: ['http/1.1'] } }, new TextEncoder().encode('GET / HTTP/1.1\r\nHost: big.test\r\n\r\n'))
    const length = 'file' in r.body ? r.body.length : r.body.bytes.length
    if ('file' in r.body) rmSync(r.body.file, { force: true })
    expect({ run: i, length, complete: r.complete, findings: r.findings.map((f) => f.code).filter((c) => c === 'TRUNCATED') }).toEqual({ run: i, length: TOTAL, complete: true, findings: [] })
  }
}, 60_000)
