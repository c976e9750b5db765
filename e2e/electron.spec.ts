// The same app inside Electron, where its binary exists (playwright.config.ts adds this project only then).
import { join } from 'node:path'
import { _electron as electron, expect, test } from '@playwright/test'

test('Electron: the window is sandboxed and an echo round trip works over IPC', async () => {
  const app = await electron.launch({ args: [join(__dirname, '..')] })
  try {
    const page = await app.firstWindow()
    await expect(page.getByTestId('transport-state')).toHaveText('Connected to engines')
    // The renderer comes from the app:// scheme (with its CSP header), never from file://.
    expect(page.url()).toBe('app://wirebench/index.html')
    // No Node in the page; only the declared methods on the bridge.
    expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined')
    const methods = await page.evaluate(() => Object.keys((globalThis as unknown as { wirebench: { methods: object } }).wirebench.methods))
    expect(methods).toContain('tcp.connect')
    await page.getByRole('radio', { name: 'Server' }).click()
    await page.getByRole('button', { name: 'Start server' }).click()
    const port = /:(\d+)/.exec((await page.getByTestId('server-listen').textContent()) ?? '')![1]!
    await page.getByRole('radio', { name: 'Client', exact: true }).click()
    await page.getByLabel('Port', { exact: true }).fill(port)
    await page.getByRole('button', { name: 'Connect' }).click()
    await page.getByLabel('Data to send').fill('over ipc')
    await page.getByLabel('Data to send').press('Enter')
    await expect(page.getByTestId('transcript-text').locator('.t-in-row')).toContainText('over ipc')
  } finally {
    await app.close()
  }
})
