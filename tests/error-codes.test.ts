// Every error code the code base throws or returns has words and a kind, so no user ever reads a bare code.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ERROR_CODES, errorKind, explain, isErrorCode, toWireError } from '../src/shared/errors'

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sourceFiles(path)
    return /\.tsx?$/.test(name) && !/\.(test|spec)\.tsx?$/.test(name) ? [path] : []
  })
}

/**
 * Codes in error positions: `new WirebenchError('X'`, `error: { code: 'X'`, `unwrap(…, 'X')`, `refusal('X'`. Findings
 * (lint, chain, dissector) also have codes, but they travel with their own message and are not errors.
 */
function codesUsed(): Map<string, string> {
  const found = new Map<string, string>()
  const patterns = [/new WirebenchError\(\s*'([A-Z][A-Z0-9_]*)'/g, /\berror: \{ code: '([A-Z][A-Z0-9_]*)'/g, /\bunwrap\([^;]*?, '([A-Z][A-Z0-9_]*)'\)/g, /refusal\('([A-Z][A-Z0-9_]*)'/g]
  for (const file of sourceFiles(join(process.cwd(), 'src'))) {
    const text = readFileSync(file, 'utf8')
    for (const pattern of patterns) for (const m of text.matchAll(pattern)) if (!found.has(m[1]!)) found.set(m[1]!, file)
  }
  return found
}

describe('error codes', () => {
  it('every code used in src/ has words and a kind', () => {
    const used = codesUsed()
    // The scan itself must see the codes we know are thrown, or it proves nothing.
    for (const known of ['INVALID_INPUT', 'NOT_FOUND', 'UNKNOWN_METHOD', 'INVALID_HEX']) expect(used.has(known), known).toBe(true)
    const missing = [...used].filter(([code]) => !isErrorCode(code)).map(([code, file]) => `${code} (${file})`)
    expect(missing).toEqual([])
  })

  it('every declared code explains itself in a sentence and is input or failure', () => {
    for (const code of Object.keys(ERROR_CODES)) {
      if (!isErrorCode(code)) throw new Error(code)
      expect(explain(code), code).toMatch(/^[A-Z].{8,}[.)]$/)
      expect(['input', 'failure']).toContain(errorKind(code))
    }
    expect(errorKind('INVALID_INPUT')).toBe('input')
    expect(errorKind('ECONNREFUSED')).toBe('failure')
  })

  it('an OS code without words keeps its name in the detail instead of crossing as a bare code', () => {
    const err = Object.assign(new Error('connect EPROTO 127.0.0.1:9'), { code: 'EPROTO' })
    expect(toWireError(err)).toEqual({ code: 'SYSTEM_ERROR', message: explain('SYSTEM_ERROR'), detail: 'connect EPROTO 127.0.0.1:9' })
    expect(toWireError(Object.assign(new Error('gone'), { code: 'EWHATEVER' })).detail).toBe('EWHATEVER: gone')
    expect(toWireError(Object.assign(new Error("Cannot find module './x'"), { code: 'MODULE_NOT_FOUND' }))).toMatchObject({ code: 'INTERNAL', detail: "MODULE_NOT_FOUND: Cannot find module './x'" })
  })
})
