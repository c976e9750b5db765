// The analysis with a head start (the recorder primes the worker with the handshake while the request is on the
// wire) must explain exactly what the analysis from nothing explains: the same steps, bytes, checks and findings.
// Checked on RFC 8448 §3's published handshake, fed as the connector's tap would deliver it.
import { describe, expect, it } from 'vitest'
import { RFC8448, rfc8448Keylog } from '../testing/rfc8448'
import { analyseWalk, primeWalk, type AnalysisJob, type TapStream } from './analyse'
import { forgetMemos, memoHits } from './memo'

const R = RFC8448.records
const REQUEST = new TextEncoder().encode('GET / HTTP/1.1\r\nHost: server\r\nConnection: close\r\n\r\n')

/** One direction's chunks as the tap gives them: the bytes end to end, where each chunk starts, and when it came. */
function stream(chunks: [number, Uint8Array][]): TapStream {
  const bytes = new Uint8Array(chunks.reduce((n, [, b]) => n + b.length, 0))
  const starts: number[] = []
  let at = 0
  for (const [, b] of chunks) {
    starts.push(at)
    bytes.set(b, at)
    at += b.length
  }
  return { bytes, starts, ats: chunks.map(([t]) => t) }
}

const handshakeOut: [number, Uint8Array][] = [
  [1, R.clientHello],
  [3, R.clientFinished]
]
const handshakeIn: [number, Uint8Array][] = [
  [2, R.serverHello],
  [2.1, R.serverFlight]
]

function job(): AnalysisJob {
  return {
    zero: 0,
    drafts: [],
    conn: { local: { address: '127.0.0.1', port: 50000, family: 'IPv4' }, remote: { address: '127.0.0.1', port: 443, family: 'IPv4' }, timings: { startedAt: 0.5, lookupMs: null, connectMs: 0.3, handshakeMs: 2.5 } },
    packets: [],
    dnsPorts: null,
    captureWanted: false,
    captureNote: 'packet capture was turned off',
    tap: { out: stream([...handshakeOut, [5, R.clientApplication]]), in: stream([...handshakeIn, [4, R.newSessionTicket], [6, R.serverApplication]]) },
    tls: { protocol: 'TLSv1.3', cipher: 'TLS_AES_128_GCM_SHA256', alpn: null },
    keylog: rfc8448Keylog(),
    http: { protocol: 'http1', raw: RFC8448.applicationData, total: 50, status: 200, reason: 'OK', version: 'HTTP/1.1', downloadMs: 0.2 }
  }
}

describe('the primed walkthrough analysis', () => {
  it('explains the connection exactly as the analysis from nothing does, using the work done ahead', () => {
    forgetMemos()
    const fromNothing = analyseWalk(job())
    expect(fromNothing.tls?.decrypted).toBe(true)
    expect(fromNothing.steps.find((s) => s.kind === 'tls-certificate-verify')?.title).toMatch(/checked here/)

    forgetMemos()
    // What the recorder knows when the connection is up: the handshake both ways, the key log, the request to send.
    primeWalk({ tap: { out: stream(handshakeOut), in: stream(handshakeIn) }, keylog: rfc8448Keylog(), tls: job().tls, request: { protocol: 'http1', bytes: REQUEST } })
    const before = memoHits()
    const primed = analyseWalk(job())
    // the handshake's records, keys and proofs were found done (each remembered result counts once it is reused)
    expect(memoHits() - before).toBeGreaterThanOrEqual(5)
    expect(primed).toEqual(fromNothing)
  })

  it('gives the same answer when the prime saw something else (another connection, a cut handshake)', () => {
    forgetMemos()
    const fromNothing = analyseWalk(job())
    forgetMemos()
    // a handshake cut mid-flight, and a key log that belongs to no record
    primeWalk({ tap: { out: stream(handshakeOut), in: stream([[2, R.serverHello], [2.1, R.serverFlight.subarray(0, 100)]]) }, keylog: rfc8448Keylog(), tls: job().tls, request: null })
    primeWalk({ tap: { out: stream(handshakeOut), in: stream(handshakeIn) }, keylog: rfc8448Keylog().map((l) => l.replace(/[0-9a-f]{64}$/, '00'.repeat(32))), tls: job().tls, request: null })
    expect(analyseWalk(job())).toEqual(fromNothing)
  })
})
