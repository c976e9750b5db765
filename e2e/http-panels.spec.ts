// The HTTP tab's JWT and WebSocket sections as a user drives them: RFC 7519's example token explained against the
// clock, an HS256 token verified with the right and a wrong secret, alg none called out; and a WebSocket to a `ws`
// echo server the test starts on loopback: the 101 and its Accept check, text echoed, ping → pong, close 1000.
// Screenshots of each screen in both themes go to /tmp/shots for a person to look at.
import { generateKeyPairSync } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import type { Page } from '@playwright/test'
import { SignJWT } from 'jose'
import { WebSocketServer } from 'ws'
import { test, expect } from './fixtures'

const SHOTS = '/tmp/shots'
const SECRET = 'a-test-secret-that-is-32-bytes-long!'

async function shoot(page: Page, name: string, at?: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true })
  if (at) await page.getByTestId(at).evaluate((el) => el.scrollIntoView({ block: 'start' }))
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme })
    await page.screenshot({ path: `${SHOTS}/http-${name}-${scheme}.png`, fullPage: false })
  }
  await page.emulateMedia({ colorScheme: 'light' })
}

async function openSection(app: Page, name: 'JWT' | 'WebSocket'): Promise<void> {
  await app.getByRole('tab', { name: 'HTTP', exact: true }).click()
  await app.getByRole('tab', { name, exact: true }).click()
}

