// Every screen of the built tabs, in light and dark theme, meets WCAG AA contrast (4.5:1, 3:1 for large text) for
// every visible text against its real background, and typed values are not styled like placeholders.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import tls from 'node:tls'
import type { Page } from '@playwright/test'
import { auditContrast } from './contrast-audit'
import { freeDnsPort, startKnot } from '../src/main/testing/knot'
import { EVERY_TYPE_ORIGIN, EVERY_TYPE_ZONE } from '../src/main/testing/dns-zones'
import { startHierarchy } from '../src/main/testing/dns-hierarchy'
import { startNginx } from '../src/main/testing/nginx'
import { test, expect } from './fixtures'
import { crlf, paneById, sendFromUi } from './http-response-drive'

/** Starts an upper-case TLS server in Connections and connects a TLS client to it; returns the port. */
async function serverAndClient(app: Page): Promise<string> {
  await app.getByRole('radio', { name: 'Server' }).click()
  await app.getByLabel('Behaviour').selectOption('upper')
  await app.getByText('TLS', { exact: true }).click()
  await app.locator('summary', { hasText: /^Defences/ }).click()
  await app.getByRole('button', { name: 'Start server' }).click()
  const port = /:(\d+)/.exec((await app.getByTestId('server-listen').textContent()) ?? '')![1]!
  await app.getByRole('radio', { name: 'Client', exact: true }).click()
  await app.getByLabel('Host').fill('localhost')
  await app.getByLabel('Port', { exact: true }).fill(port)
  await app.getByText('TLS', { exact: true }).click()
  await app.getByLabel('Verify certificate').uncheck()
  await app.locator('summary', { hasText: /mTLS/ }).click()
  await app.getByRole('button', { name: 'Connect', exact: true }).click()
  await expect(app.getByTestId('tls-summary')).toContainText('TLSv1.3')
  for (const line of ['hello, server', 'tabs\tand \x01 control bytes']) {
    await app.getByLabel('Data to send').fill(line)
    await app.getByLabel('Data to send').press('Enter')
  }
  await expect(app.getByTestId('transcript-text').locator('.t-in-row').first()).toContainText('HELLO, SERVER')
  return port
}

test('Connections: forms, TLS and Defences open, a client and a server with traffic, errors — both themes', async ({ app }) => {
  test.setTimeout(90_000)
  const misses: string[] = []
  misses.push(...(await auditContrast(app, 'Connections client form')))
  const port = await serverAndClient(app)
  misses.push(...(await auditContrast(app, 'Connections client with TLS, mTLS open, transcript')))
  await app.getByRole('radio', { name: 'Hex' }).first().click()
  misses.push(...(await auditContrast(app, 'Connections client hex transcript')))
  await app.getByRole('radio', { name: 'Server' }).click()
  misses.push(...(await auditContrast(app, 'Connections server form, TLS and Defences open')))
  await app.getByRole('button', { name: new RegExp(`^TLS upper on 127\\.0\\.0\\.1:${port}`) }).click()
  await app.locator('.table-row').first().click()
  misses.push(...(await auditContrast(app, 'Connections server with a client selected')))
  await app.getByRole('radio', { name: 'Client', exact: true }).click()
  await app.getByLabel('Port', { exact: true }).fill('70000')
  await app.getByRole('button', { name: 'Connect', exact: true }).click()
  await expect(app.getByRole('alert').filter({ hasText: 'A port is a whole number' })).toBeVisible()
  misses.push(...(await auditContrast(app, 'Connections client error')))
  await app.getByRole('radio', { name: 'UDP' }).click()
  misses.push(...(await auditContrast(app, 'Connections UDP form')))
  expect(misses, misses.join('\n')).toEqual([])
})

