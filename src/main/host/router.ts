// The router binds the contract to the engines: it rejects unknown methods, parses every input with the method's
// zod schema before an engine sees it, and turns anything thrown into an error value with a stable code.
import type { z } from 'zod'
import {
  isMethodName,
  methods,
  type MethodName,
  type OutputOf,
  type ParsedInputOf,
  type Result
} from '../../shared/contract'
import { toWireError } from '../../shared/errors'

export type Handlers = {
  [M in MethodName]: (input: ParsedInputOf<M>) => Promise<OutputOf<M>> | OutputOf<M>
}

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

export function createRouter(handlers: Handlers): Router {
  return {
    async call(name, input) {
      if (!isMethodName(name)) {
        return {
          ok: false,
          error: { code: 'UNKNOWN_METHOD', message: `Unknown method: ${String(name).slice(0, 80)}` }
        }
      }
      const parsed = methods[name].input.safeParse(input ?? {})
      if (!parsed.success) {
        return { ok: false, error: { code: 'INVALID_INPUT', message: describeIssues(parsed.error) } }
      }
      try {
        const handler = handlers[name] as (input: unknown) => unknown
        return { ok: true, value: await handler(parsed.data) }
      } catch (err) {
        return { ok: false, error: toWireError(err) }
      }
    }
  }
}
