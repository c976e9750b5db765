// The HTTP tab's response view against Debian's nginx on loopback, driven from the request editor: a gzip page decoded
// and explained, a chunked response whose chunk sizes are spans in Hex, Set-Cookie explained, the timings waterfall,
// the TLS summary and "Open in Certificates" landing on the leaf, HTTP/2 frames with HPACK, and a large body shown in
// part without a long task. Screenshots of each pane in both themes go to /tmp/shots.
import { mkdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import http from 'node:http'
import net from 'node:net'
import type { Page } from '@playwright/test'
import { startNginx, type NginxServer } from '../src/main/testing/nginx'
import { test, expect } from './fixtures'
import { crlf, pane, paneById, prepare, sendFromUi, sendPrepared } from './http-response-drive'

const SHOTS = '/tmp/shots'
let nginx: NginxServer
/** Our own loopback server for what nginx does not send: Server-Timing, JSON, an image, an odd reason phrase. */
let own: http.Server
let ownPort = 0
/** A server that answers with bytes a strict parser rejects: a bare LF and an obs-fold continuation line. */
let sloppy: net.Server
let sloppyPort = 0
const SLOPPY = 'HTTP/1.1 200 OK\nContent-Length: 2\r\nX-Folded: first\r\n  second\r\n\r\nok'

/** A 1×1 PNG. */
const PIXEL = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64')

/** 3 MiB of bytes that are not text: more than the 1 MiB main puts in an answer, less than it keeps in memory. */
const BLOB = Buffer.from(Array.from({ length: 3 * 1024 * 1024 }, (_, i) => (i * 7 + (i >> 9)) & 255))

test.beforeAll(async () => {
  nginx = await startNginx({ bigFileMiB: 12 })
  own = http.createServer((req, res) => {
    if (req.url === '/blob') {
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': BLOB.length })
      res.end(BLOB)
      return
    }
    if (req.url === '/pixel.png') {
      res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': PIXEL.length })
      res.end(PIXEL)
      return
    }
    setTimeout(() => {
      res.statusMessage = 'Fine'
      res.writeHead(200, { 'Content-Type': 'application/json', 'Server-Timing': 'db;dur=12.5;desc="Database", app;dur=3' })
      res.end(JSON.stringify({ user: { id: 7, roles: ['admin', 'dev'] } }))
    }, 25)
  })
  await new Promise<void>((resolve) => own.listen(0, '127.0.0.1', resolve))
  ownPort = (own.address() as { port: number }).port
  sloppy = net.createServer((socket) => socket.once('data', () => socket.end(SLOPPY)))
  await new Promise<void>((resolve) => sloppy.listen(0, '127.0.0.1', resolve))
  sloppyPort = (sloppy.address() as { port: number }).port
})

test.afterAll(async () => {
  await nginx?.stop()
  await new Promise((resolve) => own?.close(resolve))
  await new Promise((resolve) => sloppy?.close(resolve))
})

async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true })
  await page.getByTestId('http-response').evaluate((el) => el.scrollIntoView({ block: 'start' }))
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme })
    await page.screenshot({ path: `${SHOTS}/http-resp-${name}-${scheme}.png` })
  }
  await page.emulateMedia({ colorScheme: 'light' })
}

/** Starts counting long tasks (over 100 ms) in the page (a string: this program is compiled without the DOM's types). */
async function watchLongTasks(app: Page): Promise<void> {
  await app.evaluate(`window.longTasks = []; new PerformanceObserver((l) => l.getEntries().forEach((e) => e.duration > 100 && window.longTasks.push(Math.round(e.duration)))).observe({ type: 'longtask' })`)
}
const longTasks = (app: Page): Promise<number[]> => app.evaluate('window.longTasks') as Promise<number[]>

