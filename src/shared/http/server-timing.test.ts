// Server-Timing as W3C Server Timing §3/§4 reads it: the spec's own examples, first dur/desc wins, quoted commas,
// several fields joined, and the caps that keep a hostile header small.
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { SERVER_TIMING_LIMITS, parseServerTiming, serverTimingFrom } from './server-timing'

describe('Server-Timing', () => {
  it('reads the spec examples: names, durations, descriptions', () => {
    const r = parseServerTiming(['miss, db;dur=53, app;dur=47.2', 'customView, dc;desc=atl', 'cache;desc="Cache Read";dur=23.2'])
    expect(r.metrics.map((m) => [m.name, m.durationMs, m.description])).toEqual([
      ['miss', 0, ''],
      ['db', 53, ''],
      ['app', 47.2, ''],
      ['customView', 0, ''],
      ['dc', 0, 'atl'],
      ['cache', 23.2, 'Cache Read']
    ])
    expect(r.metrics[0]!.hasDuration).toBe(false)
    expect(r.metrics[1]!.hasDuration).toBe(true)
    expect(r.notes).toEqual([])
  })

  it('keeps the first dur and desc, and commas or semicolons inside quotes', () => {
    const r = parseServerTiming(['total;dur=12;dur=99;desc="a, b; c";desc=second, x;DUR=3'])
    expect(r.metrics).toEqual([
      { name: 'total', durationMs: 12, hasDuration: true, description: 'a, b; c' },
      { name: 'x', durationMs: 3, hasDuration: true, description: '' }
    ])
  })

  it('says what it skipped: a bad name, a dur that is not a number', () => {
    const r = parseServerTiming(['"quoted";dur=1, ok;dur=abc'])
    expect(r.metrics.map((m) => [m.name, m.durationMs])).toEqual([['ok', 0]])
    expect(r.notes.join(' ')).toMatch(/not a metric name/)
    expect(r.notes.join(' ')).toMatch(/not a number/)
  })

  it('finds the field among headers case-insensitively', () => {
    const r = serverTimingFrom([['Content-Type', 'text/plain'], ['server-timing', 'db;dur=5'], ['Server-Timing', 'app;dur=7']])
    expect(r.metrics.map((m) => m.name)).toEqual(['db', 'app'])
  })

  it('caps a hostile header: metric count, header length, description length', () => {
    const many = parseServerTiming([Array.from({ length: 10_000 }, (_, i) => `m${i};dur=1`).join(',')])
    expect(many.metrics.length).toBe(SERVER_TIMING_LIMITS.maxMetrics)
    expect(many.notes.join(' ')).toMatch(/only the first 16 KiB/)
    const long = parseServerTiming([`x;desc="${'d'.repeat(5000)}"`])
    expect(long.metrics[0]!.description.length).toBeLessThanOrEqual(SERVER_TIMING_LIMITS.maxDescriptionChars + 1)
  })

  it('never throws on any text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (s) => void parseServerTiming([s])))
  })
})
