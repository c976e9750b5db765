// The walkthrough's analysis runs in a worker: a walk of a download of 2,000+ TLS records (openssl s_server sending
// 9 MiB in 4 KiB records) keeps main's event loop answering within 100 ms while its records are decrypted and
// explained, and the analyser's failures (time budget, size cap) come back as errors in words, never as a crash.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import net from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { walkRecordInput } from '../../shared/contract/walkthrough'
import { WirebenchError } from '../../shared/errors'
import { freePort } from '../testing/nginx'
import { TempDir } from '../testing/x509'
import { recordWalkthrough } from '.'
import type { AnalysisJob } from './analyse'
import { ANALYSIS_MAX_BYTES, analyseInWorker, analysisWorkerCounts } from './analysis-pool'

const BODY = 15 * 1024 * 1024
const RECORD = 4096
let server: ChildProcess
let port: number
const dir = new TempDir()

beforeAll(async () => {
  const r = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', `${dir.path}/key.pem`, '-out', `${dir.path}/cert.pem`])
  if (r.status !== 0) throw new Error(`openssl: ${r.stderr}`)
  // -HTTP serves a file that holds its own header; every name walked is the same file.
  const file = Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: ${BODY}\r\nConnection: close\r\n\r\n`), Buffer.alloc(BODY, 'walk ')])
  for (const name of ['big', 'warm', 'again']) writeFileSync(`${dir.path}/${name}`, file)
  port = await freePort()
  // In its own process, with records of at most 4 KiB: 9 MiB is ~2,300 of them (under the recorder's 16 MiB tap),
  // and the server's own encryption costs nothing on this test's event loop.
  server = spawn('openssl', ['s_server', '-quiet', '-accept', `127.0.0.1:${port}`, '-key', 'key.pem', '-cert', 'cert.pem', '-HTTP', '-http_server_binmode', '-max_send_frag', String(RECORD)], { cwd: dir.path, stdio: 'ignore' })
  for (let i = 0; i < 200 && !(await listening(port)); i++) await new Promise((resolve) => setTimeout(resolve, 25))
}, 30_000)

afterAll(() => {
  server?.kill()
  dir.remove()
})

const listening = (p: number): Promise<boolean> =>
  new Promise((resolve) => {
    const c = net.connect(p, '127.0.0.1', () => (c.destroy(), resolve(true)))
    c.on('error', () => resolve(false))
  })

describe('the walkthrough analysis worker', () => {
  it("keeps main's event loop responsive while a walk of 2,000+ TLS records is decrypted and explained", async () => {
    const input = walkRecordInput.parse({ url: `https://127.0.0.1:${port}/big`, insecure: true, capture: false, protocol: 'http1.1', timeoutMs: 20_000 })
    // Warm-up: in development the worker compiles its TypeScript first; that is not what is measured.
    await recordWalkthrough(walkRecordInput.parse({ ...input, url: `https://127.0.0.1:${port}/warm` }))
    let last = performance.now()
    let worst = 0
    const timer = setInterval(() => {
      const now = performance.now()
      worst = Math.max(worst, now - last)
      last = now
    }, 5)
    const t0 = performance.now()
    const { walkthrough: w } = await recordWalkthrough(input)
    const elapsed = performance.now() - t0
    // a block just before the walk resolves shows only when the timer next fires: give it the chance
    await new Promise((resolve) => setTimeout(resolve, 30))
    clearInterval(timer)
    expect(w.tls?.decrypted).toBe(true)
    expect(w.http?.status).toBe(200)
    const response = w.steps.find((s) => s.kind === 'http-response')
    // the whole response decrypted (the step says how many bytes), carried in records of at most 4 KiB: 2,300 of them
    expect(Number(/The response, (\d+) bytes/.exec(response?.explain ?? '')?.[1])).toBeGreaterThan(BODY)
    const firstRecord = Buffer.from(response?.wireHex ?? '', 'hex')
    expect(firstRecord.readUInt16BE(3)).toBeLessThanOrEqual(RECORD + 256)
    expect(BODY / RECORD).toBeGreaterThan(2000)
    expect(elapsed).toBeGreaterThan(100)
    expect(worst, `the longest gap between 5 ms ticks during a ${elapsed.toFixed(0)} ms walk`).toBeLessThan(100)
    expect(analysisWorkerCounts().running).toBe(0)
  }, 60_000)

  it('stops an analysis over its time budget with an error in words, and the next walk still works', async () => {
    const records: Uint8Array[] = []
    for (let i = 0; i < 600; i++) records.push(Uint8Array.of(23, 3, 3, 0x40, 0, ...new Uint8Array(0x4000).fill(i)))
    const bytes = new Uint8Array(records.reduce((n, r) => n + r.length, 0))
    records.reduce((at, r) => (bytes.set(r, at), at + r.length), 0)
    const job: AnalysisJob = {
      zero: 0,
      drafts: [],
      conn: { local: { address: '127.0.0.1', port: 50000, family: 'IPv4' }, remote: { address: '127.0.0.1', port: 443, family: 'IPv4' }, timings: { startedAt: 0, lookupMs: null, connectMs: 1 } as never },
      packets: [],
      dnsPorts: null,
      captureWanted: false,
      captureNote: 'packet capture was turned off',
      tap: { out: { bytes: new Uint8Array(), starts: [], ats: [] }, in: { bytes, starts: [0], ats: [1] } },
      tls: { protocol: 'TLSv1.3', cipher: 'TLS_AES_128_GCM_SHA256', alpn: null },
      keylog: [],
      http: { protocol: 'http1', raw: new Uint8Array(), total: 0, status: 200, reason: 'OK', version: 'HTTP/1.1', downloadMs: null }
    }
    const err = await analyseInWorker(job, { timeMs: 1 }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(WirebenchError)
    expect((err as WirebenchError).code).toBe('BUDGET_EXCEEDED')
    expect((err as WirebenchError).message).toMatch(/longer than 0.001 s/)
    // the buffers were transferred to the worker, not copied
    expect(bytes.byteLength).toBe(0)

    const big = { ...job, tap: { ...job.tap, in: { bytes: new Uint8Array(ANALYSIS_MAX_BYTES + 1), starts: [0], ats: [1] } } }
    await expect(analyseInWorker(big)).rejects.toMatchObject({ code: 'BUDGET_EXCEEDED', message: expect.stringMatching(/more than the 96 MiB/) })

    const ok = await recordWalkthrough(walkRecordInput.parse({ url: `https://127.0.0.1:${port}/again`, insecure: true, capture: false, protocol: 'http1.1' }))
    expect(ok.walkthrough.tls?.decrypted).toBe(true)
  }, 60_000)
})
