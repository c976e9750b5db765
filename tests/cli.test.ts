// The built `wirebench` command, run as a user would (npm run build first; scripts/test.mjs does).
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const BIN = join(process.cwd(), 'bin', 'wirebench.js')

function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 20_000 })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

/** Starts `wirebench serve …` and resolves with the first stdout line and a stop function. */
function serve(args: string[]): Promise<{ line: string; stop: () => Promise<number | null> }> {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      const nl = out.indexOf('\n')
      if (nl >= 0) {
        resolve({
          line: out.slice(0, nl),
          stop: () =>
            new Promise((r) => {
              child.once('exit', (code) => r(code))
              child.kill('SIGINT')
            })
        })
      }
    })
    child.once('exit', (code) => reject(new Error(`serve exited ${code}`)))
  })
}

describe.runIf(existsSync(join(process.cwd(), 'out', 'main', 'cli.js')))('wirebench CLI', () => {
  it('prints help', () => {
    const r = run(['--help'])
    expect(r.status).toBe(0)
    expect(r.stdout).toContain('wirebench serve <echo|upper|discard>')
    expect(r.stdout).toContain('wirebench connect HOST:PORT')
  })

  it('serve upper + connect --send, in human form and as JSON', async () => {
    const server = await serve(['upper', '--port', '0'])
    try {
      const port = Number(/^Listening on 127\.0\.0\.1:(\d+) \(tcp upper\)$/.exec(server.line)?.[1])
      expect(port).toBeGreaterThan(0)
      const human = run(['connect', `127.0.0.1:${port}`, '--send', 'hello cli', '--wait', '300'])
      expect(human.status).toBe(0)
      expect(human.stdout).toMatch(/Connected to 127\.0\.0\.1 port \d+ \(tcp, IPv4\) from 127\.0\.0\.1 port \d+/)
      expect(human.stdout).toContain('HELLO CLI')
      const json = JSON.parse(run(['connect', `127.0.0.1:${port}`, '--send', 'json please', '--wait', '300', '--json']).stdout)
      expect(json.connection).toMatchObject({ remoteAddress: '127.0.0.1', remotePort: port, protocol: 'tcp' })
      expect(json.connection.localPort).toBeGreaterThan(0)
      expect(json.received).toMatchObject({ bytes: 12, text: 'JSON PLEASE\n' })
      expect(json.sent).toEqual({ bytes: 12 })
    } finally {
      expect(await server.stop()).toBe(0)
    }
  })

  it('serve echo --tls --json; connect --tls fails verification, --insecure works with a warning', async () => {
    const server = await serve(['echo', '--tls', '--json'])
    try {
      const info = JSON.parse(server.line)
      expect(info).toMatchObject({ protocol: 'tls', address: '127.0.0.1', behaviour: 'echo', tls: { selfSigned: true, subject: 'CN=localhost' } })
      const strict = run(['connect', `localhost:${info.port}`, '--tls'])
      expect(strict.status).toBe(1)
      expect(strict.stderr).toContain('CERT_SELF_SIGNED')
      const loose = run(['connect', `localhost:${info.port}`, '--insecure', '--send', 'x', '--wait', '200'])
      expect(loose.status).toBe(0)
      expect(loose.stdout).toMatch(/TLS: TLSv1\.3 TLS_/)
      expect(loose.stderr).toContain('WARNING: Certificate verification is OFF')
    } finally {
      await server.stop()
    }
  })

  it('serve --udp and the udp command', async () => {
    const server = await serve(['echo', '--udp', '--host', '::1'])
    try {
      const port = Number(/^Listening on \[::1\]:(\d+) \(udp echo\)$/.exec(server.line)?.[1])
      const r = JSON.parse(run(['udp', `[::1]:${port}`, '--send', 'datagram', '--json']).stdout)
      expect(r.reply).toMatchObject({ from: '::1', port, text: 'datagram' })
    } finally {
      await server.stop()
    }
  })

  it('bad input exits 2 with a one-line reason; network failure exits 1', () => {
    const badPort = run(['connect', '127.0.0.1:70000'])
    expect(badPort.status).toBe(2)
    expect(badPort.stderr.trim()).toBe('wirebench: INVALID_INPUT: port: A port is a whole number from 0 to 65535.')
    expect(run(['connect', 'no-port-here']).status).toBe(2)
    expect(run(['connect', `127.0.0.1:1`, '--hex', 'abc']).status).not.toBe(0)
    expect(run(['frobnicate']).status).toBe(2)
    const refused = run(['connect', '127.0.0.1:1'])
    expect(refused.status).toBe(1)
    expect(refused.stderr).toContain('ECONNREFUSED')
  })
})
