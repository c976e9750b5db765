// The HTML export is what a learner opens anywhere, possibly long after the session: it must stand alone (nothing
// loaded from anywhere), show every step with its fields over its bytes, keep a hostile server's text as text, and stay
// within its size caps. Checked on the string, then once in Debian's Chromium (rendering, the click, no requests).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { chromium } from '@playwright/test'
import { describe, expect, it } from 'vitest'
import type { Span } from '../../shared/dissect/span'
import type { WalkStep, Walkthrough } from '../../shared/walkthrough/model'
import { HTML_LIMITS, esc, walkthroughHtml } from './export-html'

const EVIL = '</script><img src=x onerror="window.pwned=1"></style>" onmouseover="window.pwned=2'
const hexOf = (s: string): string => Buffer.from(s, 'latin1').toString('hex')

// A DNS query for alpha.test A, as the recorder would show it (RFC 1035 §4.1).
const DNS_QUERY = '5c1e01000001000000000000' + '05616c7068610474657374' + '00' + '00010001'
const dnsSpans: Span[] = [
  { offset: 0, length: 12, name: 'Header', children: [{ offset: 0, length: 2, name: 'ID', value: '0x5c1e', explain: 'Matches the answer to this question (RFC 1035 §4.1.1).' }, { offset: 2, length: 2, name: 'Flags', value: 'RD' }] },
  { offset: 12, length: 16, name: 'Question', children: [{ offset: 12, length: 12, name: 'QNAME', value: 'alpha.test' }, { offset: 24, length: 2, name: 'QTYPE', value: 'A (1)' }, { offset: 26, length: 2, name: 'QCLASS', value: 'IN (1)' }] }
]
// A ClientHello's first 76 bytes: record header, handshake header, legacy_version, random, session id (RFC 8446 §4.1.2).
const RANDOM = 'a1'.repeat(4) + '5f'.repeat(28)
const CLIENT_HELLO = '1603010200' + '010001fc' + '0303' + RANDOM + '20' + 'e7'.repeat(32) + '00061302130113030100'
const helloSpans: Span[] = [
  { offset: 0, length: 5, name: 'Record header', value: 'handshake, TLS 1.0 (legacy), 512 bytes' },
  { offset: 5, length: 81, name: 'Handshake: ClientHello', children: [
    { offset: 9, length: 2, name: 'legacy_version', value: '0x0303 (TLS 1.2)' },
    { offset: 11, length: 32, name: 'random', value: RANDOM, explain: '32 random bytes (RFC 8446 §4.1.2).' },
    { offset: 43, length: 33, name: 'legacy_session_id', value: '32 bytes' },
    { offset: 76, length: 8, name: 'cipher_suites', value: '3 suites', children: [{ offset: 78, length: 2, name: 'TLS_AES_256_GCM_SHA384', value: '0x1302' }] }
  ] }
]
const RESPONSE = `HTTP/1.1 200 OK\r\nServer: nginx\r\nX-Evil: ${EVIL}\r\nContent-Length: 26\r\n\r\n<script>alert(1)</script>\n`

function step(i: number, s: Partial<WalkStep> & Pick<WalkStep, 'kind' | 'title' | 'layer'>): WalkStep {
  return { id: `s${i}`, startMs: i * 0.8, durationMs: 0.4, from: 'client', to: 'server', direction: 'client→server', bytesHex: '', spans: [], explain: '', source: '', ...s }
}

