// `wirebench http … --user/--password-file/--bearer-file/--har` run as a user would (the built CLI) against nginx's
// auth_basic: the password never in argv, the plain-HTTP warning on stderr, and a HAR file a viewer can open.
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLI_BUILT, runCli } from '../testing/cli'
import { NGINX, startNginx, type NginxServer } from '../testing/nginx'

describe.runIf(CLI_BUILT && existsSync(NGINX))('wirebench http auth and --har', () => {
  let ng: NginxServer
  let dir: string
  let pw: string
  beforeAll(async () => {
    ng = await startNginx({ bigFileMiB: 0.01 })
    dir = mkdtempSync(join(tmpdir(), 'wirebench-har-cli-'))
    pw = join(dir, 'password')
    writeFileSync(pw, `${ng.user.password}\n`)
  }, 20_000)
  afterAll(async () => {
    await ng?.stop()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })
  const url = (): string => `http://127.0.0.1:${ng.httpPort}/private/`

  it('--user with --password-file gets in, warns about plain http, and writes a HAR 1.2 file', async () => {
    const har = join(dir, 'ok.har')
    const r = await runCli(['http', 'get', url(), '--user', ng.user.name, '--password-file', pw, '--har', har, '--json'])
    expect(r.status, r.stderr).toBe(0)
    expect(r.stderr).toContain('base64 is an encoding, not encryption')
    expect(JSON.parse(r.stdout).response).toMatchObject({ status: 200, body: 'secret of default\n' })
    const log = JSON.parse(readFileSync(har, 'utf8')).log
    expect(log.version).toBe('1.2')
    expect(log.creator.name).toBe('Wirebench')
    const e = log.entries[0]
    expect(e.request.url).toBe(url())
    expect(e.request.headers).toContainEqual({ name: 'Authorization', value: `Basic ${Buffer.from(`${ng.user.name}:${ng.user.password}`).toString('base64')}` })
    expect(e.response).toMatchObject({ status: 200, content: { text: 'secret of default\n', mimeType: 'text/html' } })
    expect(e.timings.wait).toBeGreaterThanOrEqual(0)
  })

  it('takes the password from WIREBENCH_HTTP_PASSWORD; a wrong one is a 401 with its challenge', async () => {
    process.env.WIREBENCH_HTTP_PASSWORD = 'wrong'
    try {
      const r = await runCli(['http', 'get', url(), '--user', ng.user.name, '--json'])
      expect(r.status, r.stderr).toBe(0)
      const doc = JSON.parse(r.stdout)
      expect(doc.response.status).toBe(401)
      expect(doc.response.headers).toContainEqual(['WWW-Authenticate', 'Basic realm="Wirebench test realm"'])
    } finally {
      delete process.env.WIREBENCH_HTTP_PASSWORD
    }
  })

  it('refuses a password in argv, a user without a password, and a bad bearer token (exit 2)', async () => {
    expect((await runCli(['http', 'get', url(), '--user', 'u', '--password', 'x'])).status).toBe(2)
    const none = await runCli(['http', 'get', url(), '--user', 'u'])
    expect(none.status).toBe(2)
    expect(none.stderr).toMatch(/--password-file|WIREBENCH_HTTP_PASSWORD/)
    const bad = join(dir, 'bad-token')
    writeFileSync(bad, 'not a token\n')
    const b = await runCli(['http', 'get', url(), '--bearer-file', bad])
    expect(b.status).toBe(2)
    expect(b.stderr).toMatch(/b64token/)
  })

  it('--bearer-file sends the token (warned over http); --har refuses a symbolic link and writes from http raw', async () => {
    const tok = join(dir, 'token')
    writeFileSync(tok, 'mF_9.B5f-4.1JqM\n')
    const victim = join(dir, 'victim')
    writeFileSync(victim, 'keep me')
    const link = join(dir, 'link.har')
    symlinkSync(victim, link)
    const r = await runCli(['http', 'get', url(), '--bearer-file', tok, '--har', link, '--json'])
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/symbolic link/)
    expect(readFileSync(victim, 'utf8')).toBe('keep me')
    const ok = await runCli(['http', 'get', url(), '--bearer-file', tok, '--json'])
    expect(ok.stderr).toMatch(/Bearer token over plain http/)
    expect(JSON.parse(ok.stdout).request.raw).toContain('\r\nAuthorization: Bearer mF_9.B5f-4.1JqM\r\n')
    const har = join(dir, 'raw.har')
    const raw = await runCli(['http', 'raw', `127.0.0.1:${ng.httpPort}`, '--har', har], 'GET /cookie HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n')
    expect(raw.status, raw.stderr).toBe(0)
    const e = JSON.parse(readFileSync(har, 'utf8')).log.entries[0]
    expect(e.request.headersSize).toBe(60)
    expect(e.response.cookies.map((c: { name: string }) => c.name)).toEqual(['session', 'theme'])
  })
})
