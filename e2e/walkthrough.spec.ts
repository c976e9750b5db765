// The Walkthrough tab against real servers the test starts on loopback: Debian's nginx (TLS 1.3 and 1.2, HTTP/1.1
// and HTTP/2) with its name answered by a knotd zone. Walk a request, step through it with the keyboard, pick a
// ClientHello extension and see its bytes lit, keep it all across a tab switch, compare TLS 1.2 with 1.3, and stay
// responsive (no long task over 100 ms, from the click on Walk to the first step shown, and while stepping) on a
// walkthrough of a 2,000-record download. Screenshots in both themes go to
// /tmp/shots for a person to look at.
import { mkdirSync, readFileSync } from 'node:fs'
import type { Page } from '@playwright/test'
import { freeDnsPort, startKnot, type KnotServer } from '../src/main/testing/knot'
import { startNginx, type NginxServer } from '../src/main/testing/nginx'
import { test, expect } from './fixtures'

const SHOTS = '/tmp/shots'

async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true })
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme })
    await page.screenshot({ path: `${SHOTS}/walk-${name}-${scheme}.png`, fullPage: false })
  }
  await page.emulateMedia({ colorScheme: 'light' })
}

let nginx: NginxServer
let knot: KnotServer

test.beforeAll(async () => {
  const port = await freeDnsPort()
  ;[nginx, knot] = await Promise.all([
    // 32 MiB at nginx's 16 KiB records is 2,048 TLS records.
    startNginx({ bigFileMiB: 32 }),
    startKnot({ port, zones: [{ origin: 'alpha.test', text: ['$ORIGIN alpha.test.', '$TTL 300', '@ SOA ns hostmaster 1 7200 3600 1209600 300', '@ NS ns', 'ns A 127.0.0.1', '@ A 127.0.0.1', ''].join('\n') }] })
  ])
})

test.afterAll(async () => {
  await Promise.all([nginx?.stop(), knot?.stop()])
})

/** Fills the form and walks; resolves when the walkthrough is shown. */
async function walk(app: Page, o: { path?: string; tls?: '1.2' | '1.3'; protocol?: '1.1' | '2'; capture?: boolean; timeout?: number; beforeClick?: () => Promise<unknown> } = {}): Promise<void> {
  await app.getByRole('tab', { name: 'Walkthrough', exact: true }).click()
  await app.getByLabel('URL to walk').fill(`https://alpha.test:${nginx.httpsPort}${o.path ?? '/'}`)
  await app.getByLabel('DNS server').fill(`127.0.0.1:${knot.port}`)
  const ca = app.getByLabel('Extra CA certificates (PEM)')
  if (!(await ca.isVisible())) await app.locator('summary', { hasText: 'Extra CA certificates' }).click()
  await ca.fill(nginx.caPem)
  if (o.tls) await app.getByRole('radiogroup', { name: 'TLS version' }).getByRole('radio', { name: o.tls }).click()
  if (o.protocol) await app.getByRole('radiogroup', { name: 'HTTP version' }).getByRole('radio', { name: o.protocol }).click()
  const capture = app.getByRole('checkbox', { name: 'Capture packets' })
  if (o.capture === false) await capture.uncheck()
  else await capture.check()
  await o.beforeClick?.()
  await app.getByRole('button', { name: 'Walk', exact: true }).click()
  await expect(app.getByTestId('walk-summary')).toBeVisible({ timeout: o.timeout ?? 20_000 })
  await expect(app.getByRole('button', { name: 'Walk', exact: true })).toBeVisible({ timeout: o.timeout ?? 20_000 })
}

