// The built `wirebench` command under stress a user can cause: slow pipes, flooding peers, secrets kept out of argv,
// files with more items than are read, and TLS failures explained in the TLS library's own words.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const BIN = join(process.cwd(), 'bin', 'wirebench.js')

function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 30_000, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, ...env } })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

/** Like run, without blocking this process: for peers that live in this test process. */
function runAsync(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  return new Promise((resolve) => child.once('close', (status) => resolve({ status, stdout, stderr })))
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)))
}

const FLOOD_BYTES = 200 * 1024 * 1024
let dir = ''
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wb-cli-hard-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe.runIf(existsSync(join(process.cwd(), 'out', 'main', 'cli.js')))('wirebench CLI hardening', () => {
  it('a slow reader on a pipe gets the whole output (1.8 MB of JSON), then exit code 0', async () => {
    const child = spawn(process.execPath, [BIN, 'split', '2001:db8::/48', '--prefix', '64', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] })
    const chunks: Buffer[] = []
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
    // Read nothing for a while (the pipe fills), then read in small sips with pauses.
    child.stdout.pause()
    await new Promise((resolve) => setTimeout(resolve, 500))
    child.stdout.on('data', (chunk: Buffer) => {
      chunks.push(chunk)
      child.stdout.pause()
      setTimeout(() => child.stdout.resume(), 5)
    })
    child.stdout.resume()
    const ended = new Promise((resolve) => child.stdout.once('end', resolve))
    const [code] = await Promise.all([exited, ended])
    expect(code).toBe(0)
    const text = Buffer.concat(chunks).toString('utf8')
    expect(text.length).toBeGreaterThan(1_800_000)
    const doc = JSON.parse(text)
    expect(doc).toMatchObject({ parent: '2001:db8::/48', prefixLength: 64, count: '65536', listed: 65536 })
    expect(doc.subnets.at(-1)).toBe('2001:db8:0:ffff::/64')
  }, 30_000)

  it('connect --json against a 200 MB flood stays under a memory bound, exits cleanly and reports the dropped bytes', async () => {
    const block = Buffer.alloc(1024 * 1024, 0x61)
    const server = createServer((socket) => {
      socket.on('error', () => undefined)
      let sent = 0
      const pump = () => {
        while (sent < FLOOD_BYTES) {
          sent += block.length
          const last = sent >= FLOOD_BYTES
          const ok = last ? (socket.end(block), true) : socket.write(block)
          if (!ok) return socket.once('drain', pump)
        }
      }
      pump()
    })
    const port = await listen(server)
    try {
      const child = spawn(process.execPath, [BIN, 'connect', `127.0.0.1:${port}`, '--json', '--wait', '3000'], { stdio: ['ignore', 'pipe', 'pipe'] })
      let peakKb = 0
      const sample = setInterval(() => {
        try {
          const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))
          if (rss) peakKb = Math.max(peakKb, Number(rss[1]))
        } catch {
          // the process has exited
        }
      }, 10)
      let stdout = ''
      let stderr = ''
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
      clearInterval(sample)
      expect(code).toBe(0)
      const result = JSON.parse(stdout)
      expect(result.error).toBeNull()
      expect(result.received.bytes).toBe(FLOOD_BYTES)
      expect(result.received.droppedBytes).toBe(FLOOD_BYTES - 1024 * 1024)
      expect(Buffer.from(result.received.base64, 'base64')).toEqual(Buffer.alloc(1024 * 1024, 0x61))
      expect(stderr).toContain(`${FLOOD_BYTES - 1024 * 1024} bytes dropped`)
      // Holding the flood (or its base64 and JSON copies) would take well over 600 MB.
      expect(peakKb).toBeGreaterThan(0)
      expect(peakKb / 1024).toBeLessThan(200)
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
  }, 60_000)

  it('cert new takes the passphrase from a file or the environment without a word; --passphrase warns', () => {
    const secretFile = join(dir, 'pass.txt')
    writeFileSync(secretFile, 'file-secret-1\n', { mode: 0o600 })
    const fromFile = run(['cert', 'new', 'key', '--out', join(dir, 'a'), '--passphrase-file', secretFile, '--json'])
    expect(fromFile.status).toBe(0)
    expect(fromFile.stderr).toBe('')
    const keyA = JSON.parse(fromFile.stdout).written[0].file as string
    expect(spawnSync('openssl', ['pkey', '-in', keyA, '-passin', 'pass:file-secret-1', '-noout']).status).toBe(0)
    expect(spawnSync('openssl', ['pkey', '-in', keyA, '-passin', 'pass:wrong-one', '-noout']).status).not.toBe(0)

    const fromEnv = run(['cert', 'new', 'key', '--out', join(dir, 'b'), '--json'], { WIREBENCH_PASSPHRASE: 'env-secret-2' })
    expect(fromEnv.status).toBe(0)
    expect(fromEnv.stderr).toBe('')
    expect(spawnSync('openssl', ['pkey', '-in', JSON.parse(fromEnv.stdout).written[0].file, '-passin', 'pass:env-secret-2', '-noout']).status).toBe(0)

    const inArgv = run(['cert', 'new', 'key', '--out', join(dir, 'c'), '--passphrase', 'argv-secret-3'])
    expect(inArgv.status).toBe(0)
    expect(inArgv.stderr).toContain('WARNING: --passphrase is visible to other local users')

    const missing = run(['cert', 'new', 'key', '--out', join(dir, 'd'), '--passphrase-file', join(dir, 'nope.txt')])
    expect(missing.status).toBe(2)
    expect(missing.stderr).toContain('cannot read --passphrase-file')
  }, 60_000)

  it('cert new asks for the passphrase on a terminal and does not echo it', async () => {
    // `script` (util-linux) gives the command a real terminal, as a user at a shell has.
    const out = join(dir, 'tty')
    const child = spawn('script', ['-qec', `${process.execPath} ${BIN} cert new key --out ${out}`, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'] })
    let screen = ''
    child.stdout.on('data', (d: Buffer) => {
      screen += d.toString()
      if (screen.includes('Passphrase for the new private key: ') && !child.stdin.writableEnded) child.stdin.end('typed-secret-9\r')
    })
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve))
    expect(code).toBe(0)
    expect(screen).toContain('p256.key.pem')
    expect(screen).not.toContain('typed-secret-9')
    expect(spawnSync('openssl', ['pkey', '-in', join(out, 'p256.key.pem'), '-passin', 'pass:typed-secret-9', '-noout']).status).toBe(0)
  }, 30_000)

  it('cert inspect says when a file holds more items than it shows', () => {
    const key = spawnSync('openssl', ['genpkey', '-algorithm', 'ed25519'], { encoding: 'utf8' }).stdout
    const pub = spawnSync('openssl', ['pkey', '-pubout'], { input: key, encoding: 'utf8' }).stdout
    const file = join(dir, 'many.pem')
    writeFileSync(file, pub.repeat(20_500))
    const r = run(['cert', 'inspect', file, '--json'])
    expect(r.status).toBe(0)
    const doc = JSON.parse(r.stdout)
    expect(doc.items).toHaveLength(20_000)
    expect(doc.truncated).toEqual({ shown: 20_000, total: 20_500 })
    expect(r.stderr).toContain('holds 20500 items; only the first 20000 are shown')
    const small = JSON.parse(run(['cert', 'inspect', join(dir, 'a', 'p256.key.pem'), '--json']).stdout)
    expect(small.truncated).toBe(false)
  }, 60_000)

  it("cert fetch from a server that is not TLS names the cause and prints the TLS library's own reason", async () => {
    const server = createServer((socket) => {
      socket.on('error', () => undefined)
      socket.once('data', () => socket.end('HTTP/1.0 400 Bad Request\r\n\r\n'))
    })
    const port = await listen(server)
    try {
      const r = await runAsync(['cert', 'fetch', `127.0.0.1:${port}`])
      expect(r.status).toBe(1)
      // One line: our words (the cause: this port speaks plain HTTP), then the TLS library's (OpenSSL:
      // "ssl3_get_record:wrong version number").
      expect(r.stderr).toMatch(/^wirebench: TLS_HANDSHAKE_FAILED: This port answered in plain text \(plain HTTP\), not TLS: it sent "HTTP\/1\.0 400 Bad Request".*\(.*wrong.version.number.*\)\n$/i)
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
  }, 30_000)
})
