// Our socket timings against curl -w on the same requests to nginx, over HTTP and HTTPS, phase by phase. A relay in
// front of nginx holds every chunk DELAY_MS each way, so each round trip is ~2×DELAY_MS and the phases differ by whole
// round trips: a phase measured from the wrong moment (first byte counted from the connection's start, a TLS wait
// counted twice, total missing the handshake) is off by at least one round trip, more than the tolerance.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { delayRelay, type DelayRelay } from '../testing/delay-relay'
import { startNginx, type NginxServer } from '../testing/nginx'
import { sendRaw, type RawTarget } from './raw'

const DELAY_MS = 25
const RUNS = 7
/** Loopback on a shared 2-core CI: medians of RUNS each, and less than one round trip (2×DELAY_MS). */
const TOLERANCE_MS = 15

let nginx: NginxServer
let relay: DelayRelay | undefined
let dir = ''

interface Phases { connect: number; tls: number; firstByte: number; total: number }

/** curl -w's cumulative times (seconds since the start) turned into each phase's own duration in ms. */
async function curlPhases(url: string, extra: string[]): Promise<Phases> {
  const fmt = '%{time_namelookup} %{time_connect} %{time_appconnect} %{time_pretransfer} %{time_starttransfer} %{time_total}'
  const out = await new Promise<string>((resolve, reject) => {
    const c = spawn('curl', ['-s', '--http1.1', '-o', '/dev/null', '-w', fmt, ...extra, url], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 5000 })
    let s = ''
    c.stdout.on('data', (d: Buffer) => (s += d.toString()))
    c.on('error', reject)
    c.on('close', (code) => (code === 0 ? resolve(s) : reject(new Error(`curl exited ${code}`))))
  })
  const [dns, connect, app, , start, total] = out.trim().split(' ').map((x) => Number(x) * 1000) as [number, number, number, number, number, number]
  const ready = app > 0 ? app : connect
  return { connect: connect - dns, tls: app > 0 ? app - connect : 0, firstByte: start - ready, total: total - dns }
}

async function ourPhases(target: RawTarget, hostHeader: string): Promise<Phases> {
  const req = new TextEncoder().encode(`GET / HTTP/1.1\r\nHost: ${hostHeader}\r\nUser-Agent: wirebench-test\r\nAccept: */*\r\n\r\n`)
  const r = await sendRaw(target, req)
  expect(r.response.status).toBe(200)
  const t = r.timings
  // The waterfall's bars add up to its total: no time falls between two phases.
  const sum = [t.dnsMs, t.connectMs, t.tlsMs, t.sentMs, t.firstByteMs, t.downloadMs].reduce<number>((a, v) => a + (v ?? 0), 0)
  expect(Math.abs(sum - t.totalMs)).toBeLessThan(0.1)
  // Ours are per phase already; "first byte" as curl counts it is our request-sent plus waiting phases.
  return { connect: t.connectMs!, tls: t.tlsMs ?? 0, firstByte: (t.sentMs ?? 0) + t.firstByteMs!, total: t.totalMs }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
function medians(runs: Phases[]): Phases {
  return { connect: median(runs.map((r) => r.connect)), tls: median(runs.map((r) => r.tls)), firstByte: median(runs.map((r) => r.firstByte)), total: median(runs.map((r) => r.total)) }
}

beforeAll(async () => {
  nginx = await startNginx()
  dir = mkdtempSync(join(tmpdir(), 'wb-timings-curl-'))
  writeFileSync(join(dir, 'ca.pem'), nginx.caPem)
}, 20_000)
afterAll(async () => {
  await relay?.close()
  await nginx?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('timings agree with curl -w, phase by phase', () => {
  for (const scheme of ['http', 'https'] as const) {
    it(`${scheme}: connect, TLS, first byte and total within ${TOLERANCE_MS} ms of curl's (medians of ${RUNS})`, async () => {
      const rl = await delayRelay(scheme === 'https' ? nginx.httpsPort : nginx.httpPort, DELAY_MS)
      relay = rl
      try {
        const host = `alpha.test:${rl.port}`
        const target: RawTarget = { host: 'alpha.test', address: '127.0.0.1', port: rl.port, tls: scheme === 'https' ? { verify: true, caPem: nginx.caPem, alpn: ['http/1.1'] } : undefined }
        const curlArgs = ['--resolve', `alpha.test:${rl.port}:127.0.0.1`, ...(scheme === 'https' ? ['--cacert', join(dir, 'ca.pem')] : [])]
        const theirs: Phases[] = []
        const ours: Phases[] = []
        // Taking turns, so a burst of load on the machine hits both tools alike.
        for (let i = 0; i < RUNS; i++) {
          theirs.push(await curlPhases(`${scheme}://${host}/`, curlArgs))
          ours.push(await ourPhases(target, host))
        }
        const a = medians(ours)
        const b = medians(theirs)
        const rtt = 2 * DELAY_MS
        // The relay makes the expected shape plain: connect is local, TLS 1.3 is one round trip, the answer another.
        expect(b.firstByte).toBeGreaterThanOrEqual(rtt - 2)
        if (scheme === 'https') expect(b.tls).toBeGreaterThanOrEqual(rtt - 2)
        if (process.env.WB_DEBUG) console.log(scheme, a, b)
        for (const phase of ['connect', 'tls', 'firstByte', 'total'] as const) {
          expect({ phase, diff: Math.abs(a[phase] - b[phase]) < TOLERANCE_MS, ours: a[phase], curl: b[phase] }).toMatchObject({ phase, diff: true })
        }
      } finally {
        await rl.close()
        relay = undefined
      }
    }, 15_000)
  }
})
