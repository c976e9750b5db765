// "Send every N ms" is bounded: it stops at its count, at a failed send, and when stopped, never sending on after.
import { describe, expect, it } from 'vitest'
import { repeatPlan, repeats, startRepeat, stopRepeat } from './repeat-sender'

const payload = { format: 'text' as const, data: 'ping', lineEnding: 'lf' as const }
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('repeat sender', () => {
  it('sends exactly the count asked for, then stops', async () => {
    let sends = 0
    startRepeat('a', payload, 10, 3, async () => (++sends, true))
    await wait(120)
    expect(sends).toBe(3)
    expect(repeats.get().a).toMatchObject({ sent: 3, running: false, stopped: null })
  })

  it('stops at the first failed send and says why', async () => {
    let sends = 0
    startRepeat('b', payload, 10, 100, async () => ++sends < 2)
    await wait(120)
    expect(sends).toBe(2)
    expect(repeats.get().b).toMatchObject({ running: false, stopped: 'Stopped: a send failed.' })
  })

  it('sends nothing more once stopped, even with a send in flight', async () => {
    let sends = 0
    startRepeat('c', payload, 10, 100, async () => (++sends, await wait(15), true))
    await wait(5)
    stopRepeat('c')
    await wait(80)
    expect(sends).toBe(1)
  })

  it('refuses intervals and counts outside its bounds in words', () => {
    expect(repeatPlan('5', '10')).toHaveProperty('error')
    expect(repeatPlan('1000', '0')).toHaveProperty('error')
    expect(repeatPlan('1000', '1e9')).toHaveProperty('error')
    expect(repeatPlan('250', '4')).toEqual({ everyMs: 250, max: 4 })
  })
})
