// The response side of one HTTP/2 stream: header blocks become the status and headers (1xx kept apart, trailers
// said), DATA becomes the body under raw mode's caps (memory, then a 0600 file, then stop); and the client's limits,
// its connection errors, its polite GOAWAY, and the words for a server that does not speak HTTP/2 at all.
import os from 'node:os'
import type { Duplex } from 'node:stream'
import type { Http2Exchange } from '../../shared/contract/http'
import { WirebenchError } from '../../shared/errors'
import type { Finding } from '../../shared/findings'
import type { H2Frame } from '../../shared/http/h2-frames'
import type { HpackDecodeResult } from '../../shared/http/hpack'
import type { RawBody, RawLimits, RawResponseHead } from './raw'
import { Spill } from './raw-framing'

export const H2_CLIENT_LIMITS = {
  /** Decoded header list (name + value + 32 per field, RFC 9113 §6.5.2), also our SETTINGS_MAX_HEADER_LIST_SIZE. */
  headerListBytes: 64 * 1024,
  /** CONTINUATION frames in one header block before we call it a flood (RFC 9113 §10.5). */
  continuations: 64,
  /** Frames kept for the list; later ones are counted. */
  framesKept: 5000,
  /** Frame bytes kept across all rows, so a big body does not fill the answer; later rows keep the 9-octet header. */
  rowBytes: 2 * 1024 * 1024,
  /** PINGs and SETTINGS answered before the peer is told to calm down (ENHANCE_YOUR_CALM, RFC 9113 §10.5). */
  controlAnswers: 100,
  /** Our stream window (SETTINGS_INITIAL_WINDOW_SIZE) and connection window. */
  window: 1024 * 1024
} as const

/** A connection error (RFC 9113 §5.4.1): `h2code` goes in our GOAWAY; -1 when the server already ended it. */
export class ConnectionError extends Error {
  constructor(readonly h2code: number, readonly words: string, readonly source = 'RFC 9113 §5.4.1') {
    super(words)
  }
}

export interface H2Outcome {
  head: RawResponseHead | null
  interim: RawResponseHead[]
  body: RawBody
  complete: boolean
  findings: Finding[]
  /** Octets written: preface and frames. */
  sentBytes: number
  raw: Uint8Array
  rawTotalBytes: number
  http2: Http2Exchange
  at: { sentAt: number | null; firstAt: number | null; lastAt: number | null }
}

/** Reader findings that end the connection, with the error code our GOAWAY carries (RFC 9113 §5.4.1, §7). */
export const FATAL_CODE: Record<string, number> = { H2_COMPRESSION_ERROR: 0x9, H2_FRAME_SIZE: 0x6, H2_FRAME_TOO_LARGE: 0x6, H2_HEADER_BLOCK_TOO_LARGE: 0xb }

export class ResponseStream {
  head: RawResponseHead | null = null
  readonly interim: RawResponseHead[] = []
  bodyLength = 0
  private held: Uint8Array[] = []
  private spill: Spill | null = null

  constructor(private readonly lim: RawLimits, private readonly findings: Finding[], private readonly spillDir?: string) {}

  /** One decoded header block on the stream; true when it was the final response's head. */
  onHeaders(list: HpackDecodeResult): boolean {
    if (list.headerListSize > H2_CLIENT_LIMITS.headerListBytes) throw new ConnectionError(0xb, `The response's header list is ${list.headerListSize} octets decoded, over the ${H2_CLIENT_LIMITS.headerListBytes} Wirebench reads.`, 'RFC 9113 §6.5.2, §10.5.1')
    const status = list.headers.find((h) => h.name === ':status')?.value
    const regular = list.headers.filter((h) => !h.name.startsWith(':')).map((h): [string, string] => [h.name, h.value])
    if (this.head) {
      this.findings.push({ severity: 'info', code: 'H2_TRAILERS', message: `Trailers came after the body: ${regular.map(([n, v]) => `${n}: ${v}`).join('; ') || '(empty)'}.`, source: 'RFC 9113 §8.1' })
      return false
    }
    if (!status || !/^\d{3}$/.test(status)) throw new ConnectionError(0x1, `The response's HEADERS have ${status ? `a bad :status "${status}"` : 'no :status'}, so the response is malformed.`, 'RFC 9113 §8.3.2')
    for (const h of list.headers) {
      if (h.name.startsWith(':') && h.name !== ':status') this.findings.push({ severity: 'warning', code: 'H2_BAD_PSEUDO', message: `A response may only carry :status; it carried ${h.name}.`, source: 'RFC 9113 §8.3' })
      if (h.name !== h.name.toLowerCase()) this.findings.push({ severity: 'warning', code: 'H2_UPPERCASE', message: `The field name ${h.name} has upper-case letters, which makes the response malformed in HTTP/2.`, source: 'RFC 9113 §8.2.1' })
    }
    const code = Number(status)
    const one: RawResponseHead = { version: '2', status: code, reason: '', headers: regular }
    if (code >= 100 && code < 200) {
      this.interim.push(one)
      return false
    }
    this.head = one
    return true
  }

