// Capturing real loopback packets with tcpdump: the test makes a TCP connection and a DNS exchange over UDP and must
// find their real segments (SYN, SYN-ACK, ACK with options, data, FIN) on the right clock; a missing or refusing
// tcpdump must give a reason in words, and a tcpdump that never starts must not hang anything.
import dgram from 'node:dgram'
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import dnsPacket from 'dns-packet'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dissectPacket, type PacketSummary } from '../../shared/net/packets'
import { type CapturedPacket, captureAvailable, captureFilter, startCapture } from './capture'

const dir = mkdtempSync(join(tmpdir(), 'wb-capture-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** A shell script standing in for tcpdump, to show how failures read. */
function fakeTool(name: string, script: string): string {
  const path = join(dir, name)
  writeFileSync(path, `#!/bin/sh\n${script}\n`)
  chmodSync(path, 0o755)
  return path
}

let availability: Awaited<ReturnType<typeof captureAvailable>>
beforeAll(async () => {
  availability = await captureAvailable()
})

/** CI installs tcpdump and runs as root: an unavailable capture there is a failure with its reason, not a skip. */
function requireCapture(): void {
  if (!availability.ok) throw new Error(`Packet capture is not available here: ${availability.why}`)
}

const summaries = (packets: CapturedPacket[]): (PacketSummary & { at: number; bytes: Uint8Array })[] =>
  packets.map((p) => ({ ...dissectPacket(p.bytes, p.linkType).summary, at: p.at, bytes: p.bytes }))
const only = (flags: string[], ...want: string[]): boolean => flags.filter((f) => f !== 'PSH').sort().join() === want.sort().join()

describe('packet capture with tcpdump', () => {
  it('captures a loopback TCP connection: handshake with options, data and FIN, on the performance.now() clock', async () => {
    requireCapture()
    const server = net.createServer((s) => {
      s.on('data', () => s.end('pong'))
      s.on('error', () => undefined)
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const port = (server.address() as net.AddressInfo).port
    try {
      const capture = await startCapture({ filter: { hosts: ['127.0.0.1'], ports: [port] } })
      expect(capture.filter).toBe(`(host 127.0.0.1) and (port ${port})`)
      const before = performance.now()
      const client = net.connect(port, '127.0.0.1')
      await new Promise<void>((r) => client.once('connect', r))
      const localPort = client.localPort!
      client.write('ping')
      let reply = ''
      let replyAt = 0
      client.on('data', (d) => {
        reply += d.toString()
        replyAt = performance.now()
      })
      await new Promise<void>((r) => client.once('close', () => r()))
      const packets = await capture.stop()
      expect(reply).toBe('pong')
      expect(capture.notes).toEqual([])
      const s = summaries(packets)
      for (const p of s) expect([p.srcPort, p.dstPort].sort()).toEqual([localPort, port].sort())
      const syns = s.filter((p) => only(p.tcp!.flags, 'SYN'))
      expect(syns).toHaveLength(1) // loopback packets are not seen twice on "any"
      const syn = syns[0]!
      const synAck = s.find((p) => only(p.tcp!.flags, 'SYN', 'ACK'))!
      const ack = s.find((p) => p.srcPort === localPort && only(p.tcp!.flags, 'ACK') && p.tcp!.ack === synAck.tcp!.seq + 1)!
      expect(syn.srcPort).toBe(localPort)
      expect(synAck.tcp!.ack).toBe((syn.tcp!.seq + 1) >>> 0)
      expect(ack).toBeDefined()
      // Linux's SYN: MSS (65495 on loopback's 65536-byte MTU), SACK permitted, timestamps, window scale.
      const names = syn.tcp!.options.map((o) => o.name)
      expect(names).toEqual(expect.arrayContaining(['Maximum segment size', 'SACK permitted', 'Timestamps', 'Window scale']))
      expect(syn.tcp!.options.find((o) => o.kind === 2)!.value).toBe('65495 bytes')
      expect(syn.ipVersion).toBe(4)
      expect(syn.ttl).toBe(64)
      expect(syn.df).toBe(true)
      // The data both ways, byte for byte.
      const text = (p: (typeof s)[number]): string => new TextDecoder().decode(p.bytes.subarray(p.payloadOffset, p.payloadOffset + p.payloadLength))
      expect(s.filter((p) => p.payloadLength > 0).map(text), JSON.stringify(s.map((p) => [p.srcPort, p.tcp?.flags, p.payloadLength, p.at]))).toEqual(['ping', 'pong'])
      expect(s.filter((p) => p.tcp!.flags.includes('FIN')).map((p) => p.srcPort).sort()).toEqual([localPort, port].sort())
      // One clock: the SYN left after `before`; "pong" was captured before Node handed it to us (slack for rounding).
      expect(syn.at).toBeGreaterThanOrEqual(before - 2)
      const pong = s.find((p) => p.payloadLength > 0 && p.srcPort === port)!
      expect(pong.at).toBeLessThanOrEqual(replyAt + 2)
      expect(pong.at).toBeGreaterThan(syn.at)
      expect(s[s.length - 1]!.at).toBeLessThanOrEqual(performance.now())
      expect(s.map((p) => p.at)).toEqual(s.map((p) => p.at).sort((a, b) => a - b))
    } finally {
      server.close()
    }
  })

  it('captures a DNS exchange over UDP with the query and answer bytes as sent', async () => {
    requireCapture()
    const server = dgram.createSocket('udp4')
    server.on('message', (msg, rinfo) => {
      const q = dnsPacket.decode(msg)
      const answer = dnsPacket.encode({ id: q.id, type: 'response', flags: dnsPacket.RECURSION_DESIRED, questions: q.questions, answers: [{ type: 'A', name: 'walk.test', data: '192.0.2.7' }] })
      server.send(answer, rinfo.port, rinfo.address)
    })
    await new Promise<void>((r) => server.bind(0, '127.0.0.1', r))
    const port = server.address().port
    const client = dgram.createSocket('udp4')
    try {
      // Port 53 stays out of this filter: other tests' DNS servers on 127.0.0.1 would add their packets.
      const capture = await startCapture({ filter: { hosts: ['127.0.0.1'], ports: [port] } })
      const query = dnsPacket.encode({ id: 4242, type: 'query', flags: dnsPacket.RECURSION_DESIRED, questions: [{ type: 'A', name: 'walk.test' }] })
      const answer = await new Promise<Buffer>((resolve) => {
        client.once('message', resolve)
        client.send(query, port, '127.0.0.1')
      })
      const s = summaries(await capture.stop())
      expect(s.map((p) => p.protocol)).toEqual(['udp', 'udp'])
      expect(s[0]!.dstPort).toBe(port)
      expect(s[1]!.srcPort).toBe(port)
      expect(Buffer.from(s[0]!.bytes.subarray(s[0]!.payloadOffset)).equals(query)).toBe(true)
      expect(Buffer.from(s[1]!.bytes.subarray(s[1]!.payloadOffset)).equals(answer)).toBe(true)
    } finally {
      client.close()
      server.close()
    }
  })

  it('captures over IPv6 loopback and stops at the packet cap, saying so', async () => {
    requireCapture()
    const server = net.createServer((s) => s.on('error', () => undefined).resume())
    await new Promise<void>((r) => server.listen(0, '::1', r))
    const port = (server.address() as net.AddressInfo).port
    try {
      const capture = await startCapture({ filter: { hosts: ['::1'], ports: [port] }, maxPackets: 3 })
      const client = net.connect(port, '::1')
      await new Promise<void>((r) => client.once('connect', r))
      client.end('more than three packets')
      await new Promise<void>((r) => client.once('close', () => r()))
      const s = summaries(await capture.stop())
      expect(s.map((p) => [p.ipVersion, p.src, p.tcp!.flags.join('+')])).toEqual([
        [6, '::1', 'SYN'],
        [6, '::1', 'SYN+ACK'],
        [6, '::1', 'ACK']
      ])
      expect(s[0]!.tcp!.options.find((o) => o.kind === 2)!.value).toBe('65476 bytes') // 65536 − 40 (IPv6) − 20 (TCP)
      expect(capture.notes.join(' ')).toMatch(/stopped at 3 packets/)
    } finally {
      server.close()
    }
  })

  it('stops when the signal aborts and keeps what it had', async () => {
    requireCapture()
    const controller = new AbortController()
    const capture = await startCapture({ filter: { hosts: ['127.0.0.1'], ports: [9] }, signal: controller.signal })
    controller.abort()
    const started = performance.now()
    expect(await capture.stop()).toEqual([])
    expect(performance.now() - started).toBeLessThan(2000)
  })
})

describe('when packets cannot be captured', () => {
  it('says tcpdump is missing when the tool is not there', async () => {
    const r = await captureAvailable({ tool: join(dir, 'no-such-tcpdump') })
    expect(r.ok).toBe(false)
    expect(!r.ok && r.why).toMatch(/not found/)
  })

  it('says capture is not permitted, with what to do, when tcpdump refuses', async () => {
    const tool = fakeTool('refusing', `echo "tcpdump: any: You don't have permission to perform this capture on that device" >&2\nexit 1`)
    const r = await captureAvailable({ tool })
    expect(r.ok).toBe(false)
    expect(!r.ok && r.why).toMatch(/not permitted.*root.*setcap/)
  })

  it('gives up on a tcpdump that never starts listening, and kills it', async () => {
    const tool = fakeTool('silent', 'exec sleep 30')
    const started = performance.now()
    await expect(startCapture({ tool, filter: { hosts: ['127.0.0.1'], ports: [9] }, startTimeoutMs: 300 })).rejects.toMatchObject({ code: 'CAPTURE_UNAVAILABLE', message: /did not start listening/ })
    expect(performance.now() - started).toBeLessThan(2000)
  })

  it('says when tcpdump has been started, before it listens (the CLI loads its engines meanwhile)', async () => {
    const tool = fakeTool('slow-start', `trap '' USR1\nsleep 0.3\necho "listening on any" >&2\nexec sleep 30`)
    const t0 = performance.now()
    let spawnedAt = 0
    const capture = await startCapture({ tool, filter: { hosts: ['127.0.0.1'], ports: [9] }, onSpawn: () => (spawnedAt = performance.now()) })
    const listeningAt = performance.now()
    await capture.stop(0)
    expect(spawnedAt).toBeGreaterThan(t0)
    expect(listeningAt - spawnedAt).toBeGreaterThan(250)
  })

  it('reports a stream that is not pcap instead of inventing packets', async () => {
    // like tcpdump, it goes on when asked for its counts (SIGUSR1) on stopping
    const tool = fakeTool('garbage', `trap '' USR1\necho "listening on any" >&2\nsleep 0.2\nprintf 'this is not a pcap stream at all, really' \nexec sleep 30`)
    const capture = await startCapture({ tool, filter: { hosts: ['127.0.0.1'], ports: [9] } })
    const packets = await capture.stop()
    expect(packets).toEqual([])
    expect(capture.notes.join(' ')).toMatch(/not a pcap stream/)
  })

  it('on stopping asks tcpdump for its counts (SIGUSR1) and reports kernel drops; no flush marker seen, it says so', async () => {
    const counts = 'tcpdump: 5 packets captured, 5 packets received by filter, 2 packets dropped by kernel'
    const tool = fakeTool('counting', `trap 'echo "${counts}" >&2' USR1\necho "listening on any" >&2\nwhile :; do sleep 0.05; done`)
    const capture = await startCapture({ tool, filter: { hosts: ['127.0.0.1'], ports: [9] } })
    expect(await capture.stop(300)).toEqual([])
    const notes = capture.notes.join(' ')
    expect(notes).toMatch(/had not caught up/)
    expect(notes).toMatch(/kernel reported 2 packets dropped/)
  })

  it('takes only IP addresses and port numbers into the filter', () => {
    expect(captureFilter({ hosts: ['127.0.0.1', '[::1]'], ports: [443, 53] })).toBe('(host 127.0.0.1 or host ::1) and (port 443 or port 53)')
    expect(() => captureFilter({ hosts: ['example.com'], ports: [] })).toThrow(/not an IP address/)
    expect(() => captureFilter({ hosts: ['127.0.0.1 or 1=1'], ports: [] })).toThrow(/not an IP address/)
    expect(() => captureFilter({ hosts: [], ports: [70000] })).toThrow(/not a port/)
    expect(() => captureFilter({ hosts: [], ports: [] })).toThrow(/never captures everything/)
  })
})
