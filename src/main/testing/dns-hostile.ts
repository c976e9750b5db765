// A DNS server that misbehaves on purpose (UDP and TCP on one 127.0.0.1 port), for what no real server does:
// truncation, spoof-like wrong IDs and questions, answers from another port, compression loops, oversize and endless
// streams, silence, garbage, short headers. Answers are built by hand so every byte is the one the test means.
import dgram from 'node:dgram'
import net from 'node:net'
import { freeDnsPort } from './knot'

export type HostileMode =
  | 'ok'
  | 'truncated'
  | 'wrong-id'
  | 'wrong-question'
  | 'foreign-source'
  | 'no-case-echo'
  | 'pointer-loop'
  | 'oversize'
  | 'silent'
  | 'garbage'
  | 'short-header'
  /** First an answer echoing another client cookie (RFC 7873 §5.3: not ours), then one echoing ours. */
  | 'wrong-cookie'

export interface HostileDns {
  address: string
  port: number
  /** Queries received so far, by transport. */
  queries: { udp: number; tcp: number }
  stop(): Promise<void>
}

/** The address every A answer carries (TEST-NET-1, RFC 5737). */
export const HOSTILE_A = '192.0.2.1'

interface Parsed {
  id: number
  rd: boolean
  question: Buffer
  qtype: number
  /** The client cookie the query carried (RFC 7873 §4), if any. */
  cookie: Buffer | null
}

/** Finds the COOKIE option (code 10) in the query's OPT record, which follows the question. */
function clientCookie(q: Buffer, afterQuestion: number): Buffer | null {
  const at = q.indexOf(Buffer.from([0x00, 0x0a, 0x00]), afterQuestion)
  return at >= 0 && at + 12 <= q.length ? q.subarray(at + 4, at + 12) : null
}

/** An OPT record echoing `cookie` as the client cookie with an 8-byte server cookie. */
function optWithCookie(cookie: Buffer): Buffer {
  const data = Buffer.concat([cookie, Buffer.from('servrcki')])
  const opt = Buffer.alloc(11 + 4)
  opt.writeUInt8(0, 0)
  opt.writeUInt16BE(41, 1)
  opt.writeUInt16BE(1232, 3)
  opt.writeUInt32BE(0, 5)
  opt.writeUInt16BE(4 + data.length, 9)
  opt.writeUInt16BE(10, 11)
  opt.writeUInt16BE(data.length, 13)
  return Buffer.concat([opt, data])
}

function parseQuery(q: Buffer): Parsed | null {
  if (q.length < 17) return null
  let o = 12
  while (o < q.length && q[o] !== 0) o += (q[o] as number) + 1
  if (o + 5 > q.length) return null
  return { id: q.readUInt16BE(0), rd: ((q[2] as number) & 1) === 1, question: q.subarray(12, o + 5), qtype: q.readUInt16BE(o + 1), cookie: clientCookie(q, o + 5) }
}

function header(id: number, flags: number, counts: [number, number, number, number]): Buffer {
  const h = Buffer.alloc(12)
  h.writeUInt16BE(id, 0)
  h.writeUInt16BE(flags, 2)
  counts.forEach((c, i) => h.writeUInt16BE(c, 4 + i * 2))
  return h
}

/** An A record whose owner is a pointer to the question name (offset 12). */
function aRecord(lastOctet = 1): Buffer {
  return Buffer.from([0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 1, 0x2c, 0, 4, 192, 0, 2, lastOctet])
}

function response(p: Parsed, opts: { tc?: boolean; id?: number; question?: Buffer; answers?: number } = {}): Buffer {
  const flags = 0x8000 | 0x0400 | (p.rd ? 0x0100 : 0) | (opts.tc ? 0x0200 : 0)
  const n = p.qtype === 1 ? (opts.answers ?? 1) : 0
  const records = Array.from({ length: n }, (_, i) => aRecord((i % 250) + 1))
  return Buffer.concat([header(opts.id ?? p.id, flags, [1, n, 0, 0]), opts.question ?? p.question, ...records])
}

function otherQuestion(p: Parsed): Buffer {
  const name = Buffer.from([5, ...Buffer.from('other'), 7, ...Buffer.from('example'), 0])
  return Buffer.concat([name, p.question.subarray(p.question.length - 4)])
}

function lowerCased(question: Buffer): Buffer {
  const out = Buffer.from(question)
  for (let i = 0; i < out.length - 4; i++) if ((out[i] as number) >= 65 && (out[i] as number) <= 90) out[i] = (out[i] as number) + 32
  return out
}

