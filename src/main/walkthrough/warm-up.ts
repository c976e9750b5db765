// Warms the analysis worker's code before the first walk, so a walk's analysis runs compiled code, not the
// interpreter: a fresh worker took ~3.5 ms to explain a 16-record HTTPS walk, the same worker ~1 ms after a few
// hundred. The session's warm worker (analysis-pool.ts prewarmAnalysisWorker) runs this while the app is idle: RFC 8448
// §3's 1-RTT handshake (its published messages and secrets), sealed here into TLS 1.3 records around an HTTP/1.1 and
// an HTTP/2 exchange, analysed as the recorder's jobs are (the prime, the analysis, the reply's packing).
import { ByteWriter, parseHex } from '../../shared/bytes'
import type { CapturedPacket } from './capture'
import { RFC8448 } from '../../shared/tls/handshake-fixtures'
import { analyseWalk, primeWalk, type AnalysisJob, type TapStream } from './analyse'
import { packSteps } from './step-detail'
import { aeadSeal } from './tls-aead'
import { concat, recordNonce, trafficKeys } from './tls-keys'

/** RFC 8448 §3's client random and traffic secrets (the key log its client would write). */
const RANDOM = 'cb34ecb1e78163ba1c38c6dacb196a6dffa21a8d9912ec18a2ef6283024dece7'
const SECRETS = {
  CLIENT_HANDSHAKE_TRAFFIC_SECRET: 'b3eddb126e067f35a780b3abf45e2d8f3b1a950738f52e9600746a0e27a55a21',
  SERVER_HANDSHAKE_TRAFFIC_SECRET: 'b67b7d690cc16c4e75e54213cb2d37b4e9c912bcded9105d42befd59d391ad38',
  CLIENT_TRAFFIC_SECRET_0: '9e40646ce79a7f9dc05af8889bce6552875afa0b06df0087f792ebb7c17504a5',
  SERVER_TRAFFIC_SECRET_0: 'a11af9f05531f856ad47116b45a950328204b4f44bfb6b3a4b4f1f3fcb631643'
}

const clear = (type: number, version: number, body: Uint8Array): Uint8Array => concat(Uint8Array.of(type, version >> 8, version & 0xff, body.length >> 8, body.length & 0xff), body)

/** A TLS 1.3 record sealed with TLS_AES_128_GCM_SHA256 under `secret` (RFC 8446 §5.2: inner type last, header as AD). */
function sealed(secret: string, seq: number, innerType: number, plaintext: Uint8Array): Uint8Array {
  const k = trafficKeys('sha256', 16, parseHex(secret))
  const length = plaintext.length + 1 + 16
  const header = Uint8Array.of(23, 3, 3, length >> 8, length & 0xff)
  return concat(header, aeadSeal('aes-128-gcm', k.key, recordNonce(k.iv, seq), header, concat(plaintext, Uint8Array.of(innerType))))
}

function stream(chunks: Uint8Array[], t0: number): TapStream {
  const starts: number[] = []
  let at = 0
  for (const c of chunks) {
    starts.push(at)
    at += c.length
  }
  return { bytes: concat(...chunks), starts, ats: chunks.map((_, i) => t0 + i) }
}

/** An HTTP/2 frame (RFC 9113 §4.1). */
function frame(type: number, flags: number, stream: number, payload: Uint8Array): Uint8Array {
  return new ByteWriter().u24(payload.length).u8(type).u8(flags).u32(stream).bytes(payload).finish()
}

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s)

/** The client's and the server's application data of one exchange, and the response as the engine read it. */
function exchange(h2: boolean): { request: Uint8Array; response: Uint8Array } {
  if (!h2) return { request: ascii('GET / HTTP/1.1\r\nHost: server\r\nUser-Agent: Wirebench walkthrough\r\nAccept: */*\r\nConnection: close\r\n\r\n'), response: ascii('HTTP/1.1 200 OK\r\nServer: warm-up\r\nContent-Type: text/html\r\nContent-Length: 6\r\nConnection: close\r\n\r\nhello\n') }
  // HPACK: :method GET, :scheme https, :path / (indexed), :authority "server" (literal, RFC 7541 §6.2.1); :status 200.
  const headers = concat(Uint8Array.of(0x82, 0x87, 0x84, 0x41, 6), ascii('server'))
  const request = concat(ascii('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'), frame(4, 0, 0, new Uint8Array()), frame(1, 5, 1, headers))
  const response = concat(frame(4, 0, 0, new Uint8Array()), frame(4, 1, 0, new Uint8Array()), frame(1, 4, 1, Uint8Array.of(0x88)), frame(0, 1, 1, ascii('hello\n')))
  return { request, response }
}

/** An IPv4/TCP segment from 127.0.0.1:`from` to :`to` as tcpdump gives it on "any" (Linux cooked v2 header first). */
function segment(at: number, from: number, to: number, seq: number, ack: number, flags: number, payload: Uint8Array): CapturedPacket {
  const syn = (flags & 0x02) !== 0
  // MSS 65495, SACK permitted, timestamps, window scale 7: what Linux puts in a loopback SYN (RFC 9293 §3.2, RFC 7323)
  const options = syn ? Uint8Array.of(2, 4, 0xff, 0xd7, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7) : new Uint8Array()
  const tcpLength = 20 + options.length
  const total = 20 + tcpLength + payload.length
  const w = new ByteWriter()
  w.u16(0x0800).u16(0).u32(1).u16(772).u8(0).u8(6).bytes(new Uint8Array(8)) // SLL2: IPv4, loopback, outgoing
  w.u8(0x45).u8(0).u16(total).u16(0).u16(0x4000).u8(64).u8(6).u16(0).bytes(Uint8Array.of(127, 0, 0, 1, 127, 0, 0, 1))
  w.u16(from).u16(to).u32(seq >>> 0).u32(ack >>> 0).u8((tcpLength / 4) << 4).u8(flags).u16(65483).u16(0).u16(0).bytes(options).bytes(payload)
  const bytes = w.finish()
  return { at, epochMicros: Math.round(at * 1000), linkType: 276, bytes }
}

