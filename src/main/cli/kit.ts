// What every `wirebench` command shares: argv parsing, usage errors, file and secret options, output that reaches
// the reader whole, and calls through the same router (and contract validation) the app uses.
import { readFileSync } from 'node:fs'
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { methods, splitHostPort, type InputOf, type MethodName, type ResultOf } from '../../shared/contract'
import { WirebenchError } from '../../shared/errors'
import { createRouterFor, type JobStarter } from '../host/router'

/** Bad flags or arguments: exit code 2, one line on stderr. */
export class UsageError extends Error {}

export type Values = Record<string, string | boolean | string[] | undefined>
export type Options = NonNullable<ParseArgsConfig['options']>

export interface Output {
  json: boolean
  print(text: string): void
  warn(text: string): void
}

export function parse(argv: string[], options: Options): { values: Values; positionals: string[] } {
  try {
    const parsed = parseArgs({ args: argv, options: { json: { type: 'boolean', default: false }, ...options }, allowPositionals: true, strict: true })
    return { values: parsed.values as Values, positionals: parsed.positionals }
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err))
  }
}

/** Lines go to stdout/stderr as written; index.ts waits for both to drain before the process ends. */
export function output(json: boolean): Output {
  return {
    json,
    print: (text) => void process.stdout.write(`${text}\n`),
    warn: (text) => void process.stderr.write(`${text}\n`)
  }
}

export function numberOption(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isFinite(n) || String(value).trim() === '') throw new UsageError(`${name} takes a number, not "${String(value)}"`)
  return n
}

export function hostPort(text: string | undefined): { host: string; port: number } {
  if (!text) throw new UsageError('give the address as HOST:PORT, for example 127.0.0.1:7 or [::1]:7')
  const hp = splitHostPort(text)
  if (!hp) throw new UsageError(`"${text}" is not HOST:PORT (IPv6 goes in brackets: [::1]:7)`)
  return hp
}

export function readTextFile(path: unknown, what: string): string | undefined {
  if (typeof path !== 'string') return undefined
  try {
    return readFileSync(path, 'utf8')
  } catch (err) {
    throw new UsageError(`cannot read the ${what} file ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`)
  }
}

export function readBytesFile(path: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path))
  } catch (err) {
    throw new WirebenchError('INVALID_INPUT', `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`)
  }
}

export function list(value: unknown): string[] {
  if (value === undefined) return []
  return (Array.isArray(value) ? value : [value]).map(String)
}

/** Handlers for the methods a command uses; the router parses every input with the contract's schema first. */
export type PartialHandlers = Partial<Record<MethodName, (input: never, job: never) => unknown>>

export function caller(handlers: PartialHandlers) {
  const router = createRouterFor(methods, handlers as Record<string, (input: unknown) => unknown>, inlineJobs)
  return async function call<M extends MethodName>(method: M, input: InputOf<M>): Promise<ResultOf<M>> {
    const result = await router.call(method, input)
    if (!result.ok) throw result.error
    return result.value as ResultOf<M>
  }
}

/** A command waits for its job anyway: the job runs in the call and the call answers its result; Ctrl-C cancels it. */
const inlineJobs: JobStarter = {
  start: (_method, work) => {
    const abort = new AbortController()
    const cancel = () => abort.abort()
    process.once('SIGINT', cancel)
    return work({ signal: abort.signal, progress: () => {} }).finally(() => process.off('SIGINT', cancel))
  }
}