test('Subnets: every section with results — both themes', async ({ app }) => {
  test.setTimeout(60_000)
  const misses: string[] = []
  await app.getByRole('tab', { name: 'Subnets' }).click()
  await app.getByLabel('Address or network').fill('2001:db8:cafe:17::42/56')
  await expect(app.getByTestId('calc-count')).toBeVisible()
  misses.push(...(await auditContrast(app, 'Subnets calculator IPv6')))
  await app.getByLabel('Address or network').fill('172.16.5.77/20')
  await expect(app.getByTestId('calc-network')).toHaveText('172.16.0.0/20')
  misses.push(...(await auditContrast(app, 'Subnets calculator IPv4')))
  await app.getByLabel('Address or network').fill('10.01.0.0')
  await expect(app.getByTestId('calc-error')).toBeVisible()
  misses.push(...(await auditContrast(app, 'Subnets calculator error')))
  await app.getByRole('tab', { name: 'Split & merge' }).click()
  await app.getByLabel('Network to split').fill('10.99.0.0/16')
  await app.getByLabel('Split value').fill('24')
  await expect(app.getByTestId('split-summary')).toBeVisible()
  misses.push(...(await auditContrast(app, 'Subnets split & merge')))
  await app.getByRole('tab', { name: 'Ports' }).click()
  await app.getByLabel('Port or service').fill('443')
  await expect(app.getByTestId('port-answer')).toBeVisible()
  misses.push(...(await auditContrast(app, 'Subnets ports')))
  await app.getByRole('tab', { name: 'This machine' }).click()
  await expect(app.getByTestId('interfaces')).toContainText('127.0.0.1/8')
  misses.push(...(await auditContrast(app, 'Subnets this machine')))
  expect(misses, misses.join('\n')).toEqual([])
})

test('Certificates: a generated lab, an opened certificate in every view, verify, from a server — both themes', async ({ app }) => {
  test.setTimeout(120_000)
  const misses: string[] = []
  await app.getByRole('tab', { name: 'Certificates' }).click()
  misses.push(...(await auditContrast(app, 'Certificates open (empty)')))
  await app.getByRole('tab', { name: 'Generate' }).click()
  await app.getByRole('radio', { name: 'Local lab PKI' }).click()
  await app.getByLabel('Subject', { exact: true }).fill('CN=localhost')
  await app.getByLabel('Subject alternative names').fill('localhost, 127.0.0.1')
  misses.push(...(await auditContrast(app, 'Certificates generate form')))
  await app.getByRole('button', { name: 'Generate', exact: true }).click()
  await expect(app.getByTestId('generated')).toBeVisible()
  misses.push(...(await auditContrast(app, 'Certificates generated lab')))
  await app.getByRole('tab', { name: /Open & inspect/ }).click()
  await expect(app.getByTestId('detail-title')).toBeVisible()
  misses.push(...(await auditContrast(app, 'Certificates inspect fields')))
  await app.getByRole('radio', { name: 'ASN.1 & hex' }).click()
  await expect(app.locator('.bt-row').first()).toBeVisible()
  await app.locator('.bt-row').nth(2).click()
  misses.push(...(await auditContrast(app, 'Certificates ASN.1 & hex')))
  await app.getByRole('radio', { name: 'PEM', exact: true }).click()
  misses.push(...(await auditContrast(app, 'Certificates PEM')))
  await app.getByRole('tab', { name: 'Verify', exact: true }).click()
  await app.getByRole('button', { name: 'Verify', exact: true }).click()
  await expect(app.getByTestId('verify-verdict')).toBeVisible()
  misses.push(...(await auditContrast(app, 'Certificates verify, not trusted')))
  await app.getByRole('checkbox', { name: 'Trust #1 as a root' }).check()
  await app.getByRole('button', { name: 'Verify', exact: true }).click()
  misses.push(...(await auditContrast(app, 'Certificates verify, trusted root')))
  await app.getByRole('tab', { name: 'From a server' }).click()
  misses.push(...(await auditContrast(app, 'Certificates from a server (form)')))
  // A loopback TLS server with a throwaway self-signed certificate: the chain view with its findings and verdict.
  const dir = mkdtempSync(join(tmpdir(), 'wirebench-contrast-'))
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', '/CN=localhost', '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem'), '-days', '2'], { stdio: 'ignore' })
  const server = tls.createServer({ key: readFileSync(join(dir, 'k.pem')), cert: readFileSync(join(dir, 'c.pem')) }, (socket) => socket.end())
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  try {
    await app.getByLabel('Server host').fill('127.0.0.1')
    await app.getByLabel('Server port').fill(String((server.address() as { port: number }).port))
    await app.getByLabel('Server SNI').fill('localhost')
    await app.getByRole('button', { name: 'Fetch chain' }).click()
    await expect(app.getByTestId('server-chain')).toContainText('TLSv1.3')
    await expect(app.getByTestId('verify-verdict')).toBeVisible()
    misses.push(...(await auditContrast(app, 'Certificates from a server, fetched chain')))
    // The TLS scan of the same server: grade card, matrix colours, features, findings with their fix blocks.
    await app.getByRole('button', { name: 'Scan TLS' }).click()
    await expect(app.getByTestId('scan-grade')).toBeVisible({ timeout: 30_000 })
    misses.push(...(await auditContrast(app, 'Certificates from a server, TLS scan')))
  } finally {
    server.close()
    rmSync(dir, { recursive: true, force: true })
  }
  expect(misses, misses.join('\n')).toEqual([])
})

