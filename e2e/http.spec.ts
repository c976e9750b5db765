// The HTTP tab's request side against real servers on loopback: Debian's nginx (two virtual hosts and a default site
// on one address) and our own recording server, which answers once it has the head and keeps every byte it got, so
// "the bytes go on the wire exactly as typed" is checked byte for byte. Screenshots in both themes go to /tmp/shots.
import net from 'node:net'
import { mkdirSync, readFileSync } from 'node:fs'
import type { Page } from '@playwright/test'
import { startNginx, type NginxServer } from '../src/main/testing/nginx'
import { test, expect } from './fixtures'

const SHOTS = '/tmp/shots'

async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true })
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme })
    await page.screenshot({ path: `${SHOTS}/http-req-${name}-${scheme}.png`, fullPage: false })
  }
  await page.emulateMedia({ colorScheme: 'light' })
}

/** A server that records what arrives on each connection and answers 200 once the head's empty line is in. */
interface Recorder {
  port: number
  received: Buffer[]
  close(): Promise<void>
}

function startRecorder(): Promise<Recorder> {
  const received: Buffer[] = []
  const server = net.createServer((socket) => {
    let got = Buffer.alloc(0)
    const index = received.length
    received.push(got)
    socket.on('data', (d: Buffer) => {
      got = Buffer.concat([got, d])
      received[index] = got
      if (/\r?\n\r?\n/.test(got.toString('latin1'))) socket.end('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 9\r\nConnection: close\r\n\r\nrecorded\n')
    })
    socket.on('error', () => undefined)
  })
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ port: (server.address() as net.AddressInfo).port, received, close: () => new Promise<void>((r) => server.close(() => r())) })
    )
  )
}

let nginx: NginxServer
let recorder: Recorder

test.beforeAll(async () => {
  ;[nginx, recorder] = await Promise.all([startNginx({ bigFileMiB: 0.01 }), startRecorder()])
})

test.afterAll(async () => {
  await Promise.all([nginx?.stop(), recorder?.close()])
})

const raw = (app: Page) => app.getByLabel('Raw request')
/** The request text as the store holds it (the editor shows CR as ↵). */
const rawText = async (app: Page): Promise<string> => (await raw(app).inputValue()).replace(/[↵␍]/g, '\r')

async function openHttp(app: Page): Promise<void> {
  await app.getByRole('tab', { name: 'HTTP', exact: true }).click()
  await expect(app.getByLabel('URL', { exact: true })).toBeVisible()
}

async function target(app: Page, host: string, port: number, address = ''): Promise<void> {
  await app.getByLabel('Host', { exact: true }).fill(host)
  await app.getByLabel('Port', { exact: true }).fill(String(port))
  await app.getByLabel('Connect to address').fill(address)
}

