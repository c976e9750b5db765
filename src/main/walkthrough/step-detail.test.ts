// Steps whose detail crossed from the analysis worker still encoded read exactly like plain steps (JSON, clones,
// spreads, field order), the page's summary of them needs no decoding, and a step decodes only its own part.
import { deserialize, serialize } from 'node:v8'
import { describe, expect, it } from 'vitest'
import type { WalkStep } from '../../shared/walkthrough/model'
import { summaryStep } from './held'
import { packSteps, unpackSteps, type PackedSteps } from './step-detail'

const step = (i: number, more: Partial<WalkStep> = {}): WalkStep => ({
  id: `s${i}`,
  layer: 'presentation',
  kind: 'tls-certificate',
  title: `Step ${i}`,
  startMs: i,
  durationMs: 1,
  from: 'server',
  to: 'client',
  direction: 'server→client',
  bytesHex: '0b0000'.repeat(i + 1),
  spans: [{ offset: 0, length: 1, name: 'Handshake type', value: '11', children: [{ offset: 0, length: 1, name: 'bit' }] }],
  explain: 'The server sends its certificate chain.',
  source: 'RFC 8446 §4.4.2',
  decrypted: true,
  wireHex: '17030300'.repeat(i + 1),
  calculations: [{ title: 'keys', source: 'RFC 8446 §7.3', rows: [] } as never],
  ...more
})

function roundTrip(steps: WalkStep[]): WalkStep[] {
  // as the worker's reply arrives: structured-cloned
  return unpackSteps(deserialize(serialize(packSteps(steps))) as PackedSteps)
}

describe('step detail decoded when read', () => {
  const plain = [step(0), step(1, { wireHex: undefined }), step(2, { bytesHex: '', spans: [], wireHex: undefined, kind: 'tcp-connect' })]
  delete plain[1]!.wireHex
  delete plain[2]!.wireHex

  it('reads, prints and clones exactly as the steps it came from', () => {
    const lazy = roundTrip(plain)
    expect(JSON.stringify(lazy)).toBe(JSON.stringify(plain))
    expect(lazy).toEqual(plain)
    expect(structuredClone(roundTrip(plain))).toEqual(plain)
    expect(roundTrip(plain).map((s) => ({ ...s }))).toEqual(plain)
    expect(Object.keys(roundTrip(plain)[0]!)).toEqual(Object.keys(plain[0]!))
  })

  it('summarises a step for the page without decoding it, as a decoded step is summarised', () => {
    const lazy = roundTrip(plain)
    const summaries = lazy.map(summaryStep)
    expect(summaries).toEqual(plain.map(summaryStep))
    expect(summaries[0]).toMatchObject({ bytesHex: '', spans: [], byteLength: 3, hasDetail: true })
    expect(summaries[0]).not.toHaveProperty('wireHex')
    // the step without bytes goes as it is
    expect(summaries[2]).toEqual(plain[2])
    // nothing was decoded: the detail is still an accessor
    expect(Object.getOwnPropertyDescriptor(lazy[0], 'bytesHex')?.get).toBeTypeOf('function')
  })

  it('decodes one step on its own, and keeps a value set on it', () => {
    const lazy = roundTrip(plain)
    expect(lazy[1]!.spans[0]!.children?.[0]?.name).toBe('bit')
    expect(Object.getOwnPropertyDescriptor(lazy[0], 'bytesHex')?.get).toBeTypeOf('function')
    lazy[0]!.bytesHex = 'ff'
    expect(lazy[0]!.bytesHex).toBe('ff')
    expect(lazy[0]!.wireHex).toBe(plain[0]!.wireHex)
    expect(summaryStep(lazy[0]!)).toMatchObject({ bytesHex: '', byteLength: 1, hasDetail: true })
  })
})
