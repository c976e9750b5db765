// Keeps the last N bytes of a stream and counts the rest, so a peer that floods `wirebench connect` costs at most
// N bytes of memory however much it sends.
export class TailBuffer {
  private chunks: Buffer[] = []
  private held = 0
  /** Every byte that arrived, held or not. */
  total = 0

  constructor(readonly limit: number) {}

  push(bytes: Uint8Array): void {
    this.total += bytes.length
    // Copy only what may be kept: the engine's chunk can be large, and holding a view would pin all of it.
    const keep = bytes.length > this.limit ? bytes.subarray(bytes.length - this.limit) : bytes
    this.chunks.push(Buffer.from(keep))
    this.held += keep.length
    while (this.held - this.chunks[0]!.length >= this.limit) this.held -= this.chunks.shift()!.length
    if (this.held > this.limit) {
      const over = this.held - this.limit
      this.chunks[0] = this.chunks[0]!.subarray(over)
      this.held -= over
    }
  }

  /** Bytes that arrived but are no longer held. */
  get dropped(): number {
    return this.total - this.held
  }

  bytes(): Buffer {
    return Buffer.concat(this.chunks, this.held)
  }
}
