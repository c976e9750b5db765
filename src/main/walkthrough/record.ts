// Records one real request as a walkthrough: the DNS questions (record-dns), the capture when tcpdump may watch, the
// HTTP engine's own request over THE connector with its byte tap and key log turned on (no second HTTP or TLS engine),
// then every step built from what was seen, on one clock (performance.now(), zero at the start of the recording).
import { rm } from 'node:fs/promises'
import net from 'node:net'
import { sendH2, sendRaw, type RawResult, type RawTarget } from '../http'
import type { ByteTap, ConnectAttempt, Connection, TapChunk } from '../tls'
import { fromBase64 } from '../../shared/bytes'
import type { WalkRecordInput } from '../../shared/contract/walkthrough'
import type { walkRecordInput } from '../../shared/contract/walkthrough'
import { WirebenchError } from '../../shared/errors'
import type { Finding } from '../../shared/findings'
import { statusInfo } from '../../shared/http/status'
import type { Walkthrough } from '../../shared/walkthrough/model'
import type { z } from 'zod'
import type { Capture, CapturedPacket } from './capture'
import { capturing, type StartedCapture } from './early-capture'
import { liveFeedPays, noLookup } from './record-address'
import type { AnalysisJob, TapStream } from './analyse'
import { analyseInWorker, primeAnalysis, quietAnalysisWorker, startAnalysisWorker } from './analysis-pool'
import type { StepDraft } from './steps-common'

export type WalkInput = z.output<typeof walkRecordInput>
export type { WalkRecordInput }

export interface RecordContext {
  signal?: AbortSignal
  progress?(p: { message: string }): void
  /** A capture the caller started already (early-capture.ts startWalkCapture, for the same input): adopted as the first. */
  capture?: Promise<StartedCapture> | null
  /** The live feed on or off; by default on where it pays (record-address.ts liveFeedPays). */
  liveFeed?: boolean
}

export interface Recorded {
  walkthrough: Walkthrough
  packets: CapturedPacket[]
}

/** What the tap keeps of one connection: a handshake and a body of a few MiB (beyond that the steps say they are cut). */
const TAP_BYTES = 16 * 1024 * 1024
/** Addresses tried before giving up (a name with many A/AAAA records). */
const MAX_ATTEMPTS = 4

let counter = 0
const round2 = (ms: number): number => Math.round(ms * 100) / 100
const newId = (): string => `w${Date.now().toString(36)}${(++counter).toString(36)}`

/** The request as HTTP/1.1 text (HTTP/2 converts it to frames): the typed one, or one built from method and headers. */
export function walkRequest(input: WalkInput, url: URL): Uint8Array {
  if (input.rawRequestBase64) return fromBase64(input.rawRequestBase64)
  const fields: [string, string][] = [
    ['Host', url.host],
    ['User-Agent', 'Wirebench walkthrough'],
    ['Accept', '*/*']
  ]
  for (const [name, value] of input.headers) {
    const i = fields.findIndex(([n]) => n.toLowerCase() === name.toLowerCase())
    if (i >= 0) fields[i] = [name, value]
    else fields.push([name, value])
  }
  if (!fields.some(([n]) => n.toLowerCase() === 'connection')) fields.push(['Connection', 'close'])
  const text = `${input.method} ${url.pathname || '/'}${url.search} HTTP/1.1\r\n${fields.map(([n, v]) => `${n}: ${v}\r\n`).join('')}\r\n`
  if (/[\r\n]/.test(fields.map(([n, v]) => n + v).join(''))) throw new WirebenchError('INVALID_INPUT', 'A header name or value holds a line break.')
  return new TextEncoder().encode(text)
}

function parseUrl(text: string): { url: URL; host: string; port: number; tls: boolean } {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new WirebenchError('INVALID_INPUT', `"${text}" is not a URL: give one such as https://example.com/.`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new WirebenchError('INVALID_INPUT', `A walkthrough follows http:// or https:// URLs, not ${url.protocol}//.`)
  const tls = url.protocol === 'https:'
  return { url, host: url.hostname, port: url.port ? Number(url.port) : tls ? 443 : 80, tls }
}

/** The caller's capture once it listens, unless the walk is cancelled first (the caller then stops it). */
function untilCancelled<T>(p: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return p
  if (signal.aborted) return Promise.reject(new WirebenchError('CANCELLED'))
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new WirebenchError('CANCELLED'))
    signal.addEventListener('abort', onAbort, { once: true })
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
  })
}

