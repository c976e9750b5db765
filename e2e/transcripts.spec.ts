// Transcripts and ports as a user works them: search with a count, save the bytes, saved messages, a refused 40 MB
// paste, cancel and reconnect, and the machine's listening sockets showing a server started in the app.
import { mkdirSync, readFileSync } from 'node:fs'
import type { Page } from '@playwright/test'
import { test, expect } from './fixtures'

const SHOTS = '/tmp/shots'

async function shoot(app: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true })
  for (const scheme of ['light', 'dark'] as const) {
    await app.emulateMedia({ colorScheme: scheme })
    await app.screenshot({ path: `${SHOTS}/w4-${name}-${scheme}.png` })
  }
  await app.emulateMedia({ colorScheme: 'light' })
}

/** Starts a server from the Server form and answers its port. */
async function startServer(app: Page, behaviour = 'echo'): Promise<string> {
  await app.getByRole('radio', { name: 'Server' }).click()
  await app.getByLabel('Behaviour').selectOption(behaviour)
  await app.getByRole('button', { name: 'Start server' }).click()
  const listen = app.getByTestId('server-listen')
  await expect(listen).toContainText('127.0.0.1:')
  return /127\.0\.0\.1:(\d+)/.exec((await listen.textContent()) ?? '')![1]!
}

async function connect(app: Page, port: string): Promise<void> {
  await app.getByRole('radio', { name: 'Client', exact: true }).click()
  await app.getByLabel('Host').fill('127.0.0.1')
  await app.getByLabel('Port', { exact: true }).fill(port)
  await app.getByRole('button', { name: 'Connect' }).click()
  await expect(app.getByTestId('remote-address')).toContainText(`127.0.0.1:${port}`)
}

async function say(app: Page, line: string): Promise<void> {
  await app.getByLabel('Data to send').fill(line)
  await app.getByLabel('Data to send').press('Enter')
  await expect(app.getByTestId('transcript-text').locator('.t-in-row').filter({ hasText: line }).first()).toBeVisible()
}

test('search marks and counts matches and steps through them; save writes the received bytes and the text', async ({ app }) => {
  await connect(app, await startServer(app))
  for (const line of ['alpha needle', 'beta', 'gamma needle NEEDLE']) await say(app, line)

  const search = app.getByLabel('Search transcript')
  await app.getByTestId('transcript-text').click()
  await app.keyboard.press('Control+f')
  await expect(search).toBeFocused()
  await app.keyboard.type('needle')
  // Three sent and three echoed back, case-insensitive.
  await expect(app.getByTestId('match-count')).toHaveText('1 of 6')
  await expect(app.locator('mark.t-match')).toHaveCount(6)
  await expect(app.locator('mark.t-match-current')).toHaveCount(1)
  await search.press('Enter')
  await expect(app.getByTestId('match-count')).toHaveText('2 of 6')
  await app.getByRole('button', { name: 'Previous match' }).click()
  await app.getByRole('button', { name: 'Previous match' }).click()
  await expect(app.getByTestId('match-count')).toHaveText('6 of 6')
  await search.fill('absent')
  await expect(app.getByTestId('match-count')).toHaveText('no matches')
  await search.fill('needle')
  await shoot(app, 'transcript-search')

  const bin = app.waitForEvent('download')
  await app.getByRole('button', { name: 'Save .bin' }).click()
  const binFile = await bin
  expect(binFile.suggestedFilename()).toMatch(/^wirebench-.*-in-\d{8}-\d{6}\.bin$/)
  expect(readFileSync(await binFile.path(), 'latin1')).toBe('alpha needle\nbeta\ngamma needle NEEDLE\n')

  const txt = app.waitForEvent('download')
  await app.getByRole('button', { name: 'Save .txt' }).click()
  const text = readFileSync(await (await txt).path(), 'utf8')
  expect(text).toMatch(/→ 13 B {2}alpha needle\\n/)
  expect(text).toMatch(/← 20 B {2}gamma needle NEEDLE\\n/)

  await app.context().grantPermissions(['clipboard-read', 'clipboard-write'])
  await app.getByRole('button', { name: 'Copy all' }).click()
  await expect(app.getByRole('status').filter({ hasText: 'Copied.' })).toBeVisible()
  const copied = await app.evaluate<string>('navigator.clipboard.readText()')
  expect(copied).toBe(text)

  await app.getByRole('button', { name: 'Clear' }).click()
  await expect(app.getByText('Nothing sent or received yet.')).toBeVisible()
  await expect(app.getByTestId('stream-counters')).toContainText('sent 38 B · received 38 B')
})

