// Sub-tab strips and segmented controls follow the WAI-ARIA tabs and radio group patterns: one Tab stop per group,
// arrow keys, Home and End move the focus and select, so a keyboard user reaches every section.
import { test, expect } from './fixtures'
import type { Locator } from '@playwright/test'

/** Exactly one option of a group is in the Tab order, and it is the selected one. */
async function expectOneTabStop(group: Locator, selected: Locator): Promise<void> {
  await expect(group.locator('[tabindex="0"]')).toHaveCount(1)
  await expect(selected).toHaveAttribute('tabindex', '0')
}

test('the Connections mode switch: arrows, Home and End select Client, Server and UDP and change the form', async ({ app }) => {
  const group = app.getByRole('radiogroup', { name: 'What to open' })
  const client = group.getByRole('radio', { name: 'Client', exact: true })
  await expectOneTabStop(group, client)
  await client.focus()
  await app.keyboard.press('ArrowRight')
  const server = group.getByRole('radio', { name: 'Server' })
  await expect(server).toBeFocused()
  await expect(server).toHaveAttribute('aria-checked', 'true')
  await expect(app.getByRole('button', { name: 'Start server' })).toBeVisible()
  await expectOneTabStop(group, server)
  await app.keyboard.press('End')
  await expect(group.getByRole('radio', { name: 'UDP' })).toHaveAttribute('aria-checked', 'true')
  await expect(group.getByRole('radio', { name: 'UDP' })).toBeFocused()
  await app.keyboard.press('ArrowRight')
  // Past the last option the focus wraps to the first, as the pattern asks.
  await expect(client).toHaveAttribute('aria-checked', 'true')
  await expect(client).toBeFocused()
  await app.keyboard.press('ArrowLeft')
  await expect(group.getByRole('radio', { name: 'UDP' })).toHaveAttribute('aria-checked', 'true')
  await app.keyboard.press('Home')
  await expect(client).toHaveAttribute('aria-checked', 'true')
  await expect(app.getByRole('button', { name: 'Connect', exact: true })).toBeVisible()
})

test('the payload format switch: Tab reaches the selected option once, and an arrow picks Hex', async ({ app }) => {
  await app.getByRole('radio', { name: 'UDP' }).click()
  const group = app.getByRole('radiogroup', { name: 'Payload format' })
  await expectOneTabStop(group, group.getByRole('radio', { name: 'Text' }))
  await group.getByRole('radio', { name: 'Text' }).focus()
  await app.keyboard.press('ArrowDown')
  await expect(group.getByRole('radio', { name: 'Hex' })).toHaveAttribute('aria-checked', 'true')
  await app.getByLabel('Data to send').fill('48 65 6')
  await expect(app.getByRole('alert')).toContainText('odd number of digits')
})

test('Subnets sections: arrows, Home and End move between the sub-tabs and show each section', async ({ app }) => {
  await app.getByRole('tab', { name: 'Subnets' }).click()
  const strip = app.getByRole('tablist', { name: 'Subnets sections' })
  const calc = strip.getByRole('tab', { name: 'Calculator' })
  await expectOneTabStop(strip, calc)
  await calc.focus()
  await app.keyboard.press('ArrowRight')
  await expect(strip.getByRole('tab', { name: 'Split & merge' })).toHaveAttribute('aria-selected', 'true')
  await expect(strip.getByRole('tab', { name: 'Split & merge' })).toBeFocused()
  await expect(app.getByLabel('Network to split')).toBeVisible()
  await app.keyboard.press('End')
  await expect(strip.getByRole('tab', { name: 'This machine' })).toHaveAttribute('aria-selected', 'true')
  await expect(app.getByTestId('interfaces')).toContainText('127.0.0.1/8')
  await app.keyboard.press('ArrowLeft')
  await expect(strip.getByRole('tab', { name: 'Ports' })).toHaveAttribute('aria-selected', 'true')
  await expect(app.getByLabel('Port or service')).toBeVisible()
  await app.keyboard.press('Home')
  await expect(calc).toHaveAttribute('aria-selected', 'true')
  await expect(app.getByLabel('Address or network')).toBeVisible()
  // Up and Down belong to the page in a horizontal tab strip: they select nothing.
  await app.keyboard.press('ArrowDown')
  await expect(calc).toHaveAttribute('aria-selected', 'true')
})

test('Certificates sections and what to generate answer arrows too', async ({ app }) => {
  await app.getByRole('tab', { name: 'Certificates' }).click()
  const strip = app.getByRole('tablist', { name: 'Certificates sections' })
  await strip.getByRole('tab', { name: /Open & inspect/ }).focus()
  await app.keyboard.press('End')
  await expect(strip.getByRole('tab', { name: 'Generate' })).toHaveAttribute('aria-selected', 'true')
  const kinds = app.getByRole('radiogroup', { name: 'What to generate' })
  const selected = kinds.locator('[aria-checked="true"]')
  await expectOneTabStop(kinds, selected)
  await selected.focus()
  await app.keyboard.press('Home')
  await expect(kinds.getByRole('radio', { name: 'Self-signed certificate' })).toHaveAttribute('aria-checked', 'true')
  await app.keyboard.press('ArrowRight')
  await expect(kinds.getByRole('radio', { name: 'Local lab PKI' })).toHaveAttribute('aria-checked', 'true')
  await expect(kinds.getByRole('radio', { name: 'Local lab PKI' })).toBeFocused()
  await expect(app.getByText('Leaf subject')).toBeVisible()
})
