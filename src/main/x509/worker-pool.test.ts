// Issue 8 item 2: opening a crafted file costs a worker, never main. A thousand keys open in about a second, a
// PKCS#12 that asks for ten million derivation rounds ends with BUDGET_EXCEEDED, the budget is per file (summed
// over every derivation), a parse can be cancelled, and a heap-hungry file meets the memory budget.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WirebenchError } from '../../shared/errors'
import { HostileFiles } from '../testing/hostile-files'
import { parseInWorker, parseWorkerCounts } from './worker-pool'

let files: HostileFiles
let manyKeys: string
let macHeavy: string
let legacy: string

beforeAll(async () => {
  files = new HostileFiles()
  manyKeys = files.manyKeys(1000)
  macHeavy = files.macHeavyPkcs12(10_000_000)
  legacy = files.legacyPkcs12(400_000)
  // a warm worker, as the app has after its first file: the tests time parsing, not loading the parser
  await parseInWorker('open', { bytes: files.read('cert.pem') })
}, 120_000)
afterAll(() => files.remove())

async function failure(promise: Promise<unknown>): Promise<WirebenchError> {
  try {
    await promise
  } catch (err) {
    if (err instanceof WirebenchError) return err
    throw err
  }
  throw new Error('expected the parse to fail')
}

describe('parsing in workers under a budget', () => {
  it('opens 1,000 plain EC keys in well under a few seconds, each exported once for the vault', async () => {
    const bytes = files.read(manyKeys)
    expect(bytes.length).toBeGreaterThan(200_000)
    const started = Date.now()
    const { result, keys } = await parseInWorker('open', { bytes, name: manyKeys })
    expect(Date.now() - started).toBeLessThan(3000)
    expect(result.items).toHaveLength(1000)
    expect(result.items.every((i) => i.kind === 'privateKey')).toBe(true)
    expect(keys).toHaveLength(1000)
    expect(new Set(keys.map((k) => k.publicKey.spkiSha256)).size).toBe(1000)
  }, 30_000)

  it('stops a PKCS#12 asking for 10^7 MAC rounds at the key-derivation budget, at once', async () => {
    const started = Date.now()
    const err = await failure(parseInWorker('open', { bytes: files.read(macHeavy), password: 'pw' }))
    expect(err.code).toBe('BUDGET_EXCEEDED')
    expect(err.message).toMatch(/10,000,000 iterations.*2,000,000/)
    expect(Date.now() - started).toBeLessThan(2000)
  })

  it('counts derivations per file: a legacy 3DES/RC2 file of 400,000 rounds each exceeds 2,000,000 in total', async () => {
    const err = await failure(parseInWorker('open', { bytes: files.read(legacy), password: 'pw' }))
    expect(err.code).toBe('BUDGET_EXCEEDED')
    expect(err.message).toMatch(/2,000,000 per file/)
    // with a budget that covers it, the same file opens: the certificate and the 3DES-shrouded key
    const { result, keys } = await parseInWorker('open', { bytes: files.read(legacy), password: 'pw' }, { budget: { kdfIterations: 5_000_000 } })
    expect(result.items.map((i) => i.kind).sort()).toEqual(['certificate', 'privateKey'])
    expect(result.items.find((i) => i.kind === 'privateKey')).toMatchObject({ key: { encryption: expect.stringMatching(/3-KeyTripleDES|TripleDES|3DES/i) } })
    expect(keys).toHaveLength(1)
  }, 30_000)

  it('ends at the time budget when the derivations are allowed but too slow, and stops the worker', async () => {
    const started = Date.now()
    const err = await failure(
      parseInWorker('open', { bytes: files.read(macHeavy), password: 'pw' }, { budget: { kdfIterations: 1e9, timeMs: 1000 } })
    )
    expect(err.code).toBe('BUDGET_EXCEEDED')
    expect(err.message).toMatch(/time budget of 1 s/)
    expect(Date.now() - started).toBeLessThan(2500)
    expect(parseWorkerCounts().running).toBe(0)
  }, 30_000)

  it('is cancelled by an AbortSignal: the promise ends at once and the worker stops burning CPU', async () => {
    const abort = new AbortController()
    const parse = parseInWorker('open', { bytes: files.read(macHeavy), password: 'pw' }, { signal: abort.signal, budget: { kdfIterations: 1e9 } })
    await new Promise((r) => setTimeout(r, 300))
    const abortedAt = Date.now()
    abort.abort()
    const err = await failure(parse)
    expect(err.code).toBe('CANCELLED')
    expect(Date.now() - abortedAt).toBeLessThan(200)
    expect(parseWorkerCounts().running).toBe(0)
    // the terminated worker no longer computes: the process uses little CPU over the next half second
    const cpu = process.cpuUsage()
    await new Promise((r) => setTimeout(r, 500))
    const used = process.cpuUsage(cpu)
    expect((used.user + used.system) / 1000).toBeLessThan(250)
  }, 30_000)

  it('reports the memory budget when a file needs more heap than a file may take', async () => {
    const cert = files.read('cert.pem')
    const bundle = new Uint8Array(Buffer.from(Buffer.from(cert).toString('latin1').repeat(8000), 'latin1'))
    const err = await failure(parseInWorker('open', { bytes: bundle }, { budget: { memoryMb: 16 } }))
    expect(err.code).toBe('BUDGET_EXCEEDED')
    expect(err.message).toMatch(/memory budget of 16 MB/)
  }, 60_000)

  it('refuses to start after the signal is already aborted', async () => {
    const err = await failure(parseInWorker('open', { bytes: files.read('cert.pem') }, { signal: AbortSignal.abort() }))
    expect(err.code).toBe('CANCELLED')
  })
})