/** Starts tcpdump when it may run; the reason in words either way. */
async function maybeCapture(wanted: boolean, hosts: string[], ports: number[], signal?: AbortSignal): Promise<StartedCapture> {
  if (!wanted) return { capture: null, note: 'packet capture was turned off' }
  return capturing(hosts, ports, signal)
}

export async function recordWalkthrough(input: WalkInput, ctx: RecordContext = {}): Promise<Recorded> {
  const { url, host, port, tls } = parseUrl(input.url)
  const request = walkRequest(input, url)
  const bare = host.replace(/^\[|\]$/g, '')
  const needDns = !input.address && !net.isIP(bare)
  const zero = performance.now()
  const id = newId()
  const startedAt = Date.now()
  const findings: Finding[] = []
  // the analysis worker loads while the network part runs (the binding has usually started it already); a warm-up
  // still running ends, so it does not compete with the request for the CPU
  startAnalysisWorker()
  quietAnalysisWorker()
  // the DNS engine is loaded only when a name is to be looked up (the CLI starts faster for an address)
  const lookup = needDns ? await import('./record-dns') : null
  const spec = lookup ? await lookup.walkResolver(input.resolver) : null
  const known = needDns ? [] : [input.address ?? bare]

  // The capture listens before the first packet leaves: the DNS exchange and, when its address is known, the server.
  const captures: Capture[] = []
  ctx.progress?.({ message: 'Starting the capture' })
  const first = ctx.capture && !spec ? await untilCancelled(ctx.capture, ctx.signal) : await maybeCapture(input.capture, [...(spec ? [spec.host] : []), ...known], [...(spec ? [spec.port] : []), port], ctx.signal)
  let captureNote = first.note
  if (first.capture) captures.push(first.capture)
  const stopAll = async (): Promise<CapturedPacket[]> => (await Promise.all(captures.map((c) => c.stop().catch(() => [] as CapturedPacket[])))).flat().sort((a, b) => a.at - b.at)

  try {
    ctx.progress?.({ message: needDns ? `Looking up ${bare}` : 'Connecting' })
    const dns = lookup ? await lookup.dnsPhase(host, { spec, address: input.address, signal: ctx.signal }) : noLookup(host, input.address ?? bare, input.address !== undefined)
    findings.push(...dns.findings)
    const filtered = new Set([...(spec ? [spec.host] : []), ...known])
    const more = dns.candidates.filter((a) => !filtered.has(a))
    if (first.capture && more.length) {
      const second = await maybeCapture(true, more, [port], ctx.signal)
      if (second.capture) captures.push(second.capture)
      else captureNote = `${captureNote}; the server's packets were not: ${second.note}`
    }

    ctx.progress?.({ message: `Connecting to ${dns.candidates[0]}` })
    const seen: { conn: Connection | null; attempts: ConnectAttempt[]; analysing: boolean } = { conn: null, attempts: [], analysing: false }
    const addresses = dns.candidates.slice(0, MAX_ATTEMPTS)
    let unlisten = (): void => undefined
    const feeding = ctx.liveFeed ?? liveFeedPays(addresses)
    const onTap = (tap: ByteTap, keylog: readonly string[] | null): void => {
      if (!feeding) return
      unlisten()
      unlisten = liveFeed({ tap, keylog, input, tls, request, done: () => seen.analysing, facts: () => (seen.conn ? tlsFacts(seen.conn) : null) })
    }
    const onConnection = (c: Connection): void => {
      seen.conn = c
    }
    let result: RawResult
    try {
      result = await send(input, { host, port, tls, addresses, request, signal: ctx.signal, onTap, onConnection, onAttempt: (x) => seen.attempts.push(x) })
    } finally {
      seen.analysing = true
      unlisten()
    }
    // the recording ends when the HTTP engine has the whole response (where a plain request's call ends); what follows
    // is explaining it
    const recordedAt = performance.now()
    const conn = seen.conn as Connection | null
    if (!conn) throw new WirebenchError('HTTP_ERROR', `The HTTP engine did not report its connection to ${bare}.`)
    const c: Connection = conn
    const r: RawResult = result
    if ('file' in r.body) await rm(r.body.file, { force: true })
    ctx.progress?.({ message: 'Decrypting and explaining' })
    // The last packets (FIN, the final ACK) arrive after the engine is done: the capture's own flush waits for them.
    const captured = await stopAll()
    const notes = captures.flatMap((x) => x.notes)
    captures.length = 0
    if (notes.length) captureNote = `${captureNote} (${notes.join('; ')})`
    const drafts: StepDraft[] = [...dns.drafts]
    if (dns.dns) {
      const tried = attemptWords(seen.attempts, c.remote.address)
      const why = `${dns.dns.why}${tried ? ` ${tried}` : ''}`
      drafts.push({ at: c.timings.startedAt - 0.001, durationMs: 0, layer: 'network', kind: 'address-choice', title: `Connect to ${c.remote.address} (of ${dns.dns.addresses.join(', ')})`, from: 'client', to: 'client', bytesHex: '', spans: [], explain: `${why} Choosing the destination IP address and its family is the network layer's part (3): IP carries the packets between the two hosts.`, source: 'RFC 6724 §6, RFC 8305 §4' })
      dns.dns.chosen = c.remote.address
    }
    const keylog = c.keylog ?? []
    if (c.tap?.droppedBytes) findings.push({ severity: 'info', code: 'WALK_TAP_CAPPED', message: `Only the first ${c.tap.keptBytes} bytes of the connection were kept; ${c.tap.droppedBytes} more are not shown.` })
    // Decrypting, parsing and explaining run in the analysis worker (CPU-heavy: never on main's event loop).
    const a = await analyseInWorker(
      {
        zero,
        drafts,
        conn: { local: c.local, remote: c.remote, timings: c.timings },
        packets: captured,
        dnsPorts: spec ? { port: spec.port, localPorts: dns.localPorts } : null,
        captureWanted: first.capture !== null,
        captureNote,
        tap: { out: tapStream(c.tap?.chunks ?? [], 'out'), in: tapStream(c.tap?.chunks ?? [], 'in') },
        tls: tlsFacts(c),
        keylog,
        http: { protocol: r.response.version === 'HTTP/2' ? 'http2' : 'http1', raw: new Uint8Array(r.raw), total: r.rawTotalBytes, status: r.response.status, reason: r.response.reason, version: r.response.version, downloadMs: r.timings.downloadMs }
      },
      { signal: ctx.signal }
    )
    findings.push(...a.findings, ...r.findings.filter((f) => !(input.protocol === 'auto' && f.code === 'H2_NOT_NEGOTIATED')))
    const packets = a.packetIndexes.map((i) => captured[i]!)
    const { steps, capture } = a
    captureNote = a.captureNote
    const tlsSummary = a.tls
    const last = steps[steps.length - 1]
    const walkthrough: Walkthrough = {
      id,
      url: url.toString(),
      startedAt,
      steps,
      dns: dns.dns,
      remote: { address: c.remote.address, port: c.remote.port },
      local: { address: c.local.address, port: c.local.port },
      tls: tlsSummary,
      http: { version: r.response.version, status: r.response.status, statusWords: statusInfo(r.response.status)?.words ?? r.response.reason },
      capture,
      captureNote,
      keylog: keylog.length ? `${keylog.join('\n')}\n` : '',
      totalMs: last ? round2(last.startMs + last.durationMs) : 0,
      phases: { recordMs: round2(recordedAt - zero), explainMs: round2(performance.now() - recordedAt) },
      findings
    }
    return { walkthrough, packets }
  } finally {
    if (captures.length) await stopAll()
  }
}

