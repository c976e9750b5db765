// The step builders' own rules, on bytes made here: records cut from tap chunks keep their first byte's arrival time,
// steps are put in time order with durations to what happened next, and decrypted bytes that differ from what the
// HTTP engine received are reported, never shown silently.
import { describe, expect, it } from 'vitest'
import type { TapChunk } from '../tls'
import { finalizeSteps, flattenFields, type StepDraft } from './steps-common'
import { httpSteps } from './steps-http'
import { timedRecords } from './steps-tls'

const record = (type: number, body: number[]): Buffer => Buffer.from([type, 3, 3, body.length >> 8, body.length & 255, ...body])

describe('timedRecords', () => {
  it('cuts each direction into records, timed by the chunk holding their first byte, and counts a cut-off tail', () => {
    const a = record(22, [1, 2, 3])
    const b = record(23, [9, 9, 9, 9])
    const both = Buffer.concat([a, b])
    const chunks: TapChunk[] = [
      { dir: 'out', at: 10, bytes: both.subarray(0, 6) },
      { dir: 'in', at: 12, bytes: record(22, [7]) },
      { dir: 'out', at: 20, bytes: both.subarray(6, 9) },
      { dir: 'out', at: 30, bytes: Buffer.concat([both.subarray(9), Buffer.from([23, 3])]) }
    ]
    const { records, leftover } = timedRecords(chunks)
    expect(records.map((r) => [r.from, r.at, Buffer.from(r.bytes).toString('hex')])).toEqual([
      ['client', 10, a.toString('hex')],
      ['server', 12, record(22, [7]).toString('hex')],
      ['client', 20, b.toString('hex')]
    ])
    expect(leftover).toEqual({ client: 2, server: 0 })
  })
})

describe('finalizeSteps', () => {
  const draft = (at: number, title: string, durationMs?: number): StepDraft => ({ at, title, layer: 'transport', kind: 'tcp-data', from: 'client', to: 'server', bytesHex: '', spans: [], explain: '', source: '', ...(durationMs === undefined ? {} : { durationMs }) })

  it('orders by time on the walkthrough clock, ids in order, each lasting until the next thing happened', () => {
    const steps = finalizeSteps([draft(105, 'c'), draft(100, 'a', 2), draft(103, 'b'), draft(103, 'b2')], 100)
    expect(steps.map((s) => [s.id, s.title, s.startMs, s.durationMs, s.direction])).toEqual([
      ['s1', 'a', 0, 2, 'client→server'],
      ['s2', 'b', 3, 2, 'client→server'],
      ['s3', 'b2', 3, 2, 'client→server'],
      ['s4', 'c', 5, 0, 'client→server']
    ])
  })

  it('starts a connect step no later than the first captured segment of its connection (kernel times before JS times)', () => {
    const connect: StepDraft = { ...draft(103, 'TCP connected', 2), kind: 'tcp-connect', connection: 51000 }
    const syn: StepDraft = { ...draft(102.5, 'TCP SYN'), kind: 'tcp-syn', connection: 51000 }
    const other: StepDraft = { ...draft(101, 'TCP SYN elsewhere'), kind: 'tcp-syn', connection: 52000 }
    const steps = finalizeSteps([syn, connect, other], 100)
    expect(steps.map((s) => [s.title, s.startMs, s.durationMs])).toEqual([
      ['TCP SYN elsewhere', 1, 1.5],
      ['TCP connected', 2.5, 2.5],
      ['TCP SYN', 2.5, 0]
    ])
    expect(steps[1]).not.toHaveProperty('connection')
  })

  it('keeps wire order among steps read at the same instant (one read carrying a whole TLS flight)', () => {
    const steps = finalizeSteps([{ ...draft(100, 'Finished'), seq: 5 }, draft(100, 'HTTP'), { ...draft(100, 'ServerHello'), seq: 1 }, { ...draft(100, 'ChangeCipherSpec'), seq: 2 }], 100)
    expect(steps.map((s) => s.title)).toEqual(['ServerHello', 'ChangeCipherSpec', 'Finished', 'HTTP'])
    expect(steps[0]).not.toHaveProperty('seq')
  })

  it('flattens spans depth-first for the CLI', () => {
    const fields = flattenFields([{ offset: 0, length: 4, name: 'A', value: 'x', children: [{ offset: 0, length: 1, name: 'A1', explain: 'why' }] }, { offset: 4, length: 1, name: 'B' }])
    expect(fields).toEqual([
      { name: 'A', offset: 0, length: 4, value: 'x', explain: '' },
      { name: 'A1', offset: 0, length: 1, value: '', explain: 'why' },
      { name: 'B', offset: 4, length: 1, value: '', explain: '' }
    ])
  })
})

describe('httpSteps', () => {
  const enc = (s: string): Uint8Array => new TextEncoder().encode(s)
  const response = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'
  const base = (got: string, engine: string) =>
    httpSteps({
      protocol: 'http1',
      request: { bytes: enc('GET / HTTP/1.1\r\nHost: a\r\n\r\n'), at: 1 },
      response: { bytes: enc(got), at: 3 },
      engine: { raw: enc(engine), total: engine.length, status: 200, reason: 'OK', version: 'HTTP/1.1' },
      tls: true,
      lastAt: 4
    })

  it('shows the request and response with HTTP/1.1 spans when the bytes agree', () => {
    const { drafts, findings } = base(response, response)
    expect(findings).toEqual([])
    expect(drafts.map((d) => [d.kind, d.title, d.durationMs])).toEqual([
      ['http-request', 'HTTP request: GET / HTTP/1.1', 2],
      ['http-response', 'HTTP response: HTTP/1.1 200 OK', 1]
    ])
    expect(JSON.stringify(drafts[1]!.spans)).toMatch(/Status line|status/i)
  })

  it('reports decrypted bytes that differ from what the engine received', () => {
    expect(base(response.replace('ok', 'no'), response).findings.map((f) => f.code)).toEqual(['WALK_BYTES_DIFFER'])
    expect(base(response.slice(0, 10), response).findings.map((f) => f.code)).toEqual(['WALK_BYTES_SHORT'])
  })

  it('says records that were not decrypted, not a capture cap, when nothing of the response could be read', () => {
    const f = base('', response).findings
    expect(f.map((x) => [x.code, x.severity])).toEqual([['WALK_BYTES_SHORT', 'info']])
    expect(f[0]!.message).toMatch(/were not decrypted/)
    expect(f[0]!.message).not.toMatch(/capped/)
  })
})
