// The Certificates tab against real files: a chain made with openssl (dropped on the tab), a generated self-signed
// certificate, garbage and a PKCS#12 with the wrong password, a 10,000-certificate bundle, and a live TLS server
// on loopback.
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import tls from 'node:tls'
import type { Page } from '@playwright/test'
import { test, expect } from './fixtures'

let dir = ''
const file = (name: string) => join(dir, name)

function openssl(...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' })
}

test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wirebench-certs-'))
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes']
  openssl('req', '-x509', ...ec, '-keyout', 'root.key', '-out', 'root.pem', '-days', '3650', '-subj', '/CN=E2E Root CA/O=Wirebench E2E',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign')
  writeFileSync(file('int.ext'), 'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n')
  openssl('req', ...ec, '-keyout', 'int.key', '-out', 'int.csr', '-subj', '/CN=E2E Intermediate CA/O=Wirebench E2E')
  openssl('x509', '-req', '-in', 'int.csr', '-CA', 'root.pem', '-CAkey', 'root.key', '-CAcreateserial', '-out', 'int.pem', '-days', '1825', '-extfile', 'int.ext')
  writeFileSync(
    file('leaf.ext'),
    'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n'
  )
  openssl('req', ...ec, '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', '/CN=localhost')
  openssl('x509', '-req', '-in', 'leaf.csr', '-CA', 'int.pem', '-CAkey', 'int.key', '-CAcreateserial', '-out', 'leaf.pem', '-days', '90', '-extfile', 'leaf.ext')
  const [leaf, int, root] = ['leaf.pem', 'int.pem', 'root.pem'].map((f) => readFileSync(file(f), 'utf8'))
  writeFileSync(file('bundle.pem'), leaf! + int! + root!)
  openssl('pkcs12', '-export', '-inkey', 'leaf.key', '-in', 'leaf.pem', '-certfile', 'int.pem', '-passout', 'pass:right', '-out', 'leaf.p12')
  // Random bytes that do not start like DER: a leading 0x30 (SEQUENCE) reads as damaged DER, another message.
  const garbage = randomBytes(4096)
  if (garbage[0] === 0x30) garbage[0] = 0x31
  writeFileSync(file('garbage.bin'), garbage)
  // 10,000 certificates in one PEM file: the three above, over and over (duplicates are fine for a list).
  const blocks = [leaf!, int!, root!]
  writeFileSync(file('ten-thousand.pem'), Array.from({ length: 10_000 }, (_, i) => blocks[i % 3]).join(''))
})

test.afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
})

test.beforeEach(async ({ app }) => {
  await app.getByRole('tab', { name: 'Certificates' }).click()
})

/** Drops files on the tab the way a file manager does: a drop event carrying a DataTransfer of Files. */
async function dropFiles(page: Page, names: string[]): Promise<void> {
  const files = names.map((name) => ({ name, base64: readFileSync(file(name)).toString('base64') }))
  const dataTransfer = await page.evaluateHandle((list) => {
    // Runs in the page; this file is type-checked without the DOM library, hence the narrow view of the globals.
    const page = globalThis as unknown as {
      DataTransfer: new () => { items: { add(file: unknown): void } }
      File: new (parts: Uint8Array[], name: string) => unknown
    }
    const dt = new page.DataTransfer()
    for (const f of list) dt.items.add(new page.File([Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0))], f.name))
    return dt
  }, files)
  const target = page.getByTestId('certificates-tab')
  await target.dispatchEvent('dragenter', { dataTransfer })
  await target.dispatchEvent('dragover', { dataTransfer })
  await target.dispatchEvent('drop', { dataTransfer })
}

