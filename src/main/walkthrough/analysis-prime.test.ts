// The worker's head start (the live feed hands over the connection as its bytes arrive) changes nothing a user sees:
// the walk it primed is explained exactly as one analysed from nothing, in a real analysis worker; and the work done
// ahead is really used.
import { afterAll, describe, expect, it } from 'vitest'
import { analyseInWorker, closeAnalysisWorkers, primeAnalysis, primeAnalysisDone } from './analysis-pool'
import type { AnalysisResult } from './analyse'
import { packSteps } from './step-detail'
import { analyseWalk, primeWalk } from './analyse'
import { warmJob } from './warm-up'

afterAll(() => closeAnalysisWorkers())

/** What a user sees of an analysis (the diagnostic count of results found made ahead left out). */
const shown = ({ primedHits: _hits, ...rest }: AnalysisResult): string => JSON.stringify(rest)

describe('priming the analysis worker', () => {
  it('explains a primed walk exactly as an unprimed one, with the handshake’s work found done', async () => {
    // an unprimed walk first (in development the worker compiles its TypeScript; the same worker then waits, warm)
    const fromNothing = await analyseInWorker(warmJob(false, 100).job)
    expect(fromNothing.tls?.decrypted).toBe(true)
    expect(fromNothing.primedHits).toBe(0)
    const { job, prime } = warmJob(false, 100)
    expect(await primeAnalysisDone(prime)).toBe(true)
    const primed = await analyseInWorker(job)
    expect(shown(primed)).toBe(shown(fromNothing))
    expect(primed.primedHits).toBeGreaterThan(5) // records opened, keys derived, proofs checked, messages and request parsed
    expect(primed.steps.find((s) => s.kind === 'tls-certificate-verify')?.title).toMatch(/checked here/)
  }, 60_000)

  it('every prime is done or dropped for a newer one or an analysis, never left waiting; the newest is done', async () => {
    // back to back, the first may be dropped (both waiting in the worker's queue) or done (the worker was quicker)
    const first = primeAnalysisDone({ ...warmJob(true, 200).prime, tls: { protocol: null, cipher: '', alpn: null } })
    const second = primeAnalysisDone(warmJob(true, 200).prime)
    expect(typeof (await first)).toBe('boolean')
    expect(await second).toBe(true)
    const c = warmJob(true, 300)
    const raced = primeAnalysisDone(c.prime)
    const r = await analyseInWorker(c.job)
    expect(typeof (await raced)).toBe('boolean')
    expect(r.steps.find((s) => s.kind === 'http-response')?.title).toBe('HTTP response: HTTP/2 200 OK')
  }, 60_000)

  it('a prime that arrives for nothing (no analysis follows) leaves the next walk intact', async () => {
    primeAnalysis(warmJob(true, 5).prime)
    const r = await analyseInWorker(warmJob(false, 7).job)
    expect(r.steps.find((s) => s.kind === 'http-response')?.title).toBe('HTTP response: HTTP/1.1 200 OK')
  }, 60_000)

  it('in one thread: the ClientHello’s detail packed ahead is the very text packing would make', () => {
    const { job, prime } = warmJob(false, 40)
    const fromNothing = packSteps(analyseWalk(warmJob(false, 40).job).steps)
    primeWalk(prime)
    const ahead = packSteps(analyseWalk(job).steps)
    expect(ahead).toEqual(fromNothing)
    const hello = ahead.steps.findIndex((s) => s.kind === 'tls-client-hello')
    expect(ahead.details[hello]!.length).toBeGreaterThan(2000) // every suite and extension explained
  })
})
