// `wirebench walk` as a user runs it (the built CLI) against nginx on loopback with its name answered by knotd: the
// issue's JSON shape exactly, the key log file (mode 0600, and its secrets are this session's), links refused, exits.
import { lstatSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLI_BUILT, runCli } from '../testing/cli'
import { hostPort } from './commands/walk'
import { startKnot, type KnotServer } from '../testing/knot'
import { startNginx, type NginxServer } from '../testing/nginx'
import { captureAvailable } from '../walkthrough/capture'

const NAME = 'walk.test'
let nginx: NginxServer
let knot: KnotServer
let dir: string
let ca: string

beforeAll(async () => {
  if (!CLI_BUILT) return
  ;[nginx, knot] = await Promise.all([
    startNginx({ hosts: [NAME], bigFileMiB: 0.01 }),
    startKnot({ zones: [{ origin: NAME, text: '$TTL 300\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n@ IN NS ns1\nns1 IN A 127.0.0.1\n@ IN A 127.0.0.1\n' }] })
  ])
  dir = mkdtempSync(join(tmpdir(), 'wirebench-walk-cli-'))
  ca = join(dir, 'ca.pem')
  writeFileSync(ca, nginx.caPem)
}, 30_000)
afterAll(async () => {
  await Promise.all([nginx?.stop(), knot?.stop()])
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe.skipIf(!CLI_BUILT)('wirebench walk', () => {
  const url = (): string => `https://${NAME}:${nginx.httpsPort}/`
  const common = (): string[] => ['--resolver', `127.0.0.1:${knot.port}`, '--ca', ca]

  it('--json prints exactly the issue\'s shape; --keylog writes this session\'s secrets with mode 0600', async () => {
    const keylog = join(dir, 'keys.log')
    writeFileSync(keylog, 'old\n', { mode: 0o644 })
    const r = await runCli(['walk', url(), ...common(), '--http1.1', '--no-capture', '--keylog', keylog, '--json'])
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    const doc = JSON.parse(r.stdout)
    expect(Object.keys(doc).sort()).toEqual(['capture', 'keylog', 'steps', 'tls', 'url'])
    expect(Object.keys(doc.tls).sort()).toEqual(['cipher', 'decrypted', 'version'])
    expect(doc.tls).toMatchObject({ version: 'TLSv1.3', decrypted: true })
    expect(doc.capture).toBe('socket-only')
    for (const s of doc.steps) {
      expect(Object.keys(s).sort()).toEqual(['bytesHex', 'direction', 'durationMs', 'fields', 'kind', 'layer', 'startMs', 'title'])
      for (const f of s.fields) expect(Object.keys(f).sort()).toEqual(['explain', 'length', 'name', 'offset', 'value'])
    }
    const kinds = doc.steps.map((s: { kind: string }) => s.kind)
    for (const k of ['dns-query', 'dns-answer', 'tcp-connect', 'tls-client-hello', 'tls-server-hello', 'tls-certificate', 'tls-finished', 'http-request', 'http-response']) expect(kinds).toContain(k)
    const hello = doc.steps.find((s: { kind: string }) => s.kind === 'tls-client-hello')
    expect(hello.fields.length).toBeGreaterThan(20)
    // The key log file is the JSON's, mode 0600, and names this ClientHello's random (bytes 6..38 of the message).
    const written = readFileSync(keylog, 'utf8')
    expect(written).toBe(doc.keylog)
    expect(lstatSync(keylog).mode & 0o777).toBe(0o600)
    const random = hello.bytesHex.slice(12, 76)
    expect(written).toMatch(new RegExp(`^SERVER_TRAFFIC_SECRET_0 ${random} [0-9a-f]{64,96}$`, 'm'))
  }, 15_000)

  it('prints one line per step with the layer and direction, and the facts; --pcap (0600) and --html written', async () => {
    const pcap = join(dir, 'walk.pcapng')
    const html = join(dir, 'walk.html')
    const r = await runCli(['walk', url(), ...common(), '--http2', '--pcap', pcap, '--html', html])
    expect(r.status).toBe(0)
    expect(readFileSync(html, 'utf8')).toMatch(/^<!doctype html>[\s\S]*walk\.test/i)
    // The page embeds the whole key log, so it is as secret as --keylog.
    expect(lstatSync(html).mode & 0o777).toBe(0o600)
    if (r.stdout.includes('packets captured')) {
      expect(r.stdout).toMatch(/ms {2}transport +→ server +TCP SYN seq=0/)
      expect(readFileSync(pcap).readUInt32LE(0)).toBe(0x0a0d0d0a)
      expect(lstatSync(pcap).mode & 0o777).toBe(0o600)
    } else expect(r.stderr).toMatch(/no packets to write/)
    expect(r.stdout).toMatch(/ms {2}application +→ resolver +DNS query A walk\.test\./)
    expect(r.stdout).toMatch(/ms {2}presentation ← server +ServerHello /)
    expect(r.stdout).toMatch(/^TLS: TLSv1\.3 .* ALPN h2; every record decrypted/m)
    expect(r.stdout).toMatch(/^HTTP: HTTP\/2 200 /m)
    // where the walk's time went: the recording (to the response's last byte) and the explaining after it
    const phases = /^Recorded in (\d+\.\d) ms \(from the start until the whole response was in\), explained in (\d+\.\d) ms after it$/m.exec(r.stdout)
    expect(phases).not.toBeNull()
    expect(Number(phases![1])).toBeGreaterThan(0)
    expect(Number(phases![2])).toBeGreaterThan(0)
  }, 15_000)

  it('--resolve: nothing is looked up, and tcpdump (started before the engines load) still sees the SYN', async () => {
    const can = await captureAvailable()
    const r = await runCli(['walk', url(), '--resolve', `${NAME}:${nginx.httpsPort}:127.0.0.1`, '--ca', ca, '--http1.1', '--json'])
    expect(r.status).toBe(0)
    const doc = JSON.parse(r.stdout)
    const kinds: string[] = doc.steps.map((s: { kind: string }) => s.kind)
    expect(kinds).not.toContain('dns-query')
    expect(kinds).toContain('http-response')
    if (can.ok) {
      expect(doc.capture).toBe('packets')
      for (const k of ['tcp-syn', 'tcp-synack', 'tcp-ack']) expect(kinds).toContain(k)
      // the SYN is the connection's first packet: the capture listened before the connection began
      expect(kinds.indexOf('tcp-syn')).toBeLessThan(kinds.indexOf('tls-client-hello'))
    } else expect(doc.capture).toBe('socket-only')
  }, 15_000)

  it('refuses a symbolic link for --keylog before sending; a non-TLS server exits 1; bad flags exit 2', async () => {
    const link = join(dir, 'link.log')
    symlinkSync(join(dir, 'elsewhere.log'), link)
    const linked = await runCli(['walk', url(), ...common(), '--no-capture', '--keylog', link])
    expect(linked.status).toBe(2)
    expect(linked.stderr).toMatch(/symbolic link/)
    const plain = await runCli(['walk', `https://${NAME}:${nginx.httpPort}/`, ...common(), '--no-capture'])
    expect(plain.status).toBe(1)
    expect(plain.stderr).toMatch(/HTTP/)
    expect((await runCli(['walk', url(), '--http1.1', '--http2'])).status).toBe(2)
    expect((await runCli(['walk'])).status).toBe(2)
    const tls12 = await runCli(['walk', `http://${NAME}:${nginx.httpPort}/`, '--tls1.2'])
    expect(tls12.status).toBe(2)
    expect(tls12.stderr).toMatch(/--tls1\.2 needs an https:\/\/ URL/)
  }, 15_000)
})

describe('wirebench walk summary', () => {
  it('writes an IPv6 address in brackets before its port, as a URL does', () => {
    expect(hostPort('::1', 53936)).toBe('[::1]:53936')
    expect(hostPort('127.0.0.1', 443)).toBe('127.0.0.1:443')
  })
})