test('walk a request to local nginx, step with the keyboard, pick a ClientHello extension and see its bytes; it survives a tab switch', async ({ app }) => {
  test.setTimeout(90_000)
  await app.getByRole('tab', { name: 'Walkthrough', exact: true }).click()
  await shoot(app, 'empty')
  await walk(app, { protocol: '1.1' })
  const steps = app.getByTestId('walk-steps')
  await expect(steps).toContainText('ClientHello')
  await expect(app.getByTestId('walk-tls')).toContainText('TLSv1.3')
  // where the walk's time went: recording the request, then explaining it
  await expect(app.getByTestId('walk-phases')).toHaveText(/^· request recorded in [\d.]+ (ms|s), explained in [\d.]+ (ms|s) after it$/)
  expect(await steps.locator('.walk-step').count()).toBeGreaterThan(5)
  await shoot(app, 'first-step')

  // The keyboard: j/→ steps on one at a time, k/← back, End and Home jump to the ends.
  const title = app.getByTestId('walk-step-title')
  const jump = app.getByLabel('Jump to step')
  await steps.locator('.walk-step').first().click()
  await expect(jump).toHaveValue('1')
  await app.keyboard.press('j')
  await expect(jump).toHaveValue('2')
  await app.keyboard.press('ArrowRight')
  await expect(jump).toHaveValue('3')
  await app.keyboard.press('k')
  await expect(jump).toHaveValue('2')
  await app.keyboard.press('End')
  const count = Number(/of ([\d,]+)/.exec((await app.getByTestId('walk-position').textContent()) ?? '')![1]!.replace(/,/g, ''))
  await expect(jump).toHaveValue(String(count))
  await app.keyboard.press('Home')
  await expect(jump).toHaveValue('1')
  // On to the ClientHello by keys alone.
  for (let i = 0; i < 40 && !/ClientHello/.test((await title.textContent()) ?? ''); i++) {
    const before = Number(await jump.inputValue())
    await app.keyboard.press('j')
    await expect(jump).toHaveValue(String(before + 1))
    // The detail follows the list a moment later (it renders deferred): wait for it before reading its title.
    await expect(app.getByTestId('walk-step-detail')).toHaveAttribute('data-step', String(before + 1))
  }
  await expect(title).toContainText('ClientHello')
  await expect(app.getByTestId('walk-layer')).toContainText('Layer 6, Presentation')
  await expect(app.getByTestId('walk-source')).toContainText('RFC 8446')
  await expect(app.getByTestId('walk-textbook')).toBeVisible()

  // A ClientHello extension picked in the tree lights up exactly its bytes in the hex.
  const row = await treeRow(app, 'Extension: supported_versions')
  await row.click()
  const selection = app.getByTestId('walk-step-selection')
  await expect(selection).toContainText('Extension: supported_versions')
  const [, from, to] = /bytes (\d+)–(\d+)/.exec((await selection.textContent()) ?? '')!.map(Number) as [number, number, number]
  const lit = await app.getByTestId('walk-step-hex').evaluate((el) => [...el.querySelectorAll('.hx.hx-h, .hx.hx-c')].map((c) => Number(c.getAttribute('data-off'))))
  expect(lit.length).toBeGreaterThan(0)
  expect(Math.min(...lit)).toBe(from)
  expect(Math.max(...lit)).toBeLessThanOrEqual(to)
  await shoot(app, 'client-hello')

  // And back: a byte clicked in the hex selects its field in the tree.
  await app.getByTestId('walk-step-hex').locator(`.hx[data-off="${from + 4}"]`).click()
  await expect(selection).not.toContainText('Extension: supported_versions at')

  // A tab switch keeps the walkthrough and the step.
  const at = await jump.inputValue()
  await app.getByRole('tab', { name: 'HTTP', exact: true }).click()
  await app.getByRole('tab', { name: 'Walkthrough', exact: true }).click()
  await expect(jump).toHaveValue(at)
  await expect(title).toContainText('ClientHello')

  // A decrypted step shows its plaintext, or its record as on the wire.
  const landmark = app.getByLabel('Jump to a landmark')
  await landmark.selectOption((await landmark.locator('option', { hasText: /^Certificate/ }).first().getAttribute('value')) ?? '')
  await expect(title).toContainText('Certificate')
  await app.getByRole('radio', { name: 'On the wire (encrypted)' }).click()
  await expect(app.getByTestId('walk-step-selection')).toHaveCount(0)
  await app.getByRole('radio', { name: 'Decrypted plaintext' }).click()
  await expect(app.getByTestId('walk-open-certs')).toBeVisible()
  await shoot(app, 'certificate')

  // Space plays from the selected step and pauses again.
  await app.getByTestId('walk-steps').focus()
  const playFrom = Number(await jump.inputValue())
  await app.keyboard.press(' ')
  await expect(app.getByTestId('walk-play')).toHaveText('Pause')
  await expect(jump).toHaveValue(String(playFrom + 1), { timeout: 5000 })
  await app.keyboard.press(' ')
  await expect(app.getByTestId('walk-play')).toHaveText('▶ Play')

  // Exports arrive as downloads: the walkthrough as JSON, and the key log (which says it holds secrets).
  await app.getByTestId('walk-summary').scrollIntoViewIfNeeded()
  await expect(app.getByTestId('walk-secret-note')).toContainText('TLS secrets')
  await shoot(app, 'summary')
  const [json] = await Promise.all([app.waitForEvent('download'), app.getByRole('button', { name: 'JSON', exact: true }).click()])
  expect(json.suggestedFilename()).toMatch(/\.json$/)
  const saved = JSON.parse(readFileSync((await json.path())!, 'utf8')) as { url: string; steps: unknown[] }
  expect(saved.url).toContain('alpha.test')
  expect(saved.steps.length).toBe(count)
  const [keylog] = await Promise.all([app.waitForEvent('download'), app.getByRole('button', { name: 'Key log', exact: true }).click()])
  expect(readFileSync((await keylog.path())!, 'utf8')).toMatch(/^(CLIENT_HANDSHAKE_TRAFFIC_SECRET|SERVER_HANDSHAKE_TRAFFIC_SECRET|CLIENT_TRAFFIC_SECRET_0|SERVER_TRAFFIC_SECRET_0|EXPORTER_SECRET|CLIENT_RANDOM) [0-9a-f]{64} [0-9a-f]+$/m)
})

