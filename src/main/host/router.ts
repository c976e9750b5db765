// The router binds the contract to the engines: it rejects unknown methods, parses every input with the method's
// zod schema before an engine sees it, starts jobs through the session's job runner, and turns anything thrown into
// an error value with a stable code.
import type { z } from 'zod'
import {
  methods,
  type MethodName,
  type MethodSpec,
  type Methods,
  type OutputOf,
  type ParsedInputOf,
  type Result,
  type ResultOf
} from '../../shared/contract'
import { toWireError } from '../../shared/errors'
import type { JobContext, JobRunner } from '../core/jobs'

/** A plain method answers its output; a job's handler gets a signal and a progress callback and returns its result. */
export type Handler<M extends MethodName> = Methods[M] extends { job: true }
  ? (input: ParsedInputOf<M>, ctx: JobContext) => Promise<ResultOf<M>>
  : (input: ParsedInputOf<M>) => Promise<OutputOf<M>> | OutputOf<M>

export type Handlers = { [M in MethodName]: Handler<M> }

type AnyHandler = (input: unknown, ctx?: JobContext) => unknown

export interface Router {
  call(name: unknown, input: unknown): Promise<Result<unknown>>
}

/** One line per problem, with the field it concerns: "port: A port is a whole number from 0 to 65535." */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => (i.path.length > 0 ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ')
}

export function createRouter(handlers: Handlers, jobs?: JobRunner): Router {
  return createRouterFor(methods, handlers as unknown as Record<string, AnyHandler>, jobs)
}

/** The router over any method table; createRouter uses THE contract, tests may use a table of their own. */
/** What starts a job: the session's runner (answers {jobId} at once), or the CLI's, which runs it within the call. */
export interface JobStarter {
  start(method: string, work: (ctx: JobContext) => Promise<unknown>): unknown
}

export function createRouterFor(table: Record<string, MethodSpec>, handlers: Record<string, AnyHandler>, jobs?: JobStarter): Router {
  return {
    async call(name, input) {
      // Never String() an unknown value: a deeply nested array overflows the stack when turned into text.
      if (typeof name !== 'string' || !Object.prototype.hasOwnProperty.call(table, name)) {
        return {
          ok: false,
          error: { code: 'UNKNOWN_METHOD', message: `Unknown method: ${typeof name === 'string' ? name.slice(0, 80) : `(a ${typeof name}, not a name)`}` }
        }
      }
      const spec = table[name] as MethodSpec
      const parsed = spec.input.safeParse(input ?? {})
      if (!parsed.success) {
        return { ok: false, error: { code: 'INVALID_INPUT', message: describeIssues(parsed.error) } }
      }
      try {
        const handler = handlers[name] as AnyHandler
        if (spec.job) {
          if (!jobs) throw new Error(`${name} is a job, but this router has no job runner.`)
          return { ok: true, value: await jobs.start(name, (ctx) => Promise.resolve(handler(parsed.data, ctx))) }
        }
        return { ok: true, value: await handler(parsed.data) }
      } catch (err) {
        return { ok: false, error: toWireError(err) }
      }
    }
  }
}