test('DNS: an answer with its packet, compare, a bad name, trace, a bogus chain, insights, this machine, decode — both themes', async ({ app }) => {
  test.setTimeout(120_000)
  const misses: string[] = []
  const [p1, p2] = [await freeDnsPort(), await freeDnsPort()]
  const zone = { origin: EVERY_TYPE_ORIGIN, text: EVERY_TYPE_ZONE }
  const [knot, knot2, hierarchy] = await Promise.all([
    startKnot({ zones: [zone], port: p1 }),
    startKnot({ zones: [{ ...zone, text: EVERY_TYPE_ZONE.replace('192.0.2.25', '192.0.2.26') }], port: p2 }),
    startHierarchy({ base: '127.0.55', signed: true, broken: 'domain-rrsig' })
  ])
  try {
    await app.getByRole('tab', { name: 'DNS', exact: true }).click()
    misses.push(...(await auditContrast(app, 'DNS query (empty)')))
    await app.getByLabel('Name', { exact: true }).fill(`mail.${EVERY_TYPE_ORIGIN}`)
    await app.getByLabel('Resolvers').fill(`127.0.0.1:${p1}`)
    await app.locator('summary', { hasText: 'Query options' }).click()
    await app.getByRole('button', { name: 'Ask', exact: true }).click()
    await expect(app.getByTestId('dns-answer')).toContainText('192.0.2.25')
    await app.getByTestId('dns-answer').getByRole('button', { name: '192.0.2.25' }).click()
    misses.push(...(await auditContrast(app, 'DNS answer with options open and a record selected')))
    await app.getByLabel('Type AAAA').check()
    await app.getByLabel('Resolvers').fill(`127.0.0.1:${p1}, 127.0.0.1:${p2}`)
    await app.getByRole('button', { name: 'Ask', exact: true }).click()
    await expect(app.getByTestId('dns-compare')).toContainText('192.0.2.26')
    misses.push(...(await auditContrast(app, 'DNS compare resolvers')))
    await app.getByLabel('Name', { exact: true }).fill(`${'a'.repeat(64)}.test`)
    await app.getByRole('button', { name: 'Ask', exact: true }).click()
    await expect(app.getByTestId('dns-query-error')).toBeVisible()
    misses.push(...(await auditContrast(app, 'DNS bad name')))
    await app.getByRole('tab', { name: 'Trace' }).click()
    await app.getByLabel('Trace name').fill('host.example.test')
    await app.locator('summary', { hasText: 'Root hints and port' }).click()
    await app.getByLabel('Trace root hints').fill(hierarchy.rootHints)
    await app.getByRole('button', { name: 'Trace', exact: true }).click()
    await expect(app.getByTestId('trace-result')).toBeVisible({ timeout: 20_000 })
    misses.push(...(await auditContrast(app, 'DNS trace')))
    await app.getByRole('tab', { name: 'Chain of trust' }).click()
    await app.getByLabel('DNSSEC name').fill('www.example.test')
    await app.getByLabel('DNSSEC type').fill('CNAME')
    await app.locator('summary', { hasText: 'Root hints and port' }).click()
    await app.getByLabel('DNSSEC root hints').fill(hierarchy.rootHints)
    await app.getByLabel('Trust anchor').fill(hierarchy.trustAnchor ?? '')
    await app.getByRole('button', { name: 'Validate', exact: true }).click()
    await expect(app.getByTestId('dnssec-result')).toBeVisible({ timeout: 20_000 })
    misses.push(...(await auditContrast(app, 'DNS chain of trust, bogus')))
    await app.getByRole('tab', { name: 'Insights' }).click()
    await app.getByLabel('Insights domain').fill(EVERY_TYPE_ORIGIN)
    await app.getByLabel('Insights resolver').fill(`127.0.0.1:${p1}`)
    await app.getByRole('button', { name: 'Read the records' }).click()
    await expect(app.getByTestId('insights-result')).toBeVisible({ timeout: 20_000 })
    misses.push(...(await auditContrast(app, 'DNS insights')))
    await app.getByRole('tab', { name: 'This machine' }).click()
    await expect(app.getByTestId('hosts-file')).toContainText('localhost')
    misses.push(...(await auditContrast(app, 'DNS this machine')))
    await app.getByRole('tab', { name: 'Decode hex' }).click()
    await app.getByLabel('Message hex').fill('12 34 01 00 00 01 00 00 00 00 00 00 07 65 78 61 6d 70 6c 65 03 63 6f 6d 00 00 01 00 01')
    await app.getByRole('button', { name: 'Decode', exact: true }).click()
    await expect(app.getByTestId('decode-result')).toBeVisible()
    misses.push(...(await auditContrast(app, 'DNS decode')))
  } finally {
    await Promise.all([knot.stop(), knot2.stop(), hierarchy.stop()])
  }
  expect(misses, misses.join('\n')).toEqual([])
})

