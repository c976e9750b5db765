// Address library: address, checked against the RFCs and CPython's ipaddress where they define the answer.
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { WirebenchError } from '../errors'
import {
  IPV6_ALL_ONES,
  addressFromBytes,
  addressToBytes,
  compareAddresses,
  ipv4,
  ipv4Mapped,
  ipv6,
  parseAddress,
  parseIPv4,
  parseIPv6
} from './address'
import { explodeAddress, formatAddress } from './format'
import { parseAddressOrThrow } from './index'

function accepted(text: string): bigint {
  const r = parseAddress(text)
  if (!r.ok) throw new Error(`expected ${text} to parse: ${r.error}`)
  return BigInt(r.value.value)
}

function rejected(text: string): string {
  const r = parseAddress(text)
  if (r.ok) throw new Error(`expected ${text} to be rejected`)
  return r.error
}

describe('IPv4 parsing (strict, as Go net/netip and CPython ipaddress)', () => {
  test.each([
    ['0.0.0.0', 0n],
    ['1.2.3.4', 0x01020304n],
    ['192.168.0.1', 0xc0a80001n],
    ['255.255.255.255', 0xffffffffn],
    ['10.0.0.0', 0x0a000000n]
  ])('%s', (text, value) => {
    expect(accepted(text)).toBe(value)
    expect(parseIPv4(text).ok).toBe(true)
  })

  test.each([
    ['010.0.0.1', "octet 1 of '010.0.0.1' has a leading zero ('010')"],
    ['1.2.3.04', "octet 4 of '1.2.3.04' has a leading zero ('04')"],
    ['1.300.0.1', "octet 2 of '1.300.0.1' is over 255"],
    ['1.2.3.256', "octet 4 of '1.2.3.256' is over 255"],
    ['1.2.3.1000', "octet 4 of '1.2.3.1000' is over 255"],
    ['127.1', "'127.1' has 2 octets; an IPv4 address needs exactly 4 (shorthand such as '127.1' is not accepted)"],
    ['1.2.3', "'1.2.3' has 3 octets"],
    ['1.2.3.4.5', "'1.2.3.4.5' has 5 octets"],
    ['1.2..4', "octet 3 of '1.2..4' is empty"],
    ['.1.2.3', "octet 1 of '.1.2.3' is empty"],
    ['1.2.3.', "octet 4 of '1.2.3.' is empty"],
    ['1.2.3.x', "octet 4 of '1.2.3.x' contains 'x', which is not a decimal digit"],
    ['1.2.3.4 ', "octet 4 of '1.2.3.4 ' contains a space"],
    ['+1.2.3.4', "octet 1 of '+1.2.3.4' contains '+'"],
    ['1.2.3.4/24', "contains '/', but an address has no prefix length here"],
    ['1.2.3.٤', "octet 4 of '1.2.3.٤' contains '٤', which is not a decimal digit"],
    ['0x1.2.3.4', "octet 1 of '0x1.2.3.4' contains 'x'"],
    ['', 'the address is empty']
  ])('rejects %j', (text, message) => {
    expect(rejected(text)).toContain(message)
  })
})