test('drop a bundle anywhere on the tab, read the chain, and verify it: trusted for localhost, then a host mismatch', async ({ app }) => {
  // Dropping works from any section and brings Open & inspect forward.
  await app.getByRole('tab', { name: 'Generate' }).click()
  await dropFiles(app, ['bundle.pem'])
  await expect(app.getByRole('tab', { name: /Open & inspect/ })).toHaveAttribute('aria-selected', 'true')
  await expect(app.getByTestId('opened-count')).toHaveText('3 items')
  const list = app.getByTestId('opened-list')
  await expect(list.locator('.cert-row')).toHaveText([/localhost/, /E2E Intermediate CA/, /E2E Root CA/])
  await expect(app.getByTestId('detail-title')).toHaveText('localhost')
  await expect(app.getByTestId('subject')).toContainText('localhost')
  await expect(app.getByTestId('issuer')).toContainText('E2E Intermediate CA')
  await expect(app.getByTestId('ext-san')).toContainText('127.0.0.1')

  // The ASN.1 view: clicking a byte of the serial selects the INTEGER that holds it.
  await app.getByRole('radio', { name: 'ASN.1 & hex' }).click()
  await expect(app.getByTestId('asn1-tree')).toContainText('SEQUENCE')
  await app.getByTestId('asn1-hex').locator('[data-off="16"]').first().click()
  await expect(app.getByTestId('asn1-selection')).toContainText('INTEGER at byte 13')
  await expect(app.getByTestId('asn1-hex').locator('.hx-c').first()).toBeVisible()

  await app.getByRole('tab', { name: 'Verify' }).click()
  await expect(app.getByLabel('Leaf certificate')).toContainText('#1 localhost')
  await app.getByLabel('Trust #3 as a root').check()
  await app.getByLabel('Host name to check').fill('localhost')
  await app.getByRole('button', { name: 'Verify', exact: true }).click()
  const verdict = app.getByTestId('verify-verdict')
  await expect(verdict).toContainText('Trusted for localhost')
  const links = app.getByTestId('chain-link')
  await expect(links).toHaveCount(3)
  await expect(links.nth(0)).toContainText('CN=localhost')
  await expect(links.nth(1)).toContainText('CN=E2E Intermediate CA')
  await expect(links.nth(2)).toContainText('trust anchor')
  await expect(links.locator('.link-mark.mark-ok')).toHaveCount(3)

  await app.getByLabel('Host name to check').fill('wrong.example')
  await app.getByRole('button', { name: 'Verify', exact: true }).click()
  await expect(verdict).toContainText('Not trusted')
  await expect(verdict).toContainText('HOSTNAME_MISMATCH')
  await expect(links.nth(0)).toContainText('HOSTNAME_MISMATCH')
  await expect(links.nth(0).locator('.link-mark.mark-bad')).toHaveCount(1)

  // Without the root trusted, the chain ends at an untrusted self-signed root.
  await app.getByLabel('Trust #3 as a root').uncheck()
  await app.getByLabel('Host name to check').fill('localhost')
  await app.getByRole('button', { name: 'Verify', exact: true }).click()
  await expect(verdict).toContainText('Not trusted')
})

