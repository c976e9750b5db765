// The DNS tab against real servers the test starts on loopback: Knot serving the every-type zone (a query, its
// annotated packet, compare, decode, a bad name, a tab switch), and a signed root/TLD/domain hierarchy on
// 127.0.55.x port 53 with one broken signature (a trace from the root, the chain of trust flagged bogus).
// Screenshots of each screen in both themes go to /tmp/dns-shots for a person to look at.
import { execFileSync } from 'node:child_process'
import dgram from 'node:dgram'
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { startKnot, freeDnsPort, type KnotServer } from '../src/main/testing/knot'
import { EVERY_TYPE_ZONE, EVERY_TYPE_ORIGIN } from '../src/main/testing/dns-zones'
import { startHierarchy, HIERARCHY, type Hierarchy } from '../src/main/testing/dns-hierarchy'
import { startUnbound, unboundHasDoh } from '../src/main/testing/unbound'
import { test, expect } from './fixtures'

const SHOTS = '/tmp/dns-shots'

/** Screenshots in both themes, after scrolling the tab's body so that `at` is at the top. */
async function shoot(page: Page, name: string, at?: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true })
  if (at) await page.getByTestId(at).evaluate((el) => el.scrollIntoView({ block: 'start' }))
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme })
    await page.screenshot({ path: `${SHOTS}/${name}-${scheme}.png`, fullPage: false })
  }
  await page.emulateMedia({ colorScheme: 'light' })
}

/** `count` A records at one name (10.<net>.x.y), 16 bytes each in the answer: too big for UDP, so the answer comes truncated and then over TCP. */
const bigZone = (origin: string, count: number, net: number): string =>
  [
    `$ORIGIN ${origin}.`,
    '$TTL 600',
    '@ SOA ns hostmaster 1 7200 3600 1209600 300',
    '@ NS ns',
    'ns A 192.0.2.1',
    ...Array.from({ length: count }, (_, i) => `@ A 10.${net}.${i >> 8}.${i & 255}`),
    ''
  ].join('\n')
/** 2,000 records: about 32 KB. */
const BIG_ZONE = bigZone('big.test', 2000, 0)
/** 4,000 records: 64,000 bytes, about the most one DNS message (64 KiB) can carry, even compressed. */
const BIGGEST_ZONE = bigZone('biggest.test', 4000, 1)

const REVERSE_ZONE = ['$ORIGIN 2.0.192.in-addr.arpa.', '$TTL 600', '@ SOA ns.every.test. hostmaster.every.test. 1 7200 3600 1209600 300', '@ NS ns.every.test.', `25 PTR mail.${EVERY_TYPE_ORIGIN}.`, ''].join('\n')

let knot: KnotServer
let knot2: KnotServer
let hierarchy: Hierarchy

test.beforeAll(async () => {
  const [p1, p2] = [await freeDnsPort(), await freeDnsPort()]
  ;[knot, knot2, hierarchy] = await Promise.all([
    startKnot({ zones: [{ origin: EVERY_TYPE_ORIGIN, text: EVERY_TYPE_ZONE }, { origin: 'big.test', text: BIG_ZONE }, { origin: 'biggest.test', text: BIGGEST_ZONE }, { origin: '2.0.192.in-addr.arpa', text: REVERSE_ZONE }], port: p1 }),
    // The same zone with one address changed, so "compare resolvers" has a difference to show.
    startKnot({ zones: [{ origin: EVERY_TYPE_ORIGIN, text: EVERY_TYPE_ZONE.replace('mail     IN A     192.0.2.25', 'mail     IN A     192.0.2.26') }], port: p2 }),
    startHierarchy({ base: '127.0.55', signed: true, broken: 'domain-rrsig' })
  ])
})

test.afterAll(async () => {
  await Promise.all([knot?.stop(), knot2?.stop(), hierarchy?.stop()])
})

async function ask(app: Page, name: string, resolvers: string): Promise<void> {
  await app.getByLabel('Name', { exact: true }).fill(name)
  await app.getByLabel('Resolvers').fill(resolvers)
  await app.getByRole('button', { name: 'Ask', exact: true }).click()
}