/** The walk's connection as packets: the three-way handshake, each tapped chunk as a segment, and the close. */
function packetsOf(out: Uint8Array[], into: Uint8Array[], t0: number): CapturedPacket[] {
  const C = 50000
  const S = 443
  let cs = 1000
  let ss = 9000
  const p: CapturedPacket[] = [segment(t0 + 0.01, C, S, cs - 1, 0, 0x02, new Uint8Array()), segment(t0 + 0.02, S, C, ss - 1, cs, 0x12, new Uint8Array()), segment(t0 + 0.03, C, S, cs, ss, 0x10, new Uint8Array())]
  const n = Math.max(out.length, into.length)
  for (let i = 0; i < n; i++) {
    const sent = out[i]
    const got = into[i]
    if (sent) {
      p.push(segment(t0 + 1 + i, C, S, cs, ss, 0x18, sent))
      cs += sent.length
    }
    if (got) {
      p.push(segment(t0 + 1.5 + i, S, C, ss, cs, 0x18, got))
      ss += got.length
    }
  }
  p.push(segment(t0 + n + 2, S, C, ss, cs, 0x11, new Uint8Array()), segment(t0 + n + 2.1, C, S, cs, ss + 1, 0x11, new Uint8Array()), segment(t0 + n + 2.2, S, C, ss + 1, cs + 1, 0x10, new Uint8Array()))
  return p
}

/**
 * One walk's job, on the recorder's clock from `t0`, and what the prime would have been sent; with `captured`, the
 * packets a capture would have given too.
 */
export function warmJob(h2: boolean, t0: number, captured = false): { job: AnalysisJob; prime: Parameters<typeof primeWalk>[0] } {
  const m = RFC8448
  const { request, response } = exchange(h2)
  const clientHello = clear(22, 0x0301, m.clientHello)
  const clientFinished = sealed(SECRETS.CLIENT_HANDSHAKE_TRAFFIC_SECRET, 0, 22, m.clientFinished)
  const serverHello = clear(22, 0x0303, m.serverHello)
  const flight = sealed(SECRETS.SERVER_HANDSHAKE_TRAFFIC_SECRET, 0, 22, concat(m.encryptedExtensions, m.certificate, m.certificateVerify, m.serverFinished))
  const out = [clientHello, clientFinished, sealed(SECRETS.CLIENT_TRAFFIC_SECRET_0, 0, 23, request)]
  const into = [serverHello, flight, sealed(SECRETS.SERVER_TRAFFIC_SECRET_0, 0, 22, m.newSessionTicket), sealed(SECRETS.SERVER_TRAFFIC_SECRET_0, 1, 23, response), sealed(SECRETS.SERVER_TRAFFIC_SECRET_0, 2, 21, Uint8Array.of(1, 0))]
  const keylog = Object.entries(SECRETS).map(([label, secret]) => `${label} ${RANDOM} ${secret}`)
  const tls = { protocol: 'TLSv1.3', cipher: 'TLS_AES_128_GCM_SHA256', alpn: h2 ? 'h2' : 'http/1.1', resumed: false }
  const job: AnalysisJob = {
    zero: t0,
    drafts: [],
    conn: { local: { address: '127.0.0.1', port: 50000, family: 'IPv4' }, remote: { address: '127.0.0.1', port: 443, family: 'IPv4' }, timings: { startedAt: t0, lookupMs: null, connectMs: 0.1, handshakeMs: 2 } },
    packets: captured ? packetsOf(out, into, t0) : [],
    dnsPorts: null,
    captureWanted: captured,
    captureNote: captured ? 'captured with tcpdump' : 'packet capture was turned off',
    tap: { out: stream(out, t0 + 1), in: stream(into, t0 + 1.5) },
    tls,
    keylog,
    http: { protocol: h2 ? 'http2' : 'http1', raw: response, total: response.length, status: 200, reason: 'OK', version: h2 ? 'HTTP/2' : 'HTTP/1.1', downloadMs: 0.1 }
  }
  const prime = { tap: { out: stream(out.slice(0, 2), t0 + 1), in: stream(into.slice(0, 2), t0 + 1.5) }, keylog, tls, request: h2 ? null : { protocol: 'http1' as const, bytes: request } }
  return { job, prime }
}

/** How many warm-up walks the worker runs: enough for V8 to compile the hot paths (measured: ~100 bring a walk to ~1 ms). */
export const WARM_UP_WALKS = 120

/**
 * One warm-up walk as the live feed makes a real one: a prime with the handshake (before the connector's facts), one
 * with everything, then the analysis and the reply's packing. HTTP/1.1 and HTTP/2 by turns, every other pair with the
 * packets a capture gives.
 */
export function warmUpWalk(i: number): void {
  const { job, prime } = warmJob(i % 2 === 1, i * 20, i % 4 >= 2)
  primeWalk({ ...prime, tls: { protocol: null, cipher: '', alpn: null } })
  primeWalk({ tap: job.tap, keylog: job.keylog, tls: job.tls, request: null })
  packSteps(analyseWalk(job).steps)
}