test('generate a self-signed certificate and see it inspected at once, then download it and its encrypted key', async ({ app }) => {
  await app.getByRole('tab', { name: 'Generate' }).click()
  await app.getByRole('radio', { name: 'Self-signed certificate' }).click()
  await app.getByLabel('Subject', { exact: true }).fill('CN=gen.wirebench.test, O=E2E')
  await app.getByLabel('Subject alternative names').fill('gen.wirebench.test, 10.1.2.3')
  await app.getByRole('button', { name: 'Generate', exact: true }).click()
  const generated = app.getByTestId('generated')
  await expect(generated.getByTestId('detail-title')).toHaveText('gen.wirebench.test')
  await expect(generated.getByTestId('subject')).toContainText('E2E')
  await expect(generated.getByTestId('ext-san')).toContainText('gen.wirebench.test')
  await expect(generated.getByTestId('ext-san')).toContainText('10.1.2.3')
  await expect(generated.getByTestId('fingerprint-sha256')).toContainText(/([0-9A-F]{2}:){31}[0-9A-F]{2}/)
  await expect(generated).toContainText('Connections tab')

  const pem = app.waitForEvent('download')
  await generated.getByRole('button', { name: 'gen.wirebench.test.pem' }).click()
  const pemFile = await pem
  expect(pemFile.suggestedFilename()).toBe('gen.wirebench.test.pem')
  expect(readFileSync(await pemFile.path(), 'utf8')).toContain('-----BEGIN CERTIFICATE-----')

  await generated.getByRole('button', { name: 'Export encrypted…' }).click()
  await generated.getByLabel('Export passphrase').fill('correct horse')
  await generated.getByLabel('Confirm passphrase').fill('correct horse')
  const key = app.waitForEvent('download')
  await generated.getByRole('button', { name: 'Download encrypted key' }).click()
  const keyText = readFileSync(await (await key).path(), 'utf8')
  expect(keyText).toContain('-----BEGIN ENCRYPTED PRIVATE KEY-----')
  await expect(generated.getByTestId('key-export-done')).toContainText('encrypted PKCS#8')

  // A PKCS#12 with the key and the certificate, which openssl opens with the password.
  await generated.getByRole('button', { name: 'PKCS#12 (.p12)…' }).click()
  await generated.getByLabel('PKCS#12 password', { exact: true }).fill('p12-secret')
  await generated.getByLabel('Confirm PKCS#12 password').fill('p12-secret')
  const p12 = app.waitForEvent('download')
  await generated.getByRole('button', { name: 'Download .p12' }).click()
  const p12File = await p12
  expect(p12File.suggestedFilename()).toBe('gen.wirebench.test.p12')
  const p12Text = execFileSync('openssl', ['pkcs12', '-in', await p12File.path(), '-passin', 'pass:p12-secret', '-nokeys'], { encoding: 'utf8' })
  expect(p12Text).toContain('subject=CN = gen.wirebench.test, O = E2E')

  // Saved by main instead: an absolute path, written encrypted with mode 0600.
  const keyPath = file('gen.key.pem')
  await generated.getByRole('button', { name: 'Save to a file…' }).click()
  await generated.getByLabel('Key file path').fill(keyPath)
  await generated.getByLabel('Export passphrase').fill('correct horse')
  await generated.getByLabel('Confirm passphrase').fill('correct horse')
  await generated.getByRole('button', { name: 'Write the encrypted key' }).click()
  await expect(generated.getByTestId('key-export-done')).toContainText(`${keyPath} with mode 0600`)
  expect(statSync(keyPath).mode & 0o777).toBe(0o600)
  expect(readFileSync(keyPath, 'utf8')).toContain('-----BEGIN ENCRYPTED PRIVATE KEY-----')

  // It is in the opened list too, with its key held by Wirebench.
  await app.getByRole('tab', { name: /Open & inspect/ }).click()
  await expect(app.getByTestId('opened-count')).toHaveText('1 item')
  await expect(app.getByTestId('detail-title')).toHaveText('gen.wirebench.test')
  await expect(app.getByTestId('cert-detail')).toContainText('private key held by Wirebench')
})

