// `wirebench http` run as a user would (the built CLI: `npx electron-vite build` first) against Debian's nginx on
// loopback: TLS with a private CA, virtual hosts picked by --resolve, gzip decoded, status words from RFC 9110, and
// `http raw` sending stdin's bytes untouched.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLI_BUILT, runCli, type CliRun } from '../testing/cli'
import { freePort, NGINX, startNginx, type NginxServer } from '../testing/nginx'

const built = CLI_BUILT
const hasNginx = existsSync(NGINX)

type Run = CliRun

const run = (args: string[], stdin: string | Buffer = ''): Promise<Run> => runCli(['http', ...args], stdin)

describe.runIf(built && hasNginx)('wirebench http', () => {
  let nginx: NginxServer
  let dir: string
  let ca: string
  beforeAll(async () => {
    nginx = await startNginx({ bigFileMiB: 0.01 })
    dir = mkdtempSync(join(tmpdir(), 'wirebench-http-cli-'))
    ca = join(dir, 'ca.pem')
    writeFileSync(ca, nginx.caPem)
  })
  afterAll(async () => {
    await nginx?.stop()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('GETs over TLS with --ca: 200, the virtual host’s page, the issue’s JSON document', async () => {
    const url = `https://alpha.test:${nginx.httpsPort}/`
    const r = await run(['get', url, '--resolve', `alpha.test:${nginx.httpsPort}:127.0.0.1`, '--ca', ca, '--json'])
    expect(r.status, r.stderr).toBe(0)
    const doc = JSON.parse(r.stdout)
    // The fields, in its order, plus complete, findings, statusWords and bodyShownBytes.
    expect(Object.keys(doc).filter((k) => ['request', 'response', 'timings', 'remote', 'local', 'tls'].includes(k))).toEqual(['request', 'response', 'timings', 'remote', 'local', 'tls'])
    expect(Object.keys(doc.response).filter((k) => ['httpVersion', 'status', 'reason', 'headers', 'bodyLength', 'body'].includes(k))).toEqual(['httpVersion', 'status', 'reason', 'headers', 'bodyLength', 'body'])
    expect(doc).toMatchObject({ complete: true, response: { statusWords: 'OK', bodyShownBytes: doc.response.bodyLength } })
    expect(Array.isArray(doc.findings)).toBe(true)
    expect(Object.keys(doc.timings)).toEqual(['dnsMs', 'connectMs', 'tlsMs', 'firstByteMs', 'totalMs'])
    expect(doc.response).toMatchObject({ httpVersion: 'HTTP/1.1', status: 200, body: nginx.pages['alpha.test'], bodyLength: nginx.pages['alpha.test']!.length })
    expect(doc.request.raw).toMatch(new RegExp(`^GET / HTTP/1\\.1\\r\\nHost: alpha\\.test:${nginx.httpsPort}\\r\\nUser-Agent: wirebench/[^\\r]+\\r\\nAccept: \\*/\\*\\r\\nAccept-Encoding: gzip, deflate, br, zstd\\r\\nConnection: close\\r\\n\\r\\n$`))
    expect(doc.remote).toEqual({ address: '127.0.0.1', port: nginx.httpsPort })
    // The request is HTTP/1.1 and ALPN says so: what was agreed is shown, not null.
    expect(doc.tls.alpn).toBe('http/1.1')
    expect(doc.tls.version).toMatch(/^TLSv1\.[23]$/)
    // A forced address skips the lookup; the handshake took time.
    expect(doc.timings.dnsMs).toBeNull()
    expect(doc.timings.tlsMs).toBeGreaterThan(0)
    // python3 -m json.tool reads it.
    const py = spawnSync('python3', ['-m', 'json.tool'], { input: r.stdout, encoding: 'utf8' })
    expect(py.status, py.stderr).toBe(0)
  })

  it('without --ca the certificate is not trusted (exit 1); --insecure goes through, warned', async () => {
    const url = `https://127.0.0.1:${nginx.httpsPort}/`
    const refused = await run(['get', url])
    expect(refused.status).toBe(1)
    expect(refused.stderr).toMatch(/certificate|trusted/i)
    const r = await run(['get', url, '--insecure', '--json'])
    expect(r.status, r.stderr).toBe(0)
    expect(r.stderr).toMatch(/--insecure/)
    expect(JSON.parse(r.stdout).response.body).toBe(nginx.pages.default)
  })

  it('--resolve with the name reaches the virtual host; the IP alone gets the default site', async () => {
    const byName = await run(['get', `http://beta.test:${nginx.httpPort}/`, '--resolve', `beta.test:${nginx.httpPort}:127.0.0.1`, '--json'])
    const byIp = await run(['get', `http://127.0.0.1:${nginx.httpPort}/`, '--json'])
    expect(byName.status, byName.stderr).toBe(0)
    expect(byIp.status, byIp.stderr).toBe(0)
    expect(JSON.parse(byName.stdout).response.body).toBe(nginx.pages['beta.test'])
    expect(JSON.parse(byIp.stdout).response.body).toBe(nginx.pages.default)
  })

  it('decodes a gzip body, and says so to people', async () => {
    const args = ['get', `http://alpha.test:${nginx.httpPort}/text.txt`, '--resolve', `alpha.test:${nginx.httpPort}:127.0.0.1`]
    const r = await run([...args, '--json'])
    expect(r.status, r.stderr).toBe(0)
    const doc = JSON.parse(r.stdout)
    expect(doc.response.headers).toContainEqual(['Content-Encoding', 'gzip'])
    expect(doc.response.body).toBe('alpha.test '.repeat(20_000))
    expect(doc.response.bodyLength).toBe(11 * 20_000)
    const h = await run(args)
    expect(h.stdout).toMatch(/body decoded from gzip: 220000 bytes/)
    expect(h.stdout).toMatch(/body truncated/)
  })

  it('prints 301 in RFC 9110’s words with its headers and a waterfall', async () => {
    const r = await run(['head', `http://alpha.test:${nginx.httpPort}/old`, '--resolve', `alpha.test:${nginx.httpPort}:127.0.0.1`])
    expect(r.status, r.stderr).toBe(0)
    expect(r.stdout.split('\n')[0]).toBe('HTTP/1.1 301 Moved Permanently')
    expect(r.stdout).toMatch(/^Location: http:\/\/alpha\.test:\d+\/new$/m)
    expect(r.stdout).toMatch(/^ {2}TCP connect +[\d.]+ ms {2}█/m)
    expect(r.stdout).toMatch(/^ {2}DNS +— ms {2}\(did not happen\)$/m)
  })

  it('http raw sends stdin’s bytes exactly, odd whitespace included, and nginx answers', async () => {
    // Two spaces after the method and a tab before a value: sent as they are; nginx decides.
    const request = `GET  /  HTTP/1.1\r\nHost:\talpha.test \r\nX-Odd:   spaced   \r\nConnection: close\r\n\r\n`
    const r = await run(['raw', `127.0.0.1:${nginx.httpPort}`, '--json'], request)
    expect(r.status, r.stderr).toBe(0)
    const doc = JSON.parse(r.stdout)
    expect(doc.request.raw).toBe(request)
    expect([200, 400]).toContain(doc.response.status)
    // Over TLS, SNI from --sni, the Host header from the bytes.
    const tls = await run(['raw', `127.0.0.1:${nginx.httpsPort}`, '--sni', 'beta.test', '--ca', ca, '--resolve', '127.0.0.1', '--json'], 'GET / HTTP/1.1\r\nHost: beta.test\r\nConnection: close\r\n\r\n')
    expect(tls.status, tls.stderr).toBe(0)
    expect(JSON.parse(tls.stdout).response.body).toBe(nginx.pages['beta.test'])
  })

  it('builds POST with --data and -H: Content-Length counted, a field replaced or dropped, the body last', async () => {
    const r = await run(['post', `http://127.0.0.1:${nginx.httpPort}/`, '--data', 'a=1&é', '-H', 'Accept:', '-H', 'user-agent: probe/1', '-H', 'X-Test: yes', '--json'])
    expect(r.status, r.stderr).toBe(0)
    const doc = JSON.parse(r.stdout)
    // A default field is replaced where it stands (Host stays first, RFC 9112 §3.2); a new one goes last.
    expect(doc.request.raw).toBe(`POST / HTTP/1.1\r\nHost: 127.0.0.1:${nginx.httpPort}\r\nuser-agent: probe/1\r\nAccept-Encoding: gzip, deflate, br, zstd\r\nContent-Length: 6\r\nConnection: close\r\nX-Test: yes\r\n\r\na=1&é`)
    // nginx serves no POST on a static page: 405, which it calls "Not Allowed"; people get RFC 9110's words too.
    expect(doc.response).toMatchObject({ status: 405, reason: 'Not Allowed' })
    const h = await run(['delete', `http://127.0.0.1:${nginx.httpPort}/`])
    expect(h.stdout.split('\n')[0]).toBe('HTTP/1.1 405 Method Not Allowed   (the server wrote "Not Allowed")')
  })

  it('--repeat adds p50/p95 per phase', async () => {
    const r = await run(['get', `http://127.0.0.1:${nginx.httpPort}/`, '--repeat', '3', '--keep-alive', '--json'])
    expect(r.status, r.stderr).toBe(0)
    const doc = JSON.parse(r.stdout)
    expect(doc.repeat.n).toBe(3)
    expect(Object.keys(doc.repeat.p50)).toEqual(['dnsMs', 'connectMs', 'tlsMs', 'firstByteMs', 'totalMs'])
    expect(doc.repeat.p95.totalMs).toBeGreaterThan(0)
    expect(doc.request.raw).not.toMatch(/Connection: close/)
  })

  it('bad input exits 2, a refused port 1, --http1.1 with --http2 is refused', async () => {
    expect((await run(['get', 'not a url'])).status).toBe(2)
    expect((await run(['get', 'ftp://example.test/'])).status).toBe(2)
    expect((await run([])).status).toBe(2)
    expect((await run(['raw', '127.0.0.1:1'])).status).toBe(2)
    const h2 = await run(['get', `https://127.0.0.1:${nginx.httpsPort}/`, '--http2', '--http1.1'])
    expect(h2.status).toBe(2)
    expect(h2.stderr).toMatch(/--http1\.1 or --http2, not both/)
    const port = await freePort()
    const refused = await run(['get', `http://127.0.0.1:${port}/`])
    expect(refused.status).toBe(1)
    expect(refused.stderr).toMatch(/refused/i)
  })
})
