// The recorder against real servers on loopback: Debian's nginx (TLS 1.3 and 1.2, HTTP/1.1 and HTTP/2) with its name
// answered by a knotd, tcpdump watching when it may. What a learner relies on: every step is there, in time order, the
// records decrypted, and the decrypted response is the one the HTTP engine received.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { walkRecordInput, type WalkRecordInput } from '../../shared/contract/walkthrough'
import { WirebenchError } from '../../shared/errors'
import type { WalkStep } from '../../shared/walkthrough/model'
import { startKnot, type KnotServer } from '../testing/knot'
import { freePort, startNginx, type NginxServer } from '../testing/nginx'
import { exportWalkthrough, HeldWalkthroughs, recordWalkthrough } from '.'
import { primeAnalysis } from './analysis-pool'
import { captureAvailable } from './capture'

// the live feed's primes, counted (and passed on): whether a walk fed the analyser as its bytes came
vi.mock('./analysis-pool', async (importOriginal) => {
  const real = await importOriginal<typeof import('./analysis-pool')>()
  return { ...real, primeAnalysis: vi.fn(real.primeAnalysis) }
})

const NAME = 'walk.test'
const DUAL = 'dual.walk.test'
let nginx: NginxServer
let knot: KnotServer

beforeAll(async () => {
  ;[nginx, knot] = await Promise.all([
    startNginx({ hosts: [NAME, DUAL], bigFileMiB: 0.01 }),
    // dual.walk.test has both families; nginx listens on 127.0.0.1 only, so the IPv6 attempt is refused.
    startKnot({ zones: [{ origin: NAME, text: '$TTL 300\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n@ IN NS ns1\nns1 IN A 127.0.0.1\n@ IN A 127.0.0.1\ndual IN AAAA ::1\ndual IN A 127.0.0.1\n' }] })
  ])
}, 30_000)
afterAll(async () => {
  await Promise.all([nginx?.stop(), knot?.stop()])
})

const input = (more: Partial<WalkRecordInput> = {}) =>
  walkRecordInput.parse({ url: `https://${NAME}:${nginx.httpsPort}/`, resolver: `127.0.0.1:${knot.port}`, caPem: nginx.caPem, capture: false, ...more })

const listening = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const c = net.connect(port, '127.0.0.1', () => (c.destroy(), resolve(true)))
    c.on('error', () => resolve(false))
  })
const kinds = (steps: WalkStep[]): string[] => steps.map((s) => s.kind)
const text = (hex: string): string => Buffer.from(hex, 'hex').toString('latin1')

function checkSteps(steps: WalkStep[]): void {
  for (let i = 1; i < steps.length; i++) expect(steps[i]!.startMs).toBeGreaterThanOrEqual(steps[i - 1]!.startMs)
  for (const s of steps) {
    const length = s.bytesHex.length / 2
    for (const span of s.spans) expect(span.offset + span.length, `${s.title}: ${span.name}`).toBeLessThanOrEqual(length)
    expect(s.explain.length).toBeGreaterThan(10)
  }
}

