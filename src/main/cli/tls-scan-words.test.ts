// What `wirebench tls scan` says in words when nothing speaks TLS (the probes' own answers: plain HTTP, silence, a
// closed connection) and whose order picks the suites when that cannot be told — from real scans of raw TCP
// servers on 127.0.0.1, printed by the CLI's own report functions (no built CLI needed).
import { type AddressInfo, createServer, type Server, type Socket } from 'node:net'
import { afterAll, describe, expect, it } from 'vitest'
import { scanTls } from '../tls'
import { orderWords, scanHuman, silenceWords } from './commands/tls'

const servers: Server[] = []
const sockets = new Set<Socket>()
afterAll(async () => {
  for (const s of sockets) s.destroy()
  await Promise.all(servers.map((srv) => new Promise<void>((r) => srv.close(() => r()))))
})

async function rawServer(onSocket: (s: Socket) => void): Promise<number> {
  const srv = createServer((s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
    s.on('error', () => undefined)
    onSocket(s)
  })
  servers.push(srv)
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r))
  return (srv.address() as AddressInfo).port
}

const scan = (port: number) => scanTls({ host: '127.0.0.1', port, timeoutMs: 400, hsts: false, fresh: true })

describe('tls scan report when nothing speaks TLS', () => {
  it('quotes the probes: plain HTTP, no answer, a closed connection — not one generic line', async () => {
    const http = await rawServer((s) => s.once('data', () => s.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n')))
    const silent = await rawServer(() => undefined)
    const closing = await rawServer((s) => s.destroy())
    const [h, t, c] = await Promise.all([scan(http), scan(silent), scan(closing)])
    expect(silenceWords(h)).toMatch(/^not TLS: The server answered in plain HTTP \("HTTP\/1\.1 400 Bad Request"\)/)
    expect(silenceWords(t)).toMatch(/^no answer \(timeout\)/)
    expect(silenceWords(c)).toMatch(/^connection closed: The server closed the connection/)
    for (const r of [h, t, c]) expect(silenceWords(r)).not.toMatch(/not accepted with these suites|it does not speak TLS there/)
    const lines = scanHuman(h)
    expect(lines).toContain(`Answer: ${silenceWords(h)}`)
    expect(lines.some((l) => /^Grade|^Mozilla/.test(l))).toBe(false)
  }, 15_000)

  it('does not say "the client’s order decides" when no protocol could tell', async () => {
    const http = await rawServer((s) => s.once('data', () => s.end('HTTP/1.1 400 Bad Request\r\n\r\n')))
    const r = await scan(http)
    expect(orderWords({ ...r, serverPreference: false, serverPreferenceBy: { 'TLSv1.2': null, 'TLSv1.3': null } })).toMatch(/unknown/)
    expect(orderWords({ ...r, serverPreference: false, serverPreferenceBy: { 'TLSv1.2': false, 'TLSv1.3': null } })).toBe('the client’s order decides')
    expect(orderWords({ ...r, serverPreference: true, serverPreferenceBy: { 'TLSv1.2': false, 'TLSv1.3': true } })).toBe('the server enforces its own order')
  }, 15_000)
})
