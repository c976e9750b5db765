// Content-Encoding decoding against real encoders (node:zlib, the zstd CLI): round trips per coding, layered codings,
// a 10 GiB gzip bomb stopped early with bounded memory, and broken streams that say what broke.
import { spawnSync } from 'node:child_process'
import zlib from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { WirebenchError } from '../../shared/errors'
import { decodeBody, decodeBodyStream, planDecoding } from './decode-body'

const text = Buffer.from('Wirebench shows the exact bytes. '.repeat(2000) + 'end\n')
const hasZstd = spawnSync('zstd', ['--version']).status === 0

function* chunks(b: Uint8Array, size = 1000): Generator<Uint8Array> {
  for (let i = 0; i < b.length; i += size) yield b.subarray(i, i + size)
}

async function failure(p: Promise<unknown>): Promise<WirebenchError> {
  try {
    await p
  } catch (e) {
    expect(e).toBeInstanceOf(WirebenchError)
    return e as WirebenchError
  }
  throw new Error('expected a failure')
}

/** zstd of `input` from the reference zstd CLI. */
function zstd(input: Uint8Array, level = 3): Buffer {
  const r = spawnSync('zstd', ['-q', '-c', `-${level}`], { input })
  if (r.status !== 0) throw new Error(r.stderr.toString())
  return r.stdout
}
/** `printf 'hello\n' | zstd -c` (zstd 1.5): one frame with a raw block and a content checksum (RFC 8878 §3.1.1). */
const ZSTD_HELLO = Buffer.from('28b52ffd045831000068656c6c6f0a5388bd91', 'hex')

describe('planDecoding', () => {
  it('undoes codings last-applied first, case-insensitively, and keeps unknown ones with a finding', () => {
    expect(planDecoding('gzip, BR').layers).toEqual(['br', 'gzip'])
    expect(planDecoding(['x-gzip', 'zstd']).layers).toEqual(['zstd', 'gzip'])
    const p = planDecoding('gzip, compress, br')
    expect(p.layers).toEqual(['br'])
    expect(p.undecoded).toEqual(['gzip', 'compress'])
    expect(p.findings.map((f) => f.code)).toContain('UNKNOWN_CONTENT_CODING')
    expect(planDecoding('identity').layers).toEqual([])
    expect(planDecoding(Array(20).fill('gzip').join(',')).layers).toHaveLength(8)
  })
})

describe('round trips', () => {
  const cases: [string, Buffer][] = [
    ['gzip', zlib.gzipSync(text)],
    ['x-gzip', zlib.gzipSync(text)],
    ['deflate', zlib.deflateSync(text)],
    ['br', zlib.brotliCompressSync(text)]
  ]
  for (const [coding, encoded] of cases) {
    it(`${coding}, streamed in small chunks`, async () => {
      const r = await decodeBody(chunks(encoded, 7), coding)
      expect(Buffer.from(r.body).equals(text)).toBe(true)
      expect(r.encodedBytes).toBe(encoded.length)
    })
  }

  it('raw deflate (no zlib wrapper) is decoded too, with a finding, as browsers do', async () => {
    const r = await decodeBody(zlib.deflateRawSync(text), 'deflate')
    expect(Buffer.from(r.body).equals(text)).toBe(true)
    expect(r.findings.map((f) => f.code)).toContain('RAW_DEFLATE')
  })

  it.runIf(hasZstd)('zstd made by the zstd CLI, including two frames and a long window', async () => {
    const one = zstd(text, 19)
    expect(Buffer.from((await decodeBody(chunks(one, 100), 'zstd')).body).equals(text)).toBe(true)
    const two = Buffer.concat([zstd(Buffer.from('first ')), zstd(Buffer.from('second'))])
    expect(Buffer.from((await decodeBody(two, 'zstd')).body).toString()).toBe('first second')
  })

  it('a zstd frame fixed in the source (the CLI output for "hello\\n")', async () => {
    expect(Buffer.from((await decodeBody(chunks(ZSTD_HELLO, 3), 'zstd')).body).toString()).toBe('hello\n')
  })

  it('layered codings are undone in reverse order (RFC 9110 §8.4)', async () => {
    const layered = zlib.brotliCompressSync(zlib.gzipSync(text)) // Content-Encoding: gzip, br
    const r = await decodeBody(layered, 'gzip, br')
    expect(r.applied).toEqual(['br', 'gzip'])
    expect(Buffer.from(r.body).equals(text)).toBe(true)
  })

  it('an unknown coding leaves the body as received', async () => {
    const r = await decodeBody(Buffer.from('LZW?'), 'compress')
    expect(Buffer.from(r.body).toString()).toBe('LZW?')
    expect(r.undecoded).toEqual(['compress'])
  })

  it('an empty body labelled gzip stays empty', async () => {
    expect((await decodeBody(new Uint8Array(0), 'gzip')).body.length).toBe(0)
  })
})

