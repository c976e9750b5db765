// Undoes a response's Content-Encoding layers (RFC 9110 §8.4) as a stream, so the HTTP tab can show the body a browser
// would see without ever holding more than a cap: a gzip bomb stops with words, a broken stream says where it broke.
// gzip, deflate and br come from node:zlib (Electron's Node has brotli built in, so no library is needed for br);
// zstd comes from `fzstd`, a small pure-JS decoder, because Node 20's zlib has no zstd.
import zlib from 'node:zlib'
import { Decompress as ZstdDecompress } from 'fzstd'
import { WirebenchError } from '../../shared/errors'
import type { Finding } from '../../shared/findings'

export type KnownCoding = 'gzip' | 'deflate' | 'br' | 'zstd'

export interface DecodeOptions {
  /** Most bytes any layer may produce (default 64 MiB): past it decoding stops with TOO_LARGE. */
  maxOutputBytes?: number
  /** Most output bytes per encoded byte read (default 1000, gzip's ceiling is about 1032) once past `ratioFloorBytes`. */
  maxRatio?: number
  /** Output below this is never judged by its ratio (default 8 MiB): small, very repetitive bodies are normal. */
  ratioFloorBytes?: number
  /** Time spent decoding, not waiting for the network (default 10 s): past it decoding stops with TIMEOUT. */
  timeBudgetMs?: number
}

export interface DecodePlan {
  /** Codings to undo, in the order they are undone (the last one listed in the header first). */
  layers: KnownCoding[]
  /** Codings left as they are, in header order (everything at and before an unknown coding). */
  undecoded: string[]
  findings: Finding[]
}

export interface DecodedBody {
  body: Uint8Array
  applied: KnownCoding[]
  undecoded: string[]
  encodedBytes: number
  findings: Finding[]
}

const MiB = 1024 * 1024
const MAX_LAYERS = 8
const ZSTD_SLICE = 4096
const ALIASES: Record<string, KnownCoding> = { gzip: 'gzip', 'x-gzip': 'gzip', deflate: 'deflate', br: 'br', zstd: 'zstd' }
const SOURCE = 'RFC 9110 §8.4'

/** Splits Content-Encoding field lines into codings (case-insensitive, RFC 9110 §8.4.1) and decides which to undo. */
export function planDecoding(contentEncoding: string | readonly string[] | undefined): DecodePlan {
  const lines = contentEncoding === undefined ? [] : typeof contentEncoding === 'string' ? [contentEncoding] : contentEncoding
  const listed = lines.flatMap((l) => l.split(',')).map((c) => c.trim().toLowerCase()).filter((c) => c !== '')
  const findings: Finding[] = []
  if (listed.includes('identity')) {
    findings.push({ severity: 'info', code: 'IDENTITY_CODING', message: '"identity" means no coding; it belongs in Accept-Encoding, not Content-Encoding, and changes nothing here (RFC 9110 §12.5.3).', source: 'RFC 9110 §12.5.3' })
  }
  const codings = listed.filter((c) => c !== 'identity')
  const layers: KnownCoding[] = []
  let i = codings.length - 1
  for (; i >= 0; i--) {
    const known = ALIASES[codings[i]!]
    if (!known) {
      findings.push({ severity: 'warning', code: 'UNKNOWN_CONTENT_CODING', message: `The body is still "${codings[i]}"-encoded: Wirebench does not decode that coding, so ${i > 0 ? 'it and the codings under it are' : 'it is'} shown as received.`, source: 'RFC 9110 §8.4.1' })
      break
    }
    if (layers.length === MAX_LAYERS) {
      findings.push({ severity: 'warning', code: 'TOO_MANY_CODINGS', message: `Content-Encoding lists ${codings.length} codings; Wirebench undoes at most ${MAX_LAYERS}, so the inner ones are shown as received.`, source: SOURCE })
      break
    }
    if (codings[i] === 'x-gzip') findings.push({ severity: 'info', code: 'X_GZIP', message: '"x-gzip" is the old name of gzip; recipients treat it as gzip (RFC 9110 §8.4.1.3).', source: 'RFC 9110 §8.4.1.3' })
    layers.push(known)
  }
  return { layers, undecoded: codings.slice(0, i + 1), findings }
}

/** Shared by the layers of one body: what was read from the network, and how long decoding itself took. */
class Budget {
  encodedIn = 0
  private waitMs = 0
  private readonly started = Date.now()
  readonly maxOut: number
  readonly maxRatio: number
  readonly floor: number
  readonly timeMs: number
  constructor(o: DecodeOptions) {
    this.maxOut = o.maxOutputBytes ?? 64 * MiB
    this.maxRatio = o.maxRatio ?? 1000
    this.floor = o.ratioFloorBytes ?? 8 * MiB
    this.timeMs = o.timeBudgetMs ?? 10_000
  }

