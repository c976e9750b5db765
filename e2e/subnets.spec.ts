// Subnets as a user drives it in the browser shell: the calculator, splitting, ports and this machine's interfaces.
import { mkdirSync } from 'node:fs'
import type { Page } from '@playwright/test'
import { test, expect } from './fixtures'

const SHOTS = '/tmp/shots'

/** The screen in both themes, for a person to look at (issue 9 asks for it). */
async function shoot(app: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true })
  for (const colorScheme of ['light', 'dark'] as const) {
    await app.emulateMedia({ colorScheme })
    await app.screenshot({ path: `${SHOTS}/w5-subnets-${name}-${colorScheme}.png` })
  }
  await app.emulateMedia({ colorScheme: 'light' })
}

test.beforeEach(async ({ app }) => {
  await app.getByRole('tab', { name: 'Subnets' }).click()
})

test('type an address and prefix: network, broadcast, host range and classification, as you type', async ({ app }) => {
  const input = app.getByLabel('Address or network')
  await input.fill('172.16.5.77/20')
  await expect(app.getByTestId('calc-network')).toHaveText('172.16.0.0/20')
  await expect(app.getByTestId('calc-broadcast')).toHaveText('172.16.15.255')
  await expect(app.getByTestId('calc-hosts')).toHaveText('172.16.0.1 – 172.16.15.254')
  await expect(app.getByTestId('calc-count')).toHaveText('4,096')
  await expect(app.getByTestId('calc-flags').locator('.flag.on')).toHaveText(['private'])
  await expect(app.getByTestId('calc-registry')).toContainText('172.16.0.0/12 Private-Use')
  await expect(app.getByTestId('calc-reverse')).toHaveText('77.5.16.172.in-addr.arpa')

  await input.fill('100.64.1.1')
  await expect(app.getByTestId('calc-flags').locator('.flag.on')).toHaveCount(0)
  await expect(app.getByTestId('calc-registry')).toContainText('Shared Address Space')

  await input.fill('2001:DB8:0:0:1::1/64')
  await expect(app.getByTestId('calc-compressed')).toHaveText('2001:db8::1:0:0:1')
  await expect(app.getByTestId('calc-exploded')).toHaveText('2001:0db8:0000:0000:0001:0000:0000:0001')
  await expect(app.getByTestId('calc-count')).toHaveText('18,446,744,073,709,551,616')

  await input.fill('010.0.0.1')
  await expect(app.getByTestId('calc-error')).toContainText('leading zero')
  await input.fill('10.0.0.0 255.255.0.0')
  await expect(app.getByTestId('calc-network')).toHaveText('10.0.0.0/16')
})

test('split a /16 into /24s and scroll to the last one', async ({ app }) => {
  await app.getByRole('tab', { name: 'Split & merge' }).click()
  await app.getByLabel('Network to split').fill('10.99.0.0/16')
  await app.getByLabel('Split value').fill('24')
  await expect(app.getByTestId('split-summary')).toHaveText('10.99.0.0/16 → 256 × /24')
  const list = app.getByTestId('split-list')
  await expect(list).toHaveAttribute('aria-rowcount', '256')
  await list.evaluate((el) => {
    el.scrollTop = el.scrollHeight
  })
  await expect(list.getByText('10.99.255.0/24')).toBeVisible()
  await expect(list.getByText('10.99.255.254')).toBeVisible()
  // A /48 into /64s: 65,536 rows, still only a screenful in the page.
  await app.getByLabel('Network to split').fill('2001:db8:1::/48')
  await app.getByLabel('Split value').fill('64')
  await expect(list).toHaveAttribute('aria-rowcount', '65536')
  expect(await list.locator('.vrow').count()).toBeLessThan(60)
  await list.evaluate((el) => {
    el.scrollTop = el.scrollHeight
  })
  await expect(list.getByText('2001:db8:1:ffff::/64')).toBeVisible()
})

test('look up port 443 and the name ssh', async ({ app }) => {
  await app.getByRole('tab', { name: 'Ports' }).click()
  const input = app.getByLabel('Port or service')
  await input.fill('443')
  const answer = app.getByTestId('port-answer')
  await expect(answer).toContainText('Port 443: System port (0–1023)')
  await expect(answer.locator('tr', { hasText: 'tcp' })).toContainText('https')
  await input.fill('ssh')
  await expect(answer).toContainText('Service “ssh”')
  await expect(answer.locator('tr', { hasText: 'tcp' }).first()).toContainText('22')
  await input.fill('70000')
  await expect(app.getByRole('alert')).toContainText('70000 is not a port number')
})