test('query a record of the local zone, read the answer and its bytes; the answer survives a tab switch', async ({ app }) => {
  await app.getByRole('tab', { name: 'DNS', exact: true }).click()
  await expect(app.getByRole('button', { name: 'Ask', exact: true })).toBeVisible()
  await shoot(app, 'query-empty')
  await ask(app, `mail.${EVERY_TYPE_ORIGIN}`, `127.0.0.1:${knot.port}`)
  const answer = app.getByTestId('dns-answer')
  await expect(answer).toContainText('192.0.2.25')
  await expect(answer).toContainText(`mail.${EVERY_TYPE_ORIGIN}.`)
  await expect(app.getByTestId('dns-rcode')).toHaveText('NOERROR')
  // The TTL counts down each second from the 3600 the server gave.
  await expect(answer.locator('.dns-rr-ttl').first()).toContainText(/^359[0-8] /)
  await expect(app.getByTestId('dns-server')).toContainText(`127.0.0.1#${knot.port}`)
  await expect(app.getByTestId('dns-flags').getByText('AA', { exact: true })).toHaveClass(/on/)
  await expect(app.getByTestId('dns-dig-command')).toContainText(`dig @127.0.0.1 -p ${knot.port} mail.${EVERY_TYPE_ORIGIN}. A`)
  // Clicking the record selects its bytes in the packet: the selection names the record and its byte range.
  await answer.getByRole('button', { name: '192.0.2.25' }).click()
  const selection = app.getByTestId('dns-packet-selection')
  await expect(selection).toContainText(`A mail.${EVERY_TYPE_ORIGIN}.`)
  await expect(selection).toContainText(/bytes \d+–\d+/)
  await expect(app.locator('[data-testid="dns-packet-hex"] .hx-c, [data-testid="dns-packet-hex"] .hx-h').first()).toBeVisible()
  // And back: clicking the first byte selects the header's ID.
  await app.getByTestId('dns-packet-hex').locator('[data-off="0"]').first().click()
  await expect(selection).toContainText('ID')
  // A byte of the flags selects the Flags field: its bits (QR…RCODE) share those two bytes and stay in the tree.
  await app.getByTestId('dns-packet-hex').locator('[data-off="2"]').first().click()
  await expect(selection.locator('strong')).toHaveText('Flags')
  await app.getByTestId('dns-packet-hex').locator('[data-off="3"]').first().click()
  await expect(selection.locator('strong')).toHaveText('Flags')
  await shoot(app, 'query-packet-flags', 'dns-packet-view')
  await shoot(app, 'query-answer', 'dns-answer')
  await shoot(app, 'query-packet', 'dns-packet-view')

  await app.getByRole('tab', { name: 'Subnets', exact: true }).click()
  await app.getByRole('tab', { name: 'DNS', exact: true }).click()
  await expect(app.getByTestId('dns-answer')).toContainText('192.0.2.25')
  await expect(app.getByLabel('Name', { exact: true })).toHaveValue(`mail.${EVERY_TYPE_ORIGIN}`)
  // A past query runs again from the history with one click, its fields filled back in.
  await app.getByLabel('Name', { exact: true }).fill('other.name')
  await app.getByRole('button', { name: /mail\.every\.test A @127/ }).click()
  await expect(app.getByLabel('Name', { exact: true })).toHaveValue(`mail.${EVERY_TYPE_ORIGIN}`)
  await expect(app.getByTestId('dns-answer')).toContainText('192.0.2.25')
})

test('several types and two resolvers: the compare table marks what differs, in words', async ({ app }) => {
  await app.getByRole('tab', { name: 'DNS', exact: true }).click()
  await app.getByLabel('Type AAAA').check()
  await ask(app, `mail.${EVERY_TYPE_ORIGIN}`, `127.0.0.1:${knot.port}, 127.0.0.1:${knot2.port}`)
  const compare = app.getByTestId('dns-compare')
  await expect(compare).toContainText('192.0.2.26')
  await expect(compare.getByText(`differs from 127.0.0.1:${knot.port}`)).toBeVisible()
  await expect(app.getByTestId('dns-differences')).not.toBeEmpty()
  await expect(app.getByTestId('dns-items').getByRole('listitem')).toHaveCount(4)
  await shoot(app, 'query-compare', 'dns-compare')
  await app.locator('summary', { hasText: 'Query options' }).click()
  await app.getByLabel('Padding block (bytes)').fill('128')
  await expect(app.locator('summary', { hasText: 'Query options' })).toContainText('1 changed')
  await shoot(app, 'query-options')
})

