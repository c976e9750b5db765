// The worker's head start (the handshake handed over while the request is on the wire) changes nothing a user sees:
// the walk it primed is explained exactly as one analysed from nothing, in a real analysis worker.
import { afterAll, describe, expect, it } from 'vitest'
import { analyseInWorker, closeAnalysisWorkers, primeAnalysis } from './analysis-pool'
import { warmJob } from './warm-up'

afterAll(() => closeAnalysisWorkers())

describe('priming the analysis worker', () => {
  it('explains a primed walk exactly as an unprimed one', async () => {
    // an unprimed walk first (in development the worker compiles its TypeScript; the same worker then waits, warm)
    const fromNothing = await analyseInWorker(warmJob(false, 100).job)
    expect(fromNothing.tls?.decrypted).toBe(true)
    const { job, prime } = warmJob(false, 100)
    primeAnalysis(prime)
    const primed = await analyseInWorker(job)
    expect(JSON.stringify(primed)).toBe(JSON.stringify(fromNothing))
    expect(primed.steps.find((s) => s.kind === 'tls-certificate-verify')?.title).toMatch(/checked here/)
  }, 60_000)

  it('a prime that arrives for nothing (no analysis follows) leaves the next walk intact', async () => {
    primeAnalysis(warmJob(true, 5).prime)
    const r = await analyseInWorker(warmJob(false, 7).job)
    expect(r.steps.find((s) => s.kind === 'http-response')?.title).toBe('HTTP response: HTTP/1.1 200 OK')
  }, 60_000)
})