test('a gzip page: decoded with its sizes, headers explained, raw with CR LF, the request as sent, the waterfall', async ({ app }) => {
  await sendFromUi(app, { url: `http://alpha.test:${nginx.httpPort}/text.txt`, address: '127.0.0.1', raw: crlf('GET /text.txt HTTP/1.1', 'Host: alpha.test', 'Accept-Encoding: gzip', 'User-Agent: Wirebench') })
  const view = app.getByTestId('http-response')
  await expect(app.getByTestId('http-resp-code')).toHaveText('200')
  await expect(app.getByTestId('http-resp-decoded')).toContainText(/gzip, [\d.]+ KiB → 214\.8 KiB/)
  await expect(app.getByTestId('http-resp-headers')).toContainText('Content-Encoding')
  await expect(app.getByTestId('http-resp-headers').getByRole('row').filter({ hasText: 'Content-Encoding' })).toContainText('RFC 9110 §8.4')
  await expect(app.getByTestId('http-resp-body-count')).toContainText('Showing the first 65,536 characters of 220,000 bytes')
  await expect(app.getByTestId('http-resp-body-text')).toContainText('alpha.test alpha.test')
  await shoot(app, 'parsed')

  await pane(app, 'Raw')
  await expect(app.getByTestId('http-resp-raw')).toContainText('HTTP/1.1 200 OKCRLF')
  await expect(app.getByTestId('http-resp-raw')).toContainText('Content-Encoding: gzipCRLF')
  await shoot(app, 'raw')

  await pane(app, 'Request')
  await expect(app.getByTestId('http-resp-request')).toContainText('Accept-Encoding: gzipCRLF')
  await expect(app.getByTestId('http-resp-sent')).toContainText(/\d+ bytes went on the wire/)

  await pane(app, 'Timings')
  const wf = app.getByTestId('http-resp-waterfall')
  await expect(wf).toContainText('TCP connect')
  await expect(app.getByTestId('http-resp-phase-dnsMs')).toContainText('did not happen')
  await expect(app.getByTestId('http-resp-phase-connectMs').locator('.resp-wf-bar')).toBeVisible()
  await expect(app.getByTestId('http-resp-phase-firstByteMs')).toContainText(/[\d.]+ ms/)
  await expect(app.getByTestId('http-resp-phase-tlsMs')).toContainText('did not happen')
  await shoot(app, 'timings')
  await expect(view).toBeVisible()
})

test('a chunked response: each chunk size is a span in Hex, and clicking a byte finds its field', async ({ app }) => {
  await sendFromUi(app, { url: `http://alpha.test:${nginx.httpPort}/chunked.txt`, address: '127.0.0.1', raw: crlf('GET /chunked.txt HTTP/1.1', 'Host: alpha.test') })
  await expect(app.getByTestId('http-resp-headers')).toContainText('chunked')
  await pane(app, 'Hex')
  const tree = app.getByTestId('http-resp-hex-tree')
  await expect(tree).toContainText('Chunked body')
  await expect(tree).toContainText('Chunk size')
  // A click on the dump's first byte (its first hex digit) selects the field that starts there.
  await app.getByTestId('http-resp-hex-hex').locator('[data-col="h"]').first().click({ position: { x: 2, y: 6 } })
  await expect(app.getByTestId('http-resp-hex-selection')).toContainText(/ at byte 0(?!\d)/)
  await tree.getByText('Chunk size', { exact: true }).first().click()
  await expect(app.getByTestId('http-resp-hex-selection')).toContainText(/Chunk size at byte \d+/)
  await expect(app.getByTestId('http-resp-hex-selection')).toContainText(/0x[0-9a-f]+ = \d+/)
  await shoot(app, 'hex')
})

test('Set-Cookie explained: a session cookie and a Max-Age one, flags, and what the jar stored', async ({ app }) => {
  await sendFromUi(app, { url: `http://alpha.test:${nginx.httpPort}/cookie`, address: '127.0.0.1', raw: crlf('GET /cookie HTTP/1.1', 'Host: alpha.test'), storeCookies: true })
  await pane(app, /^Cookies \(2\)/)
  await expect(app.getByTestId('http-resp-cookie-0')).toContainText('session = s3cr3t')
  await expect(app.getByTestId('http-resp-cookie-0-lifetime')).toContainText('Session cookie')
  await expect(app.getByTestId('http-resp-cookie-0')).toContainText('HttpOnly ✓')
  await expect(app.getByTestId('http-resp-cookie-0')).toContainText('SameSite Lax')
  await expect(app.getByTestId('http-resp-cookie-1-lifetime')).toContainText('Max-Age 3,600 s')
  await expect(app.getByTestId('http-resp-cookie-1')).toContainText('Secure ✓')
  await expect(app.getByTestId('http-resp-cookie-1')).toContainText('sent only over https')
  const jar = app.getByTestId('http-resp-jar')
  await expect(jar).toContainText('session=s3cr3t')
  // Secure set over plain http: refused by the jar, with why (RFC 6265bis §5.7).
  await expect(jar).toContainText('Refused')
  await expect(app.getByTestId('http-resp-cookie-1-refused')).toContainText('Refused by the jar: A Secure cookie may only be set over https')
  await shoot(app, 'cookies')
})

