// Jobs against a real long operation: reading from a loopback server that trickles bytes and never ends.
import { createServer, connect, type Server, type Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EventName, JobFinished, JobProgress, PayloadOf } from '../../shared/contract'
import { JobRunner, type JobContext } from './jobs'

let server: Server
let port = 0
const serverSockets = new Set<Socket>()

beforeAll(async () => {
  server = createServer((socket) => {
    serverSockets.add(socket)
    const timer = setInterval(() => socket.write('x'), 10)
    socket.on('close', () => {
      clearInterval(timer)
      serverSockets.delete(socket)
    })
    socket.on('error', () => undefined)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as { port: number }).port
})
afterAll(async () => {
  for (const s of serverSockets) s.destroy()
  await new Promise((resolve) => server.close(resolve))
})

/** The engine side of the job: reads until `want` bytes arrived or the signal aborts, reporting progress. */
function readBytes(want: number, { signal, progress }: JobContext): Promise<{ bytes: number }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    let bytes = 0
    signal.addEventListener('abort', () => socket.destroy(), { once: true })
    socket.on('data', (chunk) => {
      bytes += chunk.length
      progress({ done: bytes, total: want, message: `${bytes} of ${want} bytes` })
      if (bytes >= want) {
        socket.destroy()
        resolve({ bytes })
      }
    })
    socket.on('error', reject)
  })
}

function recorder() {
  const seen: { name: EventName; payload: unknown }[] = []
  const events = { emit: <E extends EventName>(name: E, payload: PayloadOf<E>) => void seen.push({ name, payload }) }
  const finished = (jobId: string) =>
    new Promise<JobFinished>((resolve) => {
      const check = setInterval(() => {
        const end = seen.find((e) => e.name === 'job.finished' && (e.payload as JobFinished).jobId === jobId)
        if (end) {
          clearInterval(check)
          resolve(end.payload as JobFinished)
        }
      }, 5)
    })
  const progressOf = (jobId: string) => seen.filter((e) => e.name === 'job.progress' && (e.payload as JobProgress).jobId === jobId).map((e) => e.payload as JobProgress)
  return { seen, events, finished, progressOf }
}

const until = async (condition: () => boolean, ms = 3000) => {
  const end = Date.now() + ms
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 5))
  }
}

describe('JobRunner', () => {
  it('answers an id at once, reports progress and ends with the result', async () => {
    const r = recorder()
    const jobs = new JobRunner(r.events)
    const { jobId } = jobs.start('test.read', (ctx) => readBytes(5, ctx))
    expect(jobs.list().map((j) => j.jobId)).toEqual([jobId])
    const end = await r.finished(jobId)
    expect(end).toEqual({ jobId, result: { bytes: expect.any(Number) } })
    expect((end as { result: { bytes: number } }).result.bytes).toBeGreaterThanOrEqual(5)
    expect(r.progressOf(jobId).at(-1)).toMatchObject({ total: 5, message: expect.stringMatching(/of 5 bytes/) })
    expect(jobs.list()).toEqual([])
  })

  it('cancel ends the job with a CANCELLED error value and the engine lets go of its socket', async () => {
    const r = recorder()
    const jobs = new JobRunner(r.events)
    const { jobId } = jobs.start('test.read', (ctx) => readBytes(1_000_000, ctx))
    await until(() => r.progressOf(jobId).length >= 3)
    expect(serverSockets.size).toBe(1)
    expect(jobs.cancel(jobId)).toEqual({ ok: true })
    const end = await r.finished(jobId)
    expect(end).toMatchObject({ jobId, error: { code: 'CANCELLED' } })
    await until(() => serverSockets.size === 0)
    const progressAtEnd = r.progressOf(jobId).length
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(r.progressOf(jobId).length).toBe(progressAtEnd)
    expect(() => jobs.cancel(jobId)).toThrow(/No running job/)
  })

  it('dispose aborts every running job, and no new job starts', async () => {
    const r = recorder()
    const jobs = new JobRunner(r.events)
    const a = jobs.start('test.read', (ctx) => readBytes(1_000_000, ctx))
    const b = jobs.start('test.read', (ctx) => readBytes(1_000_000, ctx))
    await until(() => serverSockets.size === 2)
    jobs.disposeAll()
    expect(await r.finished(a.jobId)).toMatchObject({ error: { code: 'CANCELLED', message: expect.stringContaining('window closed') } })
    expect(await r.finished(b.jobId)).toMatchObject({ error: { code: 'CANCELLED' } })
    await until(() => serverSockets.size === 0)
    expect(() => jobs.start('test.read', (ctx) => readBytes(1, ctx))).toThrow(/closing/)
  })

  it('an engine failure ends the job with its error value', async () => {
    const r = recorder()
    const jobs = new JobRunner(r.events)
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const deadPort = (closed.address() as { port: number }).port
    await new Promise((resolve) => closed.close(resolve))
    const { jobId } = jobs.start('test.connect', () => new Promise((_, reject) => connect(deadPort, '127.0.0.1').on('error', reject)))
    expect(await r.finished(jobId)).toMatchObject({ jobId, error: { code: 'ECONNREFUSED', message: expect.stringContaining('refused') } })
  })
})
