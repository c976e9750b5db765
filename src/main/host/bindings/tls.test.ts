// tls.* through a session, as the page calls them: tls.scan (a job with progress) against `openssl s_server` on
// loopback, then tls.scanMarkdown of the held scan; a target never scanned is NOT_FOUND, bad input INVALID_INPUT.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ScanResult } from '../../../shared/tls/scan-model'
import { testSession } from '../../testing/sessions'

const t = testSession()
let dir = ''
let server: ChildProcess | null = null
let port = 0

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wirebench-tls-binding-'))
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost',
    '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem'), '-days', '30'], { stdio: 'ignore' })
  const child = spawn('openssl', ['s_server', '-accept', '127.0.0.1:0', '-cert', join(dir, 'c.pem'), '-key', join(dir, 'k.pem'), '-www'], { stdio: ['ignore', 'pipe', 'pipe'] })
  server = child
  port = await new Promise<number>((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /ACCEPT 127\.0\.0\.1:(\d+)/.exec(out)
      if (m) resolve(Number(m[1]))
    })
    child.once('exit', (code) => reject(new Error(`s_server exited ${code}: ${out}`)))
  })
}, 20_000)

afterAll(async () => {
  await t.session.dispose()
  server?.kill()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('tls.* through a session', () => {
  it('scans as a job with progress, then exports the held scan as Markdown', async () => {
    const r = await t.call('tls.scan', { host: '127.0.0.1', port, sni: 'localhost' })
    expect(r.ok).toBe(true)
    const scan = (r as { value: ScanResult }).value
    expect(scan.protocols['TLSv1.3']).toBe(true)
    expect(t.seen.some((e) => e.name === 'job.progress')).toBe(true)
    const md = await t.call('tls.scanMarkdown', { host: scan.host, port: scan.port, sni: scan.sni })
    expect(md).toMatchObject({ ok: true, value: { filename: `tls-scan-127.0.0.1-${port}.md`, markdown: expect.stringContaining(`# TLS scan of 127.0.0.1:${port}`) } })
  }, 30_000)

  it('says NOT_FOUND for a target this session never scanned, and INVALID_INPUT for a bad port', async () => {
    expect(await t.call('tls.scanMarkdown', { host: 'example.com', port: 443, sni: null })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: expect.stringMatching(/scan it again/) } })
    expect(await t.call('tls.scan', { host: '127.0.0.1', port: 0 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringMatching(/^port:/) } })
  })
})
