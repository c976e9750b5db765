// The byte tap: every raw byte each way on a TCP socket (under TLS: the encrypted records), with its arrival time,
// so the Walkthrough, the scanner and the record dissector can show exactly what crossed the wire.
import type net from 'node:net'
import { Duplex } from 'node:stream'

export interface TapChunk {
  dir: 'in' | 'out'
  /** performance.now() when the bytes arrived from the peer ('in') or were handed to the socket ('out'). */
  at: number
  bytes: Buffer
}

/** Default cap on the bytes a tap keeps: a handshake plus a fair amount of traffic. */
export const DEFAULT_TAP_BYTES = 1024 * 1024

/** What a tap recorded; it keeps counting after the cap, so `droppedBytes` says how much was not kept. */
export class ByteTap {
  readonly chunks: TapChunk[] = []
  keptBytes = 0
  droppedBytes = 0
  /** Every byte seen each way, kept or not. */
  readonly totals = { in: 0, out: 0 }

  private listeners: ((chunk: TapChunk) => void)[] = []

  constructor(readonly maxBytes: number = DEFAULT_TAP_BYTES) {}

  /** Calls `fn` with each chunk kept from now on (the Walkthrough's live feed); returns how to stop. */
  listen(fn: (chunk: TapChunk) => void): () => void {
    this.listeners.push(fn)
    return () => {
      this.listeners = this.listeners.filter((x) => x !== fn)
    }
  }

  record(dir: 'in' | 'out', bytes: Buffer): void {
    this.totals[dir] += bytes.length
    const room = Math.max(0, this.maxBytes - this.keptBytes)
    const kept = bytes.length <= room ? bytes : bytes.subarray(0, room)
    if (kept.length) {
      // A copy: the socket may reuse the buffer it handed us.
      const chunk: TapChunk = { dir, at: performance.now(), bytes: Buffer.from(kept) }
      this.chunks.push(chunk)
      this.keptBytes += kept.length
      for (const fn of this.listeners) {
        try {
          fn(chunk)
        } catch {
          // a listener's failure is its own: the socket's data flows on
        }
      }
    }
    this.droppedBytes += bytes.length - kept.length
  }

  /** The kept bytes of one direction, in order. */
  bytes(dir: 'in' | 'out'): Buffer {
    return Buffer.concat(this.chunks.filter((c) => c.dir === dir).map((c) => c.bytes))
  }
}

/**
 * A stream between the TLS layer (or the caller) and the TCP socket that records what passes. Node's TLS reads a
 * bare TCP socket's handle directly in C++, where no JavaScript sees the bytes; giving it this stream instead keeps
 * every byte in view.
 */
export class TappedStream extends Duplex {
  /** Set by the owner: true while bytes above this stream still wait for their reader (see 'close' below). */
  holdOpen?: () => boolean
  private closePending = false

  /** The owner's reader has what it needs: a close that waited for it happens now. */
  release(): void {
    if (this.closePending && !this.destroyed) this.destroy()
  }

  constructor(
    private readonly tcp: net.Socket,
    private readonly tap: ByteTap
  ) {
    super({ allowHalfOpen: true })
    tcp.on('data', (d: Buffer) => {
      tap.record('in', d)
      if (!this.push(d)) tcp.pause()
    })
    let endPushed = false
    tcp.on('end', () => {
      endPushed = true
      this.push(null)
    })
    tcp.on('error', (e) => this.destroy(e))
    tcp.on('close', () => {
      // After a clean end the peer's last bytes may still wait, decrypted in the TLS socket above, for a reader
      // slowed by backpressure: destroying this stream now would make the TLS socket drop them. While the owner says
      // so (holdOpen), the close waits for release(); an abrupt close (no end) tears it down at once.
      if (endPushed && this.holdOpen?.()) this.closePending = true
      else this.destroy()
    })
  }

  override _read(): void {
    this.tcp.resume()
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    // The peer already closed (see 'close' above): what the TLS layer still says (a close_notify) has nowhere to go.
    if (this.tcp.destroyed) return cb()
    this.tap.record('out', chunk)
    this.tcp.write(chunk, cb)
  }

  override _final(cb: (err?: Error | null) => void): void {
    this.tcp.end()
    cb()
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    this.tcp.destroy()
    cb(err)
  }
}
