// The browser shell as the e2e tests see it: the built serve entry started per worker, its printed one-time URL
// spent once (as a user's browser would) for the token, and a page opened with it.
import { spawn, type ChildProcess } from 'node:child_process'
import http from 'node:http'
import { join } from 'node:path'
import { test as base, expect, type Page } from '@playwright/test'

export interface Shell {
  /** A page address that can be opened again and again (it carries the token, which the page then hides). */
  url: string
  port: number
  token: string
}

/** Spends a printed one-time address: the answer is a redirect that sets the token's cookie. */
export function redeem(printed: string): Promise<{ status: number; location?: string; cookie?: string; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(printed, (res) => {
        let body = ''
        res.on('data', (d) => (body += d))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, cookie: res.headers['set-cookie']?.[0], body }))
      })
      .on('error', reject)
  })
}

/** Starts the built browser shell and resolves with its process and the address it printed. */
export async function startShell(env: NodeJS.ProcessEnv = process.env, args: string[] = ['--no-open']): Promise<{ child: ChildProcess; printed: string }> {
  const child: ChildProcess = spawn(process.execPath, [join(__dirname, '..', 'out', 'main', 'serve.js'), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env
  })
  const printed = await new Promise<string>((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`browser shell did not start: ${out}`)), 15_000)
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /^Wirebench: (http:\/\/127\.0\.0\.1:\d+\/\S+)$/m.exec(out)
      if (m) {
        clearTimeout(timer)
        resolve(m[1] as string)
      }
    })
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()))
    child.once('exit', (code) => reject(new Error(`browser shell exited with ${code}: ${out}`)))
  })
  return { child, printed }
}

export async function stopShell(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((r) => child.once('exit', r))
  child.kill('SIGINT')
  await exited
}

export const test = base.extend<{ app: Page }, { shell: Shell }>({
  shell: [
    async ({}, use) => {
      const { child, printed } = await startShell()
      const redeemed = await redeem(printed)
      const token = /^wirebench_token=([^;]+)/.exec(redeemed.cookie ?? '')?.[1]
      if (redeemed.status !== 303 || !token) throw new Error(`the printed address did not open the shell: ${redeemed.status} ${redeemed.body}`)
      const port = Number(new URL(printed).port)
      await use({ url: `http://127.0.0.1:${port}/?token=${token}`, port, token })
      await stopShell(child)
    },
    { scope: 'worker' }
  ],
  app: async ({ page, shell }, use) => {
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text())
    })
    await page.goto(shell.url)
    await expect(page.getByTestId('transport-state')).toHaveText('Connected to engines')
    await use(page)
    expect(errors, 'no errors in the page console').toEqual([])
  }
})

export { expect }
