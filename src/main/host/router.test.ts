import { describe, expect, it } from 'vitest'
import { createSession } from './session'
import { WirebenchError } from '../../shared/errors'
import { createRouter, type Handlers } from './router'

describe('router', () => {
  const session = createSession(() => {}, 'browser')

  it('rejects unknown methods with a stable code', async () => {
    expect(await session.router.call('fs.readFile', {})).toEqual({ ok: false, error: { code: 'UNKNOWN_METHOD', message: 'Unknown method: fs.readFile' } })
    expect(await session.router.call('__proto__', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } })
    expect(await session.router.call(42, {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } })
  })

  it('validates input before an engine sees it, naming the field', async () => {
    const r = await session.router.call('tcp.connect', { host: 'localhost', port: 70000 })
    expect(r).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: 'port: A port is a whole number from 0 to 65535.' } })
    const extra = await session.router.call('tcp.close', { id: 'c1', evil: true })
    expect(extra).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
  })

  it('returns engine failures as values with explanations', async () => {
    const r = await session.router.call('tcp.send', { id: 'nope', payload: { data: 'x' } })
    expect(r).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'No open connection nope.' } })
  })

  it('maps thrown WirebenchErrors and unexpected errors alike', async () => {
    const handlers = { 'app.info': () => { throw new WirebenchError('INVALID_HEX', 'bad hex') } } as unknown as Handlers
    expect(await createRouter(handlers).call('app.info', {})).toEqual({ ok: false, error: { code: 'INVALID_HEX', message: 'bad hex' } })
    const crashing = { 'app.info': () => { throw new TypeError('boom') } } as unknown as Handlers
    expect(await createRouter(crashing).call('app.info', {})).toMatchObject({ ok: false, error: { code: 'INTERNAL', detail: 'boom' } })
  })
})
