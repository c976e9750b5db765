// tcp.connect is a job: a TLS connect stuck in its handshake (a server that accepts and never answers) is cancelled
// in main, the peer sees the socket close, and nothing is left open; a connect that succeeds is an ordinary result.
import { afterAll, describe, expect, it } from 'vitest'
import type { ConnectionInfo, JobStarted } from '../../shared/contract'
import { testSession } from '../testing/sessions'
import { silentServer } from '../testing/tls-servers'

const { session, call, seen } = testSession()
afterAll(() => session.dispose())

describe('tcp.connect as a job', () => {
  it('cancelling a connect stuck in the TLS handshake ends it with CANCELLED and closes the socket in main', async () => {
    const silent = await silentServer()
    try {
      const started = await session.router.call('tcp.connect', { host: '127.0.0.1', port: silent.port, timeoutMs: 30_000, tls: { verify: false } })
      if (!started.ok) throw new Error(started.error.message)
      const { jobId } = started.value as JobStarted
      for (let i = 0; i < 200 && silent.accepted.length === 0; i++) await new Promise((r) => setTimeout(r, 5))
      expect(silent.accepted).toHaveLength(1)
      const asked = performance.now()
      expect(await call('job.cancel', { jobId })).toEqual({ ok: true, value: { ok: true } })
      const ended = () => seen.find((e) => e.name === 'job.finished' && (e.payload as { jobId: string }).jobId === jobId)
      for (let i = 0; i < 200 && !ended(); i++) await new Promise((r) => setTimeout(r, 5))
      expect(performance.now() - asked).toBeLessThan(1000)
      expect(ended()?.payload).toMatchObject({ jobId, error: { code: 'CANCELLED' } })
      const socket = silent.accepted[0]!
      for (let i = 0; i < 200 && !socket.readableEnded && !socket.destroyed; i++) await new Promise((r) => setTimeout(r, 5))
      expect(socket.readableEnded || socket.destroyed).toBe(true)
      expect(await call('tcp.list', {})).toEqual({ ok: true, value: [] })
    } finally {
      await silent.close()
    }
  })

  it('a connect that succeeds answers its connection through job.finished', async () => {
    const silent = await silentServer()
    try {
      const r = await call('tcp.connect', { host: '127.0.0.1', port: silent.port })
      expect(r.ok).toBe(true)
      const info = (r as { value: ConnectionInfo }).value
      expect(info).toMatchObject({ protocol: 'tcp', remoteAddress: '127.0.0.1', remotePort: silent.port })
      expect(await call('tcp.list', {})).toMatchObject({ ok: true, value: [{ id: info.id }] })
      await call('tcp.close', { id: info.id })
    } finally {
      await silent.close()
    }
  })
})
