// A private PKI as users run it: nginx (the OS package, started here on 127.0.0.1 with its own temp prefix) serves
// a Wirebench-generated lab's leaf + intermediate without the root. "From a server" must call that a private root,
// not a missing intermediate, trust the root in one click, then verify; a lab leaf in Verify gets the same way out.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { nginxConfHead } from '../src/main/testing/nginx'
import { auditContrast } from './contrast-audit'
import { test, expect } from './fixtures'

const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p)) ?? 'nginx'
const SHOTS = '/tmp/shots'
let dir = ''

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo
      s.close(() => resolve(port))
    })
    s.on('error', reject)
  })
}

async function waitForPort(port: number, deadline = Date.now() + 10_000): Promise<void> {
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const c = net.connect(port, '127.0.0.1', () => (c.destroy(), resolve(true)))
      c.on('error', () => resolve(false))
    })
    if (open) return
    if (Date.now() > deadline) throw new Error(`nothing listens on 127.0.0.1:${port}: ${readFileSync(join(dir, 'error.log'), 'utf8')}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

/** nginx in the foreground, one process, everything under `dir`: no root-owned paths, stopped by the test. */
async function startNginx(port: number): Promise<ChildProcess> {
  const conf = `${nginxConfHead(dir, 64)}  server {
    listen 127.0.0.1:${port} ssl;
    ssl_certificate ${dir}/lab/chain.pem;
    ssl_certificate_key ${dir}/lab/leaf.key.pem;
    ssl_password_file ${dir}/pass.txt;
    location / { return 200 "lab\\n"; }
  }
}
`
  writeFileSync(join(dir, 'nginx.conf'), conf)
  const child = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')], { stdio: 'ignore' })
  await waitForPort(port)
  return child
}

async function stopNginx(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((r) => child.once('exit', r))
  child.kill('SIGTERM')
  await exited
}

/** A screenshot per theme, and every text on the screen readable in both (WCAG AA over the computed colours). */
async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true })
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme })
    await page.screenshot({ path: join(SHOTS, `w2-${name}-${scheme}.png`), fullPage: true })
  }
  const misses = await auditContrast(page, name)
  expect(misses, misses.join('\n')).toEqual([])
  await page.emulateMedia({ colorScheme: 'light' })
}

test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wirebench-private-root-'))
  writeFileSync(join(dir, 'pass.txt'), 'lab-secret\n', { mode: 0o600 })
  // the lab as the CLI makes it: encrypted keys; nginx reads the leaf key with ssl_password_file
  execFileSync(process.execPath, [join(__dirname, '..', 'bin', 'wirebench.js'), 'cert', 'new', 'pki', '--subject', 'CN=localhost', '--names', 'localhost,127.0.0.1', '--out', join(dir, 'lab'), '--passphrase-file', join(dir, 'pass.txt')], { stdio: 'pipe' })
})

test.afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
})

test.beforeEach(async ({ app }) => {
  await app.getByRole('tab', { name: 'Certificates' }).click()
})

test('nginx serving a lab chain: diagnosed as a private root, trusted in one click, then verified', async ({ app }) => {
  test.setTimeout(60_000)
  let nginx: ChildProcess | undefined
  try {
    const port = await freePort()
    nginx = await startNginx(port)
    // the user has the lab's root at hand (opened, not trusted)
    await app.getByLabel('Paste PEM text').fill(readFileSync(join(dir, 'lab', 'root-ca.crt.pem'), 'utf8'))
    await app.getByRole('button', { name: 'Open pasted text' }).click()
    await expect(app.getByTestId('detail-title')).toHaveText('Wirebench Test Root CA')

    await app.getByRole('tab', { name: 'From a server' }).click()
    await app.getByLabel('Server host').fill('127.0.0.1')
    await app.getByLabel('Server port').fill(String(port))
    await app.getByRole('button', { name: 'Fetch chain' }).click()
    const chain = app.getByTestId('server-chain')
    await expect(chain.getByTestId('sent-cert')).toHaveCount(2)
    const findings = app.getByTestId('server-findings')
    await expect(findings).toContainText('PRIVATE_ROOT')
    await expect(findings).toContainText('Issued by a private root "O=Wirebench Test, CN=Wirebench Test Root CA" that is not in your trust store — trust it?')
    await expect(findings).not.toContainText('MISSING_INTERMEDIATE')
    await expect(app.getByTestId('verify-verdict')).toContainText('Not trusted')
    await expect(app.getByTestId('chain-missing')).toContainText('A root among your certificates, not trusted yet.')
    await shoot(app, 'private-root-diagnosed')

    await app.getByTestId('server-trust-root').click()
    await expect(app.getByTestId('verify-verdict')).toContainText('Trusted for 127.0.0.1')
    await expect(app.getByTestId('server-chain')).toContainText('The chain is sent in order, complete, without the root or duplicates.')
    await expect(app.getByTestId('chain-link').last()).toContainText('trusted by you')
    await expect(app.getByTestId('trusted-roots')).toContainText('CN=Wirebench Test Root CA')
    await shoot(app, 'private-root-trusted')

    // taken away again: the next fetch is a private root once more
    await app.getByRole('button', { name: 'Stop trusting O=Wirebench Test, CN=Wirebench Test Root CA' }).click()
    await expect(app.getByTestId('trusted-roots')).toHaveCount(0)
    await app.getByRole('button', { name: 'Fetch chain' }).click()
    await expect(app.getByTestId('verify-verdict')).toContainText('Not trusted')
    await expect(findings).toContainText('PRIVATE_ROOT')
  } finally {
    await stopNginx(nginx)
  }
})

test('a freshly generated lab leaf fails on its untrusted root, and "Trust this root" on that card makes it trusted', async ({ app }) => {
  await app.getByRole('tab', { name: 'Generate' }).click()
  await app.getByRole('radio', { name: 'Local lab PKI' }).click()
  await app.getByLabel('Subject', { exact: true }).fill('CN=localhost')
  await app.getByLabel('Subject alternative names').fill('localhost, 127.0.0.1')
  await app.getByRole('button', { name: 'Generate', exact: true }).click()
  await expect(app.getByTestId('generated')).toBeVisible()

  await app.getByRole('tab', { name: 'Verify', exact: true }).click()
  await app.getByRole('button', { name: 'Verify', exact: true }).click()
  await expect(app.getByTestId('verify-verdict')).toContainText('Not trusted')
  await expect(app.getByTestId('verify-errors')).toContainText('SELF_SIGNED_UNTRUSTED')
  await shoot(app, 'lab-leaf-untrusted')
  await app.getByTestId('chain-link').last().getByRole('button', { name: 'Trust this root' }).click()
  await expect(app.getByTestId('verify-verdict')).toContainText('Trusted for localhost')
  await expect(app.getByTestId('trusted-roots')).toContainText('Wirebench Test Root CA')
  await shoot(app, 'lab-leaf-trusted')
})
