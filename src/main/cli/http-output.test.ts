// `wirebench http get|raw … -o FILE` against nginx with the built CLI: the whole body, decoded, lands in FILE; a body
// over the memory cap leaves no temp file behind without -o (TMPDIR is the test's own, so leftovers are seen); a
// symbolic link at FILE is refused.
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLI_BIN, CLI_BUILT } from '../testing/cli'
import { startNginx, type NginxServer } from '../testing/nginx'

let nginx: NginxServer
let dir = ''
let spill = ''

/** The CLI with TMPDIR pointed at the test's own directory, so any spill file it leaves is visible. */
function cli(args: string[], stdin = ''): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI_BIN, ...args], { env: { ...process.env, TMPDIR: spill }, stdio: ['pipe', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
    child.once('close', (status) => {
      clearTimeout(timer)
      resolve({ status, stdout, stderr })
    })
    child.stdin.end(stdin)
  })
}

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex')

beforeAll(async () => {
  // 9 MiB: over the 8 MiB the engine holds in memory, so without -o it is spilled to a temp file.
  nginx = await startNginx({ bigFileMiB: 9 })
  dir = mkdtempSync(join(tmpdir(), 'wb-cli-output-'))
  spill = join(dir, 'tmp')
  mkdirSync(spill)
}, 20_000)
afterAll(async () => {
  await nginx?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe.skipIf(!CLI_BUILT)('wirebench http -o FILE', () => {
  it('writes a body over the memory cap whole to FILE, and leaves no temp file', async () => {
    const file = join(dir, 'big.bin')
    const r = await cli(['http', 'get', `http://127.0.0.1:${nginx.httpPort}${nginx.big.path}`, '-o', file])
    expect(r.status).toBe(0)
    expect(r.stderr).toMatch(/body bytes written to/)
    const got = readFileSync(file)
    expect(got.length).toBe(nginx.big.bytes)
    expect(sha256(got)).toBe(nginx.big.sha256)
    // A body is not a secret: readable by others, as curl -o leaves it (less the umask).
    expect(statSync(file).mode & 0o777).toBe(0o644 & ~process.umask())
    expect(readdirSync(spill)).toEqual([])
  })

  it('without -o, removes the temp file and says the body was larger than shown', async () => {
    const r = await cli(['http', 'get', `http://127.0.0.1:${nginx.httpPort}${nginx.big.path}`, '--json'])
    expect(r.status).toBe(0)
    expect(r.stderr).toMatch(/larger than Wirebench holds in memory.*-o FILE/)
    expect(JSON.parse(r.stdout).response.bodyFile).toBeUndefined()
    expect(readdirSync(spill)).toEqual([])
  })

  it('writes the decoded body: a gzip answer lands in FILE as the text it encodes', async () => {
    const file = join(dir, 'text.txt')
    const r = await cli(['http', 'get', `http://alpha.test:${nginx.httpPort}/text.txt`, '--resolve', `alpha.test:${nginx.httpPort}:127.0.0.1`, '-o', file])
    expect(r.status).toBe(0)
    expect(r.stderr).toMatch(/decoded from gzip/)
    expect(readFileSync(file, 'utf8')).toBe('alpha.test '.repeat(20_000))
  })

  it('http raw -o FILE writes the body of the raw exchange (chunked framing removed)', async () => {
    const file = join(dir, 'chunked.txt')
    const req = `GET ${nginx.chunked.path} HTTP/1.1\r\nHost: alpha.test\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n`
    const r = await cli(['http', 'raw', `127.0.0.1:${nginx.httpPort}`, '-o', file], req)
    expect(r.status).toBe(0)
    expect(readFileSync(file, 'utf8')).toBe(nginx.chunked.text)
    expect(readdirSync(spill)).toEqual([])
  })

  it('refuses a symbolic link at FILE and writes nothing through it', async () => {
    const victim = join(dir, 'victim.txt')
    writeFileSync(victim, 'keep me')
    const link = join(dir, 'link.txt')
    symlinkSync(victim, link)
    const r = await cli(['http', 'get', `http://127.0.0.1:${nginx.httpPort}/`, '-o', link])
    expect(r.status).not.toBe(0)
    expect(r.stderr).toMatch(/symbolic link/)
    expect(readFileSync(victim, 'utf8')).toBe('keep me')
    expect(existsSync(link)).toBe(true)
  })
})
