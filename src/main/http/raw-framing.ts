// The raw engine's body plumbing: where a streamed body ends (one pass, chunked coding removed) and the private
// temp file a body over the memory limit goes to, kept apart from raw.ts so each stays readable.
import { open, type FileHandle } from 'node:fs/promises'
import { randomBytes } from 'node:crypto'
import path from 'node:path'
import { WirebenchError } from '../../shared/errors'

/**
 * Finds where a body ends as bytes arrive, in one pass (re-parsing a growing chunked body would be quadratic), and
 * hands out the payload with the chunked coding removed (RFC 9112 §7.1). Lenient like the parser: a bare LF is accepted.
 */
export class BodyFramer {
  payload = 0
  private state: 'size' | 'data' | 'data-end' | 'trailer' = 'size'
  private line: number[] = []
  private left: number
  private trailerBytes = 0
  constructor(readonly mode: 'length' | 'close' | 'chunked' | 'none', length: number, private readonly lineCap: number) {
    this.left = length
  }

  /** Returns the index in `b` just after the body's end, or -1 when more is needed. */
  feed(b: Uint8Array, onData?: (d: Uint8Array) => void): number {
    if (this.mode === 'none') return 0
    if (this.mode === 'close') { this.payload += b.length; onData?.(b); return -1 }
    if (this.mode === 'length') {
      const take = Math.min(this.left, b.length)
      this.left -= take
      this.payload += take
      if (take) onData?.(b.subarray(0, take))
      return this.left === 0 ? take : -1
    }
    let i = 0
    while (i < b.length) {
      if (this.state === 'data') {
        const take = Math.min(this.left, b.length - i)
        onData?.(b.subarray(i, i + take))
        this.payload += take
        this.left -= take
        i += take
        if (this.left === 0) this.state = 'data-end'
        continue
      }
      const c = b[i++]!
      if (this.state === 'data-end') {
        if (c === 0x0d) continue
        if (c !== 0x0a) throw new WirebenchError('HTTP_BAD_FRAMING', 'A chunk’s data is not followed by CRLF, so the chunk sizes cannot be trusted (RFC 9112 §7.1).')
        this.state = 'size'
        continue
      }
      if (c !== 0x0a) {
        if (this.line.length >= 4096 || this.trailerBytes > this.lineCap) throw new WirebenchError('HTTP_BAD_FRAMING', this.state === 'size' ? 'A chunk-size line is over 4096 bytes (RFC 9112 §7.1).' : 'The chunked trailer section is larger than Wirebench reads (RFC 9112 §7.1.2).')
        this.line.push(c)
        this.trailerBytes += this.state === 'trailer' ? 1 : 0
        continue
      }
      const text = String.fromCharCode(...this.line).replace(/\r$/, '')
      this.line = []
      if (this.state === 'trailer') {
        if (text === '') return i
        continue
      }
      const size = text.split(';')[0]!.trim()
      if (!/^[0-9a-fA-F]{1,11}$/.test(size)) throw new WirebenchError('HTTP_BAD_FRAMING', `"${text.slice(0, 40)}" is not a chunk size (hex digits, RFC 9112 §7.1), so where the body ends is unknown.`)
      this.left = parseInt(size, 16)
      this.state = this.left === 0 ? 'trailer' : 'data'
    }
    return -1
  }

  /** The payload of a chunked body that ended early, from its raw bytes. */
  collected(raw: Uint8Array): Uint8Array {
    const out: Uint8Array[] = []
    try { new BodyFramer('chunked', 0, this.lineCap).feed(raw, (d) => out.push(d)) } catch { /* what came before the error is kept */ }
    return new Uint8Array(Buffer.concat(out))
  }
}

/** A body over the memory limit, written to a fresh file only we can read (exclusive create, mode 0600). */
export class Spill {
  length = 0
  private pending: Buffer[] = []
  private constructor(readonly file: string, private readonly fh: FileHandle) {}
  static async create(dir: string): Promise<Spill> {
    const file = path.join(dir, `wirebench-body-${randomBytes(8).toString('hex')}.bin`)
    return new Spill(file, await open(file, 'wx', 0o600))
  }
  write(d: Uint8Array): void {
    this.pending.push(Buffer.from(d))
    this.length += d.length
  }
  async flush(): Promise<void> {
    const data = Buffer.concat(this.pending)
    this.pending = []
    if (data.length) await this.fh.write(data)
  }
  async close(): Promise<void> {
    await this.flush().catch(() => {})
    await this.fh.close().catch(() => {})
  }
}
