// Connections as a user drives it in the browser shell: echo round trips in text and hex, and bad input refused in words.
import { test, expect } from './fixtures'

test('start an echo server, connect from the UI, and see sent text come back in text and hex', async ({ app }) => {
  await app.getByRole('radio', { name: 'Server' }).click()
  await app.getByRole('button', { name: 'Start server' }).click()
  const listen = app.getByTestId('server-listen')
  await expect(listen).toContainText('TCP 127.0.0.1:')
  const port = /127\.0\.0\.1:(\d+)/.exec((await listen.textContent()) ?? '')![1]!
  expect(Number(port)).toBeGreaterThan(0)

  await app.getByRole('radio', { name: 'Client', exact: true }).click()
  await app.getByLabel('Host').fill('127.0.0.1')
  await app.getByLabel('Port', { exact: true }).fill(port)
  await app.getByRole('button', { name: 'Connect', exact: true }).click()
  await expect(app.getByTestId('remote-address')).toContainText(`127.0.0.1:${port}`)
  // The ephemeral port the OS chose for us is shown, and it is not the server's port.
  const local = (await app.getByTestId('local-address').textContent()) ?? ''
  const localPort = Number(/127\.0\.0\.1:(\d+)/.exec(local)?.[1])
  expect(localPort).toBeGreaterThan(0)
  expect(localPort).not.toBe(Number(port))

  await app.getByLabel('Data to send').fill('hello wirebench')
  await app.getByLabel('Data to send').press('Enter')
  const text = app.getByTestId('transcript-text')
  await expect(text.locator('.t-out-row').filter({ hasText: 'hello wirebench' })).toHaveCount(1)
  await expect(text.locator('.t-in-row').filter({ hasText: 'hello wirebench' })).toHaveCount(1)
  await expect(app.getByTestId('stream-counters')).toContainText('sent 16 B · received 16 B')

  await app.getByRole('radio', { name: 'Hex' }).first().click()
  const hex = app.getByTestId('transcript-hex')
  // "hello wirebench\n" = 68 65 6c 6c 6f 20 77 69 | 72 65 62 65 6e 63 68 0a, once out and once back in.
  await expect(hex.locator('.t-out-row .t-hex').first()).toContainText('68 65 6c 6c 6f 20 77 69  72 65 62 65 6e 63 68 0a')
  await expect(hex.locator('.t-in-row .t-hex').first()).toContainText('68 65 6c 6c 6f 20 77 69  72 65 62 65 6e 63 68 0a')
})

test('the upper-case server answers a line and the server lists the client with its ephemeral port', async ({ app }) => {
  await app.getByRole('radio', { name: 'Server' }).click()
  await app.getByLabel('Behaviour').selectOption('upper')
  await app.getByRole('button', { name: 'Start server' }).click()
  const port = /:(\d+)/.exec((await app.getByTestId('server-listen').textContent()) ?? '')![1]!
  await app.getByRole('radio', { name: 'Client', exact: true }).click()
  await app.getByLabel('Port', { exact: true }).fill(port)
  await app.getByRole('button', { name: 'Connect', exact: true }).click()
  await app.getByLabel('Data to send').fill('shout please')
  await app.getByRole('button', { name: 'Send' }).click()
  await expect(app.getByTestId('transcript-text').locator('.t-in-row')).toContainText('SHOUT PLEASE')
  const local = (await app.getByTestId('local-address').textContent()) ?? ''
  const localPort = /:(\d+)/.exec(local)![1]!
  await app.getByRole('button', { name: `TCP upper on 127.0.0.1:${port}`, exact: true }).click()
  await expect(app.getByTestId('clients-table')).toContainText(`127.0.0.1:${localPort}`)
  await expect(app.getByTestId('server-counters')).toContainText('1accepted')
})

