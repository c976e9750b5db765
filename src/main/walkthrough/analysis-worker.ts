// The worker side of a walkthrough's analysis: decryption, parsing and step building (analyse.ts) run here, so a
// 2,000-record download costs this thread, not main's event loop (ARCHITECTURE: CPU-heavy parsing never runs there).
// Built as its own entry (out/main/walk-worker.js); tests load this source through the pool's development loader.
import { parentPort, workerData } from 'node:worker_threads'
import { toWireError, type WireError } from '../../shared/errors'
import { analyseWalk, primeWalk, type AnalysisJob, type AnalysisResult, type PrimeJob } from './analyse'
import { memoHits } from './memo'
import { packSteps, type PackedSteps } from './step-detail'
import { WARM_UP_WALKS, warmUpWalk } from './warm-up'

export interface AnalysisRequest {
  id: number
  job: AnalysisJob
}

/** A walk explained: its steps without their detail, which travels as text in `detail` (step-detail.ts). */
export type AnalysisReply = { id: number; ok: true; value: AnalysisResult; detail: Omit<PackedSteps, 'steps'> } | { id: number; ok: false; error: WireError }

/** The connection so far, sent ahead (no reply): its work is remembered for the AnalysisRequest that follows. */
export interface PrimeRequest {
  prime: PrimeJob
  /** Tests: answer { primed: ack, ran } once it was done (ran) or dropped for a newer prime or an analysis. */
  ack?: number
}

/** A recording is starting: the warm-up ends (as with any message), nothing else. */
export interface QuietRequest {
  quiet: true
}

export interface PrimeAck {
  primed: number
  ran: boolean
}

const data = workerData as { wirebenchWalk?: boolean; warmUp?: boolean } | undefined
if (parentPort && data?.wirebenchWalk) {
  const port = parentPort
  // The session's warm worker compiles its hot paths while the app is idle (warm-up.ts), one walk per turn of the
  // event loop so a real walk's messages come first; the first real message ends it (real walks warm it from there).
  let warming = data.warmUp === true
  let warmed = 0
  const warmUp = (): void => {
    if (!warming) return
    try {
      warmUpWalk(warmed)
    } catch {
      warming = false // never expected; a cold worker still explains walks
    }
    if (++warmed >= WARM_UP_WALKS) warming = false
    if (warming) setImmediate(warmUp)
    else port.postMessage({ warm: true })
  }
  let pending: PrimeRequest | null = null
  const acked = (r: PrimeRequest | null, ran: boolean): void => {
    if (r?.ack !== undefined) port.postMessage({ primed: r.ack, ran } satisfies PrimeAck)
  }
  const runPrime = (): void => {
    const r = pending
    pending = null
    if (!r) return
    try {
      primeWalk(r.prime)
    } catch {
      // a prime is only a head start: the analysis that follows does the work itself and reports what fails
    }
    acked(r, true)
  }
  port.on('message', (request: AnalysisRequest | PrimeRequest | QuietRequest) => {
    if (warming) {
      warming = false
      port.postMessage({ warm: true })
    }
    if ('quiet' in request) return
    if ('prime' in request) {
      // Primes come as the connection's bytes arrive, each holding all so far: of those queued only the latest is
      // worth doing (it holds what the others did), and an analysis that arrives first drops it.
      if (!pending) setImmediate(runPrime)
      acked(pending, false)
      pending = request
      return
    }
    acked(pending, false)
    pending = null
    try {
      const hits = memoHits()
      const { steps, ...rest } = analyseWalk(request.job)
      rest.primedHits = memoHits() - hits
      // each step's bytes and spans go as JSON text, decoded on main only when read (step-detail.ts)
      const { steps: light, ...detail } = packSteps(steps)
      port.postMessage({ id: request.id, ok: true, value: { ...rest, steps: light }, detail } satisfies AnalysisReply)
    } catch (err) {
      port.postMessage({ id: request.id, ok: false, error: toWireError(err) } satisfies AnalysisReply)
    }
  })
  port.postMessage({ ready: true })
  if (warming) setImmediate(warmUp)
}
