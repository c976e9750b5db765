// The building blocks of the IPC contract: a method is a zod input schema plus an output type; a job is a method
// whose work outlives the call; an event is a payload type with its batching rule. Each carries a one-line summary
// that the CLI's help and the docs reuse.
import type { z } from 'zod'
import type { WireError } from '../errors'

export interface MethodSpec<I extends z.ZodType = z.ZodType, O = unknown> {
  readonly input: I
  readonly summary: string
  /** Set for jobs: the call answers `{jobId}` at once and the result arrives as a 'job.finished' event. */
  readonly job?: true
  /** Phantom: only carries the output type (for a job, the output of its 'job.finished'). */
  readonly __output?: O
}

/** A job's start method answers with this; progress and the result arrive as events carrying the same id. */
export interface JobStarted {
  jobId: string
}

/** The string-valued fields of a payload: what a 'latest' event may name as its key. */
type StringField<P> = { [K in keyof P]-?: P[K] extends string ? K : never }[keyof P]

export type EventBatching<P> =
  | { batch: 'all' }
  /** Only the newest payload per key survives a batch (counters, rows that change). */
  | { batch: 'latest'; key: StringField<P> | ((payload: P) => string) }

export interface EventSpec<P = unknown> {
  readonly summary: string
  /** How the batcher may merge pending payloads of this event: keep every one, or only the latest per key. */
  readonly batch: 'all' | 'latest'
  /** For 'latest': which payloads replace each other. */
  key?(payload: P): string
  readonly __payload?: P
}

/** Declares a method: `method<Output>()(inputSchema, summary)`. */
export function method<O>() {
  return <I extends z.ZodType>(input: I, summary: string): MethodSpec<I, O> => ({ input, summary })
}

export type JobSpec<I extends z.ZodType = z.ZodType, O = unknown> = MethodSpec<I, O> & { readonly job: true }

/** Declares a job: `job<Result>()(inputSchema, summary)`; its handler gets an AbortSignal and a progress callback. */
export function job<O>() {
  return <I extends z.ZodType>(input: I, summary: string): JobSpec<I, O> => ({ input, summary, job: true })
}

/** Declares an event: `event<Payload>(summary)` keeps every payload; `{ batch: 'latest', key }` merges by key. */
export function event<P>(summary: string, batching: EventBatching<P> = { batch: 'all' }): EventSpec<P> {
  if (batching.batch === 'all') return { summary, batch: 'all' }
  const { key } = batching
  const keyOf = typeof key === 'function' ? key : (payload: P) => String(payload[key])
  return { summary, batch: 'latest', key: keyOf }
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: WireError }