test('a raw request with a vhost Host gets that site; a forced address keeps the name; both survive a tab switch', async ({ app }) => {
  await openHttp(app)
  await shoot(app, 'empty')
  // Connect to 127.0.0.1 but name alpha.test in Host: nginx picks the virtual host by Host (RFC 9110 §7.2).
  await target(app, '127.0.0.1', nginx.httpPort)
  await raw(app).fill('GET / HTTP/1.1␍\nHost: alpha.test␍\nConnection: close␍\n␍\n')
  await expect(app.getByTestId('http-byte-count')).toContainText('55 bytes')
  await app.getByRole('button', { name: 'Send', exact: true }).click()
  const response = app.getByTestId('http-response')
  await expect(response).toContainText('200', { timeout: 15_000 })
  await expect(response).toContainText('OK')
  await expect(response).toContainText(nginx.pages['alpha.test']!.trim())
  await shoot(app, 'vhost-answer')

  // The IP alone (Host: 127.0.0.1) gets the default site.
  await raw(app).fill(`GET / HTTP/1.1␍\nHost: 127.0.0.1:${nginx.httpPort}␍\nConnection: close␍\n␍\n`)
  await app.keyboard.press('Control+Enter')
  await expect(response).toContainText(nginx.pages.default!.trim().slice(0, 30), { timeout: 15_000 })

  // "Connect to address": the host is alpha.test (never looked up), the connection goes to 127.0.0.1.
  await target(app, 'alpha.test', nginx.httpPort, '127.0.0.1')
  await expect(app.getByText(/virtual hosting, RFC 9110 §7\.2/)).toBeVisible()
  await raw(app).fill('GET / HTTP/1.1␍\nHost: alpha.test␍\nConnection: close␍\n␍\n')
  await app.getByRole('button', { name: 'Send', exact: true }).click()
  await expect(response).toContainText(nginx.pages['alpha.test']!.trim(), { timeout: 15_000 })
  await expect(app.getByTestId('http-answer')).toContainText('address forced: alpha.test was not looked up')
  await shoot(app, 'forced-address')

  // Another tab and back: the request, the target and the response are all still there.
  await app.getByRole('tab', { name: 'DNS', exact: true }).click()
  await app.getByRole('tab', { name: 'HTTP', exact: true }).click()
  await expect(app.getByTestId('http-response')).toContainText(nginx.pages['alpha.test']!.trim())
  await expect(app.getByLabel('Connect to address')).toHaveValue('127.0.0.1')
  expect(await rawText(app)).toBe('GET / HTTP/1.1\r\nHost: alpha.test\r\nConnection: close\r\n\r\n')
})

test('typed bytes reach the server exactly: Enter is CRLF, Shift+Enter a bare LF, odd spacing kept', async ({ app }) => {
  await openHttp(app)
  await target(app, '127.0.0.1', recorder.port)
  await raw(app).fill('')
  await raw(app).click()
  await app.keyboard.type('GET  /odd HTTP/1.1')
  await app.keyboard.press('Enter')
  await app.keyboard.type('Host:   spaced  ')
  await app.keyboard.press('Shift+Enter')
  await app.keyboard.insertText('X-Tab:\tv')
  await app.keyboard.press('Enter')
  await app.keyboard.press('Enter')
  const typed = 'GET  /odd HTTP/1.1\r\nHost:   spaced  \nX-Tab:\tv\r\n\r\n'
  expect(await rawText(app)).toBe(typed)
  await expect(app.getByTestId('http-bare-lf')).toContainText('1 line ends in a bare LF')
  await shoot(app, 'bare-lf')
  const before = recorder.received.length
  await app.getByRole('button', { name: 'Send', exact: true }).click()
  await expect(app.getByTestId('http-response')).toContainText('recorded', { timeout: 15_000 })
  expect(recorder.received.length).toBe(before + 1)
  expect(recorder.received[before]!.equals(Buffer.from(typed, 'utf8'))).toBe(true)

  // The structured view shows its reading, read-only, and says why; only Normalise rewrites the bytes.
  await app.getByRole('radio', { name: 'Structured', exact: true }).click()
  await expect(app.getByTestId('http-approx')).toContainText('approximation')
  await expect(app.getByTestId('http-approx')).toContainText('bare LF')
  await expect(app.getByLabel('Request target')).toHaveValue('/odd')
  await expect(app.getByLabel('Request target')).toBeDisabled()
  await shoot(app, 'approximation')
  await app.getByRole('radio', { name: 'Raw', exact: true }).click()
  expect(await rawText(app)).toBe(typed)
  await app.getByRole('radio', { name: 'Structured', exact: true }).click()
  await app.getByRole('button', { name: /^Normalise/ }).click()
  await expect(app.getByTestId('http-approx')).toHaveCount(0)
  await app.getByRole('radio', { name: 'Raw', exact: true }).click()
  expect(await rawText(app)).toBe('GET /odd HTTP/1.1\r\nHost: spaced\r\nX-Tab: v\r\n\r\n')
})

