// The warm-up walks must run the paths a real walk runs (records opened, handshake checked, HTTP/1.1 and HTTP/2
// explained), or the worker would be warm in the wrong places; and they must be quick enough for an idle moment.
import { describe, expect, it } from 'vitest'
import { analyseWalk } from './analyse'
import { warmJob, warmUpWalk } from './warm-up'

describe('the analysis warm-up', () => {
  it.each([false, true])('explains its walk as a real one is explained (HTTP/2: %s)', (h2) => {
    const r = analyseWalk(warmJob(h2, 0).job)
    expect(r.tls).toMatchObject({ version: 'TLSv1.3', decrypted: true })
    const titles = r.steps.map((s) => s.title)
    expect(titles.filter((t) => /checked here/.test(t))).toHaveLength(3) // both Finished, the CertificateVerify
    expect(r.steps.find((s) => s.kind === 'http-response')?.title).toBe(`HTTP response: ${h2 ? 'HTTP/2' : 'HTTP/1.1'} 200 OK`)
    expect(r.steps.find((s) => s.kind === 'http-request')?.spans.length).toBeGreaterThan(1)
    expect(r.findings.filter((f) => f.severity === 'error')).toEqual([])
  })

  it('explains the packets a capture gives, as segments of its connection', () => {
    const r = analyseWalk(warmJob(false, 0, true).job)
    expect(r.capture).toBe('packets')
    const kinds = r.steps.map((s) => s.kind)
    expect(kinds.slice(0, 4)).toEqual(['tcp-connect', 'tcp-syn', 'tcp-synack', 'tcp-ack'])
    expect(JSON.stringify(r.steps.find((s) => s.kind === 'tcp-syn')?.spans)).toMatch(/65495/) // the MSS option read
    expect(r.steps.filter((s) => /FIN/.test(s.title))).toHaveLength(2)
    expect(r.findings.filter((f) => f.severity === 'error')).toEqual([])
  })

  it('runs a walk in milliseconds', () => {
    const t0 = performance.now()
    for (let i = 0; i < 10; i++) warmUpWalk(i)
    expect((performance.now() - t0) / 10).toBeLessThan(250)
  })
})
