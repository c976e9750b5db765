// The connector's byte tap and key log against real peers on loopback: the tap must hold exactly the bytes a relay in
// front of the server saw each way, and the key log the same secrets the server logged.
import net from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCertificate } from '../x509'
import type { IssuedCertificateResult } from '../x509/types'
import { connect } from './connect'
import { type TestTlsServer, eventually, recordingRelay, tlsEchoServer } from '../testing/tls-servers'

let leaf: IssuedCertificateResult
let server: TestTlsServer
const closers: (() => Promise<void>)[] = []

beforeAll(async () => {
  leaf = await createCertificate({ subject: { commonName: 'localhost' }, names: ['localhost', '127.0.0.1'], preset: 'server' })
  server = await tlsEchoServer({ cert: leaf.certPem, key: leaf.keyPem as string })
  closers.push(() => server.close())
})

afterAll(async () => {
  for (const close of closers) await close()
})

/** Sends `text`, waits for its echo, then closes politely and waits until every socket on the way is closed. */
async function roundTrip(relay: Awaited<ReturnType<typeof recordingRelay>>, options: { tls: boolean; maxBytes?: number; text: string }) {
  const conn = await connect({
    host: '127.0.0.1',
    port: relay.port,
    ...(options.tls ? { tls: { caPem: leaf.certPem } } : {}),
    tap: options.maxBytes ? { maxBytes: options.maxBytes } : true
  })
  conn.socket.on('error', () => undefined)
  let echoed = ''
  conn.socket.on('data', (d: Buffer) => (echoed += d.toString()))
  conn.socket.write(options.text)
  await eventually(() => echoed === options.text, 'the echo')
  conn.socket.end()
  await eventually(() => conn.tcp.closed && relay.closed(), 'every socket to close')
  return conn
}

describe('byte tap', () => {
  it('over TLS holds exactly the encrypted bytes the server side sent and received, with arrival times', async () => {
    const relay = await recordingRelay(server.port)
    closers.push(() => relay.close())
    const conn = await roundTrip(relay, { tls: true, text: 'attack at dawn' })
    const tap = conn.tap!
    const toServer = Buffer.concat(relay.toServer)
    const toClient = Buffer.concat(relay.toClient)
    expect(tap.totals).toEqual({ out: toServer.length, in: toClient.length })
    expect(tap.bytes('out').equals(toServer)).toBe(true)
    expect(tap.bytes('in').equals(toClient)).toBe(true)
    expect(tap.droppedBytes).toBe(0)
    // A handshake record (0x16) with a TLS major version (0x03) opens each direction: ClientHello, ServerHello.
    expect([...tap.bytes('out').subarray(0, 2)]).toEqual([0x16, 0x03])
    expect([...tap.bytes('in').subarray(0, 2)]).toEqual([0x16, 0x03])
    // What we sent was encrypted: the plaintext is nowhere on the wire.
    expect(tap.bytes('out').includes('attack at dawn')).toBe(false)
    const times = tap.chunks.map((c) => c.at)
    expect(times[0]).toBeGreaterThanOrEqual(conn.timings.startedAt)
    expect(times).toEqual([...times].sort((a, b) => a - b))
    expect(tap.chunks[0]!.dir).toBe('out')
  })

  it('over plain TCP holds the bytes as they were, and the caller still reads and half-closes through it', async () => {
    const echo = net.createServer((s) => s.pipe(s))
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve))
    closers.push(() => new Promise((resolve) => echo.close(() => resolve())))
    const relay = await recordingRelay((echo.address() as net.AddressInfo).port)
    closers.push(() => relay.close())
    const conn = await roundTrip(relay, { tls: false, text: 'plain words' })
    expect(conn.tap!.bytes('out').toString()).toBe('plain words')
    expect(conn.tap!.bytes('in').toString()).toBe('plain words')
    expect(conn.tap!.totals).toEqual({ out: 11, in: 11 })
  })

  it('keeps at most the byte limit and counts what it dropped', async () => {
    const relay = await recordingRelay(server.port)
    closers.push(() => relay.close())
    const conn = await roundTrip(relay, { tls: true, maxBytes: 100, text: 'x'.repeat(5000) })
    const tap = conn.tap!
    const seen = Buffer.concat(relay.toServer).length + Buffer.concat(relay.toClient).length
    expect(tap.keptBytes).toBe(100)
    expect(tap.droppedBytes).toBe(seen - 100)
    expect(tap.totals.in + tap.totals.out).toBe(seen)
  })
})

describe('key log', () => {
  for (const [version, labels] of [
    ['TLSv1.2', ['CLIENT_RANDOM']],
    ['TLSv1.3', ['CLIENT_HANDSHAKE_TRAFFIC_SECRET', 'SERVER_HANDSHAKE_TRAFFIC_SECRET', 'CLIENT_TRAFFIC_SECRET_0', 'SERVER_TRAFFIC_SECRET_0', 'EXPORTER_SECRET']]
  ] as const) {
    it(`${version}: NSS key log lines, the same secrets the server logged`, async () => {
      const before = server.keylog.length
      const conn = await connect({ host: 'localhost', port: server.port, family: 4, tls: { caPem: leaf.certPem, maxVersion: version }, keylog: true })
      conn.socket.on('error', () => undefined)
      conn.socket.write('hi')
      await new Promise((resolve) => conn.socket.once('data', resolve))
      conn.socket.end()
      expect(conn.tls!.protocol).toBe(version)
      const lines = conn.keylog!
      expect(lines.map((l) => l.split(' ')[0]).sort()).toEqual([...labels].sort())
      for (const line of lines) expect(line).toMatch(/^[A-Z_0-9]+ [0-9a-f]{64} [0-9a-f]{64,}$/)
      await eventually(() => server.keylog.length - before >= labels.length, 'the server key log')
      expect(server.keylog.slice(before).sort()).toEqual([...lines].sort())
    })
  }

  it('is not collected unless asked', async () => {
    const conn = await connect({ host: '127.0.0.1', port: server.port, tls: { caPem: leaf.certPem } })
    conn.socket.on('error', () => undefined)
    conn.socket.end()
    expect(conn.keylog).toBeNull()
    expect(conn.tap).toBeNull()
  })
})
