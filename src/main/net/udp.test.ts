// UDP send, bind and receive on loopback, with the sender of each datagram shown.
import dgram from 'node:dgram'
import { afterAll, describe, expect, it } from 'vitest'
import { UdpSockets } from './udp'
import { recordingEvents } from '../testing/net'
import { toWireError } from '../../shared/errors'

const { events, seen } = recordingEvents()
const udp = new UdpSockets(events)
afterAll(() => udp.closeAll())

describe('UDP sockets', () => {
  it('a bound socket reports each datagram with its sender address and port', async () => {
    const bound = await udp.bind({ host: '127.0.0.1', port: 0 })
    expect(bound).toMatchObject({ address: '127.0.0.1', family: 'IPv4', warning: null })
    const sender = dgram.createSocket('udp4')
    await new Promise<void>((r) => sender.bind(0, '127.0.0.1', () => r()))
    sender.send('first', bound.port, '127.0.0.1')
    sender.send('second', bound.port, '127.0.0.1')
    await new Promise((r) => setTimeout(r, 100))
    const entries = seen
      .filter((e) => e.name === 'stream.data' && (e.payload as { streamId: string }).streamId === bound.id)
      .flatMap((e) => (e.payload as { entries: { peer?: string; data: string }[] }).entries)
    // Datagrams stay separate (message boundaries), each with who sent it.
    expect(entries.map((e) => [e.peer, Buffer.from(e.data, 'base64').toString()])).toEqual([
      [`127.0.0.1:${sender.address().port}`, 'first'],
      [`127.0.0.1:${sender.address().port}`, 'second']
    ])
    sender.close()
  })

  it('says when nothing answers, and refuses oversized datagrams', async () => {
    const quiet = dgram.createSocket('udp4')
    await new Promise<void>((r) => quiet.bind(0, '127.0.0.1', () => r()))
    const r = await udp.send({ host: '127.0.0.1', port: quiet.address().port, payload: { data: 'anyone?' }, waitForReplyMs: 150 })
    expect(r.reply).toBeNull()
    expect(r.bytes).toBe(7)
    quiet.close()
    const big = await udp.send({ host: '127.0.0.1', port: 9, payload: { data: 'x'.repeat(70_000) }, waitForReplyMs: 0 }).catch((e: unknown) => toWireError(e))
    expect(big).toMatchObject({ code: 'EMSGSIZE' })
  })
})
