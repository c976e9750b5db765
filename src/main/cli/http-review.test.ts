// `wirebench http` (the built CLI) against scripted loopback servers, for what a black-box review found: exit 1 and
// "complete": false for a response cut short or badly framed, server text escaped for the terminal, -H replacing a
// default in place, credentials in the URL warned, --resolve and --connect-to, and -o - writing the body to stdout.
import net from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { CLI_BUILT, runCli } from '../testing/cli'

interface Scripted { port: number; requests: string[]; close(): Promise<void> }

/** Answers each request head with `answer` (then closes unless `keep`), recording the heads. */
async function scripted(answer: Buffer | string | ((s: net.Socket) => void)): Promise<Scripted> {
  const requests: string[] = []
  const sockets = new Set<net.Socket>()
  const server = net.createServer((s) => {
    sockets.add(s)
    s.on('error', () => {})
    s.on('close', () => sockets.delete(s))
    let buf = ''
    s.on('data', (d: Buffer) => {
      buf += d.toString('latin1')
      const end = buf.indexOf('\r\n\r\n')
      if (end < 0) return
      requests.push(buf.slice(0, end + 4))
      buf = buf.slice(end + 4)
      if (typeof answer === 'function') answer(s)
      else s.end(answer)
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return {
    port: (server.address() as net.AddressInfo).port,
    requests,
    close: () => new Promise<void>((r) => { for (const s of sockets) s.destroy(); server.close(() => r()) })
  }
}

let server: Scripted | undefined
afterEach(async () => { await server?.close(); server = undefined })

const http = (args: string[], stdin = '') => runCli(['http', ...args], stdin)

describe.runIf(CLI_BUILT)('wirebench http: review findings', () => {
  it('a bad chunk size or a Content-Length cut short exits 1, with "complete": false and the findings in --json', async () => {
    server = await scripted('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n')
    const chunk = await http(['get', `http://127.0.0.1:${server.port}/`, '--json'])
    expect(chunk.status, chunk.stderr).toBe(1)
    const doc = JSON.parse(chunk.stdout)
    expect(doc.complete).toBe(false)
    expect(doc.findings.some((f: { code: string; severity: string }) => f.code === 'HTTP_BAD_FRAMING' && f.severity === 'error')).toBe(true)
    await server.close()
    server = await scripted('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc')
    const short = await http(['get', `http://127.0.0.1:${server.port}/`])
    expect(short.status).toBe(1)
    expect(short.stdout).toMatch(/^HTTP\/1\.1 200 OK$/m)
    expect(short.stdout).toMatch(/not complete/)
    await server.close()
    // Content-Length: -1 (RFC 9112 §6.3): the head and the finding are shown, exit 1.
    server = await scripted('HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\nabc')
    const neg = await http(['get', `http://127.0.0.1:${server.port}/`, '--json'])
    expect(neg.status).toBe(1)
    expect(JSON.parse(neg.stdout)).toMatchObject({ complete: false, response: { status: 200, headers: [['Content-Length', '-1']] } })
  })

  it('escapes ESC, C1 and DEL in what the server wrote; statusWords beside reason; 1xx listed', async () => {
    server = await scripted('HTTP/1.1 103 Early Hints\r\nLink: </s.css>; rel=preload\r\n\r\nHTTP/1.1 302 \x1b]0;pwned\x07Found\r\nX-Evil: a\x1b[2Jb\x7f\u009bc\r\nContent-Length: 0\r\n\r\n')
    const h = await http(['get', `http://127.0.0.1:${server.port}/`])
    expect(h.status, h.stderr).toBe(0)
    expect(h.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/)
    expect(h.stdout).toMatch(/^X-Evil: a\\e\[2Jb\\x7f/m)
    expect(h.stdout).toMatch(/^103 Early Hints:\n {2}Link: <\/s\.css>; rel=preload$/m)
    const j = JSON.parse((await http(['get', `http://127.0.0.1:${server.port}/`, '--json'])).stdout)
    expect(j.response).toMatchObject({ status: 302, statusWords: 'Found', interim: [{ status: 103, headers: [['Link', '</s.css>; rel=preload']] }] })
  })

  it('-H Host replaces the default in place (first); two -H of one name are both sent; URL credentials are warned', async () => {
    server = await scripted('HTTP/1.1 204 No Content\r\n\r\n')
    const r = await http(['get', `http://me:secret@127.0.0.1:${server.port}/`, '-H', 'Host: b.test', '-H', 'X-A: 1', '-H', 'X-A: 2'])
    expect(r.status, r.stderr).toBe(0)
    const head = server.requests[0]!
    expect(head).toMatch(/^GET \/ HTTP\/1\.1\r\nHost: b\.test\r\nUser-Agent:/)
    expect(head.match(/^Host:/gim)).toHaveLength(1)
    expect(head).toMatch(/\r\nX-A: 1\r\nX-A: 2\r\n/)
    expect(r.stderr).toMatch(/password in the URL.*--password-file/)
    expect(r.stderr).toMatch(/Basic auth over plain http/)
  })

  it('http raw takes curl’s --resolve HOST:PORT:ADDRESS; --connect-to goes to HOST2:PORT2', async () => {
    server = await scripted('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok')
    const req = 'GET / HTTP/1.1\r\nHost: a.test\r\nConnection: close\r\n\r\n'
    const raw = await http(['raw', `a.test:${server.port}`, '--resolve', `a.test:${server.port}:127.0.0.1`, '--json'], req)
    expect(raw.status, raw.stderr).toBe(0)
    expect(JSON.parse(raw.stdout).response.body).toBe('ok')
    const get = await http(['get', 'http://a.test:81/', '--connect-to', `a.test:81:127.0.0.1:${server.port}`, '--json'])
    expect(get.status, get.stderr).toBe(0)
    const doc = JSON.parse(get.stdout)
    expect(doc.remote).toEqual({ address: '127.0.0.1', port: server.port })
    expect(server.requests.at(-1)).toMatch(/\r\nHost: a\.test:81\r\n/)
    const viaRaw = await http(['raw', 'a.test:81', '--connect-to', `a.test:81:127.0.0.1:${server.port}`], req)
    expect(viaRaw.status, viaRaw.stderr).toBe(0)
  })

  it('-o - writes only the body to stdout, the summary to stderr; a body over 8 MiB still shows its first 1 MiB', async () => {
    const big = Buffer.alloc(9 * 1024 * 1024, 'x')
    server = await scripted(Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: ${big.length}\r\n\r\n`), big]))
    const out = await http(['get', `http://127.0.0.1:${server.port}/`, '-o', '-'])
    expect(out.status, out.stderr).toBe(0)
    expect(out.stdout.length).toBe(big.length)
    expect(out.stderr).toMatch(/^HTTP\/1\.1 200 OK$/m)
    const j = await http(['get', `http://127.0.0.1:${server.port}/`, '--json'])
    const doc = JSON.parse(j.stdout)
    expect(doc.response).toMatchObject({ bodyLength: big.length, bodyShownBytes: 1024 * 1024 })
    expect(doc.response.body).toBe('x'.repeat(1024 * 1024))
    expect(doc.response.bodyFile).toBeUndefined()
  })
})
