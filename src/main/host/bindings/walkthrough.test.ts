// The walk.* methods through a session, as the page calls them: walk.record (a job, with progress) against nginx on
// loopback, then walk.list, walk.export (key log, JSON, HTML; pcapng refused without packets), walk.forget.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { WalkExport } from '../../../shared/contract'
import type { Walkthrough } from '../../../shared/walkthrough/model'
import { startNginx, type NginxServer } from '../../testing/nginx'
import { testSession } from '../../testing/sessions'

const t = testSession()
let nginx: NginxServer

beforeAll(async () => {
  nginx = await startNginx({ hosts: ['bound.test'], bigFileMiB: 0.01 })
}, 20_000)
afterAll(async () => {
  await t.session.dispose()
  await nginx?.stop()
})

const decode = (r: unknown): string => Buffer.from(((r as { value: WalkExport }).value).dataBase64, 'base64').toString()

describe('walk.* through a session', () => {
  it('records, lists, exports and forgets a walkthrough', async () => {
    const r = await t.call('walk.record', { url: `https://bound.test:${nginx.httpsPort}/`, address: '127.0.0.1', caPem: nginx.caPem, capture: false, protocol: 'http1.1' })
    expect(r.ok).toBe(true)
    const w = (r as { value: Walkthrough }).value
    expect(w.tls?.decrypted).toBe(true)
    expect(t.seen.some((e) => e.name === 'job.progress')).toBe(true)
    expect(await t.call('walk.list', {})).toEqual({ ok: true, value: [{ id: w.id, url: w.url, startedAt: w.startedAt, steps: w.steps.length }] })

    const keylog = await t.call('walk.export', { id: w.id, format: 'keylog' })
    expect(keylog).toMatchObject({ ok: true, value: { mime: 'text/plain' } })
    expect(decode(keylog)).toBe(w.keylog)
    expect(JSON.parse(decode(await t.call('walk.export', { id: w.id, format: 'json' }))).steps).toHaveLength(w.steps.length)
    expect(decode(await t.call('walk.export', { id: w.id, format: 'html' }))).toMatch(/bound\.test/)
    expect(await t.call('walk.export', { id: w.id, format: 'pcapng' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringMatching(/No packets were captured/) } })

    expect(await t.call('walk.forget', { id: w.id })).toEqual({ ok: true, value: { ok: true } })
    expect(await t.call('walk.list', {})).toEqual({ ok: true, value: [] })
    expect(await t.call('walk.export', { id: w.id, format: 'json' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
  })

  it('sends a raw request from the HTTP tab as it is', async () => {
    const raw = Buffer.from('GET /new HTTP/1.1\r\nHost: bound.test\r\nX-From: raw\r\nConnection: close\r\n\r\n').toString('base64')
    const r = await t.call('walk.record', { url: `https://bound.test:${nginx.httpsPort}/`, address: '127.0.0.1', caPem: nginx.caPem, capture: false, protocol: 'http1.1', rawRequestBase64: raw })
    const w = (r as { value: Walkthrough }).value
    const hex = (kind: string): string => Buffer.from(w.steps.find((s) => s.kind === kind)!.bytesHex, 'hex').toString()
    expect(hex('http-request')).toBe(Buffer.from(raw, 'base64').toString())
    expect(hex('http-response')).toMatch(/^HTTP\/1\.1 200 OK[\s\S]*\r\n\r\nnew\n$/)
  })

  it('sends the page a summary without bytes and gives each step in full when asked (walk.step)', async () => {
    const r = await t.call('walk.record', { url: `https://bound.test:${nginx.httpsPort}/`, address: '127.0.0.1', caPem: nginx.caPem, capture: false, protocol: 'http1.1', detail: 'summary' })
    const w = (r as { value: Walkthrough }).value
    const full = JSON.parse(decode(await t.call('walk.export', { id: w.id, format: 'json' }))) as Walkthrough
    expect(w.steps.map((s) => s.title)).toEqual(full.steps.map((s) => s.title))
    expect(w.steps.every((s) => s.bytesHex === '' && s.spans.length === 0 && s.wireHex === undefined)).toBe(true)
    const hello = w.steps.find((s) => s.kind === 'tls-client-hello')!
    const fullHello = full.steps.find((s) => s.kind === 'tls-client-hello')!
    expect(hello).toMatchObject({ hasDetail: true, byteLength: fullHello.bytesHex.length / 2 })
    expect(hello.byteLength).toBeGreaterThan(100)
    expect(await t.call('walk.step', { id: w.id, step: hello.id })).toEqual({ ok: true, value: fullHello })
    // A decrypted step comes back with its record as on the wire too.
    const cert = w.steps.find((s) => s.kind === 'tls-certificate')!
    const got = (await t.call('walk.step', { id: w.id, step: cert.id })) as { value: Walkthrough['steps'][number] }
    expect(got.value.wireHex).toMatch(/^17/)
    expect(got.value.spans.length).toBeGreaterThan(0)
    expect(await t.call('walk.step', { id: w.id, step: 's99999' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect(await t.call('walk.step', { id: 'nope', step: hello.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect(await t.call('walk.step', { id: w.id, step: '' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
  })

  it('rejects input the contract does not allow before anything is sent', async () => {
    expect(await t.call('walk.record', { url: 'https://bound.test/', protocol: 'http3' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    expect(await t.call('walk.record', { url: 'ftp://bound.test/', capture: false })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
  })
})