test('a saved message sends in one click and is still there after a reload; a repeat sends its count', async ({ app }) => {
  await connect(app, await startServer(app))
  await app.getByLabel('Data to send').fill('PING saved')
  await app.getByLabel('Name for this message').fill('ping')
  await app.getByRole('button', { name: 'Save message' }).click()
  await app.getByLabel('Data to send').fill('')
  await app.getByRole('group', { name: 'Saved messages' }).getByRole('button', { name: 'ping', exact: true }).click()
  const text = app.getByTestId('transcript-text')
  await expect(text.locator('.t-out-row').filter({ hasText: 'PING saved' })).toHaveCount(1)
  await expect(text.locator('.t-in-row').filter({ hasText: 'PING saved' })).toHaveCount(1)

  await app.getByLabel('Data to send').fill('tick')
  await app.getByLabel('Repeat interval (ms)').fill('50')
  await app.getByLabel('Repeat count').fill('4')
  await app.getByRole('group', { name: 'Repeat' }).getByRole('button', { name: 'Start' }).click()
  await expect(app.getByTestId('repeat-progress')).toHaveText('4 of 4 sent')
  await expect(text.locator('.t-out-row').filter({ hasText: 'tick' })).toHaveCount(4)
  await shoot(app, 'saved-repeat')

  // A reload closes what was open; the saved message is kept and sends on a new connection.
  await app.reload()
  await connect(app, await startServer(app))
  await app.getByRole('group', { name: 'Saved messages' }).getByRole('button', { name: 'ping', exact: true }).click()
  await expect(app.getByTestId('transcript-text').locator('.t-in-row').filter({ hasText: 'PING saved' })).toHaveCount(1)
})

test('a 40 MB paste into the composer is refused at once, in words, and the page stays usable', async ({ app }) => {
  await connect(app, await startServer(app))
  // Page code as a string: the e2e TypeScript project has no DOM types (and should not, for main's sake).
  const elapsed = await app.evaluate<number>(`(async () => {
    const area = document.querySelector('textarea[aria-label="Data to send"]')
    const data = new DataTransfer()
    data.setData('text/plain', 'x'.repeat(40 * 1024 * 1024))
    const started = performance.now()
    area.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))
    while (!document.querySelector('[data-testid="composer-size-error"]')) await new Promise((r) => requestAnimationFrame(r))
    return performance.now() - started
  })()`)
  expect(elapsed).toBeLessThan(1000)
  await expect(app.getByTestId('composer-size-error')).toContainText('That is 40.0 MiB of text; a message is at most 8.0 MiB. Nothing was pasted')
  await expect(app.getByLabel('Data to send')).toHaveValue('')
  await shoot(app, 'paste-refused')
  await say(app, 'still fine')
})

test('a connect that hangs can be cancelled or times out; a closed connection reconnects with the same settings', async ({ app }) => {
  // A discard server never answers a TLS ClientHello, so a TLS connect to it waits.
  const silent = await startServer(app, 'discard')
  await app.getByRole('radio', { name: 'Client', exact: true }).click()
  await app.getByLabel('Port', { exact: true }).fill(silent)
  await app.getByRole('checkbox', { name: 'TLS' }).check()
  await app.getByRole('button', { name: 'Connect' }).click()
  await expect(app.getByText(`Connecting to 127.0.0.1:${silent}…`)).toBeVisible()
  await shoot(app, 'connecting')
  await app.getByRole('button', { name: 'Cancel' }).click()
  await expect(app.getByTestId('client-error')).toContainText('was cancelled')

  await app.getByLabel('Connect timeout').fill('0.5')
  const started = Date.now()
  await app.getByRole('button', { name: 'Connect' }).click()
  await expect(app.getByTestId('client-error')).toContainText(/time/i)
  expect(Date.now() - started).toBeLessThan(5000)
  await app.getByRole('checkbox', { name: 'TLS' }).uncheck()
  await app.getByLabel('Connect timeout').fill('10')

  const echo = await startServer(app)
  await connect(app, echo)
  const firstLocal = await app.getByTestId('local-address').textContent()
  await app.getByRole('button', { name: 'Close', exact: true }).click()
  await expect(app.getByTestId('stream-closed')).toBeVisible()
  await app.getByRole('button', { name: 'Reconnect' }).click()
  // A new connection, shown: its own local port (a negated assertion alone would also pass while the view is
  // between two connections), the old one's closed line gone, and the composer of the new one ready.
  await expect.poll(async () => (await app.getByTestId('local-address').textContent({ timeout: 1000 }).catch(() => null)) ?? firstLocal).not.toBe(firstLocal)
  await expect(app.getByTestId('local-address')).toContainText('127.0.0.1:')
  await expect(app.getByTestId('stream-closed')).toHaveCount(0)
  await expect(app.getByTestId('remote-address')).toContainText(`127.0.0.1:${echo}`)
  await expect(app.getByLabel('Data to send')).toBeEnabled()
  await say(app, 'back again')
})

test('the listening view lists a server started in the app with its bind address in words', async ({ app }) => {
  const port = await startServer(app)
  await app.getByRole('tab', { name: 'Subnets' }).click()
  await app.getByRole('tab', { name: 'Ports' }).click()
  await app.getByLabel('Port or service').fill(port)
  const listening = app.getByTestId('listening')
  await expect(listening).toContainText(`Listening on port ${port} here`)
  const row = app.getByTestId('listening-table').locator('tr').filter({ hasText: `127.0.0.1:${port}` })
  await expect(row).toContainText('only this machine (loopback)')
  await expect(row).toContainText('TCP')
  await shoot(app, 'listening-port')
  await listening.getByRole('button', { name: 'Every port' }).click()
  await expect(listening).toContainText('Listening on this machine')
  await expect(app.getByTestId('listening-table')).toContainText(`127.0.0.1:${port}`)
  await shoot(app, 'listening-all')
})