/** A 10 GiB gzip of zeros, built from one 1 MiB sync-flushed deflate block run repeated, streamed lazily. */
function* gzipBomb(): Generator<Uint8Array> {
  const block = zlib.deflateRawSync(Buffer.alloc(MiB), { finishFlush: zlib.constants.Z_SYNC_FLUSH })
  yield Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff])
  for (let i = 0; i < 10 * 1024; i++) yield block
  yield Buffer.from([3, 0, 0, 0, 0, 0, 0, 0, 0, 0]) // empty final block; CRC and size never reached
}
const MiB = 1024 * 1024

describe('hostile bodies', () => {
  it('a 10 GiB gzip bomb stops at the ratio limit, fast, with bounded memory', async () => {
    const before = process.memoryUsage().rss
    const t = Date.now()
    const e = await failure(decodeBody(gzipBomb(), 'gzip'))
    expect(e.code).toBe('TOO_LARGE')
    expect(e.message).toMatch(/decompressed past [\d.]+ MiB \(ratio \d+:1.*\): stopped, a possible decompression bomb/)
    expect(Date.now() - t).toBeLessThan(3000)
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * MiB)
  })

  it('with no ratio limit the output cap stops it, streaming without holding the output', async () => {
    let seen = 0
    const stream = decodeBodyStream(gzipBomb(), planDecoding('gzip'), { maxRatio: Infinity, maxOutputBytes: 32 * MiB })
    const e = await failure((async () => { for await (const c of stream) seen += c.length })())
    expect(e.message).toContain('decompressed past 32 MiB')
    expect(seen).toBeLessThanOrEqual(32 * MiB)
    expect(seen).toBeGreaterThan(31 * MiB)
  })

  it.runIf(hasZstd)('a zstd bomb (200 MiB of zeros from the CLI) stops at the cap', async () => {
    const bomb = spawnSync('sh', ['-c', 'head -c 200M /dev/zero | zstd -q -c -1']).stdout
    expect(bomb.length).toBeLessThan(200 * 1024)
    const e = await failure(decodeBody(bomb, 'zstd', { maxOutputBytes: 16 * MiB }))
    expect(e.code).toBe('TOO_LARGE')
  })

  it('a nested bomb (gzip of gzip) is judged against the bytes that arrived', async () => {
    const inner = zlib.gzipSync(Buffer.alloc(64 * MiB))
    const e = await failure(decodeBody(zlib.gzipSync(inner), 'gzip, gzip', { ratioFloorBytes: MiB }))
    expect(e.code).toBe('TOO_LARGE')
  })

  it('the time budget counts decoding, and stops it with TIMEOUT', async () => {
    const e = await failure(decodeBody(chunks(zlib.gzipSync(Buffer.alloc(48 * MiB, 'a')), 4096), 'gzip', { timeBudgetMs: 1 }))
    expect(e.code).toBe('TIMEOUT')
    expect(e.message).toMatch(/took over 1 ms/)
  })

  it('a truncated gzip says it was cut short and where', async () => {
    const gz = zlib.gzipSync(text)
    const e = await failure(decodeBody(chunks(gz.subarray(0, gz.length - 40), 50), 'gzip'))
    expect(e.code).toBe('HTTP_BAD_CONTENT_CODING')
    expect(e.message).toMatch(/gzip stream ends too early, after \d+ bytes/)
  })

  it('a gzip with a broken header says it is corrupt', async () => {
    const gz = zlib.gzipSync(text)
    gz[2] = 7 // compression method must be 8 (RFC 1952 §2.3.1)
    const e = await failure(decodeBody(gz, 'gzip'))
    expect(e.code).toBe('HTTP_BAD_CONTENT_CODING')
    expect(e.message).toMatch(/gzip stream is corrupt within its first \d+ bytes/)
  })

  it('a corrupt br stream fails with its words', async () => {
    const br = zlib.brotliCompressSync(text)
    for (let i = 10; i < 30; i++) br[i] = br[i]! ^ 0xa5
    const e = await failure(decodeBody(br, 'br'))
    expect(e.code).toBe('HTTP_BAD_CONTENT_CODING')
    expect(e.message).toMatch(/^The br stream /)
  })

  it('a truncated and a corrupt zstd stream fail with their words', async () => {
    const cut = await failure(decodeBody(ZSTD_HELLO.subarray(0, 10), 'zstd'))
    expect(cut.message).toMatch(/zstd stream ends too early/)
    const bad = await failure(decodeBody(Buffer.from('not zstd at all, really'), 'zstd'))
    expect(bad.code).toBe('HTTP_BAD_CONTENT_CODING')
  })

  it('a source that fails passes its own error through', async () => {
    async function* dying(): AsyncGenerator<Uint8Array> {
      yield zlib.gzipSync(text).subarray(0, 20)
      throw new WirebenchError('ECONNRESET', 'reset')
    }
    expect((await failure(decodeBody(dying(), 'gzip'))).code).toBe('ECONNRESET')
  })
})
