// A real HTTP/2 exchange (node:http2, h2c with prior knowledge) recorded byte for byte by a TCP relay on loopback:
// our frame reader and HPACK decoder must read every frame of both directions and find the headers node saw.
import http2 from 'node:http2'
import net from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { H2FrameReader, type H2ReadFrame } from '../../shared/http/h2-reader'
import type { HeaderField } from '../../shared/http/hpack'

type Seen = Record<string, string | string[]>
const serverSaw: Seen[] = []
const clientSaw: Seen[] = []
const upstream: Uint8Array[] = []
const downstream: Uint8Array[] = []
/** Both directions in the order the relay saw them, so settings are applied when acknowledged. */
const log: { fromClient: boolean; bytes: Uint8Array }[] = []
let server: http2.Http2Server
let relay: net.Server
let relayPort = 0
const relayClosed: Promise<void>[] = []

const listen = (s: net.Server): Promise<number> =>
  new Promise((resolve) => s.listen(0, '127.0.0.1', () => resolve((s.address() as net.AddressInfo).port)))

beforeAll(async () => {
  server = http2.createServer()
  server.on('stream', (stream, headers) => {
    serverSaw.push({ ...headers } as Seen)
    const body = headers[':path'] === '/big' ? 'x'.repeat(40_000) : 'ok'
    stream.respond({ ':status': headers[':path'] === '/missing' ? 404 : 200, 'content-type': 'text/plain', 'set-cookie': ['a=1; Path=/', 'b=2; HttpOnly'], 'x-path': String(headers[':path']) })
    stream.end(body)
  })
  const serverPort = await listen(server as unknown as net.Server)
  relay = net.createServer((client) => {
    const up = net.connect({ host: '127.0.0.1', port: serverPort })
    client.on('data', (d) => {
      upstream.push(new Uint8Array(d))
      log.push({ fromClient: true, bytes: new Uint8Array(d) })
      up.write(d)
    })
    up.on('data', (d) => {
      downstream.push(new Uint8Array(d))
      log.push({ fromClient: false, bytes: new Uint8Array(d) })
      client.write(d)
    })
    relayClosed.push(new Promise((resolve) => up.on('close', () => resolve())))
    client.on('end', () => up.end())
    up.on('end', () => client.end())
    client.on('error', () => up.destroy())
    up.on('error', () => client.destroy())
  })
  relayPort = await listen(relay)
})

afterAll(async () => {
  await new Promise((r) => relay.close(r))
  await new Promise((r) => server.close(r))
})

function request(session: http2.ClientHttp2Session, headers: http2.OutgoingHttpHeaders): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = session.request(headers)
    req.on('response', (h) => clientSaw.push({ ...h } as Seen))
    req.on('data', () => {})
    req.on('end', () => resolve())
    req.on('error', reject)
    req.end()
  })
}

/** Folds a decoded header list the way node hands headers over: set-cookie an array, :status a number. */
function asNodeSees(list: HeaderField[]): Seen {
  const out: Seen = {}
  for (const { name, value } of list) {
    if (name === 'set-cookie') out[name] = [...((out[name] as string[] | undefined) ?? []), value]
    else out[name] = value
  }
  return out
}
const normalize = (s: Seen): Seen => Object.fromEntries(Object.entries(s).map(([k, v]) => [k, Array.isArray(v) ? v : String(v)]))

describe('HTTP/2 capture through a relay', () => {
  it('decodes every frame and header block of both directions to the headers node saw', async () => {
    // A small header table and large frames: the server's encoder must shrink its table (§4.2) and may send bigger frames.
    const session = http2.connect(`http://127.0.0.1:${relayPort}`, { settings: { headerTableSize: 256, maxFrameSize: 65_536 } })
    await request(session, { ':path': '/', 'user-agent': 'wirebench-test', accept: '*/*' })
    await request(session, { ':path': '/missing', 'user-agent': 'wirebench-test', accept: '*/*', 'x-long': 'y'.repeat(20_000) })
    await request(session, { ':method': 'POST', ':path': '/big', authorization: 'Bearer secret', [http2.sensitiveHeaders]: ['authorization'] })
    await new Promise<void>((resolve) => session.close(() => resolve()))
    await Promise.all(relayClosed)

    const clientReader = new H2FrameReader({ role: 'client' })
    const serverReader = new H2FrameReader({ role: 'server' })
    const fromClient: H2ReadFrame[] = []
    const fromServer: H2ReadFrame[] = []
    for (const { fromClient: up, bytes } of log) {
      const [reader, other, list] = up ? [clientReader, serverReader, fromClient] : [serverReader, clientReader, fromServer]
      const { frames, findings } = reader.push(bytes)
      expect(findings).toEqual([])
      for (const f of frames) if (f.frame.type === 'SETTINGS' && !(f.frame.flags & 1)) other.receiverSent(f.frame.settings)
      list.push(...frames)
    }
    expect([...clientReader.end(), ...serverReader.end()]).toEqual([])
    expect([...fromClient, ...fromServer].flatMap((f) => f.findings)).toEqual([])

    // Every byte is accounted for by preface + frames.
    const sum = (fs: H2ReadFrame[]): number => fs.reduce((n, f) => n + f.length, 0)
    expect(24 + sum(fromClient)).toBe(upstream.reduce((n, c) => n + c.length, 0))
    expect(sum(fromServer)).toBe(downstream.reduce((n, c) => n + c.length, 0))
    expect(fromClient[0]!.frame.type).toBe('SETTINGS')
    expect(fromServer[0]!.frame.type).toBe('SETTINGS')

    const requests = fromClient.flatMap((f) => (f.headerBlock ? [f.headerBlock] : []))
    const responses = fromServer.flatMap((f) => (f.headerBlock ? [f.headerBlock] : []))
    expect(requests.map((r) => r.streamId)).toEqual([1, 3, 5])
    expect(requests.map((r) => normalize(asNodeSees(r.result.headers)))).toEqual(serverSaw.map(normalize))
    expect(responses.map((r) => normalize(asNodeSees(r.result.headers)))).toEqual(clientSaw.map(normalize))

    // The 20,000-octet header needed CONTINUATION; the secret was sent never-indexed; later blocks reuse the table.
    expect(fromClient.some((f) => f.frame.type === 'CONTINUATION')).toBe(true)
    const auth = requests[2]!.result.fields.find((f) => f.name === 'authorization')!
    expect(auth.representation).toBe('literal-never-indexed')
    expect(responses[1]!.result.fields.some((f) => f.representation === 'indexed' && f.indexSource === 'dynamic')).toBe(true)
    // The first response block opens with the size update the client's SETTINGS_HEADER_TABLE_SIZE of 256 demands.
    expect(responses[0]!.result.fields[0]).toMatchObject({ representation: 'size-update', newMaxSize: 256 })
    expect(serverReader.decoder.tableMaxSize).toBe(256)
    expect(serverReader.maxFrameSize).toBe(65_536)
    const data = fromServer.filter((f) => f.frame.type === 'DATA' && f.frame.streamId === 5)
    expect(data.reduce((n, f) => n + (f.frame.type === 'DATA' ? f.frame.data.length : 0), 0)).toBe(40_000)
    expect(fromClient.some((f) => f.frame.type === 'GOAWAY') || fromServer.some((f) => f.frame.type === 'GOAWAY')).toBe(true)
  })
})
