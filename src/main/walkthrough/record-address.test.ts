// When the recorder's live feed runs: only where a core is to spare for it, since on few cores shared with a server on
// this machine the worker's work would slow the request being recorded.
import { networkInterfaces } from 'node:os'
import { describe, expect, it } from 'vitest'
import { liveFeedPays } from './record-address'

describe('liveFeedPays', () => {
  it('is off on two cores when the server is on this machine (loopback, or one of its own addresses)', () => {
    expect(liveFeedPays(['127.0.0.1'], 2)).toBe(false)
    expect(liveFeedPays(['127.0.0.53', '::1'], 2)).toBe(false)
    expect(liveFeedPays(['[::1]'], 2)).toBe(false)
    expect(liveFeedPays(['::ffff:127.0.0.1'], 2)).toBe(false)
    // the same addresses spelt otherwise, and the unspecified ones (they reach this host)
    expect(liveFeedPays(['0:0:0:0:0:0:0:1'], 2)).toBe(false)
    expect(liveFeedPays(['::ffff:7f00:1'], 2)).toBe(false)
    expect(liveFeedPays(['0.0.0.0'], 2)).toBe(false)
    expect(liveFeedPays(['::'], 2)).toBe(false)
    const own = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && !i.internal)
    if (own) expect(liveFeedPays([own.address], 2)).toBe(false)
  })

  it('is on when the server is elsewhere (its waits leave a core idle), or with four cores or more', () => {
    expect(liveFeedPays(['192.0.2.10'], 2)).toBe(true)
    expect(liveFeedPays(['2001:db8::1', '127.0.0.1'], 2)).toBe(true)
    expect(liveFeedPays(['127.0.0.1'], 4)).toBe(true)
    expect(liveFeedPays(['127.0.0.1'], 16)).toBe(true)
  })
})
