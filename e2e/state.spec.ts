// State that survives: what is open in Connections (and what main holds) outlives tab switches by click and by
// Ctrl+digit, Ctrl+digit in a text field types, and a reload says what main closed with the old page.
import net from 'node:net'
import { mkdirSync } from 'node:fs'
import type { Page } from '@playwright/test'
import { test, expect } from './fixtures'

const TAB_NAMES = ['Connections', 'Certificates', 'DNS', 'Subnets', 'HTTP', 'Walkthrough']

async function startServer(app: Page, tls: boolean): Promise<string> {
  await app.getByRole('radio', { name: 'Server' }).click()
  const tlsBox = app.getByRole('checkbox', { name: 'TLS' })
  if (tls) await tlsBox.check()
  else await tlsBox.uncheck()
  const before = await app.getByTestId('held-count').textContent()
  await app.getByRole('button', { name: 'Start server' }).click()
  await expect(app.getByTestId('held-count')).not.toHaveText(before ?? '')
  await expect(app.getByTestId('server-listen')).toContainText(tls ? 'TLS 127.0.0.1:' : 'TCP 127.0.0.1:')
  return /127\.0\.0\.1:(\d+)/.exec((await app.getByTestId('server-listen').textContent()) ?? '')![1]!
}

async function connect(app: Page, port: string, tls: boolean): Promise<void> {
  await app.getByRole('radio', { name: 'Client', exact: true }).click()
  await app.getByLabel('Host').fill('127.0.0.1')
  await app.getByLabel('Port', { exact: true }).fill(port)
  const tlsBox = app.getByRole('checkbox', { name: 'TLS' })
  if (tls) {
    await tlsBox.check()
    await app.getByLabel('Verify certificate').uncheck()
  } else {
    await tlsBox.uncheck()
  }
  await app.getByRole('button', { name: 'Connect' }).click()
  await expect(app.getByTestId('remote-address')).toContainText(`127.0.0.1:${port}`)
}

async function send(app: Page, text: string): Promise<void> {
  await app.getByLabel('Data to send').fill(text)
  await app.getByLabel('Data to send').press('Enter')
}

const openItem = (app: Page, title: string) => app.getByRole('list', { name: 'Open connections and servers' }).getByRole('button', { name: title, exact: true })

function refused(port: number): Promise<string> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port })
    s.once('connect', () => {
      s.destroy()
      resolve('connected')
    })
    s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'))
  })
}

