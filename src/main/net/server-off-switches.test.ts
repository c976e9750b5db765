// The defences a user may turn off or be refused by (issue 9): idle timeout 0 and line deadline 0 mean off, and a
// client refused because the server is full is told so in one line instead of a silent close.
import net from 'node:net'
import { afterAll, describe, expect, it } from 'vitest'
import { Servers } from './servers'
import { REFUSED_LINGER_MS } from './served-client'
import { exchange, openIdleSockets } from '../testing/net'
import { sleep } from '../testing/hostile-clients'
import { connect } from '../tls'
import { serverLimits, serverStartInput, type ServerStartInput } from '../../shared/contract'
import type { EngineEvents } from '../core/events'

const quiet: EngineEvents = { emit: () => {}, data: () => {}, note: () => {} }
const servers = new Servers(quiet)
const start = (input: ServerStartInput) => servers.start(serverStartInput.parse(input))
const statsOf = (id: string) => servers.list().find((s) => s.id === id)!.stats

afterAll(async () => {
  await servers.stopAll()
})

/** Connects and resolves once connected, with a flag that turns true when the server closes its side. */
function held(port: number): Promise<{ socket: net.Socket; closedByServer: () => boolean }> {
  return new Promise((resolve, reject) => {
    let closed = false
    const socket = net.connect({ host: '127.0.0.1', port }, () => resolve({ socket, closedByServer: () => closed }))
    socket.on('end', () => (closed = true))
    socket.on('close', () => (closed = true))
    socket.on('error', reject)
  })
}

describe('turning a defence off', () => {
  it('the contract accepts 0 for the idle timeout and the line deadline, and still refuses 1 to 99 ms', () => {
    expect(serverLimits.parse({ idleTimeoutMs: 0, lineDeadlineMs: 0 })).toMatchObject({ idleTimeoutMs: 0, lineDeadlineMs: 0 })
    const tooShort = serverLimits.safeParse({ idleTimeoutMs: 50 })
    expect(tooShort.success).toBe(false)
    expect(tooShort.error?.issues[0]?.message).toBe('Use 0 (off) or at least 100 ms.')
  })

  it('idle timeout 0: a silent client stays connected well past the timeout a 150 ms server applies', async () => {
    const off = await start({ behaviour: 'echo', limits: { idleTimeoutMs: 0 } })
    const on = await start({ behaviour: 'echo', limits: { idleTimeoutMs: 150 } })
    const quietOnOff = await held(off.port)
    const quietOnOn = await held(on.port)
    try {
      await sleep(600)
      expect(quietOnOn.closedByServer()).toBe(true)
      expect(quietOnOff.closedByServer()).toBe(false)
      expect(statsOf(off.id).idleTimeouts).toBe(0)
      // Still a working connection, not a forgotten one.
      quietOnOff.socket.write('still here\n')
      const echoed = await new Promise<string>((resolve) => quietOnOff.socket.once('data', (d) => resolve(d.toString())))
      expect(echoed).toBe('still here\n')
    } finally {
      quietOnOff.socket.destroy()
      quietOnOn.socket.destroy()
    }
  })

  it('line deadline 0: a half-typed line may wait, where a 150 ms deadline closes it', async () => {
    const off = await start({ behaviour: 'upper', limits: { lineDeadlineMs: 0 } })
    const on = await start({ behaviour: 'upper', limits: { lineDeadlineMs: 150 } })
    const typingOff = await held(off.port)
    const typingOn = await held(on.port)
    try {
      typingOff.socket.write('half a li')
      typingOn.socket.write('half a li')
      await sleep(600)
      expect(typingOn.closedByServer()).toBe(true)
      expect(typingOff.closedByServer()).toBe(false)
      expect(statsOf(off.id).slowClients).toBe(0)
      typingOff.socket.write('ne\n')
      const reply = await new Promise<string>((resolve) => typingOff.socket.once('data', (d) => resolve(d.toString())))
      expect(reply).toBe('HALF A LINE\n')
    } finally {
      typingOff.socket.destroy()
      typingOn.socket.destroy()
    }
  })

  it('a TLS server with both off still completes handshakes', async () => {
    const info = await start({ behaviour: 'echo', tls: { selfSigned: true }, limits: { idleTimeoutMs: 0, lineDeadlineMs: 0 } })
    const { socket } = await connect({ host: '127.0.0.1', port: info.port, tls: { verify: false } })
    try {
      expect(statsOf(info.id).tlsFailures).toBe(0)
    } finally {
      socket.destroy()
    }
  })
})

describe('a full server', () => {
  it('tells a refused client why in one line, counts it, and keeps serving the clients it has', async () => {
    const info = await start({ behaviour: 'echo', limits: { maxConnections: 2 } })
    const [first, second] = await openIdleSockets(info.port, 2)
    await sleep(50)
    try {
      const began = performance.now()
      expect(await exchange(info.port, null, () => false)).toBe('ERROR: server full (2 connections); closing.\n')
      expect(performance.now() - began).toBeLessThan(REFUSED_LINGER_MS + 500)
      expect(statsOf(info.id).refusedMaxConnections).toBe(1)
      first!.write('kept\n')
      const echoed = await new Promise<string>((resolve) => first!.once('data', (d) => resolve(d.toString())))
      expect(echoed).toBe('kept\n')
    } finally {
      first!.destroy()
      second!.destroy()
    }
  })
})
