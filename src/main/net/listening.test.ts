// The listening-sockets view against real sockets this test binds on loopback: each is found with its bind address,
// its words and this process as owner; the /proc hex is decoded the way the kernel writes it.
import { createServer, type Server } from 'node:net'
import { createSocket, type Socket } from 'node:dgram'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listeningSockets, parseProcNetTable, procAddress, reachOf } from './listening'

const linux = process.platform === 'linux'

function listen(host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, host, () => resolve(server))
  })
}

function bindUdp(host: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4')
    socket.once('error', reject)
    socket.bind(0, host, () => resolve(socket))
  })
}

const portOf = (s: Server) => (s.address() as { port: number }).port

describe('listening sockets', () => {
  let v4: Server
  let v6: Server
  let second: Server
  let udp: Socket
  beforeAll(async () => {
    ;[v4, v6, second, udp] = await Promise.all([listen('127.0.0.1'), listen('::1'), listen('127.0.0.2'), bindUdp('127.0.0.1')])
  })
  afterAll(async () => {
    await Promise.all([v4, v6, second].map((s) => new Promise((r) => s.close(r))))
    await new Promise<void>((r) => udp.close(() => r()))
  })

  it('decodes /proc/net hex addresses as the kernel writes them on a little-endian machine', () => {
    expect(procAddress('0100007F', true)).toBe('127.0.0.1')
    expect(procAddress('00000000', true)).toBe('0.0.0.0')
    expect(procAddress('00000000000000000000000001000000', true)).toBe('::1')
    expect(procAddress('00000000000000000000000000000000', true)).toBe('::')
    expect(procAddress('0000000000000000FFFF00000100007F', true)).toBe('::ffff:127.0.0.1')
    const table = [
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4242 1 0 100 0 0 10 0',
      '   1: 0100007F:C5FA 0100007F:A0F1 01 00000000:00000000 00:00000000 00000000     0        0 4343 1 0 100 0 0 10 0'
    ].join('\n')
    // The established connection (state 01) is not a listener; 0x1F90 is port 8080.
    expect(parseProcNetTable(table, 'tcp', true)).toEqual([{ address: '0.0.0.0', port: 8080, inode: 4242 }])
  })

  it('says in words who can reach each bind address', () => {
    expect(reachOf('127.0.0.1').words).toBe('only this machine (loopback)')
    expect(reachOf('::1').reach).toBe('loopback')
    expect(reachOf('::ffff:127.0.0.1').reach).toBe('loopback')
    expect(reachOf('0.0.0.0').words).toBe('every IPv4 interface — reachable from the network')
    expect(reachOf('::').reach).toBe('everywhere')
    expect(reachOf('fe80::1').reach).toBe('link')
  })

  it.runIf(linux)('lists TCP listeners on 127.0.0.1, 127.0.0.2 and ::1 and a UDP socket, each with its bind address and this process', async () => {
    const all = await listeningSockets()
    expect(all.available).toBe(true)
    const find = (protocol: string, port: number) => all.sockets.find((s) => s.protocol === protocol && s.port === port)
    expect(find('tcp', portOf(v4))).toMatchObject({ address: '127.0.0.1', family: 'IPv4', reach: 'loopback' })
    expect(find('tcp', portOf(second))).toMatchObject({ address: '127.0.0.2', family: 'IPv4', reach: 'loopback' })
    expect(find('tcp', portOf(v6))).toMatchObject({ address: '::1', family: 'IPv6', reach: 'loopback' })
    expect(find('udp', udp.address().port)).toMatchObject({ address: '127.0.0.1', family: 'IPv4' })
    // Our own descriptors are always readable, so the owner is known unless the search ran out of time.
    if (!all.processSearchCut) expect(find('tcp', portOf(v4))?.process?.pid).toBe(process.pid)
  })

  it.runIf(linux)('answers "what is listening on this port here" with only that port', async () => {
    const one = await listeningSockets({ port: portOf(v6) })
    expect(one.sockets.length).toBeGreaterThanOrEqual(1)
    expect(one.sockets.every((s) => s.port === portOf(v6))).toBe(true)
    expect(one.sockets.map((s) => s.address)).toContain('::1')
  })
})
