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
import { primeTls, tlsSteps, type TlsSteps } from './steps-tls'
import { prepackDetail } from './step-detail'
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
  /** The walk this is (its primes carry the same), so a speculative result is only ever used by its own walk. */
  walk?: string
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

/** What the recorder knows once the handshake is done: the tap and key log so far, and the request about to be sent. */
export interface PrimeJob {
  walk?: string
  tap: { out: TapStream; in: TapStream }
  keylog: string[]
  tls: NonNullable<AnalysisJob['tls']> | null
  /** The request's bytes when the wire carries them as given (HTTP/1.1; HTTP/2 turns them into frames). */
  request: { protocol: 'http1'; bytes: Uint8Array } | null
}

/**
 * The handshake's share of the analysis, done while the request is on the wire: the same calls analyseWalk makes, so
 * their results are remembered (memo.ts) and the final analysis after the last response byte finds them done.
 * Nothing is returned: a prime that fails or misses only means the final analysis does the work itself.
 */
export function primeWalk(p: PrimeJob): void {
  memoActive(true)
  speculation = null
  if (p.request) dissectRequest(p.request.protocol, p.request.bytes)
  if (!p.tls) return
  const records = recordsOf(p.tap)
  if (p.walk === undefined || p.tls.protocol === null) return primeTls(records, p.keylog, p.tls.protocol)
  // Once the connector has told the facts (the handshake is done), the TLS steps themselves are built, and their
  // detail packed: when no byte comes after this prime, the final analysis takes them as they are.
  const result = tlsSteps(records, p.keylog, p.tls)
  for (const d of result.drafts) prepackDetail(d)
  speculation = { walk: p.walk, outLen: p.tap.out.bytes.length, inLen: p.tap.in.bytes.length, keylog: p.keylog.join('\n'), facts: JSON.stringify(p.tls), result }
}

/**
 * The TLS steps the last prime built, and exactly what they were built from: the walk, how many bytes each way (the
 * tap only grows, so within a walk the lengths name the bytes), the key log and the connector's facts.
 */
let speculation: { walk: string; outLen: number; inLen: number; keylog: string; facts: string; result: TlsSteps } | null = null

let used = 0
/** How many analyses took the TLS steps a prime built (tests: the live feed's work is used, not redone). */
export const speculationsUsed = (): number => used

function tlsStepsOf(job: AnalysisJob, tls: NonNullable<AnalysisJob['tls']>): TlsSteps {
  const s = speculation
  speculation = null
  if (s && job.walk !== undefined && s.walk === job.walk && s.outLen === job.tap.out.bytes.length && s.inLen === job.tap.in.bytes.length && s.keylog === job.keylog.join('\n') && s.facts === JSON.stringify(tls)) {
    used++
    return s.result
  }
  return tlsSteps(recordsOf(job.tap), job.keylog, tls)
}

export function analyseWalk(job: AnalysisJob): AnalysisResult {
  try {
    return analyse(job)
  } finally {
    // what a prime left is used by this walk only; the next walk without one keys nothing
    memoActive(false)
    speculation = null
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
    const t = tlsStepsOf(job, job.tls)
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