  async *count(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    const it = Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : source[Symbol.iterator]()
    try {
      for (;;) {
        const t = Date.now()
        const r = await it.next()
        this.waitMs += Date.now() - t
        if (r.done) return
        this.encodedIn += r.value.length
        yield r.value
      }
    } finally {
      await it.return?.()
    }
  }

  /** Called with each layer's running output total; throws when a limit is passed. */
  check(coding: KnownCoding, out: number): void {
    const ratio = out / Math.max(1, this.encodedIn)
    const words = `ratio ${ratio >= 10 ? Math.round(ratio) : ratio.toFixed(1)}:1 from ${this.encodedIn} encoded bytes`
    if (out > this.maxOut) {
      throw new WirebenchError('TOO_LARGE', `The ${coding} body decompressed past ${fmtMiB(this.maxOut)} MiB (${words}): stopped, a possible decompression bomb.`)
    }
    if (out > this.floor && ratio > this.maxRatio) {
      throw new WirebenchError('TOO_LARGE', `The ${coding} body decompressed past ${fmtMiB(out)} MiB (${words}, over the ${this.maxRatio}:1 limit): stopped, a possible decompression bomb.`)
    }
    const spent = Date.now() - this.started - this.waitMs
    if (spent > this.timeMs) throw new WirebenchError('TIMEOUT', `Decoding the ${coding} body took over ${this.timeMs} ms (${fmtMiB(out)} MiB out so far): stopped.`)
  }
}

function fmtMiB(n: number): string {
  return n % MiB === 0 ? String(n / MiB) : (n / MiB).toFixed(1)
}

function broken(coding: KnownCoding, at: number, cause: unknown): WirebenchError {
  const raw = cause instanceof Error ? cause.message : String(cause)
  const cut = /unexpected end|UnexpectedEOF|unexpected EOF/i.test(raw) || (cause as { code?: unknown })?.code === 5 || (cause as { code?: unknown })?.code === 'Z_BUF_ERROR'
  const what = cut ? `ends too early, after ${at} bytes of it: the body was cut short` : `is corrupt within its first ${at} bytes`
  return new WirebenchError('HTTP_BAD_CONTENT_CODING', `The ${coding} stream ${what} (${raw || 'invalid data'}; RFC 9110 §8.4.1).`)
}

/** Pulls the first bytes of a stream to look at them, then replays everything. `null` when the stream is empty. */
async function peek(source: AsyncIterable<Uint8Array>, want: number): Promise<{ head: Uint8Array; rest: AsyncIterable<Uint8Array> } | null> {
  const it = source[Symbol.asyncIterator]()
  const taken: Uint8Array[] = []
  let have = 0
  let done = false
  while (have < want) {
    const r = await it.next()
    if (r.done) { done = true; break }
    if (r.value.length) { taken.push(r.value); have += r.value.length }
  }
  if (have === 0) return null
  const head = Buffer.concat(taken).subarray(0, want)
  async function* rest(): AsyncGenerator<Uint8Array> {
    try {
      yield* taken
      if (!done) for (;;) { const r = await it.next(); if (r.done) return; yield r.value }
    } finally {
      await it.return?.()
    }
  }
  return { head, rest: rest() }
}

/** A zlib or brotli stream driven by hand: one input chunk in, its output read out, so memory stays bounded. */
async function* zlibLayer(source: AsyncIterable<Uint8Array>, coding: KnownCoding, z: zlib.Gunzip | zlib.Inflate | zlib.InflateRaw | zlib.BrotliDecompress, budget: Budget): AsyncGenerator<Uint8Array> {
  let stopped = false
  let fed = 0
  let sourceError: unknown
  const pump = (async () => {
    try {
      for await (const chunk of source) {
        if (stopped) break
        fed += chunk.length
        if (!z.write(chunk)) await new Promise<void>((r) => { z.once('drain', r); z.once('close', r) })
        if (stopped) break
      }
      if (!stopped) z.end()
    } catch (e) {
      sourceError = e
      z.destroy(e instanceof Error ? e : new Error(String(e)))
    }
  })()
  let out = 0
  try {
    for await (const piece of z as AsyncIterable<Buffer>) {
      out += piece.length
      budget.check(coding, out)
      yield piece
    }
  } catch (e) {
    if (sourceError !== undefined) throw sourceError
    if (e instanceof WirebenchError) throw e
    throw broken(coding, fed, e)
  } finally {
    stopped = true
    z.destroy()
    // Not awaited: the pump may be parked on a network read; it stops at its next chunk and cannot reject.
    void pump
  }
  if (sourceError !== undefined) throw sourceError
}