/** The live feed stops priming once the tap holds this much: beyond it each prime would re-key a growing stream. */
const LIVE_MAX_BYTES = 256 * 1024
/** And after this many primes (one per turn of the event loop that brought bytes). */
const LIVE_MAX_PRIMES = 32

/**
 * The live feed: the connection's bytes and key log so far are handed to the analysis worker after each turn of the
 * event loop that brought more from the server (its handshake flight, a session ticket, the first part of a big
 * answer), so decrypting, checking and parsing what has arrived overlaps the wait for the rest — the client's own
 * certificate check, the request's round trip — and less is left after the last byte (analysis-pool.ts primeAnalysis;
 * the worker remembers each record's work by its bytes, memo.ts). The request is written before any prime is sent
 * (each is sent from a later turn than the bytes that prompted it), but the worker's work runs beside it: on a machine
 * with cores to spare that is free; on few cores shared with the server it slows the request it records, so it is off
 * there (record-address.ts liveFeedPays). Bounded in bytes and primes; a big download's tail is analysed after the
 * response, as without a feed. Returns how to stop it.
 */
interface LiveFeed {
  tap: ByteTap
  keylog: readonly string[] | null
  input: WalkInput
  tls: boolean
  request: Uint8Array
  done(): boolean
  /** The connector's TLS facts once the handshake is done (null before). */
  facts(): AnalysisJob['tls']
}

