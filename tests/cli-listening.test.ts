// `wirebench port --listening`, run as a user would against a server the test starts on loopback: the answer to
// "what is listening on this port here, and who can reach it?" (needs the build, like tests/cli.test.ts).
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const BIN = join(process.cwd(), 'bin', 'wirebench.js')
const run = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 20_000 })

describe.runIf(existsSync(join(process.cwd(), 'out', 'main', 'cli.js')) && process.platform === 'linux')('wirebench port --listening', () => {
  it('names the server listening on a port, its bind address in words and its process; an idle port is "nothing"', async () => {
    const child = spawn(process.execPath, [BIN, 'serve', 'echo', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] })
    try {
      const port = await new Promise<string>((resolve, reject) => {
        let out = ''
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString()
          const m = /127\.0\.0\.1:(\d+)/.exec(out)
          if (m) resolve(m[1] as string)
        })
        child.once('exit', (code) => reject(new Error(`serve exited ${code}`)))
      })
      const found = run(['port', '--listening', port])
      expect(found.status).toBe(0)
      expect(found.stdout).toMatch(new RegExp(`^tcp +127\\.0\\.0\\.1:${port} +node \\(${child.pid}\\) +only this machine \\(loopback\\)$`, 'm'))
      const json = JSON.parse(run(['port', '--listening', port, '--json']).stdout) as { sockets: { address: string; reach: string }[] }
      expect(json.sockets).toContainEqual(expect.objectContaining({ address: '127.0.0.1', reach: 'loopback' }))
    } finally {
      const exited = new Promise((r) => child.once('exit', r))
      child.kill('SIGINT')
      await exited
    }
    // Port 1 (tcpmux) is served by nothing on a test machine.
    const idle = run(['port', '--listening', '1'])
    expect(idle.status).toBe(1)
    expect(idle.stdout).toBe('Nothing is listening on port 1 here.\n')
    const refused = run(['port', '--listening', 'http'])
    expect(refused.status).not.toBe(0)
    expect(refused.stderr).toContain('--listening takes a port number, not "http"')
  })
})