test('HTTP JWT and WebSocket sections: a decoded token, verify and sign answers, a WebSocket open and closed — both themes', async ({ app }) => {
  test.setTimeout(90_000)
  const misses: string[] = []
  await app.getByRole('tab', { name: 'HTTP', exact: true }).click()
  await app.getByRole('tab', { name: 'JWT', exact: true }).click()
  misses.push(...(await auditContrast(app, 'HTTP JWT (empty)')))
  await app.getByRole('button', { name: /Example: RFC 7519/ }).click()
  await app.getByTestId('jwt-claims').getByRole('button', { name: 'exp' }).click()
  await app.getByRole('button', { name: 'Verify', exact: true }).click()
  await expect(app.getByTestId('jwt-verdict')).toContainText('Invalid')
  misses.push(...(await auditContrast(app, 'HTTP JWT decoded and refused')))
  await app.getByRole('button', { name: 'Example: alg none' }).click()
  await app.getByLabel('Signing key', { exact: true }).fill('a-test-secret-that-is-32-bytes-long!')
  await app.getByRole('button', { name: 'Sign', exact: true }).click()
  await expect(app.getByTestId('jwt-signed')).toBeVisible()
  misses.push(...(await auditContrast(app, 'HTTP JWT alg none and a signed token')))
  const { WebSocketServer } = await import('ws')
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 })
  await new Promise<void>((r) => wss.once('listening', () => r()))
  wss.on('connection', (s) => s.on('message', (d, binary) => s.send(d, { binary })))
  try {
    await app.getByRole('tab', { name: 'WebSocket', exact: true }).click()
    misses.push(...(await auditContrast(app, 'HTTP WebSocket form')))
    await app.getByLabel('WebSocket URL').fill(`ws://127.0.0.1:${(wss.address() as { port: number }).port}/`)
    await app.getByRole('button', { name: 'Connect', exact: true }).click()
    await expect(app.getByTestId('ws-accept')).toBeVisible()
    await app.getByLabel('Message to send').fill('hello')
    await app.getByRole('button', { name: 'Send text' }).click()
    await app.getByTestId('ws-frame-list').locator('.ws-frame.received').first().click()
    await expect(app.getByTestId('ws-frame-detail')).toBeVisible()
    misses.push(...(await auditContrast(app, 'HTTP WebSocket open with a frame picked')))
    await app.getByRole('button', { name: 'Close', exact: true }).click()
    await expect(app.getByTestId('ws-closed')).toBeVisible()
    misses.push(...(await auditContrast(app, 'HTTP WebSocket closed')))
  } finally {
    for (const c of wss.clients) c.terminate()
    await new Promise((r) => wss.close(r))
  }
  expect(misses, misses.join('\n')).toEqual([])
})