describe('IPv6 parsing', () => {
  test.each([
    ['::', 0n],
    ['::1', 1n],
    ['1::', 1n << 112n],
    ['2001:db8::1', 0x20010db8000000000000000000000001n],
    ['2001:DB8::ABCD', 0x20010db800000000000000000000abcdn],
    ['2001:0db8:0000:0000:0000:0000:0000:0001', 0x20010db8000000000000000000000001n],
    ['1:2:3:4:5:6:7:8', 0x00010002000300040005000600070008n],
    ['1:2:3:4:5:6:7::', 0x00010002000300040005000600070000n],
    ['::2:3:4:5:6:7:8', 0x00000002000300040005000600070008n],
    ['ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', IPV6_ALL_ONES],
    ['::ffff:1.2.3.4', 0xffff01020304n],
    ['::FFFF:1.2.3.4', 0xffff01020304n],
    ['64:ff9b::1.2.3.4', 0x0064ff9b000000000000000001020304n],
    ['::1.2.3.4', 0x01020304n],
    ['1:2:3:4:5:6:1.2.3.4', 0x00010002000300040005000601020304n],
    ['0000:0000:0000:0000:0000:ffff:255.255.255.255', 0xffffffffffffn]
  ])('%s', (text, value) => {
    expect(accepted(text)).toBe(value)
  })

  test('keeps the zone', () => {
    const r = parseIPv6('fe80::1%eth0')
    expect(r).toEqual({ ok: true, value: { version: 6, value: 0xfe800000000000000000000000000001n, zone: 'eth0' } })
    expect(parseAddress('fe80::1%25').ok).toBe(true)
    expect(parseAddress('::ffff:1.2.3.4%en0').ok).toBe(true)
  })

  test.each([
    ['1::2::3', "'1::2::3' has more than one '::'"],
    [':1::', "':1::' starts with a single ':'"],
    ['1::2:', "'1::2:' ends with a single ':'"],
    [':::', "has an empty group at position 1"],
    ['1:2:3:4:5:6:7', "'1:2:3:4:5:6:7' has 7 groups; an IPv6 address needs 8, or '::'"],
    ['1:2:3:4:5:6:7:8:9', 'has more than 8 groups'],
    ['1:2:3:4:5:6:7:8::', "has 8 groups and a '::', which must stand for at least one zero group"],
    ['::1:2:3:4:5:6:7:8', "has 8 groups and a '::'"],
    ['12345::', "group 1 of '12345::' ('12345') has more than 4 hex digits"],
    ['1:g::', "group 2 of '1:g::' contains 'g', which is not a hex digit"],
    ['1:2x::', "group 2 of '1:2x::' contains 'x'"],
    ['1.2.3.4::', "the dotted IPv4 part of '1.2.3.4::' is not at the end"],
    ['::1.2.3.04', "octet 4 of '1.2.3.04' (the IPv4 part of '::1.2.3.04') has a leading zero"],
    ['::ffff:1.300.0.1', "octet 2 of '1.300.0.1' (the IPv4 part of '::ffff:1.300.0.1') is over 255"],
    ['::ffff:1.2.3', 'has 3 octets'],
    ['1:2:3:4:5:6:7:1.2.3.4', 'has too many groups before its IPv4 part'],
    ['1:2:3:4:5:1.2.3.4', "has 5 groups before its IPv4 part; without '::' it needs exactly 6"],
    ['fe80::1%', "the zone after '%' in 'fe80::1%' is empty"],
    ['fe80::1%a%b', "has more than one '%'"],
    ['%eth0', "octet 1 of '%eth0' contains '%'"],
    ['2001:db8::/32', "contains '/'"],
    [' ::1', "group 1 of ' ::1' contains a space"]
  ])('rejects %j', (text, message) => {
    expect(rejected(text)).toContain(message)
  })

  test('the throwing twin throws a WirebenchError with code INVALID_ADDRESS', () => {
    expect(() => parseAddressOrThrow('1.300.0.1')).toThrowError(WirebenchError)
    try {
      parseAddressOrThrow('1.300.0.1')
    } catch (e) {
      expect((e as WirebenchError).code).toBe('INVALID_ADDRESS')
      expect((e as WirebenchError).message).toBe("octet 2 of '1.300.0.1' is over 255")
    }
  })

  test('error messages quote long input shortened', () => {
    const error = rejected('1.2.3.' + '9'.repeat(500))
    expect(error.length).toBeLessThan(200)
  })
})

