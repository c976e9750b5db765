// `wirebench ws` as a user runs it (the built CLI) against the `ws` package's echo server and a server that refuses
// the upgrade: the frames printed as they cross, close codes in words, --json's shape, and the exit codes.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocketServer } from 'ws'
import { CLI_BUILT, runCli } from '../testing/cli'

let wss: WebSocketServer
let refusing: http.Server
let url = ''
let refusedUrl = ''

beforeAll(async () => {
  wss = new WebSocketServer({ host: '127.0.0.1', port: 0 })
  await new Promise((r) => wss.once('listening', r))
  wss.on('connection', (s, req) => {
    if (req.url === '/bye') s.close(4000, 'see you')
    s.on('message', (d, isBinary) => s.send(d, { binary: isBinary }))
  })
  url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`
  refusing = http.createServer((_req, res) => res.writeHead(403, { 'Content-Type': 'text/plain' }).end('no'))
  await new Promise<void>((r) => refusing.listen(0, '127.0.0.1', r))
  refusedUrl = `ws://127.0.0.1:${(refusing.address() as AddressInfo).port}/`
})
afterAll(async () => {
  await new Promise((r) => wss.close(r))
  refusing.closeAllConnections()
  await new Promise((r) => refusing.close(r))
})

describe.runIf(CLI_BUILT)('wirebench ws', () => {
  it('prints the upgrade, the 101, each frame both ways and the close in words; exit 0', async () => {
    const r = await runCli(['ws', `${url}/chat`, '--first-message', 'token abc', '--send', 'hello', '--send', 'world', '--wait', '200'])
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/GET \/chat HTTP\/1\.1\nHost: 127\.0\.0\.1:\d+\nUpgrade: websocket\nConnection: Upgrade\nSec-WebSocket-Key: .+\nSec-WebSocket-Version: 13\n/)
    expect(r.stdout).toMatch(/HTTP\/1\.1 101 Switching Protocols\n/)
    const frames = r.stdout.split('\n').filter((l) => /^[<>] /.test(l))
    // Sends go out in order without waiting for answers; the echoes come back in the same order.
    expect(frames.filter((l) => l.includes('text'))).toHaveLength(6)
    expect(frames.filter((l) => l.startsWith('> text'))).toEqual(['> text "token abc"', '> text "hello"', '> text "world"'])
    expect(frames.filter((l) => l.startsWith('< text'))).toEqual(['< text "token abc"', '< text "hello"', '< text "world"'])
    expect(frames.slice(-2)).toEqual([expect.stringMatching(/^> close 1000 \(Normal closure/), expect.stringMatching(/^< close 1000 \(Normal closure/)])
  })

  it('--json: url, request.raw, response.raw and status, frames, close', async () => {
    const r = await runCli(['ws', `${url}/bye`, '--json', '--wait', '500'])
    expect(r.status).toBe(0)
    const j = JSON.parse(r.stdout)
    expect(j).toMatchObject({ url: `${url}/bye`, response: { status: 101 }, close: { code: 4000, reason: 'see you' }, error: null })
    expect(j.request.raw).toMatch(/^GET \/bye HTTP\/1\.1\r\n/)
    expect(j.response.raw).toMatch(/^HTTP\/1\.1 101 /)
    expect(j.frames[0]).toMatchObject({ dir: 'received', opcodeName: 'close', close: { code: 4000, words: expect.stringMatching(/Private use/) } })
  })

  it('--first-message-file keeps the token out of argv (one trailing newline dropped)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wirebench-ws-'))
    try {
      const file = join(dir, 'token.txt')
      writeFileSync(file, 'Bearer s3cret\n')
      const r = await runCli(['ws', url, '--first-message-file', file, '--json', '--wait', '200'])
      expect(r.status).toBe(0)
      expect(JSON.parse(r.stdout).frames.slice(0, 2).map((f: { dir: string; text: string }) => `${f.dir} ${f.text}`)).toEqual(['sent Bearer s3cret', 'received Bearer s3cret'])
      expect((await runCli(['ws', url, '--first-message', 'a', '--first-message-file', file])).status).toBe(2)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('a refused upgrade exits 1 with the status in words; a bad URL or flag exits 2', async () => {
    const r = await runCli(['ws', refusedUrl, '--send', 'x'])
    expect(r.status).toBe(1)
    expect(r.stderr).toMatch(/403 Forbidden.*not 101 Switching Protocols/)
    expect((await runCli(['ws', 'http://127.0.0.1:1/'])).status).toBe(2)
    expect((await runCli(['ws', url, '--bogus'])).status).toBe(2)
  })
})