function liveFeed({ tap, keylog, input, tls, request, done, facts }: LiveFeed): () => void {
  if (!tls) return () => undefined
  const h2 = input.protocol === 'http2' || input.protocol === 'auto'
  let sent = 0
  let queued = false
  let seen = 0
  const feed = (): void => {
    queued = false
    if (done() || tap.keptBytes > LIVE_MAX_BYTES || sent >= LIVE_MAX_PRIMES) return stop()
    // the server's bytes are what is worth analysing ahead (our ClientHello alone is quick to read at the end)
    if (!tap.chunks.some((c) => c.dir === 'in') || tap.chunks.length === seen) return
    seen = tap.chunks.length
    sent++
    primeAnalysis({
      tap: { out: tapStream(tap.chunks, 'out'), in: tapStream(tap.chunks, 'in') },
      keylog: [...(keylog ?? [])],
      // the connector's facts come once the handshake is done; until then the records say the version and suite
      tls: facts() ?? { protocol: null, cipher: '', alpn: null },
      request: h2 || sent > 1 ? null : { protocol: 'http1', bytes: new Uint8Array(request) }
    })
  }
  const stop = tap.listen(() => {
    if (queued) return
    queued = true
    setImmediate(feed)
  })
  return stop
}

/** What the connector says of the connection's TLS, as the analysis takes it. */
const tlsFacts = (c: Connection): AnalysisJob['tls'] => (c.tls ? { protocol: c.tls.protocol, cipher: c.tls.cipherStandardName || c.tls.cipher, alpn: c.tls.alpn, resumed: c.tls.resumed } : null)

/** One direction of the tap as one fresh buffer (its own ArrayBuffer, so it can be transferred to the worker). */
function tapStream(chunks: readonly TapChunk[], dir: 'in' | 'out'): TapStream {
  const mine = chunks.filter((x) => x.dir === dir)
  const bytes = new Uint8Array(mine.reduce((n, x) => n + x.bytes.length, 0))
  const starts: number[] = []
  const ats: number[] = []
  let at = 0
  for (const x of mine) {
    starts.push(at)
    ats.push(x.at)
    bytes.set(x.bytes, at)
    at += x.bytes.length
  }
  return { bytes, starts, ats }
}

interface SendArgs {
  host: string
  port: number
  tls: boolean
  addresses: string[]
  request: Uint8Array
  signal?: AbortSignal
  onTap(tap: ByteTap, keylog: readonly string[] | null): void
  onConnection(c: Connection): void
  onAttempt(a: ConnectAttempt): void
}

/** Node's Happy Eyeballs attempts in words: which address was tried when, and what became of it. */
function attemptWords(attempts: ConnectAttempt[], connected: string): string {
  if (attempts.length === 0) return ''
  const t0 = attempts[0]!.at
  const line = (a: ConnectAttempt): string => `+${(a.at - t0).toFixed(1)} ms ${a.event === 'attempt' ? 'try' : a.event === 'timeout' ? 'no answer within 250 ms, next' : 'failed'} ${a.address}${a.error ? ` (${a.error})` : ''}`
  return `Happy Eyeballs (RFC 8305 §5, Node's autoSelectFamily) tried: ${attempts.map(line).join('; ')}; connected to ${connected}.`
}

/** The HTTP engine's own request (raw mode or HTTP/2) with the connector's tap and key log turned on. */
async function send(input: WalkInput, a: SendArgs): Promise<RawResult> {
  const h2 = input.protocol === 'http2' || (input.protocol === 'auto' && a.tls)
  const target: RawTarget = {
    host: a.host,
    port: a.port,
    ...(a.addresses.length > 1 ? { addresses: a.addresses } : { address: a.addresses[0] }),
    ...(a.tls
      ? {
          tls: {
            alpn: input.protocol === 'http1.1' ? ['http/1.1'] : ['h2', 'http/1.1'],
            verify: !input.insecure,
            ...(input.caPem ? { caPem: input.caPem } : {}),
            ...(input.tlsVersion === '1.2' ? { maxVersion: 'TLSv1.2' as const } : input.tlsVersion === '1.3' ? { minVersion: 'TLSv1.3' as const } : {})
          }
        }
      : {})
  }
  const options = { signal: a.signal, limits: { budgetMs: input.timeoutMs }, observe: { tap: { maxBytes: TAP_BYTES }, keylog: a.tls, onTap: a.onTap, onConnection: a.onConnection, onAttempt: a.onAttempt } }
  return h2 ? sendH2(target, a.request, options) : sendRaw(target, a.request, options)
}