test('bad input gets a clear message: port 70000, a 300-character host, odd hex, a PEM that is not a certificate', async ({ app }) => {
  await app.getByLabel('Port', { exact: true }).fill('70000')
  await app.getByRole('button', { name: 'Connect', exact: true }).click()
  await expect(app.getByRole('alert')).toContainText('A port is a whole number from 0 to 65535')

  await app.getByLabel('Port', { exact: true }).fill('80')
  await app.getByLabel('Host').fill('a'.repeat(300))
  await app.getByRole('button', { name: 'Connect', exact: true }).click()
  await expect(app.getByRole('alert')).toContainText('A host name is at most 253 characters')

  await app.getByRole('radio', { name: 'UDP' }).click()
  await app.getByRole('radio', { name: 'Hex' }).click()
  await app.getByLabel('Data to send').fill('48 65 6')
  await expect(app.getByRole('alert')).toContainText('odd number of digits (5)')
  await expect(app.getByRole('button', { name: 'Send' })).toBeDisabled()

  await app.getByRole('radio', { name: 'Server' }).click()
  await app.getByText('TLS', { exact: true }).click()
  await app.getByText('My certificate and key (PEM)').click()
  await app.getByLabel('Server certificate PEM').fill('-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----\n')
  await app.getByLabel('Server key PEM').fill('not a key')
  await app.getByRole('button', { name: 'Start server' }).click()
  await expect(app.getByRole('alert')).toContainText('holds a "PUBLIC KEY" block, not a certificate')
  await expect(app.getByTestId('transport-state')).toHaveText('Connected to engines')
})

test('tabs: keyboard navigation, End reaches the last tab (Walkthrough)', async ({ app }) => {
  await app.getByRole('tab', { name: 'Connections' }).focus()
  await app.keyboard.press('ArrowRight')
  await expect(app.getByRole('tab', { name: 'Certificates' })).toHaveAttribute('aria-selected', 'true')
  await expect(app.getByRole('tab', { name: 'Certificates' })).toBeFocused()
  await app.keyboard.press('End')
  await expect(app.getByRole('tab', { name: 'Walkthrough' })).toHaveAttribute('aria-selected', 'true')
  await expect(app.getByRole('button', { name: 'Walk', exact: true })).toBeVisible()
  await app.keyboard.press('Control+1')
  await expect(app.getByRole('tab', { name: 'Connections' })).toHaveAttribute('aria-selected', 'true')
})

test('a certificate generated in Certificates serves TLS at once from Connections, its key staying in main', async ({ app }) => {
  await app.getByRole('tab', { name: 'Certificates' }).click()
  await app.getByRole('tab', { name: 'Generate' }).click()
  await app.getByRole('radio', { name: 'Self-signed certificate' }).click()
  await app.getByLabel('Subject', { exact: true }).fill('CN=vault.localhost')
  await app.getByLabel('Subject alternative names').fill('localhost, 127.0.0.1')
  await app.getByRole('button', { name: 'Generate', exact: true }).click()
  await expect(app.getByTestId('generated').getByTestId('detail-title')).toHaveText('vault.localhost')

  await app.getByRole('tab', { name: 'Connections' }).click()
  await app.getByRole('radio', { name: 'Server' }).click()
  await app.getByText('TLS', { exact: true }).click()
  await app.getByText('My certificate and key (PEM)').click()
  const picker = app.getByLabel('From the Certificates tab')
  await picker.selectOption({ label: await picker.locator('option', { hasText: 'vault.localhost' }).first().innerText() })
  await expect(app.getByLabel('Server certificate PEM')).toHaveValue(/-----BEGIN CERTIFICATE-----/)
  await expect(app.getByLabel('Server key PEM')).toHaveCount(0)
  await app.getByRole('button', { name: 'Start server' }).click()
  const port = /:(\d+)/.exec((await app.getByTestId('server-listen').textContent()) ?? '')![1]!
  await expect(app.getByTestId('server-listen')).toContainText('TLS')

  await app.getByRole('radio', { name: 'Client', exact: true }).click()
  await app.getByLabel('Host').fill('localhost')
  await app.getByLabel('Port', { exact: true }).fill(port)
  await app.getByText('TLS', { exact: true }).click()
  await app.getByLabel('Verify certificate').uncheck()
  await app.getByRole('button', { name: 'Connect', exact: true }).click()
  await expect(app.getByTestId('tls-summary')).toContainText('TLSv1.3')
  await expect(app.getByTestId('peer-subject')).toHaveText('CN=vault.localhost')
  // No key material in the page (the placeholder text names the format; a key would have a base64 body).
  expect(await app.content()).not.toMatch(/PRIVATE KEY-----\s+[A-Za-z0-9+/]{16}/)
})

