// The servers' behaviours and defences against real clients on loopback: echo, upper, discard, fixed, TLS, mTLS, limits.
import net from 'node:net'
import { afterAll, describe, expect, it } from 'vitest'
import { Servers } from './servers'
import { exchange, openIdleSockets, recordingEvents } from '../testing/net'
import { serverStartInput, type ServerStartInput } from '../../shared/contract'
import { toWireError } from '../../shared/errors'

const { events, seen } = recordingEvents()
const servers = new Servers(events)
const start = (input: ServerStartInput) => servers.start(serverStartInput.parse(input))

afterAll(async () => {
  await servers.stopAll()
})

describe('TCP servers', () => {
  it('binds 127.0.0.1 on a port the OS picks and echoes bytes back', async () => {
    const info = await start({ behaviour: 'echo' })
    expect(info.address).toBe('127.0.0.1')
    expect(info.port).toBeGreaterThan(0)
    expect(info.warning).toBeNull()
    expect(await exchange(info.port, 'ping\n', (d) => d.includes('ping\n'))).toBe('ping\n')
  })

  it('the upper-case server answers a line, keeping its line ending, and waits for the newline', async () => {
    const info = await start({ behaviour: 'upper' })
    expect(await exchange(info.port, 'hello, world\r\n', (d) => d.endsWith('\n'))).toBe('HELLO, WORLD\r\n')
    const reply = await new Promise<string>((resolve) => {
      const s = net.connect(info.port, '127.0.0.1', () => {
        s.write('two ')
        setTimeout(() => s.write('parts\nand more'), 50)
      })
      let got = ''
      s.on('data', (d) => {
        got += d
        setTimeout(() => {
          s.destroy()
          resolve(got)
        }, 50)
      })
    })
    expect(reply).toBe('TWO PARTS\n')
  })

  it('500 clients that never send a newline do not stop a new client from being served', async () => {
    const info = await start({ behaviour: 'upper', limits: { idleTimeoutMs: 60_000, maxLineLength: 8192, maxConnections: 1000 } })
    const idle = await openIdleSockets(info.port, 500, 'no newline, ever')
    try {
      const started = performance.now()
      expect(await exchange(info.port, 'still here\n', (d) => d.endsWith('\n'))).toBe('STILL HERE\n')
      expect(performance.now() - started).toBeLessThan(1000)
      expect(servers.list().find((s) => s.id === info.id)!.stats.active).toBeGreaterThanOrEqual(500)
    } finally {
      for (const s of idle) s.destroy()
    }
  })

  it('refuses a line over the limit with a clear message, closes, and counts it', async () => {
    const info = await start({ behaviour: 'upper', limits: { idleTimeoutMs: 10_000, maxLineLength: 16, maxConnections: 10 } })
    const reply = await exchange(info.port, 'x'.repeat(17), () => false)
    expect(reply).toBe('ERROR: line too long (over 16 bytes); closing.\n')
    // A line of exactly the limit is fine.
    expect(await exchange(info.port, 'y'.repeat(16) + '\n', (d) => d.endsWith('\n'))).toBe('Y'.repeat(16) + '\n')
    expect(servers.list().find((s) => s.id === info.id)!.stats.linesTooLong).toBe(1)
  })

  it('closes idle clients after the idle timeout and counts them', async () => {
    const info = await start({ behaviour: 'echo', limits: { idleTimeoutMs: 200, maxLineLength: 100, maxConnections: 10 } })
    const started = performance.now()
    expect(await exchange(info.port, null, () => false)).toBe('')
    const took = performance.now() - started
    expect(took).toBeGreaterThanOrEqual(150)
    expect(took).toBeLessThan(2000)
    expect(servers.list().find((s) => s.id === info.id)!.stats.idleTimeouts).toBe(1)
    const [client] = servers.clients(info.id)
    expect(client!.closeReason).toBe('idle for 200 ms')
  })

  it('refuses connections over the maximum and counts them', async () => {
    const info = await start({ behaviour: 'echo', limits: { idleTimeoutMs: 10_000, maxLineLength: 100, maxConnections: 3 } })
    const held = await openIdleSockets(info.port, 3)
    await new Promise((r) => setTimeout(r, 50))
    try {
      expect(await exchange(info.port, 'hi', () => false)).toBe('ERROR: server full (3 connections); closing.\n')
      expect(servers.list().find((s) => s.id === info.id)!.stats.refusedMaxConnections).toBe(1)
    } finally {
      for (const s of held) s.destroy()
    }
  })

  it('lists clients with their address and ephemeral port, and reports bytes', async () => {
    const info = await start({ behaviour: 'echo' })
    const socket = await new Promise<net.Socket>((resolve) => {
      const s = net.connect(info.port, '127.0.0.1', () => resolve(s))
    })
    socket.write('12345')
    await new Promise((r) => setTimeout(r, 100))
    const [client] = servers.clients(info.id)
    expect(client).toMatchObject({ remoteAddress: '127.0.0.1', remotePort: socket.localPort, bytesIn: 5, bytesOut: 5, closedAt: null })
    socket.destroy()
  })

  it('sends a fixed reply once and closes', async () => {
    const info = await start({ behaviour: 'fixed', fixedReply: { data: 'HTTP/1.1 204 No Content\r\n\r\n' } })
    expect(await exchange(info.port, 'GET / HTTP/1.1\r\n\r\n', () => false)).toBe('HTTP/1.1 204 No Content\r\n\r\n')
  })

  it('explains a port already in use', async () => {
    const info = await start({ behaviour: 'echo' })
    const err = await start({ behaviour: 'echo', port: info.port }).catch((e: unknown) => toWireError(e))
    expect(err).toMatchObject({ code: 'EADDRINUSE', message: expect.stringContaining('already listening on that port') })
  })

  it('binds IPv6 loopback, and warns when bound beyond loopback', async () => {
    const v6 = await start({ behaviour: 'echo', host: '::1' })
    expect(v6).toMatchObject({ address: '::1', family: 'IPv6', warning: null })
    expect(await exchange(v6.port, 'six', (d) => d === 'six', '::1')).toBe('six')
    const wide = await start({ behaviour: 'discard', host: '0.0.0.0' })
    expect(wide.warning).toContain('every network this machine is on')
    await servers.stop(wide.id)
  })

  it('emits transcript events for each client', async () => {
    const info = await start({ behaviour: 'echo' })
    await exchange(info.port, 'abc', (d) => d === 'abc')
    await new Promise((r) => setTimeout(r, 30))
    const data = seen.filter((e) => e.name === 'stream.data' && (e.payload as { streamId: string }).streamId.startsWith(`${info.id}.`))
    const entries = data.flatMap((e) => (e.payload as { entries: { dir: string; data: string }[] }).entries)
    expect(entries.filter((e) => e.dir === 'in').map((e) => Buffer.from(e.data, 'base64').toString())).toContain('abc')
    expect(entries.filter((e) => e.dir === 'out').map((e) => Buffer.from(e.data, 'base64').toString())).toContain('abc')
  })
})

describe('UDP servers', () => {
  it('echoes and upper-cases datagrams and counts them', async () => {
    const { UdpSockets } = await import('./udp')
    const udp = new UdpSockets(events)
    const echo = await start({ protocol: 'udp', behaviour: 'echo' })
    const r = await udp.send({ host: '127.0.0.1', port: echo.port, payload: { data: 'dgram' }, waitForReplyMs: 2000 })
    expect(Buffer.from(r.reply!.data, 'base64').toString()).toBe('dgram')
    expect(r.reply!.port).toBe(echo.port)
    expect(r.localPort).toBeGreaterThan(0)
    const upper = await start({ protocol: 'udp', behaviour: 'upper', host: '::1' })
    const u = await udp.send({ host: '::1', port: upper.port, payload: { data: 'quiet' }, waitForReplyMs: 2000 })
    expect(Buffer.from(u.reply!.data, 'base64').toString()).toBe('QUIET\n')
    expect(servers.list().find((s) => s.id === echo.id)!.stats.datagrams).toBe(1)
  })
})