describe('values, bytes and ordering', () => {
  test('bytes round-trip in network order', () => {
    expect(Array.from(addressToBytes(ipv4(0xc0a80001)))).toEqual([192, 168, 0, 1])
    const v6 = parseAddressOrThrow('2001:db8::ff')
    expect(Array.from(addressToBytes(v6))).toEqual([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff])
    expect(addressFromBytes(addressToBytes(v6))).toEqual({ ok: true, value: { version: 6, value: v6.value, zone: null } })
    expect(addressFromBytes(new Uint8Array(5)).ok).toBe(false)
  })

  test('constructors check their range', () => {
    expect(() => ipv4(-1)).toThrow(RangeError)
    expect(() => ipv4(2 ** 32)).toThrow(RangeError)
    expect(() => ipv4(1.5)).toThrow(RangeError)
    expect(() => ipv6(1n << 128n)).toThrow(RangeError)
  })

  test('ipv4Mapped finds the IPv4 address in ::ffff:0:0/96 only', () => {
    expect(ipv4Mapped(parseAddressOrThrow('::ffff:10.0.0.1'))).toEqual({ version: 4, value: 0x0a000001 })
    expect(ipv4Mapped(parseAddressOrThrow('::fffe:10.0.0.1'))).toBeNull()
    expect(ipv4Mapped(parseAddressOrThrow('1::ffff:10.0.0.1'))).toBeNull()
    expect(ipv4Mapped(parseAddressOrThrow('10.0.0.1'))).toBeNull()
  })

  test('compareAddresses orders IPv4 before IPv6, then by value', () => {
    const list = ['::1', '10.0.0.2', '10.0.0.1', '::'].map(parseAddressOrThrow).sort(compareAddresses)
    expect(list.map(formatAddress)).toEqual(['10.0.0.1', '10.0.0.2', '::', '::1'])
  })
})

// Hextet lists biased towards zeros, so runs of zeros (the interesting case for '::') are common.
const hextetsArb = fc.array(fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 0, max: 0xffff })), { minLength: 8, maxLength: 8 })
const toValue = (groups: number[]) => groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n)

describe('round-trip properties', () => {
  test('IPv4: value → text → value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (v) => {
        const text = formatAddress(ipv4(v))
        expect(parseIPv4(text)).toEqual({ ok: true, value: { version: 4, value: v } })
      }),
      { numRuns: 2000 }
    )
  })

  test('IPv6: value → compressed text → value, and the text is canonical', () => {
    fc.assert(
      fc.property(hextetsArb, (groups) => {
        const value = toValue(groups)
        const text = formatAddress(ipv6(value))
        const back = parseIPv6(text)
        expect(back.ok && back.value.value).toBe(value)
        expect(text).toBe(text.toLowerCase())
        expect(text.split('::').length).toBeLessThanOrEqual(2)
        if (back.ok) expect(formatAddress(back.value)).toBe(text)
      }),
      { numRuns: 2000 }
    )
  })

  test('IPv6: any spelling (exploded, uppercase, uncompressed) parses to the same value and formats canonically', () => {
    fc.assert(
      fc.property(hextetsArb, fc.boolean(), (groups, upper) => {
        const value = toValue(groups)
        const canonical = formatAddress(ipv6(value))
        const plain = groups.map((g) => g.toString(16)).join(':')
        for (let spelling of [explodeAddress(ipv6(value)), plain]) {
          if (upper) spelling = spelling.toUpperCase()
          const r = parseIPv6(spelling)
          expect(r.ok && r.value.value, spelling).toBe(value)
          if (r.ok) expect(formatAddress(r.value)).toBe(canonical)
        }
      }),
      { numRuns: 1000 }
    )
  })

  test('random bigint values round-trip with a zone', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: IPV6_ALL_ONES }), fc.stringMatching(/^[a-z][a-z0-9.]{0,8}$/), (value, zone) => {
        const text = formatAddress(ipv6(value, zone))
        expect(parseIPv6(text)).toEqual({ ok: true, value: { version: 6, value, zone } })
      }),
      { numRuns: 1000 }
    )
  })
})