test('structured and raw stay in sync; Basic auth helper; Fix Content-Length only when pressed', async ({ app }) => {
  await openHttp(app)
  // A typed URL fills the target and rewrites only the request line's target and the Host value.
  await raw(app).fill('GET / HTTP/1.1␍\nHost: old␍\nX-Keep:  odd ␍\n␍\n')
  await app.getByLabel('URL', { exact: true }).fill('https://beta.test:8443/p?q=1')
  await expect(app.getByLabel('Host', { exact: true })).toHaveValue('beta.test')
  await expect(app.getByLabel('Port', { exact: true })).toHaveValue('8443')
  await expect(app.getByRole('checkbox', { name: 'TLS', exact: true })).toBeChecked()
  expect(await rawText(app)).toBe('GET /p?q=1 HTTP/1.1\r\nHost: beta.test:8443\r\nX-Keep:  odd \r\n\r\n')
  // Back to clear text, where the auth helper warns that the credentials cross the network readable.
  await app.getByRole('checkbox', { name: 'TLS', exact: true }).uncheck()
  await raw(app).fill('POST /form HTTP/1.1␍\nHost: alpha.test␍\nContent-Length: 1␍\n␍\nhello')
  await expect(app.getByTestId('http-cl-mismatch')).toContainText('Content-Length says 1 but the body is 5 bytes')
  await app.getByRole('radio', { name: 'Structured', exact: true }).click()
  await expect(app.getByTestId('http-approx')).toHaveCount(0)
  await expect(app.getByLabel('Header 2 value')).toHaveValue('1')
  await app.getByLabel('Request target').fill('/submit')
  await app.getByRole('button', { name: 'Add header' }).click()
  await app.getByLabel('Header 3 name').fill('X-Test')
  await app.getByLabel('Header 3 value').fill('yes')
  await app.locator('summary', { hasText: 'Authorization helper' }).click()
  await app.getByLabel('Basic user').fill('wirebench')
  await app.getByLabel('Basic password').fill('open sesame')
  await expect(app.getByTestId('http-auth-cleartext')).toBeVisible()
  await expect(app.getByText('Base64 is an encoding, not encryption')).toBeVisible()
  await shoot(app, 'structured')
  await app.getByRole('button', { name: 'Set Authorization' }).click()
  await app.getByRole('radio', { name: 'Raw', exact: true }).click()
  expect(await rawText(app)).toBe('POST /submit HTTP/1.1\r\nHost: alpha.test\r\nContent-Length: 1\r\nX-Test: yes\r\nAuthorization: Basic d2lyZWJlbmNoOm9wZW4gc2VzYW1l\r\n\r\nhello')
  await app.getByRole('button', { name: 'Fix Content-Length' }).click()
  expect(await rawText(app)).toContain('Content-Length: 5\r\n')
  await expect(app.getByTestId('http-cl-mismatch')).toHaveCount(0)
})

test('copy as curl then import gives the same request and target; history restores a past request', async ({ app }) => {
  await openHttp(app)
  await target(app, 'beta.test', nginx.httpPort, '127.0.0.1')
  const request = 'GET /text.txt?x=1 HTTP/1.1\r\nHost: beta.test\r\nUser-Agent: Wirebench\r\nX-Quote: it\'s "here"\r\n\r\n'
  await raw(app).fill(request.replaceAll('\r', '␍'))
  await app.getByRole('button', { name: 'Send', exact: true }).click()
  await expect(app.getByTestId('http-response')).toContainText('200', { timeout: 15_000 })
  await app.locator('summary', { hasText: /^curl:/ }).click()
  await app.getByRole('button', { name: 'Copy as curl' }).click()
  const command = (await app.getByTestId('http-curl-command').textContent()) ?? ''
  // Host names beta.test (port 80 implied) while the bytes go to 127.0.0.1:port: exactly curl --connect-to.
  expect(command).toContain(`--connect-to beta.test:80:127.0.0.1:${nginx.httpPort}`)
  // Scramble the editor, then import the command back.
  await target(app, 'elsewhere.test', 1, '')
  await raw(app).fill('GET /other HTTP/1.1␍\n␍\n')
  await app.getByLabel('curl command to import').fill(command)
  await app.getByRole('button', { name: 'Import curl' }).click()
  await expect(app.getByTestId('http-import-findings')).toBeVisible()
  expect(await rawText(app)).toBe(request)
  await expect(app.getByLabel('Host', { exact: true })).toHaveValue('beta.test')
  await expect(app.getByLabel('Port', { exact: true })).toHaveValue(String(nginx.httpPort))
  await expect(app.getByLabel('Connect to address')).toHaveValue('127.0.0.1')
  await shoot(app, 'curl')

  await raw(app).fill('GET /changed HTTP/1.1␍\n␍\n')
  await app.getByRole('tablist', { name: 'HTTP sections' }).getByRole('tab', { name: 'History' }).click()
  const item = app.getByTestId('http-history').getByRole('button').filter({ hasText: 'GET /text.txt?x=1 HTTP/1.1' }).first()
  await expect(item).toContainText('200')
  await shoot(app, 'history')
  await item.click()
  await expect(app.getByRole('tablist', { name: 'HTTP sections' }).getByRole('tab', { name: 'Request' })).toHaveAttribute('aria-selected', 'true')
  expect(await rawText(app)).toBe(request)
  // History outlives a reload (localStorage), bounded to this machine.
  await app.reload()
  await expect(app.getByTestId('transport-state')).toHaveText('Connected to engines')
  await app.getByRole('tab', { name: 'HTTP', exact: true }).click()
  await app.getByRole('tablist', { name: 'HTTP sections' }).getByRole('tab', { name: 'History' }).click()
  await expect(app.getByTestId('http-history')).toContainText('GET /text.txt?x=1 HTTP/1.1')
})