// Issue 9, friction in the forms: layout at 380 px, messages in the field's words, off switches, rows and refusals.
const sidebarOverflow = (app: import('@playwright/test').Page) =>
  app.locator('aside.sidebar').evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth, width: el.getBoundingClientRect().width }))

test('the sidebar stays 380 px wide with Defences and every TLS option open, and a form’s error is in view', async ({ app }) => {
  await app.getByRole('radio', { name: 'Server' }).click()
  await app.getByText('Defences: idle timeout').click()
  await expect(app.getByLabel('Idle timeout seconds')).toBeVisible()
  await app.getByText('TLS', { exact: true }).click()
  await app.getByText('My certificate and key (PEM)').click()
  await app.getByText('Require a client certificate (mTLS)').click()
  let box = await sidebarOverflow(app)
  expect(box.width).toBe(380)
  expect(box.scroll).toBeLessThanOrEqual(box.client)
  for (const label of ['Idle timeout seconds', 'Line deadline seconds', 'Max line length', 'Max connections']) {
    const field = await app.getByLabel(label, { exact: true }).boundingBox()
    expect(field!.x + field!.width, `${label} ends inside the sidebar`).toBeLessThanOrEqual(380)
  }

  await app.getByRole('radio', { name: 'Client', exact: true }).click()
  await app.getByText('TLS', { exact: true }).click()
  await app.getByText('Extra CA and client certificate (mTLS)').click()
  box = await sidebarOverflow(app)
  expect(box.scroll).toBeLessThanOrEqual(box.client)
  // A tall form: the Connect button and the error it causes are on screen, not below the fold.
  await app.getByLabel('Port', { exact: true }).fill('1')
  await app.getByRole('button', { name: 'Connect', exact: true }).click()
  await expect(app.getByTestId('client-error')).toBeInViewport()
  await expect(app.getByRole('button', { name: 'Connect', exact: true })).toBeInViewport()
})

test('fields speak their own unit and words: 0.05 s, 0x50, and never a schema path', async ({ app }) => {
  await app.getByRole('radio', { name: 'Server' }).click()
  await app.getByText('Defences: idle timeout').click()
  await app.getByLabel('Idle timeout seconds').fill('0.05')
  await expect(app.getByText('Idle timeout: 0.05 s is too short; use at least 0.1 seconds, or 0 to turn it off.')).toBeVisible()
  await app.getByRole('button', { name: 'Start server' }).click()
  await expect(app.getByTestId('server-error')).toContainText('use at least 0.1 seconds')
  await expect(app.locator('body')).not.toContainText('idleTimeoutMs')
  await expect(app.getByTestId('server-listen')).toHaveCount(0)

  await app.getByLabel('Listen port').fill('0x50')
  await expect(app.getByText('"0x50" is not a decimal number: type ports in decimal (as a number, 0x50 would be port 80).')).toBeVisible()

  await app.getByRole('radio', { name: 'Client', exact: true }).click()
  await app.getByLabel('Port', { exact: true }).fill('0x50')
  await app.getByRole('button', { name: 'Connect', exact: true }).click()
  await expect(app.getByTestId('client-error')).toContainText('"0x50" is not a decimal number')
  await expect(app.getByLabel('Port', { exact: true })).toHaveAttribute('aria-invalid', 'true')
})

