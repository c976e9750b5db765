// The CPU-heavy half of a walkthrough, over plain data so it runs in the analysis worker (analysis-worker.ts), never
// on main's event loop: the tapped streams cut into records, TLS decryption with the key log (key schedule, AES/ChaCha,
// Finished and CertificateVerify), handshake parsing, packet dissection, and every step put on the walkthrough's clock.
// The recorder (record.ts) does the network part in main and hands this job over, its byte buffers transferred.
import type { Connection } from '../tls'
import type { Finding } from '../../shared/findings'
import { readRecords } from '../../shared/tls/records'
import type { WalkStep, WalkTlsSummary } from '../../shared/walkthrough/model'
import type { CapturedPacket } from './capture'
import { finalizeSteps, type StepDraft } from './steps-common'
import { dissectRequest, httpSteps, type HttpSide } from './steps-http'
import { connectDraft, connectionPackets, segmentDrafts } from './steps-tcp'
import { primeTls, tlsSteps } from './steps-tls'
import { memoActive } from './memo'
import type { TimedRecord } from './tls-decrypt'

/** One direction of the tap: its bytes end to end, and where each chunk began with its arrival time. */
export interface TapStream {
  bytes: Uint8Array
  starts: number[]
  ats: number[]
}

export type ConnFacts = Pick<Connection, 'local' | 'remote' | 'timings'>

export interface AnalysisJob {
  /** performance.now() at the start of the recording: the walkthrough's zero. */
  zero: number
  /** Steps main already built (the DNS exchange, the address choice): small, put on the clock with the rest. */
  drafts: StepDraft[]
  conn: ConnFacts
  /** Captured packets (empty without a capture), and what the DNS exchange's packets are recognised by. */
  packets: CapturedPacket[]
  dnsPorts: { port: number; localPorts: number[] } | null
  captureWanted: boolean
  captureNote: string
  tap: { out: TapStream; in: TapStream }
  tls: { protocol: string | null; cipher: string; alpn: string | null; resumed?: boolean } | null
  keylog: string[]
  http: { protocol: 'http1' | 'http2'; raw: Uint8Array; total: number; status: number; reason: string; version: string; downloadMs: number | null }
}

export interface AnalysisResult {
  steps: WalkStep[]
  tls: WalkTlsSummary | null
  findings: Finding[]
  capture: 'packets' | 'socket-only'
  captureNote: string
  /** Indexes into the job's packets of this connection's (and its DNS exchange's): what the pcapng export keeps. */
  packetIndexes: number[]
  /** Results this analysis found made ahead by the live feed's primes (memo.ts), set by the worker: a diagnostic. */
  primedHits?: number
}

/** One direction's whole records, each timed by the chunk that held its first byte (subarrays: nothing copied). */
function streamRecords(s: TapStream, from: 'client' | 'server'): TimedRecord[] {
  let chunk = 0
  return readRecords(s.bytes).map((r) => {
    while (chunk + 1 < s.starts.length && s.starts[chunk + 1]! <= r.offset) chunk++
    return { from, at: s.ats[chunk] ?? 0, bytes: s.bytes.subarray(r.offset, r.offset + 5 + r.body.length) }
  })
}

/** Both directions in time order, each keeping its own order (a stable merge). */
export function recordsOf(tap: AnalysisJob['tap']): TimedRecord[] {
  const a = streamRecords(tap.out, 'client')
  const b = streamRecords(tap.in, 'server')
  const out: TimedRecord[] = []
  let i = 0
  let j = 0
  while (i < a.length || j < b.length) {
    if (i < a.length && (j >= b.length || a[i]!.at <= b[j]!.at)) out.push(a[i++]!)
    else out.push(b[j++]!)
  }
  return out
}

/** The connection so far, as the recorder's live feed hands it over (record.ts liveFeed), and the request when known. */
export interface PrimeJob {
  tap: { out: TapStream; in: TapStream }
  keylog: string[]
  /** The connector's facts once its handshake is done; before that, protocol null (the records say the version). */
  tls: NonNullable<AnalysisJob['tls']> | null
  /** The request's bytes when the wire carries them as given (HTTP/1.1; HTTP/2 turns them into frames). */
  request: { protocol: 'http1'; bytes: Uint8Array } | null
}

/**
 * The share of the analysis that what has arrived allows, done while the rest is on the wire: the same calls
 * analyseWalk makes, so their results are remembered (memo.ts) and the final analysis after the last response byte
 * finds them done. Nothing is returned: a prime that fails or misses only means the final analysis does the work.
 */
export function primeWalk(p: PrimeJob): void {
  memoActive(true)
  if (p.request) dissectRequest(p.request.protocol, p.request.bytes)
  if (p.tls) primeTls(recordsOf(p.tap), p.keylog, p.tls.protocol)
}

export function analyseWalk(job: AnalysisJob): AnalysisResult {
  try {
    return analyse(job)
  } finally {
    // what a prime left is used by this walk only; the next walk without one keys nothing
    memoActive(false)
  }
}

function analyse(job: AnalysisJob): AnalysisResult {
  const findings: Finding[] = []
  const drafts: StepDraft[] = [...job.drafts]
  const indexed = job.packets.map((p, i) => ({ p, i }))
  const kept = new Set(connectionPackets(job.packets, job.conn as Connection, job.dnsPorts))
  const packets = indexed.filter((x) => kept.has(x.p))
  const tcpPackets = packets.map((x) => x.p).filter((p) => p.at >= job.conn.timings.startedAt - 5)
  const segments = segmentDrafts(tcpPackets, job.conn as Connection)
  const capture = segments.length > 0 ? 'packets' : 'socket-only'
  const captureNote = job.captureWanted && segments.length === 0 ? `${job.captureNote}, but no packet of this connection was seen` : job.captureNote
  drafts.push(connectDraft(job.conn as Connection, capture === 'packets', captureNote), ...segments)

  let tls: WalkTlsSummary | null = null
  let request: HttpSide = { bytes: new Uint8Array(), at: null }
  let response: HttpSide = { bytes: new Uint8Array(), at: null }
  if (job.tls) {
    const t = tlsSteps(recordsOf(job.tap), job.keylog, job.tls)
    drafts.push(...t.drafts)
    findings.push(...t.findings)
    tls = t.summary
    request = t.app.client
    response = t.app.server
  } else {
    request = { bytes: job.tap.out.bytes, at: job.tap.out.ats[0] ?? null }
    response = { bytes: job.tap.in.bytes, at: job.tap.in.ats[0] ?? null }
  }
  const lastAt = job.http.downloadMs !== null && response.at !== null ? response.at + job.http.downloadMs : null
  const { protocol, downloadMs: _d, ...engine } = job.http
  const h = httpSteps({ protocol, request, response, engine, tls: job.tls !== null, lastAt })
  drafts.push(...h.drafts)
  findings.push(...h.findings)
  return { steps: finalizeSteps(drafts, job.zero), tls, findings, capture, captureNote, packetIndexes: packets.map((x) => x.i) }
}
