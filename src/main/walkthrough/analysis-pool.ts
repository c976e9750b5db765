// Runs a walkthrough's analysis (analyse.ts) in a worker thread with a time budget, a heap limit and a size cap on
// what is sent, so decrypting and explaining a big download never holds main's event loop. The same pattern as the
// certificate parser's pool (x509/worker-pool.ts): a warm worker is started when the walkthrough binding is made and
// reused across walks; one that hit its budget or was cancelled is terminated, never reused.
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import { WirebenchError } from '../../shared/errors'
import { createSlots } from '../core/slots'
import type { AnalysisJob, AnalysisResult, PrimeJob } from './analyse'
import type { AnalysisReply, AnalysisRequest, PrimeAck, PrimeRequest, QuietRequest } from './analysis-worker'
import { unpackSteps } from './step-detail'

/** Wall time for one walk's analysis (2,000 records of 16 KB take ~0.5 s on a slow machine). */
export const ANALYSIS_TIME_MS = 30_000
/** Bytes one job may hand over: the tap (16 MiB), the capture (64 MiB) and the engine's copy of the response. */
export const ANALYSIS_MAX_BYTES = 96 * 1024 * 1024
const HEAP_MB = 1024
/** Walks analysed at once (more wait their turn); warm workers kept between walks. */
const MAX_RUNNING = 2
const MAX_IDLE = 1
/** A worker that has not loaded its code by then is broken (in development the TypeScript is compiled first). */
const STARTUP_MS = 30_000

interface Pooled {
  worker: Worker
  ready: Promise<void>
  /** Settles when its warm-up is done or was cut short (at once for a worker started without one). */
  warm: Promise<void>
}

const idle: Pooled[] = []
let nextId = 1

/** The built entry (out/main/walk-worker.js), or (development, tests) this folder's TypeScript through jiti. */
function workerEntry(): { script: string; eval: boolean } {
  const here = typeof __dirname === 'string' ? __dirname : ''
  const built = [process.env.WIREBENCH_WALK_WORKER, here && join(here, 'walk-worker.js'), here && join(here, '..', 'walk-worker.js')]
  const script = built.find((p): p is string => typeof p === 'string' && p !== '' && existsSync(p))
  if (script) return { script, eval: false }
  const source = here && join(here, 'analysis-worker.ts')
  if (source && existsSync(source)) {
    const jiti = createRequire(source).resolve('jiti')
    return { script: `require(${JSON.stringify(jiti)}).createJiti(${JSON.stringify(source)})(${JSON.stringify(source)})`, eval: true }
  }
  throw new WirebenchError('INTERNAL', 'The walkthrough analyser (walk-worker.js) is missing from this build, so the recorded request cannot be explained.')
}

