// The process-level net, in a real child process: an exception thrown from a timer and a rejected promise nobody
// awaits are logged, and the process goes on to finish its work instead of exiting with an error.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = resolve(__dirname, '../../..')
const jiti = join(root, 'node_modules', 'jiti', 'lib', 'jiti-cli.mjs')

function runChild(withNet: boolean): { status: number | null; stdout: string; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), 'wirebench-net-'))
  try {
    const script = join(dir, 'child.ts')
    writeFileSync(
      script,
      [
        `import { installSafetyNet } from ${JSON.stringify(join(__dirname, 'safety-net.ts'))}`,
        withNet ? 'installSafetyNet()' : '',
        "setTimeout(() => { throw new Error('thrown from a timer') }, 10)",
        "void Promise.reject(new Error('rejected and never awaited'))",
        "setTimeout(() => console.log('still serving'), 200)"
      ].join('\n')
    )
    const r = spawnSync(process.execPath, [jiti, script], { encoding: 'utf8', timeout: 20_000 })
    return { status: r.status, stdout: r.stdout, stderr: r.stderr }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

describe('safety net', () => {
  it('keeps the process alive through an uncaught exception and an unhandled rejection, and says so', () => {
    const r = runChild(true)
    expect(r.stdout).toContain('still serving')
    expect(r.status).toBe(0)
    expect(r.stderr).toContain('an uncaught exception was kept from stopping the process: Error: thrown from a timer')
    expect(r.stderr).toContain('an unhandled rejection was kept from stopping the process: Error: rejected and never awaited')
  })

  it('is what makes the difference: without it the same child dies', () => {
    const r = runChild(false)
    expect(r.stdout).not.toContain('still serving')
    expect(r.status).not.toBe(0)
  })
})
