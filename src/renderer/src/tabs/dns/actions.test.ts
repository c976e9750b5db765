// What the form sends: hex pasted from a capture is cleaned to bytes, and option fields that are not numbers are
// refused with words naming the field instead of reaching main.
import { describe, expect, it } from 'vitest'
import { cleanHex, hexToBytes, optionsInput, parseOtherTypes, splitResolvers, splitTypes } from './actions'
import { DEFAULT_OPTIONS } from './store'

describe('pasted hex', () => {
  it('drops spaces, colons, 0x and tcpdump/Wireshark offsets', () => {
    expect(cleanHex('0x12 0x34:01-00')).toBe('12340100')
    expect(cleanHex('0000  12 34 01 00 00 01\n0010  07 65')).toBe('12340100000107' + '65')
    expect(hexToBytes('123401')).toEqual(new Uint8Array([0x12, 0x34, 0x01]))
  })

  it('refuses odd lengths and non-hex digits', () => {
    expect(hexToBytes('123')).toBeNull()
    expect(hexToBytes('zz')).toBeNull()
  })
})

describe('query options', () => {
  it('become the contract input, empty optional fields left out', () => {
    const o = optionsInput(DEFAULT_OPTIONS)
    expect(o).toMatchObject({ rd: true, udpSize: 1232, timeoutMs: 3000, retries: 2 })
    expect(o).not.toHaveProperty('padding', expect.anything())
  })

  it('a field that is not a whole number is named in the error', () => {
    expect(optionsInput({ ...DEFAULT_OPTIONS, udpSize: '12k' })).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('EDNS buffer size') })
    expect(optionsInput({ ...DEFAULT_OPTIONS, timeoutMs: '-1' })).toMatchObject({ message: expect.stringContaining('timeout') })
  })

  it('resolvers are split on commas, blanks dropped', () => {
    expect(splitResolvers(' 127.0.0.1:53, ,tls://dns.example ')).toEqual(['127.0.0.1:53', 'tls://dns.example'])
  })
})

describe('types beyond the chips', () => {
  it('take mnemonics and RFC 3597 numbers, comma or space separated, once each', () => {
    expect(parseOtherTypes(' spf, TYPE65280 65280  spf')).toEqual(['SPF', 'TYPE65280', '65280'])
  })

  it('a bad one gets the engine\'s DNS_BAD_TYPE words', () => {
    expect(parseOtherTypes('SPF NOTATYPE')).toMatchObject({ code: 'DNS_BAD_TYPE', message: expect.stringContaining('"NOTATYPE" is not a DNS record type') })
    expect(parseOtherTypes('TYPE70000')).toMatchObject({ code: 'DNS_BAD_TYPE', message: expect.stringContaining('16 bits') })
  })

  it('a past query goes back into chips and the field', () => {
    expect(splitTypes(['A', 'SPF', 'MX', 'TYPE65280'])).toEqual({ types: ['A', 'MX'], otherTypes: 'SPF TYPE65280' })
  })
})
