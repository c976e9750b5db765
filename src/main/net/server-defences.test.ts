// Servers against hostile clients on loopback (issue 8, items 3 and 4): clients that never read their replies,
// slowloris connections, and a client refused for a long line that keeps on sending.
import net from 'node:net'
import dgram from 'node:dgram'
import { afterAll, describe, expect, it } from 'vitest'
import { Servers } from './servers'
import { MAX_QUEUED_REPLY_BYTES } from './served-client'
import { drip, eventually, floodWithoutReading, openConnections, sleep, timedLine } from '../testing/hostile-clients'
import { UdpSockets } from './udp'
import { connect } from '../tls'
import { serverStartInput, type ServerLimits, type ServerStartInput } from '../../shared/contract'
import type { EngineEvents } from '../core/events'

// Counters are read from the engine; a recording sink would itself hold every flooded byte.
const quiet: EngineEvents = { emit: () => {}, data: () => {}, note: () => {} }
const servers = new Servers(quiet)
const start = (input: ServerStartInput) => servers.start(serverStartInput.parse(input))
const statsOf = (id: string) => servers.list().find((s) => s.id === id)!.stats
const limits = (more: Partial<ServerLimits>): ServerLimits => ({ idleTimeoutMs: 30_000, maxLineLength: 8192, maxConnections: 1000, lineDeadlineMs: 10_000, ...more })
// What one client may have queued: the bound, plus the replies to the one chunk read before we paused.
const QUEUE_BOUND_PER_CLIENT = MAX_QUEUED_REPLY_BYTES + 256 * 1024

afterAll(async () => {
  await servers.stopAll()
})

describe('clients that never read their replies', () => {
  it('8 non-readers of `upper`: the queued replies stay bounded and a normal client is answered within 1 s', { timeout: 30_000 }, async () => {
    const info = await start({ behaviour: 'upper' })
    const lines = Buffer.from('the quick brown fox jumps over the lazy dog, again and again\n'.repeat(16 * 1024))
    const flooders = await Promise.all(Array.from({ length: 8 }, () => floodWithoutReading(info.port, lines)))
    try {
      // Once the OS buffers between us are full, each is paused rather than queued for without end.
      expect(await eventually(() => statsOf(info.id).backpressurePauses >= 8, 15_000)).toBe(true)
      await sleep(200)
      expect(servers.queuedBytes(info.id)).toBeLessThan(8 * QUEUE_BOUND_PER_CLIENT)
      const bytesIn = statsOf(info.id).bytesIn
      await sleep(300)
      // Paused means paused: no more of their bytes are read while they do not read.
      expect(statsOf(info.id).bytesIn).toBe(bytesIn)
      const normal = await timedLine(info.port, 'still answered\n')
      expect(normal.reply).toBe('STILL ANSWERED\n')
      expect(normal.ms).toBeLessThan(1000)
    } finally {
      for (const s of flooders) s.destroy()
    }
  })

  it('echo and TLS echo hold at most about 1 MiB for a client that never reads', { timeout: 30_000 }, async () => {
    const echo = await start({ behaviour: 'echo' })
    const tlsEcho = await start({ behaviour: 'echo', tls: { selfSigned: true } })
    const chunk = Buffer.alloc(256 * 1024, 'z')
    const flooders = await Promise.all([floodWithoutReading(echo.port, chunk), floodWithoutReading(tlsEcho.port, chunk, { tls: true })])
    try {
      for (const id of [echo.id, tlsEcho.id]) {
        expect(await eventually(() => statsOf(id).backpressurePauses >= 1, 15_000)).toBe(true)
        await sleep(200)
        expect(servers.queuedBytes(id)).toBeLessThan(QUEUE_BOUND_PER_CLIENT)
      }
    } finally {
      for (const s of flooders) s.destroy()
    }
  })

  it('UDP echo queues nothing under a flood of datagrams and still answers', async () => {
    const info = await start({ protocol: 'udp', behaviour: 'echo' })
    const flooder = dgram.createSocket('udp4')
    const datagram = Buffer.alloc(1200, 'u')
    await new Promise<void>((resolve) => flooder.connect(info.port, '127.0.0.1', () => resolve()))
    for (let i = 0; i < 5000; i++) flooder.send(datagram)
    await sleep(200)
    flooder.close()
    expect(servers.queuedBytes(info.id)).toBeLessThan(1024 * 1024)
    const udp = new UdpSockets(quiet)
    const started = performance.now()
    const r = await udp.send({ host: '127.0.0.1', port: info.port, payload: { data: 'after the flood' }, waitForReplyMs: 2000 })
    expect(Buffer.from(r.reply!.data, 'base64').toString()).toBe('after the flood')
    expect(performance.now() - started).toBeLessThan(1000)
  })
})