test('the idle timeout and line deadline can be turned off, with a warning, and the server says "off"', async ({ app }) => {
  await app.getByRole('radio', { name: 'Server' }).click()
  await app.getByText('Defences: idle timeout').click()
  await app.getByLabel('Idle timeout off').check()
  await expect(app.getByTestId('defences-off')).toContainText('Idle timeout off')
  await expect(app.getByTestId('defences-off')).not.toContainText('Line deadline off')
  await app.getByLabel('Line deadline off').check()
  await expect(app.getByTestId('defences-off')).toContainText('slowloris')
  await app.getByRole('button', { name: 'Start server' }).click()
  await expect(app.getByTestId('server-defences')).toContainText('idle timeout off · line deadline off')
})

test('UDP: a failed send clears the old reply and its error sits by Send, not under Bind', async ({ app }) => {
  await app.getByRole('radio', { name: 'Server' }).click()
  await app.getByLabel('Protocol').selectOption('udp')
  await app.getByRole('button', { name: 'Start server' }).click()
  const port = /:(\d+)/.exec((await app.getByTestId('server-listen').textContent()) ?? '')![1]!
  await app.getByRole('radio', { name: 'UDP' }).click()
  await app.getByLabel('UDP port', { exact: true }).fill(port)
  await app.getByLabel('Data to send').fill('ping')
  await app.getByRole('button', { name: 'Send' }).click()
  await expect(app.getByTestId('udp-result')).toContainText('ping')

  await app.getByLabel('UDP port', { exact: true }).fill('0x50')
  await app.getByLabel('Data to send').fill('again')
  await app.getByRole('button', { name: 'Send' }).click()
  await expect(app.getByTestId('udp-send-error')).toContainText('"0x50" is not a decimal number')
  await expect(app.getByTestId('udp-result')).toHaveCount(0)
  await expect(app.getByTestId('udp-bind-error')).toHaveCount(0)
  const sendBox = await app.getByTestId('udp-send-error').boundingBox()
  const bindButton = await app.getByRole('button', { name: 'Bind' }).boundingBox()
  expect(sendBox!.y).toBeLessThan(bindButton!.y)
})

test('two connections to one server read apart by local port, and a client refused when the server is full is told why', async ({ app }) => {
  await app.getByRole('radio', { name: 'Server' }).click()
  await app.getByText('Defences: idle timeout').click()
  await app.getByLabel('Max connections').fill('1')
  await app.getByRole('button', { name: 'Start server' }).click()
  const port = /:(\d+)/.exec((await app.getByTestId('server-listen').textContent()) ?? '')![1]!
  await app.getByRole('radio', { name: 'Client', exact: true }).click()
  await app.getByLabel('Port', { exact: true }).fill(port)
  const list = app.getByRole('list', { name: 'Open connections and servers' })
  const rows = list.getByRole('button', { name: `TCP → 127.0.0.1:${port}`, exact: true })

  await app.getByRole('button', { name: 'Connect', exact: true }).click()
  await expect(rows).toHaveCount(1)
  const firstLocal = /:(\d+)/.exec((await app.getByTestId('local-address').textContent()) ?? '')![1]!
  await app.getByRole('button', { name: 'Connect', exact: true }).click()
  await expect(rows).toHaveCount(2)
  const secondLocal = /:(\d+)/.exec((await app.getByTestId('local-address').textContent()) ?? '')![1]!
  expect(secondLocal).not.toBe(firstLocal)
  await expect(list).toContainText(`from port ${firstLocal}`)
  await expect(list).toContainText(`from port ${secondLocal}`)

  // The second is over the limit: it reads the server's reason, and its row no longer claims to be open.
  await expect(app.getByTestId('transcript-text')).toContainText('ERROR: server full (1 connection); closing.')
  const refused = list.getByRole('button', { name: `TCP → 127.0.0.1:${port}`, exact: true }).filter({ hasText: `from port ${secondLocal}` })
  await expect(refused).not.toHaveAttribute('data-state', 'open')
  await expect(refused).toContainText(/half-closed|closed/)
  const kept = rows.filter({ hasText: `from port ${firstLocal}` })
  await expect(kept).toHaveAttribute('data-state', 'open')
})
