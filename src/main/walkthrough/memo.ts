// Results of pure, costly steps of the analysis (a record opened, a signature checked, a message dissected), kept by
// their exact input bytes in the analysis worker. The recorder's live feed primes the worker with the connection as its
// bytes arrive (record.ts liveFeed, analysis-pool.ts primeAnalysis); the final analysis then runs the very same code
// and finds that work done, so less of it follows the last response byte. A result is only ever read, never changed.

/** Inputs larger than this are not remembered (keying them would cost about what it saves). */
export const MEMO_MAX_INPUT = 64 * 1024

/** The bytes as a string key, exact (latin1 maps each byte to one char). */
export function bytesKey(...parts: (Uint8Array | string | number)[]): string {
  let key = ''
  for (const p of parts) key += typeof p === 'object' ? `${p.length}:${Buffer.from(p.buffer, p.byteOffset, p.length).toString('latin1')}|` : `${p}|`
  return key
}

const all: Memo<unknown>[] = []
let hits = 0
/** Only while a primed walk is being analysed: a walk without a prime would only pay for keys that never match. */
let active = false

/** On with a prime (analyse.ts primeWalk), off when the walk it primed has been analysed. */
export function memoActive(on: boolean): void {
  active = on
}

/** A small first-in-first-out cache: a walk's handshake is a few dozen entries; the oldest go first. */
export class Memo<V> {
  private readonly map = new Map<string, V>()

  constructor(private readonly kept: number) {
    all.push(this as Memo<unknown>)
  }

  /** The remembered result for `keyOf()`, or `make()`'s, remembered. Key null: too big to remember, made each time. */
  get(keyOf: () => string | null, make: () => V): V {
    const key = active ? keyOf() : null
    if (key === null) return make()
    if (this.map.has(key)) {
      hits++
      return this.map.get(key) as V
    }
    const value = make()
    if (this.map.size >= this.kept) this.map.delete(this.map.keys().next().value as string)
    this.map.set(key, value)
    return value
  }

  clear(): void {
    this.map.clear()
  }
}

/** Results found remembered so far (tests: the prime's head start was used). */
export const memoHits = (): number => hits

/** Forgets every remembered result (tests: an analysis from nothing, to compare a primed one with). */
export function forgetMemos(): void {
  for (const m of all) m.clear()
}

/** Whether inputs of this total size are worth remembering. */
export const memoable = (...parts: Uint8Array[]): boolean => parts.reduce((n, p) => n + p.length, 0) <= MEMO_MAX_INPUT
