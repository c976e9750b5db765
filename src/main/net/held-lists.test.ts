// What main holds must be listable, so a page that (re)mounts can show every open client and bound socket.
import net from 'node:net'
import { afterAll, describe, expect, it } from 'vitest'
import { connectInput } from '../../shared/contract'
import { TcpClients } from './tcpClient'
import { UdpSockets } from './udp'
import { recordingEvents } from '../testing/net'

const { events } = recordingEvents()
const clients = new TcpClients(events)
const udp = new UdpSockets(events)
const peers: net.Socket[] = []
const listener = net.createServer((s) => peers.push(s))

afterAll(async () => {
  clients.closeAll()
  udp.closeAll()
  for (const p of peers) p.destroy()
  await new Promise((r) => listener.close(r))
})

const until = async (check: () => boolean): Promise<void> => {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 10))
}

describe('what main holds', () => {
  it('lists open TCP client connections and drops them once closed, keeping half-closed ones', async () => {
    await new Promise<void>((r) => listener.listen(0, '127.0.0.1', r))
    const port = (listener.address() as net.AddressInfo).port
    expect(clients.list()).toEqual([])
    const first = await clients.connect(connectInput.parse({ host: '127.0.0.1', port }))
    const second = await clients.connect(connectInput.parse({ host: '127.0.0.1', port }))
    expect(clients.list().map((c) => [c.id, c.protocol, c.remotePort])).toEqual([
      [first.id, 'tcp', port],
      [second.id, 'tcp', port]
    ])
    clients.close(first.id)
    await until(() => clients.list().length === 1)
    expect(clients.list().map((c) => c.id)).toEqual([second.id])
    // The peer sending FIN leaves us a half-open connection that can still send: main still holds it...
    await until(() => peers.length === 2)
    for (const p of peers) p.end()
    await new Promise((r) => setTimeout(r, 100))
    expect(clients.list().map((c) => c.id)).toEqual([second.id])
    // ...until we finish our side too.
    clients.end(second.id)
    await until(() => clients.list().length === 0)
    expect(clients.list()).toEqual([])
  })

  it('lists bound UDP sockets with their address and forgets closed ones', async () => {
    expect(udp.list()).toEqual([])
    const a = await udp.bind({ host: '127.0.0.1', port: 0 })
    const b = await udp.bind({ host: '::1', port: 0 })
    expect(udp.list()).toEqual([a, b])
    expect(udp.list()[1]).toMatchObject({ address: '::1', family: 'IPv6', port: b.port })
    udp.close(a.id)
    expect(udp.list()).toEqual([b])
    udp.closeAll()
    expect(udp.list()).toEqual([])
  })
})
