// The building blocks of the IPC contract: a method is a zod input schema plus an output type; an event is a
// payload type. Both carry a one-line summary that the CLI's help and the docs reuse.
import type { z } from 'zod'
import type { WireError } from '../errors'

export interface MethodSpec<I extends z.ZodType = z.ZodType, O = unknown> {
  readonly input: I
  readonly summary: string
  /** Phantom: only carries the output type. */
  readonly __output?: O
}

export interface EventSpec<P = unknown> {
  readonly summary: string
  /** How the batcher may merge pending payloads of this event: keep every one, or only the latest per key. */
  readonly batch: 'all' | 'latest'
  readonly __payload?: P
}

/** Declares a method: `method<Output>()(inputSchema, summary)`. */
export function method<O>() {
  return <I extends z.ZodType>(input: I, summary: string): MethodSpec<I, O> => ({ input, summary })
}

export function event<P>(summary: string, batch: 'all' | 'latest' = 'all'): EventSpec<P> {
  return { summary, batch }
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: WireError }
