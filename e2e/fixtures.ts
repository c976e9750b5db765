// The browser shell as the e2e tests see it: the built serve entry started per worker, its printed URL read
// back, and a page opened on it.
import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { test as base, expect, type Page } from '@playwright/test'

export interface Shell {
  url: string
  port: number
  token: string
}

export const test = base.extend<{ app: Page }, { shell: Shell }>({
  shell: [
    async ({}, use) => {
      const child: ChildProcess = spawn(process.execPath, [join(__dirname, '..', 'out', 'main', 'serve.js'), '--no-open'], {
        stdio: ['ignore', 'pipe', 'pipe']
      })
      const line = await new Promise<string>((resolve, reject) => {
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
      const url = new URL(line)
      await use({ url: line, port: Number(url.port), token: url.searchParams.get('token') ?? '' })
      child.kill('SIGINT')
      await new Promise((r) => child.once('exit', r))
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
