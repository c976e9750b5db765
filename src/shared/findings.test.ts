// The one finding shape: lists show the worst first without reshuffling equals, and counts drive the status flags.
import { describe, expect, it } from 'vitest'
import { type Finding, countBySeverity, sortFindings } from './findings'

const f = (severity: Finding['severity'], code: string): Finding => ({ severity, code, message: code })

describe('findings', () => {
  it('sorts errors before warnings before info before ok, keeping the producer’s order among equals', () => {
    const sorted = sortFindings([f('info', 'A'), f('warning', 'B'), f('error', 'C'), f('warning', 'D'), f('ok', 'E'), f('error', 'F')])
    expect(sorted.map((x) => x.code)).toEqual(['C', 'F', 'B', 'D', 'A', 'E'])
  })
  it('counts by severity', () => {
    expect(countBySeverity([f('error', 'A'), f('error', 'B'), f('info', 'C')])).toEqual({ error: 2, warning: 0, info: 1, ok: 0 })
  })
})
