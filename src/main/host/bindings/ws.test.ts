// The WebSocket methods through a session, as the page calls them: connect (a job) against our own ws-echo server
// from the Connections server list, frames arriving as events, ws.list for "Held by main", close, and a session's end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { WsFrameRow, WsInfo } from '../../../shared/contract'
import { testSession } from '../../testing/sessions'

const t = testSession()
let url = ''

beforeAll(async () => {
  const started = await t.call('server.start', { behaviour: 'ws-echo' })
  if (!started.ok) throw new Error(started.error.message)
  url = `ws://127.0.0.1:${(started.value as { port: number }).port}/`
})
afterAll(() => t.session.dispose())

const framesOf = (id: string): WsFrameRow[] =>
  t.seen.filter((e) => e.name === 'ws.frames' && (e.payload as { id: string }).id === id).flatMap((e) => (e.payload as { frames: WsFrameRow[] }).frames)

describe('ws.* through a session', () => {
  it('connects, streams frames as events, lists, sends ping and binary, and closes with words', async () => {
    const r = await t.call('ws.connect', { url, firstMessage: 'Bearer abc' })
    expect(r.ok).toBe(true)
    const info = (r as { value: WsInfo }).value
    expect(info.frames[0]).toMatchObject({ dir: 'sent', text: 'Bearer abc' })
    await expect.poll(() => framesOf(info.id).map((f) => `${f.dir} ${f.opcodeName} ${f.text ?? f.payloadBase64}`)).toContain('received text Bearer abc')

    const listed = await t.call('ws.list', {})
    expect(listed).toMatchObject({ ok: true, value: [{ id: info.id, url, state: 'open', frames: [] }] })

    expect(await t.call('ws.send', { id: info.id, kind: 'ping', data: Buffer.from('hi').toString('base64') })).toMatchObject({ ok: true, value: { frame: { opcodeName: 'ping' } } })
    expect(await t.call('ws.send', { id: info.id, kind: 'binary', data: 'AAEC' })).toMatchObject({ ok: true })
    await expect.poll(() => framesOf(info.id).filter((f) => f.dir === 'received').map((f) => f.opcodeName)).toEqual(['text', 'pong', 'binary'])
    const tooBig = await t.call('ws.send', { id: info.id, kind: 'ping', data: Buffer.alloc(126).toString('base64') })
    expect(tooBig).toMatchObject({ ok: false, error: { code: 'WS_BAD_FRAME' } })
    expect(await t.call('ws.close', { id: info.id, code: 1005 })).toMatchObject({ ok: false, error: { code: 'WS_BAD_FRAME' } })

    expect(await t.call('ws.close', { id: info.id, code: 4001, reason: 'done' })).toEqual({ ok: true, value: { ok: true } })
    await expect.poll(() => t.seen.find((e) => e.name === 'ws.closed')?.payload).toEqual({ id: info.id, code: 4001, reason: '', error: null })
    expect(await t.call('ws.list', {})).toEqual({ ok: true, value: [] })
    expect(await t.call('ws.send', { id: info.id, kind: 'text', data: 'late' })).toMatchObject({ ok: false, error: { code: 'WS_NOT_OPEN' } })
  })

  it('a failed upgrade is the job’s error in words', async () => {
    // A plain echo server sends our own GET back: that is no 101, and not even an HTTP response.
    const echo = await t.call('server.start', { behaviour: 'echo' })
    const port = (echo as { value: { port: number } }).value.port
    const r = await t.call('ws.connect', { url: `ws://127.0.0.1:${port}/`, timeoutMs: 2000 })
    expect(r).toMatchObject({ ok: false, error: { code: 'WS_UPGRADE_FAILED', message: expect.stringMatching(/not HTTP.*not 101 Switching Protocols/), detail: expect.stringMatching(/^GET \/ HTTP\/1\.1/) } })
  })
})