test('TLS: the summary, the chain as sent, and "Open in Certificates" lands on the leaf', async ({ app }) => {
  await sendFromUi(app, { url: `https://alpha.test:${nginx.httpsPort}/`, address: '127.0.0.1', caPem: nginx.caPem, raw: crlf('GET / HTTP/1.1', 'Host: alpha.test') })
  await expect(app.getByTestId('http-resp-body-text')).toHaveText('site alpha.test\n')
  await pane(app, 'TLS')
  await expect(app.getByTestId('http-resp-tls-version')).toHaveText(/TLSv1\.[23]/)
  await expect(app.getByTestId('http-resp-tls-verified')).toContainText('yes')
  const chain = app.getByTestId('http-resp-chain')
  await expect(chain).toContainText('Leaf: alpha.test')
  await expect(chain).toContainText('Issued by Wirebench nginx test CA')
  await shoot(app, 'tls')
  await pane(app, 'Timings')
  await expect(app.getByTestId('http-resp-phase-tlsMs').locator('.resp-wf-bar')).toBeVisible()
  await pane(app, 'TLS')
  await app.getByTestId('http-resp-open-certs').click()
  await expect(app.getByRole('tab', { name: 'Certificates', exact: true })).toHaveAttribute('aria-selected', 'true')
  await expect(app.getByTestId('detail-title')).toContainText('alpha.test')
})

test('repeat over new connections with TLS resumption: p50/p95 per phase, connections, resumed, a bar per run', async ({ app }) => {
  await prepare(app, { url: `https://alpha.test:${nginx.httpsPort}/`, address: '127.0.0.1', caPem: nginx.caPem, raw: crlf('GET / HTTP/1.1', 'Host: alpha.test') })
  await app.getByRole('checkbox', { name: 'Repeat', exact: true }).check()
  await app.getByLabel('Repeat times').fill('8')
  await app.getByRole('radio', { name: 'New connection each' }).click()
  await app.getByRole('checkbox', { name: 'Resume TLS' }).check()
  await sendPrepared(app)
  await app.getByRole('checkbox', { name: 'Repeat', exact: true }).uncheck()
  await pane(app, /^Timings ×8/)
  const rep = app.getByTestId('http-resp-repeat')
  await expect(rep).toContainText('Repeated 8 times, each on a new connection')
  await expect(rep).toContainText('8 connections opened')
  await expect(rep).toContainText(/[1-7] of the later TLS handshakes resumed/)
  await expect(rep).toContainText('8 × 200')
  await expect(rep.getByRole('row').filter({ hasText: 'TLS handshake' })).toContainText(/[\d.]+ ms.*[\d.]+ ms/)
  await expect(app.getByTestId('http-resp-run-chart').locator('g')).toHaveCount(8)
  await app.getByTestId('http-resp-repeat').evaluate((el) => el.scrollIntoView({ block: 'end' }))
  for (const scheme of ['light', 'dark'] as const) {
    await app.emulateMedia({ colorScheme: scheme })
    await app.screenshot({ path: `${SHOTS}/http-resp-repeat-${scheme}.png` })
  }
  await app.emulateMedia({ colorScheme: 'light' })
})

test('HTTP/2: frames listed both ways, a HEADERS frame with each field’s HPACK form, the dynamic tables', async ({ app }) => {
  await sendFromUi(app, { url: `https://alpha.test:${nginx.httpsPort}/`, address: '127.0.0.1', caPem: nginx.caPem, protocol: 'HTTP/2', raw: crlf('GET / HTTP/1.1', 'Host: alpha.test') })
  await pane(app, 'HTTP/2')
  const frames = app.getByTestId('http-resp-h2-frames')
  await expect(frames).toContainText('SETTINGS')
  await expect(frames).toContainText('HEADERS')
  await expect(frames).toContainText('DATA')
  await frames.locator('.resp-h2-row.received', { hasText: 'HEADERS' }).first().click()
  const hpack = app.getByTestId('http-resp-hpack')
  await expect(hpack).toContainText(':status')
  await expect(hpack).toContainText('200')
  await expect(app.getByTestId('http-resp-h2-frame-tree')).toContainText('Field Block Fragment')
  await expect(app.getByTestId('http-resp-h2')).toContainText('RFC 7541 §2.3')
  await shoot(app, 'http2')
  await pane(app, 'Hex')
  await expect(app.getByTestId('http-resp-hex-tree')).toContainText('SETTINGS frame')
  await expect(app.getByTestId('http-resp-hex-tree')).toContainText('DATA frame')
  await pane(app, 'Parsed')
  await expect(app.getByTestId('http-resp-status')).toContainText('HTTP/2 has no reason phrase')
})