test('servers, a TLS client and a UDP socket survive every tab switch; a reload says main closed them', async ({ app }) => {
  test.setTimeout(60_000)
  const echoPort = await startServer(app, false)
  const tlsPort = await startServer(app, true)
  await connect(app, tlsPort, true)
  await expect(app.getByTestId('tls-summary')).toContainText('TLS')
  await send(app, 'over tls')
  await expect(app.getByTestId('transcript-text').locator('.t-in-row').filter({ hasText: 'over tls' })).toHaveCount(1)
  await connect(app, echoPort, false)
  await send(app, 'plain tcp')
  await expect(app.getByTestId('transcript-text').locator('.t-in-row').filter({ hasText: 'plain tcp' })).toHaveCount(1)

  await app.getByRole('radio', { name: 'UDP' }).click()
  await app.getByRole('button', { name: 'Bind' }).click()
  const bound = (await app.getByTestId('udp-bound').textContent()) ?? ''
  const udpPort = /port (\d+)/.exec(bound)![1]!
  await app.getByLabel('UDP port', { exact: true }).fill(udpPort)
  await send(app, 'a datagram')
  await expect(app.getByTestId('transcript-text').filter({ hasText: 'a datagram' })).toHaveCount(1)
  // A half-typed client form is part of what must survive.
  await app.getByRole('radio', { name: 'Client', exact: true }).click()
  await app.getByLabel('Host').fill('half.typed.example')
  await expect(app.getByTestId('held-count')).toHaveText('5')

  // Every tab by click, then every tab by Ctrl+digit, then back.
  for (const name of TAB_NAMES) {
    await app.getByRole('tab', { name }).click()
    await expect(app.getByRole('tab', { name })).toHaveAttribute('aria-selected', 'true')
  }
  for (let i = 1; i <= 6; i++) {
    await app.keyboard.press(`Control+${i}`)
    await expect(app.getByRole('tab', { name: TAB_NAMES[i - 1] })).toHaveAttribute('aria-selected', 'true')
  }
  await app.keyboard.press('Control+1')
  await expect(app.getByRole('tab', { name: 'Connections' })).toHaveAttribute('aria-selected', 'true')

  // Everything is still listed, with its transcript, and main still holds all five.
  await expect(app.getByTestId('held-count')).toHaveText('5')
  await expect(app.getByLabel('Host')).toHaveValue('half.typed.example')
  const held = app.getByTestId('held-list')
  await expect(held).toContainText(`TCP server 127.0.0.1:${echoPort}`)
  await expect(held).toContainText(`TLS server 127.0.0.1:${tlsPort}`)
  await expect(held).toContainText(`TLS client to 127.0.0.1:${tlsPort}`)
  await expect(held).toContainText(`TCP client to 127.0.0.1:${echoPort}`)
  await expect(held).toContainText(`UDP socket 127.0.0.1:${udpPort}`)
  await openItem(app, `TLS → 127.0.0.1:${tlsPort}`).click()
  await expect(app.getByTestId('transcript-text').locator('.t-out-row').filter({ hasText: 'over tls' })).toHaveCount(1)
  await expect(app.getByTestId('transcript-text').locator('.t-in-row').filter({ hasText: 'over tls' })).toHaveCount(1)
  await openItem(app, `UDP socket 127.0.0.1:${udpPort}`).click()
  await expect(app.getByTestId('transcript-text')).toContainText('a datagram')
  await openItem(app, `TCP echo on 127.0.0.1:${echoPort}`).click()
  await expect(app.getByTestId('server-counters')).toContainText('1accepted')

  // Ctrl+2 inside a text field types, it does not switch tabs.
  await openItem(app, `TCP → 127.0.0.1:${echoPort}`).click()
  const box = app.getByLabel('Data to send')
  await box.fill('port ')
  await box.press('Control+2')
  await expect(app.getByRole('tab', { name: 'Connections' })).toHaveAttribute('aria-selected', 'true')
  await expect(box).toHaveValue('port 2')
  await expect(box).toBeFocused()

  mkdirSync('/tmp/shots', { recursive: true })
  await app.emulateMedia({ colorScheme: 'light' })
  await app.screenshot({ path: '/tmp/shots/connections-held-light.png' })
  await app.emulateMedia({ colorScheme: 'dark' })
  await app.screenshot({ path: '/tmp/shots/connections-held-dark.png' })
  await app.emulateMedia({ colorScheme: 'light' })

  // A reload ends the old session: main closes everything and the new page says what.
  await app.reload()
  await expect(app.getByTestId('transport-state')).toHaveText('Connected to engines')
  const notice = app.getByTestId('reload-notice')
  await expect(notice).toContainText('Closed when the page reloaded:')
  for (const label of [`TCP server 127.0.0.1:${echoPort}`, `TLS server 127.0.0.1:${tlsPort}`, `TLS client to 127.0.0.1:${tlsPort}`, `TCP client to 127.0.0.1:${echoPort}`, `UDP socket 127.0.0.1:${udpPort}`]) {
    await expect(notice).toContainText(label)
  }
  await expect(app.getByTestId('held-count')).toHaveText('0')
  // Not just the page's word: the ports are really closed.
  expect(await refused(Number(echoPort))).toBe('ECONNREFUSED')
  expect(await refused(Number(tlsPort))).toBe('ECONNREFUSED')
  await app.screenshot({ path: '/tmp/shots/reload-notice-light.png' })
  await app.emulateMedia({ colorScheme: 'dark' })
  await app.screenshot({ path: '/tmp/shots/reload-notice-dark.png' })
  await app.emulateMedia({ colorScheme: 'light' })
  await app.getByRole('button', { name: 'Dismiss the reload notice' }).click()
  await expect(notice).toHaveCount(0)
  // Dismissed means said once: another reload with nothing open has nothing to say.
  await app.reload()
  await expect(app.getByTestId('transport-state')).toHaveText('Connected to engines')
  await expect(app.getByTestId('held-count')).toHaveText('0')
  await expect(app.getByTestId('reload-notice')).toHaveCount(0)
})

