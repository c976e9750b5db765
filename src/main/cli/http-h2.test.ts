// `wirebench http … --http2` and `--http1.1` run as a user would (the built CLI) against Debian's nginx on loopback:
// ALPN h2, the frame list for people and in --json, the virtual host by :authority, and `http raw --http2`.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLI_BUILT, runCli, type CliRun } from '../testing/cli'
import { NGINX, startNginx, type NginxServer } from '../testing/nginx'

const run = (args: string[], stdin: string | Buffer = ''): Promise<CliRun> => runCli(['http', ...args], stdin)

describe.runIf(CLI_BUILT && existsSync(NGINX))('wirebench http --http2', () => {
  let nginx: NginxServer
  let dir: string
  let ca: string
  let url: string
  let resolve: string
  beforeAll(async () => {
    nginx = await startNginx({ bigFileMiB: 0.01 })
    dir = mkdtempSync(join(tmpdir(), 'wirebench-h2-cli-'))
    ca = join(dir, 'ca.pem')
    writeFileSync(ca, nginx.caPem)
    url = `https://alpha.test:${nginx.httpsPort}/text.txt`
    resolve = `alpha.test:${nginx.httpsPort}:127.0.0.1`
  })
  afterAll(async () => {
    await nginx?.stop()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('--json: httpVersion "HTTP/2", ALPN h2, the gzip body decoded, and every frame with HPACK in "http2"', async () => {
    const r = await run(['get', url, '--resolve', resolve, '--ca', ca, '--http2', '--json'])
    expect(r.status, r.stderr).toBe(0)
    const doc = JSON.parse(r.stdout)
    expect(doc.response.httpVersion).toBe('HTTP/2')
    expect(doc.response.status).toBe(200)
    expect(doc.tls.alpn).toBe('h2')
    expect(doc.response.body.startsWith('alpha.test alpha.test')).toBe(true)
    expect(doc.response.headers).toContainEqual(['content-encoding', 'gzip'])
    const frames = doc.http2.frames as { dir: string; type: string; flags: string[]; headers?: { name: string; representation: string }[] }[]
    expect(frames.filter((f) => f.type === 'SETTINGS').map((f) => f.dir)).toEqual(expect.arrayContaining(['sent', 'received']))
    const sent = frames.find((f) => f.dir === 'sent' && f.type === 'HEADERS')!
    expect(sent.headers!.find((h) => h.name === ':method')!.representation).toBe('indexed (static 2)')
    // Connection: close is HTTP/1.1's; the HTTP/2 request never carries it.
    expect(sent.headers!.some((h) => h.name === 'connection')).toBe(false)
    expect(frames.some((f) => f.dir === 'received' && f.type === 'DATA' && f.flags.includes('END_STREAM'))).toBe(true)
  })

  it('for people: "HTTP/2 200 OK", one frame a line with flags, each header with its HPACK form', async () => {
    const r = await run(['get', url, '--resolve', resolve, '--ca', ca, '--http2'])
    expect(r.status, r.stderr).toBe(0)
    const lines = r.stdout.split('\n')
    expect(lines[0]).toBe('HTTP/2 200 OK')
    expect(lines.some((l) => /→ HEADERS +stream 1 +END_STREAM,END_HEADERS +:method GET :scheme https :authority alpha\.test/.test(l))).toBe(true)
    expect(lines.some((l) => /← DATA +stream 1 +END_STREAM/.test(l))).toBe(true)
    expect(lines.some((l) => /:method: GET +\[indexed \(static 2\)\]/.test(l))).toBe(true)
    expect(lines.some((l) => /^HPACK dynamic table, our encoder/.test(l))).toBe(true)
  })

  it('--http1.1 offers only http/1.1 in ALPN', async () => {
    const r = await run(['get', url, '--resolve', resolve, '--ca', ca, '--http1.1', '--json'])
    expect(r.status, r.stderr).toBe(0)
    const doc = JSON.parse(r.stdout)
    expect(doc.response.httpVersion).toBe('HTTP/1.1')
    expect(doc.tls.alpn).toBe('http/1.1')
    expect(doc.http2).toBeUndefined()
  })

  it('http raw --http2 sends the typed request as frames; the Host picks the virtual host', async () => {
    const req = 'GET / HTTP/1.1\r\nHost: beta.test\r\n\r\n'
    const r = await run(['raw', `beta.test:${nginx.httpsPort}`, '--resolve', '127.0.0.1', '--ca', ca, '--http2', '--json'], req)
    expect(r.status, r.stderr).toBe(0)
    const doc = JSON.parse(r.stdout)
    expect(doc.response.httpVersion).toBe('HTTP/2')
    expect(doc.response.body).toBe(nginx.pages['beta.test'])
    expect(doc.request.raw).toBe(req)
  })

  it('a clear-text HTTP/1.1 port answering the prior-knowledge preface exits 1 with why', async () => {
    const r = await run(['get', `http://127.0.0.1:${nginx.httpPort}/`, '--http2'])
    expect(r.status).toBe(1)
    expect(r.stderr).toMatch(/does not speak HTTP\/2 \(it answered.*HTTP\/1\.1 400|answered the HTTP\/2 preface in HTTP\/1/)
  })
})
