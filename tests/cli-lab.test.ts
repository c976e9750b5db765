// The command line serves the lab it generates: `cert new pki` writes encrypted keys, `serve echo --tls` serves the
// chain with the passphrase from the environment, and `cert fetch --roots` trusts the lab root (built CLI, as a user runs it).
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const BIN = join(process.cwd(), 'bin', 'wirebench.js')
const dir = mkdtempSync(join(tmpdir(), 'wb-cli-lab-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** The environment without any passphrase variable the developer may have set. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra }
  for (const name of ['WIREBENCH_PASSPHRASE', 'WIREBENCH_KEY_PASSPHRASE', 'WIREBENCH_PASSWORD']) if (!(name in extra)) delete env[name]
  return env
}

function run(args: string[], env = cleanEnv()): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 20_000, env, stdio: ['ignore', 'pipe', 'pipe'] })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

/** `wirebench serve …` until its first line (the address it listens on); then a stop function. */
function serve(args: string[], env: NodeJS.ProcessEnv): Promise<{ port: number; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env })
  const stop = () => new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : (child.once('exit', () => resolve()), child.kill('SIGINT'))))
  return new Promise((resolve, reject) => {
    let out = ''
    let err = ''
    const timer = setTimeout(() => void stop().then(() => reject(new Error(`serve did not start: ${out}${err}`))), 15_000)
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      const port = /Listening on 127\.0\.0\.1:(\d+)/.exec(out)?.[1]
      if (port) {
        clearTimeout(timer)
        resolve({ port: Number(port), stop })
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`serve exited ${code}: ${err}`))
    })
  })
}

describe.runIf(existsSync(join(process.cwd(), 'out', 'main', 'cli.js')))('wirebench serves the lab it generates', () => {
  it('cert new pki → serve echo --tls with the key passphrase from the environment → cert fetch --roots says valid', async () => {
    const passFile = join(dir, 'pass.txt')
    writeFileSync(passFile, 'lab-secret\n', { mode: 0o600 })
    const lab = join(dir, 'lab')
    const made = run(['cert', 'new', 'pki', '--subject', 'CN=localhost', '--names', 'localhost,127.0.0.1', '--out', lab, '--passphrase-file', passFile])
    expect(made.status).toBe(0)

    // an encrypted key without its passphrase: refused before listening, with every way to give it
    const noPass = run(['serve', 'echo', '--tls', '--cert', join(lab, 'chain.pem'), '--key', join(lab, 'leaf.key.pem'), '--port', '0'])
    expect(noPass.status).toBe(2)
    expect(noPass.stderr).toContain('--key-passphrase-file FILE or WIREBENCH_KEY_PASSPHRASE')

    const server = await serve(['echo', '--tls', '--cert', join(lab, 'chain.pem'), '--key', join(lab, 'leaf.key.pem'), '--port', '0'], cleanEnv({ WIREBENCH_KEY_PASSPHRASE: 'lab-secret' }))
    try {
      const target = `127.0.0.1:${server.port}`
      const trusted = run(['cert', 'fetch', '--roots', join(lab, 'root-ca.crt.pem'), target])
      expect(trusted.stderr).toBe('')
      expect(trusted.status).toBe(0)
      expect(trusted.stdout).toMatch(/^VALID for server 127\.0\.0\.1 /m)
      expect(trusted.stdout).not.toMatch(/MISSING_INTERMEDIATE|PRIVATE_ROOT/)

      // without the lab root: a private root to trust, not a broken chain
      const untrusted = run(['cert', 'fetch', target, '--json'])
      expect(untrusted.status).toBe(1)
      const result = JSON.parse(untrusted.stdout) as { sent: unknown[]; findings: { code: string; severity: string; message: string }[] }
      expect(result.sent).toHaveLength(2)
      expect(result.findings.map((f) => [f.code, f.severity])).toEqual([['PRIVATE_ROOT', 'error']])
      expect(result.findings[0]?.message).toContain('not in your trust store')

      // openssl, the peer, agrees the served chain is complete under the lab root
      const openssl = spawnSync('openssl', ['s_client', '-connect', target, '-CAfile', join(lab, 'root-ca.crt.pem'), '-verify_return_error', '-brief'], { input: '', encoding: 'utf8', timeout: 10_000 })
      expect(openssl.stderr).toContain('Verification: OK')
    } finally {
      await server.stop()
    }
  })
})
