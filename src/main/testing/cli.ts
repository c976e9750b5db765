// The built command line run as a user runs it (`node bin/wirebench.js …`, after `npx electron-vite build`), with
// stdin, stdout, stderr and the exit status, for the CLI tests of every area.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'

export const CLI_BIN = join(process.cwd(), 'bin', 'wirebench.js')
/** False before the first build: CLI tests skip themselves with this as the reason. */
export const CLI_BUILT = existsSync(join(process.cwd(), 'out', 'main', 'cli.js'))

export interface CliRun {
  status: number | null
  stdout: string
  stderr: string
}

/** Runs `wirebench ARGS…`, feeding `stdin`; a run that outlives `timeoutMs` is killed (status null). */
export function runCli(args: string[], stdin: string | Buffer = '', timeoutMs = 15_000): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI_BIN, ...args], { stdio: ['pipe', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.once('close', (status) => {
      clearTimeout(timer)
      resolve({ status, stdout, stderr })
    })
    child.stdin.end(stdin)
  })
}
