// Binds job.* : cancelling and listing the jobs this session runs.
import type { jobMethods } from '../../../shared/contract/jobs'
import type { JobRunner } from '../../core/jobs'
import type { Binding } from './binding'

export function bindJobs(jobs: JobRunner): Binding<keyof typeof jobMethods> {
  return {
    handlers: {
      'job.cancel': (input) => jobs.cancel(input.jobId),
      'job.list': () => jobs.list()
    },
    dispose: () => jobs.disposeAll()
  }
}
