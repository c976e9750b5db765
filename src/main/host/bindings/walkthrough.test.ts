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

  it('rejects input the contract does not allow before anything is sent', async () => {
    expect(await t.call('walk.record', { url: 'https://bound.test/', protocol: 'http3' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    expect(await t.call('walk.record', { url: 'ftp://bound.test/', capture: false })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
  })
})