test('TLS 1.2 and 1.3 side by side for the same host: two round trips against one, the certificate in clear against encrypted', async ({ app }) => {
  test.setTimeout(90_000)
  await walk(app, { protocol: '1.1', capture: false })
  await app.getByRole('tab', { name: 'TLS 1.2 vs 1.3' }).click()
  await app.getByRole('button', { name: 'Walk with TLS 1.2 and with TLS 1.3' }).click()
  const table = app.getByTestId('walk-compare')
  const row = (label: string) => table.locator('tr', { hasText: label }).locator('td')
  await expect(row('Version')).toHaveText(['TLSv1.2', 'TLSv1.3'], { timeout: 40_000 })
  await expect(row('Round trips before the request')).toHaveText(['2', '1'])
  await expect(row('Certificate sent')).toHaveText(['in clear', 'encrypted'])
  await expect(app.getByTestId('walk-flights-TLS12')).toContainText('ServerHelloDone')
  await shoot(app, 'compare')
  // Either side opens as a walkthrough to step through.
  await app.getByRole('button', { name: 'Step through the TLS 1.2 walkthrough' }).click()
  await expect(app.getByTestId('walk-tls')).toContainText('TLSv1.2')
})

test('the HTTP tab’s request is walked as it is, the HTTP tab left unchanged', async ({ app }) => {
  test.setTimeout(60_000)
  await app.getByRole('tab', { name: 'HTTP', exact: true }).click()
  await app.getByLabel('URL', { exact: true }).fill(`https://alpha.test:${nginx.httpsPort}/text.txt`)
  await app.getByLabel('Connect to address').fill('127.0.0.1')
  const raw = await app.getByLabel('Raw request').inputValue()
  await app.getByRole('tab', { name: 'Walkthrough', exact: true }).click()
  await app.getByRole('button', { name: 'Use the HTTP tab’s request' }).click()
  await expect(app.getByLabel('URL to walk')).toHaveValue(`https://alpha.test:${nginx.httpsPort}/text.txt`)
  await expect(app.getByTestId('walk-raw')).toContainText('GET /text.txt HTTP/1.1')
  await app.getByLabel('DNS server').fill(`127.0.0.1:${knot.port}`)
  const ca = app.getByLabel('Extra CA certificates (PEM)')
  if (!(await ca.isVisible())) await app.locator('summary', { hasText: 'Extra CA certificates' }).click()
  await ca.fill(nginx.caPem)
  await app.getByRole('checkbox', { name: 'Capture packets' }).uncheck()
  await app.getByRole('button', { name: 'Walk', exact: true }).click()
  await expect(app.getByTestId('walk-summary')).toContainText('200', { timeout: 20_000 })
  await expect(app.getByTestId('walk-capture')).toContainText('Socket-level only')
  await expect(app.getByTestId('walk-steps')).toContainText('HTTP request')
  await app.getByRole('tab', { name: 'HTTP', exact: true }).click()
  await expect(app.getByLabel('Raw request')).toHaveValue(raw)
  // Main holds it for the exports (walk.list); forgetting it drops it there.
  await app.getByRole('tab', { name: 'Walkthrough', exact: true }).click()
  await app.locator('summary', { hasText: 'Held by Wirebench this session' }).click()
  const held = app.locator('.walk-held .held-item', { hasText: '/text.txt' })
  await expect(held.getByRole('button', { name: 'Shown' })).toBeDisabled()
  await held.getByRole('button', { name: 'Forget' }).click()
  await expect(held).toHaveCount(0)
})

