// Runs a session's jobs: each gets an id at once, an AbortSignal that reaches the engine, a progress callback that
// becomes 'job.progress' events, and ends with exactly one 'job.finished' (result or error value). Disposing the
// runner (the session went away) aborts every job still running.
import type { JobFinished, JobInfo, JobProgress, JobStarted } from '../../shared/contract'
import { WirebenchError, toWireError } from '../../shared/errors'
import type { EngineEvents } from './events'
import { nextId } from './ids'

export interface JobContext {
  /** Aborted when the job is cancelled or its session closes; engines pass it on or check it between steps. */
  signal: AbortSignal
  progress(update: Omit<JobProgress, 'jobId'>): void
}

export type JobWork<T> = (ctx: JobContext) => Promise<T>

interface RunningJob {
  info: JobInfo
  controller: AbortController
}

/** Jobs one session may run at once; more are refused with BUSY rather than queued without bound. */
export const MAX_JOBS = 32

export class JobRunner {
  private readonly running = new Map<string, RunningJob>()
  private disposed = false

  constructor(private readonly events: Pick<EngineEvents, 'emit'>) {}

  start<T>(method: string, work: JobWork<T>): JobStarted {
    if (this.disposed) throw new WirebenchError('CANCELLED', 'This window is closing; no new jobs start.')
    if (this.running.size >= MAX_JOBS) throw new WirebenchError('BUSY', `${MAX_JOBS} jobs are already running in this window.`)
    const jobId = nextId('j')
    const controller = new AbortController()
    const job: RunningJob = { info: { jobId, method, startedAt: Date.now(), progress: null }, controller }
    this.running.set(jobId, job)
    const ctx: JobContext = {
      signal: controller.signal,
      progress: (update) => {
        if (controller.signal.aborted || !this.running.has(jobId)) return
        job.info.progress = update
        this.events.emit('job.progress', { jobId, ...update })
      }
    }
    // A cancelled job ends at once, even if its engine takes a moment to notice; whatever it returns later is dropped.
    controller.signal.addEventListener('abort', () => this.finish(jobId, { jobId, error: this.cancelledError(controller) }), { once: true })
    // Start on the next turn so the caller has the id before any event of the job can be sent.
    setImmediate(() => {
      if (controller.signal.aborted) return
      Promise.resolve().then(() => work(ctx)).then(
        (result) => this.finish(jobId, { jobId, result }),
        (err: unknown) => this.finish(jobId, { jobId, error: toWireError(err) })
      )
    })
    return { jobId }
  }

  cancel(jobId: string): { ok: true } {
    const job = this.running.get(jobId)
    if (!job) throw new WirebenchError('NOT_FOUND', `No running job ${jobId}.`)
    job.controller.abort(new WirebenchError('CANCELLED', 'Cancelled.'))
    return { ok: true }
  }

  list(): JobInfo[] {
    return [...this.running.values()].map((j) => ({ ...j.info }))
  }

  /** The session is going away: abort everything still running; their engines stop at the signal. */
  disposeAll(): void {
    this.disposed = true
    for (const job of this.running.values()) {
      job.controller.abort(new WirebenchError('CANCELLED', 'Cancelled: the window closed.'))
    }
  }

  private cancelledError(controller: AbortController) {
    const reason: unknown = controller.signal.reason
    return reason instanceof WirebenchError ? toWireError(reason) : toWireError(new WirebenchError('CANCELLED'))
  }

  private finish(jobId: string, end: JobFinished): void {
    if (!this.running.delete(jobId)) return
    this.events.emit('job.finished', end)
  }
}
