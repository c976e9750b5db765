// Certificates › From a server › Scan TLS against `openssl s_server` on loopback: the grade card, a TLS 1.3 suite in the
// matrix, the features, the findings with their fixes, both exports (JSON in the CLI's shape, Markdown), a report that
// survives a tab switch, and Cancel on a server that never answers. Screenshots in both themes go to /tmp/shots.
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { opensslServer } from '../src/main/testing/tls-servers'
import { test, expect } from './fixtures'

const SHOTS = '/tmp/shots'
let dir = ''
let server: { stop(): void } | null = null
let port = 0


test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wirebench-tls-scan-e2e-'))
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost', '-addext', 'basicConstraints=critical,CA:FALSE',
    '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem'), '-days', '60'], { stdio: 'ignore' })
  const s = await opensslServer(['s_server', '-accept', '127.0.0.1:0', '-cert', join(dir, 'c.pem'), '-key', join(dir, 'k.pem'), '-www'])
  server = s
  port = s.port
})

test.afterAll(() => {
  server?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

async function shoot(page: Page, name: string, at: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true })
  await page.getByTestId(at).evaluate((el) => el.scrollIntoView({ block: 'start' }))
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme })
    await page.screenshot({ path: `${SHOTS}/${name}-${scheme}.png` })
  }
  await page.emulateMedia({ colorScheme: 'light' })
}

async function openServer(app: Page, p: number): Promise<void> {
  await app.getByRole('tab', { name: 'Certificates' }).click()
  await app.getByRole('tab', { name: 'From a server' }).click()
  await app.getByLabel('Server host').fill('127.0.0.1')
  await app.getByLabel('Server port').fill(String(p))
  await app.getByLabel('Server SNI').fill('localhost')
}

test('scan a local s_server: the grade, a TLS 1.3 suite in the matrix, fixes, and both exports', async ({ app }) => {
  test.setTimeout(60_000)
  await openServer(app, port)
  await app.getByRole('button', { name: 'Scan TLS' }).click()
  const grade = app.getByTestId('scan-grade')
  await expect(grade).toBeVisible({ timeout: 30_000 })
  // A self-signed certificate nobody trusts: the rating guide's T, whatever the configuration would earn.
  await expect(grade).toHaveText('T')
  await expect(app.getByTestId('scan-grade-reasons')).toContainText('grade T')
  const matrix = app.getByTestId('scan-matrix')
  await expect(matrix.getByRole('columnheader', { name: 'TLS 1.3' })).toBeVisible()
  await expect(matrix.getByRole('columnheader', { name: 'TLS 1.0' })).toHaveCount(0)
  const row = matrix.getByTestId('scan-suite-row').filter({ hasText: 'TLS_AES_256_GCM_SHA384' })
  await expect(row).toHaveCount(1)
  await expect(row.locator('td.scan-strong').first()).toContainText('AEAD')
  await expect(app.getByTestId('scan-protocols')).toContainText('TLS 1.0 no')
  await expect(app.getByTestId('scan-features')).toContainText('Secure renegotiation')
  await expect(app.getByTestId('scan-mozilla')).toContainText('intermediate')
  // A fix shows the nginx and the Apache line each as a code block to paste.
  const hstsFix = app.getByTestId('scan-finding').filter({ hasText: 'NO_HSTS' }).locator('pre code')
  await expect(hstsFix).toHaveCount(2)
  await expect(hstsFix.first()).toContainText('add_header Strict-Transport-Security')
  await expect(hstsFix.nth(1)).toContainText('Header always set Strict-Transport-Security')
  await shoot(app, 'tls-scan-grade', 'scan-report')
  await shoot(app, 'tls-scan-matrix', 'scan-matrix-card')
  await shoot(app, 'tls-scan-features', 'scan-features')
  await shoot(app, 'tls-scan-findings', 'scan-findings')

  const [json] = await Promise.all([app.waitForEvent('download'), app.getByRole('button', { name: 'Export JSON' }).click()])
  expect(json.suggestedFilename()).toBe(`tls-scan-127.0.0.1-${port}.json`)
  const scan = JSON.parse(readFileSync(await json.path(), 'utf8')) as { target: string; protocols: Record<string, boolean>; ciphers: Record<string, string[]>; grade: string }
  expect(scan.target).toBe(`127.0.0.1:${port}`)
  expect(scan.protocols['TLSv1.3']).toBe(true)
  expect(scan.ciphers['TLSv1.3']).toContain('TLS_AES_256_GCM_SHA384')
  expect(scan.grade).toBe('T')
  const [md] = await Promise.all([app.waitForEvent('download'), app.getByRole('button', { name: 'Export Markdown' }).click()])
  expect(md.suggestedFilename()).toMatch(/\.md$/)
  expect(readFileSync(await md.path(), 'utf8')).toContain(`# TLS scan of 127.0.0.1:${port}`)

  // The report is the store's: a trip to another tab and back finds it where it was.
  await app.getByRole('tab', { name: 'DNS' }).click()
  await app.getByRole('tab', { name: 'Certificates' }).click()
  await expect(app.getByTestId('scan-grade')).toHaveText('T')
})

test('a server that accepts TCP and never answers: progress while the probes wait, and Cancel stops the scan', async ({ app }) => {
  const silent = net.createServer(() => {})
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
  try {
    await openServer(app, (silent.address() as net.AddressInfo).port)
    await app.getByRole('button', { name: 'Scan TLS' }).click()
    const progress = app.getByTestId('scan-progress')
    await expect(progress).toContainText('Scanning 127.0.0.1:')
    await shoot(app, 'tls-scan-progress', 'scan-progress')
    await progress.getByRole('button', { name: 'Cancel' }).click()
    await expect(app.getByRole('alert').filter({ hasText: 'CANCELLED' })).toBeVisible()
    await expect(progress).toHaveCount(0)
    await expect(app.getByRole('button', { name: 'Scan TLS' })).toBeEnabled()
  } finally {
    silent.close()
  }
})

test('a port that answers in HTTP, not TLS: the report says so instead of grading nothing', async ({ app }) => {
  const plain = net.createServer((c) => {
    c.on('error', () => {})
    c.on('data', () => c.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n'))
  })
  await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve))
  try {
    await openServer(app, (plain.address() as net.AddressInfo).port)
    await app.getByRole('button', { name: 'Scan TLS' }).click()
    await expect(app.getByTestId('scan-not-tls')).toContainText('accepted no SSL or TLS version', { timeout: 30_000 })
    await expect(app.getByTestId('scan-grade')).toHaveCount(0)
  } finally {
    plain.close()
  }
})