test('JWT: RFC 7519 §3.1 explained against the clock, HS256 verified right and wrong, alg none warned', async ({ app }) => {
  test.setTimeout(60_000)
  await openSection(app, 'JWT')
  await app.getByRole('button', { name: /Example: RFC 7519/ }).click()
  await shoot(app, 'jwt-decoded')
  // Header, claims and the algorithm in words; exp is March 2011, so it has long expired.
  await expect(app.getByTestId('jwt-header')).toContainText('HS256')
  await expect(app.getByTestId('jwt-claims').locator('[data-claim="iss"]')).toContainText('joe')
  await expect(app.getByTestId('jwt-claims').locator('[data-claim="iss"]')).toContainText('Issuer')
  await expect(app.getByTestId('jwt-claims').locator('[data-claim="exp"]')).toContainText(/Expired \d+ years?.* ago \(2011-03-22T18:43:00Z\)/)
  await expect(app.getByTestId('jwt-alg')).toContainText('does not encrypt')
  await expect(app.getByTestId('jwt-findings')).toContainText('expired')
  // Picking a claim marks its characters in the coloured token.
  await app.getByTestId('jwt-claims').getByRole('button', { name: 'exp' }).click()
  await expect(app.getByTestId('jwt-coloured').locator('mark')).toBeVisible()
  // With RFC 7515 §A.1's key (filled by the example) the signature holds, but the clock refuses it.
  await app.getByRole('button', { name: 'Verify', exact: true }).click()
  await expect(app.getByTestId('jwt-verdict')).toContainText('Invalid')
  await expect(app.getByTestId('jwt-reason')).toContainText('signature is valid, but the token expired')
  await shoot(app, 'jwt-example')

  // An HS256 token made here with a known secret: valid with it, invalid with another, and said why.
  const token = await new SignJWT({ sub: 'alice', role: 'reader' }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuedAt().setExpirationTime('2h').setIssuer('wirebench-test').sign(new TextEncoder().encode(SECRET))
  await app.getByLabel('JWT', { exact: true }).fill(token)
  await expect(app.getByTestId('jwt-claims').locator('[data-claim="exp"]')).toContainText(/Expires .* in (1 hour|2 hours)/)
  await app.getByRole('radio', { name: 'Text (UTF-8)' }).first().click()
  await app.getByLabel('Verification key', { exact: true }).fill(SECRET)
  await app.getByLabel('Issuer expected (iss)').fill('wirebench-test')
  await app.getByRole('button', { name: 'Verify', exact: true }).click()
  await expect(app.getByTestId('jwt-verdict')).toContainText('Valid')
  await expect(app.getByTestId('jwt-reason')).toContainText('The HS256 signature is valid for this key')
  await shoot(app, 'jwt-valid', 'jwt-verdict')
  await app.getByLabel('Verification key', { exact: true }).fill('not-the-secret-not-the-secret-xx')
  await app.getByRole('button', { name: 'Verify', exact: true }).click()
  await expect(app.getByTestId('jwt-verdict')).toContainText('Invalid')
  await expect(app.getByTestId('jwt-reason')).toContainText('The HS256 signature does not match')

  // Algorithm confusion: the same HS256 token with a PEM public key is warned before and refused after.
  await app.getByRole('radio', { name: 'PEM', exact: true }).first().click()
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  await app.getByLabel('Verification key', { exact: true }).fill(publicKey.export({ type: 'spki', format: 'pem' }) as string)
  await expect(app.getByTestId('jwt-confusion-warning')).toContainText('algorithm-confusion')
  await app.getByRole('button', { name: 'Verify', exact: true }).click()
  await expect(app.getByTestId('jwt-reason')).toContainText('algorithm-confusion attack')

  // An RS256 token checked with the public key read from a file picked in the page.
  const rs = await new SignJWT({ sub: 'bob' }).setProtectedHeader({ alg: 'RS256' }).setIssuer('wirebench-test').setExpirationTime('1h').sign(privateKey)
  await app.getByLabel('JWT', { exact: true }).fill(rs)
  await app.getByLabel('Verification key from a file').setInputFiles({ name: 'signer.pub.pem', mimeType: 'application/x-pem-file', buffer: Buffer.from(publicKey.export({ type: 'spki', format: 'pem' }) as string) })
  await expect(app.getByTestId('jwt-verify-key')).toContainText('Read from signer.pub.pem')
  await app.getByRole('button', { name: 'Verify', exact: true }).click()
  await expect(app.getByTestId('jwt-reason')).toContainText('The RS256 signature is valid for this key')
  // The same key in a JWKS, picked by the token's kid.
  const withKid = await new SignJWT({ sub: 'bob' }).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setIssuer('wirebench-test').setExpirationTime('1h').sign(privateKey)
  await app.getByLabel('JWT', { exact: true }).fill(withKid)
  await app.getByRole('radio', { name: 'JWKS', exact: true }).first().click()
  await app.getByLabel('Verification key', { exact: true }).fill(JSON.stringify({ keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'k1', alg: 'RS256' }] }))
  await app.getByRole('button', { name: 'Verify', exact: true }).click()
  await expect(app.getByTestId('jwt-reason')).toContainText('The RS256 signature is valid for this key (kid "k1")')

  // alg none: called out as soon as it is pasted.
  await app.getByRole('button', { name: 'Example: alg none' }).click()
  await expect(app.getByTestId('jwt-alg')).toContainText('alg "none": no signature at all')
  await expect(app.getByTestId('jwt-findings')).toContainText('Unsecured JWS')
  await shoot(app, 'jwt-none')

  // Sign one and read it back: the section keeps it across a tab switch.
  await app.getByLabel('Signing key', { exact: true }).fill(SECRET)
  await app.getByRole('button', { name: 'Sign', exact: true }).click()
  await expect(app.getByTestId('jwt-signed')).toBeVisible()
  await app.getByRole('button', { name: 'Decode it above' }).click()
  await expect(app.getByTestId('jwt-claims').locator('[data-claim="sub"]')).toContainText('user-42')
  await app.getByRole('tab', { name: 'DNS', exact: true }).click()
  await app.getByRole('tab', { name: 'HTTP', exact: true }).click()
  await expect(app.getByTestId('jwt-claims').locator('[data-claim="sub"]')).toContainText('user-42')
})

