// A large certificate file opens in a worker thread (the built out/main/x509-worker.js): same result as opening
// inline, and the main thread keeps serving meanwhile.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createSession } from '../src/main/host/session'
import type { GenerateResult, OpenedFile } from '../src/shared/contract'

const WORKER = join(process.cwd(), 'out', 'main', 'x509-worker.js')

describe.runIf(existsSync(WORKER))('opening large files off the main thread', () => {
  it('opens a 4 MB bundle in the worker while the event loop keeps ticking', async () => {
    process.env.WIREBENCH_X509_WORKER = WORKER
    const session = createSession(() => {}, 'browser')
    try {
      const gen = await session.router.call('x509.generate', { kind: 'pki', subject: 'CN=big.test', names: ['big.test'] })
      if (!gen.ok) throw new Error(gen.error.message)
      const pems = (gen.value as GenerateResult).artifacts.map((a) => a.certPem!).join('')
      const copies = Math.ceil((4 * 1024 * 1024) / pems.length)
      const bundle = Buffer.from(pems.repeat(copies))
      let ticks = 0
      const ticker = setInterval(() => ticks++, 10)
      const started = Date.now()
      const opened = await session.router.call('x509.open', { name: 'big.pem', data: bundle.toString('base64') })
      const took = Date.now() - started
      clearInterval(ticker)
      if (!opened.ok) throw new Error(opened.error.message)
      const file = opened.value as OpenedFile
      expect(file.items).toHaveLength(copies * 3)
      expect(file.items.at(-1)).toMatchObject({ kind: 'certificate', certificate: { subject: { text: 'CN=big.test' } } })
      // The event loop ran throughout: at least a third of the 10 ms ticks it could have had.
      expect(ticks).toBeGreaterThan(took / 10 / 3)
    } finally {
      delete process.env.WIREBENCH_X509_WORKER
      await session.dispose()
    }
  }, 60_000)
})
