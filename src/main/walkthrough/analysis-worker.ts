// The worker side of a walkthrough's analysis: decryption, parsing and step building (analyse.ts) run here, so a
// 2,000-record download costs this thread, not main's event loop (ARCHITECTURE: CPU-heavy parsing never runs there).
// Built as its own entry (out/main/walk-worker.js); tests load this source through the pool's development loader.
import { parentPort, workerData } from 'node:worker_threads'
import { toWireError, type WireError } from '../../shared/errors'
import { analyseWalk, primeWalk, type AnalysisJob, type AnalysisResult, type PrimeJob } from './analyse'
import { packSteps, type PackedSteps } from './step-detail'
import { WARM_UP_WALKS, warmUpWalk } from './warm-up'

export interface AnalysisRequest {
  id: number
  job: AnalysisJob
}

/** A walk explained: its steps without their detail, which travels as text in `detail` (step-detail.ts). */
export type AnalysisReply = { id: number; ok: true; value: AnalysisResult; detail: Omit<PackedSteps, 'steps'> } | { id: number; ok: false; error: WireError }

/** The handshake sent ahead (no reply): its work is remembered for the AnalysisRequest that follows. */
export interface PrimeRequest {
  prime: PrimeJob
}

const data = workerData as { wirebenchWalk?: boolean; warmUp?: boolean } | undefined
if (parentPort && data?.wirebenchWalk) {
  const port = parentPort
  // The session's warm worker compiles its hot paths while the app is idle (warm-up.ts), one walk per turn of the
  // event loop so a real walk's messages come first; the first walk to analyse ends it (real walks warm it from there).
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
  let pending: PrimeJob | null = null
  const runPrime = (): void => {
    const p = pending
    pending = null
    if (!p) return
    try {
      primeWalk(p)
    } catch {
      // a prime is only a head start: the analysis that follows does the work itself and reports what fails
    }
  }
  port.on('message', (request: AnalysisRequest | PrimeRequest) => {
    // a prime goes between two warm-up walks (setImmediate turns); a walk's analysis ends the warm-up
    if (warming && !('prime' in request)) {
      warming = false
      port.postMessage({ warm: true })
    }
    if ('prime' in request) {
      // Primes come as the connection's bytes arrive, each holding all so far: only the latest queued one is worth
      // doing (the memo keeps what the earlier ones did), and an analysis that arrives first drops it.
      if (!pending) setImmediate(runPrime)
      pending = request.prime
      return
    }
    pending = null
    try {
      const { steps, ...rest } = analyseWalk(request.job)
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
