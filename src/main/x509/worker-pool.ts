// Parses user-supplied certificate content in worker threads with a budget per file — total time, heap, and
// key-derivation iterations — so no file can hold main's event loop, and two sessions' files never wait on
// each other. Warm workers are reused so small inputs stay fast; a worker that hit a budget or was cancelled
// is terminated, never reused.
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import { WirebenchError, type WireError } from '../../shared/errors'
import { createSlots } from '../core/slots'
import { DEFAULT_KDF_ITERATIONS } from './kdf-budget'
import type { WORKER_OPERATIONS, WorkerOperation, WorkerRequest } from './worker'

export interface ParseBudget {
  /** Wall-clock time for the whole file, from when a worker starts on it. */
  timeMs: number
  /** V8 old-generation heap for the worker that parses the file. */
  memoryMb: number
  /** Key-derivation iterations summed over every derivation in the file. */
  kdfIterations: number
}

// time and heap that a 50 MB bundle of 20,000 certificates needs on a slow machine; derivations for ~200 files
// made with OpenSSL's defaults
export const DEFAULT_PARSE_BUDGET: ParseBudget = { timeMs: 60_000, memoryMb: 2048, kdfIterations: DEFAULT_KDF_ITERATIONS }

/** Files parsed at once (more wait their turn); the machine may have few cores, and each worker holds a heap. */
const MAX_RUNNING = 4
const slots = createSlots(MAX_RUNNING, cancelled)
/** Warm workers kept between files. */
const MAX_IDLE = 2
/** A worker that has not loaded its code by then is broken (in development the TypeScript is compiled first). */
const STARTUP_MS = 30_000

type Operations = typeof WORKER_OPERATIONS
export type JobOf<O extends WorkerOperation> = Parameters<Operations[O]>[0]
export type ResultOf<O extends WorkerOperation> = Awaited<ReturnType<Operations[O]>>

export interface ParseOptions {
  signal?: AbortSignal
  budget?: Partial<ParseBudget>
}

type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: WireError }

interface PooledWorker {
  worker: Worker
  memoryMb: number
  ready: Promise<void>
}

const idle: PooledWorker[] = []
let nextRequestId = 1

/** How to start a worker: the built entry, or (in development and tests) the TypeScript source through jiti. */
function workerEntry(): { script: string; eval: boolean } {
  const built = [process.env.WIREBENCH_X509_WORKER, join(__dirname, 'x509-worker.js'), join(__dirname, '..', 'x509-worker.js')]
  const script = built.find((p): p is string => typeof p === 'string' && p !== '' && existsSync(p))
  if (script) return { script, eval: false }
  const source = join(__dirname, 'worker.ts')
  if (existsSync(source)) {
    const jiti = createRequire(source).resolve('jiti')
    return { script: `require(${JSON.stringify(jiti)}).createJiti(${JSON.stringify(source)})(${JSON.stringify(source)})`, eval: true }
  }
  throw new WirebenchError('INTERNAL', 'The certificate parser (x509-worker.js) is missing from this build, so files cannot be opened safely.')
}