test('garbage reads as a clear error; a wrong PKCS#12 password says so, the right one opens it', async ({ app }) => {
  await app.getByTestId('file-input').setInputFiles(file('garbage.bin'))
  const notices = app.getByTestId('open-notices')
  await expect(notices).toContainText('garbage.bin could not be opened')
  await expect(notices.getByRole('alert')).toContainText('UNSUPPORTED_FORMAT')
  await expect(notices.getByRole('alert')).toContainText('This is not a certificate, key, CSR, CRL, PKCS#7 or PKCS#12 file')

  // Over 50 MiB: refused in the page, before anything is sent.
  writeFileSync(file('huge.pem'), '')
  truncateSync(file('huge.pem'), 51 * 1024 * 1024)
  await app.getByTestId('file-input').setInputFiles(file('huge.pem'))
  await expect(notices).toContainText('huge.pem could not be opened')
  await expect(notices).toContainText('TOO_LARGE')
  await expect(notices).toContainText('huge.pem is 51.0 MiB; Wirebench opens files of up to 50 MiB')

  await app.getByTestId('file-input').setInputFiles(file('leaf.p12'))
  await expect(app.getByText('leaf.p12 is protected by a password')).toBeVisible()
  await app.getByLabel('File password').fill('wrong')
  await app.getByRole('button', { name: 'Open', exact: true }).click()
  const prompt = app.getByRole('form', { name: 'Password for leaf.p12' })
  await expect(prompt.getByRole('alert')).toContainText('WRONG_PASSWORD')
  await expect(prompt.getByRole('alert')).toContainText('password is wrong')

  await app.getByLabel('File password').fill('right')
  await app.getByRole('button', { name: 'Open', exact: true }).click()
  await expect(prompt).toHaveCount(0)
  const list = app.getByTestId('opened-list')
  await expect(list).toContainText('localhost')
  await expect(list).toContainText('E2E Intermediate CA')
  await list.locator('.cert-row', { hasText: 'private key' }).click()
  await expect(app.getByTestId('key-matches')).toContainText('matches certificate')
  await expect(app.getByTestId('key-matches')).toContainText('localhost')
  // Key material never reaches the page.
  expect(await app.content()).not.toContain('PRIVATE KEY-----')
})

test('paste PEM text to open it', async ({ app }) => {
  await app.getByLabel('Paste PEM text').fill(`Here is the CA:\n${readFileSync(file('int.pem'), 'utf8')}`)
  await app.getByRole('button', { name: 'Open pasted text' }).click()
  await expect(app.getByTestId('detail-title')).toHaveText('E2E Intermediate CA')
  await expect(app.getByTestId('cert-detail')).toContainText('pasted text')
  await expect(app.getByTestId('cert-detail')).toContainText('CA certificate')
})

test('10,000 certificates in one bundle: the list stays virtual and reaches the last one quickly', async ({ app }) => {
  await app.getByTestId('file-input').setInputFiles(file('ten-thousand.pem'))
  const list = app.getByTestId('opened-list')
  await expect(list).toHaveAttribute('aria-rowcount', /\d+/, { timeout: 30_000 })
  await expect.poll(async () => Number(await list.getAttribute('aria-rowcount')), { timeout: 30_000 }).toBeGreaterThanOrEqual(10_000)
  expect(await list.locator('.vrow').count()).toBeLessThan(100)

  const started = Date.now()
  await list.evaluate((el) => {
    el.scrollTop = el.scrollHeight
  })
  await expect(list.getByText('#10000', { exact: true })).toBeVisible({ timeout: 2_000 })
  expect(Date.now() - started).toBeLessThan(2_000)
  expect(await list.locator('.vrow').count()).toBeLessThan(100)

  await list.getByText('#10000', { exact: true }).click()
  await expect(app.getByTestId('cert-detail')).toContainText('Certificate #10000')
  // The 10,000th is the leaf again (blocks repeat leaf, intermediate, root).
  await expect(app.getByTestId('detail-title')).toHaveText('localhost')
  // Filtering 10,000 rows is immediate too: subject or issuer "E2E Root" is the root and the intermediate it issued.
  await app.getByLabel('Filter opened items').fill('E2E Root')
  await expect(app.getByTestId('opened-count')).toHaveText('6,666 of 10,000 items')
})