test('our own server: JSON indented, the reason phrase told apart from RFC 9110, Server-Timing inside the wait, an image drawn', async ({ app }) => {
  await sendFromUi(app, { url: `http://127.0.0.1:${ownPort}/api`, raw: crlf('GET /api HTTP/1.1', `Host: 127.0.0.1:${ownPort}`) })
  await expect(app.getByTestId('http-resp-reason-differs')).toContainText('The server wrote the reason “Fine”; RFC 9110 calls 200 “OK”')
  await expect(app.getByTestId('http-resp-body-text')).toContainText('"roles": [\n      "admin",')
  await pane(app, 'Timings')
  const metrics = app.getByTestId('http-resp-server-timing')
  await expect(metrics).toHaveCount(2)
  await expect(metrics.first()).toContainText('db')
  await expect(metrics.first()).toContainText('Server-Timing: Database')
  await expect(metrics.first()).toContainText('12.5 ms')
  await expect(metrics.first().locator('.resp-wf-bar.st')).toBeVisible()
  await shoot(app, 'server-timing')
  await pane(app, 'Parsed')
  await sendFromUi(app, { url: `http://127.0.0.1:${ownPort}/pixel.png`, raw: crlf('GET /pixel.png HTTP/1.1', `Host: 127.0.0.1:${ownPort}`) })
  await expect(app.getByTestId('http-resp-image')).toHaveAttribute('src', /^data:image\/png;base64,iVBORw0KGgo/)
  expect(await app.getByTestId('http-resp-image').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(1)
})

test('a sloppy response: the bare LF marked in Raw, what a strict parser rejects in Findings, a finding opens its bytes in Hex', async ({ app }) => {
  await sendFromUi(app, { url: `http://127.0.0.1:${sloppyPort}/`, raw: crlf('GET / HTTP/1.1', `Host: 127.0.0.1:${sloppyPort}`) })
  await expect(app.getByTestId('http-resp-body-text')).toHaveText('ok')
  await pane(app, 'Raw')
  await expect(app.getByTestId('http-resp-raw').locator('.bad-eol')).toHaveText(['LF'])
  await expect(app.getByTestId('http-resp-raw').locator('.bad-eol')).toHaveAttribute('title', /bare LF/)
  await pane(app, /^Findings/)
  const findings = app.getByTestId('http-resp-findings')
  await expect(findings).toContainText('BARE_LF')
  await expect(findings).toContainText('OBS_FOLD')
  await findings.getByRole('button', { name: /obs-fold/ }).click()
  await expect(app.getByRole('tab', { name: 'Hex', exact: true })).toHaveAttribute('aria-selected', 'true')
  await expect(app.getByTestId('http-resp-hex-selection')).toContainText(/at byte (3[5-9]|4\d)/)
  await shoot(app, 'sloppy-hex')
})

test('large bodies are shown in part (3 MiB held, 12 MiB saved to disk), and no long task holds the page while they are drawn', async ({ app }) => {
  await prepare(app, { url: `http://127.0.0.1:${ownPort}/blob`, raw: crlf('GET /blob HTTP/1.1', `Host: 127.0.0.1:${ownPort}`) })
  await watchLongTasks(app)
  await sendPrepared(app)
  await expect(app.getByTestId('http-resp-body-count')).toContainText('Showing 65,535 of 3,145,728 bytes.')
  await expect(app.getByTestId('http-resp-body-hex')).toBeVisible()
  await paneById(app, 'hex')
  await expect(app.getByTestId('http-resp-hex-tree')).toContainText('Body')
  await expect(app.getByTestId('http-resp-hex-view')).toContainText('1,048,576 bytes')
  await paneById(app, 'raw')
  await expect(app.getByTestId('http-resp-raw-count')).toContainText('Showing 16.0 KiB of 3.0 MiB')
  await paneById(app, 'parsed')
  await expect(app.getByTestId('http-resp-body-hex')).toBeVisible()
  expect(await longTasks(app), 'long tasks over 100 ms (3 MiB)').toEqual([])

  await prepare(app, { url: `http://alpha.test:${nginx.httpPort}/big.bin`, address: '127.0.0.1', raw: crlf('GET /big.bin HTTP/1.1', 'Host: alpha.test') })
  await watchLongTasks(app)
  await sendPrepared(app)
  // The engine sends the first 1 MiB of a body it saved to disk: its start is drawn, and the words say where the rest is.
  await expect(app.getByTestId('http-resp-body-count')).toContainText(/^Showing 65,535 of 12,582,912 bytes; the whole body \(12\.0 MiB\) is in \S+, not held in memory\./)
  await expect(app.getByTestId('http-resp-body-hex')).toBeVisible()
  // The file's first bytes ((i × 31 + (i >> 8)) & 255, as startNginx writes big.bin), one cell each.
  await expect(app.getByTestId('http-resp-body-hex')).toContainText('00 1F 3E 5D 7C 9B BA D9  F8')
  const file = (await app.getByTestId('http-resp-body-file').textContent()) ?? ''
  try {
    expect(statSync(file).size).toBe(12 * 1024 * 1024)
    await paneById(app, 'raw')
    await expect(app.getByTestId('http-resp-raw-count')).toContainText(/Showing 16\.0 KiB of 12\.0 MiB .*The page holds the first 1\.0 MiB/)
    await paneById(app, 'parsed')
    expect(await longTasks(app), 'long tasks over 100 ms (12 MiB on disk)').toEqual([])
  } finally {
    if (file.startsWith(tmpdir())) rmSync(file, { force: true })
  }
})