/** The tree row of a field, scrolling the virtual tree until it is rendered. */
async function treeRow(app: Page, name: string) {
  const tree = app.getByTestId('walk-step-tree')
  const row = tree.locator('.bt-row', { has: app.locator('.bt-name', { hasText: name }) }).first()
  for (let i = 0; i < 60 && !(await row.count()); i++) await tree.evaluate((el) => (el.scrollTop += 150))
  await row.scrollIntoViewIfNeeded()
  return row
}

test('a walkthrough of a 2,000-record download keeps the page responsive: no long task over 100 ms', async ({ app }) => {
  test.setTimeout(120_000)
  await app.evaluate(`window.longTasks = []; new PerformanceObserver((l) => l.getEntries().forEach((e) => window.longTasks.push(Math.round(e.duration)))).observe({ type: 'longtask', buffered: true })`)
  const longTasks = async (): Promise<number[]> => (await app.evaluate('window.longTasks.splice(0)')) as number[]
  // Only what happens from the click on: filling the form and starting the app are not the walkthrough's arrival.
  await walk(app, { path: nginx.big.path, protocol: '1.1', timeout: 90_000, beforeClick: longTasks })
  const records = Math.ceil(nginx.big.bytes / 16384)
  expect(records).toBeGreaterThanOrEqual(2000)
  const count = Number(/of ([\d,]+)/.exec((await app.getByTestId('walk-position').textContent()) ?? '')![1]!.replace(/,/g, ''))
  // The first step shown with its bytes and fields: the page got a summary, then this one step from main (walk.step).
  await expect(app.getByTestId('walk-step-detail')).toHaveAttribute('data-step', '1')
  await expect(app.getByTestId('walk-step-loading')).toHaveCount(0)
  await expect(app.getByTestId('walk-step-hex').or(app.getByTestId('walk-step-detail').getByText('No bytes:'))).toBeVisible()
  await app.waitForTimeout(300)
  const arrival = await longTasks()
  console.log(`walkthrough of a ${records}-record download: ${count} steps; long tasks from Walk to the first step: ${JSON.stringify(arrival)}`)
  expect(arrival.filter((d) => d > 100), `long tasks while it arrived: ${arrival.join(', ')}`).toEqual([])
  await expect(app.getByTestId('walk-summary')).toContainText('200')
  // Step through it: keys, the ends, a landmark, a zoom, a scroll; each move renders one step and the rows in view.
  await app.getByTestId('walk-steps').locator('.walk-step').first().click()
  for (let i = 0; i < 15; i++) await app.keyboard.press('j')
  await app.keyboard.press('End')
  await app.keyboard.press('Home')
  const landmark = app.getByTestId('walk-landmark')
  await landmark.selectOption((await landmark.locator('option', { hasText: /^HTTP response/ }).first().getAttribute('value')) ?? '')
  await expect(app.getByTestId('walk-step-title')).toContainText('HTTP')
  // The landmark's bytes come on demand too, and arrive.
  await expect(app.getByTestId('walk-step-hex')).toBeVisible()
  await app.locator('.walk-overview-head button', { hasText: '64×' }).click()
  await app.getByTestId('walk-steps').evaluate((el) => (el.scrollTop = el.scrollHeight / 2))
  await app.waitForTimeout(300)
  const after = await longTasks()
  await shoot(app, 'big')
  expect(after.filter((d) => d > 100), `long tasks while stepping: ${after.join(', ')}`).toEqual([])
})