test('from a server: the chain exactly as sent, its findings, and the verdict as a chain', async ({ app }) => {
  const read = (f: string) => readFileSync(file(f), 'utf8')
  // The server sends leaf, intermediate and (needlessly) the root.
  const server = tls.createServer({ key: read('leaf.key'), cert: read('leaf.pem') + read('int.pem') + read('root.pem') }, (socket) => socket.end())
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  try {
    await app.getByRole('tab', { name: 'From a server' }).click()
    await app.getByLabel('Server host').fill('127.0.0.1')
    await app.getByLabel('Server port').fill(String(port))
    await app.getByLabel('Server SNI').fill('localhost')
    await app.getByRole('button', { name: 'Fetch chain' }).click()
    const chain = app.getByTestId('server-chain')
    await expect(chain).toContainText('TLSv1.3')
    await expect(chain.getByTestId('sent-cert')).toHaveCount(3)
    await expect(chain.getByTestId('sent-cert').nth(2)).toContainText('ROOT_SENT')
    await expect(app.getByTestId('verify-verdict')).toContainText('Not trusted')
    await expect(app.getByTestId('chain-link')).toHaveCount(3)

    await chain.getByTestId('sent-cert').nth(0).getByRole('button', { name: 'Add & inspect' }).click()
    await expect(app.getByRole('tab', { name: /Open & inspect/ })).toHaveAttribute('aria-selected', 'true')
    await expect(app.getByTestId('detail-title')).toHaveText('localhost')
  } finally {
    server.close()
  }
})

test('from a server that forgets its intermediate: fetch it from the AIA URL and verify the completed chain', async ({ app }) => {
  // The intermediate is served over plain HTTP, as CAs serve AIA "CA issuers" certificates.
  const intDer = execFileSync('openssl', ['x509', '-in', file('int.pem'), '-outform', 'DER'])
  const web = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/pkix-cert' }).end(intDer))
  await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve))
  const webPort = (web.address() as { port: number }).port
  writeFileSync(
    file('aia.ext'),
    `basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost\nauthorityKeyIdentifier=keyid\nauthorityInfoAccess=caIssuers;URI:http://127.0.0.1:${webPort}/int.cer\n`
  )
  openssl('x509', '-req', '-in', 'leaf.csr', '-CA', 'int.pem', '-CAkey', 'int.key', '-CAcreateserial', '-out', 'aia-leaf.pem', '-days', '30', '-extfile', 'aia.ext')
  const server = tls.createServer({ key: readFileSync(file('leaf.key')), cert: readFileSync(file('aia-leaf.pem')) }, (socket) => socket.end())
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  try {
    await app.getByRole('tab', { name: 'From a server' }).click()
    await app.getByLabel('Server host').fill('127.0.0.1')
    await app.getByLabel('Server port').fill(String(port))
    await app.getByLabel('Server SNI').fill('localhost')
    await app.getByRole('button', { name: 'Fetch chain' }).click()
    await expect(app.getByTestId('server-chain').getByTestId('sent-cert')).toHaveCount(1)
    await expect(app.getByTestId('verify-verdict')).toContainText('Not trusted')
    await expect(app.getByTestId('chain-missing')).toContainText('E2E Intermediate CA')
    await app.getByRole('button', { name: 'Fetch missing intermediate' }).click()
    await expect(app.getByTestId('fetch-issuer-done')).toContainText(`(E2E Intermediate CA) from http://127.0.0.1:${webPort}/int.cer`)
    await expect(app.getByRole('tab', { name: /Open & inspect/ })).toContainText('1')

    await app.getByRole('button', { name: 'Verify the completed chain' }).click()
    await expect(app.getByRole('tab', { name: 'Verify' })).toHaveAttribute('aria-selected', 'true')
    await expect(app.getByLabel('Leaf certificate')).toContainText('localhost')
    // Verified at once: the leaf and the fetched intermediate; the E2E root is in no trust store, so the chain still stops there.
    const links = app.getByTestId('chain-link')
    await expect(links).toHaveCount(2)
    await expect(links.nth(1)).toContainText('CN=E2E Intermediate CA')
    await expect(app.getByTestId('verify-verdict')).toContainText('Not trusted')
  } finally {
    server.close()
    web.close()
  }
})