async function* zstdLayer(source: AsyncIterable<Uint8Array>, budget: Budget): AsyncGenerator<Uint8Array> {
  const pending: Uint8Array[] = []
  let out = 0
  let fed = 0
  // ondata runs inside push(): throwing there stops a bomb in the middle of one input slice.
  const d = new ZstdDecompress((data) => {
    out += data.length
    budget.check('zstd', out)
    if (data.length) pending.push(data)
  })
  const push = (c: Uint8Array, final: boolean): void => {
    try {
      d.push(c, final)
    } catch (e) {
      throw e instanceof WirebenchError ? e : broken('zstd', fed + c.length, e)
    }
  }
  for await (const chunk of source) {
    // Small slices keep fzstd's per-frame recursion shallow and the output of one call bounded by the budget.
    for (let i = 0; i < chunk.length; i += ZSTD_SLICE) {
      const slice = chunk.subarray(i, i + ZSTD_SLICE)
      push(slice, false)
      fed += slice.length
      while (pending.length) yield pending.shift()!
    }
  }
  push(new Uint8Array(0), true)
  while (pending.length) yield pending.shift()!
}

/** zlib-wrapped deflate (RFC 1950) is what RFC 9110 §8.4.1.2 means; raw DEFLATE (RFC 1951) is what some servers send. */
function isZlibHeader(h: Uint8Array): boolean {
  return h.length >= 2 && (h[0]! & 0x0f) === 8 && h[0]! >> 4 <= 7 && ((h[0]! << 8) | h[1]!) % 31 === 0
}

async function* layer(source: AsyncIterable<Uint8Array>, coding: KnownCoding, budget: Budget, findings: Finding[]): AsyncGenerator<Uint8Array> {
  const p = await peek(source, 2)
  if (!p) return // an empty body stays empty, as browsers treat it
  const opts = { chunkSize: 64 * 1024 }
  switch (coding) {
    case 'gzip':
      // Gunzip also reads several concatenated members (RFC 1952 §2.2), as browsers do.
      return yield* zlibLayer(p.rest, coding, zlib.createGunzip(opts), budget)
    case 'br':
      return yield* zlibLayer(p.rest, coding, zlib.createBrotliDecompress(opts), budget)
    case 'zstd':
      return yield* zstdLayer(p.rest, budget)
    case 'deflate': {
      if (isZlibHeader(p.head)) return yield* zlibLayer(p.rest, coding, zlib.createInflate(opts), budget)
      findings.push({ severity: 'info', code: 'RAW_DEFLATE', message: 'This "deflate" body is raw DEFLATE (RFC 1951) without the zlib wrapper (RFC 1950) that RFC 9110 §8.4.1.2 requires; browsers accept it, so it is decoded anyway.', source: 'RFC 9110 §8.4.1.2' })
      return yield* zlibLayer(p.rest, coding, zlib.createInflateRaw(opts), budget)
    }
  }
}

/**
 * Streams the decoded body. Findings discovered while decoding (raw deflate) are appended to `findings`; the plan's
 * own findings are there from the start. Throws WirebenchError TOO_LARGE, TIMEOUT or HTTP_BAD_CONTENT_CODING.
 */
export function decodeBodyStream(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, plan: DecodePlan, options: DecodeOptions = {}, findings: Finding[] = plan.findings): AsyncGenerator<Uint8Array> {
  const budget = new Budget(options)
  let stream: AsyncGenerator<Uint8Array> = budget.count(source)
  for (const coding of plan.layers) stream = layer(stream, coding, budget, findings)
  return stream
}

/** Decodes a whole body into memory (up to the output cap), with what was undone and what was left. */
export async function decodeBody(source: Uint8Array | AsyncIterable<Uint8Array> | Iterable<Uint8Array>, contentEncoding: string | readonly string[] | undefined, options: DecodeOptions = {}): Promise<DecodedBody> {
  const plan = planDecoding(contentEncoding)
  const findings = [...plan.findings]
  const input = source instanceof Uint8Array ? [source] : source
  let encodedBytes = 0
  const counted = (async function* () {
    for await (const c of input) { encodedBytes += c.length; yield c }
  })()
  const parts: Uint8Array[] = []
  for await (const part of decodeBodyStream(counted, plan, options, findings)) parts.push(part)
  return { body: new Uint8Array(Buffer.concat(parts)), applied: plan.layers, undecoded: plan.undecoded, encodedBytes, findings }
}