  async onData(data: Uint8Array): Promise<void> {
    if (!this.head) throw new ConnectionError(0x1, 'The server sent DATA before the response HEADERS.', 'RFC 9113 §8.1')
    this.bodyLength += data.length
    if (this.bodyLength > this.lim.maxBodyBytes) throw new WirebenchError('HTTP_BODY_TOO_LARGE', `The body passed ${this.lim.maxBodyBytes} bytes, the most Wirebench reads; reading stopped.`)
    if (this.spill) this.spill.write(data)
    else {
      this.held.push(data.slice())
      if (this.bodyLength > this.lim.memoryBodyBytes) {
        this.spill = await Spill.create(this.spillDir ?? os.tmpdir())
        for (const h of this.held.splice(0)) this.spill.write(h)
        this.findings.push({ severity: 'info', code: 'BODY_ON_DISK', message: `The body is over the ${this.lim.memoryBodyBytes}-byte memory limit, so it was written to ${this.spill.file}.` })
      }
    }
  }

  async flush(): Promise<void> {
    await this.spill?.flush()
  }

  async close(): Promise<void> {
    await this.spill?.close()
  }

  body(): RawBody {
    if (this.spill) return { file: this.spill.file, length: this.spill.length }
    const out = new Uint8Array(this.bodyLength)
    let o = 0
    for (const p of this.held) {
      out.set(p, o)
      o += p.length
    }
    return { bytes: out }
  }
}

/** A polite end: GOAWAY NO_ERROR (RFC 9113 §6.8), given a moment to leave before the caller closes the socket. */
export async function goodbye(sock: Duplex, send: (f: H2Frame, done?: () => void) => boolean): Promise<void> {
  if (sock.destroyed) return
  await new Promise<void>((resolve) => {
    const t = setTimeout(resolve, 200)
    send({ type: 'GOAWAY', flags: 0, streamId: 0, lastStreamId: 0, errorCode: 0, debugData: new Uint8Array() }, () => (clearTimeout(t), resolve()))
  })
}

/**
 * The error for a server whose first bytes are not a SETTINGS frame (RFC 9113 §3.4): an HTTP/1.x status line, an
 * HTTP/0.9-style page, or anything else. Its first line is shown with control and non-ASCII octets escaped.
 */
export function notHttp2(first: Uint8Array, cleartext?: boolean): WirebenchError {
  let end = first.findIndex((b) => b === 0x0d || b === 0x0a)
  if (end <= 0) end = Math.min(first.length, 40)
  const cut = Math.min(end, 80)
  let line = ''
  for (const b of first.subarray(0, cut)) line += b >= 0x20 && b < 0x7f && b !== 0x5c ? String.fromCharCode(b) : b === 0x5c ? '\\\\' : `\\x${b.toString(16).padStart(2, '0')}`
  if (end > cut) line += '…'
  const hint = cleartext ? ' Without TLS, HTTP/2 needs prior knowledge that the server speaks it (RFC 9113 §3.3); send the request as HTTP/1.1 instead.' : ''
  return new WirebenchError('H2_CONNECTION_ERROR', `No HTTP/2 here: the server does not speak HTTP/2 (it answered: ${line}), where its first frame must be SETTINGS (RFC 9113 §3.4).${hint}`)
}