/** The screen in both themes under /tmp/shots, for a person to look at (issue 9 asks for it). */
async function shoot(app: Page, name: string): Promise<void> {
  mkdirSync('/tmp/shots', { recursive: true })
  for (const colorScheme of ['light', 'dark'] as const) {
    await app.emulateMedia({ colorScheme })
    await app.screenshot({ path: `/tmp/shots/w5-certificates-${name}-${colorScheme}.png` })
  }
  await app.emulateMedia({ colorScheme: 'light' })
}

test('the same certificate opened twice is listed once and named as already open', async ({ app }) => {
  await app.getByTestId('file-input').setInputFiles(file('bundle.pem'))
  await expect(app.getByTestId('opened-count')).toHaveText('3 items')
  await app.getByTestId('file-input').setInputFiles(file('leaf.pem'))
  await expect(app.getByTestId('already-open')).toContainText('Already open, not listed again: #1 localhost')
  await expect(app.getByTestId('opened-count')).toHaveText('3 items')
  await expect(app.getByTestId('detail-title')).toHaveText('localhost')
  // A file with one new certificate beside a known one adds only the new one.
  openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'other.key', '-out', 'other.pem', '-days', '30', '-subj', '/CN=other.wirebench.test')
  writeFileSync(file('int-and-other.pem'), readFileSync(file('int.pem'), 'utf8') + readFileSync(file('other.pem'), 'utf8'))
  await app.getByTestId('file-input').setInputFiles(file('int-and-other.pem'))
  await expect(app.getByTestId('already-open')).toHaveText(/Already open, not listed again: #2 E2E Intermediate CA\.\s*×?$/)
  await expect(app.getByTestId('opened-count')).toHaveText('4 items')
  await expect(app.getByTestId('opened-list').locator('.cert-row').nth(3)).toContainText('other.wirebench.test')
  await shoot(app, 'already-open')
})

test('lint names what RFC 5280 requires: Key Usage on a CA, a Common Name of at most 64 characters', async ({ app }) => {
  // openssl's v3_ca section gives CA:TRUE and no Key Usage.
  openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'noku.key', '-out', 'noku.pem', '-days', '30', '-subj', '/CN=No Key Usage CA',
    '-addext', 'basicConstraints=critical,CA:TRUE')
  await app.getByTestId('file-input').setInputFiles(file('noku.pem'))
  await expect(app.getByTestId('detail-title')).toHaveText('No Key Usage CA')
  const lint = app.getByTestId('lint')
  await expect(lint).toContainText('A CA certificate without Key Usage')
  await expect(lint).toContainText('RFC 5280 §4.2.1.3')
  await lint.scrollIntoViewIfNeeded()
  await shoot(app, 'lint-ca-without-key-usage')

  const longCn = `${'a'.repeat(61)}.test`
  await app.getByRole('tab', { name: 'Generate' }).click()
  await app.getByRole('radio', { name: 'Self-signed certificate' }).click()
  await app.getByLabel('Subject', { exact: true }).fill(`CN=${longCn}`)
  await app.getByLabel('Subject alternative names').fill(longCn)
  await app.getByRole('button', { name: 'Generate', exact: true }).click()
  const generatedLint = app.getByTestId('generated').getByTestId('lint')
  await expect(generatedLint).toContainText('The Common Name is 66 characters long; RFC 5280 allows at most 64')
  await generatedLint.scrollIntoViewIfNeeded()
  await shoot(app, 'lint-long-cn')
})

