// Jobs: long work (a trace, a scan, a recording, a big file) starts with a method declared with job() that answers
// {jobId} at once; progress and the end arrive as these events, and 'job.cancel' stops it (an AbortSignal reaches
// the engine). A job dies with its session.
import { z } from 'zod'
import type { WireError } from '../errors'
import { event, method } from './define'
import { id } from './common'

export interface JobProgress {
  jobId: string
  /** Units done so far and in all (bytes, queries, hosts), when the engine knows them. */
  done?: number
  total?: number
  message?: string
}

/** How a job ended: its result, or an error value (CANCELLED when it was cancelled or its session closed). */
export type JobFinished<R = unknown> = { jobId: string; result: R } | { jobId: string; error: WireError }

export interface JobInfo {
  jobId: string
  method: string
  startedAt: number
  progress: Omit<JobProgress, 'jobId'> | null
}

export const jobMethods = {
  'job.cancel': method<{ ok: true }>()(z.object({ jobId: id }).strict(), 'Cancel a running job; it ends with a CANCELLED error.'),
  'job.list': method<JobInfo[]>()(z.object({}).strict(), 'The jobs running in this window, with their latest progress.')
}

export const jobEvents = {
  'job.progress': event<JobProgress>('How far a running job has come.', { batch: 'latest', key: 'jobId' }),
  'job.finished': event<JobFinished>('A job ended, with its result or an error value.')
}
