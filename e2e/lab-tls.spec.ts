// Issue 9, items 1 and 5, as a user does it: a lab generated in Certificates serves TLS and mTLS from Connections to a
// client that trusts only the lab root, and a wrong client certificate is explained on both sides.
import { mkdirSync, readFileSync } from 'node:fs'
import type { Page } from '@playwright/test'
import { test, expect } from './fixtures'

const SHOTS = '/tmp/shots'

async function generate(app: Page, kind: string, fill: (app: Page) => Promise<void>): Promise<void> {
  await app.getByRole('radio', { name: kind }).click()
  await fill(app)
  await app.getByRole('button', { name: 'Generate', exact: true }).click()
  await expect(app.getByRole('button', { name: 'Generating…' })).toHaveCount(0)
}

async function pick(app: Page, label: string, text: string): Promise<void> {
  const picker = app.getByLabel(label)
  await picker.selectOption({ label: await picker.locator('option', { hasText: text }).first().innerText() })
}

async function shoot(app: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true })
  for (const colorScheme of ['light', 'dark'] as const) {
    await app.emulateMedia({ colorScheme })
    await app.screenshot({ path: `${SHOTS}/w1-${name}-${colorScheme}.png` })
  }
  await app.emulateMedia({ colorScheme: 'light' })
}

test('a generated lab serves TLS and mTLS from Connections; a wrong client certificate is explained on both sides', async ({ app }) => {
  // The lab, an mTLS client certificate under its intermediate, and a stranger's self-signed client certificate.
  await app.getByRole('tab', { name: 'Certificates' }).click()
  await app.getByRole('tab', { name: 'Generate' }).click()
  await generate(app, 'Local lab PKI', async () => {
    await app.getByLabel('Subject', { exact: true }).fill('CN=localhost')
    await app.getByLabel('Subject alternative names').fill('localhost, 127.0.0.1')
  })
  const generated = app.getByTestId('generated')
  const [download] = await Promise.all([app.waitForEvent('download'), generated.getByRole('button', { name: 'root-ca.pem' }).click()])
  const rootPem = readFileSync((await download.path())!, 'utf8')
  expect(rootPem).toMatch(/^-----BEGIN CERTIFICATE-----/)
  await generate(app, 'mTLS client certificate', async () => {
    await app.getByLabel('Client common name').fill('alice')
    await pick(app, 'Signing CA', 'Intermediate CA')
  })
  await generate(app, 'Self-signed certificate', async () => {
    await app.getByLabel('Subject', { exact: true }).fill('CN=mallory')
    await app.getByLabel('Subject alternative names').fill('mallory.test')
    await app.getByLabel('Profile').selectOption({ label: 'TLS client' })
  })

  // Serve TLS with the lab leaf from the vault: the picker fills the chain, and the server asks for a client certificate.
  await app.getByRole('tab', { name: 'Connections' }).click()
  await app.getByRole('radio', { name: 'Server' }).click()
  await app.getByText('TLS', { exact: true }).click()
  await app.getByText('My certificate and key (PEM)').click()
  await pick(app, 'From the Certificates tab', 'CN=localhost')
  await expect(app.getByLabel('Server certificate PEM')).toHaveValue(/^(-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----\s*){2}$/)
  await expect(app.getByTestId('vault-chain')).toHaveText('Sends the chain: the certificate and 1 intermediate (not the root).')
  await app.getByText('Require a client certificate (mTLS)').click()
  await app.getByLabel('Client CA PEM').fill(rootPem)
  await app.getByRole('button', { name: 'Start server' }).click()
  await expect(app.getByTestId('server-listen')).toContainText('TLS 127.0.0.1:')
  const port = /:(\d+)/.exec((await app.getByTestId('server-listen').textContent()) ?? '')![1]!
  await expect(app.getByTestId('failed-handshakes')).toContainText('None yet')

  // A client that trusts only the lab root, with alice's certificate (and its intermediate, from the vault): verified, accepted.
  await app.getByRole('radio', { name: 'Client', exact: true }).click()
  await app.getByLabel('Host').fill('localhost')
  await app.getByLabel('Port', { exact: true }).fill(port)
  await app.getByText('TLS', { exact: true }).click()
  await app.getByText('Extra CA and client certificate (mTLS)').click()
  await app.getByLabel('Extra CA PEM').fill(rootPem)
  await pick(app, 'Client certificate from the Certificates tab', 'alice')
  await expect(app.getByLabel('Client certificate PEM')).toHaveValue(/(-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----\s*){2}/)
  await app.getByRole('button', { name: 'Connect', exact: true }).click()
  await expect(app.getByTestId('tls-summary')).toContainText('TLSv1.3')
  await expect(app.getByText('Verified').locator('..')).toContainText('yes')
  await expect(app.getByTestId('peer-subject')).toHaveText('CN=localhost')
  await app.getByLabel('Data to send').fill('hello lab')
  await app.getByLabel('Data to send').press('Enter')
  await expect(app.getByTestId('stream-closed')).toHaveCount(0)

  // mallory's certificate is not from the lab: the client is told the server dropped it right after the handshake ...
  await pick(app, 'Client certificate from the Certificates tab', 'mallory')
  await app.getByRole('button', { name: 'Connect', exact: true }).click()
  const clientError = app.getByTestId('client-error')
  await expect(clientError).toContainText('CLIENT_CERT_REQUIRED')
  await expect(clientError).toContainText('closed the connection right after the TLS handshake: it most likely rejected our client certificate')
  await shoot(app, 'client-error')

  // ... and the server lists the failed handshake with its peer, time and reason.
  await app.getByRole('button', { name: `TLS echo on 127.0.0.1:${port}`, exact: true }).click()
  const failed = app.getByTestId('failed-handshakes')
  await expect(failed).toContainText('client certificate is self-signed and not the trusted CA')
  await expect(failed).toContainText('127.0.0.1:')
  await expect(app.getByTestId('clients-table')).toContainText('CN=alice')
  await shoot(app, 'failed-handshakes')
})

