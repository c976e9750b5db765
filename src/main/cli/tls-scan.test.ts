// `wirebench tls scan` as a user runs it (the built CLI) against `openssl s_server` on loopback: the JSON
// shape (its top-level fields exactly as issue 14 lists them), the text report, and the exits — 0 scanned, 1 for a
// closed port (with words), 2 for bad input.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLI_BUILT, runCli } from '../testing/cli'
import { opensslServer } from '../testing/tls-servers'

let dir = ''
let server: { stop(): void } | null = null
let port = 0


/** A port nothing listens on: bound by the OS, then closed. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port
      s.close(() => resolve(p))
    })
  })
}

beforeAll(async () => {
  if (!CLI_BUILT) return
  dir = mkdtempSync(join(tmpdir(), 'wirebench-tls-scan-cli-'))
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost',
    '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem'), '-days', '30'], { stdio: 'ignore' })
  const s = await opensslServer(['s_server', '-accept', '127.0.0.1:0', '-cert', join(dir, 'c.pem'), '-key', join(dir, 'k.pem'), '-www'])
  server = s
  port = s.port
}, 20_000)

afterAll(() => {
  server?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe.skipIf(!CLI_BUILT)('wirebench tls scan', () => {
  it('--json prints the scan with the issue’s top-level fields, and finds TLS 1.3 and its suites', async () => {
    const r = await runCli(['tls', 'scan', `127.0.0.1:${port}`, '--sni', 'localhost', '--json'], '', 30_000)
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    const j = JSON.parse(r.stdout) as Record<string, unknown> & { protocols: Record<string, boolean>; ciphers: Record<string, string[]>; findings: { severity: string; code: string; message: string }[] }
    for (const key of ['target', 'protocols', 'ciphers', 'serverPreference', 'groups', 'alpn', 'ocspStapling', 'hsts', 'certificate', 'grade', 'mozillaProfile', 'findings', 'timeMs']) {
      expect(j, key).toHaveProperty(key)
    }
    expect(Object.keys(j.protocols).sort()).toEqual(['SSLv3', 'TLSv1.0', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'])
    // Debian's OpenSSL 3 serves TLS 1.2 and 1.3 by default and nothing older (MinProtocol TLSv1.2 in openssl.cnf).
    expect(j.protocols['TLSv1.3']).toBe(true)
    expect(j.protocols['TLSv1.2']).toBe(true)
    expect(j.protocols['SSLv3']).toBe(false)
    expect(j.ciphers['TLSv1.3']).toContain('TLS_AES_256_GCM_SHA384')
    expect(j.ciphers['TLSv1.2']!.every((n) => /^TLS_/.test(n))).toBe(true)
    expect(typeof j.grade).toBe('string')
    expect(typeof j.timeMs).toBe('number')
    // A self-signed certificate nobody trusts: the certificate verdict says so.
    expect((j.certificate as { valid: boolean }).valid).toBe(false)
    for (const f of j.findings) expect(Object.keys(f)).toEqual(expect.arrayContaining(['severity', 'code', 'message']))
  }, 40_000)

  it('prints a report a person reads: grade, protocols, suites with their strength, features, findings', async () => {
    const r = await runCli(['tls', 'scan', `127.0.0.1:${port}`, '--sni', 'localhost'], '', 30_000)
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/^TLS scan of 127\.0\.0\.1:\d+ \(SNI localhost\)/)
    expect(r.stdout).toMatch(/^Grade \S+ +score \d+\/100/m)
    expect(r.stdout).toMatch(/^ {2}TLSv1\.3 +offered$/m)
    expect(r.stdout).toMatch(/^ {2}TLSv1\.0 +not offered$/m)
    expect(r.stdout).toMatch(/TLS_AES_256_GCM_SHA384 +strong/)
    expect(r.stdout).toMatch(/^ {2}Secure renegotiation +yes$/m)
    expect(r.stdout).toMatch(/^Mozilla \(/m)
  }, 40_000)

  it('exits 1 with words for a closed port or a server that does not speak TLS, and 2 for a target without a port or a bad flag', async () => {
    const closed = await runCli(['tls', 'scan', `127.0.0.1:${await closedPort()}`, '--timeout', '2000'], '', 20_000)
    expect(closed.status).toBe(1)
    expect(closed.stderr).toMatch(/refused|nothing is listening/i)
    // A server that answers in HTTP, not TLS: reachable, but nothing to grade.
    const plain = net.createServer((c) => {
      c.on('error', () => {})
      c.on('data', () => c.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n'))
    })
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve))
    try {
      const notTls = await runCli(['tls', 'scan', `127.0.0.1:${(plain.address() as net.AddressInfo).port}`, '--timeout', '2000'], '', 20_000)
      expect(notTls.status).toBe(1)
      // the probe's own words, not one generic line
      expect(notTls.stderr).toMatch(/accepted no SSL or TLS version: not TLS: The server answered in plain HTTP \("HTTP\/1\.1 400 Bad Request"\)/)
      expect(notTls.stdout).toMatch(/^ {2}TLSv1\.3 +not offered$/m)
      expect(notTls.stdout).toMatch(/^Answer: not TLS: .*plain HTTP/m)
      expect(notTls.stdout).not.toMatch(/^Grade/m)
    } finally {
      plain.close()
    }
    const nohost = await runCli(['tls', 'scan', 'nohost'])
    expect(nohost.status).toBe(2)
    expect(nohost.stderr).toMatch(/HOST:PORT/)
    const badTimeout = await runCli(['tls', 'scan', '127.0.0.1:443', '--timeout', 'soon'])
    expect(badTimeout.status).toBe(2)
    expect(badTimeout.stderr).toMatch(/--timeout takes a number/)
    const bare = await runCli(['tls'])
    expect(bare.status).toBe(2)
    expect(bare.stderr).toMatch(/tls scan HOST:PORT/)
  }, 40_000)
})