describe('recordWalkthrough', () => {
  it('walks a TLS 1.3 HTTP/1.1 request: DNS from knotd, packets when tcpdump may, every record decrypted', async () => {
    const can = await captureAvailable()
    const { walkthrough: w, packets } = await recordWalkthrough(input({ protocol: 'http1.1', capture: true }))
    const k = kinds(w.steps)
    for (const kind of ['dns-query', 'dns-answer', 'os-resolver', 'address-choice', 'tcp-connect', 'tls-client-hello', 'tls-server-hello', 'tls-encrypted-extensions', 'tls-certificate', 'tls-certificate-verify', 'tls-finished', 'http-request', 'http-response']) {
      expect(k, kind).toContain(kind)
    }
    expect(k.filter((x) => x === 'dns-query')).toHaveLength(2)
    expect(k.filter((x) => x === 'tls-finished')).toHaveLength(2)
    // The order a learner reads: the question before the connection, the ClientHello before the request.
    expect(k.indexOf('dns-answer')).toBeLessThan(k.indexOf('tcp-connect'))
    expect(k.indexOf('tls-client-hello')).toBeLessThan(k.indexOf('tls-server-hello'))
    expect(k.indexOf('tls-server-hello')).toBeLessThan(k.indexOf('http-request'))
    checkSteps(w.steps)
    expect(w.dns?.addresses).toEqual(['127.0.0.1'])
    expect(w.remote).toEqual({ address: '127.0.0.1', port: nginx.httpsPort })
    expect(w.tls).toMatchObject({ version: 'TLSv1.3', decrypted: true, alpn: 'http/1.1' })
    expect(w.keylog).toMatch(/^CLIENT_HANDSHAKE_TRAFFIC_SECRET [0-9a-f]{64} [0-9a-f]+$/m)
    const response = w.steps.find((s) => s.kind === 'http-response')!
    expect(response.decrypted).toBe(true)
    expect(text(response.bytesHex)).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*site walk\.test\n$/)
    expect(text(w.steps.find((s) => s.kind === 'http-request')!.bytesHex)).toMatch(/^GET \/ HTTP\/1\.1\r\nHost: walk\.test:\d+\r\n/)
    expect(w.findings.filter((f) => f.code.startsWith('WALK_'))).toEqual([])
    // Finished recomputed and CertificateVerify's signature verified with this session's secrets.
    expect(w.steps.filter((s) => s.kind === 'tls-finished').map((s) => s.title)).toEqual(['Finished (server) (checked here)', 'Finished (client) (checked here)'])
    expect(w.steps.find((s) => s.kind === 'tls-certificate-verify')!.title).toMatch(/\(checked here\)$/)
    expect(w.steps.find((s) => s.kind === 'tls-server-hello')!.calculations?.length).toBeGreaterThan(0)
    expect(w.steps.find((s) => s.kind === 'tls-client-hello')!.textbook?.length).toBeGreaterThan(0)
    const cert = w.steps.find((s) => s.kind === 'tls-certificate')!
    expect(cert.certificatesBase64?.length).toBe(1)
    expect(cert.wireHex).toBeTruthy()
    expect(w.steps.find((s) => s.kind === 'tls-client-hello')!.layer).toBe('presentation')
    expect(w.steps.find((s) => s.kind === 'dns-query')!.layer).toBe('application')
    if (can.ok) {
      expect(w.capture).toBe('packets')
      for (const kind of ['tcp-syn', 'tcp-synack', 'tcp-ack']) expect(k, kind).toContain(kind)
      expect(k.indexOf('tcp-syn')).toBeLessThan(k.indexOf('tls-client-hello'))
      // The DNS exchange's UDP packets are kept for the pcapng too, which tshark reads decrypted with its own secrets.
      expect(packets.length).toBeGreaterThan(6)
      const pcap = exportWalkthrough(w, packets, 'pcapng')
      expect(pcap.filename).toMatch(/\.pcapng$/)
      if (existsSync('/usr/bin/tshark')) {
        const file = join(mkdtempSync(join(tmpdir(), 'wirebench-walk-')), 'walk.pcapng')
        writeFileSync(file, pcap.bytes)
        const r = spawnSync('/usr/bin/tshark', ['-r', file, '-o', `tls.keylog_file:`, '-d', `tcp.port==${nginx.httpsPort},tls`, '-Y', 'http.response', '-T', 'fields', '-e', 'http.response.code'], { timeout: 8000 })
        rmSync(dirname(file), { recursive: true, force: true })
        expect(r.stdout.toString().trim()).toBe('200')
      }
    } else {
      expect(w.capture).toBe('socket-only')
      expect(w.captureNote).toBe(can.why)
    }
  }, 15_000)

  it('explains a walk the same with the live feed on as with it off, and says where its time went', async () => {
    const shape = (steps: WalkStep[]): string[] => steps.map((s) => `${s.layer} ${s.kind} ${s.direction} ${s.decrypted ? 'decrypted' : ''}`)
    const primes = vi.mocked(primeAnalysis)
    const walkTimed = async (liveFeed: boolean) => {
      const before = primes.mock.calls.length
      const t0 = performance.now()
      const r = await recordWalkthrough(input({ protocol: 'http1.1' }), { liveFeed })
      return { ...r, elapsed: performance.now() - t0, primes: primes.mock.calls.length - before }
    }
    const fed = await walkTimed(true)
    const unfed = await walkTimed(false)
    expect(fed.primes).toBeGreaterThan(0)
    expect(unfed.primes).toBe(0)
    for (const { walkthrough: w, elapsed } of [fed, unfed]) {
      checkSteps(w.steps)
      expect(w.tls).toMatchObject({ version: 'TLSv1.3', decrypted: true })
      expect(w.http?.status).toBe(200)
      // the recording ends once the whole response is in: after the response's record arrived, and the two phases
      // are the call's time, nothing more
      const response = w.steps.find((s) => s.kind === 'http-response')!
      expect(w.phases!.recordMs).toBeGreaterThanOrEqual(response.startMs)
      expect(w.phases!.explainMs).toBeGreaterThan(0)
      expect(w.phases!.recordMs + w.phases!.explainMs).toBeLessThanOrEqual(elapsed + 0.05)
    }
    expect(shape(fed.walkthrough.steps)).toEqual(shape(unfed.walkthrough.steps))
    expect(fed.walkthrough.findings.map((f) => f.code).sort()).toEqual(unfed.walkthrough.findings.map((f) => f.code).sort())
  })

  it('walks HTTP/2: the frames both ways, ALPN h2, socket-only said in words', async () => {
    const { walkthrough: w } = await recordWalkthrough(input({ protocol: 'http2' }))
    expect(w.tls?.alpn).toBe('h2')
    expect(w.http?.version).toBe('HTTP/2')
    expect(w.capture).toBe('socket-only')
    expect(w.captureNote).toMatch(/turned off/)
    const request = w.steps.find((s) => s.kind === 'http-request')!
    expect(text(request.bytesHex).startsWith('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n')).toBe(true)
    const response = w.steps.find((s) => s.kind === 'http-response')!
    expect(JSON.stringify(response.spans)).toMatch(/HEADERS/)
    expect(w.tls?.decrypted).toBe(true)
    expect(w.findings.filter((f) => f.code.startsWith('WALK_'))).toEqual([])
    checkSteps(w.steps)
  })

  it('walks TLS 1.2 when asked: ServerKeyExchange and ClientKeyExchange, decrypted with CLIENT_RANDOM', async () => {
    const { walkthrough: w } = await recordWalkthrough(input({ protocol: 'http1.1', tlsVersion: '1.2' }))
    expect(w.tls).toMatchObject({ version: 'TLSv1.2', decrypted: true })
    expect(w.keylog).toMatch(/^CLIENT_RANDOM /m)
    const k = kinds(w.steps)
    for (const kind of ['tls-client-hello', 'tls-server-hello', 'tls-certificate', 'tls-server-key-exchange', 'tls-client-key-exchange', 'tls-finished', 'http-response']) expect(k, kind).toContain(kind)
    expect(text(w.steps.find((s) => s.kind === 'http-response')!.bytesHex)).toMatch(/site walk\.test/)
    expect(w.steps.filter((s) => s.kind === 'tls-finished').map((s) => s.title)).toEqual(['Finished (client) (checked here)', 'Finished (server) (checked here)'])
  })

  it('shows Happy Eyeballs trying ::1 first and falling back to 127.0.0.1 when the name has both families', async () => {
    const { walkthrough: w } = await recordWalkthrough(input({ url: `https://${DUAL}:${nginx.httpsPort}/`, protocol: 'http1.1' }))
    expect(w.dns?.addresses).toEqual(['::1', '127.0.0.1'])
    expect(w.remote.address).toBe('127.0.0.1')
    const choice = w.steps.find((s) => s.kind === 'address-choice')!
    expect(choice.layer).toBe('network')
    expect(choice.explain).toMatch(/Happy Eyeballs .*try ::1.*failed ::1.*try 127\.0\.0\.1.*connected to 127\.0\.0\.1/)
    expect(text(w.steps.find((s) => s.kind === 'http-response')!.bytesHex)).toMatch(/site dual\.walk\.test/)
  })

  it('walks a HelloRetryRequest and ChaCha20-Poly1305 from openssl s_server (it accepts only secp384r1)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wirebench-walk-hrr-'))
    spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'k.pem', '-out', 'c.pem', '-days', '1', '-subj', '/CN=hrr.test'], { cwd: dir, timeout: 10_000 })
    const port = await freePort()
    const server = spawn('openssl', ['s_server', '-accept', `127.0.0.1:${port}`, '-cert', 'c.pem', '-key', 'k.pem', '-groups', 'secp384r1', '-www', '-tls1_3', '-ciphersuites', 'TLS_CHACHA20_POLY1305_SHA256'], { cwd: dir, stdio: 'ignore' })
    try {
      for (let i = 0; i < 100 && !(await listening(port)); i++) await new Promise((r) => setTimeout(r, 50))
      const { walkthrough: w } = await recordWalkthrough(input({ url: `https://hrr.test:${port}/`, address: '127.0.0.1', insecure: true, protocol: 'http1.1' }))
      const k = kinds(w.steps)
      expect(k.filter((x) => x === 'tls-client-hello')).toHaveLength(2)
      expect(k.indexOf('tls-hello-retry-request')).toBeGreaterThan(k.indexOf('tls-client-hello'))
      expect(w.tls).toMatchObject({ version: 'TLSv1.3', cipher: 'TLS_CHACHA20_POLY1305_SHA256', group: 'secp384r1', helloRetry: true, decrypted: true })
      expect(w.steps.filter((s) => s.kind === 'tls-finished').every((s) => s.title.endsWith('(checked here)'))).toBe(true)
      expect(text(w.steps.find((s) => s.kind === 'http-response')!.bytesHex)).toMatch(/^HTTP\/1\.0 200 ok/)
    } finally {
      server.kill()
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('with --resolve connects to the address given and says the name was not looked up', async () => {
    const { walkthrough: w } = await recordWalkthrough(input({ address: '127.0.0.1', protocol: 'http1.1' }))
    expect(kinds(w.steps)).not.toContain('dns-query')
    expect(w.dns).toBeNull()
    expect(w.steps.find((s) => s.kind === 'address-choice')!.explain).toMatch(/was not looked up/)
  })

  it('a server that does not speak TLS is a clear error', async () => {
    const e = await recordWalkthrough(input({ url: `https://${NAME}:${nginx.httpPort}/` })).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(WirebenchError)
    expect((e as WirebenchError).code).toBe('TLS_HANDSHAKE_FAILED')
    expect((e as WirebenchError).message).toMatch(/HTTP/)
  })

  it('holds the last walkthroughs and exports them (JSON, key log, HTML)', async () => {
    const held = new HeldWalkthroughs(1)
    const a = await recordWalkthrough(input({ url: `http://${NAME}:${nginx.httpPort}/` }))
    expect(a.walkthrough.tls).toBeNull()
    expect(text(a.walkthrough.steps.find((s) => s.kind === 'http-response')!.bytesHex)).toMatch(/^HTTP\/1\.1 200/)
    held.add(a.walkthrough, a.packets)
    expect(() => held.export(a.walkthrough.id, 'keylog')).toThrow(/not TLS/)
    const json = JSON.parse(Buffer.from(held.export(a.walkthrough.id, 'json').dataBase64, 'base64').toString())
    expect(json.url).toBe(a.walkthrough.url)
    const b = await recordWalkthrough(input({ protocol: 'http1.1' }))
    held.add(b.walkthrough, b.packets)
    expect(held.list().map((x) => x.id)).toEqual([b.walkthrough.id])
    expect(Buffer.from(held.export(b.walkthrough.id, 'keylog').dataBase64, 'base64').toString()).toBe(b.walkthrough.keylog)
    expect(Buffer.from(held.export(b.walkthrough.id, 'html').dataBase64, 'base64').toString()).toMatch(/^<!doctype html>/i)
    expect(() => held.export(a.walkthrough.id, 'json')).toThrow(/No walkthrough/)
  })
})