test('this machine: interfaces open in the calculator', async ({ app }) => {
  await app.getByRole('tab', { name: 'This machine' }).click()
  await expect(app.getByTestId('interfaces')).toContainText('127.0.0.1/8')
  await app.getByRole('button', { name: '127.0.0.1/8' }).click()
  await expect(app.getByTestId('calc-network')).toHaveText('127.0.0.0/8')
  await expect(app.getByTestId('calc-flags').locator('.flag.on')).toHaveText(['private', 'loopback'])
})

test('the calculator does not mislead: multicast, a single host, a host name, private space', async ({ app }) => {
  const input = app.getByLabel('Address or network')
  await input.fill('224.0.0.1')
  await expect(app.getByTestId('calc-multicast')).toContainText('224.0.0.0/24 Local Network Control Block')
  await expect(app.getByTestId('calc-multicast')).toContainText('RFC 5771')
  await expect(app.getByText('ordinary address space')).toHaveCount(0)
  await expect(app.getByTestId('calc-broadcast')).toHaveText('none: multicast group addresses (RFC 5771) have no broadcast')
  await expect(app.getByTestId('calc-hosts')).toHaveText('224.0.0.1 (one group address)')
  await shoot(app, 'multicast')

  await input.fill('239.1.0.0/16')
  await expect(app.getByTestId('calc-broadcast')).toHaveText('none: multicast group addresses (RFC 5771) have no broadcast')
  await expect(app.getByTestId('calc-hosts')).toHaveText('239.1.0.0 – 239.1.255.255')

  await input.fill('203.0.113.9/32')
  await expect(app.getByTestId('calc-broadcast')).toContainText('no network or broadcast address')
  await expect(app.getByTestId('calc-hosts')).toHaveText('203.0.113.9 (a single host)')
  await input.fill('192.0.2.6/31')
  await expect(app.getByTestId('calc-broadcast')).toContainText('point-to-point link (RFC 3021)')

  await input.fill('example.com')
  await expect(app.getByTestId('calc-error')).toContainText("'example.com' is a host name, not an IP address")
  await expect(app.getByTestId('calc-error')).toContainText('the DNS tab is not built yet')
  await expect(app.getByTestId('calc-error')).not.toContainText('octet')
  await shoot(app, 'host-name')

  await input.fill('192.168.10.37/24')
  await expect(app.getByTestId('calc-rir')).toHaveText('IANA reserved, RFC 1918 (Private-Use); no RIR administers it')
  await input.fill('8.8.8.8')
  await expect(app.getByTestId('calc-rir')).toHaveText('ARIN')
  await input.fill('192.168.10.37/26')
  await shoot(app, 'private')
})

test('a split by count says how it rounds; ports refuse numbers that are not ports', async ({ app }) => {
  await app.getByRole('tab', { name: 'Split & merge' }).click()
  await app.getByLabel('Network to split').fill('192.168.0.0/24')
  await app.getByLabel('Split by').selectOption('count')
  await app.getByLabel('Split value').fill('3')
  await expect(app.getByTestId('split-summary')).toHaveText('192.168.0.0/24 → 4 × /26')
  await expect(app.getByTestId('split-rounding')).toHaveText('3 subnets need 2 bits → 4 subnets of /26 (equal subnets come in powers of two; 1 spare)')
  await shoot(app, 'split-count')
  await app.getByLabel('Split value').fill('4')
  await expect(app.getByTestId('split-summary')).toHaveText('192.168.0.0/24 → 4 × /26')
  await expect(app.getByTestId('split-rounding')).toHaveCount(0)

  await app.getByRole('tab', { name: 'Ports' }).click()
  const input = app.getByLabel('Port or service')
  for (const [query, words] of [
    ['-1', 'ports are never negative'],
    ['3.5', 'ports are whole numbers'],
    ['1e3', 'without an exponent']
  ]) {
    await input.fill(query!)
    await expect(app.getByRole('alert')).toContainText(`'${query}' is not a port number`)
    await expect(app.getByRole('alert')).toContainText(words!)
    await expect(app.getByTestId('port-answer')).toHaveCount(0)
  }
  await shoot(app, 'ports')
})
