// A session as the page has it, for tests: calls answer their result, and a job's call waits for its
// 'job.finished' event, so a test reads a job like any other call.
import { isJobMethod, isMethodName, type EventEnvelope, type JobFinished, type JobStarted, type Result } from '../../shared/contract'
import { createSession, type Session } from '../host/session'

export interface TestSession {
  session: Session
  /** The method's result; for a job, the result (or error value) it finished with. */
  call(method: string, input: unknown): Promise<Result<unknown>>
  /** Every event the session sent, in order. */
  seen: EventEnvelope[]
}

export function testSession(shell: 'electron' | 'browser' = 'browser'): TestSession {
  const seen: EventEnvelope[] = []
  const finished = new Map<string, Result<unknown>>()
  const waiting = new Map<string, (r: Result<unknown>) => void>()
  const session = createSession((batch) => {
    seen.push(...batch)
    for (const e of batch) {
      if (e.name !== 'job.finished') continue
      const end = e.payload as JobFinished
      const result: Result<unknown> = 'error' in end ? { ok: false, error: end.error } : { ok: true, value: end.result }
      const resolve = waiting.get(end.jobId)
      if (resolve) {
        waiting.delete(end.jobId)
        resolve(result)
      } else finished.set(end.jobId, result)
    }
  }, shell)
  return {
    session,
    seen,
    async call(method, input) {
      const started = await session.router.call(method, input)
      if (!started.ok || !isMethodName(method) || !isJobMethod(method)) return started
      const { jobId } = started.value as JobStarted
      const early = finished.get(jobId)
      if (early) {
        finished.delete(jobId)
        return early
      }
      return new Promise((resolve) => waiting.set(jobId, resolve))
    }
  }
}