test('Subnets keeps what was typed across tab switches', async ({ app }) => {
  await app.getByRole('tab', { name: 'Subnets' }).click()
  await app.getByLabel('Address or network').fill('172.16.5.77/20')
  await app.getByRole('tab', { name: 'Split & merge' }).click()
  await app.getByLabel('Network to split').fill('10.99.0.0/16')
  await app.getByRole('tab', { name: 'Connections' }).click()
  await app.keyboard.press('Control+4')
  await expect(app.getByLabel('Network to split')).toHaveValue('10.99.0.0/16')
  await app.getByRole('tab', { name: 'Calculator' }).click()
  await expect(app.getByTestId('calc-network')).toHaveText('172.16.0.0/20')
})

test('Certificates keeps its sections\' fields across tab and sub-tab switches', async ({ app }) => {
  await app.getByRole('tab', { name: 'Certificates' }).click()
  await app.getByRole('tab', { name: 'Generate' }).click()
  await app.getByRole('radio', { name: 'Self-signed certificate' }).click()
  await app.getByLabel('Subject', { exact: true }).fill('CN=kept.test')
  await app.getByRole('tab', { name: 'From a server' }).click()
  await app.getByLabel('Server host').fill('127.0.0.9')
  await app.getByRole('tab', { name: 'Subnets' }).click()
  await app.keyboard.press('Control+2')
  await expect(app.getByLabel('Server host')).toHaveValue('127.0.0.9')
  await app.getByRole('tab', { name: 'Generate' }).click()
  await expect(app.getByLabel('Subject', { exact: true })).toHaveValue('CN=kept.test')
})

test('"Held by main" closes what it lists, in main: the port stops answering', async ({ app }) => {
  const port = await startServer(app, false)
  await connect(app, port, false)
  await expect(app.getByTestId('held-count')).toHaveText('2')
  await app.getByRole('button', { name: `Close TCP server 127.0.0.1:${port} in main` }).click()
  await expect(openItem(app, `TCP echo on 127.0.0.1:${port}`)).toHaveCount(0)
  await expect(app.getByTestId('held-list')).not.toContainText(`TCP server 127.0.0.1:${port}`)
  expect(await refused(Number(port))).toBe('ECONNREFUSED')
  // Our client got the server's FIN but may still send (half-open): main still holds it, and says so.
  await expect(app.getByTestId('held-list')).toContainText(`TCP client to 127.0.0.1:${port}`)
  await app.getByRole('button', { name: `Close TCP client to 127.0.0.1:${port} in main` }).click()
  await expect(app.getByTestId('held-count')).toHaveText('0')
  await expect(app.getByText('Main holds no server, connection or socket for this window.')).toBeVisible()
})

test("a form's answer from main survives a tab switch: the error is still shown, the input still typed", async ({ app }) => {
  await app.getByLabel('Port', { exact: true }).fill('70000')
  await app.getByRole('button', { name: 'Connect' }).click()
  await expect(app.getByRole('alert')).toContainText('A port is a whole number from 0 to 65535')
  await app.getByRole('tab', { name: 'Subnets' }).click()
  await expect(app.getByLabel('Address or network')).toBeVisible()
  await app.getByRole('tab', { name: 'Connections' }).click()
  await expect(app.getByLabel('Port', { exact: true })).toHaveValue('70000')
  await expect(app.getByRole('alert')).toContainText('A port is a whole number from 0 to 65535')
})
