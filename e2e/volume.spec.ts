// Volume: a client that sends 10,000 lines makes a transcript of 20,000+ rows, which must stay quick to open
// and scroll (virtualized), with every line accounted for.
import net from 'node:net'
import { test, expect } from './fixtures'

test('a transcript of 10,000 lines each way scrolls to its last line at once', async ({ app }) => {
  await app.getByRole('radio', { name: 'Server' }).click()
  await app.getByLabel('Behaviour').selectOption('upper')
  await app.getByRole('button', { name: 'Start server' }).click()
  const port = Number(/:(\d+)/.exec((await app.getByTestId('server-listen').textContent()) ?? '')![1])

  const lines = Array.from({ length: 10_000 }, (_, i) => `line ${String(i).padStart(5, '0')}\n`).join('')
  const echoed = await new Promise<number>((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(lines))
    let got = 0
    socket.on('data', (d) => {
      got += d.length
      if (got >= lines.length) {
        resolve(got)
        socket.end()
      }
    })
    socket.on('error', reject)
  })
  expect(echoed).toBe(lines.length)

  await app.locator('.table-row').first().click()
  await expect(app.getByTestId('stream-counters')).toContainText('sent 107.4 KiB · received 107.4 KiB')
  const transcript = app.getByTestId('transcript-text')
  const rows = Number(await transcript.getAttribute('aria-rowcount'))
  expect(rows).toBeGreaterThanOrEqual(20_000)
  // Only what is on screen is in the DOM.
  expect(await transcript.locator('.vrow').count()).toBeLessThan(120)
  const started = Date.now()
  await transcript.evaluate((el) => {
    el.scrollTop = el.scrollHeight
  })
  await expect(transcript.locator('.t-out-row').filter({ hasText: 'LINE 09999' })).toHaveCount(1)
  await transcript.evaluate((el) => {
    el.scrollTop = 0
  })
  await expect(transcript.locator('.t-in-row').filter({ hasText: 'line 00000' })).toHaveCount(1)
  expect(Date.now() - started).toBeLessThan(2000)
})
