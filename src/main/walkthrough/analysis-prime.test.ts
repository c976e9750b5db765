// The worker's head start (the handshake handed over while the request is on the wire) changes nothing a user sees:
// the walk it primed is explained exactly as one analysed from nothing, in a real analysis worker.
import { afterAll, describe, expect, it } from 'vitest'
import { analyseInWorker, closeAnalysisWorkers, primeAnalysis } from './analysis-pool'
import { analyseWalk, primeWalk, speculationsUsed } from './analyse'
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

  it('takes the TLS steps a live prime built ahead only for the same walk and the same bytes', async () => {
    const fromNothing = await analyseInWorker(warmJob(false, 300).job)
    // a live feed's last prime: the whole connection with the connector's facts, then that walk's analysis
    const a = warmJob(false, 300)
    const aTap = structuredClone(a.job.tap)
    primeAnalysis({ walk: 'walk-a', tap: structuredClone(a.job.tap), keylog: a.job.keylog, tls: a.job.tls, request: null })
    const ahead = await analyseInWorker({ ...a.job, walk: 'walk-a' })
    expect(JSON.stringify(ahead)).toBe(JSON.stringify(fromNothing))
    // another walk with bytes of the same lengths (a second walk of the same page, at other times) builds its own
    const other = await analyseInWorker(warmJob(false, 900).job)
    const b = warmJob(false, 900)
    primeAnalysis({ walk: 'walk-b', tap: aTap, keylog: a.job.keylog, tls: a.job.tls, request: null })
    const notMine = await analyseInWorker({ ...b.job, walk: 'walk-c' })
    expect(JSON.stringify(notMine)).toBe(JSON.stringify(other))
    // the same walk whose connection brought more bytes after its last prime builds from all of them
    const c = warmJob(false, 1500)
    const fewer = structuredClone(c.job.tap)
    fewer.in = { bytes: fewer.in.bytes.subarray(0, fewer.in.starts[3]).slice(), starts: fewer.in.starts.slice(0, 3), ats: fewer.in.ats.slice(0, 3) }
    primeAnalysis({ walk: 'walk-d', tap: fewer, keylog: c.job.keylog, tls: c.job.tls, request: null })
    const all = await analyseInWorker({ ...c.job, walk: 'walk-d' })
    expect(all.steps.find((s) => s.kind === 'http-response')?.title).toBe('HTTP response: HTTP/1.1 200 OK')
    expect(JSON.stringify(all)).toBe(JSON.stringify(await analyseInWorker(warmJob(false, 1500).job)))
  }, 60_000)

  it('uses the TLS steps built ahead when nothing came after the last prime, and builds anew when something did', () => {
    const fromNothing = analyseWalk(warmJob(true, 40).job)
    const a = warmJob(true, 40)
    primeWalk({ walk: 'x', tap: a.job.tap, keylog: a.job.keylog, tls: a.job.tls, request: null })
    const before = speculationsUsed()
    expect(JSON.stringify(analyseWalk({ ...a.job, walk: 'x' }))).toBe(JSON.stringify(fromNothing))
    expect(speculationsUsed()).toBe(before + 1)
    // the connector's facts differ from the prime's (an ALPN the prime did not know): built anew, with them
    const b = warmJob(true, 40)
    primeWalk({ walk: 'y', tap: b.job.tap, keylog: b.job.keylog, tls: { ...b.job.tls!, alpn: 'http/1.1' }, request: null })
    const r = analyseWalk({ ...b.job, walk: 'y' })
    expect(speculationsUsed()).toBe(before + 1)
    expect(r.tls?.alpn).toBe('h2')
  })

  it('a prime that arrives for nothing (no analysis follows) leaves the next walk intact', async () => {
    primeAnalysis(warmJob(true, 5).prime)
    const r = await analyseInWorker(warmJob(false, 7).job)
    expect(r.steps.find((s) => s.kind === 'http-response')?.title).toBe('HTTP response: HTTP/1.1 200 OK')
  }, 60_000)
})