test('HTTP response panes: parsed, raw, hex, request, cookies, timings with repeat, TLS, HTTP/2, findings — both themes', async ({ app }) => {
  test.setTimeout(120_000)
  const misses: string[] = []
  const nginx = await startNginx({ bigFileMiB: 1 })
  try {
    const get = (path: string): string => crlf(`GET ${path} HTTP/1.1`, 'Host: alpha.test', 'Accept-Encoding: gzip')
    await sendFromUi(app, { url: `http://alpha.test:${nginx.httpPort}/cookie`, address: '127.0.0.1', raw: get('/cookie'), storeCookies: true })
    for (const [id, name] of [['parsed', 'Parsed'], ['raw', 'Raw'], ['hex', 'Hex'], ['request', 'Request'], ['cookies', 'Cookies (2)'], ['findings', 'Findings']] as const) {
      await paneById(app, id)
      await expect(app.locator(`#resp-tab-${id}`)).toHaveAttribute('aria-selected', 'true')
      if (id === 'hex') await expect(app.getByTestId('http-resp-hex-tree')).toBeVisible()
      misses.push(...(await auditContrast(app, `HTTP response ${name}`)))
    }
    await app.getByRole('checkbox', { name: 'Repeat', exact: true }).check()
    await app.getByLabel('Repeat times').fill('5')
    await sendFromUi(app, { url: `https://alpha.test:${nginx.httpsPort}/text.txt`, address: '127.0.0.1', caPem: nginx.caPem, raw: get('/text.txt') })
    await app.getByRole('checkbox', { name: 'Repeat', exact: true }).uncheck()
    await paneById(app, 'timings')
    await expect(app.getByTestId('http-resp-repeat')).toBeVisible()
    misses.push(...(await auditContrast(app, 'HTTP response timings with repeat')))
    await paneById(app, 'tls')
    await expect(app.getByTestId('http-resp-chain')).toBeVisible()
    misses.push(...(await auditContrast(app, 'HTTP response TLS')))
    await paneById(app, 'parsed')
    misses.push(...(await auditContrast(app, 'HTTP response gzip decoded')))
    await sendFromUi(app, { url: `https://alpha.test:${nginx.httpsPort}/`, address: '127.0.0.1', caPem: nginx.caPem, protocol: 'HTTP/2', raw: get('/') })
    await paneById(app, 'http2')
    await app.getByTestId('http-resp-h2-frames').locator('.resp-h2-row.received', { hasText: 'HEADERS' }).first().click()
    await expect(app.getByTestId('http-resp-hpack')).toBeVisible()
    misses.push(...(await auditContrast(app, 'HTTP response HTTP/2 frames and HPACK')))
  } finally {
    await nginx.stop()
  }
  expect(misses, misses.join('\n')).toEqual([])
})

/** WCAG relative luminance of a computed "rgb(r, g, b)" colour. */
function luminance(css: string): number {
  const [r, g, b] = (css.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => {
    const s = Number(v) / 255
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
  })
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!
}