describe('slowloris', () => {
  it('1,000 connections dripping a byte every 300 ms are closed at the line deadline and counted; a normal client is answered within 1 s meanwhile', async () => {
    const info = await start({ behaviour: 'upper', limits: limits({ lineDeadlineMs: 2000, maxConnections: 1100 }) })
    const dripping = await openConnections(info.port, 1000)
    expect(await eventually(() => statsOf(info.id).active >= 1000, 5000)).toBe(true)
    const stop = drip(dripping, 300)
    try {
      await sleep(500)
      const normal = await timedLine(info.port, 'real client\n')
      expect(normal).toMatchObject({ reply: 'REAL CLIENT\n' })
      expect(normal.ms).toBeLessThan(1000)
      // Deadline 2 s from each connection's first byte, plus a margin for a loaded machine.
      expect(await eventually(() => statsOf(info.id).slowClients >= 1000, 4000)).toBe(true)
      expect(statsOf(info.id).slowClients).toBe(1000)
      expect(await eventually(() => statsOf(info.id).active === 0, 1000)).toBe(true)
      expect(dripping.every((s) => s.destroyed || s.readableEnded)).toBe(true)
      expect(servers.clients(info.id)[0]!.closeReason).toBe('line not finished within 2000 ms')
    } finally {
      stop()
      for (const s of dripping) s.destroy()
    }
  }, 30_000)

  it('keeps clients that finish their lines in time, and bulk data without newlines', async () => {
    const upper = await start({ behaviour: 'upper', limits: limits({ lineDeadlineMs: 500 }) })
    const discard = await start({ behaviour: 'discard', limits: limits({ lineDeadlineMs: 500 }) })
    const [chatty] = await openConnections(upper.port, 1)
    const [bulk] = await openConnections(discard.port, 1)
    const zeros = Buffer.alloc(64 * 1024)
    const timer = setInterval(() => {
      chatty!.write('a short line\n')
      bulk!.write(zeros)
    }, 200)
    try {
      await sleep(1500)
      expect(statsOf(upper.id)).toMatchObject({ slowClients: 0, active: 1 })
      expect(statsOf(discard.id)).toMatchObject({ slowClients: 0, active: 1 })
    } finally {
      clearInterval(timer)
      chatty!.destroy()
      bulk!.destroy()
    }
  })
})

describe('a full server', () => {
  it('closes the client that finished no line for the longest to make room, and counts it', async () => {
    const info = await start({ behaviour: 'upper', limits: limits({ maxConnections: 50 }) })
    const held = await openConnections(info.port, 50)
    const stop = drip(held, 300)
    try {
      expect(await eventually(() => statsOf(info.id).active === 50, 5000)).toBe(true)
      await sleep(1200)
      const normal = await timedLine(info.port, 'let me in\n')
      expect(normal.reply).toBe('LET ME IN\n')
      expect(normal.ms).toBeLessThan(1000)
      expect(statsOf(info.id)).toMatchObject({ evictions: 1, refusedMaxConnections: 0 })
      expect(servers.clients(info.id).filter((c) => c.closeReason?.startsWith('closed to make room: no line finished for'))).toHaveLength(1)
    } finally {
      stop()
      for (const s of held) s.destroy()
    }
  })
})

describe('TLS handshakes', () => {
  it('a connection that never completes its handshake is closed at the line deadline, counted as a failed handshake', async () => {
    const info = await start({ behaviour: 'echo', tls: { selfSigned: true }, limits: limits({ lineDeadlineMs: 500 }) })
    const [silent] = await openConnections(info.port, 1)
    const closed = new Promise<number>((resolve) => silent!.once('close', () => resolve(performance.now())))
    const opened = performance.now()
    expect((await closed) - opened).toBeLessThan(2000)
    expect(await eventually(() => statsOf(info.id).tlsFailures === 1, 1000)).toBe(true)
  })

  it('a full TLS server makes room by closing the handshake stalled longest', async () => {
    const info = await start({ behaviour: 'echo', tls: { selfSigned: true }, limits: limits({ maxConnections: 5 }) })
    const silent = await openConnections(info.port, 5)
    try {
      await sleep(1200)
      const started = performance.now()
      const { socket: s } = await connect({ host: '127.0.0.1', port: info.port, tls: { verify: false } })
      const echoed = await new Promise<string>((resolve, reject) => {
        s.write('over TLS')
        s.on('data', (d) => {
          s.destroy()
          resolve(d.toString())
        })
        s.on('error', reject)
      })
      expect(echoed).toBe('over TLS')
      expect(performance.now() - started).toBeLessThan(1000)
      expect(statsOf(info.id)).toMatchObject({ evictions: 1, refusedMaxConnections: 0, tlsFailures: 0 })
    } finally {
      for (const s of silent) s.destroy()
    }
  })
})

describe('a client refused for a long line', () => {
  it('gets the error line, then the server reads no more of its bytes and closes it', async () => {
    const info = await start({ behaviour: 'upper', limits: limits({ maxLineLength: 1024 }) })
    const socket = net.connect({ host: '127.0.0.1', port: info.port })
    socket.on('error', () => {})
    let reply = ''
    let closedAt = 0
    socket.on('data', (d) => (reply += d.toString()))
    socket.on('close', () => (closedAt = performance.now()))
    const junk = Buffer.alloc(16 * 1024, 'y')
    // Keeps streaming after the refusal, as the audit's client did.
    const timer = setInterval(() => socket.writable && socket.write(junk), 20)
    try {
      for (let i = 0; i < 50 && !reply.includes('\n'); i++) await sleep(20)
      expect(reply).toBe('ERROR: line too long (over 1024 bytes); closing.\n')
      const refusedAt = performance.now()
      const bytesIn = servers.clients(info.id)[0]!.bytesIn
      await sleep(400)
      expect(servers.clients(info.id)[0]!.bytesIn).toBe(bytesIn)
      expect(statsOf(info.id).bytesIn).toBe(bytesIn)
      for (let i = 0; i < 40 && !closedAt; i++) await sleep(50)
      expect(closedAt).toBeGreaterThan(0)
      expect(closedAt - refusedAt).toBeLessThan(2000)
      expect(statsOf(info.id).linesTooLong).toBe(1)
    } finally {
      clearInterval(timer)
      socket.destroy()
    }
  })
})