test('repeat over keep-alive, HAR export of what was sent, and the cookie jar with lifetimes and delete', async ({ app }) => {
  await openHttp(app)
  await target(app, 'alpha.test', nginx.httpPort, '127.0.0.1')
  await raw(app).fill('GET /cookie HTTP/1.1␍\nHost: alpha.test␍\n␍\n')
  await app.getByRole('checkbox', { name: 'Store cookies in the jar' }).check()
  await app.getByRole('checkbox', { name: 'Repeat', exact: true }).check()
  await app.getByLabel('Repeat times').fill('5')
  await app.getByRole('radio', { name: 'One keep-alive connection' }).click()
  // TLS options as a user sees them with verification off (then back to clear text for nginx's HTTP port).
  await app.getByRole('checkbox', { name: 'TLS', exact: true }).check()
  await app.getByRole('checkbox', { name: 'Verify the certificate' }).uncheck()
  await expect(app.getByTestId('http-verify-off')).toContainText('Verification is off')
  await shoot(app, 'tls-options')
  await app.getByRole('checkbox', { name: 'TLS', exact: true }).uncheck()
  await app.getByRole('button', { name: 'Send', exact: true }).click()
  await expect(app.getByTestId('http-response')).toContainText('200', { timeout: 15_000 })
  await app.getByTestId('http-response').getByRole('tab', { name: /^Timings/ }).click()
  await expect(app.getByTestId('http-resp-repeat')).toContainText('Repeated 5 times')

  const [download] = await Promise.all([app.waitForEvent('download'), app.getByRole('button', { name: 'Export HAR' }).click()])
  const har = JSON.parse(readFileSync(await download.path(), 'utf8')) as { log: { version: string; entries: { request: { url: string; method: string }; response: { status: number } }[] } }
  expect(har.log.version).toBe('1.2')
  expect(har.log.entries).toHaveLength(1)
  expect(har.log.entries[0]!.request).toMatchObject({ method: 'GET', url: `http://alpha.test/cookie` })
  expect(har.log.entries[0]!.response.status).toBe(200)

  await app.getByRole('tablist', { name: 'HTTP sections' }).getByRole('tab', { name: 'Cookies' }).click()
  const jar = app.getByTestId('http-jar')
  await expect(jar).toContainText('session=s3cr3t')
  await expect(jar).toContainText('Session cookie')
  await expect(jar).toContainText('HttpOnly')
  await shoot(app, 'jar')
  await app.getByRole('button', { name: 'Delete cookie session' }).click()
  await expect(app.getByText('The jar is empty.')).toBeVisible()
})