/** What to send for one query; several messages are sent in order, `null` means stay silent. */
function answersFor(mode: HostileMode, p: Parsed, transport: 'udp' | 'tcp'): Buffer[] | null {
  switch (mode) {
    case 'ok':
    case 'foreign-source':
      return [response(p)]
    case 'truncated':
      return transport === 'udp' ? [response(p, { tc: true, answers: 0 })] : [response(p, { answers: 3 })]
    case 'wrong-id':
      return [response(p, { id: p.id ^ 0x5a5a }), response(p)]
    case 'wrong-question':
      return [response(p, { question: otherQuestion(p) })]
    case 'no-case-echo':
      return [response(p, { question: lowerCased(p.question) })]
    case 'wrong-cookie': {
      const withCookie = (c: Buffer): Buffer => {
        const r = response(p)
        r.writeUInt16BE(1, 10) // ARCOUNT: the OPT record
        return Buffer.concat([r, optWithCookie(c)])
      }
      const wrong = Buffer.from(p.cookie ?? Buffer.alloc(8))
      wrong[0] = (wrong[0] as number) ^ 0xff
      return p.cookie ? [withCookie(wrong), withCookie(p.cookie)] : [response(p)]
    }
    case 'pointer-loop': {
      // The answer's owner name is a pointer to itself (RFC 1035 §4.1.4 forbids nothing, a reader must refuse it).
      const h = header(p.id, 0x8400, [1, 1, 0, 0])
      const at = 12 + p.question.length
      return [Buffer.concat([h, p.question, Buffer.from([0xc0 | (at >> 8), at & 0xff, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 1])])]
    }
    case 'oversize':
      // UDP: 200 A records (3 KiB+) with TC clear, more than the 1232 bytes a client advertises.
      return transport === 'udp' ? [response(p, { answers: 200 })] : null
    case 'silent':
      return null
    case 'garbage':
      return [Buffer.from('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n')]
    case 'short-header':
      return [Buffer.from([p.id >> 8, p.id & 0xff, 0x84, 0x00, 0x00, 0x01])]
  }
}

export async function startHostileDns(mode: HostileMode): Promise<HostileDns> {
  const address = '127.0.0.1'
  const port = await freeDnsPort(address)
  const queries = { udp: 0, tcp: 0 }
  const udp = dgram.createSocket('udp4')
  const other = dgram.createSocket('udp4')
  const sockets = new Set<net.Socket>()
  const timers = new Set<NodeJS.Timeout>()
  const later = (ms: number, fn: () => void): void => {
    const t = setTimeout(() => {
      timers.delete(t)
      fn()
    }, ms)
    timers.add(t)
  }

  udp.on('message', (msg, rinfo) => {
    queries.udp++
    const p = parseQuery(msg)
    if (!p) return
    const out = answersFor(mode, p, 'udp')
    if (!out) return
    if (mode === 'foreign-source') other.send(response(p, { answers: 0 }), rinfo.port, rinfo.address)
    // A spoofed message first, the genuine one a moment later: the client must wait past the first.
    out.forEach((m, i) => later(i * 20 + (mode === 'foreign-source' ? 20 : 0), () => udp.send(m, rinfo.port, rinfo.address)))
  })

  const tcp = net.createServer((s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
    s.on('error', () => undefined)
    let buf: Buffer = Buffer.alloc(0)
    s.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]).subarray(0, 70_000)
      if (buf.length < 2 || buf.length < 2 + buf.readUInt16BE(0)) return
      queries.tcp++
      const p = parseQuery(buf.subarray(2, 2 + buf.readUInt16BE(0)))
      buf = Buffer.alloc(0)
      if (!p) return
      if (mode === 'oversize') return endless(s, p)
      if (mode === 'garbage') {
        // Read as a length prefix "HT" announces 18,516 bytes; then the server hangs up.
        s.end(answersFor(mode, p, 'tcp')?.[0] ?? Buffer.alloc(0))
        return
      }
      const out = answersFor(mode, p, 'tcp')
      if (!out) return
      for (const m of out) {
        const len = Buffer.alloc(2)
        len.writeUInt16BE(m.length)
        s.write(Buffer.concat([len, m]))
      }
    })
  })

  /** Announces 65,535 bytes, sends a real header and question, then junk without end (capped at 4 MiB here). */
  function endless(s: net.Socket, p: Parsed): void {
    const len = Buffer.from([0xff, 0xff])
    s.write(Buffer.concat([len, header(p.id, 0x8400, [1, 0, 0, 0]), p.question]))
    let sent = 0
    const junk = Buffer.alloc(16 * 1024, 0xee)
    const pump = (): void => {
      while (!s.destroyed && sent < 4 * 1024 * 1024) {
        sent += junk.length
        if (!s.write(junk)) return void s.once('drain', pump)
      }
    }
    pump()
  }

  await new Promise<void>((resolve, reject) => {
    udp.once('error', reject)
    udp.bind(port, address, () => resolve())
  })
  await new Promise<void>((resolve) => other.bind(0, address, () => resolve()))
  await new Promise<void>((resolve, reject) => {
    tcp.once('error', reject)
    tcp.listen(port, address, () => resolve())
  })

  return {
    address,
    port,
    queries,
    stop: async () => {
      for (const t of timers) clearTimeout(t)
      for (const s of sockets) s.destroy()
      await Promise.all([
        new Promise<void>((r) => udp.close(() => r())),
        new Promise<void>((r) => other.close(() => r())),
        new Promise<void>((r) => tcp.close(() => r()))
      ])
    }
  }
}