test('types that are not chips are asked by name or number; an input error marks its own field and the old answer goes', async ({ app }) => {
  await app.getByRole('tab', { name: 'DNS', exact: true }).click()
  const other = app.getByLabel('Other types')
  const items = app.getByTestId('dns-items')
  await other.fill('spf, TYPE65280')
  await ask(app, `spf99.${EVERY_TYPE_ORIGIN}`, `127.0.0.1:${knot.port}`)
  await expect(items.getByRole('button', { name: /^SPF/ })).toContainText('1 answer')
  await expect(items.getByRole('button', { name: /^TYPE65280/ })).toBeVisible()
  await expect(app.getByTestId('dns-answer')).toContainText('v=spf1 -all')
  await shoot(app, 'query-other-types')
  // A bad type: the engine's words by the types field, that field marked, and no answer to the last question left.
  await other.fill('SPF NOTATYPE')
  await app.getByRole('button', { name: 'Ask', exact: true }).click()
  const error = app.getByTestId('dns-query-error')
  await expect(error).toContainText('is not a DNS record type')
  await expect(other).toHaveAttribute('aria-invalid', 'true')
  await expect(other).toHaveAttribute('aria-describedby', 'dns-query-error')
  await expect(app.getByLabel('Name', { exact: true })).toHaveAttribute('aria-invalid', 'false')
  await expect(app.getByTestId('dns-answer')).toHaveCount(0)
  await shoot(app, 'query-bad-type')
  // A good answer, then a bad resolver: the error marks Resolvers (not Name) and the old answer is gone.
  await other.fill('')
  await ask(app, `mail.${EVERY_TYPE_ORIGIN}`, `127.0.0.1:${knot.port}`)
  await expect(app.getByTestId('dns-answer')).toContainText('192.0.2.25')
  await ask(app, `mail.${EVERY_TYPE_ORIGIN}`, '300.1.1.1')
  await expect(error).toBeVisible()
  const resolvers = app.getByLabel('Resolvers')
  await expect(resolvers).toHaveAttribute('aria-invalid', 'true')
  await expect(resolvers).toHaveAttribute('aria-describedby', 'dns-query-error')
  await expect(resolvers).toHaveClass(/invalid/)
  await expect(app.getByLabel('Name', { exact: true })).toHaveAttribute('aria-invalid', 'false')
  await expect(app.getByLabel('Name', { exact: true })).not.toHaveClass(/invalid/)
  await expect(app.getByTestId('dns-answer')).toHaveCount(0)
  await expect(app.getByTestId('dns-result')).toHaveCount(0)
  await shoot(app, 'query-bad-resolver')
})

test('a bad name gets its words by the field; pasted hex decodes into the same packet view', async ({ app }) => {
  await app.getByRole('tab', { name: 'DNS', exact: true }).click()
  await ask(app, `${'a'.repeat(64)}.${EVERY_TYPE_ORIGIN}`, `127.0.0.1:${knot.port}`)
  await expect(app.getByTestId('dns-query-error')).toContainText('63')
  await shoot(app, 'query-bad-name')
  await app.getByRole('tab', { name: 'Decode hex' }).click()
  await app.getByLabel('Message hex').fill('zz 12')
  await app.getByRole('button', { name: 'Decode', exact: true }).click()
  await expect(app.getByTestId('decode-error')).toContainText('not hex')
  // A query for example.com A, ID 0x1234, RD set, as tcpdump would print it.
  await app.getByLabel('Message hex').fill('12 34 01 00 00 01 00 00 00 00 00 00 07 65 78 61 6d 70 6c 65 03 63 6f 6d 00 00 01 00 01')
  await app.getByRole('button', { name: 'Decode', exact: true }).click()
  await expect(app.getByTestId('decode-result')).toContainText('example.com. IN A')
  await expect(app.getByTestId('decode-packet-tree')).toContainText('Header')
  await shoot(app, 'decode', 'decode-result')
})