test('WebSocket: a ws echo server on loopback — 101 and its Accept, text echoed, ping → pong, close 1000 in words', async ({ app }) => {
  test.setTimeout(60_000)
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 })
  await new Promise<void>((r) => wss.once('listening', () => r()))
  const firstMessages: string[] = []
  wss.on('connection', (socket) => {
    let first = true
    socket.on('message', (data, isBinary) => {
      if (first) firstMessages.push(data.toString())
      first = false
      socket.send(data, { binary: isBinary })
    })
  })
  const port = (wss.address() as AddressInfo).port
  try {
    await openSection(app, 'WebSocket')
    // A URL that is not ws:// or wss:// is refused in words before anything connects.
    await app.getByLabel('WebSocket URL').fill('http://127.0.0.1/')
    await app.getByRole('button', { name: 'Connect', exact: true }).click()
    await expect(app.getByTestId('ws-connect-error')).toContainText('ws://')
    await app.getByLabel('WebSocket URL').fill(`ws://127.0.0.1:${port}/chat`)
    await app.getByLabel('Extra headers').fill('Authorization: Bearer tok-123')
    await app.getByRole('button', { name: 'Authorization: Bearer line' }).click()
    await expect(app.getByLabel('First message')).toHaveValue('tok-123')
    await app.getByRole('button', { name: 'Connect', exact: true }).click()
    await expect(app.getByTestId('ws-response-raw')).toContainText('HTTP/1.1 101 Switching Protocols')
    await expect(app.getByTestId('ws-request-raw')).toContainText('Sec-WebSocket-Key:')
    await expect(app.getByTestId('ws-accept')).toContainText('Sec-WebSocket-Accept matches the key')
    await expect(app.getByTestId('ws-state')).toHaveText('open')
    // The token went first, and came back as an echo.
    await expect.poll(() => firstMessages).toEqual(['tok-123'])
    const rows = app.getByTestId('ws-frame-list')
    await expect(rows.locator('.ws-frame.received', { hasText: 'tok-123' })).toBeVisible()

    await app.getByLabel('Message to send').fill('hello, echo')
    await app.getByRole('button', { name: 'Send text' }).click()
    await expect(rows.locator('.ws-frame.sent', { hasText: 'hello, echo' })).toBeVisible()
    await expect(rows.locator('.ws-frame.received', { hasText: 'hello, echo' })).toBeVisible()
    // A sent frame's bytes: masked, with its key and the payload unmasked.
    await rows.locator('.ws-frame.sent', { hasText: 'hello, echo' }).click()
    await expect(app.getByTestId('ws-frame-detail')).toContainText('Masking key')
    await expect(app.getByTestId('ws-unmasked')).toContainText('hello, e')

    await app.getByRole('radio', { name: 'Ping' }).click()
    await app.getByLabel('Message to send').fill('are you there')
    await app.getByRole('button', { name: 'Send ping' }).click()
    await expect(rows.locator('.ws-frame[data-opcode="ping"].sent')).toBeVisible()
    await expect(rows.locator('.ws-frame[data-opcode="pong"].received', { hasText: 'are you there' })).toBeVisible()
    await shoot(app, 'ws-open', 'ws-handshake')
    await shoot(app, 'ws-frame', 'ws-frame-detail')

    // Frames that arrive while another tab is shown are kept: the store listens for the page's whole life.
    await app.getByRole('tab', { name: 'DNS', exact: true }).click()
    for (const c of wss.clients) c.send('pushed while away')
    await app.waitForTimeout(300)
    await app.getByRole('tab', { name: 'HTTP', exact: true }).click()
    await expect(rows.locator('.ws-frame.received', { hasText: 'pushed while away' })).toBeVisible()

    await app.getByLabel('Close reason').fill('done')
    await app.getByRole('button', { name: 'Close', exact: true }).click()
    await expect(app.getByTestId('ws-closed')).toContainText('Closed with 1000: Normal closure')
    await expect(app.getByTestId('ws-closed')).toContainText('done')
    await expect(rows.locator('.ws-frame[data-opcode="close"].received')).toContainText('1000')
    await expect(app.getByTestId('ws-state')).toHaveText('closed 1000')
    await shoot(app, 'ws-closed', 'ws-closed')
  } finally {
    for (const c of wss.clients) c.terminate()
    await new Promise((r) => wss.close(r))
  }
})