test('a typed value is full-contrast text, its placeholder visibly lighter, under a muted label — both themes', async ({ app }) => {
  await app.getByRole('tab', { name: 'Certificates' }).click()
  await app.getByRole('tab', { name: 'From a server' }).click()
  await app.getByLabel('Server host').fill('127.0.0.1')
  for (const scheme of ['light', 'dark'] as const) {
    await app.emulateMedia({ colorScheme: scheme })
    const typed = await app.getByLabel('Server host').evaluate((el) => {
      const view = el.ownerDocument.defaultView!
      return { value: view.getComputedStyle(el).color, label: view.getComputedStyle(el.closest('label') ?? el).color, text: view.getComputedStyle(el.ownerDocument.body).color }
    })
    const empty = await app.getByLabel('Server SNI').evaluate((el) => {
      const view = el.ownerDocument.defaultView!
      return { value: view.getComputedStyle(el).color, placeholder: view.getComputedStyle(el, '::placeholder').color, background: view.getComputedStyle(el).backgroundColor }
    })
    expect(typed.label, `${scheme}: the label is muted`).not.toBe(typed.text)
    expect(typed.value, `${scheme}: the typed value has the text colour, not the label's`).toBe(typed.text)
    expect(empty.placeholder, `${scheme}: the placeholder differs from a value`).not.toBe(empty.value)
    // "Lighter" means closer to the field's background than a value is, in either theme.
    const bg = luminance(empty.background)
    expect(Math.abs(luminance(empty.placeholder) - bg), `${scheme}: placeholder nearer the background`).toBeLessThan(Math.abs(luminance(empty.value) - bg))
  }
})

test('HTTP request side: target bar with TLS off-verify and repeat, raw with a bare LF, structured approximation and auth, an answer, curl, history, jar — both themes', async ({ app }) => {
  test.setTimeout(90_000)
  const misses: string[] = []
  const nginx = await startNginx({ bigFileMiB: 0.01 })
  try {
    await app.getByRole('tab', { name: 'HTTP', exact: true }).click()
    await app.getByLabel('URL', { exact: true }).fill(`http://alpha.test:${nginx.httpPort}/cookie`)
    await app.getByLabel('Connect to address').fill('127.0.0.1')
    await app.getByRole('checkbox', { name: 'Store cookies in the jar' }).check()
    misses.push(...(await auditContrast(app, 'HTTP request form')))
    await app.getByRole('button', { name: 'Send', exact: true }).click()
    await expect(app.getByTestId('http-response')).toContainText('200', { timeout: 15_000 })
    misses.push(...(await auditContrast(app, 'HTTP request with an answer')))
    await app.locator('summary', { hasText: /^curl:/ }).click()
    await app.getByRole('button', { name: 'Copy as curl' }).click()
    await app.getByLabel('curl command to import').fill("curl -u me:pw -L --compressed http://alpha.test/")
    await app.getByRole('button', { name: 'Import curl' }).click()
    await expect(app.getByTestId('http-import-findings')).toBeVisible()
    misses.push(...(await auditContrast(app, 'HTTP curl copy and import with findings')))
    await app.getByLabel('Raw request').fill('GET / HTTP/1.1\nHost: a␍\nContent-Length: 3␍\n␍\n')
    await expect(app.getByTestId('http-bare-lf')).toBeVisible()
    misses.push(...(await auditContrast(app, 'HTTP raw editor with a bare LF and a Content-Length mismatch')))
    await app.getByRole('radio', { name: 'Structured', exact: true }).click()
    await expect(app.getByTestId('http-approx')).toBeVisible()
    misses.push(...(await auditContrast(app, 'HTTP structured approximation')))
    await app.getByRole('button', { name: /^Normalise/ }).click()
    await app.locator('summary', { hasText: 'Authorization helper' }).click()
    await app.getByLabel('Basic user').fill('user:colon')
    await app.getByRole('button', { name: 'Set Authorization' }).click()
    misses.push(...(await auditContrast(app, 'HTTP structured with the auth helper and an error')))
    await app.getByRole('checkbox', { name: 'TLS', exact: true }).check()
    await app.getByRole('checkbox', { name: 'Verify the certificate' }).uncheck()
    await app.getByRole('checkbox', { name: 'Repeat', exact: true }).check()
    await expect(app.getByTestId('http-verify-off')).toBeVisible()
    misses.push(...(await auditContrast(app, 'HTTP TLS with verification off, repeat on')))
    await app.getByRole('tablist', { name: 'HTTP sections' }).getByRole('tab', { name: 'History' }).click()
    await expect(app.getByTestId('http-history')).toContainText('GET /cookie')
    misses.push(...(await auditContrast(app, 'HTTP history')))
    await app.getByRole('tablist', { name: 'HTTP sections' }).getByRole('tab', { name: 'Cookies' }).click()
    await expect(app.getByTestId('http-jar')).toContainText('session=s3cr3t')
    misses.push(...(await auditContrast(app, 'HTTP cookie jar')))
  } finally {
    await nginx.stop()
  }
  expect(misses, misses.join('\n')).toEqual([])
})