test('trace the local hierarchy from its root, step by step', async ({ app }) => {
  await app.getByRole('tab', { name: 'DNS', exact: true }).click()
  await app.getByRole('tab', { name: 'Trace' }).click()
  await app.getByLabel('Trace name').fill(HIERARCHY.host)
  await app.locator('summary', { hasText: 'Root hints and port' }).click()
  await app.getByLabel('Trace root hints').fill(hierarchy.rootHints)
  await app.getByLabel('Trace port').fill(String(hierarchy.port))
  await app.getByRole('button', { name: 'Trace', exact: true }).click()
  const result = app.getByTestId('trace-result')
  await expect(result).toBeVisible({ timeout: 20_000 })
  const steps = result.getByTestId('trace-step')
  await expect(steps.first()).toContainText('.')
  await expect(steps.first()).toContainText(hierarchy.addresses.root)
  await expect(result).toContainText('test.')
  await expect(result).toContainText('example.test.')
  await expect(app.getByTestId('trace-answer')).toContainText(HIERARCHY.hostA)
  await shoot(app, 'trace', 'trace-result')
})

test('a broken signature is flagged in the chain-of-trust picture, in words', async ({ app }) => {
  await app.getByRole('tab', { name: 'DNS', exact: true }).click()
  await app.getByRole('tab', { name: 'Chain of trust' }).click()
  await app.getByLabel('DNSSEC name').fill(HIERARCHY.www)
  await app.getByLabel('DNSSEC type').fill('CNAME')
  await app.locator('summary', { hasText: 'Root hints and port' }).click()
  await app.getByLabel('DNSSEC root hints').fill(hierarchy.rootHints)
  await app.getByLabel('DNSSEC port').fill(String(hierarchy.port))
  await app.getByLabel('Trust anchor').fill(hierarchy.trustAnchor ?? '')
  await app.getByRole('button', { name: 'Validate', exact: true }).click()
  const result = app.getByTestId('dnssec-result')
  await expect(result).toBeVisible({ timeout: 20_000 })
  await expect(result.locator('.dns-verdict')).toContainText('bogus')
  const chain = app.getByTestId('dnssec-chain')
  await expect(chain).toContainText('example.test.')
  await expect(chain.locator('[data-status="bogus"]').first()).toContainText('bogus')
  await expect(chain.locator('[data-status="secure"]').first()).toContainText('secure')
  await shoot(app, 'dnssec-bogus', 'dnssec-result')
  await chain.locator('[data-status="bogus"]').first().evaluate((el) => el.scrollIntoView({ block: 'center' }))
  // Signature times as people read them, with how far off the expiry is; detail names in words.
  await expect(chain).toContainText(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC \((expires in|expired) /)
  await expect(chain).not.toContainText(/\d{14} UTC/)
  await expect(chain.locator('dt', { hasText: 'bytes signed' }).first()).toBeVisible()
  await shoot(app, 'dnssec-bogus-link')
})

test('a name that does not exist, securely proven: the headline says what NSEC proved', async ({ app }) => {
  await app.getByRole('tab', { name: 'DNS', exact: true }).click()
  await app.getByRole('tab', { name: 'Chain of trust' }).click()
  await app.getByLabel('DNSSEC name').fill(HIERARCHY.nxdomain)
  await app.getByLabel('DNSSEC type').fill('A')
  await app.locator('summary', { hasText: 'Root hints and port' }).click()
  await app.getByLabel('DNSSEC root hints').fill(hierarchy.rootHints)
  await app.getByLabel('DNSSEC port').fill(String(hierarchy.port))
  await app.getByLabel('Trust anchor').fill(hierarchy.trustAnchor ?? '')
  await app.getByRole('button', { name: 'Validate', exact: true }).click()
  const words = app.getByTestId('dnssec-words')
  await expect(words).toBeVisible({ timeout: 20_000 })
  await expect(words).toHaveText(`Secure denial: ${HIERARCHY.nxdomain} does not exist (NXDOMAIN), proven by NSEC (RFC 4035 §5.4).`)
  await shoot(app, 'dnssec-denial', 'dnssec-result')
})

test('this machine: resolv.conf and the hosts file as they are, getaddrinfo of localhost', async ({ app }) => {
  await app.getByRole('tab', { name: 'DNS', exact: true }).click()
  await app.getByRole('tab', { name: 'This machine' }).click()
  await expect(app.getByTestId('hosts-file')).toContainText('localhost')
  await app.getByRole('button', { name: 'Resolve', exact: true }).click()
  await expect(app.getByTestId('gai-result')).toContainText(/127\.0\.0\.1|::1/)
  await shoot(app, 'machine')
  // The same question through the query bar with the OS resolver as the transport.
  await app.getByRole('tab', { name: 'Query' }).click()
  await app.getByRole('radio', { name: 'System (getaddrinfo)' }).click()
  await ask(app, 'localhost', 'system')
  await expect(app.getByTestId('dns-system-answer')).toContainText('127.0.0.1')
  await expect(app.getByTestId('dns-system-answer')).toContainText('The hosts file answered')
  await shoot(app, 'query-system')
})

test('insights: claims from the local zone with their evidence, and the SPF lookups counted against 10', async ({ app }) => {
  await app.getByRole('tab', { name: 'DNS', exact: true }).click()
  await app.getByRole('tab', { name: 'Insights' }).click()
  await app.getByLabel('Insights domain').fill(EVERY_TYPE_ORIGIN)
  await app.getByLabel('Insights resolver').fill(`127.0.0.1:${knot.port}`)
  await app.getByRole('button', { name: 'Read the records' }).click()
  const result = app.getByTestId('insights-result')
  await expect(result).toBeVisible({ timeout: 20_000 })
  await expect(result).toContainText(`mail.${EVERY_TYPE_ORIGIN}.`)
  await expect(app.getByTestId('insights-spf')).toContainText('of 10 DNS lookups')
  await shoot(app, 'insights', 'insights-result')
})

/** Starts recording the page's long tasks (over 50 ms); in-page script as text: the e2e code is compiled without the DOM's types. */
async function watchLongTasks(app: Page): Promise<void> {
  await app.evaluate(`window.longTasks = []; new PerformanceObserver((l) => l.getEntries().forEach((e) => window.longTasks.push(e.duration))).observe({ type: 'longtask' })`)
}

/** The long tasks so far, in ms; read before any screenshot, whose theme switches restyle the whole page. */
async function longTasks(app: Page, what: string): Promise<number[]> {
  const tasks = JSON.parse((await app.evaluate('JSON.stringify(window.longTasks)')) as string) as number[]
  console.log(`DNS ${what}: main-thread tasks over 50 ms: ${tasks.map(Math.round).join(', ') || 'none'}`)
  return tasks
}

// The budget is the project's (TESTING.md): no task over 100 ms. What keeps it: main sends answers without their
// span tree (18,000 spans, 2.4 MB of JSON for 2,000 records), which the tab cuts from the raw bytes in a worker.
test('an answer of 2,000 records: the UDP try is truncated and retried over TCP, and the page stays responsive', async ({ app }) => {
  await app.getByRole('tab', { name: 'DNS', exact: true }).click()
  await expect(app.getByRole('button', { name: 'Ask', exact: true })).toBeVisible()
  await watchLongTasks(app)
  await ask(app, 'big.test', `127.0.0.1:${knot.port}`)
  const answer = app.getByTestId('dns-answer')
  await expect(answer.getByRole('heading')).toContainText('(2,000)')
  // Virtualised: only the rows in view are in the page.
  expect(await answer.locator('.dns-rr').count()).toBeLessThan(60)
  // More than one try: the list of tries is open, UDP (truncated) then TCP.
  const attempts = app.getByTestId('dns-attempts')
  await expect(attempts.locator('tbody tr')).toHaveCount(2)
  await expect(attempts.locator('tbody tr').first()).toContainText('UDP')
  await expect(attempts.locator('tbody tr').nth(1)).toContainText('TCP')
  // Scroll the answer to its end: the last record is drawn.
  await answer.locator('.vlist').evaluate((el) => (el.scrollTop = el.scrollHeight))
  await expect(answer).toContainText('10.0.7.207')
  await expect(app.getByTestId('dns-packet-tree')).toContainText('Answer section')
  const tasks = await longTasks(app, '2,000-record answer')
  expect(Math.max(0, ...tasks), 'no long task over 100 ms while a 2,000-record answer arrives and renders').toBeLessThan(100)
  await shoot(app, 'query-big', 'dns-answer')
})

test('an answer of 4,000 records, about the most one 64 KiB message carries: no long task, and the last record is found in the packet', async ({ app }) => {
  await app.getByRole('tab', { name: 'DNS', exact: true }).click()
  await expect(app.getByRole('button', { name: 'Ask', exact: true })).toBeVisible()
  await watchLongTasks(app)
  await ask(app, 'biggest.test', `127.0.0.1:${knot.port}`)
  const answer = app.getByTestId('dns-answer')
  await expect(answer.getByRole('heading')).toContainText('(4,000)')
  await expect(app.getByTestId('dns-packet-tree')).toContainText('4000 records')
  // The last record, clicked in the answer, is found in the packet tree: every record has its bytes, none cut off.
  await answer.locator('.vlist').evaluate((el) => (el.scrollTop = el.scrollHeight))
  await answer.getByRole('button', { name: '10.1.15.159' }).click()
  const selection = app.getByTestId('dns-packet-selection')
  await expect(selection).toContainText('A biggest.test.')
  await expect(selection).toContainText('10.1.15.159')
  const tasks = await longTasks(app, '4,000-record answer')
  expect(Math.max(0, ...tasks), 'no long task over 100 ms while a 4,000-record answer arrives and renders').toBeLessThan(100)
})

test('-x: an address is looked up by PTR under in-addr.arpa, and the name asked is shown', async ({ app }) => {
  await app.getByRole('tab', { name: 'DNS', exact: true }).click()
  await app.getByLabel('Reverse (-x)').check()
  await ask(app, '192.0.2.25', `127.0.0.1:${knot.port}`)
  await expect(app.getByText('asked PTR for')).toContainText('25.2.0.192.in-addr.arpa.')
  await expect(app.getByTestId('dns-answer')).toContainText(`mail.${EVERY_TYPE_ORIGIN}.`)
  await expect(app.getByTestId('dns-dig-command')).toContainText(`-x 192.0.2.25`)
})

test('a resolver that never answers: the query is a job, and Cancel stops it with words', async ({ app }) => {
  const silent = dgram.createSocket('udp4')
  await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve))
  try {
    await app.getByRole('tab', { name: 'DNS', exact: true }).click()
    await ask(app, `mail.${EVERY_TYPE_ORIGIN}`, `127.0.0.1:${silent.address().port}`)
    await expect(app.getByTestId('dns-progress')).toBeVisible()
    await app.getByRole('button', { name: 'Cancel', exact: true }).click()
    await expect(app.getByTestId('dns-query-error')).toContainText('CANCELLED')
    await expect(app.getByRole('button', { name: 'Ask', exact: true })).toBeVisible()
  } finally {
    silent.close()
  }
})