test('the SAN field splits on commas, and says why a spaced name or 300.1.1.1 is refused', async ({ app }) => {
  await app.getByRole('tab', { name: 'Generate' }).click()
  await app.getByRole('radio', { name: 'Self-signed certificate' }).click()
  await app.getByLabel('Subject', { exact: true }).fill('CN=san.wirebench.test')
  const sans = app.getByLabel('Subject alternative names')
  await sans.fill('san.wirebench.test, www san.wirebench.test')
  await app.getByRole('button', { name: 'Generate', exact: true }).click()
  await expect(app.getByRole('alert')).toContainText('"www san.wirebench.test" contains a space, and a name cannot: separate several names with commas')
  await sans.fill('san.wirebench.test, 300.1.1.1')
  await app.getByRole('button', { name: 'Generate', exact: true }).click()
  await expect(app.getByRole('alert')).toContainText('"300.1.1.1" looks like an IPv4 address but is not one (300 is over 255)')
  await shoot(app, 'san-refused')
  await sans.fill('san.wirebench.test,www.san.wirebench.test , 10.0.0.1')
  await app.getByRole('button', { name: 'Generate', exact: true }).click()
  const san = app.getByTestId('generated').getByTestId('ext-san')
  await expect(san).toContainText('www.san.wirebench.test')
  await expect(san).toContainText('10.0.0.1')
})

test('Clear all offers to forget the vault keys too, and then they are gone', async ({ app }) => {
  await app.getByRole('tab', { name: 'Generate' }).click()
  await app.getByRole('radio', { name: 'Self-signed certificate' }).click()
  await app.getByLabel('Subject', { exact: true }).fill('CN=first.wirebench.test')
  await app.getByLabel('Subject alternative names').fill('first.wirebench.test')
  await app.getByRole('button', { name: 'Generate', exact: true }).click()
  await expect(app.getByTestId('generated').getByTestId('detail-title')).toHaveText('first.wirebench.test')

  await app.getByRole('tab', { name: /Open & inspect/ }).click()
  await app.getByRole('button', { name: 'Clear all', exact: true }).click()
  const confirm = app.getByTestId('clear-all-confirm')
  await expect(confirm).toContainText('forget the 1 private key Wirebench holds')
  await shoot(app, 'clear-all')
  await confirm.getByRole('button', { name: 'Clear all and forget the key' }).click()
  await expect(app.getByTestId('drop-hint')).toContainText('Drop a certificate')

  // A new key: the confirmation counts one, so the first is no longer held.
  await app.getByRole('tab', { name: 'Generate' }).click()
  await app.getByLabel('Subject', { exact: true }).fill('CN=second.wirebench.test')
  await app.getByLabel('Subject alternative names').fill('second.wirebench.test')
  await app.getByRole('button', { name: 'Generate', exact: true }).click()
  await expect(app.getByTestId('generated').getByTestId('detail-title')).toHaveText('second.wirebench.test')
  await app.getByRole('tab', { name: /Open & inspect/ }).click()
  await app.getByRole('button', { name: 'Clear all', exact: true }).click()
  await expect(app.getByTestId('clear-all-confirm')).toContainText('forget the 1 private key')
  await app.getByRole('button', { name: 'Clear the list, keep the keys' }).click()
  await expect(app.getByTestId('drop-hint')).toBeVisible()
})

test('the ASN.1 pane shows a long value whole: the signature, not a preview', async ({ app }) => {
  await app.getByTestId('file-input').setInputFiles(file('root.pem'))
  await expect(app.getByTestId('detail-title')).toHaveText('E2E Root CA')
  await app.getByRole('radio', { name: 'ASN.1 & hex' }).click()
  const der = Buffer.from(readFileSync(file('root.pem'), 'utf8').replace(/-----[^-]+-----|\s/g, ''), 'base64')
  // The last byte is the end of the ECDSA signature's s, an INTEGER of 32 or 33 bytes: the dissector's preview
  // stopped after 24 of them; the pane now shows it to its last digit.
  await app.getByTestId('asn1-hex').locator(`[data-off="${der.length - 1}"]`).first().click()
  const selection = app.getByTestId('asn1-selection')
  await expect(selection).toContainText('INTEGER')
  await expect(selection).toContainText(new RegExp(`0x[0-9A-F]{40,}${der.subarray(der.length - 8).toString('hex')}`, 'i'))
  await expect(selection).not.toContainText('…')
  await shoot(app, 'asn1-whole-value')
})