test('a server that sends only its leaf, and a port that answers in plain text, are named as causes', async ({ app }) => {
  await app.getByRole('tab', { name: 'Certificates' }).click()
  await app.getByRole('tab', { name: 'Generate' }).click()
  await generate(app, 'Local lab PKI', async () => {
    await app.getByLabel('Subject', { exact: true }).fill('CN=localhost')
    await app.getByLabel('Subject alternative names').fill('localhost, 127.0.0.1')
  })
  const [download] = await Promise.all([app.waitForEvent('download'), app.getByTestId('generated').getByRole('button', { name: 'root-ca.pem' }).click()])
  const rootPem = readFileSync((await download.path())!, 'utf8')

  // The leaf alone, as a misconfigured server would serve it: the user keeps only the first certificate of the chain.
  await app.getByRole('tab', { name: 'Connections' }).click()
  await app.getByRole('radio', { name: 'Server' }).click()
  await app.getByText('TLS', { exact: true }).click()
  await app.getByText('My certificate and key (PEM)').click()
  await pick(app, 'From the Certificates tab', 'CN=localhost')
  const chain = await app.getByLabel('Server certificate PEM').inputValue()
  await app.getByLabel('Server certificate PEM').fill(chain.slice(0, chain.indexOf('-----END CERTIFICATE-----') + 25) + '\n')
  await app.getByRole('button', { name: 'Start server' }).click()
  const leafOnlyPort = /:(\d+)/.exec((await app.getByTestId('server-listen').textContent()) ?? '')![1]!

  // A plain-text server: a canned HTTP answer.
  await app.getByRole('radio', { name: 'Server' }).click()
  await app.getByText('TLS', { exact: true }).first().click()
  await app.getByLabel('Behaviour').selectOption({ label: 'Fixed reply' })
  await app.getByRole('button', { name: 'Start server' }).click()
  await expect(app.getByTestId('server-listen')).toContainText('TCP 127.0.0.1:')
  const plainPort = /:(\d+)/.exec((await app.getByTestId('server-listen').textContent()) ?? '')![1]!

  await app.getByRole('radio', { name: 'Client', exact: true }).click()
  await app.getByLabel('Host').fill('localhost')
  await app.getByLabel('Port', { exact: true }).fill(leafOnlyPort)
  await app.getByText('TLS', { exact: true }).click()
  await app.getByText('Extra CA and client certificate (mTLS)').click()
  await app.getByLabel('Extra CA PEM').fill(rootPem)
  await app.getByRole('button', { name: 'Connect', exact: true }).click()
  const clientError = app.getByTestId('client-error')
  await expect(clientError).toContainText('The server sent only its leaf; its issuer (O=Wirebench Test, CN=Wirebench Test Intermediate CA) was not sent and is not trusted')
  await expect(clientError).toContainText('The server sent 1 certificate:')
  await expect(clientError).toContainText('1. subject CN=localhost · issuer O=Wirebench Test, CN=Wirebench Test Intermediate CA · valid')
  await shoot(app, 'missing-intermediate')

  await app.getByLabel('Port', { exact: true }).fill(plainPort)
  await app.getByRole('button', { name: 'Connect', exact: true }).click()
  await expect(clientError).toContainText('This port answered in plain text (plain HTTP), not TLS: it sent "HTTP/1.1 200 OK". Try without TLS')
  await shoot(app, 'plain-text')
})
