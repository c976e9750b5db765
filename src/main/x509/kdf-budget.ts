// One allowance of key-derivation work per file: every PBKDF2 / PKCS#12 KDF / MAC derivation a file asks for is
// paid from it before it runs, so a file cannot multiply a per-derivation cap by its number of safes and bags.
import { WirebenchError } from '../../shared/errors'

/** Total iterations one file may spend on key derivations (OpenSSL's default file spends about 10,000). */
export const DEFAULT_KDF_ITERATIONS = 2_000_000

interface Allowance {
  limit: number
  spent: number
}

// Parsing is synchronous, so the allowance of the file being parsed can live here for the parse's duration.
let current: Allowance | null = null

/** Runs `parse` with an allowance of `limit` iterations; a nested call shares the outer file's allowance. */
export function withKdfBudget<T>(limit: number, parse: () => T): T {
  if (current) return parse()
  current = { limit, spent: 0 }
  try {
    return parse()
  } finally {
    current = null
  }
}

/** Pays for a derivation before it runs; throws BUDGET_EXCEEDED when the file's total would pass the limit. */
export function chargeKdf(iterations: number, what: string): void {
  const allowance = current ?? { limit: DEFAULT_KDF_ITERATIONS, spent: 0 }
  const total = allowance.spent + iterations
  if (total > allowance.limit) {
    throw new WirebenchError(
      'BUDGET_EXCEEDED',
      `Key-derivation budget exceeded: the ${what} asks for ${iterations.toLocaleString('en')} iterations, ` +
        `${total.toLocaleString('en')} in total for this file, over the limit of ${allowance.limit.toLocaleString('en')} per file. ` +
        'A file made to stall its reader looks like this; if you trust it, re-export it with fewer iterations (OpenSSL uses 2,048, e.g. `openssl pkcs12 -export -iter 2048`).',
      `budget=kdfIterations limit=${allowance.limit} asked=${total}`
    )
  }
  allowance.spent = total
}
