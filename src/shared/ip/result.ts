// Parsing what a user types fails often and expectedly, so the parsers return values rather than throw; each has a
// throwing twin (`...OrThrow`) for code that has already validated its input or wants the error to cross the
// contract as a WirebenchError. Named Parsed, not Result: its error is a sentence for the person typing, while the
// contract's Result (contract/define.ts) carries a WireError with a code.

import { WirebenchError, type ErrorCode } from '../errors'

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string }

export function ok<T>(value: T): Parsed<T> {
  return { ok: true, value }
}

export function fail(error: string): { readonly ok: false; readonly error: string } {
  return { ok: false, error }
}

/** The value, or a WirebenchError carrying the result's message. */
export function unwrap<T>(result: Parsed<T>, code: ErrorCode = 'INVALID_ADDRESS'): T {
  if (result.ok) return result.value
  throw new WirebenchError(code, result.error)
}

/** Quotes user text for an error message, shortened so a pasted megabyte does not become the message. */
export function quote(text: string): string {
  const shown = text.length > 64 ? `${text.slice(0, 30)}…${text.slice(-30)}` : text
  return `'${shown}'`
}
