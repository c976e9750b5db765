// decodeHex: a pasted message decodes like one from the wire; bad hex and oversize input are refused in words.
import { describe, expect, it } from 'vitest'
import { encodeQuery } from '../../shared/dns/query-encode'
import { toHex } from '../../shared/bytes'
import { decodeHex } from './decode'

describe('decodeHex', () => {
  it('decodes a query pasted as spaced hex with 0x prefixes', async () => {
    const bytes = encodeQuery({ id: 0xbeef, name: 'example.test', type: 'AAAA', rd: true, cd: false, ad: true, edns: { udpSize: 1232, do: true, nsid: false, cookie: false } })
    const m = await decodeHex(toHex(bytes, ' 0x').replace(/^/, '0x'))
    expect(m.id).toBe(0xbeef)
    expect(m.questions).toEqual([{ name: 'example.test.', type: 'AAAA', class: 'IN' }])
    expect(m.edns).toMatchObject({ udpSize: 1232, do: true })
  })

  it('refuses bad hex, nothing, and more than one message can hold', async () => {
    await expect(decodeHex('12 3')).rejects.toMatchObject({ code: 'INVALID_HEX' })
    await expect(decodeHex('  ')).rejects.toMatchObject({ code: 'INVALID_HEX', message: expect.stringMatching(/no bytes/) })
    await expect(decodeHex('00'.repeat(65_536))).rejects.toMatchObject({ code: 'TOO_LARGE', message: expect.stringMatching(/65,535 bytes/) })
    await expect(decodeHex('0'.repeat(500_000))).rejects.toMatchObject({ code: 'TOO_LARGE' })
    await expect(decodeHex('00 01 02')).rejects.toMatchObject({ code: 'DNS_MALFORMED' })
  })
})