function fixture(): Walkthrough {
  const steps: WalkStep[] = [
    step(1, { kind: 'dns-query', layer: 'application', title: 'DNS query: alpha.test A', to: 'resolver', direction: 'client→resolver', bytesHex: DNS_QUERY, spans: dnsSpans, explain: 'The stub resolver asks for the IPv4 addresses of alpha.test over UDP.', source: 'RFC 1035 §4.1' }),
    step(2, { kind: 'dns-answer', layer: 'application', title: 'DNS answer: 127.0.0.1', from: 'resolver', to: 'client', direction: 'resolver→client', bytesHex: DNS_QUERY, spans: dnsSpans, explain: 'One A record.', source: 'RFC 1035 §4.1' }),
    step(3, { kind: 'tcp-connect', layer: 'transport', title: 'TCP connected from port 43122', to: 'client', direction: 'local', explain: 'The three-way handshake completed; tcpdump was not allowed, so no segments are shown.', source: 'RFC 9293 §3.5' }),
    step(4, { kind: 'tls-client-hello', layer: 'presentation', title: 'TLS ClientHello', bytesHex: CLIENT_HELLO, spans: helloSpans, explain: 'The client offers its versions, suites and key shares.', source: 'RFC 8446 §4.1.2', textbook: ['Offers X25519MLKEM768 as well as x25519 (RFC 8448 §3 offers x25519 only).', 'Carries GREASE values 0x8a8a (RFC 8701).'] }),
    step(5, { kind: 'tls-certificate', layer: 'presentation', title: 'TLS Certificate (decrypted)', from: 'server', to: 'client', direction: 'server→client', decrypted: true, bytesHex: '0b0000', wireHex: '1703030035' + 'ab'.repeat(53), spans: [{ offset: 0, length: 3, name: 'subject', value: `CN=${EVIL}` }], certificatesBase64: ['MIIBszCCAVmgAwIBAgIU'], explain: 'The server’s chain.', source: 'RFC 8446 §4.4.2' }),
    step(6, { kind: 'tls-finished', layer: 'presentation', title: 'TLS Finished (server)', from: 'server', to: 'client', direction: 'server→client', decrypted: true, bytesHex: '14000020' + '3c'.repeat(32), spans: [{ offset: 4, length: 32, name: 'verify_data', value: '3c…' }], explain: 'An HMAC over the transcript.', source: 'RFC 8446 §4.4.4', calculations: [{ title: 'Server Finished', source: 'RFC 8446 §4.4.4', verified: true, lines: [{ label: 'finished_key', value: 'c7'.repeat(32), note: 'HKDF-Expand-Label(server_handshake_traffic_secret, "finished", "", 32)' }, { label: 'verify_data', value: '3c'.repeat(32) }] }] }),
    step(7, { kind: 'http-request', layer: 'application', title: 'GET / HTTP/1.1', bytesHex: hexOf('GET / HTTP/1.1\r\nHost: alpha.test\r\n\r\n'), spans: [{ offset: 0, length: 14, name: 'Request line', value: 'GET / HTTP/1.1' }], explain: 'The request.', source: 'RFC 9112 §3' }),
    step(8, { kind: 'http-response', layer: 'application', title: `HTTP 200 ${EVIL}`, from: 'server', to: 'client', direction: 'server→client', bytesHex: hexOf(RESPONSE), spans: [{ offset: 33, length: EVIL.length + 10, name: 'X-Evil', value: EVIL, explain: EVIL }], explain: 'The response.', source: 'RFC 9112 §4', findings: [{ severity: 'warning', code: 'ODD_HEADER', message: `A header carries markup: ${EVIL}` }] })
  ]
  return {
    id: 'w-1', url: 'https://alpha.test:8443/?q=<b>', startedAt: Date.UTC(2026, 11, 1, 14, 30), steps,
    dns: { resolver: '127.0.0.53:53', transport: 'udp', addresses: ['127.0.0.1'], chosen: '127.0.0.1', why: 'the only address' },
    remote: { address: '127.0.0.1', port: 8443 }, local: { address: '127.0.0.1', port: 43122 },
    tls: { version: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384', alpn: 'http/1.1', decrypted: true, group: 'x25519' },
    http: { version: 'HTTP/1.1', status: 200, statusWords: EVIL }, capture: 'socket-only',
    captureNote: 'tcpdump is not allowed here (not root, no CAP_NET_RAW).', keylog: 'CLIENT_HANDSHAKE_TRAFFIC_SECRET ' + 'a1'.repeat(32) + ' ' + '77'.repeat(48) + '\n', totalMs: 7.2, findings: []
  }
}

/** Every start tag's attributes, as [tag, name, value]. */
function attributes(html: string): [string, string, string][] {
  const out: [string, string, string][] = []
  for (const tag of html.matchAll(/<([a-zA-Z][\w-]*)([^>]*)>/g)) {
    for (const a of tag[2]!.matchAll(/([^\s=]+)(?:="([^"]*)")?/g)) out.push([tag[1]!.toLowerCase(), a[1]!.toLowerCase(), a[2] ?? ''])
  }
  return out
}

describe('walkthroughHtml', () => {
  const w = fixture()
  const html = walkthroughHtml(w)

  it('stands alone: a strict CSP, one inline style and script, and no URL in any attribute or rule', () => {
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">`)
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<style>'))
    expect(html.match(/<script/gi)).toHaveLength(1)
    expect(html.match(/<\/script/gi)).toHaveLength(1)
    expect(html.match(/<style/gi)).toHaveLength(1)
    expect(html).not.toMatch(/url\(|@import|<link|<iframe|<object|<embed|<form/i)
    for (const [tag, name, value] of attributes(html)) {
      expect(['src', 'srcset', 'action', 'formaction', 'poster', 'background', 'ping']).not.toContain(name)
      expect(name.startsWith('on'), `${tag} ${name}`).toBe(false)
      if (name === 'href') expect(value).toMatch(/^#step-\d+$/)
      expect(value).not.toMatch(/\/\//)
    }
  })

  it('keeps a server’s markup as text wherever it lands: header, certificate subject, title, status words', () => {
    expect(html).not.toContain('<img')
    expect(html).not.toContain('onerror="')
    expect(html).not.toContain('" onmouseover=')
    expect(html).toContain(esc(EVIL))
    // Title (sequence and step), header value and explanation, certificate subject, status words, finding.
    expect(html.split('&lt;/script&gt;&lt;img src=x onerror=&quot;window.pwned=1&quot;&gt;').length - 1).toBeGreaterThanOrEqual(6)
    expect(html).not.toContain('<script>alert')
    expect(html).toContain('<title>Walkthrough: https://alpha.test:8443/?q=&lt;b&gt;</title>')
    expect(esc('a\u0000b\u202ec')).toBe('a\ufffdb\ufffdc')
  })

  it('shows every step in order with its lane arrow, layer, explanation and RFC', () => {
    let at = 0
    for (const [i, s] of w.steps.entries()) {
      const next = html.indexOf(`id="step-${i + 1}"`, at)
      expect(next, s.title).toBeGreaterThan(at)
      at = next
      expect(html).toContain(`href="#step-${i + 1}"`)
      expect(html).toContain(esc(s.title))
      if (s.source) expect(html).toContain(`Source: ${esc(s.source)}`)
    }
    expect(html.match(/class="arrow ltr"/g)).toHaveLength(3)
    expect(html.match(/class="arrow rtl"/g)).toHaveLength(4)
    expect(html.match(/class="dot"/g)).toHaveLength(1)
    expect(html.match(/<li class="on" aria-current="true">presentation<\/li>/g)).toHaveLength(3)
    expect(html).toContain('prefers-color-scheme: dark')
  })

  it('lists each field with offset and length over a hex dump, plus calculations, textbook notes, certificates and the summary', () => {
    expect(html).toContain('<tr class="f" tabindex="0" data-o="11" data-l="32"><td class="mono">11</td><td class="mono">32</td><td style="padding-left:20px">random<div class="ex">32 random bytes (RFC 8446 §4.1.2).</div></td><td class="val">' + RANDOM)
    expect(html.match(/<tr class="f" /g)).toHaveLength(7 + 7 + 7 + 1 + 1 + 1 + 1)
    expect(html).toContain(`<div class="r"><span>00000000</span><span>5c 1e 01 00 00 01 00 00 00 00 00 00 05 61 6c 70</span><span>\\${'.'.repeat(12)}alp</span></div>`)
    expect(html).toContain('✓ matches the wire')
    expect(html).toContain('HKDF-Expand-Label(server_handshake_traffic_secret, &quot;finished&quot;, &quot;&quot;, 32)')
    expect(html).toContain('Offers X25519MLKEM768 as well as x25519 (RFC 8448 §3 offers x25519 only).')
    expect(html).toContain('-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----')
    expect(html).toContain('As on the wire (encrypted)')
    expect(html).toContain('TLSv1.3, TLS_AES_256_GCM_SHA384; ALPN http/1.1; key exchange x25519')
    expect(html).toContain('socket level only. tcpdump is not allowed here (not root, no CAP_NET_RAW).')
    expect(html).toContain('127.0.0.1 port 43122 → 127.0.0.1 port 8443')
  })

  it('caps a step’s bytes at 64 KiB and the page at its size limit, saying so', () => {
    const big = fixture()
    big.steps[6]!.bytesHex = 'ab'.repeat(100 * 1024)
    const page = walkthroughHtml(big)
    expect(page).toContain(`showing 65,536 of 102,400 bytes`)
    expect(page.match(/<div class="r">/g)!.length).toBeLessThan(65536 / 16 + 200)
    const many = fixture()
    many.steps = Array.from({ length: 40 }, (_, i) => ({ ...big.steps[6]!, id: `s${i}`, title: `Record ${i}` }))
    const capped = walkthroughHtml(many, { pageBytes: 2 * 1024 * 1024 })
    expect(Buffer.byteLength(capped)).toBeLessThanOrEqual(2 * 1024 * 1024)
    expect(capped).toMatch(/The page is kept under 2 MB: \d+ step\(s\) are shown without their bytes/)
    expect(capped).toContain('Record 39')
    expect(capped.match(/<div class="hex" data-n=/g)!.length).toBeGreaterThanOrEqual(3)
    const tiny = walkthroughHtml(many, { pageBytes: 48 * 1024 })
    expect(Buffer.byteLength(tiny)).toBeLessThanOrEqual(48 * 1024)
    expect(tiny).toMatch(/The page is kept under 48 KB: \d+ step\(s\) are shown without their bytes and the last \d+ step\(s\) are left out/)
    expect(tiny).toContain('id="step-1"')
    expect(tiny).not.toContain('id="step-40"')
    expect(HTML_LIMITS.pageBytes).toBe(20 * 1024 * 1024)
  })

  it('renders in Chromium with no request, no script injected, and a field click marking its bytes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wirebench-walk-html-'))
    const browser = await chromium.launch({ executablePath: process.env.WIREBENCH_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-gpu'] })
    try {
      const file = join(dir, 'walk.html')
      writeFileSync(file, html)
      const page = await browser.newPage()
      const requests: string[] = []
      const problems: string[] = []
      page.on('request', (r) => requests.push(r.url()))
      page.on('console', (m) => m.type() === 'error' && problems.push(m.text()))
      page.on('pageerror', (e) => problems.push(String(e)))
      await page.goto(pathToFileURL(file).href)
      await page.waitForSelector('html[data-ready="1"]', { timeout: 5000 })
      expect(requests).toEqual([pathToFileURL(file).href])
      expect(problems).toEqual([])
      expect(await page.evaluate("[document.querySelectorAll('img').length, window.pwned ?? 0]")).toEqual([0, 0])
      expect(await page.locator('details.step > summary strong').allTextContents()).toEqual(w.steps.map((s) => s.title))
      await page.locator('a.seq-row[href="#step-4"]').click()
      expect(await page.locator('#step-4').getAttribute('open')).not.toBeNull()
      await page.locator('#step-4 tr.f[data-o="11"]').click()
      const marks = await page.locator('#step-4 .hex mark').allTextContents()
      // Three rows (bytes 11–15, 16–31, 32–42), each marked in the hex and in the ASCII column.
      expect(marks.filter((_, i) => i % 2 === 0).join(' ').split(' ')).toEqual(RANDOM.match(/../g))
      expect(marks.filter((_, i) => i % 2 === 1)).toEqual(['...._', '_'.repeat(16), '_'.repeat(11)])
      await page.keyboard.press('n')
      expect(await page.evaluate('location.hash')).toBe('#step-5')
    } finally {
      await browser.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