test('DNS over TLS and over HTTPS to a local unbound: the answer, and the server certificate checked against the CA given', async ({ app }) => {
  test.setTimeout(60_000)
  const dir = mkdtempSync(join(tmpdir(), 'wirebench-dns-e2e-'))
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem'), '-days', '2'], { stdio: 'ignore' })
  const certPem = readFileSync(join(dir, 'c.pem'), 'utf8')
  const unbound = await startUnbound({ certPem, keyPem: readFileSync(join(dir, 'k.pem'), 'utf8') })
  try {
    await app.getByRole('tab', { name: 'DNS', exact: true }).click()
    // Without the lab's CA the certificate cannot be trusted: said in words, no answer shown as if it were fine.
    await ask(app, 'www.example.test', `tls://127.0.0.1:${unbound.dotPort}`)
    await expect(app.getByTestId('dns-item-error')).toBeVisible()
    await app.locator('summary', { hasText: 'Extra CA certificates' }).click()
    await app.getByLabel('Extra CA certificates').fill(certPem)
    await app.getByRole('button', { name: 'Ask', exact: true }).click()
    await expect(app.getByTestId('dns-answer')).toContainText('192.0.2.10')
    await expect(app.getByTestId('dns-tls')).toContainText('verified')
    await expect(app.getByTestId('dns-dig-command')).toContainText(`+tls`)
    await shoot(app, 'query-dot', 'dns-result')
    if (unboundHasDoh()) {
      await app.getByLabel('Resolvers').fill(unbound.dohUrl)
      await app.getByRole('button', { name: 'Ask', exact: true }).click()
      await expect(app.getByTestId('dns-server')).toContainText('HTTPS')
      await expect(app.getByTestId('dns-answer')).toContainText('192.0.2.10')
    } else {
      console.log('DoH not checked: this unbound was built without libnghttp2')
    }
  } finally {
    await unbound.stop()
    rmSync(dir, { recursive: true, force: true })
  }
})
