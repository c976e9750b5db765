// The router: unknown methods, input validation, error values, and jobs started through it.
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { createSession } from './session'
import { WirebenchError } from '../../shared/errors'
import { jobMethods, type EventEnvelope, type JobFinished } from '../../shared/contract'
import { job } from '../../shared/contract/define'
import { JobRunner } from '../core/jobs'
import { createRouter, createRouterFor, type Handlers } from './router'

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

  it('starts a job: {jobId} at once, the result as job.finished; job.cancel ends it as CANCELLED', async () => {
    const seen: EventEnvelope[] = []
    const jobs = new JobRunner({ emit: (name, payload) => void seen.push({ name, payload } as EventEnvelope) })
    const table = { 'test.wait': job<{ waited: number }>()(z.object({ ms: z.number().int().max(10_000) }).strict(), 'Wait.'), ...jobMethods }
    const router = createRouterFor(
      table,
      {
        'test.wait': (input, ctx) =>
          new Promise((resolve) => {
            const { ms } = input as { ms: number }
            const timer = setTimeout(() => resolve({ waited: ms }), ms)
            ctx?.signal.addEventListener('abort', () => clearTimeout(timer))
          }),
        'job.cancel': (input) => jobs.cancel((input as { jobId: string }).jobId)
      },
      jobs
    )
    const finished = async (jobId: string) => {
      for (let i = 0; i < 400; i++) {
        const end = seen.find((e) => e.name === 'job.finished' && (e.payload as JobFinished).jobId === jobId)
        if (end) return end.payload
        await new Promise((r) => setTimeout(r, 5))
      }
      throw new Error('no job.finished')
    }
    expect(await router.call('test.wait', { ms: 'soon' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    const quick = await router.call('test.wait', { ms: 10 })
    expect(quick).toEqual({ ok: true, value: { jobId: expect.stringMatching(/^j\d+$/) } })
    const quickId = (quick as { value: { jobId: string } }).value.jobId
    expect(await finished(quickId)).toEqual({ jobId: quickId, result: { waited: 10 } })

    const slow = (await router.call('test.wait', { ms: 10_000 })) as { ok: true; value: { jobId: string } }
    expect(await router.call('job.cancel', { jobId: slow.value.jobId })).toEqual({ ok: true, value: { ok: true } })
    expect(await finished(slow.value.jobId)).toMatchObject({ error: { code: 'CANCELLED' } })
    expect(await router.call('job.cancel', { jobId: slow.value.jobId })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
  })

  it('a session lists no jobs at first and answers job.cancel of an unknown job with NOT_FOUND', async () => {
    const s = createSession(() => {}, 'browser')
    expect(await s.router.call('job.list', {})).toEqual({ ok: true, value: [] })
    expect(await s.router.call('job.cancel', { jobId: 'j999' })).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'No running job j999.' } })
    await s.dispose()
  })
})