function spawn(warmUp = false): Pooled {
  const entry = workerEntry()
  const worker = new Worker(entry.script, { eval: entry.eval, workerData: { wirebenchWalk: true, warmUp }, resourceLimits: { maxOldGenerationSizeMb: HEAP_MB, maxYoungGenerationSizeMb: 64 } })
  // an idle worker that fails must not become an unhandled 'error' event on main
  worker.on('error', () => {})
  worker.once('exit', () => {
    const at = idle.findIndex((p) => p.worker === worker)
    if (at !== -1) idle.splice(at, 1)
  })
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the analyser did not start within ${STARTUP_MS / 1000} s`)), STARTUP_MS)
    const onMessage = (m: { ready?: boolean }) => {
      if (!m.ready) return
      clearTimeout(timer)
      worker.off('message', onMessage)
      resolve()
    }
    worker.on('message', onMessage)
    worker.once('error', (err) => {
      clearTimeout(timer)
      reject(err)
    })
  })
  ready.catch(() => {})
  const warm = !warmUp
    ? Promise.resolve()
    : new Promise<void>((resolve) => {
        const onWarm = (m: { warm?: boolean }) => {
          if (!m.warm) return
          worker.off('message', onWarm)
          resolve()
        }
        worker.on('message', onWarm)
        worker.once('exit', () => resolve())
      })
  return { worker, ready, warm }
}

const cancelled = (): WirebenchError => new WirebenchError('CANCELLED', 'The walkthrough was cancelled while its records were being decrypted and explained; nothing from it was kept.')
const slots = createSlots(MAX_RUNNING, cancelled)

/** The byte buffers of a job, each counted once: the size cap and the transfer list. */
function buffersOf(job: AnalysisJob): { size: number; transfer: ArrayBuffer[] } {
  const own = (b: Uint8Array): ArrayBuffer | null => (b.byteOffset === 0 && b.byteLength === b.buffer.byteLength && b.buffer instanceof ArrayBuffer ? b.buffer : null)
  const transfer = [job.tap.out.bytes, job.tap.in.bytes, job.http.raw].map(own).filter((b): b is ArrayBuffer => b !== null)
  const size = job.tap.out.bytes.length + job.tap.in.bytes.length + job.http.raw.length + job.packets.reduce((n, p) => n + p.bytes.length, 0)
  return { size, transfer: [...new Set(transfer)] }
}

/**
 * Analyses one walk in a worker. The job's own buffers (the tap's streams, the engine's bytes: made for this job, see
 * record.ts) are transferred, not copied; the packets are copied, since the recorder keeps them for the pcapng export.
 * Rejects with BUDGET_EXCEEDED, CANCELLED or INTERNAL, always a WirebenchError in words.
 */
export async function analyseInWorker(job: AnalysisJob, o: { signal?: AbortSignal; timeMs?: number } = {}): Promise<AnalysisResult> {
  const { size, transfer } = buffersOf(job)
  if (size > ANALYSIS_MAX_BYTES) throw new WirebenchError('BUDGET_EXCEEDED', `The recording holds ${Math.round(size / 1048576)} MiB, more than the ${ANALYSIS_MAX_BYTES / 1048576} MiB a walkthrough may analyse; walk a smaller request.`, 'budget=walk-bytes')
  if (o.signal?.aborted) throw cancelled()
  await slots.acquire(o.signal)
  let pooled: Pooled
  try {
    pooled = idle.pop() ?? spawn()
  } catch (err) {
    slots.release()
    throw err
  }
  const { worker } = pooled
  worker.ref()
  const timeMs = o.timeMs ?? ANALYSIS_TIME_MS
  return new Promise<AnalysisResult>((resolve, reject) => {
    const id = nextId++
    let timer: NodeJS.Timeout | undefined
    let settled = false
    const finish = (reusable: boolean, outcome: () => void) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      worker.off('message', onMessage)
      worker.off('error', onError)
      worker.off('exit', onExit)
      o.signal?.removeEventListener('abort', onAbort)
      if (reusable && idle.length < MAX_IDLE) {
        worker.unref()
        idle.push(pooled)
      } else void worker.terminate()
      slots.release()
      outcome()
    }
    const onMessage = (m: AnalysisReply | { ready: true }) => {
      if (!('id' in m) || m.id !== id) return
      finish(true, () => (m.ok ? resolve({ ...m.value, steps: unpackSteps({ steps: m.value.steps, ...m.detail }) }) : reject(new WirebenchError(m.error.code, `The recorded request could not be explained: ${m.error.message}`, m.error.detail))))
    }
    const onError = (err: Error & { code?: string }) => {
      const error =
        err.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new WirebenchError('BUDGET_EXCEEDED', `Explaining this recording needed more than the ${HEAP_MB} MB a walkthrough may use, so it was stopped; walk a smaller request.`, 'budget=memory')
          : new WirebenchError('INTERNAL', 'The walkthrough analyser stopped unexpectedly.', err.message)
      finish(false, () => reject(error))
    }
    const onExit = (code: number) => finish(false, () => reject(new WirebenchError('INTERNAL', 'The walkthrough analyser stopped unexpectedly.', `worker exit ${code}`)))
    const onAbort = () => finish(false, () => reject(cancelled()))
    worker.on('message', onMessage)
    worker.once('error', onError)
    worker.once('exit', onExit)
    o.signal?.addEventListener('abort', onAbort, { once: true })
    pooled.ready.then(
      () => {
        if (settled) return
        timer = setTimeout(() => finish(false, () => reject(new WirebenchError('BUDGET_EXCEEDED', `Decrypting and explaining the recording took longer than ${timeMs / 1000} s, so it was stopped; walk a smaller request.`, 'budget=time'))), timeMs)
        try {
          worker.postMessage({ id, job } satisfies AnalysisRequest, transfer)
        } catch (err) {
          finish(true, () => reject(new WirebenchError('INTERNAL', 'The recording could not be handed to the walkthrough analyser.', (err as Error).message)))
        }
      },
      (err: Error & { code?: string }) => onError(err)
    )
  })
}

/** A prime bigger than this (a handshake is a few KiB) is not sent: the final analysis does that work itself. */
const PRIME_MAX_BYTES = 1024 * 1024

/**
 * Hands the connection so far (the recorder's live feed, record.ts) to the warm worker that the walk's analysis will
 * take next (the last idle one), while the rest is still on the wire: it does the decryption, parsing and checks of
 * what has arrived ahead (analyse.ts primeWalk), and the final analysis finds them done. No reply, no slot: a prime
 * that misses (another walk took that worker, or none is warm) only means no head start. The job's buffers are its
 * own and are transferred.
 */
export function primeAnalysis(prime: PrimeJob): void {
  postPrime(prime)
}

/** Posts a prime to the worker the next analysis takes; the worker, or null when none was sent. */
function postPrime(prime: PrimeJob, ack?: number): Worker | null {
  const pooled = idle[idle.length - 1]
  const own = [prime.tap.out.bytes, prime.tap.in.bytes, ...(prime.request ? [prime.request.bytes] : [])]
  if (!pooled || own.reduce((n, b) => n + b.length, 0) > PRIME_MAX_BYTES) return null
  const transfer = own.map((b) => (b.byteOffset === 0 && b.byteLength === b.buffer.byteLength && b.buffer instanceof ArrayBuffer ? b.buffer : null)).filter((b): b is ArrayBuffer => b !== null)
  try {
    pooled.worker.postMessage({ prime, ...(ack === undefined ? {} : { ack }) } satisfies PrimeRequest, [...new Set(transfer)])
    return pooled.worker
  } catch {
    return null // not sent: no head start
  }
}

/** Tests: a prime as the live feed sends one; resolves true once the worker has done it, false when it was not. */
export async function primeAnalysisDone(prime: PrimeJob): Promise<boolean> {
  const ack = nextId++
  const worker = postPrime(prime, ack)
  if (!worker) return false
  return new Promise<boolean>((resolve) => {
    const onMessage = (m: PrimeAck | object) => {
      if (!('primed' in m) || m.primed !== ack) return
      worker.off('message', onMessage)
      resolve(m.ran)
    }
    worker.on('message', onMessage)
  })
}

/**
 * Ends the warm-up of the worker the next analysis takes (any message does, analysis-worker.ts): a recording is
 * starting, and its request should not share the machine with warm-up walks.
 */
export function quietAnalysisWorker(): void {
  const pooled = idle[idle.length - 1]
  try {
    pooled?.worker.postMessage({ quiet: true } satisfies QuietRequest)
  } catch {
    // a worker that cannot take a message is replaced when the analysis needs it
  }
}

/** Starts the worker at the start of a recording (the CLI's first walk), so it loads while DNS and TCP run. */
export function startAnalysisWorker(): void {
  if (idle.length > 0 || slots.running > 0) return
  try {
    const pooled = spawn()
    pooled.worker.unref()
    idle.push(pooled)
  } catch {
    // no analyser in this build: the walk reports it
  }
}

/**
 * Starts one warm worker before the first walk, which compiles its hot paths with warm-up walks while the app is
 * idle (warm-up.ts); only with the built analyser: in development jiti would compile first.
 */
export function prewarmAnalysisWorker(): void {
  if (idle.length > 0 || slots.running > 0) return
  try {
    if (workerEntry().eval) return
    const pooled = spawn(true)
    pooled.worker.unref()
    idle.push(pooled)
  } catch {
    // no analyser in this build: the first walk reports it
  }
}

/** Settles when the waiting worker has finished its warm-up (at once when none waits): the benchmark measures warm walks. */
export async function analysisWorkerWarm(): Promise<void> {
  await Promise.all(idle.map((p) => p.warm))
}

/** Walks being analysed and warm workers, for tests and diagnostics. */
export function analysisWorkerCounts(): { running: number; idle: number } {
  return { running: slots.running, idle: idle.length }
}

/** Stops the warm workers (a clean exit; running analyses end with their callers). */
export async function closeAnalysisWorkers(): Promise<void> {
  await Promise.all(idle.splice(0).map((p) => p.worker.terminate()))
}
