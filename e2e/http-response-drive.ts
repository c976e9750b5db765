// Drives the HTTP tab's request section the way a user does (URL, forced address, CA, the raw editor, Send) so the
// response view specs and the contrast walk get real responses from a loopback nginx to look at.
import type { Page } from '@playwright/test'
import { expect } from './fixtures'

export interface SendOptions {
  /** http(s)://host:port/path — fills host, port, TLS, request line and Host. */
  url: string
  /** Connect here instead of looking the host up (curl --resolve). */
  address?: string
  /** Extra CA (PEM) for TLS. */
  caPem?: string
  /** The whole request as typed; CR written as \r (shown as ␍ in the editor). */
  raw?: string
  protocol?: 'HTTP/1.1' | 'HTTP/2'
  storeCookies?: boolean
}

/** Fills the target bar and the raw editor without sending. */
export async function prepare(app: Page, o: SendOptions): Promise<void> {
  if (!(await app.getByLabel('URL', { exact: true }).isVisible())) {
    await app.getByRole('tab', { name: 'HTTP', exact: true }).click()
    await app.getByRole('tab', { name: 'Request', exact: true }).click()
  }
  await app.getByLabel('URL', { exact: true }).fill(o.url)
  await app.getByLabel('Connect to address').fill(o.address ?? '')
  await app.getByRole('radio', { name: o.protocol ?? 'HTTP/1.1', exact: true }).click()
  if (o.caPem) {
    const box = app.getByLabel('Extra CA certificates')
    if (!(await box.isVisible())) await app.locator('summary', { hasText: 'Extra CA certificates' }).click()
    await box.fill(o.caPem)
  }
  if (o.raw !== undefined) await app.getByLabel('Raw request').fill(o.raw.replaceAll('\r', '␍'))
  const store = app.getByRole('checkbox', { name: 'Store cookies in the jar' })
  if ((await store.isChecked()) !== Boolean(o.storeCookies)) await store.click()
}

/**
 * Sends what is prepared and waits for the answer using CSS and test ids only: role queries walk the accessibility of
 * the whole page on every poll, long tasks of their own that would be counted against the view.
 */
export async function sendPrepared(app: Page): Promise<void> {
  await app.locator('form[aria-label="Target"] button[type="submit"]').click()
  await expect(app.locator('form[aria-label="Target"] button[type="submit"]')).toBeVisible({ timeout: 20_000 })
  await expect(app.getByTestId('http-response')).toBeVisible()
}

export async function sendFromUi(app: Page, o: SendOptions): Promise<void> {
  await prepare(app, o)
  await app.getByRole('button', { name: 'Send', exact: true }).click()
  // While the job runs the button reads Cancel; Send again means it ended.
  await expect(app.getByRole('button', { name: 'Send', exact: true })).toBeVisible({ timeout: 20_000 })
  await expect(app.getByTestId('http-error')).toHaveCount(0)
  await expect(app.getByTestId('http-response')).toBeVisible()
}

/** Opens a pane by its id (parsed, raw, hex…) with a CSS selector: no accessibility walk. */
export const paneById = (app: Page, id: string): Promise<void> => app.locator(`#resp-tab-${id}`).click()

/** Opens one pane of the response view. */
export async function pane(app: Page, name: string | RegExp): Promise<void> {
  await app.getByRole('tablist', { name: 'Response panes' }).getByRole('tab', { name }).click()
}

/** A request with CRLF line endings. */
export const crlf = (...lines: string[]): string => `${lines.join('\r\n')}\r\n\r\n`