test('Walkthrough: the form with verification off, a walked request at its ClientHello, a calculation, TLS 1.2 vs 1.3 — both themes', async ({ app }) => {
  test.setTimeout(120_000)
  const misses: string[] = []
  const nginx = await startNginx({ bigFileMiB: 0.01 })
  try {
    await app.getByRole('tab', { name: 'Walkthrough', exact: true }).click()
    await app.getByLabel('URL to walk').fill(`https://alpha.test:${nginx.httpsPort}/`)
    await app.getByLabel('Connect to address').fill('127.0.0.1')
    await app.getByRole('checkbox', { name: 'Verify the certificate' }).uncheck()
    await expect(app.getByTestId('walk-verify-off')).toBeVisible()
    misses.push(...(await auditContrast(app, 'Walkthrough form, verification off')))
    await app.getByRole('checkbox', { name: 'Verify the certificate' }).check()
    await app.locator('summary', { hasText: 'Extra CA certificates' }).click()
    await app.getByLabel('Extra CA certificates (PEM)').fill(nginx.caPem)
    await app.getByRole('button', { name: 'Walk', exact: true }).click()
    await expect(app.getByTestId('walk-summary')).toBeVisible({ timeout: 20_000 })
    misses.push(...(await auditContrast(app, 'Walkthrough walked, first step')))
    const landmark = app.getByTestId('walk-landmark')
    await landmark.selectOption((await landmark.locator('option', { hasText: /^ClientHello/ }).first().getAttribute('value')) ?? '')
    await expect(app.getByTestId('walk-textbook')).toBeVisible()
    await app.getByTestId('walk-step-tree').locator('.bt-row').nth(3).click()
    misses.push(...(await auditContrast(app, 'Walkthrough ClientHello with a field selected')))
    await landmark.selectOption((await landmark.locator('option', { hasText: /^ServerHello/ }).first().getAttribute('value')) ?? '')
    await app.getByTestId('walk-calcs').locator('summary').first().click()
    misses.push(...(await auditContrast(app, 'Walkthrough ServerHello with a calculation open')))
    await app.getByRole('tab', { name: 'TLS 1.2 vs 1.3' }).click()
    await app.getByRole('button', { name: 'Walk with TLS 1.2 and with TLS 1.3' }).click()
    await expect(app.getByTestId('walk-compare').locator('tr', { hasText: 'Version' }).locator('td')).toHaveText(['TLSv1.2', 'TLSv1.3'], { timeout: 40_000 })
    misses.push(...(await auditContrast(app, 'Walkthrough TLS 1.2 vs 1.3')))
  } finally {
    await nginx.stop()
  }
  expect(misses, misses.join('\n')).toEqual([])
})
