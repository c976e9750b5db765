// Takes the README's screenshots of the real app (browser shell + Debian's Chromium). npm run build first.
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { chromium } from '@playwright/test'
import { chromiumPath, root } from './lib.mjs'

const out = join(root, 'docs', 'screenshots')
const child = spawn(process.execPath, [join(root, 'out', 'main', 'serve.js'), '--no-open'], { stdio: ['ignore', 'pipe', 'inherit'] })
const printed = await new Promise((resolve) => child.stdout.on('data', (d) => {
  const m = /Wirebench: (\S+)/.exec(String(d))
  if (m) resolve(m[1])
}))
// The printed address carries a one-time code: spend it once for the token address that both pages can open.
const url = new URL((await fetch(printed, { redirect: 'manual' })).headers.get('location'), printed).href
const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-gpu'] })
try {
  for (const scheme of ['light', 'dark']) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: scheme })
    await page.goto(url)
    await page.getByText('Connected to engines').waitFor()
    await page.getByRole('radio', { name: 'Server' }).click()
    await page.getByLabel('Behaviour').selectOption('upper')
    await page.getByText('TLS', { exact: true }).click()
    await page.getByRole('button', { name: 'Start server' }).click()
    const port = /:(\d+)/.exec(await page.getByTestId('server-listen').textContent())[1]
    await page.getByRole('radio', { name: 'Client', exact: true }).click()
    await page.getByLabel('Host').fill('localhost')
    await page.getByLabel('Port', { exact: true }).fill(port)
    await page.getByText('TLS', { exact: true }).click()
    await page.getByLabel('Verify certificate').uncheck()
    await page.getByRole('button', { name: 'Connect' }).click()
    await page.getByTestId('tls-summary').waitFor()
    for (const line of ['hello, server', 'GET / HTTP/1.1', 'tabs\tand \x01 control bytes']) {
      await page.getByLabel('Data to send').fill(line)
      await page.getByLabel('Data to send').press('Enter')
    }
    await page.waitForTimeout(300)
    await page.screenshot({ path: join(out, `connections-client-${scheme}.png`) })
    await page.getByRole('radio', { name: 'Hex' }).first().click()
    await page.screenshot({ path: join(out, `connections-hex-${scheme}.png`) })
    await page.getByRole('button', { name: /^TLS upper on/ }).click()
    await page.locator('.table-row').first().click()
    await page.waitForTimeout(300)
    await page.screenshot({ path: join(out, `connections-server-${scheme}.png`) })
    await page.getByRole('tab', { name: 'Subnets' }).click()
    await page.getByLabel('Address or network').fill('2001:db8:cafe:17::42/56')
    await page.screenshot({ path: join(out, `subnets-calculator-${scheme}.png`) })
    await page.getByRole('tab', { name: 'Split & merge' }).click()
    await page.screenshot({ path: join(out, `subnets-split-${scheme}.png`) })
    await page.getByRole('tab', { name: 'Certificates' }).click()
    await page.getByRole('tab', { name: 'Generate' }).click()
    await page.getByRole('radio', { name: 'Local lab PKI' }).click()
    await page.getByLabel('Subject', { exact: true }).fill('CN=localhost')
    await page.getByLabel('Subject alternative names').fill('localhost, 127.0.0.1')
    await page.getByRole('button', { name: 'Generate', exact: true }).click()
    await page.getByTestId('generated').waitFor()
    await page.getByRole('tab', { name: /Open & inspect/ }).click()
    await page.waitForTimeout(300)
    await page.screenshot({ path: join(out, `certificates-inspect-${scheme}.png`) })
    await page.getByRole('radio', { name: 'ASN.1 & hex' }).click()
    await page.waitForTimeout(300)
    await page.screenshot({ path: join(out, `certificates-asn1-${scheme}.png`) })
    await page.getByRole('tab', { name: 'Verify', exact: true }).click()
    await page.getByRole('checkbox', { name: 'Trust #1 as a root' }).check()
    await page.getByRole('button', { name: 'Verify', exact: true }).click()
    await page.getByTestId('verify-verdict').waitFor()
    // The Verify button sits low in a tall form: bring the verdict, the point of the picture, into view.
    await page.getByTestId('verify-verdict').scrollIntoViewIfNeeded()
    await page.waitForTimeout(300)
    await page.screenshot({ path: join(out, `certificates-verify-${scheme}.png`) })
    await page.close()
  }
} finally {
  await browser.close()
  child.kill('SIGINT')
}