function spawn(memoryMb: number): PooledWorker {
  const entry = workerEntry()
  const worker = new Worker(entry.script, {
    eval: entry.eval,
    workerData: { wirebenchX509: true },
    resourceLimits: { maxOldGenerationSizeMb: memoryMb, maxYoungGenerationSizeMb: Math.min(64, Math.max(8, memoryMb / 8)) }
  })
  // an idle worker that fails must not become an unhandled 'error' event on main
  worker.on('error', () => {})
  worker.once('exit', () => {
    const at = idle.findIndex((p) => p.worker === worker)
    if (at !== -1) idle.splice(at, 1)
  })
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the parser did not start within ${STARTUP_MS / 1000} s`)), STARTUP_MS)
    const onMessage = (m: { ready?: boolean }) => {
      if (!m.ready) return
      clearTimeout(timer)
      worker.off('error', onError)
      worker.off('message', onMessage)
      resolve()
    }
    const onError = (err: Error) => {
      clearTimeout(timer)
      reject(err)
    }
    worker.on('message', onMessage)
    worker.once('error', onError)
  })
  ready.catch(() => {})
  return { worker, memoryMb, ready }
}

function release(pooled: PooledWorker, reusable: boolean): void {
  if (reusable && pooled.memoryMb === DEFAULT_PARSE_BUDGET.memoryMb && idle.length < MAX_IDLE) {
    pooled.worker.unref()
    idle.push(pooled)
  } else {
    void pooled.worker.terminate()
  }
}

function cancelled(): WirebenchError {
  return new WirebenchError('CANCELLED', 'Reading the file was cancelled (the request was withdrawn or its window closed); nothing from it was kept.')
}

function overBudget(which: string, limit: string, advice: string): WirebenchError {
  return new WirebenchError('BUDGET_EXCEEDED', `The ${which} budget of ${limit} for one file was exceeded, so parsing stopped. ${advice}`, `budget=${which}`)
}

/** Runs one parse operation in a worker under the budget; rejects with BUDGET_EXCEEDED, CANCELLED or the parse's own error. */
export async function parseInWorker<O extends WorkerOperation>(op: O, job: JobOf<O>, options: ParseOptions = {}): Promise<ResultOf<O>> {
  const budget = { ...DEFAULT_PARSE_BUDGET, ...options.budget }
  const { signal } = options
  if (signal?.aborted) throw cancelled()
  await slots.acquire(signal)
  let pooled: PooledWorker
  try {
    pooled = (budget.memoryMb === DEFAULT_PARSE_BUDGET.memoryMb ? idle.pop() : undefined) ?? spawn(budget.memoryMb)
  } catch (err) {
    slots.release()
    throw err
  }
  const { worker } = pooled
  worker.ref()
  return new Promise<ResultOf<O>>((resolve, reject) => {
    const id = nextRequestId++
    let timer: NodeJS.Timeout | undefined
    let settled = false
    const finish = (reusable: boolean, outcome: () => void) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      worker.off('message', onMessage)
      worker.off('error', onError)
      worker.off('exit', onExit)
      signal?.removeEventListener('abort', onAbort)
      release(pooled, reusable)
      slots.release()
      outcome()
    }
    const onMessage = (m: Reply | { ready: true }) => {
      if (!('id' in m) || m.id !== id) return
      finish(true, () => (m.ok ? resolve(m.value as ResultOf<O>) : reject(new WirebenchError(m.error.code, m.error.message, m.error.detail))))
    }
    const onError = (err: Error & { code?: string }) => {
      const error =
        err.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? overBudget('memory', `${budget.memoryMb} MB`, 'The file needs more memory than a file may take; split it into smaller files.')
          : new WirebenchError('INTERNAL', 'The certificate parser stopped unexpectedly.', err.message)
      finish(false, () => reject(error))
    }
    const onExit = (code: number) => finish(false, () => reject(new WirebenchError('INTERNAL', 'The certificate parser stopped unexpectedly.', `worker exit ${code}`)))
    const onAbort = () => finish(false, () => reject(cancelled()))
    worker.on('message', onMessage)
    worker.once('error', onError)
    worker.once('exit', onExit)
    signal?.addEventListener('abort', onAbort, { once: true })
    pooled.ready.then(
      () => {
        if (settled) return
        timer = setTimeout(
          () => finish(false, () => reject(overBudget('time', `${budget.timeMs / 1000} s`, 'A file made to stall its reader looks like this; if you trust it, open it with the openssl command line.'))),
          budget.timeMs
        )
        const request: WorkerRequest = { id, op, job, kdfIterations: budget.kdfIterations }
        try {
          worker.postMessage(request)
        } catch (err) {
          finish(true, () => reject(new WirebenchError('INTERNAL', 'The input could not be handed to the certificate parser.', (err as Error).message)))
        }
      },
      (err: Error & { code?: string }) => onError(err)
    )
  })
}

/**
 * Starts one warm worker ahead of the first file, so even the first small file opens fast. Only with the built
 * parser: in development the TypeScript would be compiled for every test file that makes a session.
 */
export function prewarmParseWorker(): void {
  if (idle.length > 0 || slots.running > 0) return
  try {
    if (workerEntry().eval) return
    const pooled = spawn(DEFAULT_PARSE_BUDGET.memoryMb)
    pooled.worker.unref()
    idle.push(pooled)
  } catch {
    // no parser in this build: the first parse reports it
  }
}

/** Parses running now and warm workers waiting, for diagnostics and tests. */
export function parseWorkerCounts(): { running: number; idle: number } {
  return { running: slots.running, idle: idle.length }
}

/** Stops the warm workers (for a clean exit; running parses end with their own callers). */
export async function closeParseWorkers(): Promise<void> {
  await Promise.all(idle.splice(0).map((p) => p.worker.terminate()))
}
